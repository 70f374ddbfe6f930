"""The review lead's services: CRUD with validation, links kept consistent, cited items kept as
removed, sorted and filtered reads, overdue from an injectable clock, and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from reviewdesk.domain.analysis import (
    Action,
    ActionStatus,
    ChronologyEntry,
    DatePrecision,
    EvidenceKind,
    EvidenceLink,
    Finding,
    FindingKind,
    PracticeEpisode,
    Recommendation,
)
from reviewdesk.domain.errors import NotFoundError, StillCitedError, ValidationError
from reviewdesk.services.bundle import Services
from reviewdesk.store.engine import open_memory_store


@pytest.fixture
def lead(record):
    clock = lambda: datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # noqa: E731
    services = Services.over(open_memory_store(), who="tester", clock=clock)
    review = services.reviews.create(record)
    yield services, review.id
    services.close()


def entry(day: date, what: str, agency: str = "Police", **kw) -> ChronologyEntry:
    return ChronologyEntry(day, what, agency, **kw)


def test_chronology_is_sorted_by_date_and_filtered_by_agency_and_theme(lead) -> None:
    s, rid = lead
    s.chronology.add_entry(
        rid, entry(date(2025, 11, 22), "Call-out", theme_ids=("domestic-abuse",))
    )
    s.chronology.add_entry(rid, entry(date(2025, 7, 22), "New birth visit", "Health visiting"))
    s.chronology.add_entry(
        rid,
        entry(date(2025, 9, 17), "Visits in September", "Health visiting",
              precision=DatePrecision.MONTH, theme_ids=("babies", "domestic-abuse")),
    )  # fmt: skip
    whole = s.chronology.entries(rid)
    assert [e.what_happened for e in whole] == [
        "New birth visit",
        "Visits in September",
        "Call-out",
    ]
    assert whole[1].when == date(2025, 9, 1) and whole[1].date_label == "September 2025"
    assert [e.what_happened for e in s.chronology.entries(rid, agency="health VISITING")] == [
        "New birth visit",
        "Visits in September",
    ]
    by_theme = s.chronology.entries(rid, theme_id="domestic-abuse")
    assert [e.what_happened for e in by_theme] == ["Visits in September", "Call-out"]
    assert by_theme[0].theme_ids == ("babies", "domestic-abuse")  # the framework's order
    assert "Health visiting" in s.chronology.agencies(rid)


def test_entries_are_validated_with_kind_messages(lead) -> None:
    s, rid = lead
    with pytest.raises(ValidationError, match="what happened") as err:
        s.chronology.add_entry(rid, entry(date(2025, 1, 1), "   "))
    assert "what_happened" in err.value.problems
    with pytest.raises(ValidationError, match="no theme called 'nope'"):
        s.chronology.add_entry(rid, entry(date(2025, 1, 1), "x", theme_ids=("nope",)))
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        s.chronology.add_entry(rid, entry(date(1066, 10, 14), "x"))
    with pytest.raises(ValidationError, match="up to 120"):
        s.chronology.add_entry(rid, entry(date(2025, 1, 1), "x", agency="A" * 121))
    with pytest.raises(NotFoundError):
        s.chronology.edit_entry(999, entry(date(2025, 1, 1), "x"))
    assert s.chronology.entries(rid) == []


def _chain(s, rid):  # type: ignore[no-untyped-def]
    e1 = s.chronology.add_entry(rid, entry(date(2025, 11, 22), "Call-out", significant=True))
    e2 = s.chronology.add_entry(rid, entry(date(2026, 1, 12), "Bruise seen", "Health visiting"))
    c = s.reviews.add_contributor(rid, "Ann Example", "Health visitor", "Community Health")
    ep = s.findings.add_episode(
        rid,
        PracticeEpisode("The strategy discussion", date(2026, 1, 12), date(2026, 1, 13),
                        contributory_factors=("Held by phone", " "), entry_ids=(e2.id,),
                        theme_ids=("babies",)),
    )  # fmt: skip
    f = s.findings.add_finding(
        rid,
        Finding("", "Information arrives late.", FindingKind.IMPROVEMENT, ("domestic-abuse",),
                "How do we share it?",
                links=(EvidenceLink(EvidenceKind.ENTRY, e1.id),
                       EvidenceLink(EvidenceKind.EPISODE, ep.id),
                       EvidenceLink(EvidenceKind.ANSWER, c.id, "babies-seen"))),
    )  # fmt: skip
    r = s.findings.add_recommendation(rid, Recommendation("", "Share it.", finding_ids=(f.id,)))
    a = s.actions.add_action(
        rid,
        Action("Add HV to the distribution", owner_agency="Police", due=date(2026, 6, 30),
               recommendation_id=r.id, how_we_will_know="Audit"),
    )  # fmt: skip
    return SimpleNamespace(e1=e1, e2=e2, c=c, ep=ep, f=f, r=r, a=a)


def test_the_chain_from_entry_to_action_is_linked_and_numbered(lead) -> None:
    s, rid = lead
    ch = _chain(s, rid)
    e2, c, ep, f, r, a = ch.e2, ch.c, ch.ep, ch.f, ch.r, ch.a
    assert ep.contributory_factors == ("Held by phone",) and ep.entry_ids == (e2.id,)
    assert f.ref == "F1" and r.ref == "R1" and r.finding_refs == ("F1",)
    assert [link.kind for link in f.links] == [
        EvidenceKind.ENTRY, EvidenceKind.EPISODE, EvidenceKind.ANSWER
    ]  # fmt: skip
    assert f.evidence[0] == "Chronology entry: 22 Nov 2025, Police: Call-out"
    assert "Health visitor, Community Health, answering:" in f.evidence[2]
    assert "Ann Example" not in " ".join(f.evidence)  # by role, never by name
    assert a.recommendation_ref == "R1"
    second = s.findings.add_finding(rid, Finding("", "Second."))
    assert second.ref == "F2"
    edited = s.findings.edit_finding(f.id, replace(f, links=f.links[:1], kind="good_practice"))
    assert edited.kind is FindingKind.GOOD_PRACTICE and len(edited.links) == 1
    with pytest.raises(NotFoundError):
        s.findings.add_finding(
            rid, Finding("", "x", links=(EvidenceLink(EvidenceKind.ENTRY, 999),))
        )
    with pytest.raises(NotFoundError, match="prompt"):
        s.findings.add_finding(
            rid, Finding("", "x", links=(EvidenceLink(EvidenceKind.ANSWER, c.id, "nope"),))
        )
    with pytest.raises(ValidationError, match="end on or after"):
        s.findings.add_episode(rid, PracticeEpisode("x", date(2026, 2, 1), date(2026, 1, 1)))


def test_deleting_a_cited_entry_asks_first_then_keeps_it_as_removed(lead) -> None:
    s, rid = lead
    ch = _chain(s, rid)
    e1, e2 = ch.e1, ch.e2
    with pytest.raises(StillCitedError, match="finding F1") as err:
        s.chronology.delete_entry(e1.id)
    assert err.value.cited_by == ("finding F1",)
    assert len(s.chronology.entries(rid)) == 2  # nothing changed
    outcome = s.chronology.delete_entry(e1.id, confirm=True)
    assert outcome.what.value == "removed" and "finding F1" in outcome.message
    assert [e.id for e in s.chronology.entries(rid)] == [e2.id]
    assert s.chronology.entries(rid, include_removed=True)[0].removed_on == date(2026, 11, 28)
    finding = s.findings.analysis(rid).findings[0]
    assert finding.links[0].removed and "since removed" in finding.evidence[0]
    assert finding.statement == "Information arrives late."  # the citing text is intact
    # The export shows current entries only, and the finding still explains its evidence.
    source = s.exports.input_for(rid)
    assert [e.id for e in source.chronology] == [e2.id]
    assert "since removed" in source.findings[0].evidence[0]
    s.chronology.restore_entry(e1.id)
    assert len(s.chronology.entries(rid)) == 2
    # An entry nothing cites is erased at once.
    lone = s.chronology.add_entry(rid, entry(date(2025, 1, 1), "Lone"))
    assert s.chronology.delete_entry(lone.id).what.value == "deleted"
    assert lone.id not in [e.id for e in s.chronology.entries(rid, include_removed=True)]


def test_findings_and_recommendations_cited_are_kept_as_removed(lead) -> None:
    s, rid = lead
    ch = _chain(s, rid)
    e1, ep, f, r, a = ch.e1, ch.ep, ch.f, ch.r, ch.a
    with pytest.raises(StillCitedError, match="finding F1"):
        s.findings.delete_episode(ep.id)
    with pytest.raises(StillCitedError, match="recommendation R1"):
        s.findings.delete_finding(f.id)
    with pytest.raises(StillCitedError, match="1 action"):
        s.findings.delete_recommendation(r.id)
    assert s.findings.delete_recommendation(r.id, confirm=True).what.value == "removed"
    analysis = s.findings.analysis(rid)
    assert analysis.current_recommendations == ()
    assert analysis.actions[0].recommendation_ref == "R1"  # the action still says where from
    s.findings.restore_recommendation(r.id)
    s.actions.delete_action(a.id)
    assert s.findings.delete_recommendation(r.id).what.value == "deleted"
    assert s.findings.delete_finding(f.id).what.value == "deleted"
    assert s.findings.delete_episode(ep.id).what.value == "deleted"
    assert s.chronology.delete_entry(e1.id).what.value == "deleted"


def test_overdue_is_derived_from_the_injected_clock(lead) -> None:
    s, rid = lead
    late = s.actions.add_action(rid, Action("Late", due=date(2026, 9, 30)))
    done = s.actions.add_action(
        rid, Action("Done", due=date(2026, 6, 30), status=ActionStatus.COMPLETE)
    )
    s.actions.add_action(rid, Action("Later", due=date(2027, 1, 31)))
    s.actions.add_action(rid, Action("Whenever"))
    assert [a.description for a in s.actions.actions(rid)] == ["Done", "Late", "Later", "Whenever"]
    assert [a.id for a in s.actions.overdue(rid)] == [late.id]
    assert done.status_label(date(2026, 11, 28)) == "Complete"
    with_impact = s.actions.edit_action(late.id, replace(late, impact_evidence="Audit: 9 of 10"))
    assert with_impact.impact_recorded_on == date(2026, 11, 28)
    with pytest.raises(ValidationError, match="write the action"):
        s.actions.add_action(rid, Action(" "))
    with pytest.raises(ValidationError, match="not started, in progress or complete"):
        s.actions.add_action(rid, Action("x", status="done"))  # type: ignore[arg-type]


def test_answers_cite_chronology_entries(lead) -> None:
    s, rid = lead
    ch = _chain(s, rid)
    e1, e2, c = ch.e1, ch.e2, ch.c
    cited = s.chronology.set_citations(c.id, "babies-seen", [e2.id, e1.id, e2.id])
    assert [e.id for e in cited] == [e1.id, e2.id]  # date order, once each
    assert s.chronology.citations(c.id, "babies-injuries") == []
    assert "an answer by the Health visitor" in s.chronology.cited_by(e2.id)
    with pytest.raises(NotFoundError, match="prompt"):
        s.chronology.set_citations(c.id, "nope", [e1.id])
    with pytest.raises(NotFoundError):
        s.chronology.set_citations(c.id, "babies-seen", [999])
    assert len(s.chronology.citations(c.id, "babies-seen")) == 2


def test_a_page_of_citations_in_one_query_and_whether_there_is_a_chronology(lead) -> None:
    s, rid = lead
    assert not s.chronology.has_entries(rid)
    ch = _chain(s, rid)
    assert s.chronology.has_entries(rid)
    s.chronology.set_citations(ch.c.id, "babies-seen", [ch.e2.id, ch.e1.id])
    s.chronology.set_citations(ch.c.id, "babies-injuries", [ch.e2.id])
    page = s.chronology.citations_of(ch.c.id, ["babies-seen", "babies-injuries", "babies-sleep"])
    assert {p: [e.id for e in es] for p, es in page.items()} == {
        "babies-seen": [ch.e1.id, ch.e2.id],  # date order
        "babies-injuries": [ch.e2.id],
        "babies-sleep": [],
    }
    for e in s.chronology.entries(rid):  # removing every entry: no chronology to offer...
        s.chronology.delete_entry(e.id, confirm=True)
    assert not s.chronology.has_entries(rid)
    kept = s.chronology.citations(ch.c.id, "babies-seen")  # ...but citations keep them, marked
    assert [e.id for e in kept] == [ch.e1.id, ch.e2.id] and all(e.removed_on for e in kept)


def test_every_change_is_in_the_audit_trail_without_the_words(lead) -> None:
    s, rid = lead
    ch = _chain(s, rid)
    e1 = ch.e1
    s.chronology.delete_entry(e1.id, confirm=True)
    actions = [e.action for e in s.audit.entries()]
    for expected in ("chronology.added", "episode.added", "finding.added",
                     "recommendation.added", "action.added", "chronology.removed"):  # fmt: skip
        assert expected in actions
    removed = next(e for e in s.audit.entries() if e.action == "chronology.removed")
    assert removed.label == "Chronology entry removed (kept: it is cited)"
    assert removed.details == f"chronology entry {e1.id}"
    assert all("Call-out" not in e.details for e in s.audit.entries())
    assert s.audit.verify().ok


def test_a_review_in_the_trash_cannot_be_changed(lead) -> None:
    s, rid = lead
    s.reviews.delete(rid)
    with pytest.raises(NotFoundError, match="Trash"):
        s.chronology.add_entry(rid, entry(date(2025, 1, 1), "x"))


def test_the_health_check_looks_at_the_analysis(lead) -> None:
    s, rid = lead
    e = s.chronology.add_entry(rid, entry(date(2025, 1, 1), "x", theme_ids=("babies",)))
    assert not [f for f in s.integrity.run().problems if "analysis" in f]
    with s.store.write() as session:
        session.execute(
            text("UPDATE chronology_entry SET theme_ids = '[\"nope\"]' WHERE id = :id"),
            {"id": e.id},
        )
    problems = s.integrity.run().problems
    assert any(f"chronology entry {e.id}, theme 'nope'" in p for p in problems)
