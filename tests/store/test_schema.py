"""The whole schema of a library (tables, indexes, triggers, views) is compared with ReviewDesk's
own for its revision on every open: anything foreign is refused, missing protection put back."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from reviewdesk.domain.errors import LibraryDamagedError
from reviewdesk.store import schema
from reviewdesk.store.engine import known_revisions, open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WIPE = "CREATE TRIGGER wipe AFTER UPDATE ON review BEGIN DELETE FROM answer; END"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_stored_snapshots_are_what_the_migrations_make() -> None:
    assert schema.SNAPSHOT_FILE.read_text("utf-8") == schema.snapshot_source(), (
        "run: python -m reviewdesk.store.schema"
    )
    from reviewdesk.store.schema_snapshots import SNAPSHOTS

    assert set(SNAPSHOTS) == known_revisions()


@pytest.mark.parametrize("revision", sorted(known_revisions()))
def test_every_past_release_s_library_is_recognised_as_our_own(revision: str) -> None:
    conn = sqlite3.connect(FIXTURES / f"schema-{revision}.sqlite3")
    try:
        found = schema.differences(conn, revision)
    finally:
        conn.close()
    assert found.ok, found.summary()


def _library(tmp_path: Path) -> Path:
    db = tmp_path / "reviewdesk.sqlite3"
    shutil.copy(FIXTURES / "schema-0006.sqlite3", db)
    open_store(db, tmp_path / "backups").close()  # brought to the newest revision
    return db


def test_an_extra_trigger_is_refused_on_open_and_the_file_left_alone(tmp_path: Path) -> None:
    db = _library(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute(WIPE)
    conn.commit()
    conn.close()
    before = _digest(db)
    with pytest.raises(LibraryDamagedError, match="an extra trigger 'wipe' on table 'review'") as e:
        open_store(db, tmp_path / "backups")
    assert e.value.reason == "foreign" and "did not make" in str(e.value)
    assert _digest(db) == before


def test_a_changed_trigger_is_refused_too(tmp_path: Path) -> None:
    db = _library(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER search_theme_assessment_update")
    conn.execute(
        "CREATE TRIGGER search_theme_assessment_update AFTER UPDATE ON theme_assessment "
        "BEGIN DELETE FROM answer; END"
    )
    conn.commit()
    conn.close()
    with pytest.raises(
        LibraryDamagedError, match="a changed trigger 'search_theme_assessment_update'"
    ):
        open_store(db, tmp_path / "backups")
    # (The audit trail's own append-only triggers, altered or dropped, are put back and
    # recorded by the audit layer instead: tests/reliability/test_audit_anchors.py.)


def test_missing_protection_is_put_back_on_open(tmp_path: Path) -> None:
    db = _library(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP INDEX ix_answer_contributor_id")
    conn.commit()
    conn.close()
    store = open_store(db, tmp_path / "backups")
    store.close()
    assert set(store.put_back) == {"ix_answer_contributor_id"}  # the trigger: the audit layer
    conn = sqlite3.connect(db)
    try:
        assert schema.differences(conn, schema.revision_of(conn)).ok
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET who = 'someone else'")
    finally:
        conn.close()


def test_the_check_on_the_open_path_is_cheap(tmp_path: Path) -> None:
    """The comparison itself (one query of sqlite_master) against the newest snapshot."""
    db = _library(tmp_path)
    conn = sqlite3.connect(db)
    try:
        revision = schema.revision_of(conn)
        schema.differences(conn, revision)  # the snapshot is loaded once
        started = time.perf_counter()
        for _ in range(50):
            assert schema.differences(conn, revision).ok
        each = (time.perf_counter() - started) / 50
    finally:
        conn.close()
    assert each < 0.02, f"{each * 1000:.1f} ms per check"
