"""Read models for a review lead's analysis: chronology, key practice episodes, findings,
recommendations and actions (DOMAIN.md section 3).

The learning summary, the Word version and the briefing show a section for each of these only when
there is something in it. They are plain frozen dataclasses so that the lead toolkit can fill them
from the library; until then the exporters receive empty tuples (see
:class:`reviewdesk.domain.exporting.ExportInput`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def date_label(when: date | None, precision: DatePrecision = DatePrecision.DAY) -> str:
    """A date as a UK reader writes it, to the precision known: 14 Feb 2026, February 2026, 2026."""
    if when is None:
        return ""
    if precision is DatePrecision.YEAR:
        return str(when.year)
    if precision is DatePrecision.MONTH:
        return when.strftime("%B %Y")
    return f"{when.day} {when:%b %Y}"


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    when: date
    what_happened: str
    agency: str = ""
    source: str = ""  # the record it comes from
    precision: DatePrecision = DatePrecision.DAY
    significant: bool = False
    positive_practice: bool = False
    theme_ids: tuple[str, ...] = ()

    @property
    def date_label(self) -> str:
        return date_label(self.when, self.precision)


@dataclass(frozen=True, slots=True)
class PracticeEpisode:
    """A key practice episode (SCIE "Learning Together"): a short period where practice
    significantly shaped what happened, and why it made sense at the time."""

    title: str
    start: date | None = None
    end: date | None = None
    what_happened: str = ""
    what_was_known: str = ""
    what_was_done: str = ""
    contributory_factors: tuple[str, ...] = ()
    theme_ids: tuple[str, ...] = ()

    @property
    def period_label(self) -> str:
        first, last = date_label(self.start), date_label(self.end)
        if first and last and first != last:
            return f"{first} to {last}"
        return first or last


class FindingKind(StrEnum):
    IMPROVEMENT = "improvement"
    GOOD_PRACTICE = "good_practice"

    @property
    def label(self) -> str:
        return {"improvement": "Area for improvement", "good_practice": "Good practice"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    ref: str  # short label shown beside it, e.g. "F1"
    statement: str
    kind: FindingKind = FindingKind.IMPROVEMENT
    theme_ids: tuple[str, ...] = ()
    question: str = ""  # the question it puts to the partnership
    evidence: tuple[str, ...] = ()  # short descriptions of what it rests on


@dataclass(frozen=True, slots=True)
class Recommendation:
    ref: str  # e.g. "R1"
    text: str
    finding_refs: tuple[str, ...] = ()


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return {
            "not_started": "Not started",
            "in_progress": "In progress",
            "complete": "Complete",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Action:
    description: str
    recommendation_ref: str = ""
    owner_agency: str = ""
    owner_role: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    how_we_will_know: str = ""  # the evidence of impact the lead will look for
    impact_evidence: str = ""  # what was found later

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and self.status != ActionStatus.COMPLETE

    def status_label(self, today: date) -> str:
        """Status in words, so an overdue action stands out without relying on colour."""
        label = self.status.label
        return f"{label} (overdue)" if self.is_overdue(today) else label
