"""A small fictional library with known figures, for the dashboard and learning-report tests.

Six reviews, built through the services. The period under test is the financial year
1 April 2025 to 31 March 2026, "today" is 28 November 2026.

    ref       type           stage       period date (rule)              in FY 25-26?
    AUD-F     audit          setup       2025-12-15 (created; no dates)  yes
    LCSPR-A   LCSPR          analysis    2025-06-10 (notification)       yes (not by incident)
    RR-B      rapid review   reflection  2026-02-01 (incident)           yes
    LCSPR-C   LCSPR          published   2025-04-01 (notification)       yes (first day; archived)
    LCSPR-D   LCSPR          analysis    2026-04-01 (notification)       no (the day after)
    SA-E      single agency  analysis    2025-09-01 (notification)       no (in the Trash)

Ratings (contributor: theme -> relevance), findings and actions are in :func:`build` and the
hand-worked figures in tests/services/test_dashboard.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from reviewdesk.domain.analysis import Action, ActionStatus, Finding, Recommendation
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.review import CaseRecord, KeyDates, Relevance, ReviewStatus, ReviewType
from reviewdesk.services.bundle import Services
from reviewdesk.store.engine import open_memory_store

TODAY = date(2026, 11, 28)
FY = Period(date(2025, 4, 1), date(2026, 3, 31))
REAL_NAME = "Jessamy Quillfeather"  # a fictional "real" name in review A's name key
PSEUDONYM = "Child A"
CONTRIBUTOR_NAME = "Pemberton Vale"  # contributors appear by role, never by name
PRIVATE_CANARY = "PRIVATE-NOTE-CANARY-7731"
S, SOME, NOT = Relevance.SIGNIFICANT, Relevance.SOME, Relevance.NOT_RELEVANT


@dataclass
class Clock:
    now: datetime = datetime(2025, 12, 15, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Library:
    services: Services
    clock: Clock
    ids: dict[str, int] = field(default_factory=dict)


def _review(s: Services, ref: str, kind: ReviewType, status: ReviewStatus, **dates) -> int:
    record = CaseRecord(
        reference=ref,
        title=f"Review {ref} (fictional)",
        review_type=kind,
        status=status,
        dates=KeyDates(**dates),
    )
    return s.reviews.create(record).id


def _rate(
    s: Services,
    review_id: int,
    role: str,
    ratings: dict[str, Relevance],
    learning: dict[str, str] | None = None,
):  # type: ignore[no-untyped-def]
    who = s.reviews.add_contributor(review_id, CONTRIBUTOR_NAME, role, "Health visiting")
    for theme_id, relevance in ratings.items():
        if theme_id == "identity" and relevance is NOT:
            # Version 2 asks what was considered before the theme is marked not relevant.
            s.reviews.save_answer(
                who.id, "identity-considered", "We considered language and faith; none arose."
            )
        s.reviews.save_assessment(who.id, theme_id, relevance, (learning or {}).get(theme_id, ""))
    return who


def build(services: Services | None = None, clock: Clock | None = None) -> Library:
    clock = clock or Clock()
    s = services or Services.over(open_memory_store(), who="tester", clock=clock)
    lib = Library(s, clock)
    ids = lib.ids
    # F first, while the clock says 15 December 2025: its only date is when it was created.
    ids["AUD-F"] = _review(s, "AUD-F", ReviewType.MULTI_AGENCY_AUDIT, ReviewStatus.SETUP)
    clock.now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    a = ids["LCSPR-A"] = _review(
        s,
        "LCSPR-A",
        ReviewType.LCSPR,
        ReviewStatus.ANALYSIS,
        incident=date(2025, 3, 1),
        notification=date(2025, 6, 10),
    )
    c1 = _rate(
        s,
        a,
        "Health visitor",
        {"critical-thinking": S, "whole-family": SOME},
        {"critical-thinking": f"{REAL_NAME} was seen rarely; the first explanation stuck."},
    )
    s.reviews.save_private_note(c1.id, PRIVATE_CANARY, "critical-thinking")
    _rate(
        s,
        a,
        "Social worker",
        {"critical-thinking": SOME, "whole-family": S, "babies": SOME},
        {"whole-family": "The mother's partner was never assessed."},
    )
    s.names.add(a, REAL_NAME, PSEUDONYM)
    f1 = s.findings.add_finding(
        a,
        Finding(
            "", "Hypotheses were not re-tested.", theme_ids=("critical-thinking", "whole-family")
        ),
    )
    s.findings.add_finding(
        a,
        Finding("", f"Safer sleep advice did not reach {REAL_NAME}'s home.", theme_ids=("babies",)),
    )
    f3 = s.findings.add_finding(
        a, Finding("", "A finding later withdrawn.", theme_ids=("critical-thinking",))
    )
    r1 = s.findings.add_recommendation(
        a,
        Recommendation(
            "", "Reflective supervision for every open case.", finding_ids=(f1.id, f3.id)
        ),
    )
    s.findings.delete_finding(f3.id, confirm=True)  # cited by R1: kept as removed
    s.actions.add_action(
        a,
        Action(
            "Audit supervision records.",
            due=date(2026, 1, 1),
            recommendation_id=r1.id,
            owner_agency="Children's social care",
        ),
    )
    s.actions.add_action(
        a,
        Action(
            "Train team managers.",
            due=date(2027, 1, 1),
            status=ActionStatus.IN_PROGRESS,
            recommendation_id=r1.id,
        ),
    )
    s.actions.add_action(
        a,
        Action(
            "Update the supervision policy.",
            due=date(2025, 12, 1),
            status=ActionStatus.COMPLETE,
            recommendation_id=r1.id,
            impact_evidence="Audit in October: 9 of 10 files show reflection.",
        ),
    )

    b = ids["RR-B"] = _review(
        s, "RR-B", ReviewType.RAPID_REVIEW, ReviewStatus.REFLECTION, incident=date(2026, 2, 1)
    )
    _rate(s, b, "Police officer", {"critical-thinking": S, "domestic-abuse": S})
    s.findings.add_finding(
        b,
        Finding(
            "",
            "Police call-outs did not reach the school.",
            theme_ids=("domestic-abuse", "critical-thinking"),
        ),
    )
    s.actions.add_action(
        b,
        Action(
            "Share call-outs with schools.", due=date(2026, 11, 27), status=ActionStatus.IN_PROGRESS
        ),
    )

    c = ids["LCSPR-C"] = _review(
        s,
        "LCSPR-C",
        ReviewType.LCSPR,
        ReviewStatus.PUBLISHED,
        notification=date(2025, 4, 1),
        publication=date(2025, 11, 1),
    )
    _rate(s, c, "Midwife", {"babies": S, "identity": NOT})
    s.reviews.archive(c)

    d = ids["LCSPR-D"] = _review(
        s, "LCSPR-D", ReviewType.LCSPR, ReviewStatus.ANALYSIS, notification=date(2026, 4, 1)
    )
    _rate(s, d, "GP", {"critical-thinking": S})
    s.findings.add_finding(d, Finding("", "Outside the period.", theme_ids=("critical-thinking",)))
    s.actions.add_action(d, Action("Outside the period.", due=date(2026, 5, 1)))

    e = ids["SA-E"] = _review(
        s, "SA-E", ReviewType.SINGLE_AGENCY, ReviewStatus.ANALYSIS, notification=date(2025, 9, 1)
    )
    _rate(s, e, "Teacher", {"critical-thinking": S, "outside-family": S})
    s.findings.add_finding(e, Finding("", "In the Trash.", theme_ids=("outside-family",)))
    s.actions.add_action(e, Action("In the Trash.", due=date(2026, 1, 1)))
    s.reviews.delete(e)
    return lib
