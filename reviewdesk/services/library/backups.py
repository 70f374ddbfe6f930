"""Automatic, verified backups: when to take them, how many to keep, and putting one back.

- Taken on the first launch of a day, before every import, before every schema upgrade
  (reviewdesk/store/engine.py), before a restore and before a purge; or when asked.
- Each is a complete SQLite file made with the online backup API, checked with
  ``integrity_check`` and renamed into place only when complete (reviewdesk/store/backups.py).
- Thinned like a grandfather-father-son rotation: everything from the last 24 hours, the newest
  of each of the last 7 days, 4 weeks and 12 months that have backups, and the 3 newest taken
  before an upgrade.
- Restore first backs up the current library (or, if it is damaged, keeps a copy of it aside),
  then puts the chosen backup in its place with an atomic rename. It runs with the library
  closed: :meth:`BackupService.restore` closes and reopens the open library around it, and
  :func:`restore_library` is for when nothing is open (the command line, a damaged library).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from reviewdesk.domain.audit import SYSTEM
from reviewdesk.domain.errors import BackupError, LibraryDamagedError, StorageError
from reviewdesk.store import audit as audit_store
from reviewdesk.store import backups as files
from reviewdesk.store import local_notes
from reviewdesk.store.core_tables import utcnow
from reviewdesk.store.engine import Store, known_revisions, open_store
from reviewdesk.store.sqlite_file import (
    DB_ERRORS,
    DatabaseKey,
    connect,
    inspect_file,
    keep_aside,
    problems_of,
)

Clock = Callable[[], datetime]

KIND_LABELS = {
    "daily": "Daily backup",
    "before-import": "Before an import",
    "before-restore": "Before going back to a backup",
    "before-purge": "Before a review was permanently deleted",
    "manual": "Backup you asked for",
    "before-encrypt": "Before the library was encrypted",
    "before-decrypt": "Before the library was decrypted",
}


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    kind: str
    taken_at: datetime  # UTC
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        if self.kind.startswith("before-upgrade"):
            return "Before ReviewDesk updated the library"
        return KIND_LABELS.get(self.kind, "Backup")


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None  # the library as it was, backed up first
    kept_aside: Path | None  # the damaged library, copied aside (when it could not be backed up)

    def message(self) -> str:
        before = ""
        if self.safety_copy:
            before = f" The library as it was is kept in {self.safety_copy.name}."
        elif self.kept_aside:
            before = f" The damaged library is kept as {self.kept_aside}."
        return f"Restored the library from {self.restored_from.name}.{before}"


def list_backups(folder: Path) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first."""
    found = []
    if folder.is_dir():
        for p in folder.iterdir():
            parsed = files.parse_name(p.name)
            if parsed and p.is_file():
                found.append(BackupInfo(p, parsed[0], parsed[1], p.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.name), reverse=True)


def plan_thinning(
    backups: Iterable[BackupInfo],
    *,
    now: datetime,
    tz: tzinfo | None = None,
    recent_hours: int = 24,
    daily: int = 7,
    weekly: int = 4,
    monthly: int = 12,
    upgrades: int = 3,
) -> set[Path]:
    """The backups to keep (every other one may go). Pure: no files are touched."""
    ordered = sorted(backups, key=lambda b: (b.taken_at, b.name), reverse=True)
    keep: set[Path] = {b.path for b in ordered[:1]}
    keep |= {b.path for b in ordered if now - b.taken_at <= timedelta(hours=recent_hours)}

    def local(b: BackupInfo) -> datetime:
        return b.taken_at.astimezone(tz)

    buckets: list[tuple[Callable[[BackupInfo], object], int]] = [
        (lambda b: local(b).date(), daily),
        (lambda b: local(b).isocalendar()[:2], weekly),
        (lambda b: (local(b).year, local(b).month), monthly),
    ]
    for key_of, allowed in buckets:
        seen: set[object] = set()
        for b in ordered:  # newest first: the first of each period is its newest
            key = key_of(b)
            if key in seen:
                continue
            if len(seen) >= allowed:
                break
            seen.add(key)
            keep.add(b.path)
    keep |= {b.path for b in [b for b in ordered if b.kind.startswith("before-upgrade")][:upgrades]}
    return keep


def check_backup(
    path: Path, *, full: bool = True, key: DatabaseKey | None = None, deep: bool = False
) -> files.FileCheck:
    """``deep``: also every link between records and the audit trail (before a restore)."""
    return files.check_closed_file(
        path, known_revisions=known_revisions(), full=full, key=key, deep=deep
    )


def newest_good_backup(folder: Path, key: DatabaseKey | None = None) -> BackupInfo | None:
    """The newest backup that opens and passes SQLite's quick check."""
    for info in list_backups(folder):
        if check_backup(info.path, full=False, key=key).ok:
            return info
    return None


