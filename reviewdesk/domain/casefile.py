"""The case record for thematic analysis (issue 18, point 5): who each child was and what
happened, in fixed categories a partnership can count across its reviews.

This is special-category personal data (UK GDPR Art. 9: ethnicity, health and disability) about
children. It is held apart from the case record that documents print (:class:`CaseRecord`), so
no briefing, summary or published document carries it unless someone adds it on purpose; the
exchange file marks its section as special-category data.

The vocabularies are data, with labels marked for translation like every other label of the
core (reviewdesk/domain/i18n.py). Every choice may be left "not recorded" (the empty value):
a lead who does not know should not be pushed to guess. Ethnicity uses the Office for National
Statistics' 2021 Census categories for England and Wales (19 groups under 5 headings).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from reviewdesk.domain.dashboard import Figure
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

NOT_RECORDED = QT_TRANSLATE_NOOP("Labels", "Not recorded")
MAX_LANGUAGE = 80


class Labelled(StrEnum):
    """A vocabulary whose members have a label (``""`` is never a member: not recorded)."""

    @property
    def label(self) -> str:
        return _LABELS[(type(self).__name__, self.value)]


class Sex(Labelled):
    FEMALE = "female"
    MALE = "male"
    NOT_KNOWN = "not_known"


class Ethnicity(Labelled):
    """The ONS 2021 Census ethnic groups (England and Wales), in the Census's order."""

    BANGLADESHI = "asian_bangladeshi"
    CHINESE = "asian_chinese"
    INDIAN = "asian_indian"
    PAKISTANI = "asian_pakistani"
    OTHER_ASIAN = "asian_other"
    AFRICAN = "black_african"
    CARIBBEAN = "black_caribbean"
    OTHER_BLACK = "black_other"
    WHITE_ASIAN = "mixed_white_asian"
    WHITE_BLACK_AFRICAN = "mixed_white_black_african"
    WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean"
    OTHER_MIXED = "mixed_other"
    WHITE_BRITISH = "white_british"
    WHITE_IRISH = "white_irish"
    GYPSY_TRAVELLER = "white_gypsy_traveller"
    ROMA = "white_roma"
    OTHER_WHITE = "white_other"
    ARAB = "other_arab"
    ANY_OTHER = "other_any"
    NOT_KNOWN = "not_known"

    @property
    def heading(self) -> str:
        """The Census's high-level group (what a small count is better reported by)."""
        return ETHNIC_HEADINGS[self.value.split("_", 1)[0]]


