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

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.review import Answer, AnswerConflict, AnswerRevision, AnswerSaved
from reviewdesk.services import edit_versions
from reviewdesk.store import notify
from reviewdesk.store.tables import AnswerRevisionRow, AnswerRow, ContributorRow


def who_saves(session: Session, actor: Callable[[Session], str]) -> str:
    """Who a save is recorded as: the signed-in account on a server, else the profile's name."""
    return edit_versions.who_saves(session, actor)


def _locked(session: Session, contributor_id: int, prompt_id: str) -> AnswerRow | None:
    return edit_versions.locked(
        session,
        select(AnswerRow).where(
            AnswerRow.contributor_id == contributor_id, AnswerRow.prompt_id == prompt_id
        ),
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
    already added to the history). ``base`` None saves whatever is stored (imports, tools).
    The steps are services/edit_versions.py's, shared with ratings and findings."""
    row = _locked(session, contributor.id, prompt_id)
    if row is None:
        fresh = AnswerRow(
            contributor_id=contributor.id,
            prompt_id=prompt_id,
            text=words,
            evidence=evidence,
            updated_at=now,
            version=1,
            updated_by=who,
        )
        row = edit_versions.add_first(
            session, fresh, lambda: _locked(session, contributor.id, prompt_id)
        )
        if row is None:
            _told(session, contributor, fresh, who)
            return AnswerSaved(now, 1)
    if edit_versions.is_stale(base, row):
        assert base is not None
        if (row.text, row.evidence) == (words, evidence):
            return AnswerSaved(now, row.version)  # they saved the very same words: no conflict
        return _keep_both(session, row, base, who, (words, evidence), now)
    version = edit_versions.replace(
        session, row, {"text": words, "evidence": evidence}, now=now, who=who
    )
    _told(session, contributor, row, who)
    return AnswerSaved(now, version)


def _told(session: Session, contributor: ContributorRow, row: AnswerRow, who: str) -> None:
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


def _keep_both(
    session: Session,
    row: AnswerRow,
    base: int,
    who: str,
    yours: tuple[str, str],
    now: datetime,
) -> AnswerConflict:
    """Both texts of a conflict into the history: theirs as stored, yours as typed."""
    for kind, (words, evidence), number, writer, when in (
        ("theirs", (row.text, row.evidence), row.version, row.updated_by, row.updated_at),
        ("yours", yours, base, who, now),
    ):
        session.add(
            AnswerRevisionRow(
                contributor_id=row.contributor_id,
                prompt_id=row.prompt_id,
                version=number,
                kind=kind,
                text=words,
                evidence=evidence,
                written_by=writer,
                written_at=when,
            )
        )
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
