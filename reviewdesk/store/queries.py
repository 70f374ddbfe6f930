"""Reads that turn rows into the domain's frozen read models.

Functions here take an open :class:`~sqlalchemy.orm.Session` (the service owns the transaction)
and never return ORM objects.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, String, func, literal_column, select, type_coerce
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
from reviewdesk.store.tables import (
    AnswerRow,
    AssessmentRow,
    ContributorRow,
    ReviewRow,
    SettingRow,
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


# An answer that holds more than spaces, written as the partial index ix_answer_answered's WHERE
# (tables.ANSWERED, migration 0020) with the empty text as a literal, not a bound parameter: the
# planner then counts from that index and never reads an answer's text (1.45 million answers
# at 10,000 reviews: 0.4 s of CPU reading them, about 0.1 s from the index; issue 20).
_ANSWERED = func.trim(AnswerRow.text) != literal_column("''")


def _answered_counts(session: Session, review_ids: list[int] | None) -> dict[int, int]:
    """Answered prompts per review, counted in SQL (the library must stay quick)."""
    return _counts(session, review_ids)[0]


def counts_query(review_ids: list[int] | None = None) -> Select[int, Any, int]:
    """Each review's id, answered prompts and contributors (:func:`_counts`)."""
    answered = (
        select(func.count())
        .where(AnswerRow.contributor_id == ContributorRow.id, _ANSWERED)
        .correlate(ContributorRow)
        .scalar_subquery()
    )
    query = select(
        ContributorRow.review_id, func.sum(answered), func.count(ContributorRow.id)
    ).group_by(ContributorRow.review_id)
    if review_ids is not None:
        query = query.where(ContributorRow.review_id.in_(review_ids))
    return query


def _counts(
    session: Session, review_ids: list[int] | None
) -> tuple[dict[int, int], dict[int, int]]:
    """Per review: its answered prompts, and its contributors, in one read. Each contributor's
    answers are counted from the index of answered ones (a subquery per contributor, so the
    database walks each contributor's entries in that index; a join put the 1.45 million
    answers first at 10,000 reviews and looked up each one's contributor: four times slower)."""
    counted: dict[int, int] = {}
    people: dict[int, int] = {}
    # a Core statement on the session's connection (the ORM's handling of each row is not
    # needed for plain columns: issue 20)
    for review_id, answers, contributors in session.connection().execute(counts_query(review_ids)):
        counted[review_id] = int(answers or 0)  # numeric on PostgreSQL
        people[review_id] = contributors
    return counted, people


LOCAL_CONTRIBUTOR_PREFIX = "local_contributor."  # + review uid: who writes on this computer


def _my_answered_counts(session: Session, review_ids: list[int] | None) -> dict[int, int]:
    """For each review with a "me" on this computer, how many prompts I have answered (0 where
    I have answered none yet). Reviews without a "me" are not in the result."""
    me = (
        select(ReviewRow.id.label("review_id"), ContributorRow.id.label("contributor_id"))
        .join(SettingRow, SettingRow.key == LOCAL_CONTRIBUTOR_PREFIX + ReviewRow.uid)
        .join(
            ContributorRow,
            (ContributorRow.uid == SettingRow.value) & (ContributorRow.review_id == ReviewRow.id),
        )
    )
    if review_ids is not None:
        me = me.where(ReviewRow.id.in_(review_ids))
    mine = me.subquery()
    query = (
        select(mine.c.review_id, func.count(AnswerRow.id))
        .select_from(mine)
        .outerjoin(
            AnswerRow,
            (AnswerRow.contributor_id == mine.c.contributor_id) & _ANSWERED,
        )
        .group_by(mine.c.review_id)
    )
    return dict(session.execute(query).all())


def _progress(row: Any, mine: dict[int, int], answered: dict[int, int], people: int) -> Progress:
    """The library's progress for a review: mine, where I write in it; everyone's otherwise.
    ``row``: a ReviewRow or a row of :data:`_SUMMARY_COLUMNS` (the stored prompt count, never
    the frozen framework: issue 20)."""
    prompts = row.prompt_count
    if prompts is None:  # a review not yet written (its default is worked out on insert)
        prompts = framework_of(row).prompt_count
    if row.id in mine:
        return Progress(mine[row.id], prompts, whose="yours")
    return Progress(answered.get(row.id, 0), prompts * people, whose="everyone")