ETHNIC_HEADINGS = {
    "asian": QT_TRANSLATE_NOOP("Labels", "Asian, Asian British or Asian Welsh"),
    "black": QT_TRANSLATE_NOOP("Labels", "Black, Black British, Black Welsh, Caribbean or African"),
    "mixed": QT_TRANSLATE_NOOP("Labels", "Mixed or Multiple ethnic groups"),
    "white": QT_TRANSLATE_NOOP("Labels", "White"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other ethnic group"),
    "not": QT_TRANSLATE_NOOP("Labels", "Not known"),
}


class Disability(Labelled):
    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"


class Send(Labelled):
    """Special educational needs (the SEND Code of Practice's two levels)."""

    NONE = "none"
    SEN_SUPPORT = "sen_support"
    EHC_PLAN = "ehc_plan"
    NOT_KNOWN = "not_known"


class LegalStatus(Labelled):
    """The child's status with children's social care at the time of the incident."""

    NONE = "none"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION_PLAN = "child_protection_plan"
    LOOKED_AFTER = "looked_after"
    CARE_LEAVER = "care_leaver"
    NOT_KNOWN = "not_known"


class EducationStatus(Labelled):
    UNDER_SCHOOL_AGE = "under_school_age"
    EARLY_YEARS = "early_years"
    MAINSTREAM_SCHOOL = "mainstream_school"
    SPECIAL_SCHOOL = "special_school"
    ALTERNATIVE_PROVISION = "alternative_provision"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    MISSING_EDUCATION = "missing_education"
    EXCLUDED = "excluded"
    COLLEGE_OR_TRAINING = "college_or_training"
    NEET = "neet"
    NOT_KNOWN = "not_known"


class IncidentKind(Labelled):
    DEATH = "death"
    SERIOUS_HARM = "serious_harm"


class HarmType(Labelled):
    PHYSICAL_ABUSE = "physical_abuse"
    NEGLECT = "neglect"
    SEXUAL_ABUSE = "sexual_abuse"
    EMOTIONAL_ABUSE = "emotional_abuse"
    SUDI = "sudi"
    SUICIDE_SELF_HARM = "suicide_self_harm"
    CRIMINAL_EXPLOITATION = "criminal_exploitation"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    YOUTH_VIOLENCE = "youth_violence"
    DOMESTIC_ABUSE = "domestic_abuse"
    OTHER = "other"


_LABELS: dict[tuple[str, str], str] = {
    ("Sex", Sex.FEMALE.value): QT_TRANSLATE_NOOP("Labels", "Female"),
    ("Sex", Sex.MALE.value): QT_TRANSLATE_NOOP("Labels", "Male"),
    ("Sex", Sex.NOT_KNOWN.value): QT_TRANSLATE_NOOP("Labels", "Not known"),
    ("Ethnicity", Ethnicity.BANGLADESHI.value): QT_TRANSLATE_NOOP("Labels", "Asian: Bangladeshi"),
    ("Ethnicity", Ethnicity.CHINESE.value): QT_TRANSLATE_NOOP("Labels", "Asian: Chinese"),
    ("Ethnicity", Ethnicity.INDIAN.value): QT_TRANSLATE_NOOP("Labels", "Asian: Indian"),
    ("Ethnicity", Ethnicity.PAKISTANI.value): QT_TRANSLATE_NOOP("Labels", "Asian: Pakistani"),
    ("Ethnicity", Ethnicity.OTHER_ASIAN.value): QT_TRANSLATE_NOOP("Labels", "Asian: Other Asian"),
    ("Ethnicity", Ethnicity.AFRICAN.value): QT_TRANSLATE_NOOP("Labels", "Black: African"),
    ("Ethnicity", Ethnicity.CARIBBEAN.value): QT_TRANSLATE_NOOP("Labels", "Black: Caribbean"),
    ("Ethnicity", Ethnicity.OTHER_BLACK.value): QT_TRANSLATE_NOOP("Labels", "Black: Other Black"),
    ("Ethnicity", Ethnicity.WHITE_ASIAN.value): QT_TRANSLATE_NOOP(
        "Labels", "Mixed: White and Asian"
    ),
    ("Ethnicity", Ethnicity.WHITE_BLACK_AFRICAN.value): QT_TRANSLATE_NOOP(
        "Labels", "Mixed: White and Black African"
    ),
    ("Ethnicity", Ethnicity.WHITE_BLACK_CARIBBEAN.value): QT_TRANSLATE_NOOP(
        "Labels", "Mixed: White and Black Caribbean"
    ),
    ("Ethnicity", Ethnicity.OTHER_MIXED.value): QT_TRANSLATE_NOOP(
        "Labels", "Mixed: Other Mixed or Multiple"
    ),
    ("Ethnicity", Ethnicity.WHITE_BRITISH.value): QT_TRANSLATE_NOOP(
        "Labels", "White: English, Welsh, Scottish, Northern Irish or British"
    ),
    ("Ethnicity", Ethnicity.WHITE_IRISH.value): QT_TRANSLATE_NOOP("Labels", "White: Irish"),
    ("Ethnicity", Ethnicity.GYPSY_TRAVELLER.value): QT_TRANSLATE_NOOP(
        "Labels", "White: Gypsy or Irish Traveller"
    ),
    ("Ethnicity", Ethnicity.ROMA.value): QT_TRANSLATE_NOOP("Labels", "White: Roma"),
    ("Ethnicity", Ethnicity.OTHER_WHITE.value): QT_TRANSLATE_NOOP("Labels", "White: Other White"),
    ("Ethnicity", Ethnicity.ARAB.value): QT_TRANSLATE_NOOP("Labels", "Other ethnic group: Arab"),
    ("Ethnicity", Ethnicity.ANY_OTHER.value): QT_TRANSLATE_NOOP(
        "Labels", "Other ethnic group: Any other"
    ),
    ("Ethnicity", Ethnicity.NOT_KNOWN.value): QT_TRANSLATE_NOOP("Labels", "Not known"),
    ("Disability", Disability.YES.value): QT_TRANSLATE_NOOP("Labels", "Disabled"),
    ("Disability", Disability.NO.value): QT_TRANSLATE_NOOP("Labels", "Not disabled"),
    ("Disability", Disability.NOT_KNOWN.value): QT_TRANSLATE_NOOP("Labels", "Not known"),
    ("Send", Send.NONE.value): QT_TRANSLATE_NOOP("Labels", "No special educational needs"),
    ("Send", Send.SEN_SUPPORT.value): QT_TRANSLATE_NOOP("Labels", "SEN support"),
    ("Send", Send.EHC_PLAN.value): QT_TRANSLATE_NOOP("Labels", "Education, health and care plan"),
    ("Send", Send.NOT_KNOWN.value): QT_TRANSLATE_NOOP("Labels", "Not known"),
    ("LegalStatus", LegalStatus.NONE.value): QT_TRANSLATE_NOOP("Labels", "None"),
    ("LegalStatus", LegalStatus.CHILD_IN_NEED.value): QT_TRANSLATE_NOOP("Labels", "Child in need"),
    ("LegalStatus", LegalStatus.CHILD_PROTECTION_PLAN.value): QT_TRANSLATE_NOOP(
        "Labels", "Child protection plan"
    ),
    ("LegalStatus", LegalStatus.LOOKED_AFTER.value): QT_TRANSLATE_NOOP("Labels", "Looked after"),
    ("LegalStatus", LegalStatus.CARE_LEAVER.value): QT_TRANSLATE_NOOP("Labels", "Care leaver"),
    ("LegalStatus", LegalStatus.NOT_KNOWN.value): QT_TRANSLATE_NOOP("Labels", "Not known"),
    ("EducationStatus", EducationStatus.UNDER_SCHOOL_AGE.value): QT_TRANSLATE_NOOP(
        "Labels", "Under school age, at home"
    ),
    ("EducationStatus", EducationStatus.EARLY_YEARS.value): QT_TRANSLATE_NOOP(
        "Labels", "Nursery or early years setting"
    ),
    ("EducationStatus", EducationStatus.MAINSTREAM_SCHOOL.value): QT_TRANSLATE_NOOP(
        "Labels", "Mainstream school"
    ),
    ("EducationStatus", EducationStatus.SPECIAL_SCHOOL.value): QT_TRANSLATE_NOOP(
        "Labels", "Special school"
    ),
    ("EducationStatus", EducationStatus.ALTERNATIVE_PROVISION.value): QT_TRANSLATE_NOOP(
        "Labels", "Alternative provision or pupil referral unit"
    ),
    ("EducationStatus", EducationStatus.ELECTIVE_HOME_EDUCATION.value): QT_TRANSLATE_NOOP(
        "Labels", "Electively home educated"
    ),
    ("EducationStatus", EducationStatus.MISSING_EDUCATION.value): QT_TRANSLATE_NOOP(
        "Labels", "Missing education"
    ),
    ("EducationStatus", EducationStatus.EXCLUDED.value): QT_TRANSLATE_NOOP(
        "Labels", "Suspended or excluded"
    ),
    ("EducationStatus", EducationStatus.COLLEGE_OR_TRAINING.value): QT_TRANSLATE_NOOP(
        "Labels", "College or training"
    ),
    ("EducationStatus", EducationStatus.NEET.value): QT_TRANSLATE_NOOP(
        "Labels", "Not in education, employment or training"
    ),
    ("EducationStatus", EducationStatus.NOT_KNOWN.value): QT_TRANSLATE_NOOP("Labels", "Not known"),
    ("IncidentKind", IncidentKind.DEATH.value): QT_TRANSLATE_NOOP("Labels", "Death"),
    ("IncidentKind", IncidentKind.SERIOUS_HARM.value): QT_TRANSLATE_NOOP("Labels", "Serious harm"),
    ("HarmType", HarmType.PHYSICAL_ABUSE.value): QT_TRANSLATE_NOOP(
        "Labels", "Physical abuse or non-accidental injury"
    ),
    ("HarmType", HarmType.NEGLECT.value): QT_TRANSLATE_NOOP("Labels", "Neglect"),
    ("HarmType", HarmType.SEXUAL_ABUSE.value): QT_TRANSLATE_NOOP("Labels", "Sexual abuse"),
    ("HarmType", HarmType.EMOTIONAL_ABUSE.value): QT_TRANSLATE_NOOP("Labels", "Emotional abuse"),
    ("HarmType", HarmType.SUDI.value): QT_TRANSLATE_NOOP(
        "Labels", "Sudden unexpected death in infancy"
    ),
    ("HarmType", HarmType.SUICIDE_SELF_HARM.value): QT_TRANSLATE_NOOP(
        "Labels", "Suicide or self-harm"
    ),
    ("HarmType", HarmType.CRIMINAL_EXPLOITATION.value): QT_TRANSLATE_NOOP(
        "Labels", "Child criminal exploitation"
    ),
    ("HarmType", HarmType.SEXUAL_EXPLOITATION.value): QT_TRANSLATE_NOOP(
        "Labels", "Child sexual exploitation"
    ),
    ("HarmType", HarmType.YOUTH_VIOLENCE.value): QT_TRANSLATE_NOOP(
        "Labels", "Serious youth violence"
    ),
    ("HarmType", HarmType.DOMESTIC_ABUSE.value): QT_TRANSLATE_NOOP("Labels", "Domestic abuse"),
    ("HarmType", HarmType.OTHER.value): QT_TRANSLATE_NOOP("Labels", "Other harm"),
}


@dataclass(frozen=True, slots=True)
class ChildDetails:
    """One child of the case record (matched by pseudonym), in the categories counted."""

    pseudonym: str
    sex: Sex | None = None
    ethnicity: Ethnicity | None = None
    first_language: str = ""
    disability: Disability | None = None
    send: Send | None = None
    legal_status: LegalStatus | None = None
    education: EducationStatus | None = None

    @property
    def is_empty(self) -> bool:
        return not self.first_language.strip() and all(
            getattr(self, name) is None for name in CHILD_FIELDS if name != "first_language"
        )


# The child's fields in the order a form shows them, with the vocabulary of each (None: text).
CHILD_FIELDS: dict[str, type[Labelled] | None] = {
    "sex": Sex,
    "ethnicity": Ethnicity,
    "first_language": None,
    "disability": Disability,
    "send": Send,
    "legal_status": LegalStatus,
    "education": EducationStatus,
}

FIELD_LABELS = {
    "incident": QT_TRANSLATE_NOOP("Labels", "Incident"),
    "harm_type": QT_TRANSLATE_NOOP("Labels", "Harm type"),
    "sex": QT_TRANSLATE_NOOP("Labels", "Sex"),
    "ethnicity": QT_TRANSLATE_NOOP("Labels", "Ethnicity"),
    "first_language": QT_TRANSLATE_NOOP("Labels", "First language"),
    "disability": QT_TRANSLATE_NOOP("Labels", "Disability"),
    "send": QT_TRANSLATE_NOOP("Labels", "Special educational needs"),
    "legal_status": QT_TRANSLATE_NOOP("Labels", "Legal status at the time"),
    "education": QT_TRANSLATE_NOOP("Labels", "Education"),
}


@dataclass(frozen=True, slots=True)
class CaseDetails:
    """A review's case record for analysis: the incident and each child (special category)."""

    incident: IncidentKind | None = None
    harm_type: HarmType | None = None
    children: tuple[ChildDetails, ...] = ()
    # Counts the saves (issue 22, point 5): a save made over an older version is refused as a
    # conflict (0: none saved yet). Not part of what the record says, so not compared.
    version: int = dataclasses.field(default=0, compare=False)

    def child(self, pseudonym: str) -> ChildDetails:
        for c in self.children:
            if c.pseudonym == pseudonym:
                return c
        return ChildDetails(pseudonym)


def value_label(value: StrEnum | str | None) -> str:
    """A stored choice in words ("Not recorded" when none was made)."""
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, Labelled):
        return value.label
    return str(value)


