"""Opening a big library does not read the whole file (issue 20): the bounded probe on the open
path, the whole-file check weekly and after an unclean shutdown, in the background."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import reviewdesk.store.engine as engine
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.store.tables import utcnow


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every whole-file check run on the open path (True for integrity_check)."""
    ran: list[bool] = []
    real = engine.problems_of

    def recording(conn, *, full=False, limit=20):  # type: ignore[no-untyped-def]
        ran.append(full)
        return real(conn, full=full, limit=limit)

    monkeypatch.setattr(engine, "problems_of", recording)
    return ran


def test_a_big_library_opens_without_reading_the_whole_file(
    tmp_path: Path, checks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = resolve_paths(tmp_path / "data")
    open_services(data).close()  # made
    checks.clear()
    open_services(data).close()
    assert checks == [False]  # a small file: quick_check is quick, and still runs
    monkeypatch.setattr(engine, "QUICK_CHECK_UP_TO", 0)  # as if it held 10,000 reviews
    checks.clear()
    services = open_services(data)
    try:
        assert checks == []
        assert services.reviews.list_reviews() == []
    finally:
        services.close()


def test_the_whole_file_is_checked_weekly_and_after_an_unclean_shutdown(tmp_path: Path) -> None:
    services = open_services(resolve_paths(tmp_path / "data"))
    try:
        integrity = services.integrity
        now = utcnow()
        assert integrity.full_check_due(recovered=False, now=now)  # never checked yet
        first = integrity.scheduled_check(recovered=False, now=now)
        assert first is not None and first.ok and first.why == "weekly"
        assert "all is well" in first.message()
        assert integrity.last_full_check() == now  # recorded in the library
        assert integrity.scheduled_check(recovered=False, now=now + timedelta(days=6)) is None
        after_crash = integrity.scheduled_check(recovered=True, now=now + timedelta(days=1))
        assert after_crash is not None and after_crash.why == "after an unclean shutdown"
        week = now + timedelta(days=8)
        assert integrity.full_check_due(recovered=False, now=week)
    finally:
        services.close()


def test_a_problem_found_is_told_calmly_and_not_recorded_as_a_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reviewdesk.services.library.integrity as integrity_module

    services = open_services(resolve_paths(tmp_path / "data"))
    try:
        monkeypatch.setattr(
            integrity_module,
            "problems_of",
            lambda conn, **kw: ["Tree 7 page 7: btreeInitPage() returns error code 11"],
        )
        found = services.integrity.scheduled_check(recovered=True)
        assert found is not None and not found.ok
        text = found.message()
        assert "reviewdesk check" in text and "still there" in text
        assert "!" not in text
        assert services.integrity.last_full_check() is None  # checked again next time
    finally:
        services.close()
