"""What the first paint of the real launch leaves out (issue 20: within 1.5x a bare window).

benchmarks/startup.py measures the time; this guards the causes found in session 8, in one
fresh process that builds the window as the ``reviewdesk`` command does (``run_gui``):

- Python's cycle collector walked the start-up's objects some 45 times before the first paint;
  it rests until then, and runs again from the first paint;
- PySide6's import hook read the whole source of every module imported after it;
- the error log imported ``logging.handlers`` (with socket, pickle, queue) to be ready;
- QEvent and QAbstractSpinBox (3 and 1.5 ms of enums) were imported for later use;
- (session 9) Qt's namespace (``PySide6.QtCore.Qt``, 93 enums, about 15 ms) was built by the
  first name taken from it: asking the system for its look, an alignment, a label's text
  format, a shortcut's overloads. The first paint now uses the look remembered from the last
  start (asked once the window is drawn, and remembered again).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reviewdesk.gui.settings import AppSettings
from reviewdesk.gui.style import DARK, ENV_APPEARANCE, LIGHT
from tests.cli.runner import run

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import gc, inspect, sys
read = []
source = inspect.getsource
def spy(module):  # PySide6's hook asks for a module's whole source through this
    read.append(getattr(module, "__name__", "?"))
    return source(module)
inspect.getsource = spy
from reviewdesk.app import build_gui  # as the command imports it: before PySide6
from PySide6 import QtCore, QtWidgets
app, window = build_gui(sys.argv[1], sys.argv[:1], hold_collection=True)
print("collecting while built:", gc.isenabled(), flush=True)
print("switch interval:", sys.getswitchinterval(), flush=True)
def painted():  # drawn, before first_painted starts the opening
    window.grab()
    ours = sorted(m for m in read if m.startswith("reviewdesk"))
    print("our sources read:", ",".join(ours) or "-", flush=True)
    print("collecting at paint:", gc.isenabled(), flush=True)
    made = [
        n
        for n, m in (("QEvent", QtCore), ("QAbstractSpinBox", QtWidgets), ("Qt", QtCore))
        if n in m.__dict__
    ]
    print("made at paint:", ",".join(made) or "-", flush=True)
    print("logging.handlers:", "logging.handlers" in sys.modules, flush=True)
    new = window.menu_actions.new
    keys = new.shortcut().toString()
    print("menus:", len(window.menuBar().actions()), new.text(), keys, flush=True)
    print("look at paint:", window.appearance.mode, flush=True)
QtCore.QTimer.singleShot(0, painted)
# The collector is turned on again at the paint; the opening thread, started from the same
# slot, may pause it again at once for its own objects (review_rows.lasting), so what is asked
# is whether the paint turned it on, not whether it is still on when this slot runs.
turned_on = []
enable = gc.enable
def spy_enable():
    turned_on.append(True)
    enable()
gc.enable = spy_enable
window.first_painted.connect(lambda: print("collecting after paint:", bool(turned_on), flush=True))
def listed():
    print("listed:", window.library.proxy.rowCount(), flush=True)
    print("look once drawn:", window.appearance.mode, flush=True)
    app.quit()
window.library_ready.connect(lambda: QtCore.QTimer.singleShot(0, listed))
app.exec()
window.services.close()
"""


def test_the_first_paint_leaves_out_what_it_does_not_need(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("demo", data_dir=data).returncode == 0
    # The last start saw a dark system; this one (offscreen) is light: the first paint uses
    # the remembered look without asking, and follows the system once drawn.
    AppSettings(data / "settings.ini").system_look = DARK
    temp = tmp_path / "temp"  # the process's temporary folder: left empty when it ends
    temp.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.update(TMPDIR=str(temp), TEMP=str(temp), TMP=str(temp))
    env.pop(ENV_APPEARANCE, None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert "collecting while built: False" in out, done.stdout
    # A worker holds Python's lock for at most 0.5 ms while the window waits (a header click
    # during the list's counting froze the window for 107-145 ms at the default 5 ms)
    assert "switch interval: 0.0005" in out, done.stdout
    assert "collecting at paint: False" in out, done.stdout
    assert "collecting after paint: True" in out, done.stdout  # and on again from the paint
    assert "our sources read: -" in out, done.stdout
    assert "made at paint: -" in out, done.stdout
    assert "logging.handlers: False" in out, done.stdout
    assert "menus: 6 &New review... Ctrl+N" in out, done.stdout  # the menus are there, as ever
    assert "listed: 1" in out, done.stdout
    assert "look at paint: dark" in out, done.stdout
    assert "look once drawn: light" in out, done.stdout
    assert AppSettings(data / "settings.ini").system_look == LIGHT  # for the next start
    # the style sheet's pictures (arrows, tick) are drawn to files: removed at the end (one
    # folder was left behind by every start, thousands on a machine that runs the tests)
    assert sorted(p.name for p in temp.iterdir()) == []
    kept = {p.name.rsplit("-", 1)[0] for p in (data / "look").iterdir()}  # kept there instead
    assert kept == {"check", "chevron-down", "chevron-up", "dot"}, kept  # (dark and light)