def details_problems(details: CaseDetails) -> dict[str, str]:
    """What stops the details being kept, by field, in words to show as they are."""
    found: dict[str, str] = {}
    names = [c.pseudonym.strip() for c in details.children]
    if any(not n for n in names):
        found["children"] = "Each child needs the pseudonym the case record gives them."
    elif len(set(n.casefold() for n in names)) != len(names):
        found["children"] = "Two children have the same pseudonym: please check the case record."
    for c in details.children:
        if len(c.first_language) > MAX_LANGUAGE:
            found["first_language"] = (
                f"A first language can be up to {MAX_LANGUAGE} characters (for {c.pseudonym})."
            )
    return found


# --- counting across reviews (the dashboard) -----------------------------------------------------

# What the dashboard can count and filter by: the review's incident and harm type, and each
# child's categories (a review counts once under each value any of its children has).
DIMENSIONS = ("incident", "harm_type", *(k for k, v in CHILD_FIELDS.items() if v is not None))


def values_of(details: CaseDetails, dimension: str) -> set[str]:
    """The stored values a review has on one dimension ("" for not recorded)."""
    if dimension == "incident":
        return {details.incident.value if details.incident else ""}
    if dimension == "harm_type":
        return {details.harm_type.value if details.harm_type else ""}
    if not details.children:
        return {""}
    out = set()
    for c in details.children:
        value = getattr(c, dimension)
        out.add(value.value if value is not None else "")
    return out


