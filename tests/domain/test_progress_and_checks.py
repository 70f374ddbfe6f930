from __future__ import annotations

from dataclasses import replace
from datetime import date

from reviewdesk.domain.case_checks import check_case_record
from reviewdesk.domain.progress import Progress, ThemeState, contributor_progress, theme_progress
from reviewdesk.domain.review import CaseRecord, Child, KeyDates


def test_theme_states() -> None:
    ids = ["a", "b", "c"]
    assert theme_progress("t", ids, [], None).state is ThemeState.NOT_STARTED
    assert theme_progress("t", ids, ["a"], None).state is ThemeState.IN_PROGRESS
    assert theme_progress("t", ids, ["a", "b", "c"], None).state is ThemeState.IN_PROGRESS
    assert theme_progress("t", ids, ["a", "b", "c"], "some").state is ThemeState.COMPLETE
    assert theme_progress("t", ids, [], "not_relevant").state is ThemeState.NOT_RELEVANT
    assert theme_progress("t", ids, ["a", "x"], None).progress == Progress(1, 3)


def test_contributor_progress_sums_themes() -> None:
    total, per_theme = contributor_progress(
        {"t1": ["a", "b"], "t2": ["c", "d", "e"]}, ["a", "c", "d"], {"t1": "significant"}
    )
    assert total == Progress(3, 5)
    assert [tp.progress for tp in per_theme] == [Progress(1, 2), Progress(2, 3)]
    assert total.percent == 60
    assert str(total) == "3 of 5"
    assert Progress(0, 0).fraction == 0.0


def _record(**changes) -> CaseRecord:
    base = CaseRecord(reference="R-1", title="Child A", children=(Child("Child A", "2"),))
    return replace(base, **changes)


def test_missing_reference_and_title_are_problems() -> None:
    checks = check_case_record(_record(reference=" ", title=""))
    assert not checks.ok
    assert set(checks.problems) == {"reference", "title"}


def test_notification_before_incident_is_questioned_not_refused() -> None:
    checks = check_case_record(
        _record(dates=KeyDates(incident=date(2026, 3, 5), notification=date(2026, 3, 1))),
        today=date(2026, 11, 1),
    )
    assert checks.ok
    assert "notification" in checks.cautions
    assert "before the incident" in checks.cautions["notification"]


def test_scope_ending_before_it_starts_is_a_problem() -> None:
    checks = check_case_record(_record(scope_start=date(2026, 1, 1), scope_end=date(2025, 1, 1)))
    assert "scope" in checks.problems


def test_future_dates_and_missing_children_are_cautions() -> None:
    checks = check_case_record(
        _record(children=(), dates=KeyDates(incident=date(2030, 1, 1))), today=date(2026, 1, 1)
    )
    assert checks.ok
    assert {"incident", "children"} <= set(checks.cautions)


def test_blank_pseudonym_and_bad_reference_characters() -> None:
    checks = check_case_record(_record(reference="A<>B", children=(Child(" "),)))
    assert {"reference", "children[0]"} <= set(checks.problems)
