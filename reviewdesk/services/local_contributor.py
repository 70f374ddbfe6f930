"""Who writes on this computer, in each review: the local contributor ("me").

Which contributor is "me" in a review is kept in the library's ``setting`` table. When a case
pack is opened, the contributor the pack was made for becomes "me" at once, so what the
practitioner writes goes into the space the review lead will merge back.

Libraries made before that rule could hold two contributors for one person: the pack's (empty)
and one created later from the profile, holding everything she wrote. :func:`resolve` repairs
them when the review is opened: the work moves to the pack's contributor, nothing is lost (two
different texts for one box are both kept, one after the other), and the repair is recorded in
the audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.case_checks import MAX_NAME
from reviewdesk.domain.review import Profile
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.store.queries import LOCAL_CONTRIBUTOR_PREFIX
from reviewdesk.store.tables import (
    AnswerRow,
    AssessmentRow,
    CitationRow,
    ContributorRow,
    PackReceivedRow,
    PrivateNoteRow,
    ReviewRow,
    SettingRow,
)

LOCAL_CONTRIBUTOR_KEY = LOCAL_CONTRIBUTOR_PREFIX + "{review_uid}"  # setting: who writes here
JOIN = "\n\n"  # between two texts kept for one box when a repair finds both


def bind(session: Session, review: ReviewRow, contributor: ContributorRow) -> None:
    """Make ``contributor`` "me" for ``review`` in this library."""
    key = LOCAL_CONTRIBUTOR_KEY.format(review_uid=review.uid)
    setting = session.get(SettingRow, key)
    if setting is None:
        session.add(SettingRow(key=key, value=contributor.uid))
    else:
        setting.value = contributor.uid


def pack_contributor(session: Session, review: ReviewRow) -> ContributorRow | None:
    """The contributor the newest case pack opened here was made for (None: no pack)."""
    pack = session.scalars(
        select(PackReceivedRow)
        .where(PackReceivedRow.review_id == review.id)
        .order_by(PackReceivedRow.opened_at.desc(), PackReceivedRow.id.desc())
    ).first()
    return None if pack is None else session.get(ContributorRow, pack.contributor_id)


def resolve(
    session: Session,
    review: ReviewRow,
    profile: Profile,
    *,
    clock: Callable[[], datetime],
    audit: AuditService,
) -> ContributorRow:
    """ "Me" in ``review``: found, repaired (see the module's docstring) or, the first time,
    created from the profile. A pack's contributor keeps the name the review lead gave it."""
    name, role, agency = profile.name.strip(), profile.role.strip(), profile.agency.strip()
    key = LOCAL_CONTRIBUTOR_KEY.format(review_uid=review.uid)
    setting = session.get(SettingRow, key)
    current = None
    if setting is not None:
        current = session.scalars(
            select(ContributorRow).where(
                ContributorRow.uid == setting.value, ContributorRow.review_id == review.id
            )
        ).one_or_none()
    from_pack = pack_contributor(session, review)
    if from_pack is not None:
        if current is not None and current.id != from_pack.id:
            _repair(session, review, duplicate=current, into=from_pack, audit=audit)
        if current is None or current.id != from_pack.id:
            bind(session, review, from_pack)
        session.flush()
        return from_pack
    if current is None:
        current = ContributorRow(
            uid=str(uuid.uuid4()),
            review_id=review.id,
            name=name[:MAX_NAME],
            role=role[:MAX_NAME],
            agency=agency[:MAX_NAME],
            created_at=clock(),
        )
        session.add(current)
        bind(session, review, current)
    elif (current.name, current.role, current.agency) != (name, role, agency):
        current.name, current.role, current.agency = (
            name[:MAX_NAME],
            role[:MAX_NAME],
            agency[:MAX_NAME],
        )
    session.flush()
    return current


def resolve_on_server(
    session: Session, review: ReviewRow, profile: Profile, *, clock: Callable[[], datetime]
) -> ContributorRow:
    """ "Me" on a shared server: the contributor the signed-in account was invited to write
    as (``review_member``), never the shared ``setting`` table (issue 22). A lead writing in a
    review they lead gets an entry of their own the first time; anyone else who was not
    invited as a contributor is told so kindly."""
    from reviewdesk.domain.errors import NotAllowedError
    from reviewdesk.store import server as server_store

    name, role, agency = (
        v.strip()[:MAX_NAME] for v in (profile.name, profile.role, profile.agency)
    )
    found = server_store.my_contributor_id(session, review.id)
    row = session.get(ContributorRow, found) if found is not None else None
    leads = server_store.leads_review(session, review.id)
    if row is not None:
        # a lead's own entry follows their details; an invited contributor keeps the name
        # the lead gave them (only the lead may change it), and so does an entry several
        # accounts write as (the review team's joint reflections)
        own = not server_store.shared_entry(session, review.id, row.id)
        if leads and own and (row.name, row.role, row.agency) != (name, role, agency):
            row.name, row.role, row.agency = name, role, agency
            session.flush()
        return row
    if not leads:
        raise NotAllowedError(
            "You can read this review, but you were not invited to write in it as one of its "
            "contributors, so there is nowhere yet for your answers to go. Nothing was "
            "changed. Please ask the review's lead to invite you as a contributor."
        )
    row = ContributorRow(
        uid=str(uuid.uuid4()),
        review_id=review.id,
        name=name,
        role=role,
        agency=agency,
        created_at=clock(),
    )
    session.add(row)
    session.flush()
    server_store.claim_contributor(session, review.id, row.id)
    return row


def _joined(kept: str, moved: str) -> str:
    if not moved.strip() or moved.strip() == kept.strip():
        return kept
    if not kept.strip():
        return moved
    return kept + JOIN + moved


def _repair(
    session: Session,
    review: ReviewRow,
    *,
    duplicate: ContributorRow,
    into: ContributorRow,
    audit: AuditService,
) -> None:
    """Move everything written under ``duplicate`` to ``into`` (the pack's contributor), then
    remove the emptied duplicate. Nothing is dropped: where both hold text for one box, the
    pack's text comes first and the other follows it."""
    moved = {"answers": 0, "assessments": 0, "notes": 0, "citations": 0}
    answers = {a.prompt_id: a for a in into.answers}
    for a in list(duplicate.answers):
        if not (a.text.strip() or a.evidence.strip()):
            continue
        mine = answers.get(a.prompt_id)
        if mine is None:
            into.answers.append(
                AnswerRow(
                    prompt_id=a.prompt_id, text=a.text, evidence=a.evidence, updated_at=a.updated_at
                )
            )
        else:
            mine.text = _joined(mine.text, a.text)
            mine.evidence = _joined(mine.evidence, a.evidence)
            mine.updated_at = max(mine.updated_at, a.updated_at)
        moved["answers"] += 1
    assessments = {t.theme_id: t for t in into.assessments}
    for t in list(duplicate.assessments):
        if not (t.relevance or t.key_learning.strip()):
            continue
        kept_t = assessments.get(t.theme_id)
        if kept_t is None:
            into.assessments.append(
                AssessmentRow(
                    theme_id=t.theme_id,
                    relevance=t.relevance,
                    key_learning=t.key_learning,
                    updated_at=t.updated_at,
                )
            )
        else:
            if t.relevance and (not kept_t.relevance or t.updated_at >= kept_t.updated_at):
                kept_t.relevance = t.relevance
            kept_t.key_learning = _joined(kept_t.key_learning, t.key_learning)
            kept_t.updated_at = max(kept_t.updated_at, t.updated_at)
        moved["assessments"] += 1
    notes = {n.theme_id: n for n in into.private_notes}
    for n in list(duplicate.private_notes):
        if not n.text.strip():
            continue
        kept_n = notes.get(n.theme_id)
        if kept_n is None:
            into.private_notes.append(
                PrivateNoteRow(theme_id=n.theme_id, text=n.text, updated_at=n.updated_at)
            )
        else:
            kept_n.text = _joined(kept_n.text, n.text)
            kept_n.updated_at = max(kept_n.updated_at, n.updated_at)
        moved["notes"] += 1
    cited = {
        (prompt_id, entry_id)
        for prompt_id, entry_id in session.execute(
            select(CitationRow.prompt_id, CitationRow.entry_id).where(
                CitationRow.contributor_id == into.id
            )
        )
    }
    for c in session.scalars(
        select(CitationRow).where(CitationRow.contributor_id == duplicate.id)
    ).all():
        if (c.prompt_id, c.entry_id) not in cited:
            session.add(
                CitationRow(contributor_id=into.id, prompt_id=c.prompt_id, entry_id=c.entry_id)
            )
            cited.add((c.prompt_id, c.entry_id))
            moved["citations"] += 1
    for c in session.scalars(
        select(CitationRow).where(CitationRow.contributor_id == duplicate.id)
    ).all():
        session.delete(c)
    session.flush()
    gone = duplicate.id
    session.delete(duplicate)
    session.flush()
    from reviewdesk.domain.packs import plural  # the packs' read models: only needed here

    audit.record(
        session,
        "contributor.repaired",
        review_what(
            review,
            contributor_id=into.id,
            duplicate_id=gone,
            moved=", ".join(
                plural(moved[k], one, many)
                for k, one, many in (
                    ("answers", "answer", "answers"),
                    ("assessments", "theme rating", "theme ratings"),
                    ("notes", "private note", "private notes"),
                    ("citations", "citation", "citations"),
                )
            ),
            **moved,
        ),
    )
