"""The library's list: its reviews and each one's progress, read in SQLAlchemy Core alone.

Listing the library (the app's first screen, ``reviewdesk list``) reads only plain columns of
the review, contributor, answer and setting tables (store/core_tables.py), so it needs neither
the ORM nor the mapped classes: a command that lists never imports them (issue 20). Functions
here take an open Core :class:`~sqlalchemy.Connection` (a session's is ``session.connection()``;
store/queries.py does that for the services that read in a session) and return the domain's
read models.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, String, func, literal_column, select, type_coerce

from reviewdesk.domain.progress import Progress
from reviewdesk.domain.review import ReviewStatus, ReviewSummary, ReviewType
from reviewdesk.store.core_tables import answer as _answer
from reviewdesk.store.core_tables import contributor as _contributor
from reviewdesk.store.core_tables import review as _review
from reviewdesk.store.core_tables import setting as _setting

# An answer that holds more than spaces, written as the partial index ix_answer_answered's WHERE
# (core_tables.ANSWERED, migration 0020) with the empty text as a literal, not a bound
# parameter: the planner then counts from that index and never reads an answer's text
# (1.45 million answers at 10,000 reviews: 0.4 s of CPU reading them, about 0.1 s from the
# index; issue 20).
_ANSWERED = func.trim(_answer.c.text) != literal_column("''")


def counts_query(review_ids: list[int] | None = None) -> Select[int, Any, int]:
    """Each review's id, answered prompts and contributors (:func:`answer_counts`)."""
    answered = (
        select(func.count())
        .where(_answer.c.contributor_id == _contributor.c.id, _ANSWERED)
        .correlate(_contributor)
        .scalar_subquery()
    )
    query = select(
        _contributor.c.review_id, func.sum(answered), func.count(_contributor.c.id)
    ).group_by(_contributor.c.review_id)
    if review_ids is not None:
        query = query.where(_contributor.c.review_id.in_(review_ids))
    return query


def answer_counts(
    conn: Connection, review_ids: list[int] | None
) -> tuple[dict[int, int], dict[int, int]]:
    """Per review: its answered prompts, and its contributors, in one read. Each contributor's
    answers are counted from the index of answered ones (a subquery per contributor, so the
    database walks each contributor's entries in that index; a join put the 1.45 million
    answers first at 10,000 reviews and looked up each one's contributor: four times slower)."""
    counted: dict[int, int] = {}
    people: dict[int, int] = {}
    for review_id, answers, contributors in conn.execute(counts_query(review_ids)):
        counted[review_id] = int(answers or 0)  # numeric on PostgreSQL
        people[review_id] = contributors
    return counted, people


LOCAL_CONTRIBUTOR_PREFIX = "local_contributor."  # + review uid: who writes on this computer


def my_answered_counts(conn: Connection, review_ids: list[int] | None) -> dict[int, int]:
    """For each review with a "me" on this computer, how many prompts I have answered (0 where
    I have answered none yet). Reviews without a "me" are not in the result."""
    me = (
        select(_review.c.id.label("review_id"), _contributor.c.id.label("contributor_id"))
        .join(_setting, _setting.c.key == LOCAL_CONTRIBUTOR_PREFIX + _review.c.uid)
        .join(
            _contributor,
            (_contributor.c.uid == _setting.c.value) & (_contributor.c.review_id == _review.c.id),
        )
    )
    if review_ids is not None:
        me = me.where(_review.c.id.in_(review_ids))
    mine = me.subquery()
    query = (
        select(mine.c.review_id, func.count(_answer.c.id))
        .select_from(mine)
        .outerjoin(
            _answer,
            (_answer.c.contributor_id == mine.c.contributor_id) & _ANSWERED,
        )
        .group_by(mine.c.review_id)
    )
    return dict(conn.execute(query).all())


def progress_of(row: Any, mine: dict[int, int], answered: dict[int, int], people: int) -> Progress:
    """The library's progress for a review: mine, where I write in it; everyone's otherwise.
    ``row``: a ReviewRow or a row of :data:`_SUMMARY_COLUMNS` (the stored prompt count, never
    the frozen framework: issue 20)."""
    prompts = row.prompt_count
    if prompts is None:  # a ReviewRow not yet written (its default is worked out on insert)
        from reviewdesk.store.queries import framework_of

        prompts = framework_of(row).prompt_count
    if row.id in mine:
        return Progress(mine[row.id], prompts, whose="yours")
    return Progress(answered.get(row.id, 0), prompts * people, whose="everyone")


# What a library row needs: plain columns, read without loading ORM objects or any review's
# frozen framework (about 19 KB each).
_SUMMARY_COLUMNS = (
    _review.c.id,
    _review.c.uid,
    _review.c.reference,
    _review.c.title,
    _review.c.review_type,
    _review.c.status,
    _review.c.archived_at,
    _review.c.prompt_count,
    _review.c.created_at,
    _review.c.updated_at,
    _review.c.deleted_at,
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
    conn: Connection,
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
        query = select(*_LIST_COLUMNS).where(_review.c.deleted_at.is_not(None))
        query = query.order_by(_review.c.deleted_at.desc(), _review.c.id.desc())
    else:
        query = select(*_LIST_COLUMNS).where(_review.c.deleted_at.is_(None))
        query = query.order_by(_review.c.updated_at.desc(), _review.c.id.desc())
    if not include_archived:
        query = query.where(_review.c.archived_at.is_(None))
    rows = conn.execute(query).all()
    if not count_answers:
        return [_listed(row, Progress(0, row.prompt_count, whose="counting")) for row in rows]
    answered, contributors = answer_counts(conn, None)
    mine = my_answered_counts(conn, None)
    return [
        _listed(row, progress_of(row, mine, answered, contributors.get(row.id, 0))) for row in rows
    ]


def progress_by_review(conn: Connection) -> dict[int, Progress]:
    """Each library review's progress (those in the Trash left out), as
    :func:`review_summaries` counts it, without reading the reviews' other columns: the library
    lists first with progress "counting" and fills it in from this (issue 20)."""
    rows = conn.execute(
        select(_review.c.id, _review.c.prompt_count).where(_review.c.deleted_at.is_(None))
    ).all()
    answered, contributors = answer_counts(conn, None)
    mine = my_answered_counts(conn, None)
    return {row.id: progress_of(row, mine, answered, contributors.get(row.id, 0)) for row in rows}


def _listed(row: Any, progress: Progress) -> ReviewSummary:
    """A :class:`ReviewSummary` of a row of :data:`_LIST_COLUMNS` (date-times as stored), read by
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
