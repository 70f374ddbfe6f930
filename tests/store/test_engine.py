from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from reviewdesk.domain.errors import DatabaseError
from reviewdesk.store.engine import head_revision, open_store
from reviewdesk.store.tables import Base

FIXTURES = Path(__file__).parent / "fixtures"


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lib.sqlite3")
    try:
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
            assert ctx.get_current_revision() == head_revision()
    finally:
        store.close()


def test_every_connection_is_hardened(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lib.sqlite3")
    try:
        with store.read() as session:
            pragma = lambda name: session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
            assert pragma("trusted_schema") == 0
            assert pragma("secure_delete") == 1
    finally:
        store.close()


def test_write_transactions_take_the_lock_up_front(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    store = open_store(db)
    try:
        with store.write() as session:
            session.execute(text("SELECT count(*) FROM review"))  # the transaction starts here
            other = sqlite3.connect(db, timeout=0)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
    finally:
        store.close()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    db.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    before = db.read_bytes()
    with pytest.raises(DatabaseError, match="left exactly as it is"):
        open_store(db)
    assert db.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE shopping (item TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not a ReviewDesk library"):
        open_store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("shopping",)]
    conn.close()


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of ReviewDesk"):
        open_store(db, tmp_path / "backups")
    assert db.read_bytes() == before


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema-*.sqlite3")))
def test_databases_from_every_past_schema_open_with_their_data(
    tmp_path: Path, fixture: str
) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / fixture, db)
    store = open_store(db, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            assert conn.execute(text("SELECT reference FROM review")).scalars().all() == [
                "DEMO-2026-01"
            ]
            assert conn.execute(text("SELECT count(*) FROM answer")).scalar() > 0
    finally:
        store.close()
    revision = fixture.removeprefix("schema-").removesuffix(".sqlite3")
    if revision != head_revision():
        assert list((tmp_path / "backups").glob(f"before-upgrade-{revision}-*.sqlite3"))
