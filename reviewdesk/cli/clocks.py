"""``reviewdesk due``: what is due and overdue across the library's reviews (issue 18).

Each line: the review, the step, its due date and the working days left (negative when overdue).
The arithmetic is reviewdesk/domain/clocks.py; the list comes from ClockService.
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_USER_ERROR = 0, 1


def add_due_command(sub) -> None:  # type: ignore[no-untyped-def]
    p_due = sub.add_parser(
        "due",
        help="list what is due and overdue across reviews (working-day clocks)",
        description=(
            "What is due and overdue across the library's current reviews: notifying the "
            "Panel, the rapid review, a local review's final report, the final report to the "
            "Panel before publication, contribution packs' return-by dates and actions' due "
            "dates. Days are working days in England and Wales, less the partnership's closure "
            "days (library settings). Archived reviews are left out."
        ),
    )
    p_due.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p_due.add_argument(
        "--within",
        metavar="DAYS",
        type=_days,
        default=None,
        help="only what is overdue or due within DAYS working days (default: everything)",
    )


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days") from None
    if not 0 <= days <= 2000:
        raise argparse.ArgumentTypeError("give a number of working days from 0 to 2000")
    return days


def day(text: str):  # type: ignore[no-untyped-def]
    """A date typed on the command line (29/12/2026 or 2026-12-29)."""
    from reviewdesk.domain.clocks import parse_day

    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date: write it as 18/12/2026 or 2026-12-18"
        ) from None


def due(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    steps = services.clocks.due(within=args.within)
    today = services.clocks.today()
    if args.json:  # docs/formats.md, section 8
        rows = [
            {
                "reference": s.reference,
                "title": s.title,
                "step": s.step,
                "kind": s.kind.value,
                "due_date": s.due_date.isoformat(),
                "working_days_left": s.working_days_left,
                "overdue": s.overdue,
                "basis": s.basis,
            }
            for s in steps
        ]
        document = {
            "format": "reviewdesk-due",
            "format_version": 1,
            "today": today.isoformat(),
            "within": args.within,
            "steps": rows,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not steps:
        more = f" in the next {args.within} working days" if args.within is not None else ""
        print(f"Nothing is due or overdue{more}. (Today is {today.day} {today:%B %Y}.)")
        return EXIT_OK
    overdue = sum(1 for s in steps if s.overdue)
    head = ("Review", "Step", "Due", "Working days left")
    rows = [
        (s.reference, s.step, f"{s.due_date:%a} {s.due_date.day} {s.due_date:%b %Y}", _left(s))
        for s in steps
    ]
    widths = [min(60, max(len(r[i]) for r in [head, *rows])) for i in range(3)]
    for r in [head, *rows]:
        cells = [r[i][: widths[i]].ljust(widths[i]) for i in range(3)]
        print("  ".join([*cells, r[3]]).rstrip())
    summary = f"{len(steps)} step{'s' if len(steps) != 1 else ''}"
    if overdue:
        summary += f", {overdue} overdue"
    print(f"\n{summary}. Today is {today.day} {today:%B %Y}.", file=sys.stdout)
    return EXIT_OK


def _left(step) -> str:  # type: ignore[no-untyped-def]
    if step.overdue:
        return f"{step.working_days_left} (overdue)"
    return "0 (due today)" if step.working_days_left == 0 else str(step.working_days_left)
