"""How long a large review takes to export (not a test: run it and read the figures).

    python benchmarks/export_large.py [--repeat 3] [--keep DIR] [--reviews 0]

Builds a large review in a temporary library (three contributors, every prompt answered at about
300 words, key learning for every theme) and 200 chronology entries passed to the exporters'
optional chronology input, then times reading the review (one read transaction) and each export:
the learning summary PDF (target: under 1 second), the 7-minute briefing and the Word document.

    python benchmarks/export_large.py --learning-report DATA_DIR [--repeat 1]

times the yearly learning report in Word over every review of a library that
``benchmarks/make_library.py`` built (issue 20's target: 2,000 reviews under 10 s): building its
read model from the library, and writing the document.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.domain.exporting import ExportOptions
from reviewdesk.domain.review import CaseRecord, Child, HouseholdMember, Relevance
from reviewdesk.exports.briefing_pdf import render_briefing_pdf
from reviewdesk.exports.summary_docx import render_summary_docx
from reviewdesk.exports.summary_pdf import render_summary_pdf
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services

_SAMPLE = (
    "the health visitor saw the baby at home and recorded who was caring for her that week "
    "while the social worker checked the police notification against the assessment and the "
    "plan which relied on what mother said about her partner and the nursery attendance"
)
WORDS = tuple(_SAMPLE.split(" "))
AGENCIES = ("Police", "Health visiting", "Children's social care", "GP", "Education", "Housing")


def text(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 22))
        sentence = " ".join(rng.choice(WORDS) for _ in range(n))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        left -= n
    return " ".join(sentences)


def build(services, rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    record = CaseRecord(
        reference="BENCH-2026-01",
        title="Child B, Westford (fictional benchmark review)",
        scope_start=date(2025, 1, 1),
        scope_end=date(2026, 1, 31),
        lead="Independent reviewer",
        children=(Child("Child B", "5 months"), Child("Sibling 1", "3 years")),
        household=(HouseholdMember("Mother"), HouseholdMember("Mother's partner")),
        agencies=AGENCIES,
    )
    review = services.reviews.create(record)
    framework = services.reviews.get(review.id).framework
    for name, role, agency in (
        ("Alex Example", "Health visitor", "Westford Community Health"),
        ("Sam Example", "Social worker", "Westford Council"),
        ("Jo Example", "Police officer", "Westford Police"),
    ):
        c = services.reviews.add_contributor(review.id, name, role, agency)
        for theme in framework.themes:
            for prompt in theme.prompts:
                services.reviews.save_answer(c.id, prompt.id, text(rng, 300), text(rng, 12))
            services.reviews.save_assessment(c.id, theme.id, Relevance.SIGNIFICANT, text(rng, 60))
    return review.id


def chronology(rng: random.Random) -> tuple[ChronologyEntry, ...]:
    start = date(2025, 1, 1)
    return tuple(
        ChronologyEntry(
            when=start + timedelta(days=rng.randint(0, 390)),
            what_happened=text(rng, rng.randint(20, 60)),
            agency=rng.choice(AGENCIES),
            source=f"Record {i}",
            significant=rng.random() < 0.2,
        )
        for i in range(200)
    )


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """Median wall-clock and CPU seconds over ``repeat`` runs, and the last result. CPU time is
    the fairer figure on a shared machine, where wall-clock time includes waiting for a core."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
    return statistics.median(walls), statistics.median(cpus), result


def warm_up() -> float:
    """Register the embedded fonts (once per process, as the app does on its first export)."""
    from reviewdesk.exports.fonts import fonts

    began = time.perf_counter()
    fonts()
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median shown)")
    parser.add_argument("--keep", metavar="DIR", help="also write the documents into DIR")
    parser.add_argument(
        "--reviews", type=int, default=0, help="generated reviews beside the large one (default 0)"
    )
    parser.add_argument(
        "--learning-report",
        metavar="DATA_DIR",
        help="time the Word learning report over every review of this library instead",
    )
    args = parser.parse_args()
    if args.learning_report:
        return learning_report(Path(args.learning_report), args.repeat, args.keep)
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        if args.reviews > 0:
            from benchmarks.make_library import build_library

            build_library(Path(tmp), reviews=args.reviews)
        services = open_services(resolve_paths(Path(tmp)))
        try:
            began = time.perf_counter()
            review_id = build(services, rng)
            built = time.perf_counter() - began
            read_s, _, source = timed(lambda: services.exports.input_for(review_id), args.repeat)
            source = replace(source, chronology=chronology(rng))
            doc = source.document
            answers = sum(len(w.answers) for w in doc.contributors)
            words = sum(len(a.text.split()) for w in doc.contributors for a in w.answers)
            options = ExportOptions()
            print(
                f"Large review: {len(doc.contributors)} contributors, {answers} answers, "
                f"{words:,} words, {len(source.chronology)} chronology entries "
                f"(built in {built:.1f} s)"
            )
            print(f"  read the review (one transaction)   {read_s * 1000:7.0f} ms")
            print(f"  load the fonts (first export only)  {warm_up() * 1000:7.0f} ms")
            results = {}
            for label, fn, ext in (
                ("learning summary PDF", render_summary_pdf, "pdf"),
                ("7-minute briefing PDF", render_briefing_pdf, "briefing.pdf"),
                ("learning summary Word", render_summary_docx, "docx"),
            ):
                seconds, cpu, data = timed(lambda fn=fn: fn(source, options), args.repeat)
                results[label] = (seconds, cpu)
                assert isinstance(data, bytes)
                extra = f", {data.count(b'/Type /Page') - data.count(b'/Type /Pages')} pages"
                extra = extra if ext.endswith("pdf") else ""
                print(
                    f"  {label:<34} {seconds * 1000:7.0f} ms  (CPU {cpu * 1000:.0f} ms; "
                    f"{len(data) / 1e6:.2f} MB{extra})"
                )
                if args.keep:
                    Path(args.keep).mkdir(parents=True, exist_ok=True)
                    (Path(args.keep) / f"large.{ext}").write_bytes(data)
            pdf, pdf_cpu = results["learning summary PDF"]
            verdict = "within" if pdf < 1.0 else "OVER"
            print(
                f"PDF target: under 1 s ({verdict}: {pdf:.2f} s wall-clock, "
                f"{pdf_cpu:.2f} s CPU; medians of {args.repeat})"
            )
        finally:
            services.close()
    return 0


def learning_report(data: Path, repeat: int, keep: str | None) -> int:
    """The Word learning report over all time (every review in the library)."""
    from reviewdesk.domain.dashboard import Period
    from reviewdesk.exports.learning_report_docx import render_learning_report_docx

    services = open_services(resolve_paths(data), daily_backup=False)
    try:
        everything = Period(date(1990, 1, 1), date(2100, 12, 31))
        build_s, build_cpu, report = timed(
            lambda: services.learning_report.build(everything), repeat
        )
        write_s, write_cpu, data_ = timed(lambda: render_learning_report_docx(report), repeat)
        assert isinstance(data_, bytes)
        print(f"Learning report over {len(report.reviews):,} reviews (medians of {repeat}):")
        print(f"  read the library   {build_s:6.1f} s  (CPU {build_cpu:.1f} s)")
        size = f"{len(data_):,} bytes"
        print(f"  write the Word     {write_s:6.1f} s  (CPU {write_cpu:.1f} s; {size})")
        total, total_cpu = build_s + write_s, build_cpu + write_cpu
        print(f"  together           {total:6.1f} s  (CPU {total_cpu:.1f} s)")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / "learning-report.docx").write_bytes(data_)
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
