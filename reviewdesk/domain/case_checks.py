"""Checks on a case record before it is saved.

*Problems* stop a save (a missing reference, a scope that ends before it starts). *Cautions* are
questions to put to the person (a notification dated before the incident): the wizard asks, and
saves once they confirm. Messages are written to be shown as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reviewdesk.domain.review import CaseRecord

MAX_REFERENCE, MAX_TITLE, MAX_NAME = 60, 200, 120
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")


@dataclass(frozen=True, slots=True)
class CaseChecks:
    problems: dict[str, str] = field(default_factory=dict)
    cautions: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _order(
    cautions: dict[str, str], key: str, later: date | None, earlier: date | None, message: str
) -> None:
    if later and earlier and later < earlier:
        cautions.setdefault(key, message)


def check_case_record(record: CaseRecord, today: date | None = None) -> CaseChecks:
    today = today or date.today()
    problems: dict[str, str] = {}
    cautions: dict[str, str] = {}

    ref = record.reference.strip()
    if not ref:
        problems["reference"] = "Please give the review a reference, for example LCSPR-2026-03."
    elif len(ref) > MAX_REFERENCE:
        problems["reference"] = f"The reference can be up to {MAX_REFERENCE} characters."
    elif not _REFERENCE.match(ref):
        problems["reference"] = (
            "The reference can use letters, numbers, spaces and . _ / - (it is used in file names)."
        )
    title = record.title.strip()
    if not title:
        problems["title"] = "Please give the review a short title, for example 'Child A, 2026'."
    elif len(title) > MAX_TITLE:
        problems["title"] = f"The title can be up to {MAX_TITLE} characters."
    if len(record.lead) > MAX_TITLE:
        problems["lead"] = f"The lead reviewer can be up to {MAX_TITLE} characters."

    d = record.dates
    _order(
        cautions,
        "notification",
        d.notification,
        d.incident,
        "The notification date is before the incident date. Is that right?",
    )
    _order(
        cautions,
        "rapid_review",
        d.rapid_review,
        d.notification,
        "The rapid review date is before the notification date. Is that right?",
    )
    _order(
        cautions,
        "decision",
        d.decision,
        d.rapid_review,
        "The decision date is before the rapid review. Is that right?",
    )
    _order(
        cautions,
        "publication",
        d.publication,
        d.decision,
        "The publication date is before the decision to hold a review. Is that right?",
    )
    for name in ("incident", "notification", "rapid_review", "decision"):
        value = getattr(d, name)
        if value and value > today:
            cautions.setdefault(name, "This date is in the future. Is that right?")

    if record.scope_start and record.scope_end and record.scope_end < record.scope_start:
        problems["scope"] = "The scope period ends before it starts. Please check the two dates."
    if record.scope_end and d.incident and record.scope_end < d.incident:
        cautions.setdefault("scope", "The scope period ends before the incident. Is that right?")

    if not record.children:
        cautions["children"] = (
            "No child has been added yet. You can add them later, by pseudonym (Child A)."
        )
    for i, child in enumerate(record.children):
        if not child.pseudonym.strip():
            problems[f"children[{i}]"] = (
                "Each child needs a pseudonym, such as Child A. Please do not use real names."
            )
        elif len(child.pseudonym) > 80:
            problems[f"children[{i}]"] = "A pseudonym can be up to 80 characters."
    for i, member in enumerate(record.household):
        if not member.role.strip():
            problems[f"household[{i}]"] = (
                "Each household member needs a role, such as Mother or Mother's partner."
            )
        elif len(member.role) > 80:
            problems[f"household[{i}]"] = "A role can be up to 80 characters."
    for i, agency in enumerate(record.agencies):
        if not agency.strip():
            problems[f"agencies[{i}]"] = "An agency name cannot be blank."
        elif len(agency) > MAX_NAME:
            problems[f"agencies[{i}]"] = f"An agency name can be up to {MAX_NAME} characters."
    return CaseChecks(problems, cautions)
