"""Kill the app (SIGKILL: no chance to tidy up) once typing has paused for the autosave interval,
start it again, and the words are back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from reviewdesk.domain.review import Profile
from reviewdesk.gui.autosave import AUTOSAVE_DELAY_MS

DRIVER = Path(__file__).with_name("drive_app.py")
ROOT = Path(__file__).resolve().parents[2]
COMMIT_MARGIN_S = 1.0  # time for the commit itself, on a busy test machine


def _child(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, str(DRIVER), args[0], str(data_dir), *args[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_text_survives_a_kill_after_the_autosave_pause(services, data_dir: Path) -> None:
    services.profile.save(Profile("Sam Carter", "Review lead"))
    services.exchange.add_demo()
    services.close()
    words = "Typed, then the power went. Still here?"

    writer = _child("type", words, data_dir=data_dir)
    try:
        line = writer.stdout.readline()
        assert line.strip() == "TYPED", writer.stderr.read() if writer.poll() is not None else line
        time.sleep(AUTOSAVE_DELAY_MS / 1000 + COMMIT_MARGIN_S)  # typing has paused: no more keys
        writer.kill()  # SIGKILL on POSIX: no close handler, no final save
    finally:
        writer.wait(timeout=10)
    if os.name == "posix":
        assert writer.returncode == -signal.SIGKILL

    reader = _child("read", data_dir=data_dir)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    shown = json.loads(out.strip().splitlines()[-1])
    assert shown["text"] == words  # the reopened app shows the words in the prompt's editor
