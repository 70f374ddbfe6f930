"""Writing and reading the audit trail (the rules are in reviewdesk/domain/audit.py).

Every function takes the caller's open ``Session`` or ``Connection``: an entry is always written
in the same transaction as the change it records, so both are saved or neither is. The newest
entry's (sequence, hash) is also kept in the ``setting`` table as an anchor, so that entries
removed from the end of the trail are noticed too.

The trail is also anchored *outside* its own file (issue 16): after each write that added entries
the library's store writes the first and newest entries' hashes to a small file beside the
library (:func:`write_outside_anchor`), and every backup is a library with its own trail; each
is a witness the trail must still agree with. The append-only triggers are checked
(:func:`missing_protection`) and put back on open (:func:`restore_protection`).
"""

from __future__ import annotations

import getpass
import os
import platform
import secrets
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    Connection,
    CursorResult,
    column,
    func,
    insert,
    inspect,
    select,
    table,
    text,
    update,
)

from reviewdesk.domain.audit import GENESIS_HASH, AuditRecord, HiddenEntry, new_record
from reviewdesk.store.core_tables import audit_log as _audit
from reviewdesk.store.core_tables import setting as _setting

if TYPE_CHECKING:  # the ORM is not imported to open a library (issue 20)
    from sqlalchemy.orm import Session

ANCHOR_KEY = "audit.head"
APPENDED = "reviewdesk.audit.appended"  # conn.info: (first hash, seq, hash) of the newest entry
APPEND_ONLY = "The ReviewDesk audit trail is append-only: its entries cannot be changed or deleted."
PROTECTION = {
    f"audit_log_no_{event.lower()}": (
        f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    )
    for event in ("UPDATE", "DELETE")
}
# pg_advisory_xact_lock key that serialises appends on a server ("RDaudit" as a number).
AUDIT_LOCK = 0x5244617564697400 >> 8
sqlite_master = table(
    "sqlite_master", column("type"), column("name"), column("tbl_name"), column("sql")
)


# --- who is at the keyboard (issue 19) -------------------------------------------------------

UNKNOWN_ACCOUNT = "(account not known)"
UNKNOWN_COMPUTER = "(computer not known)"


def os_account() -> str:
    """The operating-system account this process runs as. ``getpass.getuser`` reads the
    environment (LOGNAME, USER, LNAME, USERNAME) and then the password database; it can fail
    on a locked-down machine, which must never stop a save."""
    try:
        name = getpass.getuser()
    except Exception:  # KeyError, OSError, ImportError (no pwd module): record that we could not
        name = ""
    return name.strip()[:120] or UNKNOWN_ACCOUNT


def computer_name() -> str:
    """This computer's own name. ``platform.node`` asks the operating system (uname / the
    Windows computer name) and touches no network: never ``socket.getfqdn``, which can make a
    DNS lookup."""
    try:
        name = platform.node()
    except Exception:  # never let a name stop a save
        name = ""
    return name.strip()[:255] or UNKNOWN_COMPUTER


def _connection(conn: Connection | Session) -> Connection:
    """The Core connection under a session (or the connection itself)."""
    return conn if isinstance(conn, Connection) else conn.connection()


def has_audit_table(conn: Connection | Session) -> bool:
    bind = _connection(conn)
    return inspect(bind).has_table(_audit.name)


def _server_helper(conn: Connection | Session, name: str) -> bool:
    """On a server whose rules give the audit trail row-level security (server_policy.py):
    the newest entry, the first and the chain's links are read through these helpers, since
    a person's own reading of the trail is limited to the entries about their reviews."""
    if not _is_server(conn):
        return False
    info = _connection(conn).info
    known = info.setdefault("reviewdesk.audit.helpers", set())
    if name in known:  # found once on this connection: the rules are not taken away
        return True
    found = conn.execute(text("SELECT to_regprocedure(:f)"), {"f": name}).scalar() is not None
    if found:
        known.add(name)
    return found


