"""The lead's 7-minute briefing as stored (table ``briefing``, migration 0010)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reviewdesk.domain.briefing import BriefingText
from reviewdesk.domain.exporting import printable_marking
from reviewdesk.store.tables import BriefingRow

# Section key (reviewdesk/domain/briefing.py) -> column.
COLUMNS: dict[str, str] = {
    "case": "case_in_brief",
    "happened": "what_happened",
    "matters": "why_it_matters",
    "found": "what_we_found",
    "todo": "what_to_do",
    "questions": "questions",
    "more": "find_more",
}


def briefing_of(session: Session, review_id: int) -> BriefingText:
    """The briefing as the lead has written it (all sections following the review when the
    lead has not touched it)."""
    row = session.get(BriefingRow, review_id)
    if row is None:
        return BriefingText()
    return BriefingText(
        **{key: getattr(row, column) for key, column in COLUMNS.items()},
        title=row.title,
        marking=printable_marking(row.marking),
        two_pages=bool(row.two_pages),
    )


def briefing_row(session: Session, review_id: int) -> BriefingRow:
    """The review's briefing row, made when first needed."""
    row = session.get(BriefingRow, review_id)
    if row is None:
        row = BriefingRow(review_id=review_id, marking="OFFICIAL", two_pages=False)
        session.add(row)
    return row
