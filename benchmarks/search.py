"""How fast a search across a large library shows its first results (not a test: read the figures).

    python benchmarks/search.py [--data-dir DIR] [--reviews 1000] [--repeat 5] [--prefix-both-ways]
    python benchmarks/search.py --data-dir DIR --caps 10000,5000   # how many candidates to rank

Builds a library of 1,000 fictional reviews with benchmarks/make_library.py (or reuses the one in
DIR, building it there if DIR is empty), then times ~20 varied searches through
``SearchService.search`` (the same call the app and ``reviewdesk search`` make: the FTS5 query,
bm25 ranking, snippets, and grouping by review and theme), with and without filters. Prints the
median and worst time for each and overall (wall clock, and the CPU time of this process: on a
shared machine the wall clock also counts the time other programs had the cores), and the size
of the index. Target (issue 8): first results in under 50 ms; issue 20: a median under 50 ms at
10,000 reviews, ranked.
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
from reviewdesk.store import search_terms  # noqa: E402

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
    parser.add_argument(
        "--rank-at-most", type=int, help="candidates for ranking (to measure other choices)"
    )
    parser.add_argument(
        "--prefix-both-ways",
        action="store_true",
        help="time each search alternately with the typed prefix written out as the words it "
        "starts (store/search_terms.py) and left to FTS5, in this one process (CPU time)",
    )
    parser.add_argument(
        "--caps",
        help="comma-separated numbers of candidates for ranking (RANK_AT_MOST): time each "
        "search alternately with each, in this one process (CPU time), and say how many of "
        "its first 20 results are among the first 20 of ranking every match",
    )
    args = parser.parse_args(argv)
    if args.rank_at_most:
        index.RANK_AT_MOST = args.rank_at_most
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
            if args.prefix_both_ways:
                _prefix_both_ways(services, args.repeat)
                return 0
            if args.caps:
                _caps_compared(services, [int(c) for c in args.caps.split(",")], args.repeat)
                return 0
            all_ms, all_cpu, ranked = [], [], 0
            for text, filters in QUERIES:
                times, cpu = [], []
                for _ in range(args.repeat):
                    started, used = time.perf_counter(), time.process_time()
                    results = services.search.search(text, **filters)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - used) * 1000)
                all_ms += times
                all_cpu += cpu
                ranked += bool(getattr(results, "ranked", True))
                label = text + (f" {filters}" if filters else "")
                print(
                    f"{statistics.median(times):7.1f} ms median {max(times):7.1f} ms worst "
                    f"{statistics.median(cpu):7.1f} ms CPU "
                    f"{results.count:4} hits in {len(results.reviews):3} reviews  {label}"
                )
            print(
                f"all searches: median {statistics.median(all_ms):.1f} ms, worst "
                f"{max(all_ms):.1f} ms; under 50 ms: "
                f"{sum(t < 50 for t in all_ms)} of {len(all_ms)}; CPU median "
                f"{statistics.median(all_cpu):.1f} ms, under 50 ms: "
                f"{sum(t < 50 for t in all_cpu)} of {len(all_cpu)}; ranked: {ranked} of "
                f"{len(QUERIES)} queries"
            )
        finally:
            services.close()
    return 0


def _prefix_both_ways(services, repeat: int) -> None:  # type: ignore[no-untyped-def]
    """Each query ``repeat`` times each way, the two ways alternating (and which goes first),
    so that a busy moment weighs on both alike."""
    written_out = search_terms.expand
    ways = {"left to FTS5": lambda _session, match: match, "written out": written_out}
    totals: dict[str, list[float]] = {name: [] for name in ways}
    try:
        for text, filters in QUERIES:
            cpu: dict[str, list[float]] = {name: [] for name in ways}
            for i in range(repeat):
                for name in list(ways)[:: 1 if i % 2 == 0 else -1]:
                    search_terms.expand = ways[name]
                    used = time.process_time()
                    services.search.search(text, **filters)
                    cpu[name].append((time.process_time() - used) * 1000)
            for name in ways:
                totals[name] += cpu[name]
            label = text + (f" {filters}" if filters else "")
            print(
                "  ".join(f"{statistics.median(cpu[n]):7.1f} ms {n}" for n in ways) + f"  {label}"
            )
    finally:
        search_terms.expand = written_out
    print(
        "all searches, median CPU: "
        + ", ".join(f"{statistics.median(totals[n]):.1f} ms {n}" for n in ways)
    )


def _caps_compared(services, caps: list[int], repeat: int) -> None:  # type: ignore[no-untyped-def]
    """Each query ``repeat`` times with each number of candidates, alternating (and which goes
    first), then the first 20 fields found with each against those of ranking every match (a
    cap no query reaches: slow, once per query)."""
    chosen = index.RANK_AT_MOST
    search = index.search
    found: list[int] = []

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        hits = search(*args, **kwargs)
        found[:] = [h.doc_id for h in hits]
        return hits

    def first_20(text: str, filters: dict, cap: int) -> set[int]:
        index.RANK_AT_MOST = cap
        services.search.search(text, limit=20, **filters)
        return set(found[:20])

    cpu: dict[int, list[float]] = {c: [] for c in caps}
    shared: dict[int, list[int]] = {c: [] for c in caps}
    index.search = recording
    try:
        for text, filters in QUERIES:
            per_query: dict[int, list[float]] = {c: [] for c in caps}
            for i in range(repeat):
                for cap in caps[:: 1 if i % 2 == 0 else -1]:
                    index.RANK_AT_MOST = cap
                    used = time.process_time()
                    services.search.search(text, **filters)
                    per_query[cap].append((time.process_time() - used) * 1000)
            best = first_20(text, filters, 10**9)
            for cap in caps:
                cpu[cap] += per_query[cap]
                shared[cap].append(len(first_20(text, filters, cap) & best))
            label = text + (f" {filters}" if filters else "")
            print(
                "  ".join(
                    f"{statistics.median(per_query[c]):7.1f} ms {shared[c][-1]:2}/20 at {c}"
                    for c in caps
                )
                + f"  {label}"
            )
    finally:
        index.search = search
        index.RANK_AT_MOST = chosen
    for cap in caps:
        print(
            f"{cap} candidates: median CPU {statistics.median(cpu[cap]):.1f} ms, under 50 ms: "
            f"{sum(t < 50 for t in cpu[cap])} of {len(cpu[cap])}; of the first 20 of ranking "
            f"every match, {sum(shared[cap])} of {20 * len(QUERIES)} found"
        )


if __name__ == "__main__":
    raise SystemExit(main())
