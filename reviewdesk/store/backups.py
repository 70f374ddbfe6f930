"""Backup files: their names, taking one, checking one, and putting one back.

A backup is a complete, self-contained SQLite file named ``<kind>-<UTC time>.sqlite3`` in the
backups folder (``daily``, ``before-upgrade-0001``, ``before-import``, ``before-restore``,
``before-purge``, ``manual``). Taking one goes through :func:`sqlite_file.verified_copy`, so a
file under a backup name is always complete and checked. The policy (when, how many to keep)
lives in reviewdesk/services/library/backups.py.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reviewdesk.domain.audit import AuditRecord, verify_chain
from reviewdesk.store import schema as library_schema
from reviewdesk.store import sqlite_file
from reviewdesk.store.sqlite_file import (
    DB_ERRORS,
    FILE_PROBLEMS,
    DatabaseKey,
    clean_partial_copies,
    connect,
    fsync_dir,
    fsync_file,
    inspect_file,
    private,
    problems_of,
    side_file,
    verified_copy,
)

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_STAMP_FIELDS = ((0, 4), (4, 6), (6, 8), (9, 11), (11, 13), (13, 15))
_NAME = re.compile(r"^(?P<kind>[a-z][a-z0-9-]*?)-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?\.sqlite3$")


def stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime(STAMP_FORMAT)


def parse_name(name: str) -> tuple[str, datetime] | None:
    """(kind, time taken) for a backup file name, or None for anything else."""
    m = _NAME.match(name)
    if not m:
        return None
    # STAMP_FORMAT read by hand: strptime's module costs a command more than the backups do
    s = m["stamp"]  # YYYYmmddTHHMMSSZ, digits checked by _NAME; a wrong date is a ValueError
    year, month, day, hour, minute, second = (int(s[a:b]) for a, b in _STAMP_FIELDS)
    taken = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return m["kind"], taken


def unique_path(folder: Path, kind: str, when: datetime) -> Path:
    base = f"{kind}-{stamp(when)}"
    path, n = folder / f"{base}.sqlite3", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}.sqlite3"
    return path


def take(
    source: Path | sqlite3.Connection,
    folder: Path,
    kind: str,
    when: datetime,
    *,
    destination: Path | None = None,
    pages: int = -1,
    progress: Callable[[int, int, int], object] | None = None,
    key: DatabaseKey | None = None,
) -> Path:
    """Copy the library (a path, or an open raw connection) into ``folder`` (or to
    ``destination``), verified, under a name no other backup has. The backup of an encrypted
    library (``key``) is encrypted with the same key."""
    clean_partial_copies(folder)
    target = destination or unique_path(folder, kind, when)
    if not isinstance(source, Path):
        return verified_copy(source, target, pages=pages, progress=progress, key=key)
    conn = connect(source, key=key)
    try:
        return verified_copy(conn, target, pages=pages, progress=progress, key=key)
    finally:
        conn.close()


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What a look inside a (closed) library or backup file found."""

    problem: str | None  # None when usable; else a sentence fragment ("is empty (0 bytes)")
    revision: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _broken_links(conn: sqlite3.Connection) -> str | None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if not rows:
        return None
    table, _rowid, parent, _fk = rows[0]
    more = f" (and {len(rows) - 1} more)" if len(rows) > 1 else ""
    return (
        f"has links between records that point nowhere: a row in '{table}' points to a "
        f"missing row in '{parent}'{more}"
    )


