"""Read models for a review lead's analysis: chronology, key practice episodes, findings,
recommendations and actions (DOMAIN.md section 3).

The learning summary, the Word version and the briefing show a section for each of these only when
there is something in it. They are plain frozen dataclasses: the lead toolkit's services fill them
from the library (with their ``id`` and ``uid``), and the exporters may also be handed ones built
by hand (ids left at 0). The chain from what happened to what changed runs chronology entry ->
key practice episode -> finding -> recommendation -> action -> evidence of impact.

Something that is cited elsewhere is never silently lost: deleting it (after the person has
confirmed) keeps it as *removed* (``removed_on`` set), so the citing text stays explainable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from reviewdesk.domain.decisions import Partner
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

# The one rule that places a review in a period (the search helper wrote it in periods.py; the
# dashboard and the learning report use it from there, under this name too).
from reviewdesk.domain.periods import review_period_date as review_period_date

MAX_WHAT = 20_000  # characters in one chronology entry, episode field, finding or action text
MAX_SHORT = 400  # a source record, an owner role, a title
MAX_AGENCY = 120


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"

    @property
    def label(self) -> str:
        return {
            "day": QT_TRANSLATE_NOOP("Labels", "To the day"),
            "month": QT_TRANSLATE_NOOP("Labels", "To the month"),
            "year": QT_TRANSLATE_NOOP("Labels", "To the year"),
        }[self.value]


ACTIVITY_RULE = (
    "A review is in the period when something happened in it during the period: the "
    "incident, the notification to the Panel, the rapid review, a decision or the Panel's "
    "response, the publication, an action falling due or being completed (the day it was marked "
    "complete), or evidence of impact recorded; a review with neither an incident nor a "
    "notification date also by the day it was started in ReviewDesk. So the year a review's "
    "actions land shows them."
)
PERIOD_RULE = (
    "A review belongs to a period by one date: the date the Panel was notified; if there is none, "
    "the date of the incident; if there is neither, the date the review was started in ReviewDesk."
)


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
    id: int = 0
    uid: str = ""
    source_agency: str = ""  # the agency whose chronology it came from (when imported)
    import_batch: str = ""  # the uid of the import that brought it in, if any
    removed_on: date | None = None  # removed from the chronology, kept because it is cited
    # Counts the saves (issue 22, point 5), as a finding's: an edit made over an older version
    # is refused as a conflict (0: not checked). Not part of what the entry says: not compared.
    version: int = field(default=0, compare=False)

    @property
    def date_label(self) -> str:
        return date_label(self.when, self.precision)

    @property
    def sort_key(self) -> tuple[date, int]:
        return (self.when, self.id)

    @property
    def line(self) -> str:
        """The entry in full on one line: its date, agency and what happened (for documents,
        which wrap text and never cut it)."""
        text = " ".join(self.what_happened.split())
        return ", ".join(p for p in (self.date_label, self.agency) if p) + f": {text}"

    @property
    def short(self) -> str:
        """One line naming the entry: its date, agency and the start of what happened."""
        text = " ".join(self.what_happened.split())
        if len(text) > 90:
            text = text[:89].rstrip() + "…"
        return ", ".join(p for p in (self.date_label, self.agency) if p) + f": {text}"


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
    id: int = 0
    uid: str = ""
    entry_ids: tuple[int, ...] = ()  # the chronology entries it covers
    removed_on: date | None = None
    # Counts the saves (issue 22, point 5), as a finding's (0: not checked).
    version: int = 0

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
        return {
            "improvement": QT_TRANSLATE_NOOP("Labels", "Area for improvement"),
            "good_practice": QT_TRANSLATE_NOOP("Labels", "Good practice"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    ref: str  # short label shown beside it, e.g. "F1"
    statement: str
    kind: FindingKind = FindingKind.IMPROVEMENT
    theme_ids: tuple[str, ...] = ()
    question: str = ""  # the question it puts to the partnership
    evidence: tuple[str, ...] = ()  # short descriptions of what it rests on
    id: int = 0
    uid: str = ""
    links: tuple[EvidenceLink, ...] = ()
    removed_on: date | None = None
    # How we know this is a pattern in the system and not a one-off (other cases, audits,
    # research, other reviews): SCIE's test of a finding (issue 18, point 4).
    pattern_evidence: str = ""
    # Counts the saves (issue 22, point 5): an edit states the version it was made over, and
    # one made over an older version is refused as a conflict (0: not checked).
    version: int = 0


class EvidenceKind(StrEnum):
    ENTRY = "entry"
    EPISODE = "episode"
    ANSWER = "answer"

    @property
    def label(self) -> str:
        return {
            "entry": QT_TRANSLATE_NOOP("Labels", "Chronology entry"),
            "episode": QT_TRANSLATE_NOOP("Labels", "Key practice episode"),
            "answer": QT_TRANSLATE_NOOP("Labels", "Contributor's answer"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """One piece of evidence a finding rests on: a chronology entry, a key practice episode, or a
    contributor's answer to one prompt. ``label`` says what it is in words (contributors by role
    and agency, never by name); ``removed`` when the thing cited has since been removed."""

    kind: EvidenceKind
    target_id: int = 0  # entry or episode id; the contributor's id for an answer
    prompt_id: str = ""  # for an answer
    label: str = ""
    removed: bool = False

    @property
    def text(self) -> str:
        note = " (since removed; kept here because this finding cites it)" if self.removed else ""
        return f"{self.kind.label}: {self.label}{note}"


class PartnerResponse(StrEnum):
    """The safeguarding partners' response to a recommendation."""

    NONE = ""  # not yet given
    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted_in_part"
    NOT_ACCEPTED = "not_accepted"

    @property
    def label(self) -> str:
        return {
            "": QT_TRANSLATE_NOOP("Labels", "Not yet given"),
            "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
            "accepted_in_part": QT_TRANSLATE_NOOP("Labels", "Accepted in part"),
            "not_accepted": QT_TRANSLATE_NOOP("Labels", "Not accepted"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class Recommendation:
    ref: str  # e.g. "R1"
    text: str
    finding_refs: tuple[str, ...] = ()
    id: int = 0
    uid: str = ""
    finding_ids: tuple[int, ...] = ()
    removed_on: date | None = None
    owner_partner: Partner | None = None  # the safeguarding partner who owns it
    response: PartnerResponse = PartnerResponse.NONE  # the partners' response
    response_on: date | None = None
    response_text: str = ""
    # Counts the saves (issue 22, point 5), as a finding's (0: not checked).
    version: int = 0


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return {
            "not_started": QT_TRANSLATE_NOOP("Labels", "Not started"),
            "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
            "complete": QT_TRANSLATE_NOOP("Labels", "Complete"),
        }[self.value]


class ImpactKind(StrEnum):
    """What a dated piece of impact evidence came from."""

    AUDIT_6_MONTHS = "audit_6_months"
    AUDIT_12_MONTHS = "audit_12_months"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "audit_6_months": QT_TRANSLATE_NOOP("Labels", "Audit at 6 months"),
            "audit_12_months": QT_TRANSLATE_NOOP("Labels", "Audit at 12 months"),
            "other": QT_TRANSLATE_NOOP("Labels", "Other evidence"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class ImpactEntry:
    """One dated entry of an action's impact log: what was found, when, and from what."""

    recorded_on: date
    evidence: str
    kind: ImpactKind = ImpactKind.OTHER
    id: int = 0
    uid: str = ""
    # Counts the saves, as a finding's (issue 22, point 5; 0: not checked); not compared.
    version: int = field(default=0, compare=False)


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
    id: int = 0
    uid: str = ""
    recommendation_id: int | None = None
    impact_recorded_on: date | None = None
    impact_log: tuple[ImpactEntry, ...] = ()  # dated entries, oldest first
    completed_on: date | None = None  # the day it was marked complete (None unless complete)
    # Counts the saves (issue 22, point 5), as a finding's (0: not checked).
    version: int = 0

    @property
    def has_impact_evidence(self) -> bool:
        return bool(self.impact_log) or bool(self.impact_evidence.strip())

    @property
    def closed_without_impact(self) -> bool:
        """Marked complete with nothing to show it made a difference: the Panel found most
        yearly reports say nothing of impact, so the lead is shown these."""
        return self.status == ActionStatus.COMPLETE and not self.has_impact_evidence

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and self.status != ActionStatus.COMPLETE

    def status_label(self, today: date) -> str:
        """Status in words, so an overdue action stands out without relying on colour."""
        label = self.status.label
        return f"{label} (overdue)" if self.is_overdue(today) else label


@dataclass(frozen=True, slots=True)
class Citation:
    """A contributor's answer to one prompt cites a chronology entry (evidence in reflections)."""

    contributor_id: int
    prompt_id: str
    entry_id: int


@dataclass(frozen=True, slots=True)
class Analysis:
    """A review lead's analysis of one review, as the library holds it (removed items included,
    marked by ``removed_on``: the ``current_*`` properties leave them out)."""

    chronology: tuple[ChronologyEntry, ...] = ()
    episodes: tuple[PracticeEpisode, ...] = ()
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    actions: tuple[Action, ...] = ()
    citations: tuple[Citation, ...] = ()

    @property
    def current_chronology(self) -> tuple[ChronologyEntry, ...]:
        return tuple(e for e in self.chronology if e.removed_on is None)

    @property
    def current_episodes(self) -> tuple[PracticeEpisode, ...]:
        return tuple(e for e in self.episodes if e.removed_on is None)

    @property
    def current_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.removed_on is None)

    @property
    def current_recommendations(self) -> tuple[Recommendation, ...]:
        return tuple(r for r in self.recommendations if r.removed_on is None)

    @property
    def is_empty(self) -> bool:
        return not (
            self.chronology or self.episodes or self.findings or self.recommendations
            or self.actions or self.citations
        )  # fmt: skip
