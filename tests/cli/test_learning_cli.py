"""``reviewdesk report``: the learning report from the command line (through ``main(argv)``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import run


def test_report_help_imports_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from reviewdesk.cli import main\n"
        "try:\n"
        "    main(['report', '--help'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "heavy = ('PySide6', 'sqlalchemy', 'alembic')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in heavy]\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "clean" in result.stdout and "--from" in result.stdout


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("report-cli") / "data"
    assert run("demo", data_dir=data).returncode == 0  # DEMO-2026-01, notified 18 Feb 2026
    return data


def test_report_writes_each_format_and_never_overwrites(library: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "year.pdf"
    done = run(
        "report",
        "--from",
        "2025-04-01",
        "--to",
        "31/03/2026",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        data_dir=library,
    )
    assert done.returncode == 0, done.stderr
    assert "1 April 2025 to 31 March 2026" in done.stdout
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "DEMO-2026-01" in text and "1 of 1 (100%)" in text
    assert "Keeping a focus on risks outside the family" in text
    before = pdf.read_bytes()
    again = run(
        "report",
        "--from",
        "2025-04-01",
        "--to",
        "2026-03-31",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        data_dir=library,
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr and pdf.read_bytes() == before
    for fmt in ("docx", "csv"):
        out = tmp_path / f"year.{fmt}"
        out.write_text("old")
        done = run(
            "report",
            "--from",
            "2025-04-01",
            "--to",
            "2026-03-31",
            "--format",
            fmt,
            "--output",
            str(out),
            "--force",
            data_dir=library,
        )
        assert done.returncode == 0, done.stderr
        assert out.read_bytes() != b"old"
    assert "DEMO-2026-01" in (tmp_path / "year.csv").read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "1st April", "--to", "2026-03-31"), "not a date ReviewDesk can read"),
        (("--from", "2026-04-01", "--to", "2025-03-31"), "before it starts"),
        (("--from", "2010-01-01", "--to", "2010-12-31"), "no reviews in the period"),
    ],
)
def test_kind_messages(library: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "r.csv"
    done = run("report", *args, "--format", "csv", "--output", str(out), data_dir=library)
    assert done.returncode == 1
    assert done.stderr.startswith("reviewdesk: ") and message in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_usage_errors_exit_2(library: Path, tmp_path: Path) -> None:
    done = run(
        "report",
        "--from",
        "2025-04-01",
        "--to",
        "2026-03-31",
        "--format",
        "odt",
        "--output",
        str(tmp_path / "x"),
        data_dir=library,
    )
    assert done.returncode == 2


def test_report_holds_the_case_record_counts_only_with_the_flag(
    library: Path, tmp_path: Path
) -> None:
    """Special-category counts: absent by default, a marked section with --case-record (the
    demo's one review: every count is 'fewer than 5' or 0)."""
    texts = []
    for name, extra in (("plain.pdf", ()), ("chosen.pdf", ("--case-record",))):
        out = tmp_path / name
        done = run(
            "report", "--from", "2025-04-01", "--to", "2026-03-31", "--format", "pdf",
            "--output", str(out), *extra, data_dir=library,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        result = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        )
        texts.append(" ".join(result.stdout.split()))
    plain, chosen = texts
    title = "The case record for analysis (special-category data)"
    assert title not in plain and "fewer than 5" not in plain
    assert title in chosen and "fewer than 5" in chosen
