"""The audit trail is anchored outside its own table, and its protection is watched (issue 16,
part 3): cutting entries off the end and fixing up the stored head, emptying the trail, or
dropping the append-only triggers is reported by ``audit verify`` and ``check``; the triggers are
put back on open; a legitimate restore raises no alarm."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services

TRIGGERS = {"audit_log_no_update", "audit_log_no_delete"}


@pytest.fixture
def library(tmp_path: Path, record) -> Path:
    data = tmp_path / "data"
    services = open_services(resolve_paths(data), who="command line")
    try:
        review = services.reviews.create(record)
        services.reviews.update_record(review.id, replace(record, title="Child Q (renamed)"))
        c = services.reviews.add_contributor(review.id, "Alex Moor")
        prompt = services.reviews.get(review.id).framework.themes[0].prompts[0].id
        services.reviews.save_answer(c.id, prompt, "first draft")
        services.reviews.archive(review.id)
        assert services.audit.count() == 6 and services.audit.verify().ok
    finally:
        services.close()
    return data


def _sql(data: Path, *statements: str) -> list[tuple]:
    conn = sqlite3.connect(data / "reviewdesk.sqlite3", isolation_level=None)
    try:
        out: list[tuple] = []
        for sql in statements:
            out = conn.execute(sql).fetchall()
        return out
    finally:
        conn.close()


def _cut_to(data: Path, keep: int) -> None:
    """What a careful person with another tool would do: drop the triggers, delete the newest
    entries, copy the previous hash into the stored head, and put the triggers back."""
    ((digest,),) = _sql(data, f"SELECT row_hash FROM audit_log WHERE seq = {keep}")
    _sql(
        data,
        "DROP TRIGGER audit_log_no_update",
        "DROP TRIGGER audit_log_no_delete",
        f"DELETE FROM audit_log WHERE seq > {keep}",
        f"UPDATE setting SET value = '{keep}:{digest}' WHERE key = 'audit.head'",
    )
    services = open_services(resolve_paths(data))  # opening puts the triggers back
    services.close()


def _verdict_and_check(data: Path):  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(data))
    try:
        return services.audit.verify(), services.integrity.run()
    finally:
        services.close()


def test_cutting_off_the_newest_entries_and_fixing_the_head_is_found(library: Path) -> None:
    _cut_to(library, 4)
    verdict, report = _verdict_and_check(library)
    assert not verdict.ok  # before: "The audit trail is intact: 4 entries checked"
    assert "the newest entries are missing" in verdict.message()
    assert "records entry 6, but the trail ends at entry 4" in verdict.message()
    assert not report.ok and any("newest entries are missing" in p for p in report.problems)


def test_each_backup_is_a_witness_when_the_file_beside_the_library_is_gone_too(
    library: Path,
) -> None:
    services = open_services(resolve_paths(library))
    try:
        services.backups.take()
        head = services.audit.count()
    finally:
        services.close()
    (library / "reviewdesk.sqlite3.audit-head").unlink()
    _cut_to(library, 3)
    (library / "reviewdesk.sqlite3.audit-head").unlink(missing_ok=True)
    verdict, _report = _verdict_and_check(library)
    assert not verdict.ok
    message = verdict.message()
    assert "the backup " in message and f"records entry {head}, but the trail ends" in message


def test_an_emptied_trail_in_a_library_with_reviews_is_found(library: Path) -> None:
    _sql(
        library,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log",
        "DELETE FROM setting WHERE key = 'audit.head'",
    )
    (library / "reviewdesk.sqlite3.audit-head").unlink()
    verdict, report = _verdict_and_check(library)
    assert not verdict.ok and not report.ok  # before: "intact: 0 entries checked"
    assert "the trail is empty, but the library holds 1 review" in verdict.message()


def test_dropped_triggers_are_reported_then_put_back_on_open(library: Path) -> None:
    services = open_services(resolve_paths(library))
    try:
        _sql(library, "DROP TRIGGER audit_log_no_delete")
        verdict = services.audit.verify()
        assert not verdict.ok and "audit_log_no_delete" in verdict.message()
        assert not services.integrity.run().ok
    finally:
        services.close()
    found = {n for (n,) in _sql(library, "SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "audit_log_no_delete" not in found
    verdict, report = _verdict_and_check(library)  # opened again: put back, and remembered
    found = {n for (n,) in _sql(library, "SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert found >= TRIGGERS
    assert verdict.ok and "was found missing and put back" in verdict.message()
    assert "was found missing and put back" in " ".join(s.summary for s in report.sections)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _sql(library, "DELETE FROM audit_log WHERE seq = 6")


def test_a_trigger_altered_to_do_nothing_is_replaced(library: Path) -> None:
    _sql(
        library,
        "DROP TRIGGER audit_log_no_update",
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END",
    )
    verdict, _report = _verdict_and_check(library)
    assert verdict.ok and "audit_log_no_update" in verdict.message()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _sql(library, "UPDATE audit_log SET who = 'x' WHERE seq = 2")


def test_a_restore_is_no_alarm(library: Path, record) -> None:
    services = open_services(resolve_paths(library))
    try:
        before = services.backups.take()
        review = services.reviews.list_reviews(include_archived=True)[0]
        services.reviews.add_contributor(review.id, "Sam Reed")
        services.backups.take()  # a newer backup, with entries the restore goes back past
        services.backups.restore(before.path)
        verdict = services.audit.verify()
        assert verdict.ok, verdict.message()
        assert services.integrity.run().ok
    finally:
        services.close()
