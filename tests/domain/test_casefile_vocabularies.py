"""The case record for analysis's vocabularies (issue 18, point 5) are data with labels: the ONS
2021 Census ethnic groups for England and Wales (19, under 5 headings), the legal statuses the
issue names, and the household roles and agencies it adds; every value has a label, and counting
keeps a 0 as an answer and "Not recorded" apart."""

from __future__ import annotations

from reviewdesk.domain.casefile import (
    CHILD_FIELDS,
    DIMENSIONS,
    CaseDetails,
    ChildDetails,
    Ethnicity,
    IncidentKind,
    LegalStatus,
    Sex,
    case_figures,
    count_by,
    details_problems,
    vocabulary,
)
from reviewdesk.domain.review import DEFAULT_AGENCIES, HOUSEHOLD_ROLES


def test_ethnicity_is_the_ons_2021_classification() -> None:
    groups = [e for e in Ethnicity if e is not Ethnicity.NOT_KNOWN]
    assert len(groups) == 19
    assert len({e.heading for e in groups}) == 5
    assert Ethnicity.ROMA.label == "White: Roma"
    assert Ethnicity.ROMA.heading == "White"
    assert Ethnicity.WHITE_BLACK_CARIBBEAN.heading == "Mixed or Multiple ethnic groups"


def test_every_value_has_a_label_and_labels_differ_within_a_vocabulary() -> None:
    for dim in DIMENSIONS:
        labels = [v.label for v in vocabulary(dim)]
        assert all(labels) and len(set(labels)) == len(labels), dim
    assert [s.label for s in LegalStatus][:5] == [
        "None", "Child in need", "Child protection plan", "Looked after", "Care leaver",
    ]  # fmt: skip
    assert set(CHILD_FIELDS) >= {"sex", "ethnicity", "first_language", "legal_status"}


def test_new_household_roles_and_agencies() -> None:
    assert {"Kinship carer", "Ex-partner"} <= set(HOUSEHOLD_ROLES)
    assert {"Youth justice", "CAMHS", "School nursing", "Family hub"} <= set(DEFAULT_AGENCIES)


def test_counting_keeps_zero_and_not_recorded_apart() -> None:
    a = CaseDetails(IncidentKind.DEATH, children=(ChildDetails("A", sex=Sex.MALE),))
    b = CaseDetails(children=(ChildDetails("B"), ChildDetails("C", sex=Sex.FEMALE)))
    rows = {value: n for value, _label, n in count_by([a, b], "sex")}
    assert rows == {"female": 1, "male": 1, "not_known": 0, "": 1}
    figures = {f.key: f for f in case_figures({1: a, 2: b}, "incident")}
    assert figures["case:incident:death"].review_ids == (1,)
    assert figures["case:incident:"].review_ids == (2,)
    only_male = {f.key: f.count for f in case_figures({1: a, 2: b}, "incident", ("sex", "male"))}
    assert only_male == {"case:incident:death": 1, "case:incident:serious_harm": 0,
                         "case:incident:": 0}  # fmt: skip


def test_two_children_with_one_pseudonym_are_refused() -> None:
    found = details_problems(
        CaseDetails(children=(ChildDetails("Child A"), ChildDetails("child a")))
    )
    assert "same pseudonym" in found["children"]
