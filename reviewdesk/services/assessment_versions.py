"""A theme's rating and key learning, which two people may change at once (issue 22, point 5):
the versioned save, with services/edit_versions.py's steps as an answer's.

Both sides of a conflict go into ``assessment_revision`` (theirs as stored, yours as typed);
a saved change is told to others on the server at commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.review import (
    AnswerSaved,
    EditConflict,
    EditRevision,
    Relevance,
    ThemeAssessment,
)
from reviewdesk.services import edit_versions
from reviewdesk.store import notify
from reviewdesk.store.tables import AssessmentRevisionRow, AssessmentRow, ContributorRow


def _spec(contributor: ContributorRow, theme_id: str) -> edit_versions.VersionedSave[EditConflict]:
    """A rating and key learning, for services/edit_versions.py: the contributor's row for the
    theme, both sides of a conflict into ``assessment_revision``."""

    def kept(
        side: str, version: int, values: tuple[Any, ...], writer: str, when: datetime
    ) -> AssessmentRevisionRow:
        relevance, learning = values
        return AssessmentRevisionRow(
            contributor_id=contributor.id,
            theme_id=theme_id,
            version=version,
            side=side,
            relevance=relevance,
            key_learning=learning,
            written_by=writer,
            written_at=when,
        )

    def conflict(row: AssessmentRow, base: int, yours: tuple[Any, ...]) -> EditConflict:
        return EditConflict(
            kind="assessment",
            item=(row.contributor_id, row.theme_id),
            theirs=row.key_learning,
            theirs_detail=row.relevance or "",
            their_version=row.version,
            by=row.updated_by,
            at=row.updated_at,
            yours=yours[1],
            yours_detail=yours[0] or "",
            your_base=base,
        )

    def told(session: Session, row: AssessmentRow, who: str) -> None:
        notify.changed(
            session,
            contributor.review_id,
            "assessment",
            contributor=contributor.id,
            theme=row.theme_id,
            version=row.version,
            by=who,
        )

    return edit_versions.VersionedSave(
        model=AssessmentRow,
        key={"contributor_id": contributor.id, "theme_id": theme_id},
        columns=("relevance", "key_learning"),
        kept=kept,
        conflict=conflict,
        told=told,
    )


def save(
    session: Session,
    contributor: ContributorRow,
    theme_id: str,
    relevance: str | None,
    key_learning: str,
    base: int | None,
    *,
    now: datetime,
    who: str,
) -> AnswerSaved | EditConflict:
    """Save inside the caller's transaction: the new version, or the conflict (both sides
    already in the history). ``base`` None saves whatever is stored (imports, tools)."""
    return edit_versions.save_versioned(
        session, _spec(contributor, theme_id), (relevance, key_learning), base, now=now, who=who
    )


def read(session: Session, contributor_id: int, theme_id: str) -> ThemeAssessment | None:
    row = session.scalars(
        select(AssessmentRow).where(
            AssessmentRow.contributor_id == contributor_id, AssessmentRow.theme_id == theme_id
        )
    ).one_or_none()
    if row is None:
        return None
    return ThemeAssessment(
        row.contributor_id,
        row.theme_id,
        Relevance(row.relevance) if row.relevance else None,
        row.key_learning,
        row.updated_at,
        row.version,
        row.updated_by,
    )


def history(session: Session, contributor_id: int, theme_id: str) -> list[EditRevision]:
    rows = session.scalars(
        select(AssessmentRevisionRow)
        .where(
            AssessmentRevisionRow.contributor_id == contributor_id,
            AssessmentRevisionRow.theme_id == theme_id,
        )
        .order_by(AssessmentRevisionRow.id)
    ).all()
    return [
        EditRevision(r.version, r.side, r.key_learning, r.relevance or "", r.written_by,
                     r.written_at)
        for r in rows
    ]  # fmt: skip
