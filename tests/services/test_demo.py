"""The demo review (issue 18, point 8): its clocks stand the same way relative to today whenever
it is added (two frozen todays, six months apart), its words move with its dates, its stage
matches its progress, its decision log and the family's voice are there."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from reviewdesk.domain.clocks import StepKind
from reviewdesk.domain.decisions import DecisionKind, Outcome, PanelResponse
from reviewdesk.domain.review import ReviewStatus
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF

WRITTEN_FOR = date(2026, 8, 3)  # a Monday
LATER = date(2027, 2, 8)  # 27 weeks on, another Monday


def _library(root: Path, today: date):  # type: ignore[no-untyped-def]
    now = datetime.combine(today, time(12), tzinfo=UTC)
    return open_services(resolve_paths(root), kdf=FAST_TEST_KDF, clock=lambda: now)


@pytest.fixture(autouse=True)
def _dated_by_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVIEWDESK_DEMO_DATE", raising=False)  # the library's today, as in use


def _seen(root: Path, today: date):  # type: ignore[no-untyped-def]
    services = _library(root, today)
    try:
        demo, _ = services.exchange.add_demo()
        steps = services.clocks.for_review(demo.id)
        document = services.reviews.get(demo.id)
        entries = services.exports.input_for(demo.id).chronology
        decisions = services.decisions.decisions(demo.id)
        return steps, document, entries, decisions
    finally:
        services.close()


def test_the_demos_clocks_look_the_same_relative_to_today(tmp_path: Path) -> None:
    first, doc_a, entries_a, _ = _seen(tmp_path / "a", WRITTEN_FOR)
    second, doc_b, entries_b, _ = _seen(tmp_path / "b", LATER)
    assert [(s.kind, s.step, s.overdue) for s in first] == [
        (s.kind, s.step, s.overdue) for s in second
    ]
    for a, b in zip(first, second, strict=True):
        # The same number of days ahead (a final report counted in months may land a few days
        # apart), and the same working days within a bank holiday or two.
        assert abs((a.due_date - WRITTEN_FOR).days - (b.due_date - LATER).days) <= 3
        assert abs(a.working_days_left - b.working_days_left) <= 3
    assert not any(s.overdue for s in first)  # nothing looks stale the day it is added
    assert first[0].working_days_left < 25  # something is due soon: the clocks have work
    final = next(s for s in second if s.kind is StepKind.FINAL_REPORT)
    assert 0 < final.working_days_left <= 30
    # The whole story moved by whole weeks: the incident is still a Saturday, 25 weeks back.
    incident_a, incident_b = doc_a.record.dates.incident, doc_b.record.dates.incident
    assert incident_a == date(2026, 2, 14) and (incident_b - incident_a).days == 27 * 7
    assert incident_b.weekday() == 5
    assert len(entries_a) == len(entries_b)


def test_the_words_move_with_the_dates(tmp_path: Path) -> None:
    _steps, document, entries, _ = _seen(tmp_path, LATER)
    bruise = next(e for e in entries if e.what_happened.startswith("Visit brought forward"))
    assert bruise.when == date(2026, 1, 12) + (LATER - WRITTEN_FOR)
    said = f"{bruise.when.day} {bruise.when:%B}"
    answers = [a for c in document.contributors for a in c.answers]
    seen = next(a for a in answers if a.prompt_id == "babies-seen")
    assert f"and {said}." in seen.text  # "I saw Child D at home on ... and 20 July."
    assert f"{bruise.when:%d/%m/%Y}" in seen.evidence
    assert "12 January" not in seen.text and "Christmas" not in " ".join(a.text for a in answers)


def test_stage_decision_log_and_family_voice(tmp_path: Path) -> None:
    steps, document, entries, decisions = _seen(tmp_path, WRITTEN_FOR)
    assert document.record.status is ReviewStatus.ANALYSIS  # findings and actions drafted
    (decision,) = decisions
    assert decision.kind is DecisionKind.RAPID_REVIEW and decision.outcome is Outcome.LOCAL_REVIEW
    assert decision.panel_response is PanelResponse.AGREED
    family = [e for e in entries if e.agency == "Family (told to the review)"]
    assert len(family) == 3 and any("Maternal grandmother" in e.what_happened for e in family)
    assert {s.kind for s in steps} == {StepKind.FINAL_REPORT, StepKind.ACTION}
