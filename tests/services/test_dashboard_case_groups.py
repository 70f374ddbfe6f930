"""The dashboard's case-record counts read in bulk (three selects, issue 20) match counting each
review's details one by one (services.case_details.details_of, the way the learning report
reads them), for every dimension and every condition."""

from __future__ import annotations

from dataclasses import replace

from reviewdesk.domain.casefile import (
    CHILD_FIELDS,
    DIMENSIONS,
    NOT_RECORDED,
    CaseDetails,
    ChildDetails,
    Disability,
    EducationStatus,
    Ethnicity,
    HarmType,
    IncidentKind,
    LegalStatus,
    Send,
    Sex,
    case_figures,
    vocabulary,
)
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.review import Child
from tests.learning_fixture import build

ALL = Period.all_time(None)  # type: ignore[arg-type]


def test_bulk_counts_match_counting_each_review() -> None:
    lib = build()
    s = lib.services
    # A: two named children, one with every category, one with none kept, and one kept for a
    # child the case record no longer names; B: the incident only; D: a named child only.
    a, b, d = lib.ids["LCSPR-A"], lib.ids["RR-B"], lib.ids["LCSPR-D"]
    for review_id, names in ((a, ("Child A", "Sibling 1", "Old name")), (d, ("Child D",))):
        record = s.reviews.get(review_id).record
        s.reviews.update_record(review_id, replace(record, children=tuple(map(Child, names))))
    s.case_details.save_details(
        a,
        CaseDetails(
            IncidentKind.SERIOUS_HARM,
            HarmType.NEGLECT,
            (
                ChildDetails(
                    "Child A", Sex.FEMALE, Ethnicity.ROMA, "Romani", Disability.YES,
                    Send.EHC_PLAN, LegalStatus.LOOKED_AFTER, EducationStatus.EXCLUDED,
                ),
                ChildDetails("Old name", Sex.MALE),
            ),
        ),
    )  # fmt: skip
    record = s.reviews.get(a).record  # "Old name" renamed in the case record: its details kept
    s.reviews.update_record(a, replace(record, children=(Child("Child A"), Child("Sibling 1"))))
    s.case_details.save_details(b, CaseDetails(IncidentKind.DEATH))
    details = s.case_details.all_details()
    live = set(s.dashboard.compute(ALL).reviews.review_ids)
    details = {i: v for i, v in details.items() if i in live}
    checked = 0
    for dim in DIMENSIONS:
        wheres = [None] + [
            (w, value) for w in DIMENSIONS for value in ["", *(v.value for v in vocabulary(w))]
        ]
        for where in wheres:
            bulk = s.case_details.figures(ALL, dim, where)
            one_by_one = case_figures(details, dim, where)
            assert bulk == one_by_one, (dim, where)
            checked += sum(f.count for f in bulk)
    assert checked > 0
    sex = {f.label: f.count for f in s.case_details.figures(ALL, "sex")}
    # A (Child A female, the kept "Old name" male, Sibling 1 none kept), D (none kept), and
    # B, C and F (no children): not recorded for all five.
    assert (sex["Female"], sex["Male"], sex[NOT_RECORDED]) == (1, 1, 5)
    assert "first_language" in CHILD_FIELDS and "first_language" not in DIMENSIONS
