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


def test_the_window_figures_on_either_engine(any_services) -> None:  # type: ignore[no-untyped-def]
    """What the dashboard window reads in its one task (the period found by the database, the
    ratings, findings and actions grouped with their review ids joined by the database:
    group_concat on SQLite, string_agg on PostgreSQL), on each engine, over All time
    (``pytest --engine postgresql`` or ``both``)."""
    from datetime import date

    from reviewdesk.domain.analysis import Action, ActionStatus, Finding
    from reviewdesk.domain.review import Relevance, ReviewStatus, ReviewType
    from tests.learning_fixture import _rate, _review

    s = any_services
    S, SOME = Relevance.SIGNIFICANT, Relevance.SOME
    a = _review(s, "A-1", ReviewType.LCSPR, ReviewStatus.ANALYSIS, notification=date(2025, 6, 1))
    b = _review(s, "B-2", ReviewType.RAPID_REVIEW, ReviewStatus.SETUP, incident=date(2026, 2, 1))
    c = _review(s, "C-3", ReviewType.LCSPR, ReviewStatus.PUBLISHED, notification=date(2024, 4, 1))
    gone = _review(s, "D-4", ReviewType.LCSPR, ReviewStatus.SETUP)
    _rate(s, a, "Health visitor", {"critical-thinking": S, "babies": SOME})
    _rate(s, a, "Social worker", {"critical-thinking": SOME, "whole-family": S})
    _rate(s, b, "Police officer", {"critical-thinking": S, "babies": SOME})
    _rate(s, c, "Midwife", {"babies": S})
    _rate(s, gone, "GP", {"babies": S})
    for review_id, themes in ((a, ("critical-thinking", "babies")), (a, ("babies",)), (b, ())):
        s.findings.add_finding(review_id, Finding("", "A finding.", theme_ids=themes))
    s.actions.add_action(a, Action("Overdue.", due=date(2020, 1, 1)))
    s.actions.add_action(a, Action("Done.", due=date(2020, 1, 1), status=ActionStatus.COMPLETE))
    s.actions.add_action(c, Action("Later.", due=date(2099, 1, 1)))
    s.case_details.save_details(b, CaseDetails(IncidentKind.DEATH))
    s.reviews.archive(c)
    s.reviews.delete(gone)

    shown = s.dashboard.compute_for_window(ALL)
    d = shown.dashboard
    assert set(d.reviews.review_ids) == {a, b, c} == set(shown.lines) == shown.cases.reviews
    significant = {t.theme_id: set(t.significant.review_ids) for t in d.themes}
    some = {t.theme_id: set(t.some.review_ids) for t in d.themes}
    rated = {t.theme_id: set(t.rated.review_ids) for t in d.themes if t.rated}
    assert significant["critical-thinking"] == {a, b} and some["critical-thinking"] == set()
    assert significant["babies"] == {c} and some["babies"] == {a, b}  # D is in the Trash
    assert significant["whole-family"] == {a} and rated["babies"] == {a, b, c}
    findings = {t.theme_id: (t.findings.count, set(t.findings.review_ids)) for t in d.themes}
    assert findings["babies"] == (2, {a}) and findings["critical-thinking"] == (1, {a})
    assert (d.actions.count, set(d.actions.review_ids)) == (3, {a, c})
    assert (d.overdue.count, d.overdue.review_ids) == (1, (a,))
    incident = {f.label: f.review_ids for f in shown.cases.figures("incident")}
    assert incident["Death"] == (b,) and set(incident["Not recorded"]) == {a, c}
    assert shown.lines[c].archived and shown.lines[c].reference == "C-3"
    # Any period: the window's one read finds the period's reviews once and hands their ids to
    # its other selects (issue 20). Its figures and case groups must be those worked out with
    # the period rule in every select (compute, case_groups_in), and its reviews those the
    # yearly report's Python rule places in the period.
    from reviewdesk.services.dashboard import case_groups_in, with_reviews

    periods = [
        Period(date(2025, 4, 1), date(2026, 3, 31)),  # A notified, B's incident
        Period(date(2024, 4, 1), date(2025, 3, 31)),  # C notified
        Period(date(2026, 1, 1), date(2026, 2, 28)),  # B only
        Period(date(2019, 12, 1), date(2020, 1, 31)),  # A's actions falling due
        Period(date(2024, 1, 1), date(2026, 12, 31), (ReviewType.LCSPR,)),  # not B, not D
        Period(date(2030, 1, 1), date(2030, 12, 31)),  # nothing happened
    ]
    seen = []
    for period in periods:
        shown = s.dashboard.compute_for_window(period)
        assert shown.dashboard == s.dashboard.compute(period), period.label
        with s.store.read() as session:
            by_rule = case_groups_in(session, period)
            by_python = with_reviews(session, period).review_ids
        assert shown.cases == by_rule, period.label
        assert set(shown.dashboard.reviews.review_ids) == by_python == set(shown.lines)
        seen.append(set(shown.dashboard.reviews.review_ids))
    assert seen == [{a, b}, {c}, {b}, {a}, {a, c}, set()]  # worked out by hand from above
