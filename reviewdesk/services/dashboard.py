"""The theme dashboard: figures across a period's reviews, each with the reviews behind it.

One read transaction per call; the counting is done by the database
(reviewdesk/store/learning_stats.py). ``today`` is injectable so "overdue" can be tested.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TypedDict

from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import ActionStatus
from reviewdesk.domain.casefile import CaseGroups
from reviewdesk.domain.dashboard import (
    Dashboard,
    Figure,
    Period,
    ReviewLine,
    ThemeFigures,
    action_figure,
    status_figure,
    type_figure,
)
from reviewdesk.domain.framework import Framework, Theme
from reviewdesk.domain.review import ReviewStatus, ReviewType
from reviewdesk.domain.yearly import ActionFact, DecisionFact, happened_in
from reviewdesk.services.frameworks import default_framework
from reviewdesk.store import learning_stats as stats
from reviewdesk.store.engine import Store


def themes_of(frameworks: Iterable[Framework]) -> tuple[Theme, ...]:
    """Every theme of the given frameworks, once each (by id), in the order first met; the
    Panel's six themes when there are no frameworks at all."""
    seen: dict[str, Theme] = {}
    for framework in frameworks:
        for theme in framework.themes:
            seen.setdefault(theme.id, theme)
    if not seen:
        return default_framework().themes
    return tuple(seen.values())


def _ids(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(values)))


def with_reviews(session: Session, period: Period) -> Period:
    """The period with the ids of the reviews in it: those in which something happened during
    it, decided in Python by the yearly report's own rule (reviewdesk.domain.yearly.happened_in).
    The dashboard itself lets the database apply the rule's SQL twin (:func:`dashboard_in`);
    this is kept for callers that need the ids and for the tests that check both rules agree. A
    period that already carries its reviews is kept."""
    if period.review_ids is not None:
        return period
    dates, decided, acted = stats.activity_facts(session, period.review_types)
    decisions: dict[str, list[DecisionFact]] = defaultdict(list)
    actions: dict[str, list[ActionFact]] = defaultdict(list)
    for d in decided:
        decisions[d.reference].append(d)
    for a in acted:
        actions[a.reference].append(a)
    found = frozenset(
        review_id
        for review_id, review in dates.items()
        if happened_in(period, review, decisions[review.reference], actions[review.reference])
    )
    return replace(period, review_ids=found)


def dashboard_in(
    session: Session,
    period: Period,
    today: date,
    reviews: list[tuple[int, str, str, str]] | None = None,
) -> Dashboard:
    """The dashboard, read in the caller's transaction (the learning report reads it with the
    rest of its content, so the figures and the text match). The figures count the reviews in
    which something happened during the period, found by the database with the yearly report's
    rule (reviewdesk.store.learning_stats.happened_in, the SQL twin of
    reviewdesk.domain.yearly.happened_in): each select takes them as a subquery."""
    asked = period
    if reviews is None:  # (id, reference, type, status), unless the caller has read them
        reviews = stats.reviews_in(session, period)
    themes = themes_of(stats.frameworks_in(session, period))
    ratings = stats.theme_ratings(session, period)
    findings = stats.findings_per_theme(session, period)
    actions = stats.action_counts(session, period, today)
    return Dashboard(
        period=asked,
        today=today,
        reviews=Figure("reviews", "Reviews", len(reviews), _ids(r[0] for r in reviews)),
        by_type=DashboardService._by_type(reviews),
        by_status=DashboardService._by_status(reviews),
        themes=tuple(DashboardService._theme(t, ratings, findings) for t in themes),
        **DashboardService._actions(actions),
    )


def case_groups_in(
    session: Session, period: Period, reviews: Iterable[int] | None = None
) -> CaseGroups:
    """The period's reviews grouped by their case record for analysis (special-category data),
    read in the caller's transaction in three selects (reviewdesk.store.learning_stats).
    ``reviews``: the period's review ids when the caller has found them already."""
    cases, children = stats.case_record_values(session, period)
    if reviews is None:
        reviews = [r[0] for r in stats.reviews_in(session, period)]
    return CaseGroups.of_values(reviews, cases, children)


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard window shows for a period, read in one transaction: the
    figures, and the reviews grouped by the case record for its counts."""

    dashboard: Dashboard
    cases: CaseGroups
    lines: Mapping[int, ReviewLine]  # the period's reviews, for the lists behind the figures


class _ActionFigures(TypedDict):
    """The dashboard's action figures, as :meth:`DashboardService._actions` counts them."""

    actions: Figure
    actions_by_status: tuple[Figure, ...]
    overdue: Figure


