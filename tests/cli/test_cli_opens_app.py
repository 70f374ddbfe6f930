"""``reviewdesk`` with nothing after it opens the app at once (issue 20, the first paint).

Opening the app is the command people run most, and its first paint is measured against a bare
PySide6 window: it does not build the argument parser (some 40 sub-commands) or import the
commands' modules. Everything else still goes through the parser, with its messages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import run


def test_opening_the_app_builds_no_parser(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reviewdesk import app, cli

    opened: list[object] = []

    def run_gui(data_dir=None, open_file=None):  # type: ignore[no-untyped-def]
        opened.append((data_dir, open_file))
        return 0

    def no_parser():  # type: ignore[no-untyped-def]
        raise AssertionError("the parser was built to open the app")

    monkeypatch.setattr(app, "run_gui", run_gui)
    monkeypatch.setattr(cli, "build_parser", no_parser)
    data = str(tmp_path / "library")
    assert cli.main([]) == 0
    assert cli.main(["--data-dir", data]) == 0
    assert cli.main([f"--data-dir={data}"]) == 0
    assert opened == [(None, None), (data, None), (data, None)]


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir"],  # no folder given
        ["--data-dir", "--version"],  # an option where the folder should be
        ["--data-dir", "x", "--bogus"],
        ["--data-dir", "x", "--data-dir"],
    ],
)
def test_anything_else_still_gets_the_usage_message(argv: list[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reviewdesk import app

    monkeypatch.setattr(app, "run_gui", lambda *a, **k: pytest.fail("the app was opened"))
    ran = run(*argv)
    assert ran.returncode == 2, ran
    assert "usage: reviewdesk" in ran.stderr


def test_the_front_door_imports_no_command_modules() -> None:
    """What the console script imports before it knows what to do: no command's module."""
    code = (
        "import json, sys\n"
        "import reviewdesk.cli\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('reviewdesk.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(done.stdout)
    assert loaded == ["reviewdesk.cli"], loaded
