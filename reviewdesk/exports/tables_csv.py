"""The action plan and the chronology as CSV, for a spreadsheet.

Every cell that begins like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
prefixed with a single quote, so a spreadsheet shows it as text instead of running it (CSV
formula injection). UTF-8 with a byte-order mark and CRLF line endings, as Excel expects.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from reviewdesk.domain.analysis import Action, ChronologyEntry, Recommendation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ACTIONS_CSV_HEADER = (
    "Recommendation",
    "Action",
    "Owner agency",
    "Owner role",
    "Due",
    "Status",
    "Overdue",
    "How we will know it worked",
    "Impact evidence",
    "Impact recorded",
    "Completed",
)
CHRONOLOGY_CSV_HEADER = (
    "Date",
    "Date precision",
    "Agency",
    "What happened",
    "Source record",
    "Significant",
    "Positive practice",
    "Themes",
    "Source agency",
)


def safe_cell(value: object) -> str:
    """A cell's text, quoted if a spreadsheet would otherwise read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One table as CSV bytes: every cell made safe, UTF-8 with a byte-order mark, CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _uk(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def actions_csv(
    actions: Sequence[Action], recommendations: Sequence[Recommendation], today: date
) -> bytes:
    """The action plan, one action a row, with its recommendation's words."""
    texts = {r.id: f"{r.ref}: {r.text}" for r in recommendations if r.id}
    refs = {r.ref: f"{r.ref}: {r.text}" for r in recommendations}
    rows = []
    for a in actions:
        rec = texts.get(a.recommendation_id or 0) or refs.get(a.recommendation_ref, "")
        rows.append(
            (
                rec or a.recommendation_ref,
                a.description,
                a.owner_agency,
                a.owner_role,
                _uk(a.due),
                a.status.label,
                "Overdue" if a.is_overdue(today) else "",
                a.how_we_will_know,
                a.impact_evidence,
                _uk(a.impact_recorded_on),
                _uk(a.completed_on),
            )
        )
    return csv_bytes(ACTIONS_CSV_HEADER, rows)


def chronology_csv(entries: Sequence[ChronologyEntry], theme_titles: Mapping[str, str]) -> bytes:
    """The chronology in date order; dates written as precisely as they are known, in a form
    the chronology import reads back (14/03/2025, March 2025, 2025)."""
    rows = []
    for e in sorted(entries, key=lambda e: e.sort_key):
        when = _uk(e.when) if e.precision.value == "day" else e.date_label
        rows.append(
            (
                when,
                e.precision.value,
                e.agency,
                e.what_happened,
                e.source,
                "Yes" if e.significant else "No",
                "Yes" if e.positive_practice else "No",
                "; ".join(theme_titles.get(t, t) for t in e.theme_ids),
                e.source_agency,
            )
        )
    return csv_bytes(CHRONOLOGY_CSV_HEADER, rows)
