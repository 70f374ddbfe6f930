"""The audit trail as a use case: record changes, read the log, verify the chain.

Services call :meth:`AuditService.record` inside their own write transaction, so an entry is
saved together with the change it describes, or not at all. Saves of answers and assessments are
coalesced: one entry per contributor and prompt (or theme) per editing session of
:data:`COALESCE_MINUTES`, not one per keystroke-debounced save.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from reviewdesk.domain.audit import (
    UNNAMED,
    AuditEntry,
    AuditRecord,
    ChainVerdict,
    entry_of,
    verify_chain,
)
from reviewdesk.domain.errors import NotAllowedError
from reviewdesk.store import audit as audit_store
from reviewdesk.store import backups as backup_files
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import ReviewRow, SettingRow, utcnow

COALESCE_MINUTES = 10


def review_what(row: ReviewRow, **extra: Any) -> dict[str, Any]:
    """What an entry about a review records: its reference and identifier, never its text."""
    return {"review": row.reference, "review_uid": row.uid, **extra}


class AuditService:
    def __init__(
        self,
        store: Store,
        *,
        who: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        coalesce: timedelta = timedelta(minutes=COALESCE_MINUTES),
    ) -> None:
        self._store = store
        self._who = who
        self._clock = clock
        self._coalesce = coalesce
        self._last_logged: dict[Hashable, datetime] = {}

    # --- writing -------------------------------------------------------------------------------

    def actor(self, session: Session) -> str:
        """ "command line" for the CLI; otherwise the name in this computer's profile."""
        if self._who:
            return self._who
        row = session.get(SettingRow, "profile.name")
        return row.value if row is not None and row.value.strip() else UNNAMED

    def record(
        self,
        session: Session,
        action: str,
        what: Mapping[str, Any],
        *,
        coalesce_key: Hashable | None = None,
    ) -> AuditRecord | None:
        """Append an entry in the caller's transaction (skipped when ``coalesce_key`` was logged
        within the coalescing window in this session of the app)."""
        now = self._clock()
        if coalesce_key is not None:
            last = self._last_logged.get(coalesce_key)
            if last is not None and now - last < self._coalesce:
                return None

            def remember(_session: Session) -> None:
                self._last_logged[coalesce_key] = now

            event.listen(session, "after_commit", remember, once=True)
        session.flush()
        return audit_store.append(
            session, at=now, who=self.actor(session), action=action, what=what
        )

    def record_export(
        self, review_id: int, fmt: str, *, data: bytes | None = None, publication: bool = False
    ) -> AuditEntry:
        """Record that a review was exported (for the export services to call after writing the
        file). ``data``, when given, is fingerprinted (SHA-256) so the file can later be matched
        to this entry; its content is not kept."""
        with self._store.write() as session:
            row = queries.get_review_row(session, review_id)
            extra: dict[str, Any] = {"format": fmt}
            if publication:
                extra["publication"] = True
            if data is not None:
                extra["file_sha256"] = hashlib.sha256(data).hexdigest()
            rec = self.record(session, "review.exported", review_what(row, **extra))
            assert rec is not None
            return entry_of(rec)

    # --- reading -------------------------------------------------------------------------------

    def entries(
        self, *, reference: str | None = None, limit: int | None = None
    ) -> list[AuditEntry]:
        """The audit viewer's rows, newest first (optionally for one review's reference)."""
        if limit is not None:  # any number at all: never one SQLite cannot hold
            limit = max(0, min(limit, 2**31))
        with self._store.read() as session:
            if reference is None:
                return [
                    entry_of(r)
                    for r in audit_store.records(session, newest_first=True, limit=limit)
                ]
            wanted = reference.casefold()
            found = []
            for rec in audit_store.records(session, newest_first=True):
                entry = entry_of(rec)
                if entry.reference.casefold() == wanted:
                    found.append(entry)
                    if limit is not None and len(found) >= limit:
                        break
            return found

    def count(self) -> int:
        with self._store.read() as session:
            return audit_store.count(session)

    def latest_chain_hash(self) -> str:
        """The newest entry's hash (64 zeros for an empty trail): for export metadata."""
        with self._store.read() as session:
            return audit_store.head(session)[1]

    def verify(self) -> ChainVerdict:
        """Walk the whole chain; the verdict names the first broken link, if any, and any
        protection that is missing now or was found missing before.

        Besides the anchor in the library, the trail is checked against witnesses kept outside
        it: the head written beside the library after every save, and each backup's own trail
        (backups from before the latest restore are not witnesses: the restore went back)."""
        with self._store.read() as session:
            if not audit_store.may_verify(session):
                raise NotAllowedError(
                    "Checking the whole audit trail is for the reviews' leads and the "
                    "administrators on this server; they can see every entry's place in it. "
                    "Your own entries are listed here."
                )
            chain = audit_store.records_to_verify(session)
            records = [r for r in chain if isinstance(r, AuditRecord)]
            anchor = audit_store.anchor(session)
            reviews = session.scalar(select(func.count(ReviewRow.id))) or 0
            missing = audit_store.missing_protection(session)
            restored = audit_store.protection_notes(session)
        verdict = verify_chain(chain, anchor, witnesses=self._witnesses(records), reviews=reviews)
        protection = (
            (
                "The trail's protection against changes (its append-only triggers: "
                + ", ".join(missing)
                + ") is missing, so entries could be changed or removed unseen. Opening the "
                "library again puts it back.",
            )
            if missing
            else ()
        )
        notes = tuple(
            f"At {when.replace('T', ' ').rstrip('Z')} (UTC) the trail's protection against "
            f"changes ({names}) was found missing and put back when the library was opened; "
            "the checks above still cover every entry written before then."
            for when, names in restored
        )
        return replace(verdict, protection=protection, notes=notes)

    def _witnesses(self, records: list[AuditRecord]) -> list[tuple[str, tuple[str, int, str]]]:
        path = self._store.path
        if path is None:
            return []
        found: list[tuple[str, tuple[str, int, str]]] = []
        outside = audit_store.read_outside_anchor(path)
        if outside is not None:
            found.append((f"the record kept beside the library ({path.name}.audit-head)", outside))
        restored = [r.at for r in records if r.action == "library.restored"]
        since = max(restored) if restored else None
        folder = self._store.backups_dir
        if folder is None or not folder.is_dir():
            return found
        for backup in sorted(folder.glob("*.sqlite3")):
            named = backup_files.parse_name(backup.name)
            if named is None:
                continue
            taken = named[1].replace(tzinfo=None)
            if since is not None and taken <= since.replace(tzinfo=None):
                continue
            witness = audit_store.backup_witness(backup, self._store.key)
            if witness is not None:
                found.append((f"the backup {backup.name}", witness))
        return found