def head(conn: Connection | Session) -> tuple[int, str]:
    """(sequence, hash) of the newest entry; (0, 64 zeros) for an empty trail."""
    if _server_helper(conn, "rd_audit_head()"):
        found = conn.execute(text("SELECT seq, row_hash FROM rd_audit_head()")).first()
        return (found[0], found[1]) if found else (0, GENESIS_HASH)
    row = conn.execute(
        select(_audit.c.seq, _audit.c.row_hash).order_by(_audit.c.seq.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def anchor(conn: Connection | Session) -> tuple[int, str] | None:
    value = conn.execute(select(_setting.c.value).where(_setting.c.key == ANCHOR_KEY)).scalar()
    if not value or ":" not in value:
        return None
    seq, _, digest = value.partition(":")
    try:
        return int(seq), digest
    except ValueError:
        return None


def _set_anchor(conn: Connection | Session, seq: int, digest: str) -> None:
    value = f"{seq}:{digest}"
    done = cast(  # an UPDATE's result is a cursor result (it has a row count)
        CursorResult[Any],
        conn.execute(update(_setting).where(_setting.c.key == ANCHOR_KEY).values(value=value)),
    )
    if not done.rowcount:
        conn.execute(insert(_setting).values(key=ANCHOR_KEY, value=value))


def append(
    conn: Connection | Session,
    *,
    at: datetime,
    who: str,
    action: str,
    what: Mapping[str, Any],
    account: str | None = None,
    computer: str | None = None,
) -> AuditRecord:
    """Add one entry at the end of the chain (inside the caller's write transaction). The
    operating-system account and the computer's name are this process's own unless given.

    On a server (PostgreSQL) appends are serialised: a transaction-level advisory lock is
    taken before the head is read and held until commit, so two people saving at once never
    both extend the same entry (the chain cannot fork). There "who" is always the signed-in
    database account (``current_user``; a trigger refuses anything else: store/server_policy.py).
    """
    if _is_server(conn):
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        who = conn.execute(text("SELECT current_user")).scalar_one()
    seq, prev = head(conn)
    rec = new_record(
        seq=seq + 1,
        at=at,
        who=who,
        action=action,
        what=what,
        prev=prev,
        account=os_account() if account is None else account,
        computer=computer_name() if computer is None else computer,
    )
    conn.execute(
        insert(_audit).values(
            seq=rec.seq,
            at=rec.at,
            who=rec.who,
            action=rec.action,
            what=rec.what,
            change_hash=rec.change_hash,
            prev_hash=rec.prev_hash,
            row_hash=rec.row_hash,
            account=rec.account,
            computer=rec.computer,
            hash_version=rec.version,
        )
    )
    _set_anchor(conn, rec.seq, rec.row_hash)
    first = rec.row_hash if rec.seq == 1 else first_hash(conn)
    conn.info[APPENDED] = (first, rec.seq, rec.row_hash)
    return rec


def server_account(conn: Connection | Session) -> str | None:
    """The signed-in database account on a server (None in a library file)."""
    if not _is_server(conn):
        return None
    return str(conn.execute(text("SELECT current_user")).scalar_one())


def first_hash(conn: Connection | Session) -> str:
    if _server_helper(conn, "rd_audit_first()"):
        return conn.execute(text("SELECT rd_audit_first()")).scalar() or GENESIS_HASH
    value = conn.execute(select(_audit.c.row_hash).where(_audit.c.seq == 1)).scalar()
    return value or GENESIS_HASH


# --- the append-only protection -------------------------------------------------------------


def _is_sqlite(conn: Connection | Session) -> bool:
    bind = _connection(conn)
    return bind.dialect.name == "sqlite"


def _is_server(conn: Connection | Session) -> bool:
    bind = _connection(conn)
    return bind.dialect.name == "postgresql"


# The server's triggers (migration 0002): a row trigger for UPDATE and DELETE, a statement one
# for TRUNCATE, each calling audit_log_append_only().
SERVER_PROTECTION = ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_truncate")


def _missing_on_server(conn: Connection | Session) -> list[str]:
    found = {
        name
        for (name,) in conn.execute(
            text(
                "SELECT t.tgname FROM pg_trigger AS t JOIN pg_proc AS p ON p.oid = t.tgfoid "
                "WHERE t.tgrelid = to_regclass('audit_log') AND NOT t.tgisinternal "
                "AND t.tgenabled <> 'D' AND p.proname = 'audit_log_append_only'"
            )
        ).all()
    }
    return [name for name in SERVER_PROTECTION if name not in found]


def missing_protection(conn: Connection | Session) -> list[str]:
    """The append-only triggers that are not there (or not as ReviewDesk made them)."""
    if not has_audit_table(conn):
        return []
    if _is_server(conn):
        return _missing_on_server(conn)
    if not _is_sqlite(conn):
        return []
    found = dict(
        conn.execute(
            select(sqlite_master.c.name, sqlite_master.c.sql).where(
                sqlite_master.c.type == "trigger", sqlite_master.c.tbl_name == "audit_log"
            )
        ).all()
    )
    return [
        name
        for name, sql in PROTECTION.items()
        if " ".join((found.get(name) or "").split()) != " ".join(sql.split())
    ]


def restore_protection(conn: Connection) -> list[str]:
    """Put back any missing (or altered) append-only trigger; returns their names. (On a
    server only the database owner can, with ``reviewdesk server upgrade``.)"""
    if _is_server(conn):
        return []
    missing = missing_protection(conn)
    for name in missing:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(PROTECTION[name])
    return missing


PROTECTION_NOTES_KEY = "audit.protection_restored"


def note_protection_restored(conn: Connection, at: datetime, names: list[str]) -> None:
    """Remember (in the setting table) that the triggers were found missing and put back."""
    line = f"{at:%Y-%m-%dT%H:%M:%SZ} {','.join(names)}"
    old = conn.execute(
        select(_setting.c.value).where(_setting.c.key == PROTECTION_NOTES_KEY)
    ).scalar()
    if old is None:
        conn.execute(insert(_setting).values(key=PROTECTION_NOTES_KEY, value=line))
    else:
        conn.execute(
            update(_setting)
            .where(_setting.c.key == PROTECTION_NOTES_KEY)
            .values(value=f"{old}\n{line}")
        )


def protection_notes(conn: Connection | Session) -> list[tuple[str, str]]:
    """(when, which triggers) for each time the protection was found missing and put back."""
    value = conn.execute(
        select(_setting.c.value).where(_setting.c.key == PROTECTION_NOTES_KEY)
    ).scalar()
    notes = []
    for line in (value or "").splitlines():
        when, _, names = line.partition(" ")
        notes.append((when, names))
    return notes


# --- the anchor outside the library -----------------------------------------------------------


def outside_anchor_path(database: Path) -> Path:
    return database.with_name(database.name + ".audit-head")


def write_outside_anchor(database: Path, head: tuple[str, int, str]) -> None:
    """Write "<seq> <hash> <first entry's hash>" beside the library, atomically; never raises
    (a save is never lost for its sake)."""
    first, seq, digest = head
    target = outside_anchor_path(database)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    try:
        tmp.write_text(f"{seq} {digest} {first}\n", encoding="ascii")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)


def read_outside_anchor(database: Path) -> tuple[str, int, str] | None:
    """(first hash, seq, hash) from the file beside the library, or None when there is none
    (a library from before this file, or copied without it)."""
    try:
        parts = outside_anchor_path(database).read_text(encoding="ascii").split()
        seq, digest, first = int(parts[0]), parts[1], parts[2]
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return None
    return first, seq, digest


def backup_witness(path: Path, key: Any = None) -> tuple[str, int, str] | None:
    """(first hash, seq, hash) of the newest entry in a backup's own trail, or None when it
    cannot be read (a damaged backup is reported by the backup checks, not here)."""
    from reviewdesk.store.sqlite_file import connect

    try:
        conn = connect(path, key=key, immutable=True)
        try:
            row = conn.execute(
                "SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            first = conn.execute("SELECT row_hash FROM audit_log WHERE seq = 1").fetchone()
        finally:
            conn.close()
    except Exception:  # any unreadable backup is simply no witness
        return None
    if row is None:
        return None
    return (first[0] if first else GENESIS_HASH), int(row[0]), str(row[1])


def records(
    conn: Connection | Session, *, newest_first: bool = False, limit: int | None = None
) -> Iterator[AuditRecord]:
    order = _audit.c.seq.desc() if newest_first else _audit.c.seq
    query = select(_audit).order_by(order)
    if limit is not None:
        query = query.limit(limit)
    for row in conn.execute(query):
        yield AuditRecord(
            seq=row.seq,
            at=row.at,
            who=row.who,
            action=row.action,
            what=row.what,
            change_hash=row.change_hash,
            prev_hash=row.prev_hash,
            row_hash=row.row_hash,
            account=row.account,
            computer=row.computer,
            version=row.hash_version,
        )


def may_verify(conn: Connection | Session) -> bool:
    """Everyone may verify a library file's trail; on a server, leads and admins (and IT)."""
    if not _server_helper(conn, "rd_audit_links()"):
        return True
    return bool(
        conn.execute(
            text("SELECT has_function_privilege(current_user, 'rd_audit_links()', 'EXECUTE')")
        ).scalar()
    )


def records_to_verify(conn: Connection | Session) -> list[AuditRecord | HiddenEntry]:
    """Every entry in order, for verifying the chain. On a server, someone who may read only
    part of the trail (a lead) but may verify it gets the entries they cannot read as their
    place in the chain only (sequence and hashes: ``rd_audit_links``), never their content."""
    visible = list(records(conn))
    if not _server_helper(conn, "rd_audit_links()") or not may_verify(conn):
        return list(visible)
    by_seq = {r.seq: r for r in visible}
    return [
        by_seq.get(seq) or HiddenEntry(seq=seq, prev_hash=prev, row_hash=digest)
        for seq, prev, digest in conn.execute(
            text("SELECT seq, prev_hash, row_hash FROM rd_audit_links()")
        ).all()
    ]


def count(conn: Connection | Session) -> int:
    return conn.execute(select(func.count()).select_from(_audit)).scalar_one()
