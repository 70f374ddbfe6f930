"""Render the "Search all reviews" window for the README, offscreen.

Run:  .venv/bin/python tools/screenshots_search.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere) plus 20 generated fictional ones
(benchmarks/make_library.py), in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--query", default="health visitor")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from benchmarks.make_library import build_library
    from reviewdesk.gui.dialogs.search import SearchWindow
    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services import open_services

    app = QApplication([sys.argv[0], "-style", "fusion"])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "ReviewDesk"
        build_library(data, reviews=20, seed=7)
        services = open_services(resolve_paths(data))
        try:
            services.exchange.add_demo()
            Appearance(app, 1.0, "light", fusion=True).apply()
            window = SearchWindow(services)
            window.resize(1000, 760)
            window.show()
            window.box.setText(args.query)
            window.search_now()
            for _ in range(3):
                app.processEvents()
            path = out / "search.png"
            window.grab().save(str(path))
            print(path, window.summary.text())
            window.close()
        finally:
            services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