def _healthy(database: Path, key: DatabaseKey | None = None) -> bool:
    """The library can be backed up before a restore (else it is copied aside as it is). A
    search index found broken alone (SQLite 3.44 and later check it) does not stop that: the
    backup's copy has its index built again (store/sqlite_file.py ``verified_copy``)."""
    if inspect_file(database, encrypted=key is not None) is not None:
        return False
    try:
        conn = connect(database, timeout_ms=1000, key=key)
    except DB_ERRORS:
        return False
    try:
        found = problems_of(conn, limit=3)
        if not found:
            return True
        from reviewdesk.store.search_check import only_the_index  # (loads the ORM's tables)

        return only_the_index(found)
    except DB_ERRORS:
        return False
    finally:
        conn.close()


def resolve_backup(folder: Path, name: str | Path) -> Path:
    """A path as given, or a bare name looked up in the backups folder."""
    path = Path(name).expanduser()
    if not path.exists() and (folder / path.name).exists():
        return folder / path.name
    return path


def restore_library(
    database: Path,
    backups_dir: Path,
    backup: Path,
    *,
    clock: Clock = utcnow,
    who: str = SYSTEM,
    key: DatabaseKey | None = None,
) -> RestoreResult:
    """Put ``backup`` in place of the library at ``database``. Nothing may have it open.

    The backup is checked in full first, before anything is replaced: SQLite's integrity check,
    its whole schema against ReviewDesk's own for its revision (an extra trigger is refused),
    every link between records and the audit trail's hash chain. Then the current library is
    backed up (or, when it is damaged, copied aside byte for byte); the swap is an atomic
    rename; and the restore is recorded in the restored library's audit trail.
    """
    backup = resolve_backup(backups_dir, backup)
    found = check_backup(backup, full=True, key=key, deep=True)
    if not found.ok:
        raise BackupError(
            f"The backup {backup} {found.problem}, so it cannot be restored. Your library has "
            "not been changed."
        )
    now = clock()
    safety = kept = None
    if database.exists():
        if _healthy(database, key):
            try:
                safety = files.take(database, backups_dir, "before-restore", now, key=key)
                local_notes.copy_beside(database.parent, safety)
                files.release_wal(database, key)
            except files.InUseError as exc:
                raise BackupError(
                    "The library is open in another program, so it cannot be replaced. Please "
                    "close the other program and try again. Nothing has been changed."
                ) from exc
            except (OSError, ValueError) + DB_ERRORS as exc:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
                raise BackupError(
                    f"The library could not be backed up before restoring ({exc}), so nothing "
                    "has been changed. Please free some disk space and try again."
                ) from exc
        else:
            kept = keep_aside(database, files.stamp(now))
    try:
        files.put_back(backup, database)
        local_notes.put_back(database.parent, backup)  # partnership mode's, taken with it
    except OSError as exc:
        raise BackupError(
            f"The backup could not be put in place ({exc.strerror or exc}). Your library has "
            "not been changed."
        ) from exc
    store = open_store(database, backups_dir, clock=clock, key=key)
    try:
        with store.write() as session:
            audit_store.append(
                session,
                at=clock(),
                who=who,
                action="library.restored",
                what={
                    "backup": backup.name,
                    "safety_copy": safety.name if safety else None,
                    "kept_aside": kept.name if kept else None,
                },
            )
    finally:
        store.close()
    return RestoreResult(backup, safety, kept)


