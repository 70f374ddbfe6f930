"""Review papers a real review holds (issue 18, point 4): the terms of reference and key lines of
enquiry, the family involvement log, and the processes running beside the review.

Working Together 2023 expects families to be invited to contribute to a local review and their
views to be heard; a criminal investigation, an inquest or a disciplinary process often runs at
the same time and shapes what the review can do and when. The rules checking each paper before
it is kept live here; the services apply them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

MAX_TEXT = 20_000
MAX_LINE = 400
MAX_PERSON = 120
MAX_LINES = 40


@dataclass(frozen=True, slots=True)
class TermsOfReference:
    terms: str = ""  # the scope, the questions, how the review will be run
    lines_of_enquiry: tuple[str, ...] = ()  # the key lines of enquiry, each on its own line
    agreed_on: date | None = None
    # Counts the saves (issue 22, point 5): a save made over an older version is refused as a
    # conflict (0: not checked). Not part of what the paper says, so not compared.
    version: int = dataclasses.field(default=0, compare=False)

    @property
    def is_empty(self) -> bool:
        return not self.terms.strip() and not self.lines_of_enquiry and self.agreed_on is None


class FamilyWay(StrEnum):
    """How a family member took part (or did not)."""

    NOT_YET = ""  # invited, nothing heard yet
    MET_REVIEWER = "met_reviewer"
    PHONE_OR_VIDEO = "phone_or_video"
    IN_WRITING = "in_writing"
    THROUGH_ADVOCATE = "through_advocate"
    DECLINED = "declined"
    NO_REPLY = "no_reply"
    NOT_INVITED = "not_invited"

    @property
    def label(self) -> str:
        return {
            "": QT_TRANSLATE_NOOP("Labels", "Invited, not yet heard from"),
            "met_reviewer": QT_TRANSLATE_NOOP("Labels", "Met the reviewer"),
            "phone_or_video": QT_TRANSLATE_NOOP("Labels", "By phone or video call"),
            "in_writing": QT_TRANSLATE_NOOP("Labels", "In writing"),
            "through_advocate": QT_TRANSLATE_NOOP("Labels", "Through an advocate or supporter"),
            "declined": QT_TRANSLATE_NOOP("Labels", "Chose not to take part"),
            "no_reply": QT_TRANSLATE_NOOP("Labels", "No reply"),
            "not_invited": QT_TRANSLATE_NOOP("Labels", "Not invited"),
        }[self.value]

    @property
    def took_part(self) -> bool:
        return self in {
            FamilyWay.MET_REVIEWER,
            FamilyWay.PHONE_OR_VIDEO,
            FamilyWay.IN_WRITING,
            FamilyWay.THROUGH_ADVOCATE,
        }


@dataclass(frozen=True, slots=True)
class FamilyContribution:
    """One entry of the family involvement log."""

    person: str  # by role, never by name: "Mother", "Maternal grandmother", "Child B (aged 12)"
    invited_on: date | None = None
    how: FamilyWay = FamilyWay.NOT_YET
    contributed_on: date | None = None
    views: str = ""  # their views, in their words where they agreed
    notes: str = ""  # for the lead: reasons not invited, support offered, what was agreed
    id: int = 0
    uid: str = ""
    version: int = dataclasses.field(default=0, compare=False)  # counts the saves, as the terms'


class ProcessKind(StrEnum):
    CRIMINAL = "criminal"
    CORONER = "coroner"
    DISCIPLINARY = "disciplinary"
    REGULATOR = "regulator"
    FAMILY_COURT = "family_court"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "criminal": QT_TRANSLATE_NOOP("Labels", "Criminal investigation or trial"),
            "coroner": QT_TRANSLATE_NOOP("Labels", "Coroner's inquest"),
            "disciplinary": QT_TRANSLATE_NOOP("Labels", "Disciplinary process"),
            "regulator": QT_TRANSLATE_NOOP("Labels", "Professional regulator"),
            "family_court": QT_TRANSLATE_NOOP("Labels", "Family court proceedings"),
            "other": QT_TRANSLATE_NOOP("Labels", "Other process"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class ParallelProcess:
    kind: ProcessKind
    led_by: str = ""  # "Police", "HM Coroner", "the trust's HR"
    started_on: date | None = None
    next_on: date | None = None  # the next key date (a trial, a hearing)
    next_what: str = ""  # what happens then
    concluded_on: date | None = None
    notes: str = ""  # what it means for the review (a pause, what may be shared)
    id: int = 0
    uid: str = ""
    version: int = dataclasses.field(default=0, compare=False)  # counts the saves, as the terms'

    @property
    def is_open(self) -> bool:
        return self.concluded_on is None


def _dated(found: dict[str, str], field: str, value: date | None, label: str) -> None:
    if value is not None and not date(1900, 1, 1) <= value <= date(2100, 12, 31):
        found.setdefault(field, f"{label} should be between 1900 and 2100.")


def terms_problems(t: TermsOfReference) -> dict[str, str]:
    found: dict[str, str] = {}
    if len(t.terms) > MAX_TEXT:
        found["terms"] = f"The terms of reference can be up to {MAX_TEXT:,} characters."
    if len(t.lines_of_enquiry) > MAX_LINES:
        found["lines_of_enquiry"] = f"Please keep to {MAX_LINES} key lines of enquiry."
    elif any(len(line) > 2000 for line in t.lines_of_enquiry):
        found["lines_of_enquiry"] = "Each line of enquiry can be up to 2,000 characters."
    _dated(found, "agreed_on", t.agreed_on, "The date agreed")
    return found


def family_problems(f: FamilyContribution) -> dict[str, str]:
    found: dict[str, str] = {}
    if not f.person.strip():
        found["person"] = "Please say who this is, by their role (for example, Mother)."
    elif len(f.person) > MAX_PERSON:
        found["person"] = f"Who can be up to {MAX_PERSON} characters."
    for name, value in (("views", f.views), ("notes", f.notes)):
        if len(value) > MAX_TEXT:
            found[name] = f"This can be up to {MAX_TEXT:,} characters."
    _dated(found, "invited_on", f.invited_on, "The date invited")
    _dated(found, "contributed_on", f.contributed_on, "The date they took part")
    if f.how is FamilyWay.NOT_INVITED and f.invited_on is not None:
        found["how"] = "This person has an invitation date: please choose how they took part."
    if f.how is FamilyWay.NOT_INVITED and not f.notes.strip():
        found["notes"] = "Please note why this person was not invited (the Panel will ask)."
    if f.contributed_on is not None and not f.how.took_part:
        found["contributed_on"] = (
            "A date they took part is given: please choose how they took part, or clear it."
        )
    if f.invited_on and f.contributed_on and f.contributed_on < f.invited_on:
        found["contributed_on"] = "They took part before the invitation: please check the dates."
    return found


def process_problems(p: ParallelProcess) -> dict[str, str]:
    found: dict[str, str] = {}
    if len(p.led_by) > MAX_LINE:
        found["led_by"] = f"Who leads it can be up to {MAX_LINE} characters."
    if len(p.next_what) > MAX_LINE:
        found["next_what"] = f"What happens next can be up to {MAX_LINE} characters."
    if len(p.notes) > MAX_TEXT:
        found["notes"] = f"The notes can be up to {MAX_TEXT:,} characters."
    for field, value, label in (
        ("started_on", p.started_on, "The start"),
        ("next_on", p.next_on, "The next date"),
        ("concluded_on", p.concluded_on, "The end"),
    ):
        _dated(found, field, value, label)
    if p.started_on and p.concluded_on and p.concluded_on < p.started_on:
        found["concluded_on"] = "It ends before it starts: please check the two dates."
    return found
