"""The lead's 7-minute briefing (issue 17, point 3): read it as it would print, save a section
as the lead types (one committed transaction a save, the audit trail told which section, never
the words), set a section back to the review's words, and choose the marking and the form.

The rules are reviewdesk/domain/briefing.py; what is printed is reviewdesk/exports/briefing.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from reviewdesk.domain.briefing import (
    BriefingText,
    check_key,
    checked_section,
    checked_title,
)
from reviewdesk.domain.exporting import ExportInput, ExportOptions, checked_marking
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.exports import ExportService
from reviewdesk.services.reviews import live
from reviewdesk.store import briefing as store_briefing
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import utcnow


class BriefingService:
    def __init__(
        self,
        store: Store,
        exports: ExportService,
        audit: AuditService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._exports = exports
        self._audit = audit
        self._clock = clock

    # --- reading ------------------------------------------------------------------------------

    def get(self, review_id: int) -> BriefingText:
        """What the lead has written (sections never edited are None)."""
        with self._store.read() as session:
            queries.get_review_row(session, review_id)
            return store_briefing.briefing_of(session, review_id)

    def source(self, review_id: int) -> ExportInput:
        """Everything the briefing is drawn from (name key applied, as every export is)."""
        return self._exports.input_for(review_id)

    def options(self, review_id: int, own: BriefingText | None = None) -> ExportOptions:
        """The options a briefing is made with unless asked otherwise: its own marking."""
        own = own if own is not None else self.get(review_id)
        return ExportOptions(marking=own.marking, prepared_on=self._exports.today())

    def draft(self, review_id: int):
        """The briefing as it would print now, and how full its form is (a BriefingDraft)."""
        from reviewdesk.exports.briefing_pdf import draft_of  # ReportLab when first needed

        return draft_of(self.source(review_id), self.options(review_id))

    # --- saving -------------------------------------------------------------------------------

    def save_section(self, review_id: int, key: str, text: str | None) -> datetime:
        """Store the lead's text for one section (None: follow the review again)."""
        check_key(key)
        if text is not None:
            text = checked_section(text)
        column = store_briefing.COLUMNS[key]
        return self._change(review_id, "briefing.saved", key, **{column: text})

    def reset_section(self, review_id: int, key: str) -> datetime:
        """Set a section back to the review's words (it follows the review again)."""
        check_key(key)
        return self._change(review_id, "briefing.reset", key, **{store_briefing.COLUMNS[key]: None})

    def save_title(self, review_id: int, title: str | None) -> datetime:
        value = checked_title(title) if title is not None else None
        return self._change(review_id, "briefing.saved", "title", title=value or None)

    def set_marking(self, review_id: int, marking: str) -> datetime:
        return self._change(
            review_id, "briefing.saved", "marking", marking=checked_marking(marking)
        )

    def set_two_pages(self, review_id: int, two_pages: bool) -> datetime:
        return self._change(review_id, "briefing.saved", "form", two_pages=bool(two_pages))

    def _change(self, review_id: int, action: str, part: str, **values: object) -> datetime:
        now = self._clock()
        with self._store.write() as session:
            review = live(queries.get_review_row(session, review_id))
            row = store_briefing.briefing_row(session, review.id)
            for column, value in values.items():
                setattr(row, column, value)
            row.updated_at = now
            review.updated_at = now
            self._audit.record(
                session,
                action,
                review_what(review, section=part),
                coalesce_key=("briefing", review.id, part),
            )
        return now
