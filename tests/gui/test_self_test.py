"""``reviewdesk --self-test``, run as IT would run it: a real subprocess.

These live under tests/gui because the self-test starts Qt (offscreen).
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, code: str | None = None, tmp: Path):
    """Run the CLI (or a snippet that patches something first, then calls it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp / "tmp")}
    (tmp / "tmp").mkdir(exist_ok=True)
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "reviewdesk"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=180, check=False
    )


def lines_by_check(stdout: str) -> dict[str, str]:
    """{'The main window opens': 'PASS', ...} from the report's check lines."""
    found = {}
    for line in stdout.splitlines():
        status, _, rest = line.strip().partition("  ")
        if status in {"PASS", "FAIL", "SKIP"}:
            found[rest.split(":")[0]] = status
    return found


@pytest.mark.slow  # the installed app in a child process: its file runs first (tests/conftest.py)
def test_passes_and_leaves_no_trace(tmp_path: Path, data_dir: Path) -> None:
    result = run("--self-test", tmp=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    checks = lines_by_check(result.stdout)
    for name in (
        "ReviewDesk's own files are in place",
        "Encryption at rest (SQLCipher)",
        "A new library opens and saves",
        "The demo review is added",
        "Qt starts (offscreen, no window appears)",
        "The main window opens",
        "JSON export and import",
    ):
        assert checks[name] == "PASS", result.stdout
    # PDF and Word: checked once the export service exists, honestly skipped until then.
    expected = "PASS" if find_spec("reviewdesk.services.exports") else "SKIP"
    assert checks["PDF export"] == expected and checks["Word export"] == expected, result.stdout
    assert "Result: PASS" in result.stdout
    assert "0 failed" in result.stdout
    assert "Traceback" not in result.stderr
    assert "propagateSizeHints" not in result.stderr  # Qt's chatter stays off IT's console
    # The user's library (REVIEWDESK_DATA_DIR here) and the temporary folder: untouched, removed.
    assert not data_dir.exists()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_failed_check_fails_the_run_and_says_why(tmp_path: Path) -> None:
    code = (
        "import sys, pathlib, reviewdesk.resources as r\n"
        "r.demo_file = lambda: pathlib.Path('/nowhere/child-d.json')\n"
        "from reviewdesk.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = run("--self-test", code=code, tmp=tmp_path)
    assert result.returncode == 1, result.stdout
    checks = lines_by_check(result.stdout)
    assert checks["ReviewDesk's own files are in place"] == "FAIL"
    assert checks["The demo review is added"] == "FAIL"
    assert "the demo review is missing" in result.stdout
    assert "Result: FAIL" in result.stdout
    assert "Details for 'The demo review is added'" in result.stdout  # a traceback for developers
    # Nothing after a failed demo is claimed as passed.
    assert "The main window opens" not in checks


def test_visits_each_screen_the_window_offers(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "from reviewdesk.gui.main_window import MainWindow\n"
        "def screens(self):\n"
        "    def welcome():\n"
        "        box = QMessageBox(QMessageBox.Icon.Information, 'Welcome', 'Hello', parent=self)\n"
        "        box.exec()  # modal: the self-test must close it rather than wait for ever\n"
        "    return [('Library', self.library.table.setFocus), ('Welcome', welcome),\n"
        "            ('Broken', lambda: 1 / 0)]\n"
        "MainWindow.self_test_screens = screens\n"
        "from reviewdesk.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = run("--self-test", code=code, tmp=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    checks = lines_by_check(result.stdout)
    assert checks["The Library screen opens"] == "PASS"
    assert checks["The Welcome screen opens"] == "PASS"
    assert "closed a dialog that opened by itself: 'Welcome'" in result.stdout
    assert checks["The Broken screen opens"] == "FAIL"
    assert "ZeroDivisionError" in result.stdout
    assert "The main screens" not in checks  # no "not offered" skip once screens are listed


def test_runs_on_its_own_only(tmp_path: Path) -> None:
    for args in (("--self-test", "list"), ("--data-dir", str(tmp_path), "--self-test")):
        result = run(*args, tmp=tmp_path)
        assert result.returncode == 2
        assert "--self-test runs on its own" in result.stderr
