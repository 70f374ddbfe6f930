"""Render the theme dashboard and the learning report's first page for the README, offscreen.

Run:  .venv/bin/python tools/screenshots_learning.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere) plus 30 generated fictional ones
(benchmarks/make_library.py), in a temporary folder. Needs ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import argparse
import subprocess
from datetime import date

from _offscreen import fictional_library, out_folder, save


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from PySide6.QtWidgets import QApplication

    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.learning_report import ReportFormat
    from reviewdesk.gui.dialogs.dashboard import DashboardWindow
    from reviewdesk.gui.widgets.period_picker import ALL_TIME

    with fictional_library(generated=30) as (services, tmp):
        window = DashboardWindow(services)
        window.resize(1180, 900)
        window.show()
        window.picker.quick.setCurrentIndex(ALL_TIME)
        while window.working:  # the figures are worked out off the GUI thread
            QApplication.processEvents()
        save(window, out / "dashboard.png")
        window.close()
        period = Period(date(2025, 4, 1), date(2026, 3, 31))  # a financial year
        pdf = tmp / "report.pdf"
        services.learning_report.export(period, ReportFormat.PDF, pdf)
        stem = tmp / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(stem)],
            check=True,
        )
        page = next(tmp.glob("page*.png"))
        target = out / "learning-report-page1.png"
        target.write_bytes(page.read_bytes())
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
