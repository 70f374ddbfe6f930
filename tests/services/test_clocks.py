"""The working-day clocks through the services (issue 18): the demo's overdue final report, a
pack's return-by date until its contribution comes back, closure days, the partnership's months,
and archived reviews left out. "Today" is fixed at Monday 7 December 2026."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewdesk.domain.clocks import StepKind
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import KeyDates
from reviewdesk.paths import resolve_paths
from reviewdesk.services import Services, open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from tests.exchange_loop import reflect

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def at(root: Path, name: str) -> Services:
    return open_services(resolve_paths(root / name), kdf=FAST_TEST_KDF, clock=lambda: NOW)


@pytest.fixture
def lead(tmp_path: Path):  # type: ignore[no-untyped-def]
    services = at(tmp_path, "lead")
    yield services
    services.close()


def test_the_demo_shows_its_overdue_final_report_and_actions(lead: Services) -> None:
    demo, _ = lead.exchange.add_demo()
    steps = lead.clocks.for_review(demo.id)
    kinds = [(s.kind, s.due_date, s.overdue) for s in steps]
    assert (StepKind.FINAL_REPORT, date(2026, 9, 10), True) in kinds  # decided 10 March 2026
    # the demo's completed action (due 30 June) has no clock; the three others do
    assert [s.due_date for s in steps if s.kind is StepKind.ACTION] == [
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2027, 1, 31),
    ]
    assert lead.clocks.next_due_by_review()[demo.id].due_date == date(2026, 8, 31)
    soon = lead.clocks.due(within=10)
    assert date(2027, 1, 31) not in [s.due_date for s in soon]
    assert all(s.overdue or s.working_days_left <= 10 for s in soon)
    final = next(s for s in steps if s.kind is StepKind.FINAL_REPORT)
    assert final.working_days_left == -62 and final.when == "Overdue by 62 working days"


def test_the_partnerships_months_and_closure_days_move_the_clocks(lead: Services, record) -> None:  # type: ignore[no-untyped-def]
    record = replace(record, dates=KeyDates(incident=date(2026, 12, 3)))  # a Thursday
    summary = lead.reviews.create(record)
    (notify,) = lead.clocks.for_review(summary.id)
    assert (notify.kind, notify.due_date) == (StepKind.NOTIFY, date(2026, 12, 10))
    assert notify.working_days_left == 3
    lead.settings.set_closure_days([date(2026, 12, 9)])
    (notify,) = lead.clocks.for_review(summary.id)
    assert notify.due_date == date(2026, 12, 11)
    assert lead.settings.closure_days() == (date(2026, 12, 9),)

    demo, _ = lead.exchange.add_demo()
    lead.settings.set_final_report_months(9)
    final = next(s for s in lead.clocks.for_review(demo.id) if s.kind is StepKind.FINAL_REPORT)
    assert final.due_date == date(2026, 12, 10) and not final.overdue
    with pytest.raises(ValidationError, match="from 1 to 24 months"):
        lead.settings.set_final_report_months(0)
    assert lead.settings.final_report_months() == 9


def test_archived_reviews_have_no_clocks_in_the_lists(lead: Services) -> None:
    demo, _ = lead.exchange.add_demo()
    assert demo.id in lead.clocks.next_due_by_review()
    lead.reviews.archive(demo.id)
    assert lead.clocks.due() == []
    assert lead.clocks.for_review(demo.id)  # its own page still shows them


def test_a_packs_return_by_date_runs_until_its_contribution_comes_back(tmp_path: Path) -> None:
    lead, priya = at(tmp_path, "lead"), at(tmp_path, "priya")
    try:
        demo, _ = lead.exchange.add_demo()
        pack = tmp_path / "priya.rdpack"
        sent = lead.packs.make_pack(
            demo.id, "Priya Shah", pack, "a long shared passphrase", return_by=date(2026, 12, 18)
        )
        assert sent.return_by == date(2026, 12, 18)
        assert lead.packs.packs_sent(demo.id)[-1].return_by == date(2026, 12, 18)
        (back,) = [s for s in lead.clocks.due() if s.kind is StepKind.PACK_RETURN]
        assert back.step == "Contribution back from Priya Shah"
        assert back.working_days_left == 9 and not back.overdue

        opened = priya.imports.import_file(pack, "a long shared passphrase").review.id
        reflect(priya, opened, "The health visitor saw the baby sleeping safely.")
        returned = tmp_path / "priya.rdreturn"
        priya.contributions.write(opened, returned, "a long shared passphrase")
        lead.imports.import_file(returned, "a long shared passphrase")
        assert [s for s in lead.clocks.due() if s.kind is StepKind.PACK_RETURN] == []
    finally:
        lead.close()
        priya.close()


def test_a_missing_holiday_calendar_is_told_plainly_and_the_library_still_reads(
    lead: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewdesk.domain import clocks
    from reviewdesk.domain.errors import ReviewDeskError

    def broken() -> None:
        raise FileNotFoundError("locale/en_GB/LC_MESSAGES/GB.mo")

    monkeypatch.setattr(clocks, "england_and_wales_holidays", broken)
    lead.exchange.add_demo()
    with pytest.raises(ReviewDeskError, match="bank holidays could not be loaded"):
        lead.clocks.due()
    assert [r.reference for r in lead.reviews.list_reviews()] == ["DEMO-2026-01"]


def test_a_decision_of_no_local_review_stops_the_final_report_clock(lead: Services) -> None:
    from reviewdesk.domain.decisions import Decision, DecisionKind, Outcome, Partner

    demo, _ = lead.exchange.add_demo()
    kinds = lambda: [s.kind for s in lead.clocks.for_review(demo.id)]  # noqa: E731
    assert StepKind.FINAL_REPORT in kinds()
    lead.decisions.add_decision(
        demo.id,
        Decision(
            kind=DecisionKind.RAPID_REVIEW,
            decided_on=date(2026, 3, 10),
            outcome=Outcome.NO_LOCAL_REVIEW,
            reasons="The learning is being taken forward by the MASH audit.",
            partners=tuple(Partner),
        ),
    )
    assert StepKind.FINAL_REPORT not in kinds()
    assert StepKind.ACTION in kinds()  # the actions still have their clocks
