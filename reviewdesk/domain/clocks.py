"""Working-day clocks: the statutory timescales a review lead is held to (issue 18).

Pure calendar arithmetic and the rules, no database. A :class:`WorkingCalendar` says which days
are working days: Monday to Friday, less England and Wales bank holidays and the closure days the
partnership adds. The bank holidays come from the maintained ``holidays`` package, imported only
when :func:`england_and_wales_holidays` is first called (never when this module is imported), so
the window's start-up does not pay for it.

The rules (Working Together to Safeguard Children 2023 and the Panel's guidance):

- notify the Panel within 5 working days of the partnership becoming aware of the incident
  (counted from the incident date: the case record holds no separate "became aware" date);
- the rapid review within 15 working days of the notification;
- a local review's final report within 6 months of the decision (the months are the
  partnership's to set);
- the final report to the Panel and the Secretary of State at least 7 working days before the
  planned publication;
- each contribution pack's return-by date, and each action's due date.

The first two apply to rapid reviews and local child safeguarding practice reviews (Welsh Child
Practice Reviews, audits and learning events are not notified to the Panel), the last two of the
four to a local review (or a rapid review whose decision log says a local review follows, and
never after a decision that there will be none); packs and actions apply to every review. A
step is outstanding until what it asks for is recorded: the date of the notification or of the
rapid review, a review published or closed, a contribution received, an action complete.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter

NOTIFY_DAYS = 5
RAPID_REVIEW_DAYS = 15
PANEL_COPY_DAYS = 7
DEFAULT_FINAL_REPORT_MONTHS = 6
MAX_FINAL_REPORT_MONTHS = 24

STATUTORY_TYPES = frozenset({"rapid_review", "lcspr"})  # notified to the Panel (England)
LOCAL_REVIEW_TYPES = frozenset({"lcspr"})  # a local review: a final report and its publication
FINISHED_STATUSES = frozenset({"published", "closed"})


@lru_cache(maxsize=1)
def england_and_wales_holidays() -> Container[date]:
    """England and Wales bank holidays (substitute days included), from the ``holidays`` package.

    The object fills in each year the first time a date in it is asked about, so any year works.
    Imported here, on first use, not when this module loads."""
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG")


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days. ``bank_holidays``: any container of dates (a set in tests,
    :func:`england_and_wales_holidays` in the app); ``closures``: the partnership's own days."""

    bank_holidays: Container[date] = frozenset()
    closures: frozenset[date] = frozenset()
    # Each year's weekdays that are not working days, sorted: filled the first time a year is
    # counted, so counting the working days between two dates years apart costs a few lookups,
    # not a walk over every day (the library's "Next due" column counts thousands of them).
    _days_off: dict[int, list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # Answers already worked out, as :func:`working_days_between` and :func:`add_working_days`
    # gave them: the library's steps fall on a few hundred distinct days, and 20,000 steps at
    # 10,000 reviews counted the same spans again and again (issue 20). The calendar never
    # changes (a new closure day makes a new calendar), so an answer kept stays right.
    _spans: dict[tuple[date, date], int] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _added: dict[tuple[date, int], date] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @classmethod
    def england_and_wales(cls, closures: Iterable[date] = ()) -> WorkingCalendar:
        return cls(england_and_wales_holidays(), frozenset(closures))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays and day not in self.closures

    def weekdays_off(self, year: int) -> list[int]:
        """The ordinals of ``year``'s weekdays that are not working days, in order."""
        found = self._days_off.get(year)
        if found is None:
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            found = [
                n
                for n in range(first, last + 1)
                if (day := date.fromordinal(n)).weekday() < 5 and not self.is_working_day(day)
            ]
            self._days_off[year] = found
        return found

    def days_off_between(self, start: date, end: date) -> int:
        """Weekdays after ``start`` up to and including ``end`` that are not working days."""
        lo, hi = start.toordinal(), end.toordinal()
        return sum(
            bisect_right(off, hi) - bisect_right(off, lo)
            for year in range(start.year, end.year + 1)
            if (off := self.weekdays_off(year))
        )


def add_working_days(start: date, n: int, cal: WorkingCalendar) -> date:
    """The day ``n`` working days after ``start`` (before it when ``n`` is negative); ``start``
    itself is not counted, and need not be a working day. ``n == 0`` gives ``start``."""
    known = cal._added.get((start, n))
    if known is not None:
        return known
    step = 1 if n >= 0 else -1
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        if cal.is_working_day(day):
            left -= 1
    cal._added[(start, n)] = day
    return day


def working_days_between(start: date, end: date, cal: WorkingCalendar) -> int:
    """Working days after ``start`` up to and including ``end``; negative (the same count the
    other way) when ``end`` is before ``start``. So ``working_days_between(d,
    add_working_days(d, n)) == n`` for every ``n >= 0``."""
    known = cal._spans.get((start, end))
    if known is not None:
        return known
    if end < start:
        days = -working_days_between(end, start, cal)
    else:
        days = _weekdays_up_to(end) - _weekdays_up_to(start) - cal.days_off_between(start, end)
    cal._spans[(start, end)] = days
    return days


def _weekdays_up_to(day: date) -> int:
    """Monday-to-Friday days from a fixed Monday up to and including ``day``."""
    n = day.toordinal() - 1  # date.fromordinal(1) is a Monday
    weeks, rest = divmod(n, 7)
    return weeks * 5 + min(rest + 1, 5)


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day
    (31 August + 6 months = 28 or 29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class StepKind(StrEnum):
    NOTIFY = "notify"
    RAPID_REVIEW = "rapid_review"
    FINAL_REPORT = "final_report"
    PANEL_COPY = "panel_copy"
    PACK_RETURN = "pack_return"
    ACTION = "action"
    IMPACT = "impact"  # an action marked complete with no evidence of impact yet


SHORT_STEPS = {
    StepKind.NOTIFY: "Notify the Panel",
    StepKind.RAPID_REVIEW: "Rapid review",
    StepKind.FINAL_REPORT: "Final report",
    StepKind.PANEL_COPY: "Report to the Panel",
    StepKind.PACK_RETURN: "Contribution back",
    StepKind.ACTION: "Action",
    StepKind.IMPACT: "Evidence of impact",
}
IMPACT_MONTHS = 6  # the first audit of whether a completed action made a difference


@dataclass(frozen=True, slots=True)
class PackClock:
    who: str  # how the contributor is named to the lead
    return_by: date
    returned: bool = False


@dataclass(frozen=True, slots=True)
class ActionClock:
    description: str
    due: date
    complete: bool = False
    impact: bool = True  # any evidence of impact recorded (text or the dated impact log)


@dataclass(frozen=True, slots=True)
class ClockFacts:
    """What the rules need to know about one review (built by the services)."""

    review_id: int
    reference: str
    title: str
    review_type: str  # ReviewType value
    status: str  # ReviewStatus value
    incident: date | None = None
    notification: date | None = None
    rapid_review: date | None = None
    decision: date | None = None
    publication: date | None = None
    packs: tuple[PackClock, ...] = ()
    actions: tuple[ActionClock, ...] = ()
    # The latest rapid review outcome in the decision log ("" when none): "local_review" starts
    # the final report's clock (from the decision's date when the case record has none), "no
    # local review" or "other learning" means there is no final report to wait for.
    review_outcome: str = ""
    review_outcome_on: date | None = None


@dataclass(frozen=True, slots=True)
class DueStep:
    """One outstanding step of one review: what is due, when, and how far off it is."""

    review_id: int
    reference: str
    title: str
    kind: StepKind
    step: str  # what is due, in plain words
    due_date: date
    working_days_left: int  # negative: working days overdue
    overdue: bool
    basis: str = field(default="", compare=False)  # the rule and the date it counts from

    @property
    def short_step(self) -> str:
        """A few words for a narrow column: 'Final report', 'Action'."""
        return SHORT_STEPS[self.kind]

    @property
    def when(self) -> str:
        """'Due today', '3 working days left', 'Overdue by 2 working days'."""
        return due_phrase(self.working_days_left, self.overdue)


def due_phrase(left: int, overdue: bool) -> str:
    if overdue:
        days = -left
        if days <= 0:
            return "Overdue"
        return "Overdue by 1 working day" if days == 1 else f"Overdue by {days} working days"
    if left == 0:
        return "Due today"
    return "1 working day left" if left == 1 else f"{left} working days left"


@lru_cache(maxsize=4096)  # the same few hundred days, for thousands of steps
def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def due_steps(
    facts: ClockFacts,
    cal: WorkingCalendar,
    today: date,
    *,
    final_report_months: int = DEFAULT_FINAL_REPORT_MONTHS,
) -> list[DueStep]:
    """Every outstanding step of one review, soonest first."""
    found: list[tuple[StepKind, str, date, str]] = []
    finished = facts.status in FINISHED_STATUSES
    if facts.review_type in STATUTORY_TYPES:
        if facts.notification is None and facts.incident is not None:
            found.append(
                (
                    StepKind.NOTIFY,
                    "Notify the Panel",
                    add_working_days(facts.incident, NOTIFY_DAYS, cal),
                    f"{NOTIFY_DAYS} working days from the incident ({short_date(facts.incident)})",
                )
            )
        if facts.notification is not None and facts.rapid_review is None:
            found.append(
                (
                    StepKind.RAPID_REVIEW,
                    "Rapid review",
                    add_working_days(facts.notification, RAPID_REVIEW_DAYS, cal),
                    f"{RAPID_REVIEW_DAYS} working days from the notification "
                    f"({short_date(facts.notification)})",
                )
            )
    local = facts.review_type in LOCAL_REVIEW_TYPES or facts.review_outcome == "local_review"
    if facts.review_outcome in ("no_local_review", "other_learning"):
        local = False  # the partners decided there is no local review to report on
    if local and not finished:
        decided = facts.decision
        if decided is None and facts.review_outcome == "local_review":
            decided = facts.review_outcome_on
        if decided is not None:
            found.append(
                (
                    StepKind.FINAL_REPORT,
                    "Final report",
                    add_months(decided, final_report_months),
                    f"{final_report_months} months from the decision ({short_date(decided)})",
                )
            )
        if facts.publication is not None:
            found.append(
                (
                    StepKind.PANEL_COPY,
                    "Final report to the Panel and the Secretary of State",
                    add_working_days(facts.publication, -PANEL_COPY_DAYS, cal),
                    f"{PANEL_COPY_DAYS} working days before the planned publication "
                    f"({short_date(facts.publication)})",
                )
            )
    for pack in facts.packs:
        if not pack.returned:
            found.append(
                (
                    StepKind.PACK_RETURN,
                    f"Contribution back from {pack.who}",
                    pack.return_by,
                    "the return-by date set when the pack was sent",
                )
            )
    for action in facts.actions:
        if not action.complete:
            found.append(
                (
                    StepKind.ACTION,
                    f"Action: {_clip(action.description)}",
                    action.due,
                    "the action's due date",
                )
            )
        elif not action.impact:  # closed with nothing to show it worked (issue 18, point 4)
            found.append(
                (
                    StepKind.IMPACT,
                    f"Evidence of impact: {_clip(action.description)}",
                    add_months(action.due, IMPACT_MONTHS),
                    f"{IMPACT_MONTHS} months after the action's due date "
                    f"({short_date(action.due)}): what an audit or other check found",
                )
            )
    review_id, reference, title = facts.review_id, facts.reference, facts.title
    steps = [  # (by position: the library makes 20,000 of these at 10,000 reviews)
        DueStep(
            review_id,
            reference,
            title,
            kind,
            step,
            due,
            working_days_between(today, due, cal),
            today > due,
            basis,
        )
        for kind, step, due, basis in found
    ]
    if len(steps) > 1:
        steps.sort(key=STEP_ORDER)
    return steps


# Steps soonest first (then by review and step): the order of every list of steps.
STEP_ORDER = attrgetter("due_date", "reference", "step")


def next_due(steps: Sequence[DueStep]) -> DueStep | None:
    """The step to show for a review: the earliest outstanding one."""
    return min(steps, key=lambda s: s.due_date, default=None)


def end_of_week(today: date) -> date:
    """The Sunday that ends this working week; at a weekend, the coming week's."""
    days = 6 - today.weekday()
    return today + timedelta(days=days + 7 if today.weekday() >= 5 else days)


def due_this_week(steps: Iterable[DueStep], today: date) -> list[DueStep]:
    """What is overdue or falls due by the end of this week (at a weekend, the coming one)."""
    end = end_of_week(today)
    return [s for s in steps if s.due_date <= end]


def parse_day(text: str) -> date:
    """A date as a person types it: 29/12/2026, 29-12-2026 or 2026-12-29. ValueError if not."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("-", "/").replace(".", "/").split("/")
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
        day, month, year = (int(p) for p in parts)
        if year < 100:
            year += 2000
        return date(year, month, day)
    raise ValueError(text)


def parse_closure_days(text: str) -> tuple[date, ...]:
    """Closure days, one on each line (or separated by commas), sorted, each once. Raises ValueError
    naming what could not be read, in words to show as they are."""
    days: set[date] = set()
    unreadable: list[str] = []
    for piece in text.replace(",", "\n").splitlines():
        if not piece.strip():
            continue
        try:
            days.add(parse_day(piece))
        except ValueError:
            unreadable.append(piece.strip())
    if unreadable:
        shown = ", ".join(f"'{u}'" for u in unreadable[:3])
        raise ValueError(
            f"These could not be read as dates: {shown}. Please write each closure day as a "
            "date such as 29/12/2026, one on each line."
        )
    return tuple(sorted(days))
