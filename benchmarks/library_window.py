"""The library window on a big library, measured through the real windows (offscreen).

    python benchmarks/library_window.py DATA_DIR [--runs 3] [--cycles 20]

DATA_DIR is a library made by benchmarks/make_library.py. The script changes it as a person
would (a profile is saved, opening a review adds "you" to it), so give it a copy you can spare.

Each figure comes from a fresh process started as ``reviewdesk`` starts (``app.build_gui``):

* **reviews listed, warm / cold**: from spawning the process to the table filled
  (``library_ready``). "Cold" first asks the kernel to drop the library file's pages from its
  cache (``posix_fadvise(DONTNEED)`` on the file and its write-ahead log: only the library, not
  Python or Qt, as after a restart with the programs' files still cached by the system).
* **longest GUI-thread freeze**: a 5 ms ``QTimer`` heartbeat on the GUI thread; a freeze is the
  longest gap between two beats, per step: at open (from the window shown to a second after the
  list, so the background backup or check is included), sorting by four columns (header clicks),
  typing in the filter (one key each 120 ms, then deleting it), going back to the library from
  a review, and opening the theme dashboard.
* **memory**: the process's resident memory after opening ``--cycles`` reviews and going back
  to the library each time.
* **CPU time** beside the wall clock: of the whole process until the reviews are listed, and of
  the GUI thread in the busiest gap between two heartbeats. On a shared, loaded machine the
  wall clock also holds the time spent waiting for a core; the CPU time is the app's own doing.

Targets (issue 20, at 10,000 reviews): listed within 1.0 s warm and 2.0 s cold; no freeze over
100 ms at open, return, sort or filter; memory under 300 MiB after 20 open/return cycles;
dashboard under 500 ms. This script prints figures; it is not a test.
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

ROOT = Path(__file__).resolve().parents[1]


# --- the measured process ---------------------------------------------------------------------


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Heartbeat:
    """Beats every 5 ms on the GUI thread; ``longest(since)`` is the longest gap since then.

    Each beat also notes the GUI thread's CPU time, so ``busiest(since)`` gives the most CPU
    the GUI thread spent between two beats: on a shared, loaded machine a gap also holds the
    time the thread waited for a core (or for Python's lock), which moves from run to run,
    while the CPU it spent is the app's own doing."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.beats: list[float] = [time.perf_counter()]
        self.cpu: list[float] = [time.thread_time()]
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())
        self.cpu.append(time.thread_time())

    def _gaps(self, since: float, until: float | None) -> list[tuple[float, float]]:
        until = until or time.perf_counter()
        now_cpu = time.thread_time()
        pairs = list(zip(self.beats, self.cpu, strict=True))
        beats = [(b, c) for b, c in pairs if since <= b <= until]
        before = [c for b, c in pairs if b < since]  # the CPU time at the last beat before
        first = before[-1] if before else (beats[0][1] if beats else now_cpu)
        beats.append((until, now_cpu))
        return [
            (b - a, cb - ca)
            for (a, ca), (b, cb) in zip([(since, first), *beats], beats, strict=False)
        ]

    def longest(self, since: float, until: float | None = None) -> float:
        return max((wall for wall, _cpu in self._gaps(since, until)), default=0.0) * 1000

    def busiest(self, since: float, until: float | None = None) -> float:
        return max((cpu for _wall, cpu in self._gaps(since, until)), default=0.0) * 1000


