"""Figures across reviews for the theme dashboard and the learning report, counted in SQL.

Each function takes an open session (the service owns the transaction) and a period, and returns
plain values: rows grouped by the database, never one Python step per answer. A review is in the
period by :func:`period_date` (the SQL twin of
:func:`reviewdesk.domain.analysis.review_period_date`); reviews in the Trash never are.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Select,
    SQLColumnExpression,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased, selectinload

from reviewdesk.domain.analysis import Action
from reviewdesk.domain.casefile import CHILD_DIMENSIONS
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.pseudonyms import NameMapping
from reviewdesk.domain.review import Relevance, ReviewType
from reviewdesk.domain.yearly import ActionFact, DecisionFact, ReviewDates
from reviewdesk.store.analysis import action_of
from reviewdesk.store.queries import framework_of
from reviewdesk.store.tables import (
    ActionRow,
    AssessmentRow,
    CaseDetailsRow,
    ChildDetailsRow,
    ChildRow,
    ContributorRow,
    DecisionRow,
    FindingRow,
    NameKeyRow,
    RecommendationRow,
    ReviewRow,
)


def period_date() -> ColumnElement[date]:
    """Notification date, else incident date, else the (UTC) date the review was created."""
    return func.coalesce(
        ReviewRow.notification_date,
        ReviewRow.incident_date,
        func.date(ReviewRow.created_at),
        type_=Date,
    )


def _within(column: SQLColumnExpression[date | None], period: Period) -> ColumnElement[bool]:
    return and_(column >= literal(period.date_from, Date), column <= literal(period.date_to, Date))


def activity_facts(
    session: Session, review_types: tuple[ReviewType, ...] = ()
) -> tuple[dict[int, ReviewDates], list[DecisionFact], list[ActionFact]]:
    """What the period rule reads of every review not in the Trash (of these types, when any
    are given): its dates, its decisions' dates and its actions' dates, as the domain's facts
    (reviewdesk.domain.yearly.happened_in decides). Three narrow selects, portable SQL."""
    live: ColumnElement[bool] = ReviewRow.deleted_at.is_(None)
    if review_types:
        live = and_(live, ReviewRow.review_type.in_([t.value for t in review_types]))
    reviews = session.execute(
        select(
            ReviewRow.id, ReviewRow.reference, ReviewRow.review_type, ReviewRow.status,
            ReviewRow.incident_date, ReviewRow.notification_date, ReviewRow.rapid_review_date,
            ReviewRow.decision_date, ReviewRow.publication_date, ReviewRow.created_at,
        ).where(live)
    ).all()  # fmt: skip
    dates = {
        r[0]: ReviewDates(
            r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9].date() if r[9] else None
        )
        for r in reviews
    }
    decided = [
        DecisionFact(reference, kind, outcome or "", on, "", response_on)
        for reference, kind, outcome, on, response_on in session.execute(
            select(
                ReviewRow.reference, DecisionRow.kind, DecisionRow.outcome,
                DecisionRow.decided_on, DecisionRow.panel_response_on,
            ).join(ReviewRow, ReviewRow.id == DecisionRow.review_id).where(live)
        )
    ]  # fmt: skip
    acted = [
        ActionFact(reference, due, completed if status == "complete" else None, impact_on)
        for reference, due, status, completed, impact_on in session.execute(
            select(
                ReviewRow.reference, ActionRow.due_on, ActionRow.status, ActionRow.completed_on,
                ActionRow.impact_recorded_on,
            ).join(ReviewRow, ReviewRow.id == ActionRow.review_id).where(live)
        )
    ]  # fmt: skip
    return dates, decided, acted


def happened_in(period: Period) -> ColumnElement[bool]:
    """The SQL twin of :func:`reviewdesk.domain.yearly.happened_in` (ACTIVITY_RULE): something
    happened in the review during the period (its incident, notification, rapid review, decision
    on a local review or publication; a decision recorded or the Panel's response; an action
    falling due, marked complete or its impact recorded; with neither an incident nor a
    notification date, the day it was started). As a condition on the review row, so the
    period's reviews are a subquery and never a list of ids sent to the database
    (tests/services/test_dashboard_period_rule.py checks both rules agree)."""
    started = func.date(ReviewRow.created_at)
    decided = select(DecisionRow.id).where(
        DecisionRow.review_id == ReviewRow.id,
        or_(
            _within(DecisionRow.decided_on, period), _within(DecisionRow.panel_response_on, period)
        ),
    )
    acted = select(ActionRow.id).where(
        ActionRow.review_id == ReviewRow.id,
        or_(
            _within(ActionRow.due_on, period),
            and_(ActionRow.status == "complete", _within(ActionRow.completed_on, period)),
            _within(ActionRow.impact_recorded_on, period),
        ),
    )
    return or_(
        _within(ReviewRow.incident_date, period),
        _within(ReviewRow.notification_date, period),
        and_(
            ReviewRow.incident_date.is_(None),
            ReviewRow.notification_date.is_(None),
            _within(started, period),
        ),
        _within(ReviewRow.rapid_review_date, period),
        _within(ReviewRow.decision_date, period),
        _within(ReviewRow.publication_date, period),
        decided.exists(),
        acted.exists(),
    )


def _in_period(period: Period) -> ColumnElement[bool]:
    # Out of the Trash, asked of a covering index (ix_review_list, ix_review_search): on the
    # review row itself deleted_at lies after the frozen framework (19 KB) and SQLite would walk
    # each review's overflow pages to reach it: 0.2 s a select at 10,000 reviews (issue 20).
    live = aliased(ReviewRow, name="live")
    living = select(live.id).where(live.deleted_at.is_(None))
    if period.review_ids is not None:  # given by the caller (services/dashboard.py)
        # Only the given reviews are looked up in the index, not every review (10 ms a select
        # at 10,000 reviews).
        given: BindParameter[list[int]] = bindparam(
            "period_ids", sorted(period.review_ids), expanding=True, literal_execute=True
        )
        condition: ColumnElement[bool] = ReviewRow.id.in_(living.where(live.id.in_(given)))
    else:
        condition = and_(ReviewRow.id.in_(living), happened_in(period))
    if period.review_types:
        condition = and_(
            condition, ReviewRow.review_type.in_([t.value for t in period.review_types])
        )
    return condition


def reviews_out_of_trash(session: Session) -> int:
    """How many reviews the library holds out of the Trash (counted in a covering index)."""
    return int(session.scalar(select(func.count()).where(ReviewRow.deleted_at.is_(None))) or 0)


def review_ids_in(period: Period) -> Select[int]:
    """A subquery-ready select of the ids of the period's reviews."""
    return select(ReviewRow.id).where(_in_period(period))


