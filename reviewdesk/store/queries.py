"""Reads that turn rows into the domain's frozen read models.

Functions here take an open :class:`~sqlalchemy.orm.Session` (the service owns the transaction)
and never return ORM objects.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.domain.errors import NotFoundError
from reviewdesk.domain.framework import Framework, parse_framework
from reviewdesk.domain.progress import Progress, contributor_progress
from reviewdesk.domain.review import (
    Answer,
    CaseRecord,
    Child,
    Contributor,
    ContributorProgress,
    ContributorWork,
    HouseholdMember,
    KeyDates,
    Relevance,
    ReviewDocument,
    ReviewProgress,
    ReviewStatus,
    ReviewSummary,
    ReviewType,
    ThemeAssessment,
)
from reviewdesk.store.listing import (  # noqa: F401 (named from here by services and tests)
    LOCAL_CONTRIBUTOR_PREFIX,
    answer_counts,
    counts_query,
    my_answered_counts,
    progress_of,
)
from reviewdesk.store.tables import (
    AnswerRow,
    AssessmentRow,
    ContributorRow,
    ReviewRow,
)


@lru_cache(maxsize=64)
def _framework_from_json(text: str) -> Framework:
    return parse_framework(json.loads(text), origin="(framework frozen into the review)")


def framework_of(row: ReviewRow) -> Framework:
    return _framework_from_json(row.framework_json)


def framework_from_json(text: str) -> Framework:
    """A review's frozen framework from its stored JSON (parsed once, then cached)."""
    return _framework_from_json(text)


def get_review_row(session: Session, review_id: int) -> ReviewRow:
    row = session.get(ReviewRow, review_id)
    if row is None:
        raise NotFoundError("That review is no longer in the library.")
    return row


def get_contributor_row(session: Session, contributor_id: int) -> ContributorRow:
    row = session.get(ContributorRow, contributor_id)
    if row is None:
        raise NotFoundError("That contributor is no longer part of the review.")
    return row


def case_record_of(row: ReviewRow) -> CaseRecord:
    return CaseRecord(
        reference=row.reference,
        title=row.title,
        review_type=ReviewType(row.review_type),
        status=ReviewStatus(row.status),
        dates=KeyDates(
            incident=row.incident_date,
            notification=row.notification_date,
            rapid_review=row.rapid_review_date,
            decision=row.decision_date,
            publication=row.publication_date,
        ),
        scope_start=row.scope_start,
        scope_end=row.scope_end,
        lead=row.lead,
        children=tuple(Child(c.pseudonym, c.age) for c in row.children),
        household=tuple(HouseholdMember(h.role, h.description) for h in row.household),
        agencies=tuple(a.name for a in row.agencies),
    )


def contributor_of(row: ContributorRow) -> Contributor:
    return Contributor(row.id, row.uid, row.name, row.role, row.agency)


def review_by_reference(
    session: Session, wanted: str, *, in_trash: bool = False
) -> ReviewRow | None:
    """The review whose reference, case-folded, is ``wanted`` (in the Trash, or not), reading
    only the references (``export REF`` once summarised every review to find one). The most
    recently changed first, should two ever match."""
    # Only the references are read (SQLite answers from the unique index on them, a few hundred
    # KB at 10,000 reviews: reading the review table itself, 19 KB a review, took 110 ms); the
    # review table is read for the one or two whose reference matches.
    matching = [
        review_id
        for review_id, reference in session.execute(select(ReviewRow.id, ReviewRow.reference))
        if reference.casefold() == wanted
    ]
    if not matching:
        return None
    deleted = ReviewRow.deleted_at.is_not(None) if in_trash else ReviewRow.deleted_at.is_(None)
    review_id = session.scalar(
        select(ReviewRow.id)
        .where(ReviewRow.id.in_(matching), deleted)
        .order_by(ReviewRow.updated_at.desc(), ReviewRow.id.desc())
        .limit(1)
    )
    return None if review_id is None else session.get(ReviewRow, review_id)


def review_summary(session: Session, row: ReviewRow) -> ReviewSummary:
    answered = answer_counts(session.connection(), [row.id])[0]
    mine = my_answered_counts(session.connection(), [row.id])
    return _summary(row, progress_of(row, mine, answered, len(row.contributors)))


def _summary(row: Any, progress: Progress) -> ReviewSummary:
    return ReviewSummary(
        id=row.id,
        uid=row.uid,
        reference=row.reference,
        title=row.title,
        review_type=ReviewType(row.review_type),
        status=ReviewStatus(row.status),
        archived=row.archived_at is not None,
        progress=progress,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
    )


def review_counts(session: Session, review_id: int) -> dict[str, int]:
    """How much a review holds (for the audit trail's record of a deletion)."""
    contributors = session.scalar(
        select(func.count(ContributorRow.id)).where(ContributorRow.review_id == review_id)
    )
    answers = session.scalar(
        select(func.count(AnswerRow.id))
        .join(ContributorRow, AnswerRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id == review_id)
    )
    return {"contributors": contributors or 0, "answers": answers or 0}


def review_document(session: Session, review_id: int) -> ReviewDocument:
    row = session.scalars(
        select(ReviewRow)
        .where(ReviewRow.id == review_id)
        .options(
            selectinload(ReviewRow.children),
            selectinload(ReviewRow.household),
            selectinload(ReviewRow.agencies),
            selectinload(ReviewRow.contributors).selectinload(ContributorRow.answers),
            selectinload(ReviewRow.contributors).selectinload(ContributorRow.assessments),
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError("That review is no longer in the library.")
    return ReviewDocument(
        id=row.id,
        uid=row.uid,
        record=case_record_of(row),
        framework=framework_of(row),
        contributors=tuple(_work_of(c) for c in row.contributors),
        archived=row.archived_at is not None,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _work_of(row: ContributorRow) -> ContributorWork:
    return ContributorWork(
        contributor=contributor_of(row),
        answers=tuple(
            Answer(row.id, a.prompt_id, a.text, a.evidence, a.updated_at, a.version, a.updated_by)
            for a in sorted(row.answers, key=lambda a: a.id)
        ),
        assessments=tuple(
            ThemeAssessment(
                row.id,
                a.theme_id,
                Relevance(a.relevance) if a.relevance else None,
                a.key_learning,
                a.updated_at,
                a.version,
                a.updated_by,
            )
            for a in sorted(row.assessments, key=lambda a: a.id)
        ),
    )


def review_progress(session: Session, review_id: int) -> ReviewProgress:
    row = get_review_row(session, review_id)
    framework = framework_of(row)
    themes = {t.id: t.prompt_ids for t in framework.themes}
    answered: dict[int, set[str]] = defaultdict(set)
    for contributor_id, prompt_id in session.execute(
        select(AnswerRow.contributor_id, AnswerRow.prompt_id)
        .join(ContributorRow, AnswerRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id == review_id, func.trim(AnswerRow.text) != "")
    ):
        answered[contributor_id].add(prompt_id)
    relevance: dict[int, dict[str, str | None]] = defaultdict(dict)
    for contributor_id, theme_id, value in session.execute(
        select(AssessmentRow.contributor_id, AssessmentRow.theme_id, AssessmentRow.relevance)
        .join(ContributorRow, AssessmentRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id == review_id)
    ):
        relevance[contributor_id][theme_id] = value
    per_contributor = []
    overall = Progress(0, 0)
    for c in row.contributors:
        total, per_theme = contributor_progress(themes, answered[c.id], relevance[c.id])
        per_contributor.append(ContributorProgress(contributor_of(c), total, per_theme))
        overall = overall + total
    return ReviewProgress(review_id, overall, tuple(per_contributor))
