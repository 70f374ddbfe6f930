"""The dashboard places reviews in a period by what happened in them then, by the yearly
report's own rule (reviewdesk.domain.yearly.happened_in): dates worked out by hand, at the
edges of financial years, and the dashboard, its case-record counts and the learning report
agree on every period."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewdesk.domain.analysis import Action, ActionStatus
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.review import CaseRecord, KeyDates
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF

FY = {year: Period(date(year, 4, 1), date(year + 1, 3, 31)) for year in (2024, 2025, 2026, 2027)}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)

    def set(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def built(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = Clock()
    s = open_services(resolve_paths(tmp_path / "lib"), kdf=FAST_TEST_KDF, clock=clock)
    ids = {}
    # R2: no incident or notification date, started on 31 March 2026 (the last day of 2025/26).
    ids["R2"] = s.reviews.create(CaseRecord("R2", "Review R2 (fictional)")).id
    # R1: notified 2 May 2025; an action due 30 June 2026, marked complete on 10 July 2026 and
    # reworded on 2 May 2027 (a change, not a completion).
    ids["R1"] = s.reviews.create(
        CaseRecord("R1", "Review R1 (fictional)", dates=KeyDates(notification=date(2025, 5, 2)))
    ).id
    action = s.actions.add_action(ids["R1"], Action("Brief every GP", due=date(2026, 6, 30)))
    clock.set(date(2026, 7, 10))
    done = s.actions.edit_action(action.id, replace(action, status=ActionStatus.COMPLETE))
    clock.set(date(2027, 5, 2))
    s.actions.edit_action(action.id, replace(done, description="Brief every GP practice"))
    # R3: incident 1 Dec 2024, notified 31 March 2025 (2024/25), published 1 April 2026.
    ids["R3"] = s.reviews.create(
        CaseRecord(
            "R3",
            "Review R3 (fictional)",
            dates=KeyDates(
                incident=date(2024, 12, 1),
                notification=date(2025, 3, 31),
                publication=date(2026, 4, 1),
            ),
        )
    ).id
    # R4: notified in 2025/26 but in the Trash: never counted.
    ids["R4"] = s.reviews.create(
        CaseRecord("R4", "Review R4 (fictional)", dates=KeyDates(notification=date(2025, 9, 1)))
    ).id
    s.reviews.delete(ids["R4"])
    yield s, ids
    s.close()


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, {"R3"}),  # R3's incident and notification
        (2025, {"R1", "R2"}),  # R1 notified; R2 started on the year's last day
        (2026, {"R1", "R3"}),  # R1's action due and completed; R3 published on the first day
        (2027, set()),  # R1's rewording is not a completion
    ],
)
def test_reviews_are_in_the_years_something_happened(built, year: int, expected: set) -> None:  # type: ignore[no-untyped-def,type-arg]
    s, ids = built
    dashboard = s.dashboard.compute(FY[year])
    assert set(dashboard.reviews.review_ids) == {ids[r] for r in expected}
    assert dashboard.period == FY[year]  # the period asked for, as the window shows it
    # The case-record counts cover the same reviews.
    counted = {i for f in s.case_details.figures(FY[year], "incident") for i in f.review_ids}
    assert counted == {ids[r] for r in expected}
    if expected:  # the learning report places them alike (an empty period is refused)
        report = s.learning_report.build(FY[year])
        assert {r.reference for r in report.reviews} == expected


def test_the_database_places_reviews_by_the_same_rule_as_python(built) -> None:  # type: ignore[no-untyped-def]
    """The dashboard lets the database find a period's reviews (learning_stats.happened_in, so
    each select takes them as a subquery, issue 20); the yearly report's Python rule
    (domain.yearly.happened_in, via services.dashboard.with_reviews) must place every review
    alike: checked here over every one-day, one-month and one-year window from 2024 to 2027,
    with a decision recorded and the Panel's response, and an action's impact recorded."""
    from reviewdesk.domain.decisions import Decision, DecisionKind, PanelResponse, Partner
    from reviewdesk.domain.review import ReviewType
    from reviewdesk.services.dashboard import with_reviews

    s, ids = built
    s.decisions.add_decision(
        ids["R2"],
        Decision(
            DecisionKind.OTHER,
            date(2026, 8, 14),
            summary="Paused for a criminal trial",
            partners=tuple(Partner),
            panel_response=PanelResponse.AGREED,
            panel_response_on=date(2026, 9, 30),
        ),
    )
    (action,) = s.actions.actions(ids["R1"])
    s.actions.edit_action(
        action.id,
        replace(action, impact_evidence="Audit: 9 of 10", impact_recorded_on=date(2027, 1, 5)),
    )
    edges = sorted(
        {date(y, m, d) for y in range(2024, 2028) for m in range(1, 13) for d in (1, 28)}
        | {date(2025, 5, 2), date(2026, 6, 30), date(2026, 7, 10), date(2024, 12, 1)}
        | {date(2025, 3, 31), date(2026, 3, 31), date(2026, 4, 1), date(2026, 8, 14)}
        | {date(2026, 9, 30), date(2027, 1, 5), date(2027, 5, 2)}
    )
    periods = [Period(d, d) for d in edges]
    periods += [Period(a, b) for a, b in zip(edges, edges[2:], strict=False)]
    periods += list(FY.values())
    periods += [Period(date(2025, 4, 1), date(2026, 3, 31), (ReviewType.LCSPR,))]
    found_any = 0
    for period in periods:
        with s.dashboard._store.read() as session:
            by_python = with_reviews(session, period).review_ids
        by_sql = set(s.dashboard.compute(period).reviews.review_ids)
        assert by_sql == by_python, period
        found_any += bool(by_sql)
    assert found_any > 20  # the windows do find reviews, not only empty periods
