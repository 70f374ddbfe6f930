"""The engine, its connection settings, sessions and schema upgrades.

SQLite-only behaviour sits behind the small named seams in this module (``_on_sqlite_connect``,
``_on_begin``, :func:`sqlite_backup`, :func:`looks_like_sqlite`), so that the rest of the store
speaks portable SQL and a partnership could later point the same app at PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from reviewdesk.domain.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
_WRITE = "reviewdesk_write"


# --- SQLite seams -------------------------------------------------------------------------------


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN (pysqlite's own transaction handling is broken
    # for DDL and SAVEPOINT: SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA trusted_schema = OFF")
        cur.execute("PRAGMA secure_delete = ON")
    finally:
        cur.close()


def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # Writers take the write lock up front (BEGIN IMMEDIATE) so a busy database waits for the
    # busy timeout instead of failing half-way through a transaction.
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with SQLite's header (or is absent)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return True


def sqlite_backup(source: Path, destination: Path) -> Path:
    """Copy a live database with SQLite's online backup API, then fsync it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    with destination.open("rb") as fh:
        os.fsync(fh.fileno())
    if os.name == "posix":
        os.chmod(destination, 0o600)
    return destination


# --- engine and sessions ------------------------------------------------------------------------


def make_engine(database: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{database}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """An open library: hands out short sessions, one transaction each."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        with self._writer() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


# --- schema upgrades ----------------------------------------------------------------------------


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def upgrade(engine: Engine, database: Path | None, backups_dir: Path | None) -> str | None:
    """Bring the schema to the newest revision, in one transaction.

    Refuses a database written by a newer ReviewDesk. Backs up an existing database before
    changing its schema. Returns the path of that backup, if one was made.
    """
    cfg = _alembic_config()
    scripts = ScriptDirectory.from_config(cfg)
    current = _current_revision(engine)
    head = scripts.get_current_head()
    if current == head:
        return None
    known = {rev.revision for rev in scripts.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            "This library was saved by a newer version of ReviewDesk, so this version cannot "
            "open it safely. Nothing has been changed. Please install the newer version."
        )
    if current is None and _has_tables(engine):
        raise DatabaseError(
            "This file is an SQLite database, but not a ReviewDesk library. Nothing has been "
            "changed. Please choose another data folder."
        )
    backup = None
    if current is not None and database is not None and backups_dir is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = sqlite_backup(database, backups_dir / f"before-upgrade-{current}-{stamp}.sqlite3")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return str(backup) if backup else None


def open_store(database: Path, backups_dir: Path | None = None) -> Store:
    """Open (or create) the library at ``database`` and bring its schema up to date."""
    if not looks_like_sqlite(database) and database.stat().st_size > 0:
        raise DatabaseError(
            f"The library file {database} is not a ReviewDesk database (it may be damaged). "
            "It has been left exactly as it is."
        )
    created = not database.exists()
    engine = make_engine(database)
    try:
        upgrade(engine, database, backups_dir)
    except DatabaseError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseError(
            f"The library file {database} could not be opened ({exc.orig}). "
            "It has been left as it is."
        ) from exc
    if created and os.name == "posix":
        os.chmod(database, 0o600)
    return Store(engine, database)


def open_memory_store() -> Store:
    """An in-memory library for tests and benchmarks (one shared connection)."""
    from sqlalchemy.pool import StaticPool

    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_begin)
    upgrade(engine, None, None)
    return Store(engine, None)
