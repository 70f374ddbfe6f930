"""The case record and the read models that screens and exports consume.

Everything here is a frozen dataclass: services build them inside a transaction and hand them out
detached, so no caller ever holds a live database object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from reviewdesk.domain.framework import Framework
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP
from reviewdesk.domain.progress import Progress, ThemeProgress


class ReviewType(StrEnum):
    RAPID_REVIEW = "rapid_review"
    LCSPR = "lcspr"
    SINGLE_AGENCY = "single_agency"
    MULTI_AGENCY_AUDIT = "multi_agency_audit"
    LEARNING_EVENT = "learning_event"
    APPRECIATIVE_INQUIRY = "appreciative_inquiry"
    WELSH_CPR_CONCISE = "welsh_cpr_concise"
    WELSH_CPR_EXTENDED = "welsh_cpr_extended"

    @property
    def label(self) -> str:
        return _REVIEW_TYPE_LABELS[self]


_REVIEW_TYPE_LABELS = {
    ReviewType.RAPID_REVIEW: QT_TRANSLATE_NOOP("Labels", "Rapid review"),
    ReviewType.LCSPR: QT_TRANSLATE_NOOP("Labels", "Local child safeguarding practice review"),
    ReviewType.SINGLE_AGENCY: QT_TRANSLATE_NOOP("Labels", "Single-agency review"),
    ReviewType.MULTI_AGENCY_AUDIT: QT_TRANSLATE_NOOP("Labels", "Multi-agency audit"),
    ReviewType.LEARNING_EVENT: QT_TRANSLATE_NOOP("Labels", "Practitioner learning event"),
    ReviewType.APPRECIATIVE_INQUIRY: QT_TRANSLATE_NOOP("Labels", "Appreciative-inquiry review"),
    ReviewType.WELSH_CPR_CONCISE: QT_TRANSLATE_NOOP(
        "Labels", "Child Practice Review (concise, Wales)"
    ),
    ReviewType.WELSH_CPR_EXTENDED: QT_TRANSLATE_NOOP(
        "Labels", "Child Practice Review (extended, Wales)"
    ),
}


class ReviewStatus(StrEnum):
    SETUP = "setup"
    REFLECTION = "reflection"
    ANALYSIS = "analysis"
    PUBLISHED = "published"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "setup": QT_TRANSLATE_NOOP("Labels", "Setting up"),
            "reflection": QT_TRANSLATE_NOOP("Labels", "Gathering reflections"),
            "analysis": QT_TRANSLATE_NOOP("Labels", "Analysis and findings"),
            "published": QT_TRANSLATE_NOOP("Labels", "Published"),
            "closed": QT_TRANSLATE_NOOP("Labels", "Closed"),
        }[self.value]


class Relevance(StrEnum):
    NOT_RELEVANT = "not_relevant"
    SOME = "some"
    SIGNIFICANT = "significant"

    @property
    def label(self) -> str:
        return {
            "not_relevant": QT_TRANSLATE_NOOP("Labels", "Not relevant"),
            "some": QT_TRANSLATE_NOOP("Labels", "Some relevance"),
            "significant": QT_TRANSLATE_NOOP("Labels", "Significant"),
        }[self.value]


# Agencies offered by default (DOMAIN.md section 2); a review may name any others.
DEFAULT_AGENCIES: tuple[str, ...] = (
    "Children's social care",
    "Police",
    "GP",
    "Health visiting",
    "Midwifery",
    "Hospital",
    "Mental health services",
    "Education",
    "Early help",
    "Housing",
    "Probation",
    "Adult social care",
    "Substance-misuse services",
    "Domestic-abuse services",
    "Voluntary sector",
    "Youth justice",
    "CAMHS",
    "School nursing",
    "Family hub",
)

HOUSEHOLD_ROLES: tuple[str, ...] = (
    "Mother",
    "Father",
    "Mother's partner",
    "Father's partner",
    "Sibling",
    "Half-sibling",
    "Grandparent",
    "Aunt or uncle",
    "Family friend",
    "Lodger or visitor",
    "Kinship carer",
    "Ex-partner",
)


@dataclass(frozen=True, slots=True)
class Child:
    pseudonym: str
    age: str = ""  # age or age band at the time, e.g. "7 months", "14-15"


@dataclass(frozen=True, slots=True)
class HouseholdMember:
    role: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class KeyDates:
    incident: date | None = None
    notification: date | None = None
    rapid_review: date | None = None
    decision: date | None = None
    publication: date | None = None

    FIELDS = ("incident", "notification", "rapid_review", "decision", "publication")
    LABELS = {
        "incident": "Incident",
        "notification": "Notification to the Panel",
        "rapid_review": "Rapid review",
        "decision": "Decision on a local review",
        "publication": "Publication",
    }


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """What a person enters when they set up a review (and can edit later)."""

    reference: str
    title: str
    review_type: ReviewType = ReviewType.LCSPR
    status: ReviewStatus = ReviewStatus.SETUP
    dates: KeyDates = field(default_factory=KeyDates)
    scope_start: date | None = None
    scope_end: date | None = None
    lead: str = ""
    children: tuple[Child, ...] = ()
    household: tuple[HouseholdMember, ...] = ()
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """One row of the library."""

    id: int
    uid: str
    reference: str
    title: str
    review_type: ReviewType
    status: ReviewStatus
    archived: bool
    progress: Progress
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None  # in the Trash since

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True, slots=True)
class Contributor:
    id: int
    uid: str
    name: str
    role: str
    agency: str

    @property
    def display_role(self) -> str:
        """How the contributor appears when names are withheld: role and agency only."""
        parts = [p for p in (self.role, self.agency) if p]
        return ", ".join(parts) or "Contributor"


@dataclass(frozen=True, slots=True)
class Answer:
    contributor_id: int
    prompt_id: str
    text: str
    evidence: str
    updated_at: datetime
    version: int = 1  # counts the saves (issue 22, point 5: a save based on an older one conflicts)
    updated_by: str = ""  # who saved it last (the account on a server, else the profile's name)

    @property
    def is_answered(self) -> bool:
        return bool(self.text.strip())


@dataclass(frozen=True, slots=True)
class AnswerSaved:
    """A committed save of an answer: when, and the version it now has."""

    at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class AnswerRevision:
    """One text kept in an answer's history after a conflict: ``theirs`` or ``yours``."""

    version: int
    kind: str
    text: str
    evidence: str
    written_by: str
    written_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerConflict:
    """A save refused because someone else saved the answer after the version the person's
    text was based on. Both texts are kept in the answer's history (``answer_revision``)."""

    contributor_id: int
    prompt_id: str
    theirs: str
    theirs_evidence: str
    their_version: int
    by: str  # who saved theirs ("" when not known)
    at: datetime
    yours: str
    yours_evidence: str
    your_base: int  # the version "yours" was based on

    kind = "answer"

    @property
    def theirs_detail(self) -> str:
        return self.theirs_evidence

    @property
    def yours_detail(self) -> str:
        return self.yours_evidence