class BackupService:
    """Backups of the open library (or of ``database`` when no store is given)."""

    def __init__(
        self,
        store: Store | None,
        backups_dir: Path,
        *,
        database: Path | None = None,
        clock: Clock = utcnow,
        tz: tzinfo | None = None,
        who: Callable[[], str] = lambda: SYSTEM,
        key: DatabaseKey | None = None,
    ) -> None:
        self._store = store
        self._given_key = key
        self.folder = backups_dir
        self.database = database or (store.path if store else None)
        self._clock = clock
        self._tz = tz
        self._who = who

    @property
    def _key(self) -> DatabaseKey | None:
        """The key given, else the open library's own now (it follows a change of encryption
        made while ReviewDesk is open, and is forgotten while the library is locked)."""
        if self._given_key is not None:
            return self._given_key
        return self._store.key if self._store is not None else None

    # --- listing ---------------------------------------------------------------------------

    def list(self) -> list[BackupInfo]:
        return list_backups(self.folder)

    def newest_good(self) -> BackupInfo | None:
        return newest_good_backup(self.folder, self._key)

    def check(self, backup: Path, *, deep: bool = True) -> files.FileCheck:
        return check_backup(resolve_backup(self.folder, backup), key=self._key, deep=deep)

    # --- taking ----------------------------------------------------------------------------

    def take(
        self,
        kind: str = "manual",
        *,
        destination: Path | None = None,
        pages: int = -1,
        progress: Callable[[int, int, int], object] | None = None,
    ) -> BackupInfo:
        """Take a verified backup now (into the backups folder, or to ``destination``).

        ``pages`` > 0 copies that many pages per step and calls ``progress(status, remaining,
        total)`` after each (for a progress bar); the default copies in one step."""
        if self.database is None:
            raise BackupError("An in-memory library has no file to back up.")
        when = self._clock()
        if destination is not None and destination.exists():
            raise BackupError(f"{destination} already exists. Please choose another name.")
        options = {
            "destination": destination,
            "pages": pages,
            "progress": progress,
            "key": self._key,
        }
        # options: files.take's keyword arguments, typed there (a dict of them is object-valued).
        try:
            if self._store is not None:
                with self._store.raw() as conn:
                    path = files.take(conn, self.folder, kind, when, **options)  # type: ignore[arg-type]
            else:
                path = files.take(self.database, self.folder, kind, when, **options)  # type: ignore[arg-type]
        except StorageError as exc:
            raise BackupError(f"The backup could not be made: {exc}") from exc
        except (OSError, ValueError) + DB_ERRORS as exc:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
            detail = getattr(exc, "strerror", None) or str(exc)
            raise BackupError(
                f"The backup could not be made ({detail}). Your library has not been changed."
            ) from exc
        if destination is None:
            self._with_notes(path)
            self.thin()
        return BackupInfo(path, kind, when, path.stat().st_size)

    def _with_notes(self, backup: Path) -> None:
        """The private notes partnership mode keeps on this computer, copied beside the backup
        (store/local_notes.py): restoring the backup puts them back too."""
        assert self.database is not None
        try:
            local_notes.copy_beside(self.database.parent, backup)
        except OSError as exc:
            backup.unlink(missing_ok=True)
            raise BackupError(
                f"The backup could not be made: your private notes on this computer could not "
                f"be copied with it ({exc.strerror or exc}). Your library has not been changed."
            ) from exc

    def due_today(self) -> bool:
        today = self._clock().astimezone(self._tz).date()
        return not any(b.taken_at.astimezone(self._tz).date() == today for b in self.list())

    def take_daily_if_due(self) -> BackupInfo | None:
        """The first launch of a day takes a backup (any backup taken today counts)."""
        if self.database is None or not self.due_today():
            return None
        return self.take("daily")

    def before_import(self) -> BackupInfo | None:
        return None if self.database is None else self.take("before-import")

    def thin(self) -> builtins.list[Path]:  # (list: the method above)
        """Delete the backups the rotation no longer needs. Returns what was removed."""
        backups = self.list()
        keep = plan_thinning(backups, now=self._clock(), tz=self._tz)
        removed = []
        for b in backups:
            if b.path not in keep:
                b.path.unlink(missing_ok=True)
                local_notes.backup_of(b.path).unlink(missing_ok=True)
                removed.append(b.path)
        return removed

    # --- putting one back ------------------------------------------------------------------

    def restore(self, backup: Path) -> RestoreResult:
        """Go back to ``backup``: the open library is closed, replaced and opened again."""
        if self.database is None:
            raise BackupError("An in-memory library cannot be restored from a file.")
        backup = resolve_backup(self.folder, backup)
        found = self.check(backup)
        if not found.ok:
            raise BackupError(
                f"The backup {backup.name} {found.problem}, so it cannot be restored. Your "
                "library has not been changed."
            )
        if self._store is None:
            return restore_library(
                self.database,
                self.folder,
                backup,
                clock=self._clock,
                who=self._who(),
                key=self._key,
            )
        who = self._who()
        with self._store.offline():
            return restore_library(
                self.database, self.folder, backup, clock=self._clock, who=who, key=self._key
            )


def damaged_library_error(
    error: LibraryDamagedError,
    backups_dir: Path,
    *,
    clock: Clock = utcnow,
    key: DatabaseKey | None = None,
) -> LibraryDamagedError:
    """Add what to do next to a damaged-library error: keep a copy aside and name the newest
    good backup (``reviewdesk restore NAME``)."""
    path = Path(str(error.path)) if error.path else None
    kept = None
    if path is not None:
        try:
            kept = keep_aside(path, files.stamp(clock()))
        except OSError:
            kept = None
    newest = newest_good_backup(backups_dir, key)
    parts = [str(error)]
    if kept:
        parts.append(f"A copy of it has been kept as {kept}.")
    if newest:
        when = newest.taken_at.astimezone().strftime("%d %B %Y at %H:%M")
        parts.append(
            f"The newest good backup is {newest.name} ({when}). To go back to it, choose "
            f"Restore in ReviewDesk, or run: reviewdesk restore {newest.name}"
        )
    else:
        parts.append("No good backup was found in " + str(backups_dir) + ".")
    return LibraryDamagedError(
        " ".join(parts),
        reason=error.reason,
        path=error.path,
        kept_copy=kept,
        newest_backup=newest,
    )
