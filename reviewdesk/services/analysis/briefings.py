"""The lead's 7-minute briefing (issue 17, point 3): read it as it would print, save a section
as the lead types (one committed transaction a save, the audit trail told which section, never
the words), set a section back to the review's words, and choose the marking and the form.

The rules are reviewdesk/domain/briefing.py; what is printed is reviewdesk/exports/briefing.py.

Two leads may write the briefing at once (issue 22, point 5). Each part (a section, or the
title) counts its saves (``briefing_part``, migration 0017); a save states the version its text
was written over (:meth:`BriefingService.save_part`), and one over an older version than stored
overwrites nothing: both texts go into the briefing's history (``edit_revision``, kind
'briefing') and :class:`EditConflictError` puts them to the person. Different parts never
conflict. The marking and the form are choices, not words: the last one chosen stands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.briefing import (
    SECTION_KEYS,
    BriefingText,
    check_key,
    checked_section,
    checked_title,
)
from reviewdesk.domain.errors import EditConflictError, ValidationError
from reviewdesk.domain.exporting import ExportInput, ExportOptions, checked_marking
from reviewdesk.domain.review import AnswerSaved, EditConflict, EditRevision
from reviewdesk.services import edit_versions
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.exports import ExportService
from reviewdesk.services.reviews import live
from reviewdesk.store import briefing as store_briefing
from reviewdesk.store import notify, queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import BriefingPartRow, BriefingRow, utcnow

TITLE = "title"
PARTS: tuple[str, ...] = (*SECTION_KEYS, TITLE)  # what is versioned: the words
KIND = "briefing"  # in edit_revision and in the server's notices


def _column(part: str) -> str:
    return TITLE if part == TITLE else store_briefing.COLUMNS[part]


def _spec(session: Session, review_id: int, part: str) -> edit_versions.VersionedSave[EditConflict]:
    """One part of a review's briefing, for services/edit_versions.py: its version in
    ``briefing_part``, its text in ``briefing``, both texts of a conflict in ``edit_revision``."""
    column = _column(part)

    def stored(_row: BriefingPartRow) -> tuple[Any, ...]:
        own = session.get(BriefingRow, review_id)
        return (getattr(own, column) if own is not None else None,)

    def write(row: BriefingPartRow, yours: tuple[Any, ...]) -> None:
        # the briefing's first words: two leads' first saves may race
        own = edit_versions.locked_or_added(
            session,
            select(BriefingRow).where(BriefingRow.review_id == review_id),
            lambda: BriefingRow(review_id=review_id, marking="OFFICIAL", two_pages=False),
        )
        setattr(own, column, yours[0])
        own.updated_at = row.updated_at

    def conflict(row: BriefingPartRow, base: int, yours: tuple[Any, ...]) -> EditConflict:
        return EditConflict(
            kind=KIND,
            item=(review_id, part),
            theirs=stored(row)[0] or "",
            theirs_detail="",
            their_version=row.version,
            by=row.updated_by,
            at=row.updated_at,
            yours=yours[0] or "",
            yours_detail="",
            your_base=base,
        )

    def told(session: Session, row: BriefingPartRow, who: str) -> None:
        notify.changed(session, review_id, KIND, part=part, version=row.version, by=who)

    return edit_versions.VersionedSave(
        model=BriefingPartRow,
        key={"review_id": review_id, "part": part},
        columns=(),
        kept=edit_versions.into_edit_revision(review_id, KIND, review_id, {"part": part}),
        conflict=conflict,
        told=told,
        stored=stored,
        write=write,
    )


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

    def versions(self, review_id: int) -> dict[str, int]:
        """Each part's version as stored now (a section's key, or 'title'; 0: never saved with
        a version), to state when saving it."""
        with self._store.read() as session:
            queries.get_review_row(session, review_id)
            rows = session.execute(
                select(BriefingPartRow.part, BriefingPartRow.version).where(
                    BriefingPartRow.review_id == review_id
                )
            ).all()
        found = {part: int(version) for part, version in rows}
        return {part: found.get(part, 0) for part in PARTS}

    def history(self, review_id: int, part: str | None = None) -> list[EditRevision]:
        """Both texts of each conflicting save of the briefing, oldest first (of one part, or
        all; ``detail`` names the part as JSON)."""
        with self._store.read() as session:
            kept = edit_versions.history(session, KIND, review_id)
        if part is None:
            return kept
        return [r for r in kept if json.loads(r.detail or "{}").get("part") == part]

    # --- saving -------------------------------------------------------------------------------

    def save_part(
        self, review_id: int, part: str, text: str | None, *, base: int | None
    ) -> AnswerSaved:
        """Save one part of the briefing (a section's key, or 'title') written over version
        ``base`` (0: none saved yet; None: whatever is stored). When someone else saved the
        same part since, nothing is overwritten: both texts are kept in the briefing's history
        and :class:`EditConflictError` carries them, so the person can choose."""
        if part == TITLE:
            value = (checked_title(text) or None) if text is not None else None
        else:
            check_key(part)
            value = checked_section(text) if text is not None else None
        return self._versioned(review_id, "briefing.saved", part, value, base)

    def save_section(
        self, review_id: int, key: str, text: str | None, *, base: int | None = None
    ) -> datetime:
        """Store the lead's text for one section (None: follow the review again)."""
        check_key(key)
        return self.save_part(review_id, key, text, base=base).at

    def reset_section(self, review_id: int, key: str, *, base: int | None = None) -> datetime:
        """Set a section back to the review's words (it follows the review again; a save of
        it). With ``base``, the version the lead saw: when someone else saved the section
        since, it is not reset (their words would be lost): both are kept in the history and
        :class:`EditConflictError` says so."""
        check_key(key)
        return self._versioned(review_id, "briefing.reset", key, None, base).at

    def save_title(self, review_id: int, title: str | None, *, base: int | None = None) -> datetime:
        return self.save_part(review_id, TITLE, title, base=base).at

    def _versioned(
        self, review_id: int, action: str, part: str, value: str | None, base: int | None
    ) -> AnswerSaved:
        if part not in PARTS:  # pragma: no cover - checked by the callers
            raise ValidationError("That is not a part of the briefing.")
        now = self._clock()
        with self._store.write() as session:
            review = live(queries.get_review_row(session, review_id))
            who = edit_versions.who_saves(session, self._audit.actor)
            outcome = edit_versions.save_versioned(
                session, _spec(session, review.id, part), (value,), base, now=now, who=who
            )
            what = review_what(review, section=part)
            if isinstance(outcome, EditConflict):  # committed: both texts kept in history
                self._audit.record(session, "briefing.conflict", what)
            else:
                review.updated_at = now
                self._audit.record(
                    session, action, what, coalesce_key=("briefing", review.id, part)
                )
        if isinstance(outcome, EditConflict):
            raise EditConflictError(
                "Someone else changed this part of the briefing while you were writing. "
                "Nothing has been overwritten: both texts are kept, and you can choose what "
                "to keep.",
                outcome,
            )
        return outcome

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
