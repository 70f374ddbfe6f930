"""``reviewdesk check``: the full health check of an open library.

SQLite's ``integrity_check`` (every page and index), ``foreign_key_check`` (every link between
records), ReviewDesk's own rules (reviewdesk/store/consistency.py), the search index against the
text it indexes (a library file's) and the audit trail's hash chain. Opening a library runs only
a bounded check (store/sqlite_file.probe, and ``quick_check`` for a small file);
:meth:`IntegrityService.scheduled_check` checks the whole file in the background after opening,
weekly and after an unclean shutdown (issue 20).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reviewdesk.domain.audit import ChainVerdict
from reviewdesk.domain.words import count
from reviewdesk.services.audit import AuditService
from reviewdesk.services.library.backups import list_backups
from reviewdesk.store import cipher, consistency, search_check
from reviewdesk.store import schema as library_schema
from reviewdesk.store import search as search_index
from reviewdesk.store.engine import Store
from reviewdesk.store.file_header import looks_encrypted
from reviewdesk.store.sqlite_file import DB_ERRORS, DatabaseKey, connect, problems_of
from reviewdesk.store.tables import AnswerRow, ReviewRow, SettingRow, utcnow

if TYPE_CHECKING:
    from reviewdesk.services.library.encryption import LibraryKeys

FULL_CHECK_KEY = "integrity.full_check_at"  # when the whole file last passed (UTC, ISO 8601)
FULL_CHECK_EVERY = timedelta(days=7)
_REBUILT_BY_FIX = "; 'reviewdesk check --fix' builds it again"
SEARCH_INDEX_TITLE = "The search index (every word of every field findable)"  # a library file's


@dataclass(frozen=True, slots=True)
class ScheduledCheck:
    """What the background check of the whole file found (``findings`` empty when all is well)."""

    findings: tuple[str, ...]
    why: str  # "weekly" or "after an unclean shutdown"

    @property
    def ok(self) -> bool:
        return not self.findings

    def message(self) -> str:
        if self.ok:
            return "The library file has been checked and all is well."
        return (
            "ReviewDesk's routine check of the library file found a problem ("
            + "; ".join(self.findings[:3])
            + "). Everything you can see is still there and saving carries on, but please "
            "ask your IT support to run 'reviewdesk check' soon; 'reviewdesk backups' lists the "
            "backups you can go back to."
        )


@dataclass(frozen=True, slots=True)
class CheckSection:
    title: str
    findings: tuple[str, ...]
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True, slots=True)
class CheckReport:
    sections: tuple[CheckSection, ...]
    audit: ChainVerdict

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sections)

    @property
    def problems(self) -> list[str]:
        return [f"{s.title}: {f}" for s in self.sections for f in s.findings]

    @property
    def search_index_broken(self) -> bool:
        """A library file's search index would miss words (``check --fix`` builds it again)."""
        return any(s.title == SEARCH_INDEX_TITLE and not s.ok for s in self.sections)

    def lines(self) -> list[str]:
        out = []
        for s in self.sections:
            if s.ok:
                out.append(f"{s.title}: ok" + (f" ({s.summary})" if s.summary else ""))
            else:
                out.append(f"{s.title}: {count(len(s.findings), 'problem')}")
                out.extend(f"  - {f}" for f in s.findings)
        return out


@dataclass(frozen=True, slots=True)
class BackupKeyProblem:
    """A backup not under the library's current key (or plain beside an encrypted library)."""

    path: Path
    problem: str  # "plain" | "other-key" | "still-encrypted"
    sentence: str

    @property
    def fixable(self) -> bool:
        return self.problem in ("plain", "still-encrypted")


def opens_with(path: Path, key: DatabaseKey) -> bool:
    try:
        conn = connect(path, immutable=True, key=key)
    except DB_ERRORS:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DB_ERRORS:
        return False
    finally:
        conn.close()


