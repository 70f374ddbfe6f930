"""Cross-case learning on the command line: ``reviewdesk report`` writes the yearly learning
report for a period as PDF, Word or CSV.

Kept beside the front door (cli/__init__.py) as self-contained functions. Like it, nothing heavy is
imported until a command runs: ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

EXIT_OK = 0
REVIEW_TYPES = (
    "rapid_review", "lcspr", "single_agency", "multi_agency_audit", "learning_event",
    "appreciative_inquiry", "welsh_cpr_concise", "welsh_cpr_extended",
)  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def add_report_command(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        "report",
        help="write the learning report across a period's reviews (PDF, Word or CSV)",
        description=(
            "Write the learning report for a partnership's yearly report: the reviews covered, "
            "theme prevalence, key learning and findings by theme, recommendations and actions, "
            "evidence of impact, and what is still open. A review is in the period when something "
            "happened in it then: the incident, the notification, the rapid review, a decision, "
            "the publication, an action due or completed, or impact recorded. Reviews "
            "in the Trash are left out. Names in each review's name key are replaced."
        ),
    )
    p.add_argument("--from", dest="date_from", metavar="DATE", required=True,
                   help="first day of the period (2025-04-01 or 01/04/2025)")  # fmt: skip
    p.add_argument("--to", dest="date_to", metavar="DATE", required=True,
                   help="last day of the period, included")  # fmt: skip
    p.add_argument("--format", choices=("pdf", "docx", "csv"), required=True)
    p.add_argument("--output", "-o", metavar="FILE", required=True, help="file to write")
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.add_argument("--type", action="append", choices=REVIEW_TYPES, default=[],
                   help="only reviews of this type (may be given more than once)")  # fmt: skip
    p.add_argument("--marking", metavar="TEXT",
                   help="protective marking (default: the library's; 'none' for none)")  # fmt: skip
    p.add_argument("--case-record", action="store_true",
                   help="include the counts by the case record for analysis (special-category "
                        "data, small numbers suppressed; off by default)")  # fmt: skip


def parse_day(text: str, which: str) -> date:
    from reviewdesk.domain.errors import ReviewDeskError

    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ReviewDeskError(
        f"'{text}' is not a date ReviewDesk can read for {which}. Please write it as "
        "2025-04-01 or 01/04/2025."
    )


def report(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.domain.learning_report import ReportFormat
    from reviewdesk.domain.review import ReviewType

    output = Path(args.output)
    if output.exists() and not args.force:
        raise ReviewDeskError(
            f"{output} already exists. Choose another name, or add --force to replace it."
        )
    period = Period(
        parse_day(args.date_from, "--from"),
        parse_day(args.date_to, "--to"),
        tuple(ReviewType(t) for t in dict.fromkeys(args.type)),
    )
    marking = args.marking
    if marking is not None and marking.strip().casefold() == "none":
        marking = ""
    fmt = ReportFormat(args.format)
    services.learning_report.export(
        period,
        fmt,
        output,
        marking=marking,
        overwrite=args.force,
        case_record=getattr(args, "case_record", False),
    )
    print(f"Wrote the learning report for {period.label} ({fmt.label}) to {output}")
    return EXIT_OK
