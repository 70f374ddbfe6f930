"""Start-up time through the real ``reviewdesk`` command, beside a bare PySide6 window.

    python benchmarks/startup.py [--rounds 30] [--reviews 1000] [--data-dir DIR] [--old TREE]
                                 [--command PATH] [--old-command PATH]

Each sample is a fresh process launched as a person launches the app: the installed
``reviewdesk`` command (the console script beside this Python), with no sub-command, on a library
of ``--reviews`` generated reviews (benchmarks/make_library.py; ``--reviews 0`` for just the demo
review). It is timed from just before it is spawned to two moments it reports itself when the
environment variable ``REVIEWDESK_STARTUP_PROBE`` is set (reviewdesk/app.py):

* "first paint": the library window is shown and fully drawn (``grab()`` renders every widget),
  with menus and New review... ready to use (the process's CPU time at that moment is reported
  too: on a busy machine it moves far less than the wall time);
* "reviews listed": the library has been opened (on a background thread) and the table filled;
  then the app quits.

The bare window is a minimal PySide6 script (QApplication, a 1200x800 QMainWindow, shown,
``grab()``, the time printed). Launches alternate (bare, ReviewDesk, bare...), so both see the
same machine. The best and the median launch are printed: on a shared machine the median moves
with whatever else is running, while the best launch is the cost of the code itself, so the
verdict is taken on the best launches. Target (issue 20): first paint within 1.5x the bare
window. Uses the offscreen platform when there is no display (as on CI).

``--old TREE`` (a checkout of older code, say ``git worktree add /tmp/old s8base``) adds a third
launch to each round: the same console script with ``PYTHONPATH=TREE``, so the older package is
imported instead of this one (the editable install's finder comes after ``PYTHONPATH``), and
old and new are compared side by side on the same machine load. The older code must have the
probe (``REVIEWDESK_STARTUP_PROBE``, since session 7). It gets a library of its own, made by its
own code: a library the newer code has migrated is one the older refuses to open (it says so in a
dialog, and the launch would wait there).

``--command PATH`` launches PATH instead of the console script: the installed app, say, the
bundle that ``installers/build.py`` makes (``dist/reviewdesk/reviewdesk``), which is what people
run. ``--old-command PATH`` adds another executable as the third launch of each round (an older
bundle, kept with ``cp -a dist/reviewdesk dist/reviewdesk-before``), the way ``--old`` adds an
older tree. Both get the same environment as the console script (the probe, the library).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

TARGET = 1.5
PROBE = "REVIEWDESK_STARTUP_PROBE"  # reviewdesk.app.STARTUP_PROBE (not imported: no Qt here)

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1200, 800)
w.show()
def ready():
    w.grab()  # everything drawn
    print("painted", time.time(), time.process_time(), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def reviewdesk_command() -> list[str]:
    """The installed ``reviewdesk`` console script of this Python's environment."""
    here = Path(sys.executable).parent
    for name in ("reviewdesk", "reviewdesk.exe"):
        if (here / name).exists():
            return [str(here / name)]
    found = shutil.which("reviewdesk")
    if found is None:
        raise SystemExit("The reviewdesk command is not installed (pip install -e .).")
    return [found]


