"""The theme dashboard through the real window on a big library: how long until its figures are
shown, and how long the GUI thread freezes meanwhile (offscreen).

    python benchmarks/dashboard_window.py DATA_DIR [--runs 3]

DATA_DIR is a library made by benchmarks/make_library.py; give it a copy you can spare (a
profile is saved in it, as a person would). Each run is a fresh process started as
``reviewdesk`` starts (``app.build_gui``). Once the reviews are listed it opens the dashboard
as a person does (the Learning menu's "Theme dashboard", Ctrl+Shift+D), then, one at a time:
chooses "All time", types a financial year's dates, counts the case record by another category,
narrows it to the reviews where a child's category has a value, and closes and reopens the
dashboard. For each step it prints:

* **shown**: wall time from the step to the figures shown (the summary filled and nothing
  still being worked out, the case record's counts included);
* **freeze**: the longest gap between two beats of a 5 ms ``QTimer`` on the GUI thread (the
  heartbeat of benchmarks/library_window.py), and beside it the most GUI-thread CPU spent
  between two beats (on a loaded machine a gap also holds time spent waiting for a core);
* **GUI CPU**: all the CPU time the GUI thread spent during the step;
* the load average (``os.getloadavg``) before the runs and after them.

To compare with another revision, run it with ``PYTHONPATH`` pointing at that tree: the
measured process imports ``reviewdesk`` from ``PYTHONPATH`` when it is set (this script's own
tree otherwise). Issue 20's targets, at 10,000 reviews: the dashboard under 500 ms and no
GUI-thread freeze over 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STEPS = ("open", "all_time", "year", "count_by", "where", "reopen")


def child(data_dir: str, settle: bool = True) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(HERE))
    from library_window import Heartbeat  # type: ignore[import-not-found]
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from reviewdesk.app import build_gui, finish_background_work

    app, window = build_gui(data_dir, [sys.argv[0]])
    beat = Heartbeat()
    out: dict[str, object] = {"tree": str(Path(sys.modules["reviewdesk"].__file__).parents[1])}
    steps = iter(())

    def dash():  # type: ignore[no-untyped-def]
        return window.review_actions.dashboard_window

    def shown() -> bool:
        d = dash()
        return (  # the case counts asked for last: the window may build them when asked
            d is not None
            and getattr(d, "dashboard", None) is not None
            and not d.working
            and "Working" not in d.summary.text()
            and not getattr(d.case_counts, "working", False)
        )

    def run_steps() -> None:
        try:
            wait = next(steps)
        except StopIteration:
            print(json.dumps(out), flush=True)
            app.quit()
            return
        QTimer.singleShot(int(wait), run_steps)

    def measure(name: str, act):  # type: ignore[no-untyped-def]
        start, cpu = time.perf_counter(), time.thread_time()
        act()  # work done on the GUI thread in the step's own slot is counted too
        yield 0
        while not shown():
            yield 2
        out[f"{name}_shown_ms"] = (time.perf_counter() - start) * 1000
        out[f"{name}_gui_cpu_ms"] = (time.thread_time() - cpu) * 1000
        yield 300  # anything that follows the figures (painting, resizing) included
        out[f"{name}_freeze_ms"] = beat.longest(start)
        out[f"{name}_busiest_ms"] = beat.busiest(start)

    def session():  # type: ignore[no-untyped-def]
        yield 1000  # the work that follows the list (backup, check) out of the way
        if settle:  # and every background task done: the progress counted for the list, the
            # services built (gui/loader.py), the backup and the check. Those hold Python's lock
            # for a second or more of CPU at 10,000 reviews; opening the dashboard meanwhile
            # measured their waits, not the dashboard's (--busy opens it then, as before).
            from reviewdesk.gui import tasks

            waited = 0
            while getattr(tasks, "_running", None) and waited < 60_000:
                yield 20
                waited += 20
            out["settled_ms"] = waited
            yield 200

        def open_it() -> None:  # as a person does: Ctrl+Shift+D (the Learning menu's item)
            keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            QTest.keyClick(window, Qt.Key.Key_D, keys)
            if dash() is None:  # the shortcut did not reach the window offscreen
                window.menu_actions.dashboard.trigger()

        yield from measure("open", open_it)
        d = dash()
        out["reviews_this_year"] = d.dashboard.reviews.count
        yield from measure("all_time", lambda: d.picker.quick.setCurrentIndex(2))
        out["reviews_all_time"] = d.dashboard.reviews.count

        def type_year() -> None:
            for field, text in (
                (d.picker.date_from, "01/04/2024"),
                (d.picker.date_to, "31/03/2025"),
            ):
                field.line.setFocus()
                field.line.selectAll()
                QTest.keyClicks(field.line, text)
                QTest.keyClick(field.line, Qt.Key.Key_Return)

        yield from measure("year", type_year)
        out["reviews_year"] = d.dashboard.reviews.count
        counts = d.case_counts
        yield from measure(
            "count_by",
            lambda: counts.count_by.setCurrentIndex(counts.count_by.findData("ethnicity")),
        )
        yield from measure(
            "where", lambda: counts.where.setCurrentIndex(counts.where.findData("legal_status"))
        )
        out["case_counts"] = [f.count for f in counts.figures]
        d.close()
        window.review_actions.dashboard_window = None
        d.deleteLater()
        yield 200
        yield from measure("reopen", open_it)

    def listed() -> None:
        nonlocal steps
        steps = session()
        run_steps()

    window.library_ready.connect(lambda: QTimer.singleShot(0, listed))
    app.exec()
    finish_background_work()
    window.services.close()


def _launch(data_dir: Path, busy: bool = False) -> dict:  # type: ignore[type-arg]
    settings = data_dir / "settings.ini"  # start on the library, not a remembered review
    if settings.exists():
        settings.unlink()
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = env.get("PYTHONPATH") or str(ROOT)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(data_dir), *(["--busy"] if busy else [])],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        raise SystemExit(f"The measured process failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(lines[-1])


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], settle="--busy" not in sys.argv)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--busy",
        action="store_true",
        help="open the dashboard 1 s after the list, while the work that follows it may still "
        "run (counting progress, building services, backup), rather than once it is done",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from library_window import prepare  # type: ignore[import-not-found]

    prepare(args.data_dir)
    load_before = os.getloadavg()
    runs = [_launch(args.data_dir, args.busy) for _ in range(args.runs)]
    load_after = os.getloadavg()
    first = runs[0]
    print(f"Theme dashboard, {args.runs} runs of {first['tree']} over {args.data_dir}:")
    print(
        f"  reviews: this financial year {first['reviews_this_year']}, all time "
        f"{first['reviews_all_time']}, 2024/25 {first['reviews_year']}"
    )
    print("  step         shown (ms)       freeze (ms)     busiest CPU (ms)   GUI CPU (ms)")
    for step in STEPS:

        def med(key: str, step: str = step) -> str:
            values = [r[f"{step}_{key}_ms"] for r in runs]
            return f"{statistics.median(values):6.0f} ({max(values):5.0f})"

        print(f"  {step:10} {med('shown')}   {med('freeze')}   {med('busiest')}   {med('gui_cpu')}")
    print("  (median of the runs, worst in brackets)")
    print(
        "  load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(
            *load_before, *load_after
        )
    )
    print("  json: " + json.dumps(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
