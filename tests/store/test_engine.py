from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from reviewdesk.domain.errors import DatabaseError, LibraryDamagedError
from reviewdesk.store.engine import head_revision, open_store
from reviewdesk.store.search import is_index_table
from reviewdesk.store.sqlite_file import storage_reason
from reviewdesk.store.tables import Base

FIXTURES = Path(__file__).parent / "fixtures"


def _not_the_search_index(name: str | None, type_: str, _parent: object) -> bool:
    """The FTS5 table and its shadow tables are SQLite's own, made by migration 0006: no model
    describes them (and only they are left out of the comparison)."""
    return not (type_ == "table" and name is not None and is_index_table(name))


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lib.sqlite3")
    try:
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": _not_the_search_index}
            )
            assert compare_metadata(ctx, Base.metadata) == []
            tables = set(inspect(conn).get_table_names())
            assert {"search_index", "search_index_data", "search_index_content"} <= tables
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
            assert pragma("cell_size_check") == 1
            assert pragma("fullfsync") == 1  # F_FULLFSYNC on macOS; ignored elsewhere
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


def test_a_new_library_appears_only_when_complete(tmp_path: Path) -> None:
    stale = tmp_path / ".lib.sqlite3.new-deadbeef"  # left by a crash during an earlier creation
    stale.write_bytes(b"half a library")
    open_store(tmp_path / "lib.sqlite3").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.sqlite3"]
    conn = sqlite3.connect(tmp_path / "lib.sqlite3")
    assert conn.execute("SELECT action FROM audit_log").fetchall() == [("library.created",)]
    conn.close()


def test_an_empty_file_is_refused_not_recreated(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    db.touch()
    with pytest.raises(LibraryDamagedError, match="is empty") as err:
        open_store(db)
    assert err.value.reason == "empty" and db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.sqlite3"]


def test_a_log_without_its_library_is_not_replayed_into_a_new_one(tmp_path: Path) -> None:
    (tmp_path / "lib.sqlite3-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
    with pytest.raises(DatabaseError, match="write-ahead log"):
        open_store(tmp_path / "lib.sqlite3")
    assert not (tmp_path / "lib.sqlite3").exists()


def test_foreign_keys_are_back_on_after_an_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        for _ in range(3):
            with store.read() as session:
                assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with store.read() as session:
            entry = session.execute(text("SELECT who, action, what FROM audit_log")).one()
        assert entry == (
            "ReviewDesk",
            "library.upgraded",
            f'{{"from_revision":"0001","to_revision":"{head_revision()}"}}',
        )
    finally:
        store.close()


class _Err(Exception):
    def __init__(self, code: int | None, message: str = "") -> None:
        super().__init__(message)
        self.sqlite_errorcode = code


@pytest.mark.parametrize(
    ("code", "message", "reason"),
    [
        (13, "", "disk_full"),  # SQLITE_FULL
        (778, "", "disk_error"),  # SQLITE_IOERR_WRITE
        (5, "", "in_use"),  # SQLITE_BUSY
        (517, "", "in_use"),  # SQLITE_BUSY_SNAPSHOT
        (8, "", "read_only"),
        (11, "", "damaged"),
        (26, "", "damaged"),
        (19, "", None),  # a constraint: our bug, not the disk's
        (None, "database or disk is full", "disk_full"),
        (None, "no such table: x", None),
    ],
)
def test_storage_errors_are_classified(code: int | None, message: str, reason: str | None) -> None:
    assert storage_reason(_Err(code, message)) == reason


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_library_and_its_side_files_are_private(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0002.sqlite3", db)
    os.chmod(db, 0o644)
    store = open_store(db)
    try:
        with store.write() as session:
            session.execute(text("INSERT INTO setting (key, value) VALUES ('k', 'v')"))
        for p in tmp_path.glob("lib.sqlite3*"):
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    finally:
        store.close()


def test_the_newest_migration_file_names_alembics_head() -> None:
    """Opening an up-to-date library skips Alembic by comparing its revision with the newest
    migration file's four-digit prefix: that shortcut must agree with Alembic itself."""
    from reviewdesk.store.engine import newest_migration_file

    assert newest_migration_file() == head_revision()


def test_opening_an_up_to_date_library_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "library.sqlite3"
    open_store(db, tmp_path / "backups").close()  # created (and migrated) here
    script = (
        "import sys; from pathlib import Path; from reviewdesk.store.engine import open_store; "
        f"open_store(Path({str(db)!r}), Path({str(tmp_path / 'backups')!r})).close(); "
        "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False", out.stderr
