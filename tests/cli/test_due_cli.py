"""``reviewdesk due``: what is due and overdue across reviews, run in-process through
``reviewdesk.cli.main`` (issue 18). The clocks run from the real today, so expectations are
worked out from it with the domain's own arithmetic, which tests/domain/test_clocks.py checks by
hand."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from reviewdesk.cli import main
from reviewdesk.domain.clocks import WorkingCalendar, add_working_days, working_days_between

EW = WorkingCalendar.england_and_wales()


def cli(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_an_empty_library_has_nothing_due(capsys, data: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(capsys, data, "due")
    assert code == 0
    assert out.startswith("Nothing is due or overdue.")
    code, out, _ = cli(capsys, data, "due", "--json")
    assert code == 0
    document = json.loads(out)
    assert document == {
        "format": "reviewdesk-due",
        "format_version": 1,
        "today": document["today"],
        "within": None,
        "steps": [],
    }
    assert date.fromisoformat(document["today"]) in (date.today(), date.today() - timedelta(1))


def test_the_demo_final_report_is_overdue_in_working_days(capsys, data: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli(capsys, data, "demo")[0] == 0
    today = date.today()
    code, out, _ = cli(capsys, data, "due", "--json")
    assert code == 0
    rows = json.loads(out)["steps"]
    assert [r["due_date"] for r in rows] == sorted(r["due_date"] for r in rows)
    final = next(r for r in rows if r["kind"] == "final_report")
    assert final["reference"] == "DEMO-2026-01"
    assert final["due_date"] == "2026-09-10"  # six months from the decision of 10 March 2026
    assert final["overdue"] is (today > date(2026, 9, 10))
    assert final["working_days_left"] == working_days_between(today, date(2026, 9, 10), EW)
    assert "6 months from the decision (10 Mar 2026)" in final["basis"]
    assert {r["kind"] for r in rows} == {"final_report", "action"}  # notified, rapid review held

    code, out, _ = cli(capsys, data, "due")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Review", "Step", "Due", "Working", "days", "left"]
    row = next(line for line in lines if "Final report" in line)
    assert row.startswith("DEMO-2026-01")
    assert "Thu 10 Sep 2026" in row
    assert row.endswith(f"{final['working_days_left']} (overdue)")
    assert f"{len(rows)} steps" in lines[-1]


def test_within_keeps_what_is_overdue_or_soon(capsys, data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli(capsys, data, "demo")
    today = date.today()
    soon, later = add_working_days(today, 3, EW), today + timedelta(days=120)
    for name, when in (("Alex Moss", soon), ("Jo Reed", later)):
        code, _out, err = cli(
            capsys,
            data,
            "pack",
            "DEMO-2026-01",
            "--contributor",
            name,
            "--output",
            str(tmp_path / f"{name.split()[0]}.rdpack"),
            "--no-encryption",
            "--return-by",
            f"{when.day}/{when.month}/{when.year}",
        )
        assert code == 0, err
    everything = json.loads(cli(capsys, data, "due", "--json")[1])["steps"]
    backs = {r["step"]: r for r in everything if r["kind"] == "pack_return"}
    assert backs["Contribution back from Alex Moss"]["working_days_left"] == 3
    assert backs["Contribution back from Jo Reed"]["due_date"] == later.isoformat()

    near = json.loads(cli(capsys, data, "due", "--json", "--within", "5")[1])["steps"]
    steps = [r["step"] for r in near]
    assert "Contribution back from Alex Moss" in steps
    assert "Contribution back from Jo Reed" not in steps
    assert all(r["overdue"] or r["working_days_left"] <= 5 for r in near)
    assert len(near) < len(everything)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("due", "--within", "soon"), "'soon' is not a whole number of days"),
        (("due", "--within", "-1"), "from 0 to 2000"),
        (
            ("pack", "X", "--contributor", "A", "-o", "x", "--return-by", "31/02/2027"),
            "'31/02/2027' is not a date",
        ),
    ],
)
def test_bad_input_is_told_plainly(capsys, data: Path, argv, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as stop:
        main(["--data-dir", str(data), *argv])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert not (data / "reviewdesk.sqlite3").exists()  # nothing was opened or made


def test_settings_keep_the_partnerships_closure_days_and_months(capsys, data: Path) -> None:  # type: ignore[no-untyped-def]
    cli(capsys, data, "demo")
    code, _out, err = cli(capsys, data, "settings", "--closure-days", "29/12/2026, next Friday")
    assert code == 1
    assert "'next Friday'" in err and "such as 29/12/2026" in err
    code, out, _ = cli(
        capsys,
        data,
        "settings",
        "--closure-days",
        "30/12/2026,29/12/2026",
        "--final-report-months",
        "9",
    )
    assert code == 0
    assert "Closure days: 29/12/2026, 30/12/2026" in out
    assert "Final report due: 9 months from the decision" in out
    rows = json.loads(cli(capsys, data, "due", "--json")[1])["steps"]
    final = next(r for r in rows if r["kind"] == "final_report")
    assert final["due_date"] == "2026-12-10"  # 10 March 2026 + 9 months
    code, out, _ = cli(capsys, data, "settings", "--closure-days", "none")
    assert code == 0 and "Closure days: none" in out