def child(mode: str, data_dir: str, spawned: float, cycles: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest

    from reviewdesk.app import build_gui

    try:
        from reviewdesk.app import finish_background_work
    except ImportError:  # before issue 20 nothing ran in the background after opening

        def finish_background_work() -> None:
            pass

    from reviewdesk.gui.models.reviews_table import ID_ROLE

    app, window = build_gui(data_dir, [sys.argv[0]])
    beat = Heartbeat()
    shown = time.perf_counter()
    out: dict[str, object] = {}
    steps = iter(())

    def run_steps() -> None:
        try:
            wait = next(steps)
        except StopIteration:
            print(json.dumps(out), flush=True)
            app.quit()
            return
        QTimer.singleShot(int(wait), run_steps)

    def listed() -> None:
        nonlocal steps
        out["listed_s"] = time.time() - spawned
        # CPU time of the whole process (every thread) until then: steadier than the wall
        # clock on a loaded machine (interpreter start-up included, as in the wall time)
        out["listed_cpu_s"] = time.process_time()
        out["rows"] = window.library.proxy.rowCount()
        if mode == "listed":
            print(json.dumps(out), flush=True)
            app.quit()
            return
        steps = session()
        run_steps()

    def session():  # type: ignore[no-untyped-def]
        yield 1000  # the background work that follows the list (backup, check) included
        out["freeze_open_ms"] = beat.longest(shown)
        out["cpu_open_ms"] = beat.busiest(shown)
        table = window.library.table
        header = table.horizontalHeader()
        start = time.perf_counter()
        for column in (1, 3, 5, 0):
            x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
            QTest.mouseClick(
                header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
            )
            yield 300
        out["freeze_sort_ms"] = beat.longest(start)
        out["cpu_sort_ms"] = beat.busiest(start)
        box = window.library.filter
        box.setFocus()
        start = time.perf_counter()
        for ch in "rapid 2023":
            QTest.keyClick(box, ch)
            yield 120
        out["shown_after_filter"] = window.library.proxy.rowCount()
        for _ in "rapid 2023":
            QTest.keyClick(box, Qt.Key.Key_Backspace)
            yield 120
        out["freeze_filter_ms"] = beat.longest(start)
        out["cpu_filter_ms"] = beat.busiest(start)
        ids = [
            window.library.proxy.index(r, 0).data(ID_ROLE)
            for r in range(min(cycles, window.library.proxy.rowCount()))
        ]
        returns, opens, back_ms, returns_cpu, opens_cpu = [], [], [], [], []
        out["rss_before_mib"] = _rss_mib()
        for review_id in ids:
            start = time.perf_counter()
            window.open_review(review_id)
            yield 400
            opens.append(beat.longest(start))
            opens_cpu.append(beat.busiest(start))
            start = time.perf_counter()
            window.back_to_library()
            back_ms.append((time.perf_counter() - start) * 1000)
            yield 400
            returns.append(beat.longest(start))
            returns_cpu.append(beat.busiest(start))
            if len(returns) == 1:
                out["rss_after_1_mib"] = _rss_mib()
        app.processEvents()
        out["rss_after_cycles_mib"] = _rss_mib()
        out["cycles"] = len(ids)
        out["freeze_return_ms"] = max(returns, default=0.0)
        out["return_call_ms"] = statistics.median(back_ms) if back_ms else 0.0
        out["freeze_open_review_ms"] = max(opens, default=0.0)
        out["cpu_return_ms"] = max(returns_cpu, default=0.0)
        out["cpu_open_review_ms"] = max(opens_cpu, default=0.0)
        start = time.perf_counter()
        window.review_actions.show_dashboard()
        out["dashboard_call_ms"] = (time.perf_counter() - start) * 1000
        dash = window.review_actions.dashboard_window
        while getattr(dash, "dashboard", None) is None:
            yield 10
        out["dashboard_ready_ms"] = (time.perf_counter() - start) * 1000
        yield 300
        out["freeze_dashboard_ms"] = beat.longest(start)
        out["cpu_dashboard_ms"] = beat.busiest(start)

    window.library_ready.connect(lambda: QTimer.singleShot(0, listed))
    app.exec()
    finish_background_work()
    window.services.close()


# --- the parent: prepare, launch, report --------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # byte-code cached by the warm-up launch, as in an installed app (as benchmarks/startup.py
    # does): with PYTHONDONTWRITEBYTECODE set, every launch compiled ReviewDesk's modules again
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _drop_from_cache(database: Path) -> None:
    for path in (database, database.with_name(database.name + "-wal")):
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def _launch(mode: str, data_dir: Path, cycles: int) -> dict:  # type: ignore[type-arg]
    # a remembered open review would open at start-up: start on the library, as measured
    settings = data_dir / "settings.ini"
    if settings.exists():
        settings.unlink()
    spawned = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(data_dir), str(spawned), str(cycles)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=900,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        raise SystemExit(f"The measured process failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(lines[-1])


def prepare(data_dir: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from reviewdesk.domain.review import Profile
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    paths = resolve_paths(str(data_dir))
    services = open_services(paths)
    if not services.profile.get().is_set:
        services.profile.save(Profile("Sam Carter", "Review lead"))
    services.close()
    return paths.database


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, data_dir, spawned, cycles = sys.argv[2:6]
        child(mode, data_dir, float(spawned), int(cycles))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cycles", type=int, default=20)
    args = parser.parse_args()
    data = Path(args.data_dir)
    database = prepare(data)
    _launch("listed", data, 0)  # byte-code and disk cache warmed (see _env)
    warm, cold, warm_cpu, cold_cpu = [], [], [], []
    for _ in range(args.runs):  # alternate, so both see the same machine
        run = _launch("listed", data, 0)
        warm.append(run["listed_s"])
        warm_cpu.append(run.get("listed_cpu_s", 0.0))
        _drop_from_cache(database)
        run = _launch("listed", data, 0)
        cold.append(run["listed_s"])
        cold_cpu.append(run.get("listed_cpu_s", 0.0))
    s = _launch("session", data, args.cycles)
    print(f"Library window over {s['rows']} reviews shown ({database}):")
    print(f"  reviews listed, warm: best {min(warm):.2f} s, median {statistics.median(warm):.2f} s")
    print(f"  reviews listed, cold: best {min(cold):.2f} s, median {statistics.median(cold):.2f} s")
    print(
        f"  CPU time of the process until listed: warm median {statistics.median(warm_cpu):.2f} s,"
        f" cold median {statistics.median(cold_cpu):.2f} s"
    )
    print("  longest GUI-thread freeze (ms; and the most GUI-thread CPU between two beats):")
    for key in ("open", "sort", "filter", "return", "open_review", "dashboard"):
        print(f"    {key:12} {s[f'freeze_{key}_ms']:7.0f}   (CPU {s.get(f'cpu_{key}_ms', 0):5.0f})")
    print(f"  back to the library (the call): median {s['return_call_ms']:.0f} ms")
    print(
        "  json: "
        + json.dumps({"warm": warm, "cold": cold, "warm_cpu": warm_cpu, "cold_cpu": cold_cpu, **s})
    )
    print(f"  dashboard shown with figures: {s['dashboard_ready_ms']:.0f} ms")
    print(
        f"  memory: {s['rss_before_mib']:.0f} MiB before, {s['rss_after_1_mib']:.0f} MiB after "
        f"one review, {s['rss_after_cycles_mib']:.0f} MiB after {s['cycles']} open/return cycles"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
