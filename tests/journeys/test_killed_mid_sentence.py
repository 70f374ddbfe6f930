"""Journey 1's worst moment: a practitioner's first time, from the welcome to her first words,
and the app is killed mid-sentence (SIGKILL: no close handler, no final save) once typing has
paused for the autosave interval. Started again, the words are in the prompt's editor.

The app runs in a child process as ``reviewdesk`` would (tests/gui/drive_app.py), so the kill is
real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from reviewdesk.gui.autosave import AUTOSAVE_DELAY_MS

DRIVER = Path(__file__).resolve().parents[1] / "gui" / "drive_app.py"
ROOT = Path(__file__).resolve().parents[2]
COMMIT_MARGIN_S = 1.0  # time for the commit itself, on a busy test machine


def _child(mode: str, data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_first_words_survive_a_kill_mid_sentence(tmp_path: Path) -> None:
    data_dir = tmp_path / "jo"
    words = "On the first visit the baby was asleep in the car seat and I meant to"
    writer = _child("first-run", data_dir, words)
    try:
        line = writer.stdout.readline()
        assert line.strip() == "TYPED", writer.stderr.read() if writer.poll() is not None else line
        time.sleep(AUTOSAVE_DELAY_MS / 1000 + COMMIT_MARGIN_S)  # she stops, mid-sentence
        writer.kill()
    finally:
        writer.wait(timeout=10)
    if os.name == "posix":
        assert writer.returncode == -signal.SIGKILL

    reader = _child("read", data_dir)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert json.loads(out.strip().splitlines()[-1])["text"] == words
