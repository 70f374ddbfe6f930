"""The library list's background completion, timed in-process (issue 20).

    python benchmarks/library_completion.py DATA_DIR [--runs 3]

After the list appears (listed without counting), ``LibraryPage._complete_in_background``
works out what is due across the reviews and each review's progress, and fills both into the
table's rows on a worker thread. This script lists the library as the app does, then runs that
work ``--runs`` times as the page does (with the cyclic collector paused, ``lasting``) and
prints the CPU and wall time of each run and of its parts: what is due, the progress, the rows.

It runs the code it is given: run it with ``PYTHONPATH`` set to another tree (and a copy of the
library migrated by that tree) to time older code side by side. Code from before session 9 has
no ``ReviewsTableModel.complete``: then the old way is timed (the list read again with its
counts, and every row prepared again). DATA_DIR is only read (give it a copy all the same: the
app migrates a library it opens). This script prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from reviewdesk.gui.models.reviews_table import ReviewsTableModel, lasting
    from reviewdesk.gui.pages.library import LibraryPage
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    services = open_services(resolve_paths(args.data_dir), daily_backup=False, lazy=True)
    try:
        reviews, clocks = services.reviews, services.clocks
        model = ReviewsTableModel()
        model.sort(0)
        listed = reviews.list_reviews(count_answers=False)  # as the app lists first
        model.set_prepared(model.prepare(listed, sort=model.sort_key))
        new = hasattr(model, "complete")
        print(f"{'new' if new else 'old'} code, {len(listed)} reviews listed", flush=True)

        def part(
            name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any
        ) -> tuple[Any, tuple[str, float, float]]:
            cpu, wall = time.process_time(), time.perf_counter()
            result = fn(*args, **kwargs)
            return result, (name, time.process_time() - cpu, time.perf_counter() - wall)

        for run in range(args.runs):
            cpu, wall = time.process_time(), time.perf_counter()
            with lasting():
                due, a = part("due", LibraryPage._due_or_nothing, clocks)
                nearest = LibraryPage._nearest(due)
                if new:
                    snapshot = model.snapshot()
                    counted, b = part("progress", reviews.progress_by_review)
                    rows, c = part(
                        "rows", model.complete, snapshot, counted, nearest, sort=model.sort_key
                    )
                else:
                    summaries, b = part("progress (listed again)", reviews.list_reviews)
                    rows, c = part("rows", model.prepare, summaries, nearest, sort=model.sort_key)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            parts = ", ".join(f"{n} {1000 * pc:.0f} / {1000 * pw:.0f}" for n, pc, pw in (a, b, c))
            print(
                f"run {run}: CPU {1000 * cpu:.0f} ms, wall {1000 * wall:.0f} ms "
                f"(CPU / wall ms: {parts}); {len(rows)} rows, {len(due)} steps",
                flush=True,
            )
    finally:
        services.close()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
