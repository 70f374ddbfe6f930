"""A file opened with ReviewDesk (double-clicked, or ``reviewdesk FILE``) opens in the app.

The installers register ``reviewdesk "%1"`` for case packs; a review exported as JSON opens the
same way. On the very first run, who is writing is asked first, then the file is opened.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

from reviewdesk.app import build_gui
from reviewdesk.cli import build_parser
from tests.cli.runner import run


def _exported_review(tmp_path: Path) -> Path:
    """The demo review as a JSON file, written by another library through the CLI."""
    other, out = tmp_path / "other-library", tmp_path / "shared" / "demo review.json"
    out.parent.mkdir()
    for args in (["demo"], ["export", "--format", "json", "--output", str(out), "DEMO-2026-01"]):
        done = run(*args, data_dir=other)  # main(argv) in this process (tests/cli/runner.py)
        assert done.returncode == 0, done.stderr
    return out


def test_the_file_is_opened_after_the_first_run_welcome(qtbot, data_dir: Path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    review_file = _exported_review(tmp_path)
    _app, window = build_gui(str(data_dir), [sys.argv[0]], open_file=review_file)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
    assert window.services.reviews.list_reviews() == []  # not before the person is known
    qtbot.keyClicks(window.welcome.name, "Sam Carter")
    qtbot.mouseClick(window.welcome.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.services.reviews.list_reviews()) == 1)
    [summary] = window.services.reviews.list_reviews()
    assert summary.reference == "DEMO-2026-01"
    assert window.library.selected_id() == summary.id
    assert "Imported DEMO-2026-01" in window.statusBar().currentMessage()
    window.close()
    window.services.close()


def test_only_an_openable_file_that_is_not_a_command_is_taken() -> None:
    from reviewdesk.cli import _file_to_open

    parser = build_parser()
    for argv, expected in (
        (["--data-dir", "D", "pack.rdpack"], "pack.rdpack"),
        (["work.RDRETURN"], "work.RDRETURN"),
        (["review.json"], "review.json"),
        (["list"], None),
        (["import", "pack.rdpack"], None),  # the import command's own argument
        (["notes.txt"], None),  # left for argparse to refuse as an unknown command
        ([], None),
    ):
        rest = list(argv)
        found = _file_to_open(parser, rest)
        assert (str(found) if found else None) == expected, argv
        assert rest == (argv[:-1] if expected else argv)
