"""``reviewdesk search``: search across every review from the command line (issue 8).

Kept beside the front door (cli/__init__.py) so each stays one idea. Nothing heavy is imported
until the command runs: ``--help`` stays instant. The ``--json`` document is described in
docs/formats.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from reviewdesk.domain.words import count

EXIT_OK, EXIT_USER_ERROR = 0, 1
JSON_FORMAT = "reviewdesk-search"
JSON_VERSION = 1


def _day(text: str) -> date:
    for parse in (date.fromisoformat, _uk_date):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is not a date (use 2024-03-31 or 31/03/2024)")


MAX_COUNT = 1_000_000


def limit_number(text: str) -> int:
    """A ``--limit``: a whole number from 1 to a million (a huge one never reaches SQLite)."""
    digits = text.strip().replace(",", "").replace("_", "")
    if not digits.isdigit() or len(digits) > 7 or not 1 <= int(digits) <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a number from 1 to {MAX_COUNT:,}")
    return int(digits)


def _uk_date(text: str) -> date:
    day, month, year = (int(p) for p in text.split("/"))
    return date(year, month, day)


class _Values:
    """The values of one of domain.review's enums, read when argparse first asks (for help, or
    to check what was typed). Importing domain.review when the parser is built cost every
    launch, the app's included, about 25 ms before anything else could happen."""

    def __init__(self, enum_name: str) -> None:
        self._enum_name = enum_name

    def _values(self) -> list[str]:
        from reviewdesk.domain import review

        return [member.value for member in getattr(review, self._enum_name)]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values())

    def __contains__(self, value: object) -> bool:
        return value in self._values()


def add_search_command(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        "search",
        help="search every review's answers, key learning, findings, chronology, episodes, "
        "recommendations and actions",
        description=(
            "Search across every review in the library (never private notes; never reviews in "
            "the Trash). Type words as you would anywhere: every word must appear, the last one "
            "may be the start of a word, and punctuation is only punctuation. The date range "
            "uses each review's notification date, or its incident date, or the day it was "
            "started."
        ),
    )
    p.add_argument("query", metavar="QUERY", nargs="+", help="the words to look for")
    p.add_argument("--json", action="store_true", help="print a JSON document (docs/formats.md)")
    p.add_argument(
        "--theme", metavar="ID", action="append", default=[], help="only this theme (repeatable)"
    )
    p.add_argument(
        "--type",
        metavar="T",
        action="append",
        default=[],
        choices=_Values("ReviewType"),
        help="only this review type (repeatable): %(choices)s",
    )
    p.add_argument("--from", dest="date_from", metavar="DATE", type=_day, help="from this date")
    p.add_argument("--to", dest="date_to", metavar="DATE", type=_day, help="to this date")
    p.add_argument(
        "--agency", metavar="A", action="append", default=[], help="reviews involving agency A"
    )
    p.add_argument(
        "--status",
        metavar="S",
        action="append",
        default=[],
        choices=_Values("ReviewStatus"),
        help="only reviews at this stage (repeatable): %(choices)s",
    )
    p.add_argument(
        "--limit", type=limit_number, default=200, help="at most this many results (200)"
    )


def search(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.analysis import date_label
    from reviewdesk.domain.search import bracketed, snippet_parts
    from reviewdesk.services.frameworks import default_framework

    text = " ".join(args.query)
    known = {t.id for t in default_framework().themes}
    unknown = [t for t in args.theme if t not in known]
    if unknown:
        print(
            f"reviewdesk: there is no theme '{unknown[0]}'. The themes are: "
            + ", ".join(sorted(known)),
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    if args.date_from and args.date_to and args.date_from > args.date_to:
        print("reviewdesk: the --from date is after the --to date.", file=sys.stderr)
        return EXIT_USER_ERROR
    results = services.search.search(
        text,
        themes=args.theme,
        review_types=args.type,
        date_from=args.date_from,
        date_to=args.date_to,
        agencies=args.agency,
        statuses=args.status,
        limit=max(1, args.limit),
    )
    if not results.searched:
        print(
            "reviewdesk: there is nothing to search for in that: please type a word.",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    if args.json:
        print(json.dumps(_document(results, snippet_parts), ensure_ascii=False, indent=2))
        return EXIT_OK
    if not results.count:
        print(f"No matches for “{text}”.")
        return EXIT_OK
    from reviewdesk.domain.review import ReviewStatus, ReviewType

    for review in results.reviews:
        kind = ReviewType(review.review_type).label
        status = ReviewStatus(review.status).label
        archived = ", archived" if review.archived else ""
        print(f"{review.reference}  {review.title}")
        print(f"  {kind}, {status}{archived}, {date_label(review.period_date)}")
        for theme in review.themes:
            print(f"  {theme.title}")
            for hit in theme.hits:
                who = f" ({hit.who})" if hit.who else ""
                print(f"    {hit.where}{who}")
                print(f"      {bracketed(hit.snippet)}")
        print()
    more = ""
    if results.truncated:
        which = "the best" if results.ranked else "the newest (the words are in very many places)"
        more = f" ({which} of more: add words or filters to narrow it)"
    noun = "match" if results.count == 1 else "matches"
    print(f"{results.count} {noun} in {count(len(results.reviews), 'review')}{more}.")
    return EXIT_OK


def _document(results, snippet_parts) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    def snippet(marked: str) -> dict[str, Any]:
        text, spans = "", []
        for part, hit in snippet_parts(marked):
            if hit:
                spans.append([len(text), len(text) + len(part)])
            text += part
        return {"text": text, "highlights": spans}

    return {
        "format": JSON_FORMAT,
        "format_version": JSON_VERSION,
        "query": results.text,
        "terms": list(results.terms),
        "count": results.count,
        "truncated": results.truncated,
        "ranked": results.ranked,
        "reviews": [
            {
                "reference": r.reference,
                "title": r.title,
                "review_type": r.review_type,
                "status": r.status,
                "period_date": r.period_date.isoformat(),
                "archived": r.archived,
                "themes": [
                    {
                        "theme_id": t.theme_id or None,
                        "title": t.title,
                        "hits": [
                            {
                                "kind": h.kind.value,
                                "where": h.where,
                                "who": h.who,
                                "snippet": snippet(h.snippet),
                                "location": {
                                    "review_id": h.location.review_id,
                                    "contributor_id": h.location.contributor_id,
                                    "theme_id": h.location.theme_id or None,
                                    "prompt_id": h.location.prompt_id or None,
                                    "item_id": h.location.item_id,
                                    "item_uid": h.location.item_uid or None,
                                    "field": h.location.field,
                                },
                            }
                            for h in t.hits
                        ],
                    }
                    for t in r.themes
                ],
            }
            for r in results.reviews
        ],
    }
