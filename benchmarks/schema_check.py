"""What comparing a library's whole schema with ReviewDesk's own costs on every open.

    python benchmarks/schema_check.py [--runs 30] [--reviews 0]

Makes a fresh library (in a temporary folder), then prints in milliseconds: loading the stored
snapshot (once per process), one comparison of ``sqlite_master`` with it (median and best of
``--runs``), and a whole ``open_store`` of the up-to-date library with the check and without it
(median and best), so the check's share of an open can be read off.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # see make_library.py
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--reviews", type=int, default=0, help="generated reviews in the library (default 0)"
    )
    args = parser.parse_args()
    runs = args.runs

    from reviewdesk.store import engine, schema

    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "reviewdesk.sqlite3"
        if args.reviews > 0:
            from benchmarks.make_library import build_library

            build_library(Path(scratch), reviews=args.reviews)
        engine.open_store(db).close()
        conn = sqlite3.connect(db)
        revision = schema.revision_of(conn)
        schema.expected_shape.cache_clear()  # as in a new process: import the snapshots again
        sys.modules.pop("reviewdesk.store.schema_snapshots", None)
        started = time.perf_counter()
        schema.expected_shape(revision)
        load = (time.perf_counter() - started) * 1000
        compare = []
        for _ in range(runs):
            started = time.perf_counter()
            assert schema.differences(conn, revision).ok
            compare.append((time.perf_counter() - started) * 1000)
        conn.close()

        def opens() -> list[float]:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                engine.open_store(db).close()
                times.append((time.perf_counter() - started) * 1000)
            return times

        with_check = opens()
        real = engine.check_shape
        engine.check_shape = lambda *a, **k: ()  # type: ignore[assignment]
        try:
            without = opens()
        finally:
            engine.check_shape = real

    def line(name: str, values: list[float]) -> str:
        return f"{name:<34} median {statistics.median(values):7.2f}  best {min(values):7.2f}"

    print(f"{'snapshot loaded (once a process)':<34} {load:7.2f}")
    print(line("one schema comparison", compare))
    print(line("open_store, with the check", with_check))
    print(line("open_store, without the check", without))


if __name__ == "__main__":
    main()