@dataclass(frozen=True, slots=True)
class EditConflict:
    """As :class:`AnswerConflict`, for anything else two people may change at once (issue 22,
    point 5): a theme's rating and key learning (``kind`` 'assessment', ``item`` the
    contributor's id and the theme's), a finding ('finding', its id). ``theirs`` / ``yours`` are
    the main texts (the key learning, the finding's statement); ``*_detail`` what goes with
    them (the rating's value, "" for none; for a finding, nothing: its other parts are kept in
    the history). Both sides are kept in the item's history whatever the person chooses."""

    kind: str
    item: tuple[int | str, ...]
    theirs: str
    theirs_detail: str
    their_version: int
    by: str
    at: datetime
    yours: str
    yours_detail: str
    your_base: int


@dataclass(frozen=True, slots=True)
class EditRevision:
    """One side kept from a conflict over a rating or a finding: ``theirs`` or ``yours``."""

    version: int
    side: str
    text: str
    detail: str  # the rating's value; for a finding, its other parts as JSON
    written_by: str
    written_at: datetime


@dataclass(frozen=True, slots=True)
class ThemeAssessment:
    contributor_id: int
    theme_id: str
    relevance: Relevance | None
    key_learning: str
    updated_at: datetime
    version: int = 1  # counts the saves (issue 22, point 5), as an answer's
    updated_by: str = ""


@dataclass(frozen=True, slots=True)
class ContributorWork:
    """Everything one contributor wrote (never their private notes)."""

    contributor: Contributor
    answers: tuple[Answer, ...]
    assessments: tuple[ThemeAssessment, ...]

    def answer(self, prompt_id: str) -> Answer | None:
        for a in self.answers:
            if a.prompt_id == prompt_id:
                return a
        return None

    def assessment(self, theme_id: str) -> ThemeAssessment | None:
        for a in self.assessments:
            if a.theme_id == theme_id:
                return a
        return None


@dataclass(frozen=True, slots=True)
class ReviewDocument:
    """A whole review as screens and exports read it: the case record, the frozen framework and
    every contributor's work. Private notes are deliberately absent."""

    id: int
    uid: str
    record: CaseRecord
    framework: Framework
    contributors: tuple[ContributorWork, ...]
    archived: bool
    created_at: datetime
    updated_at: datetime

    @property
    def reference(self) -> str:
        return self.record.reference

    @property
    def title(self) -> str:
        return self.record.title

    def work_of(self, contributor_id: int) -> ContributorWork:
        for work in self.contributors:
            if work.contributor.id == contributor_id:
                return work
        raise KeyError(contributor_id)


@dataclass(frozen=True, slots=True)
class ContributorProgress:
    contributor: Contributor
    progress: Progress
    themes: tuple[ThemeProgress, ...]

    def theme(self, theme_id: str) -> ThemeProgress:
        for tp in self.themes:
            if tp.theme_id == theme_id:
                return tp
        raise KeyError(theme_id)


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    review_id: int
    progress: Progress
    contributors: tuple[ContributorProgress, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """Who is writing on this computer (stored locally; changeable)."""

    name: str = ""
    role: str = ""
    agency: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.name.strip())