def _env(pycache: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code cached, as in an installed app
    if pycache:
        env["PYTHONPYCACHEPREFIX"] = pycache
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and os.name == "posix":
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _launch(command: list[str], env: dict[str, str], timeout: float) -> dict[str, float]:
    """Spawn ``command`` and return the moments it printed, in seconds after the spawn."""
    start = time.time()
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    marks: dict[str, float] = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("painted", "listed"):
            marks[parts[0]] = float(parts[1]) - start
            if parts[0] == "listed" and len(parts) > 2:
                marks["rows"] = float(parts[2])
            if parts[0] == "painted" and len(parts) > 2:
                marks["painted_cpu"] = float(parts[2])  # the process's CPU time at first paint
    if done.returncode != 0 or "painted" not in marks:
        raise SystemExit(
            f"{' '.join(command[:2])} did not start as expected (exit {done.returncode}):\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return marks


def prepare(data_dir: Path, reviews: int) -> None:
    """A library of ``reviews`` generated reviews (or the demo review) with a profile, and the
    day's backup taken: as on any day after the first."""
    from reviewdesk.domain.review import Profile
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    paths = resolve_paths(data_dir)
    if reviews and not paths.database.exists():
        from benchmarks.make_library import build_library

        started = time.perf_counter()
        build_library(data_dir, reviews=reviews)
        print(f"built {reviews:,} reviews in {time.perf_counter() - started:.0f} s")
    services = open_services(paths)  # takes the day's backup, if it is due
    try:
        if not services.profile.get().name:
            services.profile.save(Profile("Sam Carter", "Review lead"))
        if not reviews:
            services.exchange.add_demo()
    finally:
        services.close()


def prepare_old(tree: Path, data_dir: Path, reviews: int) -> None:
    """:func:`prepare`, as the older code in ``tree`` does it (its own benchmarks/startup.py and
    package), so its library is at the revision it knows."""
    code = (
        "import sys; from pathlib import Path; from benchmarks.startup import prepare; "
        "prepare(Path(sys.argv[1]), int(sys.argv[2]))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(data_dir), str(reviews)],
        env={**_env(None), "PYTHONPATH": str(tree)},
        cwd=tree,
        check=True,
        timeout=3600,
    )


def measure(
    data: Path,
    rounds: int,
    *,
    pycache: str | None = None,
    old: Path | None = None,
    command: Path | None = None,
    old_command: Path | None = None,
    old_data: Path | None = None,
) -> dict[str, list[float]]:
    """``rounds`` alternating launches of each, after two to warm the caches. ``command`` and
    ``old_command`` are executables to launch instead of the console script (the bundle);
    ``old_data``: the older code's own library (see :func:`prepare_old`)."""
    env = _env(pycache)
    app_env = {**env, PROBE: "1", "REVIEWDESK_DATA_DIR": str(data)}
    bare = [sys.executable, "-c", BARE]
    app = [str(command)] if command is not None else reviewdesk_command()
    old_env = None
    old_app = app
    if old is not None:  # the older package first on the path; its own byte-code cache
        old_env = {**app_env, "PYTHONPATH": str(old)}
        if old_data is not None:
            old_env["REVIEWDESK_DATA_DIR"] = str(old_data)
        if pycache:
            old_env["PYTHONPYCACHEPREFIX"] = pycache + "-old"
    elif old_command is not None:  # another executable (an older bundle)
        old_env, old_app = app_env, [str(old_command)]
    for _ in range(2):  # warm the disk cache and the byte-code cache for each
        _launch(bare, env, 120)
        _launch(app, app_env, 600)
        if old_env is not None:
            _launch(old_app, old_env, 600)
    out: dict[str, list[float]] = {
        "bare": [],
        "painted": [],
        "listed": [],
        "rows": [],
        "bare_cpu": [],
        "painted_cpu": [],
        "old_painted": [],
        "old_painted_cpu": [],
        "old_listed": [],
    }
    for _ in range(rounds):  # alternate, so each sees the same machine load
        marks = _launch(bare, env, 120)
        out["bare"].append(marks["painted"])
        out["bare_cpu"].append(marks.get("painted_cpu", float("nan")))
        if old_env is not None:
            marks = _launch(old_app, old_env, 600)
            out["old_painted"].append(marks["painted"])
            out["old_painted_cpu"].append(marks.get("painted_cpu", float("nan")))
            out["old_listed"].append(marks.get("listed", float("nan")))
        marks = _launch(app, app_env, 600)
        out["painted"].append(marks["painted"])
        out["painted_cpu"].append(marks.get("painted_cpu", float("nan")))
        out["listed"].append(marks.get("listed", float("nan")))
        out["rows"].append(marks.get("rows", 0))
    return out


def report(samples: dict[str, list[float]], rounds: int) -> float:
    bare = samples["bare"]
    best_bare, median_bare = min(bare) * 1000, statistics.median(bare) * 1000
    print(f"Start-up over {rounds} alternating launches each (ms, from spawn):")
    print(f"  {'':34}{'best':>7}{'median':>9}")
    listed = f"{int(max(samples['rows'], default=0)):,} reviews listed"
    rows = [("bare PySide6 window", bare)]
    if samples.get("old_painted"):
        rows += [
            ("old reviewdesk: first paint", samples["old_painted"]),
            (f"old reviewdesk: {listed}", samples["old_listed"]),
        ]
    rows += [
        ("reviewdesk: first paint", samples["painted"]),
        (f"reviewdesk: {listed}", samples["listed"]),
    ]
    for name, values in rows:
        best, median = min(values) * 1000, statistics.median(values) * 1000
        ratios = (
            ""
            if values is bare
            else f"   ({best / best_bare:.2f}x bare best, {median / median_bare:.2f}x median)"
        )
        print(f"  {name:34}{best:7.0f}{median:9.0f}{ratios}")
    cpu_bare, cpu_app = min(samples["bare_cpu"]) * 1000, min(samples["painted_cpu"]) * 1000
    print(
        f"  CPU time of the process at first paint (best): bare {cpu_bare:.0f} ms, reviewdesk "
        f"{cpu_app:.0f} ms ({cpu_app / cpu_bare:.2f}x; steadier than wall time on a busy machine)"
    )
    cpu_median = statistics.median(samples["painted_cpu"]) * 1000
    bare_median = statistics.median(samples["bare_cpu"]) * 1000
    print(
        f"  CPU time at first paint (median): bare {bare_median:.0f} ms, "
        f"reviewdesk {cpu_median:.0f} ms"
    )
    if samples.get("old_painted_cpu"):
        old_cpu = samples["old_painted_cpu"]
        print(
            f"  CPU time at first paint, old reviewdesk: best {min(old_cpu) * 1000:.0f} ms "
            f"({min(old_cpu) * 1000 / cpu_bare:.2f}x), median "
            f"{statistics.median(old_cpu) * 1000:.0f} ms"
        )
    ratio = min(samples["painted"]) / min(bare)
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"Target: first paint within {TARGET}x of bare (best launches, {ratio:.2f}x): {verdict}.")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="launches of each (default 30)")
    parser.add_argument(
        "--reviews", type=int, default=1000, help="reviews in the library (0: the demo review)"
    )
    parser.add_argument("--data-dir", type=Path, help="a library to build or reuse")
    parser.add_argument(
        "--old", type=Path, metavar="TREE", help="also launch the package in TREE (older code)"
    )
    parser.add_argument(
        "--command",
        type=Path,
        metavar="PATH",
        help="launch PATH instead of the console script (e.g. dist/reviewdesk/reviewdesk)",
    )
    parser.add_argument(
        "--old-command",
        type=Path,
        metavar="PATH",
        help="also launch PATH in each round as the old code (e.g. an older bundle)",
    )
    args = parser.parse_args(argv)
    if args.old is not None and args.old_command is not None:
        parser.error("give --old or --old-command, not both")
    for given in (args.command, args.old_command):
        if given is not None and not (given.is_file() and os.access(given, os.X_OK)):
            parser.error(f"{given} is not an executable file")
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or Path(tmp) / "data"
        prepare(data, max(0, args.reviews))
        old_data = None
        if args.old is not None:
            old_data = data.with_name(data.name + "-old")
            prepare_old(args.old.resolve(), old_data, max(0, args.reviews))
        samples = measure(
            data,
            max(1, args.rounds),
            pycache=str(Path(tmp) / "pycache"),
            old=args.old,
            command=args.command.resolve() if args.command else None,
            old_command=args.old_command.resolve() if args.old_command else None,
            old_data=old_data,
        )
    print(f"reviewdesk: {args.command or ' '.join(reviewdesk_command())}")
    if args.old_command or args.old:
        print(f"old reviewdesk: {args.old_command or f'the same, PYTHONPATH={args.old}'}")
    report(samples, max(1, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