def plain_audit_records(conn: sqlite3.Connection) -> Iterator[AuditRecord]:
    """The audit trail read with plain ``sqlite3`` (a closed file, a backup, a test), with the
    account, computer and hash version from revision 0008 on (issue 19) and without them in a
    file from before."""

    def at(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
    who_more = (
        ", account, computer, hash_version"
        if {"account", "computer", "hash_version"} <= columns
        else ""
    )
    rows = conn.execute(
        "SELECT seq, at, who, action, what, change_hash, prev_hash, row_hash"
        f"{who_more} FROM audit_log ORDER BY seq"
    )
    return (AuditRecord(r[0], at(r[1]), *r[2:]) for r in rows)


def _audit_problem(conn: sqlite3.Connection) -> str | None:
    """The audit trail's hash chain, checked in the file itself (None when intact or absent)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "audit_log" not in tables:
        return None
    anchor = None
    if "setting" in tables:
        value = conn.execute("SELECT value FROM setting WHERE key = 'audit.head'").fetchone()
        if value and ":" in str(value[0]):
            seq, _, digest = str(value[0]).partition(":")
            anchor = (int(seq), digest) if seq.isdigit() else None
    try:
        verdict = verify_chain(plain_audit_records(conn), anchor)
    except (TypeError, ValueError) as exc:
        return f"has an audit trail that cannot be read ({exc})"
    if verdict.broken is None:
        return None
    return (
        "has an audit trail that was altered outside ReviewDesk (at entry "
        f"{verdict.broken.seq}: {verdict.broken.problem.rstrip('.')})"
    )


def check_closed_file(
    path: Path,
    *,
    known_revisions: Collection[str],
    full: bool,
    key: DatabaseKey | None = None,
    deep: bool = False,
) -> FileCheck:
    """Check a file no one is writing to (a backup): header, SQLite's own check, that it is
    a ReviewDesk library of a schema this version knows, and that its whole schema (tables,
    indexes, triggers, views) is ReviewDesk's own for that revision. ``deep`` also checks every
    link between records (``foreign_key_check``) and the audit trail's hash chain: what a
    restore needs before it replaces anything. Opens it immutable: changes nothing. With
    ``key``, the file must be encrypted with that key."""
    if not path.exists():
        return FileCheck("does not exist")
    issue = inspect_file(path, encrypted=key is not None)
    if issue == "not_sqlite" and sqlite_file.looks_encrypted(path):
        return FileCheck(
            "is not a database, or is an encrypted backup (which opens only in an encrypted "
            "library, with its passphrase)"
        )
    if issue:
        return FileCheck(FILE_PROBLEMS[issue])
    try:
        conn = connect(path, immutable=not sqlite_file.side_file(path, "-wal").exists(), key=key)
    except DB_ERRORS as exc:
        return FileCheck(f"cannot be opened ({exc})")
    try:
        found = problems_of(conn, full=full, limit=3)
        if found:
            return FileCheck("is damaged (SQLite reports: " + "; ".join(found) + ")")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return FileCheck("is not a ReviewDesk library")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
        if revision is None or revision not in known_revisions:
            return FileCheck("was made by a newer version of ReviewDesk", revision)
        shape = library_schema.differences(conn, revision)
        if not shape.ok:
            return FileCheck(
                f"holds parts that ReviewDesk did not make ({shape.summary()}), which could "
                "change or delete your work",
                revision,
            )
        if deep:
            problem = _broken_links(conn) or _audit_problem(conn)
            if problem:
                return FileCheck(problem, revision)
    except DB_ERRORS as exc:
        if key is not None and "not a database" in str(exc):
            return FileCheck("is not encrypted with this library's key")
        return FileCheck(f"is damaged ({exc})")
    finally:
        conn.close()
    if revision not in known_revisions:
        return FileCheck("was made by a newer version of ReviewDesk", revision)
    return FileCheck(None, revision)


class InUseError(Exception):
    """The library file is open in another program, so it cannot be replaced."""


def release_wal(database: Path, key: DatabaseKey | None = None) -> None:
    """Fold the write-ahead log into the library and switch it to a rollback journal, so the
    file stands alone and can be replaced. Needs sole access: raises :class:`InUseError`
    when another program has the library open."""
    conn = connect(database, timeout_ms=1000, key=key)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except DB_ERRORS as exc:
        raise InUseError(str(exc)) from exc
    finally:
        conn.close()
    wal = side_file(database, "-wal")
    if mode != "delete" or (wal.exists() and wal.stat().st_size > 0):
        raise InUseError("the write-ahead log is still in use")


def put_back(backup: Path, database: Path) -> None:
    """Replace ``database`` by a copy of ``backup`` atomically (temporary name, fsync, rename).

    The caller has already made a safety copy of ``database`` and released its write-ahead log
    (or set a damaged one aside): a stale log must never be replayed over the restored file.
    """
    folder = database.parent
    tmp = folder / f".{database.name}.restore-{secrets.token_hex(4)}.part"
    try:
        shutil.copyfile(backup, tmp)
        private(tmp)
        fsync_file(tmp)
        for suffix in ("-wal", "-shm", "-journal"):
            side_file(database, suffix).unlink(missing_ok=True)
        os.replace(tmp, database)
        fsync_dir(folder)
    finally:
        tmp.unlink(missing_ok=True)
