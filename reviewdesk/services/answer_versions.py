"""Answers that two people may change at once (issue 22, point 5): the versioned save.

Each answer has a version, one more at each save. A save states the version its text was
written over; when someone else saved since (the stored version is newer), nothing is
overwritten: both texts go into the answer's history (``answer_revision``: theirs as stored,
yours as typed) and the caller is given an :class:`AnswerConflict` to put to the person. On a
server the stored row is locked while it is compared and changed (``SELECT ... FOR UPDATE``),
and two first saves of one answer racing to insert it are told apart by the unique constraint
(the loser compares with the winner's row); in a library file writes take turns anyway. A saved
change is told to others on the server at commit (store/notify.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.review import Answer, AnswerConflict, AnswerRevision, AnswerSaved
from reviewdesk.services import edit_versions
from reviewdesk.store import notify
from reviewdesk.store.tables import AnswerRevisionRow, AnswerRow, ContributorRow


def who_saves(session: Session, actor: Callable[[Session], str]) -> str:
    """Who a save is recorded as: the signed-in account on a server, else the profile's name."""
    return edit_versions.who_saves(session, actor)


def _spec(
    contributor: ContributorRow, prompt_id: str
) -> edit_versions.VersionedSave[AnswerConflict]:
    """An answer, for services/edit_versions.py: the contributor's row for the prompt, its
    text and evidence, both sides of a conflict into ``answer_revision``."""

    def kept(
        side: str, version: int, values: tuple[Any, ...], writer: str, when: datetime
    ) -> AnswerRevisionRow:
        words, evidence = values
        return AnswerRevisionRow(
            contributor_id=contributor.id,
            prompt_id=prompt_id,
            version=version,
            kind=side,
            text=words,
            evidence=evidence,
            written_by=writer,
            written_at=when,
        )

    def conflict(row: AnswerRow, base: int, yours: tuple[Any, ...]) -> AnswerConflict:
        return AnswerConflict(
            contributor_id=row.contributor_id,
            prompt_id=row.prompt_id,
            theirs=row.text,
            theirs_evidence=row.evidence,
            their_version=row.version,
            by=row.updated_by,
            at=row.updated_at,
            yours=yours[0],
            yours_evidence=yours[1],
            your_base=base,
        )

    def told(session: Session, row: AnswerRow, who: str) -> None:
        """Others on the server hear of it at commit (nothing in a library file)."""
        notify.changed(
            session,
            contributor.review_id,
            "answer",
            contributor=contributor.id,
            prompt=row.prompt_id,
            version=row.version,
            by=who,
        )

    return edit_versions.VersionedSave(
        model=AnswerRow,
        key={"contributor_id": contributor.id, "prompt_id": prompt_id},
        columns=("text", "evidence"),
        kept=kept,
        conflict=conflict,
        told=told,
    )


def save(
    session: Session,
    contributor: ContributorRow,
    prompt_id: str,
    words: str,
    evidence: str,
    base: int | None,
    *,
    now: datetime,
    who: str,
) -> AnswerSaved | AnswerConflict:
    """Save inside the caller's transaction: the new version, or the conflict (both texts
    already added to the history: theirs as stored, yours as typed). ``base`` None saves
    whatever is stored (imports, tools). The steps are services/edit_versions.py's
    :func:`~reviewdesk.services.edit_versions.save_versioned`, shared with ratings and the
    briefing."""
    return edit_versions.save_versioned(
        session, _spec(contributor, prompt_id), (words, evidence), base, now=now, who=who
    )


def read(session: Session, contributor_id: int, prompt_id: str) -> Answer | None:
    row = session.scalars(
        select(AnswerRow).where(
            AnswerRow.contributor_id == contributor_id, AnswerRow.prompt_id == prompt_id
        )
    ).one_or_none()
    if row is None:
        return None
    return Answer(
        row.contributor_id,
        row.prompt_id,
        row.text,
        row.evidence,
        row.updated_at,
        row.version,
        row.updated_by,
    )


def history(session: Session, contributor_id: int, prompt_id: str) -> list[AnswerRevision]:
    rows = session.scalars(
        select(AnswerRevisionRow)
        .where(
            AnswerRevisionRow.contributor_id == contributor_id,
            AnswerRevisionRow.prompt_id == prompt_id,
        )
        .order_by(AnswerRevisionRow.id)
    ).all()
    return [
        AnswerRevision(r.version, r.kind, r.text, r.evidence, r.written_by, r.written_at)
        for r in rows
    ]
