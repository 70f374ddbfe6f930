"""What happened in a period, for the partnership's yearly report (issue 18, point 6).

A review is in the learning report's period when something happened in it then
(:data:`reviewdesk.domain.analysis.ACTIVITY_RULE`), so each review's row says what that was, and
the report gives the counts a yearly report needs: serious incidents notified, rapid reviews
held and whether within 15 working days of the notification, local reviews commissioned or not
(with the reasons), final reports against the months from the decision, and reviews published.
The Panel asks partnerships to be explicit about what they learned and what changed; these are
the figures it and the partners' yearly report ask about. Working days: reviewdesk/domain/clocks.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reviewdesk.domain.clocks import (
    FINISHED_STATUSES,
    LOCAL_REVIEW_TYPES,
    RAPID_REVIEW_DAYS,
    WorkingCalendar,
    add_months,
    working_days_between,
)
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.decisions import Outcome


@dataclass(frozen=True, slots=True)
class ReviewDates:
    reference: str
    review_type: str
    status: str
    incident: date | None = None
    notification: date | None = None
    rapid_review: date | None = None
    decision: date | None = None
    publication: date | None = None
    started: date | None = None  # the day it was started in ReviewDesk (UTC)


@dataclass(frozen=True, slots=True)
class DecisionFact:
    reference: str
    kind: str  # DecisionKind value
    outcome: str  # Outcome value, "" for none
    decided_on: date
    reasons: str = ""
    panel_response_on: date | None = None


@dataclass(frozen=True, slots=True)
class ActionFact:
    reference: str
    due: date | None = None
    completed_on: date | None = None  # complete, and the day it was marked complete
    impact_on: date | None = None


def events_in(
    period: Period,
    review: ReviewDates,
    decisions: Sequence[DecisionFact] = (),
    actions: Sequence[ActionFact] = (),
) -> tuple[str, ...]:
    """What happened in the review during the period, in a few words each, in time order."""
    found: list[tuple[date, str]] = []

    def seen(when: date | None, what: str) -> None:
        if when is not None and period.contains(when):
            found.append((when, what))

    seen(review.incident, "Incident")
    seen(review.notification, "Notified to the Panel")
    if review.incident is None and review.notification is None:
        seen(review.started, "Review started")  # its only date (as PERIOD_RULE places it)
    seen(review.rapid_review, "Rapid review")
    seen(review.decision, "Decision on a local review")
    seen(review.publication, "Published")
    for d in decisions:
        if d.reference == review.reference:
            seen(d.decided_on, "Decision recorded")
            seen(d.panel_response_on, "The Panel's response")
    for a in actions:
        if a.reference == review.reference:
            seen(a.due, "Action due")
            seen(a.completed_on, "Action completed")
            seen(a.impact_on, "Impact recorded")
    ordered = [what for _when, what in sorted(found, key=lambda f: f[0])]
    return tuple(dict.fromkeys(ordered))


def happened_in(
    period: Period,
    review: ReviewDates,
    decisions: Sequence[DecisionFact] = (),
    actions: Sequence[ActionFact] = (),
) -> bool:
    """Whether the review belongs to the period (ACTIVITY_RULE): something happened in it then.
    The yearly report and the dashboard both place reviews by this one rule."""
    return bool(events_in(period, review, decisions, actions))


@dataclass(frozen=True, slots=True)
class YearFigures:
    notifications: tuple[str, ...] = ()
    rapid_reviews: tuple[str, ...] = ()
    rapid_on_time: tuple[str, ...] = ()
    commissioned: tuple[str, ...] = ()
    not_commissioned: tuple[tuple[str, str, str], ...] = ()  # (reference, outcome, reasons)
    final_due: tuple[str, ...] = ()
    final_on_time: tuple[str, ...] = ()
    final_overdue: tuple[str, ...] = ()
    final_not_yet_due: tuple[str, ...] = ()  # due later in the period than today
    published: tuple[str, ...] = ()
    months: int = 6

    def rows(self) -> list[tuple[str, str, str]]:
        """(what, how many, which reviews) for a table."""

        def refs(items: Sequence[str]) -> str:
            return ", ".join(items) or "None"

        def of(part: Sequence[str], whole: Sequence[str]) -> str:
            return f"{len(part)} of {len(whole)}" if whole else "None due"

        late = [r for r in self.rapid_reviews if r not in self.rapid_on_time]
        past_due = [r for r in self.final_due if r not in self.final_not_yet_due]
        late_final = [r for r in past_due if r not in self.final_on_time]
        on_time_note = (
            f"Not on time: {refs(late_final)}" if late_final else refs(self.final_on_time)
        )
        if self.final_not_yet_due:
            on_time_note += f"; not yet due: {refs(self.final_not_yet_due)}"
        not_refs = [r for r, _o, _why in self.not_commissioned]
        return [
            ("Serious incidents notified to the Panel", str(len(self.notifications)),
             refs(self.notifications)),
            ("Rapid reviews held", str(len(self.rapid_reviews)), refs(self.rapid_reviews)),
            (f"Rapid reviews within {RAPID_REVIEW_DAYS} working days of the notification",
             of(self.rapid_on_time, self.rapid_reviews),
             f"Later: {refs(late)}" if late else refs(self.rapid_on_time)),
            ("Local reviews commissioned", str(len(self.commissioned)), refs(self.commissioned)),
            ("Decided not to commission a local review", str(len(self.not_commissioned)),
             refs(not_refs)),
            (f"Final reports due ({self.months} months from the decision)",
             str(len(self.final_due)), refs(self.final_due)),
            ("Final reports on time (published by the due date)",
             of(self.final_on_time, past_due), on_time_note),
            ("Reviews published", str(len(self.published)), refs(self.published)),
        ]  # fmt: skip


def year_figures(
    period: Period,
    today: date,
    reviews: Sequence[ReviewDates],
    decisions: Sequence[DecisionFact],
    cal: WorkingCalendar,
    *,
    months: int = 6,
) -> YearFigures:
    inside = period.contains
    notified = [r.reference for r in reviews if r.notification and inside(r.notification)]
    rapid = [r for r in reviews if r.rapid_review and inside(r.rapid_review)]
    on_time = [
        r.reference
        for r in rapid
        if r.notification is not None
        and r.rapid_review is not None
        and working_days_between(r.notification, r.rapid_review, cal) <= RAPID_REVIEW_DAYS
    ]
    outcomes = [
        d for d in decisions if d.kind == "rapid_review" and d.outcome and inside(d.decided_on)
    ]
    commissioned = [d.reference for d in outcomes if d.outcome == Outcome.LOCAL_REVIEW.value]
    not_commissioned = [
        (d.reference, Outcome(d.outcome).label, " ".join(d.reasons.split()))
        for d in outcomes
        if d.outcome in (Outcome.NO_LOCAL_REVIEW.value, Outcome.OTHER_LEARNING.value)
    ]
    latest_outcome: dict[str, DecisionFact] = {}
    for d in sorted(decisions, key=lambda d: d.decided_on):
        if d.kind == "rapid_review" and d.outcome:
            latest_outcome[d.reference] = d
    final_due, final_on_time, final_overdue, not_yet = [], [], [], []
    for r in reviews:
        outcome = latest_outcome.get(r.reference)
        local = r.review_type in LOCAL_REVIEW_TYPES or (
            outcome is not None and outcome.outcome == Outcome.LOCAL_REVIEW.value
        )
        if outcome is not None and outcome.outcome != Outcome.LOCAL_REVIEW.value:
            local = False
        decided = r.decision or (outcome.decided_on if outcome is not None else None)
        if not local or decided is None:
            continue
        due = add_months(decided, months)
        if not inside(due):
            continue
        final_due.append(r.reference)
        done = r.status in FINISHED_STATUSES and r.publication is not None
        if done and r.publication is not None and r.publication <= due:
            final_on_time.append(r.reference)
        elif not done and due < today:
            final_overdue.append(r.reference)  # still outstanding past its due date
        elif not done:
            not_yet.append(r.reference)
    published = [
        r.reference
        for r in reviews
        if r.publication is not None and inside(r.publication) and r.publication <= today
    ]
    return YearFigures(
        notifications=tuple(notified),
        rapid_reviews=tuple(r.reference for r in rapid),
        rapid_on_time=tuple(on_time),
        commissioned=tuple(commissioned),
        not_commissioned=tuple(not_commissioned),
        final_due=tuple(final_due),
        final_on_time=tuple(final_on_time),
        final_overdue=tuple(final_overdue),
        final_not_yet_due=tuple(not_yet),
        published=tuple(published),
        months=months,
    )


def reasons_lines(figures: YearFigures) -> list[str]:
    """Each decision not to commission a local review, with its reasons, in a sentence."""
    return [
        f"{ref}: {outcome}." + (f" Reasons: {why}" if why else " No reasons were recorded.")
        for ref, outcome, why in figures.not_commissioned
    ]
