"""Private notes kept on this computer in partnership mode (issue 22, point 6).

When the reviews live on a shared server, a person's private notes (and the name they write
under) stay in a small SQLite file in their own data folder, readable only by their own
account (0600), keyed by the server, the account and the review's reference. Nothing here is
ever sent to the server: the server's ``private_note`` table stays empty for them.

The file is kept as safely as the local library it sits beside:

- **Encrypted at rest** when that library is: it is then a SQLCipher file under the library's
  own data key (the same cipher and the same key as the library and its backups: nothing new).
  A plain notes file met with a key is converted, checked and swapped in with
  :func:`cipher.convert` / :func:`cipher.swap_in`, as the library's backups are.
- **Written atomically**: a save never writes the file in place. It copies it to a temporary
  name, makes the change there, syncs it and renames it over the file (then syncs the folder),
  so a kill or a power cut at any point leaves the old file or the new one, never a broken one;
  a temporary copy left by a kill is removed the next time. ``hook(step)`` is called before each
  step of a save (:data:`SAVE_STEPS`; tests inject faults there).
- **Backed up with the library**: each backup of the library takes a copy beside it
  (:func:`copy_beside`), and restoring that backup puts the notes back too (:func:`put_back`).
- **A damaged file changes nothing else**: it is never overwritten; the notes say, calmly, what
  happened and where the backups are, and the person's work on the server goes on.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from reviewdesk.domain.errors import StorageError
from reviewdesk.store import cipher
from reviewdesk.store.file_header import looks_encrypted
from reviewdesk.store.sqlite_file import (
    DB_ERRORS,
    DatabaseKey,
    connect,
    fsync_dir,
    fsync_file,
    private,
    problems_of,
    remove_with_side_files,
    side_file,
)

FILE_NAME = "partnership-private.sqlite3"
BACKUP_SUFFIX = ".private-notes"  # the copy beside a library backup: <backup>.private-notes
SAVE_STEPS = ("copy", "write", "sync", "replace", "sync-folder")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS private_note (
    server TEXT NOT NULL, account TEXT NOT NULL, reference TEXT NOT NULL,
    theme_id TEXT NOT NULL, text TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (server, account, reference, theme_id)
);
CREATE TABLE IF NOT EXISTS profile (
    server TEXT NOT NULL, account TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (server, account, key)
);
"""

_NOT_SENT = "Nothing was sent to the server, and your work on the server is not affected."


def backup_of(library_backup: Path) -> Path:
    """Where the copy of the notes taken with ``library_backup`` lives."""
    return library_backup.with_name(library_backup.name + BACKUP_SUFFIX)


