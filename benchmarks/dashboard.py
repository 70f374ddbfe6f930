"""How fast the theme dashboard and the learning report are over a large library.

    python benchmarks/dashboard.py [--data-dir DIR] [--reviews 1000] [--runs 7]

Builds a fictional library of ``--reviews`` reviews with benchmarks/make_library.py (or reuses
the one in ``--data-dir`` when it already holds a library), then prints in milliseconds: the
dashboard's figures over all time and over one financial year (median and worst of ``--runs``),
what the dashboard window's one background task reads (``compute_for_window``: the figures,
the reviews grouped by their case record and the reviews' lines; with the CPU time, steadier
than the wall clock on a shared machine), drawing the dashboard window offscreen (built, filled
and painted), and writing the learning report for one year as PDF, Word and CSV. The window's
freezes and time to its figures through the real app: benchmarks/dashboard_window.py. The
issue's target: the dashboard in well under 500 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

YEAR = (date(2024, 4, 1), date(2025, 3, 31))  # a financial year inside the generated span


def _times(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        taken.append((time.perf_counter() - start) * 1000)
    return statistics.median(taken), max(taken)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a library to build or reuse")
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or Path(tmp) / "library"
        return _run(data, args.reviews, args.runs, Path(tmp))


def _run(data: Path, reviews: int, runs: int, tmp: Path) -> int:
    from benchmarks.make_library import build_library
    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.learning_report import ReportFormat
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    paths = resolve_paths(data)
    if not paths.database.exists():
        start = time.perf_counter()
        build_library(data, reviews=reviews, seed=7)
        print(f"built a library of {reviews} reviews in {time.perf_counter() - start:.1f} s")
    services = open_services(paths, daily_backup=False)
    try:
        everything = Period.all_time(date.today())
        year = Period(*YEAR)
        d = services.dashboard.compute(everything)
        y = services.dashboard.compute(year)
        print(
            f"library: {d.reviews.count} reviews, {d.actions.count} actions; "
            f"{year.label}: {y.reviews.count} reviews"
        )
        med, worst = _times(lambda: services.dashboard.compute(everything), runs)
        print(f"dashboard figures, all time:      median {med:6.1f} ms, worst {worst:6.1f} ms")
        med, worst = _times(lambda: services.dashboard.compute(year), runs)
        print(f"dashboard figures, one year:      median {med:6.1f} ms, worst {worst:6.1f} ms")
        window = getattr(services.dashboard, "compute_for_window", None)  # issue 20
        if window is not None:
            for label, period in (("all time", everything), ("one year", year)):
                cpu = time.process_time()
                med, worst = _times(lambda p=period: window(p), runs)
                cpu = (time.process_time() - cpu) * 1000 / runs
                print(
                    f"the window's task ({label}): median {med:6.1f} ms, worst {worst:6.1f} ms, "
                    f"CPU {cpu:6.1f} ms a run (figures, case-record groups, the reviews' lines)"
                )
        med, worst = _draw_window(services, runs)
        print(f"dashboard window drawn (all time): median {med:6.1f} ms, worst {worst:6.1f} ms")
        reported = year if y.reviews.count else everything  # a tiny library may miss the year
        for fmt in ReportFormat:
            out = tmp / f"report.{fmt.extension}"

            def write(fmt=fmt, out=out) -> None:  # type: ignore[no-untyped-def]
                services.learning_report.export(reported, fmt, out, overwrite=True)

            med, worst = _times(write, max(1, runs // 3))
            print(
                f"learning report, {reported.label}, {fmt.value:4}: median {med:6.1f} ms, "
                f"worst {worst:6.1f} ms"
            )
    finally:
        services.close()
    return 0


def _draw_window(services, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from reviewdesk.gui.dialogs.dashboard import DashboardWindow
    from reviewdesk.gui.widgets.period_picker import ALL_TIME

    app = QApplication.instance() or QApplication([sys.argv[0]])

    def draw() -> None:
        window = DashboardWindow(services)
        window.picker.quick.setCurrentIndex(ALL_TIME)
        window.resize(1180, 900)
        window.grab()  # lays out and paints every section offscreen
        window.deleteLater()
        app.processEvents()

    draw()  # the first build imports and warms Qt's fonts: not counted
    return _times(draw, runs)


if __name__ == "__main__":
    raise SystemExit(main())
