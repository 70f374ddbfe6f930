"""The command line writes files that are what they say, and not into cloud-synced folders
unless asked (issue 15, point 6). In-process: ``reviewdesk.cli.main(argv)``."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.cli import main

REF = "DEMO-2026-01"


@pytest.fixture
def library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    lib = tmp_path / "library"
    assert main(["--data-dir", str(lib), "demo"]) == 0
    capsys.readouterr()
    return lib


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("command", "name", "right"),
    [
        (["export", REF, "--format", "docx"], "x.pdf", "x.docx"),
        (["export", REF, "--format", "pdf"], "x.docx", "x.pdf"),
        (["export", REF, "--format", "briefing"], "briefing.docx", "briefing.pdf"),
        (["export", REF, "--format", "json"], "review.pdf", "review.json"),
        (["export", REF], "review.csv", "review.json"),  # json is the default format
        (["export", REF, "--format", "pdf"], "summary", "summary.pdf"),  # no extension
        (["export", REF, "--format", "actions-csv"], "plan.xlsx", "plan.xlsx.csv"),
        (["export", REF, "--format", "chronology-csv"], "c.json", "c.csv"),
        (["actions", "export", REF], "plan.pdf", "plan.csv"),
        (
            ["report", "--from", "2025-01-01", "--to", "2026-12-31", "--format", "docx"],
            "r.pdf",
            "r.docx",
        ),
        (
            ["report", "--from", "2025-01-01", "--to", "2026-12-31", "--format", "csv"],
            "r.docx",
            "r.csv",
        ),
        (["pack", REF, "--contributor", "Priya Shah", "--no-encryption"], "p.pdf", "p.rdpack"),
        (["contribute", REF], "mine.rdpack", "mine.rdreturn"),
    ],
)
def test_a_name_that_does_not_match_the_format_is_refused_and_nothing_changes(
    library: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    name: str,
    right: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = {p: p.stat().st_mtime_ns for p in _files(library)}
    code = main(["--data-dir", str(library), *command, "--output", str(out / name)])
    said = capsys.readouterr()
    assert code == 1  # a user error, not a crash and not wrong usage
    assert "Nothing was written" in said.err
    assert f"such as {out / right}," in said.err  # the name it could have
    assert "Traceback" not in said.err and said.out == ""
    assert _files(out) == []
    assert {p: p.stat().st_mtime_ns for p in _files(library)} == before  # library untouched


def test_the_right_extension_in_any_case_is_accepted(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "Summary.DOCX"
    assert (
        main(["--data-dir", str(library), "export", REF, "--format", "docx", "-o", str(out)]) == 0
    )
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    "folder",
    [
        "OneDrive",
        "OneDrive - Eastmere Council/Documents",
        "Dropbox/Reviews",
        "Google Drive",
        "gdrive/My Drive",
        "iCloud Drive",
        "Library/Mobile Documents/com~apple~CloudDocs",
    ],
)
def test_a_cloud_synced_folder_is_refused_unless_allowed(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    target = tmp_path / "home" / folder
    target.mkdir(parents=True)
    out = target / "summary.pdf"
    argv = ["--data-dir", str(library), "export", REF, "--format", "pdf", "-o", str(out)]
    assert main(argv) == 1
    said = capsys.readouterr().err
    assert "Nothing was written" in said and "--allow-cloud" in said
    assert "copies off this computer" in said and "sensitive" in said
    assert not out.exists()
    assert main([*argv, "--allow-cloud"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_the_onedrive_variables_mark_a_folder_of_any_name(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    work = tmp_path / "Work Files"  # Windows sets OneDriveCommercial to the synced folder
    work.mkdir()
    monkeypatch.setenv("OneDriveCommercial", str(work))
    argv = ["--data-dir", str(library), "actions", "export", REF, "-o", str(work / "plan.csv")]
    assert main(argv) == 1
    assert "OneDrive" in capsys.readouterr().err
    assert not (work / "plan.csv").exists()


def test_every_command_that_writes_a_file_offers_allow_cloud() -> None:
    from reviewdesk.cli import build_parser

    parser = build_parser()
    for argv in (
        ["export", REF, "-o", "x.json"],
        ["pack", REF, "--contributor", "A", "-o", "x.rdpack"],
        ["contribute", REF, "-o", "x.rdreturn"],
        ["actions", "export", REF, "-o", "x.csv"],
        ["report", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "pdf", "-o", "x.pdf"],
        ["backup", "-o", "x.sqlite3"],
    ):
        assert parser.parse_args([*argv, "--allow-cloud"]).allow_cloud is True
