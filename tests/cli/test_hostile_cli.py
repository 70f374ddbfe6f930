"""The command line with hostile input: a kind message and an exit status, never a traceback
(issue 16, part 5). In-process, to stay fast; tests/cli/test_cli.py runs the real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.cli import main

HUGE = "1" + "0" * 30


def _run(capsys, data: Path, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    try:
        code = main(["--data-dir", str(data), *args])
    except SystemExit as exc:  # argparse: wrong usage
        code = int(exc.code or 0)
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return code, out.out, out.err


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "show", "--limit", HUGE),
        ("audit", "show", "--limit", "1" + "0" * 5000),
        ("audit", "show", "--limit", "-3"),
        ("search", "home", "--limit", HUGE),
    ],
)
def test_a_huge_or_odd_limit_is_a_usage_message(capsys, tmp_path, args) -> None:
    code, _out, err = _run(capsys, tmp_path / "lib", *args)
    assert code == 2 and "is not a number from 1 to 1,000,000" in err


def test_a_marking_with_control_characters_is_refused_at_the_edge(capsys, tmp_path) -> None:
    data = tmp_path / "lib"
    assert _run(capsys, data, "demo")[0] == 0
    code, _out, err = _run(capsys, data, "settings", "--marking", "OFFICIAL\x01SENSITIVE")
    assert code == 1 and "printed on every page" in err
    code, out, _err = _run(capsys, data, "settings")
    assert "OFFICIAL-SENSITIVE" in out and "\x01" not in out
    out_file = tmp_path / "summary.docx"
    code, _out, err = _run(
        capsys, data, "export", "DEMO-2026-01", "--format", "docx", "-o", str(out_file)
    )
    assert code == 0, err
    assert out_file.read_bytes().startswith(b"PK")


def test_a_hostile_json_import_is_a_kind_message(capsys, tmp_path) -> None:
    data = tmp_path / "lib"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "reviewdesk-review", "format_version": ' + "9" * 5000 + "}")
    code, _out, err = _run(capsys, data, "import", str(bad))
    assert code == 1 and "Nothing has been changed" in err


def test_anything_unexpected_is_a_calm_message_not_a_traceback(
    capsys, tmp_path, monkeypatch
) -> None:
    import reviewdesk.cli as cli

    def broken(services, args):  # type: ignore[no-untyped-def]
        raise RuntimeError("a fault nobody expected")

    monkeypatch.setattr(cli, "_list", broken)
    code, _out, err = _run(capsys, tmp_path / "lib", "list")
    assert code == 1 and "something unexpected went wrong" in err and "RuntimeError" in err


def test_a_good_limit_still_works(capsys, tmp_path) -> None:
    data = tmp_path / "lib"
    _run(capsys, data, "demo")
    code, out, _err = _run(capsys, data, "audit", "show", "--limit", "2")
    assert code == 0 and len([line for line in out.splitlines() if line.strip()]) >= 1
