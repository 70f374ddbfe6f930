"""The engine, its connection settings, sessions and schema upgrades.

SQLite-only behaviour sits behind small named seams (``_on_sqlite_connect``, ``_on_begin``,
:mod:`reviewdesk.store.sqlite_file`, :mod:`reviewdesk.store.backups`), so that the rest of the
store speaks portable SQL and a partnership could later point the same app at PostgreSQL.

Durability, in short: every connection runs in WAL mode with ``synchronous=FULL`` (a commit that
has returned survives a crash or a power cut); writers take the lock up front with
``BEGIN IMMEDIATE``; a library is created under a temporary name and renamed into place once its
schema is complete; an existing file is inspected (its header, its schema and the first page of
each table: a bounded read, whatever the library's size) before use and never "repaired" into an
empty library, and checked whole on a schedule in the background (services/library/integrity.py);
every schema upgrade is one transaction, after a verified backup.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError

from reviewdesk.domain.audit import SYSTEM
from reviewdesk.domain.errors import (
    AuditLogError,
    DatabaseError,
    LibraryDamagedError,
    SaveFailedError,
    StorageError,
)
from reviewdesk.store import audit as audit_store
from reviewdesk.store import backups, local_notes
from reviewdesk.store import schema as library_schema
from reviewdesk.store.core_tables import utcnow
from reviewdesk.store.sqlite_file import (
    BUSY_TIMEOUT_MS,
    DB_ERRORS,
    FILE_PROBLEMS,
    SQLITE_HEADER,
    DatabaseKey,
    cipher_dbapi,
    connect,
    fsync_dir,
    inspect_file,
    move_into_place,
    private,
    probe,
    problems_of,
    remove_with_side_files,
    side_file,
    storage_reason,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SQLITE_HEADER",
    "Store",
    "damaged",
    "head_revision",
    "known_revisions",
    "looks_like_sqlite",
    "make_engine",
    "open_memory_store",
    "open_store",
    "storage_error",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_WRITE = "reviewdesk_write"
Clock = Callable[[], datetime]


# --- SQLite seams -------------------------------------------------------------------------------


def _on_sqlite_connect(
    dbapi_connection: sqlite3.Connection, _record: object, *, busy_timeout_ms: int
) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN (pysqlite's own transaction handling is broken
    # for DDL and SAVEPOINT: SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode not in ("wal", "memory"):
            raise DatabaseError(
                "ReviewDesk cannot keep a library safely in this folder: SQLite's write-ahead "
                "log does not work here (this usually means a network or synced folder). "
                "Please choose a folder on this computer with --data-dir."
            )
        cur.execute("PRAGMA synchronous = FULL")  # a returned commit survives a power cut
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA trusted_schema = OFF")  # no functions with side effects in schema
        cur.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left behind
        cur.execute("PRAGMA cell_size_check = ON")  # notice some damage before it spreads
        # macOS: fsync() does not flush the drive's cache; F_FULLFSYNC does (a no-op elsewhere).
        cur.execute("PRAGMA fullfsync = ON")
        cur.execute("PRAGMA checkpoint_fullfsync = ON")
    finally:
        cur.close()


def _on_begin(conn: Connection) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE) so a busy database waits for the
    # busy timeout instead of failing half-way through a transaction (SQLITE_BUSY on upgrade
    # from a read lock cannot be waited out).
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with SQLite's header (or is absent)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return True


# --- errors a person can read -------------------------------------------------------------------

_SAVE_MESSAGES = {
    "disk_full": (
        "Your latest changes could not be saved because the disk is full. Everything saved "
        "before is safe. Please free some space, then try again."
    ),
    "disk_error": (
        "Your latest changes could not be saved because the computer could not write to the "
        "disk (it may be full, removed or failing). Everything saved before is safe. Please "
        "try again in a moment."
    ),
    "in_use": (
        "Your latest changes could not be saved yet: the library is in use by another "
        "program. Everything saved before is safe. Please close the other program (or wait "
        "a moment), then try again."
    ),
    "read_only": (
        "Your latest changes could not be saved because the library file cannot be written "
        "to (it may be read-only). Everything saved before is safe."
    ),
    "damaged": (
        "Your latest changes could not be saved because the library file appears to be "
        "damaged. Please close ReviewDesk and run 'reviewdesk check'."
    ),
}

_READ_MESSAGES = {
    "in_use": (
        "The library is in use by another program, so it cannot be read just now. Please "
        "close the other program (or wait a moment), then try again."
    ),
    "damaged": (
        "The library file appears to be damaged. Please close ReviewDesk and run "
        "'reviewdesk check'."
    ),
}


def storage_error(exc: BaseException, *, writing: bool) -> StorageError | None:
    """The user-facing error for a DB-API failure, or None when it is not a storage problem."""
    if "append-only" in str(exc):
        return None
    reason = storage_reason(exc)
    if reason is None:
        return None
    retryable = reason in ("disk_full", "disk_error", "in_use")
    if writing:
        return SaveFailedError(_SAVE_MESSAGES[reason], reason=reason, retryable=retryable)
    message = _READ_MESSAGES.get(reason) or _SAVE_MESSAGES[reason].replace(
        "Your latest changes could not be saved", "The library could not be read"
    )
    return StorageError(message, reason=reason, retryable=retryable)


COMPANIONS = ("-wal", "-shm", "-journal")


def repair_companions(database: Path) -> list[Path]:
    """Give SQLite's -wal/-shm/-journal files back the owner's write permission when the
    library file itself has it (a copy or a restore from read-only media can leave them
    without). Returns the files changed; never raises."""
    changed: list[Path] = []
    try:
        if not database.stat().st_mode & 0o200:
            return changed
    except OSError:
        return changed
    for suffix in COMPANIONS:
        part = database.with_name(database.name + suffix)
        try:
            mode = part.stat().st_mode
            if not mode & 0o200:
                part.chmod(mode | 0o200)
                changed.append(part)
        except OSError:
            continue
    return changed


def unwritable_part(
    database: Path, access: Callable[[Path, int], bool] = lambda p, m: os.access(p, m)
) -> str | None:
    """Which part of a library cannot be written, in words ("the folder ...", "the file
    reviewdesk.sqlite3-wal"), or None when every part can be."""
    folder = database.parent
    if folder.exists() and not access(folder, os.W_OK):
        return f"the folder {folder}"
    for part in (database, *(database.with_name(database.name + s) for s in COMPANIONS)):
        if part.exists() and not access(part, os.W_OK):
            return f"the file {part.name} in {folder}"
    return None


def _translate(exc: DBAPIError, *, writing: bool) -> BaseException | None:
    orig = exc.orig if exc.orig is not None else exc
    if type(orig).__module__.startswith("psycopg") and "append-only" not in str(orig):
        from reviewdesk.store.server import server_error  # a shared server (issue 22)

        return server_error(orig, writing=writing)
    if "append-only" in str(orig):
        return AuditLogError(
            "The audit trail is append-only: its entries cannot be changed or deleted. "
            "Nothing was changed."
        )
    return storage_error(orig, writing=writing)


# --- engine and sessions ------------------------------------------------------------------------


def make_engine(
    database: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, key: DatabaseKey | None = None
) -> Engine:
    """The engine for a library file; with ``key``, an encrypted (SQLCipher) one whose every
    connection is keyed by :func:`sqlite_file.connect` before SQLAlchemy sees it."""
    if key is None:
        engine = create_engine(
            f"sqlite:///{database}",
            connect_args={"timeout": busy_timeout_ms / 1000},
        )
    else:
        engine = create_engine(
            f"sqlite:///{database}",
            module=cipher_dbapi(),  # so SQLCipher's errors are wrapped like sqlite3's
            creator=partial(connect, database, key=key, timeout_ms=busy_timeout_ms),
        )
    event.listen(engine, "connect", partial(_on_sqlite_connect, busy_timeout_ms=busy_timeout_ms))
    event.listen(engine, "begin", _on_begin)
    return engine


def _apply_pending_search(session: Session) -> None:
    """The search index brought up to date with a write (store/search.py), imported on the
    first write: a command that only reads never loads the index's code (issue 20)."""
    from reviewdesk.store import search as search_index

    search_index.apply_pending(session)


class Store:
    """An open library: hands out short sessions, one transaction each.

    Storage failures (disk full, I/O error, in use by another program) surface as
    :class:`SaveFailedError` / :class:`StorageError` after the transaction was rolled back.
    """

    # On a shared server: the connection settings (so the app can listen for others' changes
    # on a connection of its own, store/notify.py); None for a library file.
    server_args: dict[str, Any] | None = None

    def __init__(self, engine: Engine, path: Path | None = None, **reopen: object) -> None:
        self.path = path
        self._reopen = reopen
        self.backups_dir: Path | None = reopen.get("backups_dir")  # type: ignore[assignment]
        self.key: DatabaseKey | None = reopen.get("key")  # type: ignore[assignment]
        self.encrypted = self.key is not None  # stays True while locked (key forgotten)
        self.locked = False  # suspend(): every connection closed, the key forgotten
        # ReviewDesk's own indexes and triggers found missing on opening, and put back.
        self.put_back: tuple[str, ...] = tuple(reopen.pop("put_back", ()))  # type: ignore[arg-type]
        # What was found wrong on opening and mended, in a sentence each (to be told).
        self.mended: tuple[str, ...] = tuple(reopen.pop("mended", ()))  # type: ignore[arg-type]
        # Sessions are made from the first one asked for (:meth:`_sessions`): opening a library
        # and listing its reviews (:meth:`reading`) never import the ORM (issue 20).
        self._factories: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None
        self._factories_made = threading.Lock()
        self._bind(engine)

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        # A read is one consistent snapshot: SQLite's read transactions are; on a server (where
        # others write meanwhile) REPEATABLE READ makes them so.
        reader = engine
        if engine.dialect.name == "postgresql":
            reader = engine.execution_options(isolation_level="REPEATABLE READ")
        with self._factories_made:  # not while another thread makes the factories
            self._read_bind = reader
            self._write_bind = engine.execution_options(**{_WRITE: True})
            if self._factories is not None:
                self._factories[0].configure(bind=self._read_bind)
                self._factories[1].configure(bind=self._write_bind)

    def _sessions(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        """The reading and the writing sessions' factories, made (and the ORM imported) the
        first time a session is asked for."""
        with self._factories_made:
            if self._factories is None:
                from sqlalchemy import orm

                writer = orm.sessionmaker(bind=self._write_bind, expire_on_commit=False)
                # The search index follows every write, in the same transaction (search.py).
                event.listen(writer, "before_commit", _apply_pending_search)
                reader = orm.sessionmaker(bind=self._read_bind, expire_on_commit=False)
                self._factories = (reader, writer)
            return self._factories

    @contextmanager
    def _transaction(self, *, writing: bool) -> Iterator[Session]:
        factory = self._sessions()[1 if writing else 0]
        with self._translated(writing=writing):
            with factory() as session:
                with session.begin():
                    yield session
                appended = session.info.pop(audit_store.APPENDED, None)
            if appended is not None and self.path is not None:
                # committed: the trail's head is also written down outside the library
                audit_store.write_outside_anchor(self.path, appended)

    @contextmanager
    def _translated(self, *, writing: bool) -> Iterator[None]:
        """Storage failures as ReviewDesk's calm errors (the transaction rolled back)."""
        try:
            yield
        except DBAPIError as exc:
            translated = _translate(exc, writing=writing)
            if translated is None:
                raise
            if isinstance(translated, SaveFailedError) and translated.reason == "read_only":
                translated = self._after_read_only(translated)
            raise translated from exc

    def _after_read_only(self, error: SaveFailedError) -> SaveFailedError:
        """A save refused as read-only: the connections opened while the file could not be
        written are let go (SQLite keeps such a connection read-only for good), so the next
        save opens fresh ones and works as soon as the file can be written again; -wal and -shm
        files left unwritable while the library itself is writable are given write access
        again; and the message names the file actually at fault."""
        self.engine.dispose()
        if self.path is None:
            return error
        repair_companions(self.path)
        culprit = unwritable_part(self.path)
        if culprit is None:
            return error
        return SaveFailedError(
            "Your latest changes could not be saved because ReviewDesk is not allowed to write "
            f"to {culprit} (it may be read-only). Everything saved before is safe. Once it can "
            "be written to again, your changes are saved at the next try.",
            reason="read_only",
            retryable=True,
        )

    def read(self) -> AbstractContextManager[Session]:
        """A read transaction (a consistent snapshot while it lasts)."""
        return self._transaction(writing=False)

    def write(self) -> AbstractContextManager[Session]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        return self._transaction(writing=True)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction as :meth:`read`'s, on a Core connection rather than an ORM
        session: for reads written in Core alone (store/listing.py), so that listing the
        library never imports the ORM."""
        with self._translated(writing=False), self._read_bind.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def raw(self) -> Iterator[sqlite3.Connection]:
        """A raw DB-API connection outside any transaction (checkpoints, VACUUM, backups)."""
        pooled = self.engine.raw_connection()
        try:
            yield pooled.driver_connection  # type: ignore[misc]
        finally:
            pooled.close()

    def checkpoint(self) -> bool:
        """Fold the write-ahead log into the library file and empty it. True when complete
        (False when another program was reading an older snapshot)."""
        if self.path is None:
            return True
        with self.raw() as conn:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return busy == 0

    def scrub(self) -> bool:
        """Remove deleted content from the file itself, after a purge: ``secure_delete`` has
        zeroed the freed space; checkpointing empties the log of older copies of the pages;
        VACUUM rebuilds the file without free pages. True when complete."""
        if self.path is None:
            return True
        try:
            done = self.checkpoint()
            with self.raw() as conn:
                conn.execute("VACUUM")
            return self.checkpoint() and done
        except DB_ERRORS:
            return False

    @contextmanager
    def offline(self) -> Iterator[None]:
        """Close every connection for the duration of the block (to replace the file), then
        open the library again with all the usual checks."""
        if self.path is None:
            raise DatabaseError("An in-memory library cannot be closed and reopened.")
        self.engine.dispose()
        try:
            yield
        finally:
            self._bind(_open_engine(self.path, **self._reopen))  # type: ignore[arg-type]

    def close(self) -> None:
        self.engine.dispose()

    def suspend(self) -> None:
        """Lock the library: close every connection (no file handle stays open) and forget
        the key. Until :meth:`resume`, every session fails with a calm :class:`DatabaseError`
        instead of quietly opening the file again."""
        if self.path is None:
            raise DatabaseError("An in-memory library cannot be locked.")
        self.engine.dispose()
        self._bind(_locked_engine())
        self.key = None
        self._reopen["key"] = None
        self.locked = True

    def resume(self, key: DatabaseKey | None) -> None:
        """Open the library again after :meth:`suspend` (or after its encryption changed),
        with all the usual checks; ``key`` is the one that opens it now (None: plain)."""
        if self.path is None:
            raise DatabaseError("An in-memory library cannot be reopened.")
        engine = _open_engine(self.path, **{**self._reopen, "key": key})  # type: ignore[arg-type]
        self.engine.dispose()
        self._reopen["key"] = key
        self.key = key
        self.encrypted = key is not None
        self._bind(engine)
        self.locked = False


def _locked_engine() -> Engine:
    """An engine that never connects: what a locked store is bound to."""

    def refuse() -> sqlite3.Connection:
        raise DatabaseError(
            "The library is locked. Please unlock ReviewDesk to go on; nothing has been lost."
        )

    return create_engine("sqlite://", creator=refuse)


# --- schema upgrades ----------------------------------------------------------------------------


# Alembic (about a tenth of a second to import) is loaded only when the schema has to change or
# a backup's revision must be checked: opening an up-to-date library reads its revision with one
# query and compares it with the newest migration file's name (revision ids are the files'
# four-digit prefixes; tests/store/test_engine.py checks that Alembic agrees).


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def newest_migration_file() -> str:
    """The newest revision by its file name, without loading Alembic (see above)."""
    prefixes = [
        path.name[:4] for path in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    ]
    return max(prefixes, default="")


def known_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection holds its DB-API connection
        if not raw.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone():
            return None
        row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def upgrade(
    engine: Engine,
    database: Path | None,
    backups_dir: Path | None,
    *,
    clock: Clock = utcnow,
    key: DatabaseKey | None = None,
) -> str | None:
    """Bring the schema to the newest revision, in one transaction.

    Refuses a database written by a newer ReviewDesk. Backs up an existing database (verified,
    under a ``before-upgrade-<revision>`` name) before changing its schema. Returns the path of
    that backup, if one was made. Foreign keys are switched off for the upgrade (so a table
    rebuilt by a migration never cascades deletes) and checked before the commit.
    """
    current = _current_revision(engine)
    if current is not None and current == newest_migration_file():
        return None
    from alembic import command

    cfg = _alembic_config()
    scripts = _scripts()
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
            "This library file is an SQLite database, but not a ReviewDesk library. Nothing "
            "has been changed. Please choose another data folder."
        )
    backup = None
    if current is not None and database is not None and backups_dir is not None:
        try:
            backup = backups.take(
                database, backups_dir, f"before-upgrade-{current}", clock(), key=key
            )
            # partnership mode's private notes on this computer go with it, so that going back
            # to this backup after a failed upgrade brings them back too
            local_notes.copy_beside(database.parent, backup)
        except (OSError, ValueError) + DB_ERRORS as exc:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
            raise DatabaseError(
                "ReviewDesk needs to update this library's structure, but could not make a "
                f"backup first ({exc}), so it has not changed anything. Please free some disk "
                "space, then open ReviewDesk again."
            ) from exc
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection holds its DB-API connection
        raw.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
        try:
            with conn.execution_options(**{_WRITE: True}).begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(
                        "The library could not be updated to this version of ReviewDesk "
                        "(its links between records did not check out). Nothing has been "
                        "changed."
                    )
                if audit_store.has_audit_table(conn):
                    audit_store.append(
                        conn,
                        at=clock(),
                        who=SYSTEM,
                        action="library.upgraded" if current else "library.created",
                        what={"from_revision": current, "to_revision": head},
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    return str(backup) if backup else None


# --- opening ------------------------------------------------------------------------------------

_DAMAGED_HINT = (
    "It has been left exactly as it is. 'reviewdesk check' explains more, and "
    "'reviewdesk backups' lists the backups you can go back to."
)


def damaged(database: Path, reason: str, detail: str = "") -> LibraryDamagedError:
    what = FILE_PROBLEMS.get(reason, "is damaged")
    detail = " ".join(detail.replace("*** in database main ***", "").split())
    if len(detail) > 160:
        detail = detail[:157] + "..."
    extra = f" (SQLite reports: {detail})" if detail else ""
    return LibraryDamagedError(
        f"The library file {database} {what}{extra}, so ReviewDesk cannot open it. "
        + _DAMAGED_HINT,
        reason=reason,
        path=database,
    )


def foreign(database: Path, found: library_schema.SchemaDifferences) -> LibraryDamagedError:
    return LibraryDamagedError(
        f"The library file {database} holds parts that ReviewDesk did not make "
        f"({found.summary()}). They could change or delete your work, so ReviewDesk will not "
        "open it. It has been left exactly as it is. 'reviewdesk backups' lists the backups "
        "you can go back to.",
        reason="foreign",
        path=database,
    )


def migration_revisions() -> set[str]:
    """The revisions this version has migrations for, from the files' names (no Alembic)."""
    return {p.name[:4] for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")}


def check_shape(raw: sqlite3.Connection, database: Path, *, repair: bool) -> tuple[str, ...]:
    """Compare the file's whole schema with ReviewDesk's own at its revision. Raises
    :class:`LibraryDamagedError` for anything foreign; with ``repair``, puts back missing
    indexes and triggers (returning their names). A revision this version does not know is
    left to :func:`upgrade` (which refuses a newer library)."""
    revision = library_schema.revision_of(raw)
    if revision is None or revision not in migration_revisions():
        return ()
    found = library_schema.differences(raw, revision)
    # The audit trail's append-only triggers, missing or altered, are the audit layer's to put
    # back and to record (see _restore_audit_protection), so `audit verify` and `check` can
    # report that the protection was found gone.
    ours = set(audit_store.PROTECTION)
    found = replace(
        found,
        changed=tuple(c for c in found.changed if not (c[0] == "trigger" and c[1] in ours)),
        missing=tuple(m for m in found.missing if not (m[0] == "trigger" and m[1] in ours)),
    )
    if found.ok:
        return ()
    if found.foreign or not repair:
        raise foreign(database, found)
    return tuple(library_schema.restore_missing(raw, revision, found))


def _create(
    database: Path,
    backups_dir: Path | None,
    clock: Clock,
    busy_timeout_ms: int,
    key: DatabaseKey | None = None,
) -> None:
    """Make a new library under a temporary name and rename it into place when complete, so a
    crash never leaves a half-made (or zero-length) file under the library's name."""
    if side_file(database, "-wal").exists():
        raise DatabaseError(
            f"There is no library file at {database}, but its write-ahead log "
            f"({side_file(database, '-wal').name}) is there. ReviewDesk will not start a new "
            "library beside it. Please restore a backup ('reviewdesk backups'), or move the "
            "log elsewhere if you are sure it is not needed."
        )
    folder = database.parent
    # a new library starts its own trail: an anchor left by a library that was here before
    # would otherwise be taken for this one's
    audit_store.outside_anchor_path(database).unlink(missing_ok=True)
    for stale in folder.glob(f".{database.name}.new-*"):
        stale.unlink(missing_ok=True)
    tmp = folder / f".{database.name}.new-{secrets.token_hex(4)}"
    engine = make_engine(tmp, busy_timeout_ms=busy_timeout_ms, key=key)
    try:
        upgrade(engine, None, backups_dir, clock=clock, key=key)
        engine.dispose()  # the last connection to close folds the log into the file
        if side_file(tmp, "-wal").exists():
            raise DatabaseError("The new library could not be finished. Please try again.")
        private(tmp)
        move_into_place(tmp, database)
    except FileExistsError:
        pass  # another process finished first: open theirs
    finally:
        engine.dispose()
        remove_with_side_files(tmp)
    fsync_dir(folder)


def _private_files(database: Path) -> None:
    """Readable by this user only: the library and its side files (SQLite gives the -wal and
    -shm files the library's own permissions)."""
    if os.name != "posix":
        return
    for path in (database, side_file(database, "-wal"), side_file(database, "-shm")):
        try:
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
        except OSError:
            pass


# Opening reads the whole file with ``quick_check`` only up to this size (the demo library is
# under 2 MiB; 1,000 reviews are about 150 MiB, 1.4 s cold): a bigger library gets the bounded
# :func:`sqlite_file.probe`, and its whole file is checked in the background after opening (weekly
# and after an unclean shutdown: services/library/integrity.py) and by every daily backup's
# ``integrity_check`` of its copy.
QUICK_CHECK_UP_TO = 32 * 2**20
INDEX_REBUILT = (
    "The search index did not match the text of the reviews, so it has been built again from "
    "that text. Nothing you wrote has changed."
)


def _file_size(database: Path) -> int:
    try:
        size = database.stat().st_size
        wal = side_file(database, "-wal")
        return size + (wal.stat().st_size if wal.exists() else 0)
    except OSError:
        return 0


def _open_engine(
    database: Path,
    *,
    backups_dir: Path | None = None,
    clock: Clock = utcnow,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    key: DatabaseKey | None = None,
    put_back: list[str] | None = None,
    mended: list[str] | None = None,
) -> Engine:
    put_back = [] if put_back is None else put_back
    mended = [] if mended is None else mended
    issue = inspect_file(database, encrypted=key is not None)
    if issue:
        raise damaged(database, issue)
    if not database.exists():
        _create(database, backups_dir, clock, busy_timeout_ms, key)
    repair_companions(database)  # a -wal/-shm left read-only would make every save fail
    engine = make_engine(database, busy_timeout_ms=busy_timeout_ms, key=key)
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            probe(raw)  # type: ignore[arg-type]
            if _file_size(database) <= QUICK_CHECK_UP_TO:  # a small file: quick_check is quick
                found = problems_of(raw, limit=3)  # type: ignore[arg-type]
                if found:
                    # (the ORM's tables come with it: loaded only when something is found)
                    from reviewdesk.store.search_check import mend_if_only_the_index

                    # Only the search index wrong (a SQLite of 3.44 or later checks it too):
                    # built again rather than the library refused, whose newest backup may be
                    # older than the work in it.
                    found, rebuilt = mend_if_only_the_index(raw, found)
                    if rebuilt:
                        mended.append(INDEX_REBUILT)
                if found:
                    raise damaged(database, "damaged", "; ".join(found))
            put_back.extend(check_shape(raw, database, repair=True))  # type: ignore[arg-type]
        upgrade(engine, database, backups_dir, clock=clock, key=key)
        _restore_audit_protection(engine, clock)
        _private_files(database)
    except DatabaseError:
        engine.dispose()
        raise
    except (DBAPIError,) + DB_ERRORS as exc:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
        engine.dispose()
        orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        reason = storage_reason(orig)
        if reason == "damaged":
            raise damaged(database, "damaged", str(orig)) from exc
        if reason is not None:
            raise storage_error(orig, writing=False) from exc  # type: ignore[misc]
        raise DatabaseError(
            f"The library file {database} could not be opened ({orig}). It has been left as it is."
        ) from exc
    return engine


def _restore_audit_protection(engine: Engine, clock: Clock) -> None:
    """Put back the audit trail's append-only triggers if something removed them, and note when
    (``audit verify`` and ``check`` report it). The note is kept beside the trail, not added to
    it: a trail that may have been cut short is never written to before it is verified."""
    with engine.connect() as conn:  # a read first: opening never waits for a write lock
        with conn.begin():
            missing = audit_store.missing_protection(conn)
        if not missing:
            return
    with engine.connect() as conn, conn.execution_options(**{_WRITE: True}).begin():
        restored = audit_store.restore_protection(conn)
        if restored:
            audit_store.note_protection_restored(conn, clock(), restored)


def open_store(
    database: Path,
    backups_dir: Path | None = None,
    *,
    clock: Clock = utcnow,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    key: DatabaseKey | None = None,
) -> Store:
    """Open (or create) the library at ``database`` and bring its schema up to date.

    Raises :class:`LibraryDamagedError` for an empty, truncated, damaged or non-SQLite file,
    without writing to it. ``key`` opens (or creates) an encrypted library.
    """
    options = {
        "backups_dir": backups_dir,
        "clock": clock,
        "busy_timeout_ms": busy_timeout_ms,
        "key": key,
    }
    put_back: list[str] = []
    mended: list[str] = []
    engine = _open_engine(database, **options, put_back=put_back, mended=mended)  # type: ignore[arg-type]
    return Store(engine, database, **options, put_back=put_back, mended=mended)


def open_memory_store(*, clock: Clock = utcnow) -> Store:
    """An in-memory library for tests and benchmarks (one shared connection)."""
    from sqlalchemy.pool import StaticPool

    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", partial(_on_sqlite_connect, busy_timeout_ms=BUSY_TIMEOUT_MS))
    event.listen(engine, "begin", _on_begin)
    upgrade(engine, None, None, clock=clock)
    return Store(engine, None)
