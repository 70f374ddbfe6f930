"""A theme's rating and key learning, which two people may change at once (issue 22, point 5):
the versioned save, with services/edit_versions.py's steps as an answer's.

Both sides of a conflict go into ``assessment_revision`` (theirs as stored, yours as typed);
a saved change is told to others on the server at commit.
"""

from __future__ import annotations

from datetime import datetime

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


def _locked(session: Session, contributor_id: int, theme_id: str) -> AssessmentRow | None:
    return edit_versions.locked(
        session,
        select(AssessmentRow).where(
            AssessmentRow.contributor_id == contributor_id, AssessmentRow.theme_id == theme_id
        ),
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
    row = _locked(session, contributor.id, theme_id)
    if row is None:
        fresh = AssessmentRow(
            contributor_id=contributor.id,
            theme_id=theme_id,
            relevance=relevance,
            key_learning=key_learning,
            updated_at=now,
            version=1,
            updated_by=who,
        )
        row = edit_versions.add_first(
            session, fresh, lambda: _locked(session, contributor.id, theme_id)
        )
        if row is None:
            _told(session, contributor, fresh, who)
            return AnswerSaved(now, 1)
    if edit_versions.is_stale(base, row):
        assert base is not None
        if (row.relevance, row.key_learning) == (relevance, key_learning):
            return AnswerSaved(now, row.version)  # the very same: no conflict
        return _keep_both(session, row, base, who, (relevance, key_learning), now)
    version = edit_versions.replace(
        session, row, {"relevance": relevance, "key_learning": key_learning}, now=now, who=who
    )
    _told(session, contributor, row, who)
    return AnswerSaved(now, version)


def _told(session: Session, contributor: ContributorRow, row: AssessmentRow, who: str) -> None:
    notify.changed(
        session,
        contributor.review_id,
        "assessment",
        contributor=contributor.id,
        theme=row.theme_id,
        version=row.version,
        by=who,
    )


def _keep_both(
    session: Session,
    row: AssessmentRow,
    base: int,
    who: str,
    yours: tuple[str | None, str],
    now: datetime,
) -> EditConflict:
    for side, (relevance, learning), number, writer, when in (
        (edit_versions.THEIRS, (row.relevance, row.key_learning), row.version, row.updated_by,
         row.updated_at),
        (edit_versions.YOURS, yours, base, who, now),
    ):  # fmt: skip
        session.add(
            AssessmentRevisionRow(
                contributor_id=row.contributor_id,
                theme_id=row.theme_id,
                version=number,
                side=side,
                relevance=relevance,
                key_learning=learning,
                written_by=writer,
                written_at=when,
            )
        )
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
