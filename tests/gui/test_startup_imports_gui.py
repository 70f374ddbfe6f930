"""The library window is drawn before the heavy parts load (the start-up promise of issue 3).

benchmarks/startup.py measures the time; this guards the cause of a slow start that once crept
in: something on the way to the first paint importing the services (SQLAlchemy, Alembic,
cryptography), which belong on the background thread that opens the library.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from reviewdesk.app import build_gui
heavy = ("sqlalchemy", "alembic", "cryptography", "reportlab", "docx")
seen = {}
app, window = build_gui(sys.argv[1], sys.argv[:1])
def painted():
    seen["painted"] = sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
window.first_painted.connect(painted)
def listed():
    print("at first paint:", ",".join(seen.get("painted", ["(not painted)"])) or "-", flush=True)
    print("listed:", window.library.proxy.rowCount(), flush=True)
    app.quit()
window.library_ready.connect(lambda: QTimer.singleShot(0, listed))
app.exec()
window.services.close()
"""


def _run(data_dir: Path) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_window_is_drawn_before_the_database_layers_load(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = subprocess.run(
        [sys.executable, "-m", "reviewdesk", "--data-dir", str(data), "demo"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    out = _run(data)
    assert "at first paint: -" in out, out  # nothing heavy before the window is drawn
    assert "listed: 1" in out, out  # ...and the library did open afterwards