# What a library row needs: plain columns, read without loading ORM objects or any review's
# frozen framework (about 19 KB each).
_SUMMARY_COLUMNS = (
    ReviewRow.id,
    ReviewRow.uid,
    ReviewRow.reference,
    ReviewRow.title,
    ReviewRow.review_type,
    ReviewRow.status,
    ReviewRow.archived_at,
    ReviewRow.prompt_count,
    ReviewRow.created_at,
    ReviewRow.updated_at,
    ReviewRow.deleted_at,
)
# The same, with the four date-times as the driver gives them (on SQLite the stored text):
# SQLAlchemy's own conversion of each (a regular expression, then the time zone) was half the
# Python time of listing 10,000 reviews (issue 20); :func:`_utc` does it in C.
_LIST_COLUMNS = tuple(
    type_coerce(c, String()).label(c.key) if c.key.endswith("_at") else c for c in _SUMMARY_COLUMNS
)
_TYPES = {t.value: t for t in ReviewType}
_STATUSES = {s.value: s for s in ReviewStatus}


def _utc(value: Any) -> datetime | None:
    """A stored UTC date-time (text on SQLite, a naive datetime from other drivers), aware."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")  # UTC (the same tzinfo object)
    return value.replace(tzinfo=UTC)


def review_summaries(
    session: Session,
    *,
    include_archived: bool = True,
    in_trash: bool = False,
    count_answers: bool = True,
) -> list[ReviewSummary]:
    """The library's reviews, or (``in_trash``) those in the Trash, newest first. Without
    ``count_answers`` each review's progress is left to count (``whose == "counting"``): the
    count reads every answer, a second or more at 10,000 reviews, so the library lists first
    and counts after (issue 20)."""
    if in_trash:
        query = select(*_LIST_COLUMNS).where(ReviewRow.deleted_at.is_not(None))
        query = query.order_by(ReviewRow.deleted_at.desc(), ReviewRow.id.desc())
    else:
        query = select(*_LIST_COLUMNS).where(ReviewRow.deleted_at.is_(None))
        query = query.order_by(ReviewRow.updated_at.desc(), ReviewRow.id.desc())
    if not include_archived:
        query = query.where(ReviewRow.archived_at.is_(None))
    rows = session.execute(query).all()
    if not count_answers:
        return [_listed(row, Progress(0, row.prompt_count, whose="counting")) for row in rows]
    answered, contributors = _counts(session, None)
    mine = _my_answered_counts(session, None)
    return [
        _listed(row, _progress(row, mine, answered, contributors.get(row.id, 0))) for row in rows
    ]


def progress_by_review(session: Session) -> dict[int, Progress]:
    """Each library review's progress (those in the Trash left out), as
    :func:`review_summaries` counts it, without reading the reviews' other columns: the library
    lists first with progress "counting" and fills it in from this (issue 20)."""
    rows = (
        session.connection()
        .execute(select(ReviewRow.id, ReviewRow.prompt_count).where(ReviewRow.deleted_at.is_(None)))
        .all()
    )
    answered, contributors = _counts(session, None)
    mine = _my_answered_counts(session, None)
    return {row.id: _progress(row, mine, answered, contributors.get(row.id, 0)) for row in rows}


def _listed(row: Any, progress: Progress) -> ReviewSummary:
    """:func:`_summary` for a row of :data:`_LIST_COLUMNS` (date-times as stored), read by
    position (quicker than by name, 10,000 times)."""
    review_id, uid, reference, title, review_type, status, archived_at, _, created, updated = row[
        :10
    ]
    return ReviewSummary(
        review_id,
        uid,
        reference,
        title,
        _TYPES.get(review_type) or ReviewType(review_type),
        _STATUSES.get(status) or ReviewStatus(status),
        archived_at is not None,
        progress,
        _utc(created),  # type: ignore[arg-type]
        _utc(updated),  # type: ignore[arg-type]
        _utc(row[10]),
    )


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
    answered = _answered_counts(session, [row.id])
    mine = _my_answered_counts(session, [row.id])
    return _summary(row, _progress(row, mine, answered, len(row.contributors)))


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
