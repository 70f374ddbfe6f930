"""The day an action was marked complete (issue 18, point 6; migration 0012): set by the service
when the status becomes complete, kept when the action is changed later, corrected by the lead,
cleared when it is reopened, carried in the JSON exchange format, and the day the yearly report
counts "Action completed" on (it used the day the action was last changed)."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewdesk.domain.analysis import Action, ActionStatus
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.review import CaseRecord, KeyDates
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF

FY_2025 = Period(date(2025, 4, 1), date(2026, 3, 31))
FY_2026 = Period(date(2026, 4, 1), date(2027, 3, 31))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)

    def set(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def lead(tmp_path: Path, clock: Clock):  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(tmp_path / "lead"), kdf=FAST_TEST_KDF, clock=clock)
    yield services
    services.close()


def _review(lead):  # type: ignore[no-untyped-def]
    record = CaseRecord(
        "AC-2025-01",
        "Child R, Eastmere (fictional)",
        dates=KeyDates(incident=date(2025, 5, 1), notification=date(2025, 5, 2)),
    )
    return lead.reviews.create(record)


def _events(lead, period: Period, reference: str) -> tuple[str, ...] | None:  # type: ignore[no-untyped-def]
    report = lead.learning_report.build(period)
    return next((r.events for r in report.reviews if r.reference == reference), None)


def test_completed_on_is_set_kept_corrected_and_cleared(lead, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    review = _review(lead)
    action = lead.actions.add_action(review.id, Action("Brief every health visitor"))
    assert action.completed_on is None
    clock.set(date(2026, 3, 10))
    done = lead.actions.edit_action(action.id, replace(action, status=ActionStatus.COMPLETE))
    assert done.completed_on == date(2026, 3, 10)  # marked complete today
    clock.set(date(2027, 1, 5))  # a note added long after: the completion day stays
    later = lead.actions.edit_action(action.id, replace(done, how_we_will_know="An audit."))
    assert later.completed_on == date(2026, 3, 10)
    corrected = lead.actions.edit_action(action.id, replace(later, completed_on=date(2026, 2, 27)))
    assert corrected.completed_on == date(2026, 2, 27)  # the lead's correction
    reopened = lead.actions.edit_action(
        action.id, replace(corrected, status=ActionStatus.IN_PROGRESS)
    )
    assert reopened.completed_on is None
    assert lead.actions.actions(review.id)[0].completed_on is None


def test_the_yearly_report_counts_completion_in_the_year_it_happened(lead, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    review = _review(lead)  # notified 2 May 2025: financial year 2025/26
    action = lead.actions.add_action(review.id, Action("Brief every health visitor"))
    clock.set(date(2026, 3, 10))  # completed in 2025/26 ...
    done = lead.actions.edit_action(action.id, replace(action, status=ActionStatus.COMPLETE))
    clock.set(date(2027, 1, 5))  # ... and its wording tidied in 2026/27
    lead.actions.edit_action(action.id, replace(done, description="Brief every health visitor."))
    events = _events(lead, FY_2025, "AC-2025-01")
    assert events is not None and "Action completed" in events
    # Nothing happened in the review in 2026/27: a change of wording is not a completion.
    assert _events(lead, FY_2026, "AC-2025-01") is None


def test_the_json_exchange_carries_it_and_an_older_file_falls_back(lead, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    review = _review(lead)
    action = lead.actions.add_action(review.id, Action("Brief every health visitor"))
    clock.set(date(2026, 3, 10))
    done = lead.actions.edit_action(action.id, replace(action, status=ActionStatus.COMPLETE))
    clock.set(date(2026, 11, 20))
    lead.actions.edit_action(action.id, replace(done, completed_on=date(2026, 3, 2)))
    exported = lead.exchange.export_dict(review.id)
    [written] = exported["actions"]
    assert written["completed_on"] == "2026-03-02"

    copy_of = copy.deepcopy(exported)
    copy_of["review"]["reference"] = "AC-2025-02"
    copy_of["review"]["uid"] = "3a9f9d44-8d7e-4c55-9a55-0d4f39d1d001"
    copy_of["actions"][0]["uid"] = "3a9f9d44-8d7e-4c55-9a55-0d4f39d1d002"
    imported = lead.exchange.import_document(copy_of)
    assert lead.actions.actions(imported.id)[0].completed_on == date(2026, 3, 2)

    older = copy.deepcopy(copy_of)  # written before the field existed
    older["review"]["reference"] = "AC-2025-03"
    older["review"]["uid"] = "3a9f9d44-8d7e-4c55-9a55-0d4f39d1d003"
    older["actions"][0]["uid"] = "3a9f9d44-8d7e-4c55-9a55-0d4f39d1d004"
    del older["actions"][0]["completed_on"]
    imported = lead.exchange.import_document(older)
    assert lead.actions.actions(imported.id)[0].completed_on == date(2026, 11, 20)  # last change
