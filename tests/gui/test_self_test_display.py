"""``reviewdesk --self-test`` with a display starts the platform plugin the app will use, and
says plainly when it cannot (issue 15, point 8). A real subprocess: the point is the entry point
and the environment it meets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.gui.test_self_test import lines_by_check

ROOT = Path(__file__).resolve().parents[2]


def _self_test(tmp: Path, **display: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"}
    }
    env.update(display, PYTHONPATH=str(ROOT), TMPDIR=str(tmp))
    return subprocess.run(
        [sys.executable, "-m", "reviewdesk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


def _qt_line(stdout: str) -> tuple[str, str]:
    for name, status in lines_by_check(stdout).items():
        if name.startswith("Qt starts"):
            return name, status
    raise AssertionError("no 'Qt starts' check in:\n" + stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")
def test_a_display_that_cannot_be_used_fails_and_says_why(tmp_path: Path) -> None:
    # :93 has no X server here. The old self-test forced offscreen and passed regardless.
    result = _self_test(tmp_path, DISPLAY=":93")
    name, status = _qt_line(result.stdout)
    assert name.startswith("Qt starts on this display (xcb"), result.stdout
    assert status == "FAIL", result.stdout
    assert "no window can open" in result.stdout
    assert result.returncode == 1
    assert "The main window opens" not in lines_by_check(result.stdout)  # nothing claimed
    assert "Result: FAIL" in result.stdout


@pytest.mark.slow  # a child app under Xvfb: its file runs first (tests/conftest.py)
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (.ci/run adds it)")
def test_under_xvfb_the_real_xcb_plugin_opens_the_window(tmp_path: Path) -> None:
    display = f":{150 + os.getpid() % 200}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path("/tmp/.X11-unix") / f"X{display[1:]}"
        deadline = time.monotonic() + 20
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        result = _self_test(tmp_path, DISPLAY=display)
    finally:
        server.terminate()
        server.wait(10)
    name, status = _qt_line(result.stdout)
    assert name.startswith("Qt starts on this display (xcb"), result.stdout
    if status == "FAIL":  # the machine lacks the X11 libraries: the message must name them
        assert "apt-get install" in result.stdout and "lacks" in result.stdout, result.stdout
        pytest.skip("the xcb libraries are missing here (named correctly)")
    assert status == "PASS", result.stdout
    assert "platform 'xcb'" in result.stdout
    assert result.returncode == 0, result.stdout
