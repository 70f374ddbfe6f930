"""The yearly report, right (issue 18, point 6): a review is in the period by what happened in it,
so the financial year the demo's actions fall due shows them and their impact (read from the
real PDF with poppler's pdftotext); themes nobody rated say so; and the counts a yearly report
needs, worked out by hand across Easter."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewdesk.domain.clocks import WorkingCalendar
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.domain.yearly import DecisionFact, ReviewDates, events_in, year_figures
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
FY_2026 = Period(date(2026, 4, 1), date(2027, 3, 31))


@pytest.fixture
def lead(tmp_path: Path):  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(tmp_path / "lead"), kdf=FAST_TEST_KDF, clock=lambda: NOW)
    yield services
    services.close()


def test_the_year_the_demos_actions_land_shows_them_and_their_impact(lead, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead.exchange.add_demo()
    out = lead.learning_report.export(FY_2026, ReportFormat.PDF, tmp_path / "fy.pdf")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "DEMO-2026-01" in flat
    assert "Reviews covered 1" in flat
    # The actions due in the year, and the impact recorded in it.
    assert "Add a 'who lives here or visits?' question" in flat
    assert "23 of 23 notifications reached health visiting" in flat
    assert "Action due" in flat and "Impact recorded" in flat  # why the review is in the year
    assert "Reviews in numbers" in flat


def test_a_theme_nobody_rated_is_not_rated_never_zero(lead) -> None:  # type: ignore[no-untyped-def]
    demo, _ = lead.exchange.add_demo()
    report = lead.learning_report.build(FY_2026)
    rated = {t.theme_id: t for t in report.themes}
    assert any(not t.unrated for t in rated.values())
    from reviewdesk.exports.learning_report_content import theme_rows

    for theme, row in zip(report.themes, theme_rows(report), strict=True):
        if theme.unrated:
            assert row[2] == "Not rated"
        else:
            assert row[2].endswith("%")
    assert demo.id in report.dashboard.reviews.review_ids


def test_counts_for_the_yearly_report_worked_by_hand() -> None:
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    cal = WorkingCalendar(frozenset({date(2026, 4, 3), date(2026, 4, 6)}))
    year = Period(date(2026, 4, 1), date(2027, 3, 31))
    reviews = [
        # Notified Wed 25 March; 15 working days over Easter ends Fri 17 April: met on the 17th.
        ReviewDates("RR-1", "rapid_review", "analysis", date(2026, 3, 20), date(2026, 3, 25),
                    date(2026, 4, 17)),
        # Notified Thu 2 April; 15 working days end Mon 27 April: met on the 28th, one late.
        ReviewDates("RR-2", "rapid_review", "analysis", date(2026, 3, 30), date(2026, 4, 2),
                    date(2026, 4, 28)),
        # A local review decided 10 March 2026: its report was due 10 September, published 1 Oct.
        ReviewDates("LC-3", "lcspr", "published", date(2026, 1, 5), date(2026, 1, 8),
                    date(2026, 1, 29), date(2026, 3, 10), date(2026, 10, 1)),
    ]  # fmt: skip
    decisions = [
        DecisionFact("RR-1", "rapid_review", "local_review", date(2026, 4, 20)),
        DecisionFact("RR-2", "rapid_review", "no_local_review", date(2026, 4, 29),
                     "The learning is already in the MASH improvement plan."),
    ]  # fmt: skip
    figures = year_figures(year, date(2026, 12, 7), reviews, decisions, cal)
    assert figures.notifications == ("RR-2",)
    assert figures.rapid_reviews == ("RR-1", "RR-2")
    assert figures.rapid_on_time == ("RR-1",)
    assert figures.commissioned == ("RR-1",)
    assert figures.not_commissioned == (
        ("RR-2", "No local review", "The learning is already in the MASH improvement plan."),
    )
    # RR-1's local review was decided 20 April: due 20 October, not published: overdue.
    assert figures.final_due == ("RR-1", "LC-3")
    assert figures.final_on_time == ()
    assert figures.final_overdue == ("RR-1",)
    assert figures.published == ("LC-3",)
    # Seen on 1 October instead, RR-1's report is not yet due: not counted as late.
    early = year_figures(year, date(2026, 10, 1), reviews, decisions, cal)
    assert early.final_not_yet_due == ("RR-1",) and early.final_overdue == ()
    early_rows = {what: (n, which) for what, n, which in early.rows()}
    assert early_rows["Final reports on time (published by the due date)"] == (
        "0 of 1",
        "Not on time: LC-3; not yet due: RR-1",
    )
    rows = {what: (n, which) for what, n, which in figures.rows()}
    assert rows["Rapid reviews within 15 working days of the notification"] == (
        "1 of 2",
        "Later: RR-2",
    )
    assert events_in(year, reviews[2]) == ("Published",)
    assert events_in(year, reviews[1], decisions) == (
        "Notified to the Panel",
        "Rapid review",
        "Decision recorded",
    )
