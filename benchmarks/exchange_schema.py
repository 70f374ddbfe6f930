"""What checking an imported file against its JSON Schema costs (issue 21, point 3).

    python benchmarks/exchange_schema.py [--runs 5] [--reviews 1000]

Prints in milliseconds (best of ``--runs``): compiling the review schema (once per process, on
the first import), checking the demo review's export and a large review (500 contributors,
every prompt answered at 2,000 words, 10,000 chronology entries: about 50 MB) with ReviewDesk's
compiled check (fastjsonschema) and with jsonschema for comparison, then a whole import of the
demo's export into a library of ``--reviews`` generated reviews, and the share the check takes.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # see make_library.py
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import copy  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402


def _best(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reviews", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("REVIEWDESK_DEMO_DATE", "2026-08-03")

    import jsonschema
    from referencing import Registry, Resource

    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services
    from reviewdesk.services.exchange import schema as exchange_schema

    started = time.perf_counter()
    check = exchange_schema.validator("reviewdesk-review")
    took = (time.perf_counter() - started) * 1000
    print(f"compile the review schema (once per process): {took:.0f} ms")
    schemas = [exchange_schema._schema(f) for f, _ in exchange_schema.SCHEMAS.values()]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    slow = jsonschema.Draft202012Validator(schemas[0], registry=registry)

    with tempfile.TemporaryDirectory() as scratch:
        svc = open_services(resolve_paths(Path(scratch) / "a"))
        demo, _ = svc.exchange.add_demo()
        doc = json.loads(svc.exchange.export_json_bytes(demo.id))
        svc.close()
        big = copy.deepcopy(doc)
        first = doc["contributors"][0]
        big["contributors"] = []
        for i in range(500):
            person = copy.deepcopy(first)
            person.update(uid=str(uuid.uuid4()), name=f"Person {i}")
            for answer in person["answers"]:
                answer["text"] = "word " * 2000
            big["contributors"].append(person)
        big["chronology"] = [
            dict(doc["chronology"][0], uid=str(uuid.uuid4())) for _ in range(10_000)
        ]
        size = len(json.dumps(big).encode()) / 1e6
        for name, document in (("the demo", doc), (f"a large review ({size:.0f} MB)", big)):
            fast = _best(args.runs, lambda d=document: check(d))
            slower = _best(max(1, args.runs // 2), lambda d=document: slow.validate(d))
            print(f"check {name}: fastjsonschema {fast:.1f} ms, jsonschema {slower:.1f} ms")

        from benchmarks.make_library import build_library

        library = Path(scratch) / "b"
        build_library(library, reviews=args.reviews)
        svc = open_services(resolve_paths(library))
        try:
            doc["review"]["reference"] = "BENCH-1"
            started = time.perf_counter()
            svc.exchange.import_document(doc)
            whole = (time.perf_counter() - started) * 1000
        finally:
            svc.close()
        share = _best(args.runs, lambda: check(doc))
        print(
            f"import the demo's export into a library of {args.reviews:,} reviews: "
            f"{whole:.0f} ms, of which the schema check {share:.1f} ms"
        )


if __name__ == "__main__":
    main()