def reviews_in(session: Session, period: Period) -> list[tuple[int, str, str, str]]:
    """(id, reference, review type, status) of the period's reviews, by reference."""
    rows = session.execute(
        select(ReviewRow.id, ReviewRow.reference, ReviewRow.review_type, ReviewRow.status)
        .where(_in_period(period))
        .order_by(ReviewRow.reference)
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def review_lines(session: Session, period: Period) -> list[tuple[int, str, str, str, str, bool]]:
    """(id, reference, title, review type, status, archived) of the period's reviews, by
    reference."""
    rows = session.execute(
        select(
            ReviewRow.id, ReviewRow.reference, ReviewRow.title, ReviewRow.review_type,
            ReviewRow.status, ReviewRow.archived_at.is_not(None),
        ).where(_in_period(period)).order_by(ReviewRow.reference)
    ).all()  # fmt: skip
    return [(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


def frameworks_in(session: Session, period: Period) -> list[Framework]:
    """The distinct frameworks frozen into the period's reviews, most used first (one review of
    each is read, not every review's copy)."""
    firsts = session.execute(
        select(func.min(ReviewRow.id), func.count(ReviewRow.id))
        .where(_in_period(period))
        .group_by(ReviewRow.framework_id, ReviewRow.framework_version)
        .order_by(func.count(ReviewRow.id).desc(), func.min(ReviewRow.id))
    ).all()
    found: list[Framework] = []
    for review_id, _count in firsts:
        row = session.get(ReviewRow, review_id)
        if row is not None:
            framework = framework_of(row)
            if framework not in found:
                found.append(framework)
    return found


def _id_list(text: str | None) -> list[int]:
    """Review ids as ``aggregate_strings`` joined them ("3,17,42")."""
    return [int(i) for i in text.split(",")] if text else []


def _joined_ids(column: SQLColumnExpression[int]) -> ColumnElement[str]:
    """The group's review ids in one string: group_concat on SQLite, string_agg on PostgreSQL.
    A handful of rows come back instead of one per review and theme (54,000 at 10,000 reviews),
    which the database groups far quicker than Python reads them (issue 20)."""
    return func.aggregate_strings(cast(column, String), ",")


def theme_ratings(session: Session, period: Period) -> dict[str, dict[int, list[int]]]:
    """theme id -> {highest rank: the period's reviews where the highest rating any
    contributor gave the theme was that rank}: 2 significant, 1 some relevance, 0 rated not
    relevant (a review where anyone rated the theme is under one of them)."""
    rank = case(
        (AssessmentRow.relevance == Relevance.SIGNIFICANT.value, 2),
        (AssessmentRow.relevance == Relevance.SOME.value, 1),
        else_=0,
    )
    per_review = (
        select(
            ContributorRow.review_id.label("review_id"),
            AssessmentRow.theme_id.label("theme_id"),
            func.max(rank).label("top"),
        )
        .join(ContributorRow, AssessmentRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id.in_(review_ids_in(period)))
        .where(AssessmentRow.relevance.is_not(None), AssessmentRow.relevance != "")
        .group_by(ContributorRow.review_id, AssessmentRow.theme_id)
        .subquery()
    )
    rows = session.execute(
        select(per_review.c.theme_id, per_review.c.top, _joined_ids(per_review.c.review_id))
        .group_by(per_review.c.theme_id, per_review.c.top)
    ).all()  # fmt: skip
    out: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for theme_id, top, ids in rows:
        out[theme_id][int(top)] = _id_list(ids)
    return out


def findings_per_theme(session: Session, period: Period) -> dict[str, tuple[int, set[int]]]:
    """theme id -> (current findings linked to it, the reviews they are in). Grouped in SQL by
    the stored list of theme ids, so only distinct lists are parsed and read."""
    per_review = (
        select(
            FindingRow.review_id.label("review_id"),
            FindingRow.theme_ids.label("theme_ids"),
            func.count(FindingRow.id).label("n"),
        )
        .where(FindingRow.review_id.in_(review_ids_in(period)))
        .where(FindingRow.removed_at.is_(None))
        .group_by(FindingRow.review_id, FindingRow.theme_ids)
        .subquery()
    )
    joined = _joined_ids(per_review.c.review_id)
    rows = session.execute(
        select(per_review.c.theme_ids, func.sum(per_review.c.n), joined).group_by(
            per_review.c.theme_ids
        )
    ).all()
    out: dict[str, tuple[int, set[int]]] = {}
    for theme_text, count, ids in rows:
        try:
            value = json.loads(theme_text or "[]")
        except ValueError:
            value = []
        reviews = _id_list(ids)
        for theme_id in dict.fromkeys(str(v) for v in value if v):
            before, seen = out.get(theme_id, (0, set()))
            seen.update(reviews)
            out[theme_id] = (before + int(count), seen)
    return out


def action_counts(
    session: Session, period: Period, today: date
) -> list[tuple[str, bool, int, list[int]]]:
    """(status, overdue, number of actions, the reviews they are in) for the period's reviews.
    Overdue: the due date is before ``today`` and the action is not complete."""
    overdue = case(
        (and_(ActionRow.due_on.is_not(None), ActionRow.due_on < literal(today, Date),
              ActionRow.status != "complete"), 1),
        else_=0,
    )  # fmt: skip
    per_review = (
        select(
            ActionRow.review_id.label("review_id"),
            ActionRow.status.label("status"),
            overdue.label("overdue"),
            func.count(ActionRow.id).label("n"),
        )
        .where(ActionRow.review_id.in_(review_ids_in(period)))
        .group_by(ActionRow.review_id, ActionRow.status, overdue)
        .subquery()
    )
    rows = session.execute(
        select(
            per_review.c.status, per_review.c.overdue, func.sum(per_review.c.n),
            _joined_ids(per_review.c.review_id),
        ).group_by(per_review.c.status, per_review.c.overdue)
    ).all()  # fmt: skip
    return [(r[0], bool(r[1]), int(r[2]), _id_list(r[3])) for r in rows]


def case_record_values(
    session: Session, period: Period
) -> tuple[dict[int, tuple[str, str]], dict[int, list[tuple[str, ...]]]]:
    """What the dashboard counts of the period's case records for analysis, as stored ("" for
    not recorded), in three selects whatever the number of reviews: review id -> (incident, harm
    type) for those with a case record; review id -> each child's values on
    :data:`reviewdesk.domain.casefile.CHILD_DIMENSIONS` (the case record's named children, in
    its order, blank when none are kept for them; then any kept for a child no longer named, as
    :func:`reviewdesk.services.analysis.case_details.details_of` reads one review)."""
    ids = review_ids_in(period)
    cases = {
        review_id: (incident or "", harm_type or "")
        for review_id, incident, harm_type in session.execute(
            select(CaseDetailsRow.review_id, CaseDetailsRow.incident, CaseDetailsRow.harm_type)
            .where(CaseDetailsRow.review_id.in_(ids))
        )
    }  # fmt: skip
    kept: dict[int, dict[str, tuple[str, ...]]] = defaultdict(dict)
    columns = [getattr(ChildDetailsRow, name) for name in CHILD_DIMENSIONS]
    for review_id, pseudonym, *values in session.execute(
        select(ChildDetailsRow.review_id, ChildDetailsRow.pseudonym, *columns)
        .where(ChildDetailsRow.review_id.in_(ids))
        .order_by(ChildDetailsRow.id)
    ):
        kept[review_id][pseudonym] = tuple(v or "" for v in values)
    blank = ("",) * len(CHILD_DIMENSIONS)
    children: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    named: dict[int, set[str]] = defaultdict(set)
    for review_id, pseudonym in session.execute(
        select(ChildRow.review_id, ChildRow.pseudonym)
        .where(ChildRow.review_id.in_(ids))
        .order_by(ChildRow.review_id, ChildRow.position)
    ):
        named[review_id].add(pseudonym)
        children[review_id].append(kept.get(review_id, {}).get(pseudonym, blank))
    for review_id, by_name in kept.items():
        children[review_id] += [v for p, v in by_name.items() if p not in named[review_id]]
    return cases, dict(children)


# --- the learning report's content (for the reviews already chosen by period) -------------------


def report_reviews(session: Session, review_ids: tuple[int, ...]) -> list[ReviewRow]:
    """The period's reviews by reference (only the case record's columns are used)."""
    if not review_ids:
        return []
    return list(
        session.scalars(
            select(ReviewRow).where(ReviewRow.id.in_(review_ids)).order_by(ReviewRow.reference)
        )
    )


def name_keys(session: Session, review_ids: tuple[int, ...]) -> dict[int, list[NameMapping]]:
    """Each review's name key (as the export service applies it), in one query."""
    out: dict[int, list[NameMapping]] = defaultdict(list)
    if review_ids:
        rows = session.execute(
            select(NameKeyRow.review_id, NameKeyRow.real_name, NameKeyRow.pseudonym)
            .where(NameKeyRow.review_id.in_(review_ids))
            .order_by(NameKeyRow.id)
        ).all()
        for review_id, real, pseudonym in rows:
            out[review_id].append(NameMapping(real, pseudonym))
    return out


def key_learning(
    session: Session, review_ids: tuple[int, ...]
) -> list[tuple[int, str, str, str, str]]:
    """(review id, theme id, contributor role, contributor agency, key learning) for every
    theme assessment with key learning written (contributors' names are not read)."""
    if not review_ids:
        return []
    rows = session.execute(
        select(
            ContributorRow.review_id,
            AssessmentRow.theme_id,
            ContributorRow.role,
            ContributorRow.agency,
            AssessmentRow.key_learning,
        )
        .join(ContributorRow, AssessmentRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id.in_(review_ids))
        .where(func.trim(AssessmentRow.key_learning) != "")
        .order_by(ContributorRow.review_id, ContributorRow.id, AssessmentRow.id)
    ).all()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def current_findings(session: Session, review_ids: tuple[int, ...]) -> list[FindingRow]:
    if not review_ids:
        return []
    return list(
        session.scalars(
            select(FindingRow)
            .where(FindingRow.review_id.in_(review_ids), FindingRow.removed_at.is_(None))
            .order_by(FindingRow.review_id, FindingRow.id)
        )
    )


def current_recommendations(
    session: Session, review_ids: tuple[int, ...]
) -> list[RecommendationRow]:
    if not review_ids:
        return []
    return list(
        session.scalars(
            select(RecommendationRow)
            .where(
                RecommendationRow.review_id.in_(review_ids), RecommendationRow.removed_at.is_(None)
            )
            .order_by(RecommendationRow.review_id, RecommendationRow.id)
        )
    )


def actions_of(session: Session, review_ids: tuple[int, ...]) -> list[tuple[int, Action]]:
    """(review id, action) with each action's recommendation reference."""
    if not review_ids:
        return []
    refs = dict(
        session.execute(
            select(RecommendationRow.id, RecommendationRow.ref).where(
                RecommendationRow.review_id.in_(review_ids)
            )
        ).all()
    )
    rows = session.scalars(
        select(ActionRow)
        .where(ActionRow.review_id.in_(review_ids))
        .order_by(ActionRow.review_id, ActionRow.id)
        # each action's impact log in one more query, not one query an action (issue 20: 6,500
        # queries, half the time reading the library for the report over 2,000 reviews)
        .options(selectinload(ActionRow.impacts))
    )
    return [(row.review_id, action_of(row, refs)) for row in rows]


def decisions_of(session: Session, review_ids: tuple[int, ...]) -> list[DecisionRow]:
    """The decision logs of these reviews, oldest first."""
    if not review_ids:
        return []
    return list(
        session.scalars(
            select(DecisionRow)
            .where(DecisionRow.review_id.in_(review_ids))
            .order_by(DecisionRow.decided_on, DecisionRow.id)
        )
    )


def completed_on(session: Session, review_ids: tuple[int, ...]) -> dict[int, date]:
    """action id -> the day a complete action was marked complete (migration 0012)."""
    if not review_ids:
        return {}
    rows = session.execute(
        select(ActionRow.id, ActionRow.completed_on).where(
            ActionRow.review_id.in_(review_ids), ActionRow.status == "complete"
        )
    ).all()
    return {i: when for i, when in rows if when is not None}
