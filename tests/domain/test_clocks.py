"""Working-day clocks (issue 18), against cases worked out by hand on a paper calendar.

England and Wales, 2026-27: Good Friday 3 April and Easter Monday 6 April 2026; Christmas Day
falls on Friday 25 December 2026 and Boxing Day on the Saturday, so Monday 28 December is the
substitute day; in 2027 both fall at a weekend, so Monday 27 and Tuesday 28 December are the
substitutes; New Year's Day 2027 is a Friday; the spring bank holiday is 25 May 2026 and the
summer one 31 August 2026.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewdesk.domain.clocks import (
    ActionClock,
    ClockFacts,
    PackClock,
    StepKind,
    WorkingCalendar,
    add_months,
    add_working_days,
    due_steps,
    due_this_week,
    end_of_week,
    next_due,
    working_days_between,
)

EW = WorkingCalendar.england_and_wales()
D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        ("2026-04-01", 5, "2026-04-10", "Good Friday and Easter Monday are skipped"),
        ("2026-04-02", 5, "2026-04-13", "notice on the Thursday before Easter"),
        ("2026-04-03", 1, "2026-04-07", "from Good Friday itself"),
        ("2026-12-23", 5, "2027-01-04", "Christmas, Boxing Day substitute, New Year"),
        ("2026-12-14", 15, "2027-01-07", "a rapid review across Christmas"),
        ("2027-12-24", 1, "2027-12-29", "both 2027 substitute days (27 and 28 December)"),
        ("2026-01-30", 1, "2026-02-02", "a month end on a Friday"),
        ("2026-05-29", 1, "2026-06-01", "month end after the spring bank holiday week"),
        ("2026-08-28", 1, "2026-09-01", "the summer bank holiday is the month's last day"),
        ("2026-04-08", -7, "2026-03-26", "7 working days before, back across Easter"),
        ("2026-06-06", 1, "2026-06-08", "from a Saturday"),
        ("2026-06-10", 0, "2026-06-10", "no days"),
    ],
)
def test_add_working_days_by_hand(start: str, n: int, expected: str, why: str) -> None:
    assert add_working_days(D(start), n, EW) == D(expected), why


def test_the_bank_holidays_are_england_and_wales() -> None:
    for day in ("2026-04-03", "2026-04-06", "2026-12-25", "2026-12-28", "2027-12-27", "2027-12-28"):
        assert not EW.is_working_day(D(day)), day
    assert EW.is_working_day(D("2026-12-24"))
    assert EW.is_working_day(D("2026-03-17"))  # St Patrick's Day: Northern Ireland only
    assert EW.is_working_day(D("2027-01-04"))  # 2 January is a holiday in Scotland only


def test_working_days_between_by_hand() -> None:
    assert working_days_between(D("2027-12-24"), D("2027-12-31"), EW) == 3
    assert working_days_between(D("2026-04-02"), D("2026-04-07"), EW) == 1
    assert working_days_between(D("2026-04-07"), D("2026-04-02"), EW) == -1
    assert working_days_between(D("2026-12-24"), D("2027-01-04"), EW) == 4
    assert working_days_between(D("2026-06-10"), D("2026-06-10"), EW) == 0


def test_closure_days_the_partnership_adds_are_not_working_days() -> None:
    closed = WorkingCalendar.england_and_wales([D("2026-12-29"), D("2026-12-30"), D("2026-12-31")])
    assert add_working_days(D("2026-12-23"), 5, closed) == D("2027-01-07")
    assert add_working_days(D("2026-12-23"), 5, EW) == D("2027-01-04")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-03-10", 6, "2026-09-10"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2027-08-31", 6, "2028-02-29"),
        ("2026-10-31", 6, "2027-04-30"),
        ("2026-07-15", 9, "2027-04-15"),
    ],
)
def test_add_months_keeps_to_the_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    n=st.integers(min_value=0, max_value=80),
)
def test_adding_then_counting_back_gives_n(start: date, n: int) -> None:
    end = add_working_days(start, n, EW)
    assert working_days_between(start, end, EW) == n
    if n > 0:
        assert end.weekday() < 5
        assert end not in EW.bank_holidays
        assert EW.is_working_day(end)
        # and it is the first such day: the day before is either start or leaves n - 1
        assert working_days_between(start, end - timedelta(days=1), EW) == n - 1


def test_importing_the_module_does_not_load_the_holidays_package() -> None:
    import subprocess

    code = "import sys, reviewdesk.domain.clocks; print('holidays' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the rules ----------------------------------------------------------------------------------


def facts(**kw) -> ClockFacts:  # type: ignore[no-untyped-def]
    base = dict(
        review_id=1, reference="R-1", title="Child Q", review_type="lcspr", status="analysis"
    )
    return ClockFacts(**{**base, **kw})


def test_notify_then_rapid_review_then_final_report() -> None:
    today = D("2026-04-01")
    steps = due_steps(facts(incident=D("2026-04-01")), EW, today)
    assert [(s.kind, s.due_date) for s in steps] == [(StepKind.NOTIFY, D("2026-04-10"))]
    assert steps[0].working_days_left == 5 and not steps[0].overdue

    steps = due_steps(facts(incident=D("2026-04-01"), notification=D("2026-04-08")), EW, today)
    assert [(s.kind, s.due_date) for s in steps] == [(StepKind.RAPID_REVIEW, D("2026-04-29"))]

    done = facts(
        incident=D("2026-02-14"),
        notification=D("2026-02-18"),
        rapid_review=D("2026-03-06"),
        decision=D("2026-03-10"),
    )
    steps = due_steps(done, EW, D("2026-12-07"))
    assert [(s.kind, s.due_date, s.overdue) for s in steps] == [
        (StepKind.FINAL_REPORT, D("2026-09-10"), True)
    ]
    # 11 September to 7 December 2026: 62 weekdays, no bank holiday among them
    assert steps[0].working_days_left == -62
    assert steps[0].when.startswith("Overdue by ")
    nine = due_steps(done, EW, D("2026-12-07"), final_report_months=9)
    assert nine[0].due_date == D("2026-12-10") and not nine[0].overdue
    assert nine[0].when == "3 working days left"


def test_panel_copy_seven_working_days_before_publication() -> None:
    steps = due_steps(
        facts(decision=D("2025-10-01"), publication=D("2026-04-08")), EW, D("2026-03-20")
    )
    panel = next(s for s in steps if s.kind is StepKind.PANEL_COPY)
    assert panel.due_date == D("2026-03-26")
    assert panel.working_days_left == 4  # 23, 24, 25, 26 March
    assert (
        due_steps(facts(publication=D("2026-04-08"), status="published"), EW, D("2026-03-20")) == []
    )


def test_packs_and_actions_and_types_without_panel_clocks() -> None:
    today = D("2026-12-24")
    audit = facts(
        review_type="multi_agency_audit",
        incident=D("2026-12-01"),
        packs=(
            PackClock("Sam Patel", D("2026-12-29")),
            PackClock("Jo Reed", D("2026-12-01"), returned=True),
        ),
        actions=(
            ActionClock("Brief every team", D("2026-12-23")),
            ActionClock("Done already", D("2026-12-01"), complete=True),
        ),
    )
    steps = due_steps(audit, EW, today)
    assert [s.kind for s in steps] == [StepKind.ACTION, StepKind.PACK_RETURN]
    assert steps[0].overdue and steps[0].when == "Overdue by 1 working day"
    assert steps[1].step == "Contribution back from Sam Patel"
    assert steps[1].working_days_left == 1  # 25 and 28 December are bank holidays
    assert next_due(steps) == steps[0]
    assert due_this_week(steps, today) == [steps[0]]  # the pack's Tuesday is next week
    assert due_this_week(steps, D("2026-12-28")) == steps
    # at the weekend "this week" is the coming one: Sunday 27 December reaches Sunday 3 January
    assert due_this_week(steps, D("2026-12-27")) == steps
    assert end_of_week(D("2026-12-26")) == D("2027-01-03")
    assert end_of_week(D("2026-12-21")) == end_of_week(D("2026-12-25")) == D("2026-12-27")


def test_the_decision_log_starts_or_stops_the_final_report_clock() -> None:
    today = D("2026-06-01")
    rapid = facts(review_type="rapid_review", incident=D("2026-02-02"),
                  notification=D("2026-02-04"), rapid_review=D("2026-02-20"))  # fmt: skip
    assert due_steps(rapid, EW, today) == []  # a rapid review alone has no final report
    local = replace(rapid, review_outcome="local_review", review_outcome_on=D("2026-03-02"))
    (final,) = due_steps(local, EW, today)
    assert (final.kind, final.due_date) == (StepKind.FINAL_REPORT, D("2026-09-02"))
    lcspr = facts(decision=D("2026-03-10"))
    assert [s.kind for s in due_steps(lcspr, EW, today)] == [StepKind.FINAL_REPORT]
    none = replace(lcspr, review_outcome="no_local_review", review_outcome_on=D("2026-03-10"))
    assert due_steps(none, EW, today) == []


def _counted_day_by_day(start: date, end: date, cal: WorkingCalendar) -> int:
    if end < start:
        return -_counted_day_by_day(end, start, cal)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += cal.is_working_day(day)
    return count


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(date(2018, 1, 1), date(2032, 12, 31)),
    span=st.integers(-2000, 2000),
    closures=st.sets(st.dates(date(2018, 1, 1), date(2032, 12, 31)), max_size=6),
)
def test_working_days_between_agrees_with_counting_each_day(
    start: date, span: int, closures: set[date]
) -> None:
    """The count is arithmetic (weekdays less each year's days off, issue 20: the library's
    "Next due" column counts thousands of spans of years), and agrees with walking the days."""
    cal = WorkingCalendar.england_and_wales(closures)
    end = start + timedelta(days=span)
    assert working_days_between(start, end, cal) == _counted_day_by_day(start, end, cal)


def test_working_days_across_years_are_counted_without_walking_each_day() -> None:
    """Six years apart is a handful of lookups: asking about each day would visit ~2,200."""

    class Counting(set):  # a container of bank holidays that counts what it is asked
        asked = 0

        def __contains__(self, day: object) -> bool:
            Counting.asked += 1
            return super().__contains__(day)

    cal = WorkingCalendar(Counting({D("2025-12-25")}))
    # weekdays from Tue 7 Jan 2020 to Mon 5 Jan 2026: 313 whole weeks, less Christmas Day 2025
    assert working_days_between(D("2020-01-06"), D("2026-01-05"), cal) == 313 * 5 - 1
    first = Counting.asked
    assert first <= 7 * 262  # each year's weekdays once, whatever the number of spans
    assert working_days_between(D("2020-02-06"), D("2026-02-05"), cal) > 0
    assert Counting.asked == first  # each year's days off were worked out once
