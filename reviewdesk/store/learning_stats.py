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
    ColumnElement,
    Date,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    case,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import Action
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


def _in_period(period: Period) -> ColumnElement[bool]:
    if period.review_ids is not None:  # found by the period rule (services/dashboard.py)
        inside: ColumnElement[bool] = ReviewRow.id.in_(
            bindparam("period_ids", sorted(period.review_ids), expanding=True, literal_execute=True)
        )
    else:
        inside = _within(period_date(), period)
    condition = and_(ReviewRow.deleted_at.is_(None), inside)
    if period.review_types:
        condition = and_(
            condition, ReviewRow.review_type.in_([t.value for t in period.review_types])
        )
    return condition


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


def highest_ratings(session: Session, period: Period) -> dict[tuple[int, str], Relevance]:
    """(review id, theme id) -> the highest relevance any contributor gave (only "some" and
    "significant" are returned)."""
    rank = case(
        (AssessmentRow.relevance == Relevance.SIGNIFICANT.value, 2),
        (AssessmentRow.relevance == Relevance.SOME.value, 1),
        else_=0,
    )
    rows = session.execute(
        select(ContributorRow.review_id, AssessmentRow.theme_id, func.max(rank))
        .join(ContributorRow, AssessmentRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id.in_(review_ids_in(period)))
        .where(AssessmentRow.relevance.in_([Relevance.SIGNIFICANT.value, Relevance.SOME.value]))
        .group_by(ContributorRow.review_id, AssessmentRow.theme_id)
    ).all()
    by_rank = {2: Relevance.SIGNIFICANT, 1: Relevance.SOME}
    return {(r[0], r[1]): by_rank[r[2]] for r in rows if r[2] in by_rank}


def rated_reviews(session: Session, period: Period) -> dict[str, tuple[int, ...]]:
    """theme id -> the period's reviews where any contributor rated it (not relevant too)."""
    rows = session.execute(
        select(AssessmentRow.theme_id, ContributorRow.review_id)
        .join(ContributorRow, AssessmentRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id.in_(review_ids_in(period)))
        .where(AssessmentRow.relevance.is_not(None), AssessmentRow.relevance != "")
        .distinct()
    ).all()
    out: dict[str, list[int]] = defaultdict(list)
    for theme_id, review_id in rows:
        out[theme_id].append(review_id)
    return {t: tuple(sorted(ids)) for t, ids in out.items()}


def findings_per_theme(session: Session, period: Period) -> dict[str, dict[int, int]]:
    """theme id -> {review id: current findings linked to the theme}. Grouped in SQL by the
    stored list of theme ids, so only distinct lists are parsed."""
    rows = session.execute(
        select(FindingRow.review_id, FindingRow.theme_ids, func.count(FindingRow.id))
        .where(FindingRow.review_id.in_(review_ids_in(period)))
        .where(FindingRow.removed_at.is_(None))
        .group_by(FindingRow.review_id, FindingRow.theme_ids)
    ).all()
    parsed: dict[str, tuple[str, ...]] = {}
    out: dict[str, dict[int, int]] = defaultdict(dict)
    for review_id, theme_text, count in rows:
        if theme_text not in parsed:
            try:
                value = json.loads(theme_text or "[]")
            except ValueError:
                value = []
            parsed[theme_text] = tuple(dict.fromkeys(str(v) for v in value if v))
        for theme_id in parsed[theme_text]:
            per_review = out[theme_id]
            per_review[review_id] = per_review.get(review_id, 0) + count
    return out


def action_counts(
    session: Session, period: Period, today: date
) -> list[tuple[int, str, bool, int]]:
    """(review id, status, overdue, number of actions) for the period's reviews. Overdue: the
    due date is before ``today`` and the action is not complete."""
    overdue = case(
        (and_(ActionRow.due_on.is_not(None), ActionRow.due_on < literal(today, Date),
              ActionRow.status != "complete"), 1),
        else_=0,
    )  # fmt: skip
    rows = session.execute(
        select(ActionRow.review_id, ActionRow.status, overdue, func.count(ActionRow.id))
        .where(ActionRow.review_id.in_(review_ids_in(period)))
        .group_by(ActionRow.review_id, ActionRow.status, overdue)
    ).all()
    return [(r[0], r[1], bool(r[2]), r[3]) for r in rows]


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