class DashboardService:
    def __init__(self, store: Store, today: Callable[[], date] = date.today) -> None:
        self._store = store
        self._today = today

    def today(self) -> date:
        return self._today()

    def compute(self, period: Period) -> Dashboard:
        """Every figure of the dashboard for ``period`` (see reviewdesk/domain/dashboard.py for
        what each one counts)."""
        today = self._today()
        with self._store.read() as session:
            return dashboard_in(session, period, today)

    def compute_for_window(self, period: Period) -> DashboardFigures:
        """What the dashboard window shows for ``period``, in one read transaction (the window
        calls it off the GUI thread and only builds its widgets from the result): the figures,
        and the reviews grouped by their case record, so changing what the counts are by is
        worked out from these without reading the library again."""
        today = self._today()
        with self._store.read() as session:
            rows = stats.review_lines(session, period)
            reviews = [(i, ref, kind, status) for i, ref, _title, kind, status, _a in rows]
            # The period's reviews are those just read: the other selects take their ids, rather
            # than each apply the period rule again to every review (eight more times, 25 ms of
            # the database's CPU each for a financial year at 10,000 reviews: issue 20). Unless
            # the period holds most of the library (All time, say): then the rule is quick
            # (most reviews pass its first test) and writing out thousands of ids is not.
            found = period
            if 2 * len(rows) <= stats.reviews_out_of_trash(session):
                found = replace(period, review_ids=frozenset(r[0] for r in rows))
            dashboard = replace(dashboard_in(session, found, today, reviews), period=period)
            cases = case_groups_in(session, found, dashboard.reviews.review_ids)
        lines = {
            i: ReviewLine(i, ref, title, ReviewType(kind), ReviewStatus(status), archived)
            for i, ref, title, kind, status, archived in rows
        }
        return DashboardFigures(dashboard, cases, lines)

    @staticmethod
    def _by_type(reviews: list[tuple[int, str, str, str]]) -> tuple[Figure, ...]:
        groups: dict[str, list[int]] = defaultdict(list)
        for review_id, _ref, review_type, _status in reviews:
            groups[review_type].append(review_id)
        return tuple(type_figure(t, _ids(groups[t.value])) for t in ReviewType if groups[t.value])

    @staticmethod
    def _by_status(reviews: list[tuple[int, str, str, str]]) -> tuple[Figure, ...]:
        """Every stage, in the order a review moves through them (zeros included)."""
        groups: dict[str, list[int]] = defaultdict(list)
        for review_id, _ref, _type, status in reviews:
            groups[status].append(review_id)
        return tuple(status_figure(s, _ids(groups[s.value])) for s in ReviewStatus)

    @staticmethod
    def _theme(
        theme: Theme,
        ratings: dict[str, dict[int, list[int]]],
        findings: dict[str, tuple[int, set[int]]],
    ) -> ThemeFigures:
        by_rank = ratings.get(theme.id, {})
        significant = _ids(by_rank.get(2, ()))
        some = _ids(by_rank.get(1, ()))
        rated = _ids(r for ids in by_rank.values() for r in ids)
        found, found_in = findings.get(theme.id, (0, set()))
        return ThemeFigures(
            theme_id=theme.id,
            title=theme.title,
            short_title=theme.short_title,
            significant=Figure(
                f"significant:{theme.id}", "Rated significant", len(significant), significant
            ),
            some=Figure(f"some:{theme.id}", "Some relevance", len(some), some),
            findings=Figure(f"findings:{theme.id}", "Findings", found, _ids(found_in)),
            rated=Figure(f"rated:{theme.id}", "Rated", len(rated), rated),
        )

    @staticmethod
    def _actions(rows: list[tuple[str, bool, int, list[int]]]) -> _ActionFigures:
        counts: dict[str, int] = defaultdict(int)
        reviews: dict[str, list[int]] = defaultdict(list)
        overdue_count, overdue_reviews, total = 0, [], []
        for status, overdue, count, ids in rows:
            counts[status] += count
            reviews[status] += ids
            total.append(count)
            if overdue:
                overdue_count += count
                overdue_reviews += ids
        all_reviews = _ids(r for ids in reviews.values() for r in ids)
        return {
            "actions": Figure("actions", "Actions", sum(total), all_reviews),
            "actions_by_status": tuple(
                action_figure(s, counts[s.value], _ids(reviews[s.value])) for s in ActionStatus
            ),
            "overdue": Figure("action:overdue", "Overdue", overdue_count, _ids(overdue_reviews)),
        }
