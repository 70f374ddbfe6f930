"""Retention review dates (with an injectable clock) and the deletion log of purges."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reviewdesk.domain.errors import NotFoundError, ValidationError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clocked(data_dir):  # type: ignore[no-untyped-def]
    clock = Clock(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    svc = open_services(resolve_paths(data_dir), clock=clock)
    yield svc, clock
    svc.close()


def test_reviews_become_due_on_their_date(clocked, record) -> None:
    services, clock = clocked
    a = services.reviews.create(record)
    b = services.reviews.create(
        type(record)(reference="LCSPR-2026-08", title="Another (fictional)")
    )
    services.retention.set_review_date(a.id, date(2026, 9, 1))
    assert [i.review.reference for i in services.retention.items()] == [
        "LCSPR-2026-07",
        "LCSPR-2026-08",  # no date set: listed last
    ]
    assert services.retention.due() == []
    clock.now = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    assert [i.review.reference for i in services.retention.due()] == ["LCSPR-2026-07"]
    assert services.retention.due(date(2026, 8, 31)) == []
    services.retention.set_review_date(a.id, None)
    assert services.retention.review_date(a.id) is None
    services.retention.set_review_date(b.id, date(2026, 1, 1))
    assert [i.review.id for i in services.retention.due()] == [b.id]
    entry = services.audit.entries(limit=1)[0]
    assert entry.action == "retention.set" and "review on 2026-01-01" in entry.details


def test_a_review_in_the_trash_takes_no_new_date(clocked, record) -> None:
    services, _clock = clocked
    summary = services.reviews.create(record)
    services.reviews.delete(summary.id)
    with pytest.raises(NotFoundError):
        services.retention.set_review_date(summary.id, date(2027, 1, 1))


def test_purge_writes_the_deletion_log_never_the_content(clocked, record) -> None:
    services, clock = clocked
    summary = services.reviews.create(record)
    person = services.reviews.add_contributor(summary.id, "Rowan Tell", "GP")
    prompt = services.reviews.get(summary.id).framework.themes[0].prompts[0]
    services.reviews.save_answer(person.id, prompt.id, "CANARY-RETENTION-TEXT")
    services.retention.set_review_date(summary.id, date(2026, 7, 1))
    services.reviews.delete(summary.id)
    clock.now = datetime(2026, 7, 2, 10, 30, tzinfo=UTC)
    services.reviews.purge(summary.id, confirm=True)
    log = services.retention.deletion_log()
    assert len(log) == 1
    entry = log[0]
    assert (entry.reference, entry.contributors, entry.answers) == ("LCSPR-2026-07", 1, 1)
    assert entry.at == clock.now and entry.review_uid == summary.uid
    assert services.retention.items() == []
    raw = services.store.path.read_bytes()
    assert b"CANARY-RETENTION-TEXT" not in raw


def test_a_purge_that_is_refused_logs_nothing(clocked, record) -> None:
    services, _clock = clocked
    summary = services.reviews.create(record)
    with pytest.raises(ValidationError):
        services.reviews.purge(summary.id, confirm=True)  # not in the Trash
    assert services.retention.deletion_log() == []