def vocabulary(dimension: str) -> type[Labelled]:
    return {"incident": IncidentKind, "harm_type": HarmType}.get(dimension) or CHILD_FIELDS[
        dimension
    ]  # type: ignore[return-value]


def count_by(details: Iterable[CaseDetails], dimension: str) -> list[tuple[str, str, int]]:
    """(value, label, number of reviews) for every value of the vocabulary in its order, then
    "Not recorded"; values no review has are kept (a 0 is an answer here)."""
    counts: Counter[str] = Counter()
    for d in details:
        counts.update(values_of(d, dimension))
    vocab = vocabulary(dimension)
    rows = [(v.value, v.label, counts[v.value]) for v in vocab]
    rows.append(("", NOT_RECORDED, counts[""]))
    return rows


def matches(details: CaseDetails, dimension: str, value: str) -> bool:
    """Does the review have ``value`` on ``dimension`` ("" matches not recorded)?"""
    return value in values_of(details, dimension)


# The dimensions that are each child's (a review has as many values on them as children).
CHILD_DIMENSIONS = tuple(d for d in DIMENSIONS if d not in ("incident", "harm_type"))


@dataclass(frozen=True)
class CaseGroups:
    """A period's reviews grouped once by every value of every dimension: ``groups[dimension]
    [value]`` holds the reviews that have ``value`` ("" for not recorded). Worked out off the
    GUI thread with the dashboard's figures; any dimension's figures, among the reviews matching
    any condition, are then a few set intersections (:meth:`figures`), quick enough for the GUI
    thread as a person changes what to count by."""

    reviews: frozenset[int]
    groups: Mapping[str, Mapping[str, frozenset[int]]]

    @classmethod
    def of_values(
        cls,
        reviews: Iterable[int],
        cases: Mapping[int, tuple[str, str]],
        children: Mapping[int, Iterable[tuple[str, ...]]],
    ) -> CaseGroups:
        """From stored values: ``cases`` review id -> (incident, harm type); ``children``
        review id -> each child's values on :data:`CHILD_DIMENSIONS` ("" not recorded; a review
        with no children is not recorded on each)."""
        found: dict[str, dict[str, set[int]]] = {d: {} for d in DIMENSIONS}
        incident, harm = found["incident"], found["harm_type"]
        child_groups = [found[d] for d in CHILD_DIMENSIONS]
        blank = (("",) * len(CHILD_DIMENSIONS),)
        ids = frozenset(reviews)
        for review_id in ids:
            i, h = cases.get(review_id, ("", ""))
            incident.setdefault(i, set()).add(review_id)
            harm.setdefault(h, set()).add(review_id)
            for values in children.get(review_id) or blank:
                for groups, value in zip(child_groups, values, strict=True):
                    groups.setdefault(value, set()).add(review_id)
        return cls(ids, {d: {v: frozenset(r) for v, r in g.items()} for d, g in found.items()})

    @classmethod
    def of_details(cls, details: Mapping[int, CaseDetails]) -> CaseGroups:
        """From each review's details (:func:`values_of` decides)."""
        found: dict[str, dict[str, set[int]]] = {d: {} for d in DIMENSIONS}
        for review_id, d in details.items():
            for dim in DIMENSIONS:
                for value in values_of(d, dim):
                    found[dim].setdefault(value, set()).add(review_id)
        return cls(
            frozenset(details),
            {d: {v: frozenset(r) for v, r in g.items()} for d, g in found.items()},
        )

    def figures(self, dimension: str, where: tuple[str, str] | None = None) -> tuple[Figure, ...]:
        """The figures for one dimension: for each value of its vocabulary (then "Not
        recorded"), the reviews that have it, among those matching ``where`` (a dimension and a
        value) when given. Keys are ``case:<dimension>:<value>``."""
        groups = self.groups.get(dimension, {})
        chosen = None if where is None else self.groups.get(where[0], {}).get(where[1], frozenset())
        out = []
        for value, label in [
            *((v.value, v.label) for v in vocabulary(dimension)),
            ("", NOT_RECORDED),
        ]:
            ids = groups.get(value, frozenset())
            if chosen is not None:
                ids = ids & chosen
            out.append(Figure(f"case:{dimension}:{value}", label, len(ids), tuple(sorted(ids))))
        return tuple(out)


def case_figures(
    details: Mapping[int, CaseDetails], dimension: str, where: tuple[str, str] | None = None
) -> tuple[Figure, ...]:
    """The dashboard's figures for one dimension (:meth:`CaseGroups.figures`) from each
    review's details."""
    return CaseGroups.of_details(details).figures(dimension, where)


# Small numbers (issue 18, point 5): in a document that leaves the library, a count of 1 to 4
# reviews in a special-category group is not printed as a number, so that no child can be picked
# out; the dashboard, where the lead sees the reviews behind each number, shows it with a warning.
SMALL_NUMBER = 5
SUPPRESSED = QT_TRANSLATE_NOOP("Labels", "fewer than 5")


def shown_count(count: int) -> str:
    """A count as a shared document prints it: "fewer than 5" for 1 to 4, else the number."""
    return SUPPRESSED if 0 < count < SMALL_NUMBER else str(count)


def suppressed_rows(figures: tuple[Figure, ...]) -> tuple[tuple[str, str], ...]:
    """(group, reviews) for a printed table, small numbers suppressed (:func:`shown_count`)."""
    return tuple((f.label, shown_count(f.count)) for f in figures)
