"""The theme dashboard's figures: what a period's reviews show across cases (issue 8).

Plain frozen dataclasses. Every figure carries the ids of the reviews behind it, so a screen can
open them ("click through"). A review belongs to a period by what happened in it then
(:data:`reviewdesk.domain.analysis.ACTIVITY_RULE`, decided by
:func:`reviewdesk.domain.yearly.happened_in`, the yearly report's rule); reviews in the Trash are
never counted, archived ones are (they are finished reviews).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reviewdesk.domain.analysis import ACTIVITY_RULE, ActionStatus
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import ReviewStatus, ReviewType

EARLIEST = date(1900, 1, 1)  # "all time" starts here...
LATEST = date(9999, 12, 31)  # ...and has no end
FIGURES_RULE = (
    "A theme counts as significant in a review when at least one contributor rated it "
    "significant; as of some relevance when the highest rating anyone gave it was some "
    "relevance. Findings are counted under every theme they are linked to; removed findings are "
    "left out. An action is overdue when its due date has passed and it is not complete. Reviews "
    "in the Trash are left out; archived reviews are counted."
)


def _long(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


@dataclass(frozen=True, slots=True)
class Period:
    """From ``date_from`` to ``date_to``, both included; optionally only some review types."""

    date_from: date
    date_to: date
    review_types: tuple[ReviewType, ...] = ()  # empty: every type
    # The yearly learning report (issue 18, point 6): a review is in the period when anything
    # happened in it then (ACTIVITY_RULE), not only by its one period date (PERIOD_RULE).
    by_activity: bool = False
    # The reviews found to be in the period by that rule (reviewdesk.domain.yearly.happened_in),
    # filled in by the dashboard service before it counts; None until then.
    review_ids: frozenset[int] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValidationError(
                f"The period ends ({_long(self.date_to)}) before it starts "
                f"({_long(self.date_from)}). Please swap the dates.",
                {"date_to": "Before the start."},
            )

    def contains(self, when: date) -> bool:
        return self.date_from <= when <= self.date_to

    @property
    def label(self) -> str:
        open_start, open_end = self.date_from <= EARLIEST, self.date_to >= LATEST
        if open_start and open_end:
            return "All time"
        if open_start:
            return f"Up to {_long(self.date_to)}"
        if open_end:
            return f"From {_long(self.date_from)}"
        return f"{_long(self.date_from)} to {_long(self.date_to)}"

    @classmethod
    def last_12_months(cls, today: date) -> Period:
        """The twelve months up to and including today."""
        start = _add_years(today, -1)
        return cls(date.fromordinal(start.toordinal() + 1), today)

    @classmethod
    def financial_year(cls, today: date) -> Period:
        """The financial year (1 April to 31 March) that today falls in."""
        first = today.year if today.month >= 4 else today.year - 1
        return cls(date(first, 4, 1), date(first + 1, 3, 31))

    @classmethod
    def all_time(cls, today: date) -> Period:
        return cls(EARLIEST, LATEST)


def _add_years(when: date, years: int) -> date:
    try:
        return when.replace(year=when.year + years)
    except ValueError:  # 29 February
        return when.replace(year=when.year + years, day=28)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number on the dashboard and the reviews behind it."""

    key: str  # stable, for code and tests: "type:lcspr", "status:published", "action:overdue"
    label: str  # for people
    count: int
    review_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ThemeFigures:
    theme_id: str
    title: str
    short_title: str
    significant: Figure  # reviews where at least one contributor rated it significant
    some: Figure  # reviews whose highest rating for it was "some relevance"
    findings: Figure  # findings linked to it (count of findings; the reviews that hold them)
    # reviews where anyone gave the theme any rating, "not relevant" included (None: not read)
    rated: Figure | None = None

    @property
    def unrated(self) -> bool:
        """Nobody rated this theme in any of the period's reviews: its share would be a
        meaningless 0%, so documents say "not rated" instead."""
        return self.rated is not None and self.rated.count == 0

    def share_label(self, of_reviews: int) -> str:
        """'50%', or 'Not rated' when nobody rated the theme."""
        return "Not rated" if self.unrated else f"{self.share(of_reviews)}%"

    def share(self, of_reviews: int) -> int:
        """Per cent of the period's reviews where the theme was rated significant (rounded)."""
        return round(100 * self.significant.count / of_reviews) if of_reviews else 0


@dataclass(frozen=True, slots=True)
class Dashboard:
    period: Period
    today: date
    reviews: Figure  # every review in the period
    by_type: tuple[Figure, ...]
    by_status: tuple[Figure, ...]
    themes: tuple[ThemeFigures, ...]
    actions: Figure  # every action of the period's reviews
    actions_by_status: tuple[Figure, ...]
    overdue: Figure  # actions past their due date and not complete

    @property
    def is_empty(self) -> bool:
        return self.reviews.count == 0

    def figure(self, key: str) -> Figure:
        """Any figure by its key (theme figures: ``significant:<id>``, ``some:<id>``,
        ``findings:<id>``)."""
        for f in self.all_figures():
            if f.key == key:
                return f
        raise KeyError(key)

    def all_figures(self) -> tuple[Figure, ...]:
        out = [self.reviews, *self.by_type, *self.by_status, self.actions]
        out += [*self.actions_by_status, self.overdue]
        for t in self.themes:
            out += [t.significant, t.some, t.findings]
        return tuple(out)


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One review as the list behind a figure shows it (read with the figures, off the GUI
    thread, so opening that list reads nothing)."""

    id: int
    reference: str
    title: str
    review_type: ReviewType
    status: ReviewStatus
    archived: bool


def type_figure(review_type: ReviewType, ids: tuple[int, ...]) -> Figure:
    return Figure(f"type:{review_type.value}", review_type.label, len(ids), ids)


def status_figure(status: ReviewStatus, ids: tuple[int, ...]) -> Figure:
    return Figure(f"status:{status.value}", status.label, len(ids), ids)


def action_figure(status: ActionStatus, count: int, ids: tuple[int, ...]) -> Figure:
    return Figure(f"action:{status.value}", status.label, count, ids)


HELP = ACTIVITY_RULE + " " + FIGURES_RULE
