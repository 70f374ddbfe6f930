"""Private notes kept on this computer in partnership mode (issue 22, point 6).

When the reviews live on a shared server, a person's private notes (and the name they write
under) stay in a small SQLite file in their own data folder, readable only by their own
account (0600), keyed by the server, the account and the review's reference. Nothing here is
ever sent to the server: the server's ``private_note`` table stays empty for them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from reviewdesk.domain.errors import StorageError

FILE_NAME = "partnership-private.sqlite3"

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


class LocalNotes:
    """One person's notes for one server, in ``folder``/:data:`FILE_NAME`."""

    def __init__(self, folder: Path, server: str, account: str) -> None:
        self.path = Path(folder) / FILE_NAME
        self.server, self.account = server, account
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():  # made readable by this account only, before any text
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            with contextlib.suppress(OSError):
                self.path.chmod(0o600)
            conn = sqlite3.connect(self.path, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(
                f"ReviewDesk could not use the file for private notes on this computer "
                f"({self.path}): {exc}. Nothing was sent to the server.",
                reason="disk_error",
            ) from exc
        try:
            with conn:
                yield conn
        except sqlite3.Error as exc:
            raise StorageError(
                f"Your private note could not be kept on this computer ({exc}). Nothing was "
                "sent to the server; please try again.",
                reason="disk_error",
            ) from exc
        finally:
            conn.close()

    def notes(self, reference: str) -> dict[str, str]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT theme_id, text FROM private_note WHERE server = ? AND account = ? "
                "AND reference = ?",
                (self.server, self.account, reference),
            ).fetchall()
        return {theme: text for theme, text in rows}

    def save(self, reference: str, theme_id: str, text: str, at: datetime) -> None:
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO private_note VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (server, "
                "account, reference, theme_id) DO UPDATE SET text = excluded.text, "
                "updated_at = excluded.updated_at",
                (self.server, self.account, reference, theme_id, text, at.isoformat()),
            )

    def profile(self) -> dict[str, str]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT key, value FROM profile WHERE server = ? AND account = ?",
                (self.server, self.account),
            ).fetchall()
        return dict(rows)

    def save_profile(self, values: dict[str, str]) -> None:
        with self._connect() as conn:
            conn.executemany(
                "INSERT INTO profile VALUES (?, ?, ?, ?) ON CONFLICT (server, account, key) "
                "DO UPDATE SET value = excluded.value",
                [(self.server, self.account, k, v) for k, v in values.items()],
            )