def _copy_atomically(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        shutil.copyfile(source, tmp)
        private(tmp)
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def copy_beside(folder: Path, library_backup: Path) -> Path | None:
    """Copy the notes file in ``folder`` (if there is one) beside ``library_backup``, as it is
    (encrypted when it is). The caller backs up the library first."""
    source = Path(folder) / FILE_NAME
    if not source.is_file():
        return None
    target = backup_of(library_backup)
    _copy_atomically(source, target)
    return target


def put_back(folder: Path, library_backup: Path) -> bool:
    """Restore the notes taken with ``library_backup`` into ``folder``; False (and the notes
    file left as it is) when that backup has none (one taken before they were backed up)."""
    source = backup_of(library_backup)
    if not source.is_file():
        return False
    target = Path(folder) / FILE_NAME
    side_file(target, "-journal").unlink(missing_ok=True)
    _copy_atomically(source, target)
    return True


def _clean_partial_saves(folder: Path) -> None:
    """Remove what a save that was killed left behind (its temporary copy)."""
    if folder.is_dir():
        for p in folder.glob(f".{FILE_NAME}.*"):
            if ".part" in p.name:
                p.unlink(missing_ok=True)


class LocalNotes:
    """One person's notes for one server, in ``folder``/:data:`FILE_NAME`. ``key``: the local
    library's data key when that library is encrypted (the notes are then encrypted with it)."""

    def __init__(
        self,
        folder: Path,
        server: str,
        account: str,
        *,
        key: DatabaseKey | None = None,
        hook: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.server, self.account = server, account
        self.key = key
        self.hook = hook
        self.problem: str | None = None  # set when the file cannot be used (calm sentence)
        with contextlib.suppress(OSError):
            _clean_partial_saves(self.folder)
        if self.path.exists() and self.path.stat().st_size > 0:  # (empty: no notes yet)
            self._check()

    # --- the file ---------------------------------------------------------------------------

    def _damaged(self, why: str) -> str:
        backups = self.folder / "backups"
        return (
            f"Your private notes on this computer could not be read: their file {why} "
            f"({self.path}). It has been left exactly as it is, and no note will be written "
            f"over it. {_NOT_SENT} A copy of your notes is kept with each backup of your "
            f"library (in {backups}); restoring a backup puts its notes back."
        )

    def _check(self) -> None:
        """Look at the file once: convert it under the key when the library has been encrypted
        since; note a problem (without touching the file) when it cannot be opened."""
        encrypted = looks_encrypted(self.path)
        if encrypted and self.key is None:
            self.problem = (
                "Your private notes on this computer could not be read: their file is "
                "encrypted with your library's key, and the library is not unlocked now (or "
                f"no longer encrypted), or the file is damaged ({self.path}). It has been left "
                f"exactly as it is, and no note will be written over it. {_NOT_SENT}"
            )
            return
        if not encrypted and self.key is not None:
            try:
                self._encrypt()
            except (OSError, ValueError) + DB_ERRORS:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
                self.problem = self._damaged("is damaged")
                return
        try:
            conn = connect(self.path, readonly=True, key=self.key)
            try:
                problems = problems_of(conn)
                conn.execute("SELECT count(*) FROM private_note").fetchone()
            finally:
                conn.close()
        except DB_ERRORS:
            self.problem = self._damaged("is damaged or is not a notes file")
            return
        if problems:
            self.problem = self._damaged("is damaged")

    def _encrypt(self) -> None:
        """The library was encrypted since the notes were last used: encrypt them with it."""
        converted = self.path.with_name(f".{FILE_NAME}.{secrets.token_hex(4)}.part")
        cipher.convert(self.path, converted, source_key=None, target_key=self.key)
        try:
            cipher.swap_in(converted, self.path)
        finally:
            converted.unlink(missing_ok=True)

    def _usable(self) -> None:
        if self.problem is not None:
            raise StorageError(self.problem, reason="damaged", retryable=False)

    def _step(self, name: str) -> None:
        if self.hook is not None:
            self.hook(name)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Any]:
        self._usable()
        try:
            conn = connect(self.path, readonly=True, key=self.key)
        except DB_ERRORS as exc:
            raise StorageError(
                self._damaged("could not be opened"), reason="damaged", retryable=False
            ) from exc
        try:
            yield conn
        except DB_ERRORS as exc:
            raise StorageError(
                self._damaged("could not be read"), reason="damaged", retryable=False
            ) from exc
        finally:
            conn.close()

    def _write(self, change: Callable[[Any], None]) -> None:
        """Make ``change(conn)`` in a copy of the file and rename the copy over it."""
        self._usable()
        tmp = self.folder / f".{FILE_NAME}.{secrets.token_hex(4)}.part"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._step("copy")
            if not self._empty():
                shutil.copyfile(self.path, tmp)
            else:  # made readable by this account only, before any text
                os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o600))
            private(tmp)
            self._step("write")
            conn = connect(tmp, key=self.key)
            try:
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                change(conn)
                conn.execute("COMMIT")
            finally:
                conn.close()
            self._step("sync")
            fsync_file(tmp)
            self._step("replace")
            os.replace(tmp, self.path)
            self._step("sync-folder")
            fsync_dir(self.folder)
        except (OSError,) + DB_ERRORS as exc:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
            raise StorageError(
                f"Your private note could not be kept on this computer ({exc}). The notes "
                f"kept before are as they were. {_NOT_SENT} Please try again.",
                reason="disk_error",
            ) from exc
        finally:
            remove_with_side_files(tmp)

    # --- notes and details ------------------------------------------------------------------

    def _empty(self) -> bool:
        return not self.path.exists() or self.path.stat().st_size == 0

    def notes(self, reference: str) -> dict[str, str]:
        if self._empty():
            self._usable()
            return {}
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT theme_id, text FROM private_note WHERE server = ? AND account = ? "
                "AND reference = ?",
                (self.server, self.account, reference),
            ).fetchall()
        return {theme: text for theme, text in rows}

    def save(self, reference: str, theme_id: str, text: str, at: datetime) -> None:
        self._write(
            lambda conn: conn.execute(
                "INSERT INTO private_note VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (server, "
                "account, reference, theme_id) DO UPDATE SET text = excluded.text, "
                "updated_at = excluded.updated_at",
                (self.server, self.account, reference, theme_id, text, at.isoformat()),
            )
        )

    def profile(self) -> dict[str, str]:
        """The person's details kept here; none when the file cannot be read (the details are
        asked for again rather than the sign-in failing)."""
        if self.problem is not None or self._empty():
            return {}
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT key, value FROM profile WHERE server = ? AND account = ?",
                (self.server, self.account),
            ).fetchall()
        return dict(rows)

    def save_profile(self, values: dict[str, str]) -> None:
        self._write(
            lambda conn: conn.executemany(
                "INSERT INTO profile VALUES (?, ?, ?, ?) ON CONFLICT (server, account, key) "
                "DO UPDATE SET value = excluded.value",
                [(self.server, self.account, k, v) for k, v in values.items()],
            )
        )
