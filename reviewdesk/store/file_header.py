"""The first bytes of a library file, read without SQLite.

Kept apart from :mod:`reviewdesk.store.sqlite_file` (which loads ``sqlite3`` and SQLCipher) because
the app asks :func:`looks_encrypted` before its first window is drawn.
"""

from __future__ import annotations

from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


def looks_encrypted(path: Path) -> bool:
    """True for a non-empty file that does not start with SQLite's header (an encrypted
    library has random-looking bytes from its first byte)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return False
    return len(head) == len(SQLITE_HEADER) and head != SQLITE_HEADER
