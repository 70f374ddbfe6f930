"""The decision log (issue 18, point 2): each statutory decision on a review, with its date,
outcome, reasons and who took it (the three safeguarding partners), and the Child Safeguarding
Practice Review Panel's response.

Working Together to Safeguard Children 2023: the safeguarding partners decide, after the rapid
review, whether a local child safeguarding practice review is appropriate (or that no local
review is needed, or that the learning is better taken forward another way), and the Panel
says whether it agrees; later the partners decide how the final report is published (in full,
as a summary, or not at all), with reasons. The rules checking a decision before it is kept
live here; the services apply them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP


class DecisionKind(StrEnum):
    RAPID_REVIEW = "rapid_review"  # the rapid review's outcome
    PUBLICATION = "publication"
    OTHER = "other"  # another statutory decision (scope, a pause for a criminal trial...)

    @property
    def label(self) -> str:
        return {
            "rapid_review": QT_TRANSLATE_NOOP("Labels", "Rapid review outcome"),
            "publication": QT_TRANSLATE_NOOP("Labels", "Publication"),
            "other": QT_TRANSLATE_NOOP("Labels", "Other decision"),
        }[self.value]


class Outcome(StrEnum):
    LOCAL_REVIEW = "local_review"
    NO_LOCAL_REVIEW = "no_local_review"
    OTHER_LEARNING = "other_learning"
    PUBLISH = "publish"
    PUBLISH_SUMMARY = "publish_summary"
    NOT_PUBLISH = "not_publish"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def short(self) -> str:
        """For a narrow column: 'Local review', 'Publish a summary'."""
        return "Local review" if self is Outcome.LOCAL_REVIEW else self.label.split(" (")[0]


OUTCOME_LABELS = {
    Outcome.LOCAL_REVIEW: QT_TRANSLATE_NOOP("Labels", "A local child safeguarding practice review"),
    Outcome.NO_LOCAL_REVIEW: QT_TRANSLATE_NOOP("Labels", "No local review"),
    Outcome.OTHER_LEARNING: QT_TRANSLATE_NOOP("Labels", "Other learning (not a local review)"),
    Outcome.PUBLISH: QT_TRANSLATE_NOOP("Labels", "Publish the report"),
    Outcome.PUBLISH_SUMMARY: QT_TRANSLATE_NOOP("Labels", "Publish a summary"),
    Outcome.NOT_PUBLISH: QT_TRANSLATE_NOOP("Labels", "Not publish"),
}

OUTCOMES: dict[DecisionKind, tuple[Outcome, ...]] = {
    DecisionKind.RAPID_REVIEW: (
        Outcome.LOCAL_REVIEW,
        Outcome.NO_LOCAL_REVIEW,
        Outcome.OTHER_LEARNING,
    ),
    DecisionKind.PUBLICATION: (Outcome.PUBLISH, Outcome.PUBLISH_SUMMARY, Outcome.NOT_PUBLISH),
    DecisionKind.OTHER: (),
}

# Outcomes the partners must give reasons for (Working Together 2023; the Panel asks for them).
NEEDS_REASONS = frozenset(
    {Outcome.NO_LOCAL_REVIEW, Outcome.OTHER_LEARNING, Outcome.PUBLISH_SUMMARY, Outcome.NOT_PUBLISH}
)


class Partner(StrEnum):
    """The three statutory safeguarding partners."""

    LOCAL_AUTHORITY = "local_authority"
    HEALTH = "health"  # the integrated care board
    POLICE = "police"

    @property
    def label(self) -> str:
        return {
            "local_authority": QT_TRANSLATE_NOOP("Labels", "Local authority"),
            "health": QT_TRANSLATE_NOOP("Labels", "Integrated care board"),
            "police": QT_TRANSLATE_NOOP("Labels", "Police"),
        }[self.value]


class PanelResponse(StrEnum):
    NONE = ""  # not yet received (or not needed)
    AGREED = "agreed"
    NOT_AGREED = "not_agreed"

    @property
    def label(self) -> str:
        return {
            "": QT_TRANSLATE_NOOP("Labels", "Not yet received"),
            "agreed": QT_TRANSLATE_NOOP("Labels", "Agreed"),
            "not_agreed": QT_TRANSLATE_NOOP("Labels", "Not agreed"),
        }[self.value]


MAX_REASONS = 20_000
MAX_TAKEN_BY = 400
MAX_SUMMARY = 400


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    decided_on: date | None
    outcome: Outcome | None = None
    summary: str = ""  # what was decided, in a line (an "other" decision has no set outcome)
    reasons: str = ""
    partners: tuple[Partner, ...] = ()  # which of the three partners took it
    taken_by: str = ""  # the people, by role (e.g. "Director of Children's Services")
    panel_response: PanelResponse = PanelResponse.NONE
    panel_response_on: date | None = None
    panel_comments: str = ""
    id: int = 0
    uid: str = ""
    # Counts the saves (issue 22, point 5), as a finding's (0: not checked).
    version: int = 0

    @property
    def outcome_label(self) -> str:
        if self.outcome is not None:
            return self.outcome.label
        return " ".join(self.summary.split())

    @property
    def outcome_short(self) -> str:
        return self.outcome.short if self.outcome is not None else self.outcome_label

    @property
    def partners_label(self) -> str:
        if len(self.partners) == len(Partner):
            return "All three partners"
        return ", ".join(p.label for p in self.partners) or "Not recorded"


def decision_problems(d: Decision) -> dict[str, str]:
    """What stops a decision being kept, by field, in words to show as they are."""
    found: dict[str, str] = {}
    if d.decided_on is None:
        found["decided_on"] = "Please give the date of the decision."
    allowed = OUTCOMES.get(d.kind)
    if allowed is None:
        found["kind"] = "Please choose what kind of decision this is."
    elif allowed and d.outcome not in allowed:
        choices = (
            ", ".join(o.label.lower() for o in allowed[:-1]) + " or " + allowed[-1].label.lower()
        )
        found["outcome"] = f"Please choose the outcome: {choices}."
    elif not allowed and d.outcome is not None:
        found["outcome"] = "An other decision has no set outcome: please describe it in a line."
    elif not allowed and not d.summary.strip():
        found["summary"] = "Please say in a line what was decided."
    if d.outcome in NEEDS_REASONS and not d.reasons.strip():
        found["reasons"] = f"Please give the reasons for the decision ({d.outcome.label.lower()})."
    if len(d.reasons) > MAX_REASONS:
        found["reasons"] = f"The reasons can be up to {MAX_REASONS:,} characters."
    if len(d.panel_comments) > MAX_REASONS:
        found["panel_comments"] = f"The Panel's comments can be up to {MAX_REASONS:,} characters."
    if len(d.taken_by) > MAX_TAKEN_BY:
        found["taken_by"] = f"Who took it can be up to {MAX_TAKEN_BY} characters."
    if len(d.summary) > MAX_SUMMARY:
        found["summary"] = f"The decision in a line can be up to {MAX_SUMMARY} characters."
    if not d.partners:
        found["partners"] = "Please tick the safeguarding partners who took the decision."
    if d.panel_response is PanelResponse.NONE:
        if d.panel_response_on is not None or d.panel_comments.strip():
            found["panel_response"] = (
                "Please choose whether the Panel agreed, or clear the date and comments of its "
                "response."
            )
    elif d.panel_response_on is None:
        found["panel_response_on"] = "Please give the date of the Panel's response."
    if (
        d.decided_on is not None
        and d.panel_response_on is not None
        and d.panel_response_on < d.decided_on
    ):
        found["panel_response_on"] = (
            "The Panel's response is dated before the decision: please check the two dates."
        )
    return found
