"""The theme dashboard's figures against a small library worked out by hand
(tests/learning_fixture.py describes it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from reviewdesk.domain.analysis import review_period_date
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import ReviewType
from tests.learning_fixture import FY, TODAY, build


@pytest.fixture(scope="module")
def lib():
    library = build()
    yield library
    library.services.close()


def test_the_period_rule_notification_then_incident_then_created() -> None:
    n, i = date(2025, 6, 10), date(2025, 3, 1)
    created = datetime(2025, 12, 15, 23, 30, tzinfo=UTC)
    assert review_period_date(n, i, created) == n
    assert review_period_date(None, i, created) == i
    assert review_period_date(None, None, created) == date(2025, 12, 15)
    # A datetime is taken as its UTC date (as the library stores it): 00:30 in UTC+1 on the
    # 16th is 23:30 UTC on the 15th.
    bst = datetime(2025, 12, 16, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert review_period_date(None, None, bst) == date(2025, 12, 15)
    assert review_period_date(None, None, date(2024, 1, 2)) == date(2024, 1, 2)


def test_quick_periods() -> None:
    assert Period.financial_year(date(2026, 3, 31)) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert Period.financial_year(date(2026, 4, 1)) == Period(date(2026, 4, 1), date(2027, 3, 31))
    assert Period.last_12_months(date(2026, 11, 28)) == Period(
        date(2025, 11, 29), date(2026, 11, 28)
    )
    assert Period.last_12_months(date(2028, 2, 29)).date_from == date(2027, 3, 1)
    assert Period.all_time(TODAY).contains(date(1990, 1, 1))
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        Period(date(2026, 1, 2), date(2026, 1, 1))


def test_reviews_by_type_and_stage(lib) -> None:
    d = lib.services.dashboard.compute(FY)
    ids = lib.ids
    # In the period: F (created 15 Dec 2025), A (notified 10 Jun 2025: its March incident does
    # not count), B (incident 1 Feb 2026, no notification), C (notified 1 Apr 2025, the first
    # day; archived but counted). Out: D (notified 1 Apr 2026, a day late), E (in the Trash).
    assert d.today == TODAY
    assert d.reviews.count == 4
    assert set(d.reviews.review_ids) == {ids["AUD-F"], ids["LCSPR-A"], ids["RR-B"], ids["LCSPR-C"]}
    # Types: LCSPR = A and C (2); rapid review = B (1); audit = F (1). No others shown.
    by_type = {f.key: (f.count, set(f.review_ids)) for f in d.by_type}
    assert by_type == {
        "type:lcspr": (2, {ids["LCSPR-A"], ids["LCSPR-C"]}),
        "type:rapid_review": (1, {ids["RR-B"]}),
        "type:multi_agency_audit": (1, {ids["AUD-F"]}),
    }
    # Stages, every one shown in order: F setup, B reflection, A analysis, C published, none
    # closed.
    assert [(f.key, f.count) for f in d.by_status] == [
        ("status:setup", 1),
        ("status:reflection", 1),
        ("status:analysis", 1),
        ("status:published", 1),
        ("status:closed", 0),
    ]
    assert d.figure("status:published").review_ids == (ids["LCSPR-C"],)


def test_theme_ratings_findings_and_shares(lib) -> None:
    d = lib.services.dashboard.compute(FY)
    ids = lib.ids
    a, b, c = ids["LCSPR-A"], ids["RR-B"], ids["LCSPR-C"]
    themes = {t.theme_id: t for t in d.themes}
    assert list(themes) == [
        "critical-thinking", "whole-family", "identity", "babies", "domestic-abuse",
        "outside-family",
    ]  # fmt: skip
    assert themes["babies"].title.startswith("Recognising and responding to the vulnerability")
    # Critical thinking: A (health visitor: significant; social worker: some -> highest is
    # significant) and B (police: significant) -> 2 significant, 0 "some". D and E rated it
    # significant too but are out of the period. Share: 2 of 4 reviews = 50%.
    # Findings: A's F1 (critical thinking + whole family) and B's F1 (domestic abuse + critical
    # thinking) = 2; A's F3 was removed (kept only because R1 cites it), so not counted.
    ct = themes["critical-thinking"]
    assert (ct.significant.count, ct.some.count, ct.findings.count) == (2, 0, 2)
    assert ct.significant.review_ids == tuple(sorted((a, b)))
    assert ct.findings.review_ids == tuple(sorted((a, b)))
    assert ct.share(d.reviews.count) == 50
    # Whole family: A (health visitor some, social worker significant) -> 1 significant;
    # findings: A's F1 -> 1. Share 1/4 = 25%.
    wf = themes["whole-family"]
    assert (wf.significant.count, wf.some.count, wf.findings.count) == (1, 0, 1)
    assert wf.share(d.reviews.count) == 25
    # Identity: only C's midwife rated it, "not relevant" -> nothing.
    ident = themes["identity"]
    assert (ident.significant.count, ident.some.count, ident.findings.count) == (0, 0, 0)
    # Babies: C significant (midwife); A "some" (social worker; nobody in A said significant);
    # findings: A's F2 -> 1.
    babies = themes["babies"]
    assert (babies.significant.count, babies.some.count, babies.findings.count) == (1, 1, 1)
    assert babies.significant.review_ids == (c,) and babies.some.review_ids == (a,)
    # Domestic abuse: B significant; B's F1 -> 1 finding.
    da = themes["domestic-abuse"]
    assert (da.significant.count, da.some.count, da.findings.count) == (1, 0, 1)
    # Outside the family: only E (in the Trash) rated it or had a finding -> 0.
    of = themes["outside-family"]
    assert (of.significant.count, of.some.count, of.findings.count) == (0, 0, 0)


def test_actions_by_status_and_overdue(lib) -> None:
    d = lib.services.dashboard.compute(FY)
    a, b = lib.ids["LCSPR-A"], lib.ids["RR-B"]
    # A: audit (not started, due 1 Jan 2026: overdue), training (in progress, due 2027: not),
    # policy (complete, due 1 Dec 2025: complete, so not overdue). B: sharing (in progress, due
    # 27 Nov 2026, the day before "today": overdue). D's and E's actions are out.
    assert d.actions.count == 4
    assert [(f.key, f.count) for f in d.actions_by_status] == [
        ("action:not_started", 1),
        ("action:in_progress", 2),
        ("action:complete", 1),
    ]
    assert d.figure("action:in_progress").review_ids == tuple(sorted((a, b)))
    assert d.overdue.count == 2
    assert d.overdue.review_ids == tuple(sorted((a, b)))


def test_review_type_filter(lib) -> None:
    d = lib.services.dashboard.compute(Period(FY.date_from, FY.date_to, (ReviewType.LCSPR,)))
    # LCSPRs in the period: A and C. Critical thinking significant: A only; babies: C
    # significant, A some. Actions: A's three, one overdue.
    assert d.reviews.count == 2
    themes = {t.theme_id: t for t in d.themes}
    assert themes["critical-thinking"].significant.count == 1
    assert (themes["babies"].significant.count, themes["babies"].some.count) == (1, 1)
    assert (d.actions.count, d.overdue.count) == (3, 1)


def test_next_year_and_an_empty_period(lib) -> None:
    d = lib.services.dashboard.compute(Period(date(2026, 4, 1), date(2027, 3, 31)))
    # A review is in the period by what happened in it then (the yearly report's rule):
    # A (training due 1 Jan 2027; the policy action marked complete when it was added, on
    # 28 Nov 2026), B (sharing due 27 Nov 2026) and D (notified 1 Apr 2026). Not C (notified and
    # published in 2025) nor F (its only date, 15 Dec 2025).
    ids = lib.ids
    assert d.reviews.review_ids == tuple(sorted((ids["LCSPR-A"], ids["RR-B"], ids["LCSPR-D"])))
    # Critical thinking: significant in A, B and D; findings A's F1, B's and D's (A's removed
    # one left out). Actions: A's three, B's one, D's one; overdue on 28 Nov 2026: A's audit
    # (due 1 Jan 2026), B's sharing (27 Nov 2026) and D's (1 May 2026).
    ct = d.themes[0]
    assert (ct.significant.count, ct.findings.count, ct.share(3)) == (3, 3, 100)
    assert (d.actions.count, d.overdue.count) == (5, 3)
    empty = lib.services.dashboard.compute(Period(date(2010, 1, 1), date(2010, 12, 31)))
    assert empty.is_empty and len(empty.themes) == 6
    assert all(f.count == 0 for f in empty.all_figures())
