"""Render the theme dashboard and the learning report's first page for the README, offscreen.

Run:  .venv/bin/python tools/screenshots_learning.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere) plus 30 generated fictional ones
(benchmarks/make_library.py), in a temporary folder. Needs ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from benchmarks.make_library import build_library
    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.learning_report import ReportFormat
    from reviewdesk.gui.dialogs.dashboard import DashboardWindow
    from reviewdesk.gui.style import Appearance
    from reviewdesk.gui.widgets.period_picker import ALL_TIME
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services import open_services

    app = QApplication([sys.argv[0], "-style", "fusion"])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "ReviewDesk"
        build_library(data, reviews=30, seed=7)
        services = open_services(resolve_paths(data))
        try:
            services.exchange.add_demo()
            Appearance(app, 1.0, "light", fusion=True).apply()
            window = DashboardWindow(services)
            window.resize(1180, 900)
            window.show()
            window.picker.quick.setCurrentIndex(ALL_TIME)
            for _ in range(3):
                app.processEvents()
            window.grab().save(str(out / "dashboard.png"))
            print(out / "dashboard.png")
            window.close()
            period = Period(date(2025, 4, 1), date(2026, 3, 31))  # a financial year
            pdf = Path(tmp) / "report.pdf"
            services.learning_report.export(period, ReportFormat.PDF, pdf)
            stem = Path(tmp) / "page"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(stem)],
                check=True,
            )
            page = next(Path(tmp).glob("page*.png"))
            target = out / "learning-report-page1.png"
            target.write_bytes(page.read_bytes())
            print(target)
        finally:
            services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
