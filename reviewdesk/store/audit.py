"""Writing and reading the audit trail (the rules are in reviewdesk/domain/audit.py).

Every function takes the caller's open ``Session`` or ``Connection``: an entry is always written
in the same transaction as the change it records, so both are saved or neither is. The newest
entry's (sequence, hash) is also kept in the ``setting`` table as an anchor, so that entries
removed from the end of the trail are noticed too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from reviewdesk.domain.audit import GENESIS_HASH, AuditRecord, new_record
from reviewdesk.store.tables import AuditRow, SettingRow

ANCHOR_KEY = "audit.head"
_audit = AuditRow.__table__
_setting = SettingRow.__table__


def has_audit_table(conn: Connection | Session) -> bool:
    bind = conn.connection() if isinstance(conn, Session) else conn
    return inspect(bind).has_table(_audit.name)


def head(conn: Connection | Session) -> tuple[int, str]:
    """(sequence, hash) of the newest entry; (0, 64 zeros) for an empty trail."""
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
    done = conn.execute(update(_setting).where(_setting.c.key == ANCHOR_KEY).values(value=value))
    if not done.rowcount:
        conn.execute(insert(_setting).values(key=ANCHOR_KEY, value=value))


def append(
    conn: Connection | Session, *, at: datetime, who: str, action: str, what: Mapping[str, Any]
) -> AuditRecord:
    """Add one entry at the end of the chain (inside the caller's write transaction)."""
    seq, prev = head(conn)
    rec = new_record(seq=seq + 1, at=at, who=who, action=action, what=what, prev=prev)
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
        )
    )
    _set_anchor(conn, rec.seq, rec.row_hash)
    return rec


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
        )


def count(conn: Connection | Session) -> int:
    return conn.execute(select(func.count()).select_from(_audit)).scalar_one()