class IntegrityService:
    def __init__(
        self,
        store: Store,
        audit: AuditService,
        *,
        backups_dir: Path | None = None,
        keys: LibraryKeys | None = None,
    ) -> None:
        self._store = store
        self._audit = audit
        self._backups_dir = backups_dir
        self._keys = keys

    # --- the whole file, in the background -----------------------------------------------------

    def last_full_check(self) -> datetime | None:
        with self._store.read() as session:
            row = session.get(SettingRow, FULL_CHECK_KEY)
        try:
            return datetime.fromisoformat(row.value) if row is not None else None
        except ValueError:
            return None

    def full_check_due(self, *, recovered: bool, now: datetime | None = None) -> bool:
        """Weekly, and after ReviewDesk did not close cleanly (``recovered``)."""
        if self._store.path is None:
            return False
        if recovered:
            return True
        last = self.last_full_check()
        return last is None or (now or utcnow()) - last >= FULL_CHECK_EVERY

    def scheduled_check(
        self, *, recovered: bool, now: datetime | None = None
    ) -> ScheduledCheck | None:
        """Check the whole file (``integrity_check``) when due, on a connection of its own
        (a read: saves carry on meanwhile); None when not due. A clean result is recorded in
        the library, so the next one is due in a week; a problem is not (it is checked again
        at the next start) and is returned to be told."""
        if not self.full_check_due(recovered=recovered, now=now):
            return None
        why = "after an unclean shutdown" if recovered else "weekly"
        try:
            with self._store.raw() as conn:
                findings = tuple(problems_of(conn, full=True, limit=10))
        except DB_ERRORS as exc:
            findings = (f"SQLite could not finish its check ({exc})",)
        if not findings:
            with self._store.write() as session:
                stamp = (now or utcnow()).isoformat()
                row = session.get(SettingRow, FULL_CHECK_KEY)
                if row is None:
                    session.add(SettingRow(key=FULL_CHECK_KEY, value=stamp))
                else:
                    row.value = stamp
        return ScheduledCheck(findings, why)

    # --- backups and the library's key ----------------------------------------------------------

    def backup_key_problems(self) -> list[BackupKeyProblem]:
        """Every backup that is not under the library's current key: a plain backup of an
        encrypted library, one encrypted with another key, or an encrypted backup of a library
        that is no longer encrypted."""
        if self._backups_dir is None:
            return []
        key = self._store.key
        found = []
        for info in sorted(list_backups(self._backups_dir), key=lambda b: b.name):
            encrypted = looks_encrypted(info.path)
            if key is not None and not encrypted:
                found.append(
                    BackupKeyProblem(
                        info.path,
                        "plain",
                        f"{info.name} is not encrypted, though the library is "
                        "('reviewdesk check --fix' encrypts it)",
                    )
                )
            elif key is not None and not opens_with(info.path, key):
                found.append(
                    BackupKeyProblem(
                        info.path,
                        "other-key",
                        f"{info.name} is encrypted with another key, so it would not open in "
                        "this library (keep it with the key file it was made with, or delete it)",
                    )
                )
            elif key is None and encrypted:
                found.append(
                    BackupKeyProblem(
                        info.path,
                        "still-encrypted",
                        f"{info.name} is still encrypted, though the library is not "
                        "('reviewdesk check --fix' turns it into a plain backup: it asks for "
                        "the passphrase it was encrypted with)",
                    )
                )
        return found

    def fix_backups(self, secret: Callable[[], str] | None = None) -> tuple[int, list[str]]:
        """Bring every fixable backup under the library's current key (encrypting plain ones;
        decrypting ones left encrypted beside a plain library, with ``secret``: the passphrase
        of the key file beside the library). Returns (converted, sentences for those left)."""
        problems = self.backup_key_problems()
        key = self._store.key
        old_key = None
        if any(p.problem == "still-encrypted" for p in problems):
            if self._keys is None or secret is None:
                return 0, [p.sentence for p in problems]
            old_key = self._keys.unlock(secret())
        done, left = 0, []
        for p in problems:
            if not p.fixable:
                left.append(p.sentence)
                continue
            source, target = (None, key) if p.problem == "plain" else (old_key, None)
            try:
                cipher.convert_in_place(p.path, source_key=source, target_key=target)
            except (OSError, ValueError) + DB_ERRORS as exc:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
                left.append(f"{p.path.name} could not be converted ({exc})")
            else:
                done += 1
        return done, left

    def search_index_findings(self, *, file_checked: bool = False) -> list[str]:
        """A library file's search index against the text it indexes, and its list of words
        (store/search_check.py), each finding saying what ``--fix`` does."""
        try:
            with self._store.raw() as conn:
                found = search_check.index_findings(conn, file_checked=file_checked)
        except DB_ERRORS as exc:
            found = [f"SQLite could not finish checking the search index ({exc})"]
        return [f + _REBUILT_BY_FIX for f in found]

    def rebuild_search_index(self) -> None:
        """``reviewdesk check --fix``: the search index built again from the text it indexes,
        and its list of words made again from it (nothing typed is touched)."""
        with self._store.write() as session:
            search_index.request_rebuild(session)  # (a server's index needs none)

    def schema_findings(self) -> list[str]:
        with self._store.raw() as conn:
            revision = library_schema.revision_of(conn)
            if revision is None:
                return []
            found = library_schema.differences(conn, revision)
        return [] if found.ok else [f"the library holds {s}" for s in found.sentences(limit=20)]

    def run(self, progress: Callable[[str], None] | None = None) -> CheckReport:
        """Every check, in order; ``progress`` (the command line's, at a terminal) is told what
        is being checked as each part starts: the file's own check reads every page, about
        15 s at 10,000 reviews, and a person at a prompt should not wait in silence."""
        say = progress or (lambda what: None)
        on_server = self._store.engine.dialect.name != "sqlite"
        integrity: list[str] = []
        links: list[str] = []
        file_checked = False
        if not on_server:  # (a server keeps its own pages and enforces every link itself)
            say("the library file, page by page, and the links between records")
            try:
                with self._store.raw() as conn:
                    integrity, links = consistency.sqlite_findings(conn)
                file_checked = True
            except DB_ERRORS as exc:
                integrity, links = [f"SQLite could not finish its check ({exc})"], []
        say("ReviewDesk's own rules")
        with self._store.read() as session:
            rules = consistency.app_findings(session)
            reviews = session.scalar(select(func.count(ReviewRow.id))) or 0
            answers = session.scalar(select(func.count(AnswerRow.id))) or 0
        searchable: list[str] = []
        if not on_server:  # (a server's index is a table of its own, kept by its triggers)
            say("the search index, word by word")
            # A SQLite that checks FTS5 in integrity_check has just checked the index there:
            # what it found is told, and fixed, with the index.
            moved = [f for f in integrity if search_check.is_index_finding(f)]
            integrity = [f for f in integrity if f not in moved]
            searchable = [
                f"{search_check.UNMATCHED} (SQLite's check: {f}){_REBUILT_BY_FIX}" for f in moved
            ]
            if not moved:  # (a broken index is built again, its list of words with it)
                searchable = self.search_index_findings(file_checked=file_checked)
        say("the audit trail, the schema and the backups")
        verdict = self._audit.verify()
        try:  # (a server's schema is IT's to check: 'reviewdesk server check')
            shape = [] if on_server else self.schema_findings()
        except DB_ERRORS as exc:
            shape = [f"SQLite could not read the schema ({exc})"]
        backups = [] if on_server else [p.sentence for p in self.backup_key_problems()]
        if self._keys is not None and self._keys.pending_change():
            backups.insert(0, "a change to the library's encryption is unfinished")
        n_backups = (
            len(list_backups(self._backups_dir)) if self._backups_dir and not on_server else 0
        )
        return CheckReport(
            (
                CheckSection(
                    "The database on the server (PostgreSQL checks its own)"
                    if on_server
                    else "The database file (SQLite integrity check)",
                    tuple(integrity),
                ),
                CheckSection(
                    "Links between records (the server enforces them)"
                    if on_server
                    else "Links between records (foreign key check)",
                    tuple(links),
                ),
                CheckSection(
                    "ReviewDesk's own rules",
                    tuple(rules),
                    f"{count(reviews, 'review')}, {count(answers, 'answer')}",
                ),
                CheckSection(
                    "The search index (the server keeps it)" if on_server else SEARCH_INDEX_TITLE,
                    tuple(searchable),
                ),
                CheckSection(
                    "The audit trail",
                    () if verdict.ok else (verdict.message(),),
                    " ".join((f"{count(verdict.checked, 'entry')}, intact.", *verdict.notes)),
                ),
                CheckSection(
                    "Tables, indexes and triggers (ReviewDesk's own, nothing else)", tuple(shape)
                ),
                CheckSection(
                    "Backups and the library's key",
                    tuple(backups),
                    "the server's backups are IT's (pg_dump), none on this computer"
                    if on_server
                    else f"{count(n_backups, 'backup')}, all under the library's current key"
                    if self._store.key is not None
                    else f"{count(n_backups, 'backup')}, none encrypted",
                ),
            ),
            verdict,
        )
