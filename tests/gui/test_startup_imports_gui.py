"""The library window is drawn before the heavy parts load (the start-up promise of issue 3).

benchmarks/startup.py measures the time; these guard the causes of a slow start that once crept
in, or could:

- something on the way to the first paint importing the services (SQLAlchemy, Alembic,
  cryptography), which belong on the background thread that opens the library, or SQLite, the
  second-launch hand-over, or the table of reviews (built once the library is open);
- the first read of the library (which sets up SQLAlchemy's mappers and compiles its SQL, about a
  tenth of a second) happening on the GUI thread, where it would freeze the new window.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.runner import run

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from reviewdesk.app import build_gui
heavy = ("sqlalchemy", "alembic", "cryptography", "reportlab", "docx", "sqlite3", "sqlcipher3")
late = ("reviewdesk.services", "reviewdesk.handoff", "reviewdesk.gui.models.reviews_table",
        "reviewdesk.gui.widgets.review_table")
seen = {}
import threading
gui_imports = []
class Spy:  # what the GUI thread imports from the first paint until the list is shown
    def find_spec(self, name, path=None, target=None):
        if "painted" in seen and threading.current_thread() is threading.main_thread():
            gui_imports.append(name)
app, window = build_gui(sys.argv[1], sys.argv[:1])
def painted():  # the window drawn, before first_painted starts the library opening
    window.grab()
    sys.meta_path.insert(0, Spy())
    loaded = {m.split(".")[0] for m in sys.modules} & set(heavy)
    seen["painted"] = sorted(loaded | {m for m in late if m in sys.modules})
QTimer.singleShot(0, painted)
window.first_painted.connect(lambda: seen.setdefault("signal", True))
later = ("exports", "learning_report", "dashboard", "exchange.document", "exchange.analysis",
         "exchange.packs", "search", "publication", "analysis.briefings", "exchange.imports",
         "analysis.findings", "analysis.chronology_import")
def listed():
    services = sorted(m for m in later if "reviewdesk.services." + m in sys.modules)
    print("services when listed:", ",".join(services) or "-", flush=True)
    print("imported on the GUI thread after the first paint:", ",".join(gui_imports) or "-")
    print("first_painted:", "yes" if seen.get("signal") else "no", flush=True)
    print("at first paint:", ",".join(seen.get("painted", ["(not painted)"])) or "-", flush=True)
    print("listed:", window.library.proxy.rowCount(), flush=True)
    app.quit()
window.library_ready.connect(lambda: QTimer.singleShot(0, listed))
app.exec()
window.services.close()
"""

# Imports the services first (so not a start-up measure) to see which thread reads the library.
THREAD_SCRIPT = """
import sys, threading
from PySide6.QtCore import QTimer
from reviewdesk.services.reviews import ReviewService
read_on = []
original = ReviewService.list_reviews
def list_reviews(self, **kw):
    read_on.append("gui" if threading.current_thread() is threading.main_thread() else "bg")
    return original(self, **kw)
ReviewService.list_reviews = list_reviews
from reviewdesk.app import build_gui
app, window = build_gui(sys.argv[1], sys.argv[:1])
def listed():
    print("listed:", window.library.proxy.rowCount(), flush=True)
    print("read on:", ",".join(read_on), flush=True)
    app.quit()
window.library_ready.connect(lambda: QTimer.singleShot(0, listed))
app.exec()
window.services.close()
"""


# The first read fails after the library has opened: the person is told, and the library (and its
# lock) is closed again, so a second try or another ReviewDesk can open it.
FAILING_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from reviewdesk import oslock
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.services.reviews import ReviewService
def broken(self, **kw):
    raise ReviewDeskError("The list of reviews could not be read.")
ReviewService.list_reviews = broken
told = []
QMessageBox.critical = staticmethod(lambda parent, title, text: told.append(text))
from reviewdesk.app import build_gui
app, window = build_gui(sys.argv[1], sys.argv[:1])
code = app.exec()
print("exit:", code, flush=True)
print("told:", told, flush=True)
print("lock held:", oslock.held_elsewhere(window.paths.data_dir), flush=True)
"""


def _run(data_dir: Path, script: str = SCRIPT) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _demo_library(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    made = run("demo", data_dir=data)  # main(argv) in this process (tests/cli/runner.py)
    assert made.returncode == 0, made.stderr
    return data


def test_the_window_is_drawn_before_the_database_layers_load(tmp_path: Path) -> None:
    out = _run(_demo_library(tmp_path))
    assert "at first paint: -" in out, out  # nothing heavy before the window is drawn
    assert "first_painted: yes" in out, out  # the opening started from the paint, not a timeout
    assert "listed: 1" in out, out  # ...and the library did open afterwards
    # Only what the list needs is imported before it is shown; the exports, the reports, the
    # exchange formats and the rest follow in the background (issue 20, gui/loader.py)
    assert "services when listed: -" in out, out
    # ...and the GUI thread imports nothing between its first paint and the list (each module
    # it imported while the list was attached held the window up)
    assert "imported on the GUI thread after the first paint: -" in out, out


def test_the_library_is_first_read_off_the_gui_thread(tmp_path: Path) -> None:
    out = _run(_demo_library(tmp_path), THREAD_SCRIPT)
    assert "listed: 1" in out, out
    assert "read on: bg" in out.splitlines(), out  # read once, in the background


def test_a_failed_first_read_is_told_and_leaves_the_library_closed(tmp_path: Path) -> None:
    out = _run(_demo_library(tmp_path), FAILING_SCRIPT)
    assert "exit: 1" in out, out
    assert "told: ['The list of reviews could not be read.']" in out, out
    assert "lock held: False" in out, out  # closed again: nothing left open or locked
