"""How fast a search across a large library shows its first results (not a test: read the figures).

    python benchmarks/search.py [--data-dir DIR] [--reviews 1000] [--repeat 5]

Builds a library of 1,000 fictional reviews with benchmarks/make_library.py (or reuses the one in
DIR, building it there if DIR is empty), then times ~20 varied searches through
``SearchService.search`` (the same call the app and ``reviewdesk search`` make: the FTS5 query,
bm25 ranking, snippets, and grouping by review and theme), with and without filters. Prints the
median and worst time for each and overall, and the size of the index. Target (issue 8): first
results in under 50 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

from benchmarks.make_library import build_library  # noqa: E402
from reviewdesk.paths import resolve_paths  # noqa: E402
from reviewdesk.services.bundle import open_services  # noqa: E402
from reviewdesk.store import search as index  # noqa: E402

QUERIES: tuple[tuple[str, dict], ...] = (
    ("neglect", {}),
    ("health visitor", {}),
    ("A&E attendance", {}),
    ("strategy discussion", {}),
    ("professional curiosity", {}),
    ("mother's partner", {}),
    ("coercive control", {}),
    ("was not brought", {}),
    ("safer sle", {}),
    ("bruising protocol", {}),
    ("pre-birth assessment", {}),
    ("escalation", {}),
    ("MARAC", {}),
    ("county lines", {}),
    ("interpreter", {}),
    ("supervision", {"themes": ["critical-thinking"]}),
    ("domestic abuse", {"review_types": ["lcspr"]}),
    ("health visitor", {"date_from": date(2022, 1, 1), "date_to": date(2022, 12, 31)}),
    ("neglect", {"agencies": ["Police"], "statuses": ["published"]}),
    ("the", {}),  # a word in nearly every answer: the worst case
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or Path(tmp) / "library"
        if not (data / "reviewdesk.sqlite3").exists():
            started = time.perf_counter()
            build_library(data, reviews=args.reviews)
            print(f"built {args.reviews} reviews in {time.perf_counter() - started:.1f} s")
        services = open_services(resolve_paths(data), daily_backup=False)
        try:
            with services.store.read() as session:
                rows, size = index.index_size(session)
            library = (data / "reviewdesk.sqlite3").stat().st_size
            print(f"index: {rows:,} rows, {size / 2**20:.1f} MiB of {library / 2**20:.1f} MiB")
            services.search.search("warm up")
            firsts, all_ms = [], []
            for text, filters in QUERIES:
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    results = services.search.search(text, **filters)
                    times.append((time.perf_counter() - started) * 1000)
                all_ms += times
                firsts.append(times[0])
                label = text + (f" {filters}" if filters else "")
                print(
                    f"{statistics.median(times):7.1f} ms median {max(times):7.1f} ms worst "
                    f"{results.count:4} hits in {len(results.reviews):3} reviews  {label}"
                )
            print(
                f"all searches: median {statistics.median(all_ms):.1f} ms, worst "
                f"{max(all_ms):.1f} ms; under 50 ms: "
                f"{sum(t < 50 for t in all_ms)} of {len(all_ms)}"
            )
        finally:
            services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
