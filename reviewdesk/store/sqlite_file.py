"""SQLite as a file: the small named seams for everything that touches the library file itself.

- :func:`connect` opens a raw DB-API connection: the one place a key is handed to SQLCipher
  (as raw hex, ``PRAGMA key = "x'...'"``; a passphrase never reaches SQL);
- :func:`inspect_file` looks at a file before SQLite does, so a damaged file is never "repaired"
  into an empty library;
- :func:`problems_of` runs ``quick_check`` / ``integrity_check``;
- :func:`verified_copy` makes a crash-safe copy with the online backup API (temporary name,
  ``integrity_check``, fsync, no-clobber rename, fsync of the folder);
- :func:`keep_aside` copies a damaged file (and its write-ahead log) beside it, byte for byte;
- :func:`storage_reason` classifies SQLite's errors (disk full, I/O error, busy, read-only...).

Nothing here knows about ReviewDesk's schema; no SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from reviewdesk.store.file_header import SQLITE_HEADER, looks_encrypted

KEY_BYTES = 32
BUSY_TIMEOUT_MS = 5000
SIDE_FILES = ("-wal", "-shm", "-journal")

# Primary SQLite result codes (extended codes carry them in the low byte).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL = 10, 11, 13
_SQLITE_CANTOPEN, _SQLITE_NOTADB = 14, 26


class DatabaseKey:
    """The 32-byte key of an encrypted (SQLCipher) library. Its ``repr`` never shows it."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if not isinstance(raw, bytes) or len(raw) != KEY_BYTES:
            raise ValueError("a database key is 32 bytes")
        self._raw = raw

    @property
    def raw(self) -> bytes:
        return self._raw

    @property
    def sql_literal(self) -> str:
        """SQLCipher's raw-key form: ``x'<64 hex digits>'`` (no key derivation, no passphrase)."""
        return f"x'{self._raw.hex()}'"

    def __repr__(self) -> str:
        return "DatabaseKey(<hidden>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatabaseKey) and secrets.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self._raw)


def cipher_dbapi() -> ModuleType:
    """The SQLCipher DB-API module (``sqlcipher3``), or an error a person can read."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        from reviewdesk.domain.errors import DatabaseError

        raise DatabaseError(
            "This library is encrypted, but this installation of ReviewDesk has no SQLCipher "
            "(the 'sqlcipher3' package), so it cannot open it. Nothing has been changed."
        ) from None
    return dbapi2


def _database_errors() -> tuple[type[BaseException], ...]:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, dbapi2.Error)


DB_ERRORS = _database_errors()  # sqlite3's errors and SQLCipher's (not subclasses of each other)


def connect(
    path: Path,
    *,
    readonly: bool = False,
    immutable: bool = False,
    timeout_ms: int = BUSY_TIMEOUT_MS,
    key: DatabaseKey | None = None,
) -> sqlite3.Connection:
    """A raw connection in autocommit mode (we issue BEGIN ourselves).

    ``readonly`` opens with ``mode=ro``; ``immutable`` also tells SQLite the file cannot change,
    so it takes no locks and creates no side files (right for a closed backup file). ``key``
    opens an encrypted library with SQLCipher; a wrong key fails on the first read with
    SQLITE_NOTADB ("file is not a database").
    """
    module = sqlite3 if key is None else cipher_dbapi()
    if readonly or immutable:
        uri = Path(path).absolute().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        conn = module.connect(uri, uri=True, timeout=timeout_ms / 1000, check_same_thread=False)
    else:
        conn = module.connect(Path(path), timeout=timeout_ms / 1000, check_same_thread=False)
    conn.isolation_level = None
    if key is not None:
        conn.execute("PRAGMA cipher_log_level = NONE")  # no "hmac check failed" on stderr
        conn.execute(f'PRAGMA key = "{key.sql_literal}"')  # hex digits only: nothing to escape
    return conn


# --- looking at a file before SQLite does -------------------------------------------------------

FILE_PROBLEMS = {
    "folder": "is a folder, not a file",
    "empty": "is empty (0 bytes)",
    "not_sqlite": "is not a database (it does not start the way an SQLite database does)",
    "truncated": "is shorter than it should be (part of it is missing)",
    "damaged": "is damaged",
    "not_encrypted": "is not encrypted, but this library is",
}


def side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _wal_in_use(path: Path) -> bool:
    try:
        return side_file(path, "-wal").stat().st_size > 0
    except FileNotFoundError:
        return False


def inspect_file(path: Path, *, encrypted: bool = False) -> str | None:
    """``None`` when the file looks like an SQLite database (or is absent: see ``path.exists()``),
    else a key of :data:`FILE_PROBLEMS`. Reads the first 100 bytes; changes nothing.
    An ``encrypted`` library has no readable header: only its size can be checked here."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(st.st_mode):
        return "folder"
    if st.st_size == 0:
        return "empty"
    if encrypted:
        if looks_encrypted(path):
            return None if _wal_in_use(path) or st.st_size % 512 == 0 else "truncated"
        return "not_encrypted"
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        return "not_sqlite"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "damaged"
    if _wal_in_use(path):
        # Pages may still live in the write-ahead log (a checkpoint can be cut short): the
        # sizes below only mean something once the log is empty. quick_check decides.
        return None
    if st.st_size % page_size:
        return "truncated"
    pages = int.from_bytes(head[28:32], "big")
    if pages and head[24:28] == head[92:96] and st.st_size < pages * page_size:
        return "truncated"
    return None


def probe(conn: sqlite3.Connection) -> None:
    """A bounded check for opening a library, whatever its size: SQLite reads the whole schema
    and the first row of every table (their roots and leftmost pages), so a file whose header,
    schema or tables' roots are damaged fails here (``sqlite3.DatabaseError``, "malformed"),
    without reading the rest of the file as ``quick_check`` does (7 s at 5,000 reviews when
    the file is not in the OS cache). The whole file is checked on a schedule, in the background
    (:meth:`reviewdesk.services.library.integrity.IntegrityService.scheduled_check`)."""
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    for (name,) in tables:
        quoted = '"' + name.replace('"', '""') + '"'
        conn.execute(f"SELECT 1 FROM {quoted} LIMIT 1").fetchall()


def problems_of(conn: sqlite3.Connection, *, full: bool = False, limit: int = 20) -> list[str]:
    """``[]`` when SQLite finds nothing wrong, else its findings (at most ``limit``)."""
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}({int(limit)})")]
    return [] if rows == ["ok"] else rows


def storage_reason(exc: BaseException) -> str | None:
    """What a DB-API error means for the user, or None for errors that are our own bugs."""
    code = getattr(exc, "sqlite_errorcode", None)  # sqlite3 and SQLCipher errors alike
    if code is not None:
        primary = code & 0xFF
        return {
            _SQLITE_FULL: "disk_full",
            _SQLITE_IOERR: "disk_error",
            _SQLITE_BUSY: "in_use",
            _SQLITE_LOCKED: "in_use",
            _SQLITE_READONLY: "read_only",
            _SQLITE_CANTOPEN: "disk_error",
            _SQLITE_CORRUPT: "damaged",
            _SQLITE_NOTADB: "damaged",
        }.get(primary)
    text = str(exc).lower()  # drivers without error codes
    for needle, reason in (
        ("disk is full", "disk_full"),
        ("disk i/o error", "disk_error"),
        ("database is locked", "in_use"),
        ("readonly database", "read_only"),
        ("malformed", "damaged"),
        ("not a database", "damaged"),
    ):
        if needle in text:
            return reason
    return None


# --- durable file operations --------------------------------------------------------------------


def fsync_file(path: Path) -> None:
    with path.open("r+b") as fh:  # Windows' FlushFileBuffers needs write access
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def move_into_place(tmp: Path, final: Path) -> None:
    """Rename ``tmp`` to ``final`` without ever replacing an existing ``final``."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT on a memory stick)
        if final.exists():
            raise FileExistsError(final) from None
        os.replace(tmp, final)
    else:
        tmp.unlink()
    fsync_dir(final.parent)


def remove_with_side_files(path: Path) -> None:
    for p in (path, *(side_file(path, s) for s in SIDE_FILES)):
        p.unlink(missing_ok=True)


def verified_copy(
    source: sqlite3.Connection,
    destination: Path,
    *,
    pages: int = -1,
    progress: Callable[[int, int, int], object] | None = None,
    key: DatabaseKey | None = None,
) -> Path:
    """Copy the database behind ``source`` to ``destination`` with SQLite's online backup API.

    The copy is written under a temporary name in the same folder, switched to a self-contained
    rollback journal, checked with ``integrity_check``, synced, and only then renamed to
    ``destination`` (never replacing a file already there). If anything fails or the process
    dies, no file exists under ``destination``. Raises ``OSError``/``sqlite3.Error`` on failure,
    or ``ValueError`` when the copy does not pass ``integrity_check``; when all it finds is the
    search index not matching its text, the copy's index is built again first (the copy's text
    is sound; ``store/search_check.py``). The copy of an encrypted library (``source`` opened
    with ``key``) is encrypted with the same ``key``.
    """
    destination = destination.absolute()
    folder = destination.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if destination.exists():
        raise FileExistsError(destination)
    tmp = folder / f".{destination.name}.{secrets.token_hex(4)}.part"
    try:
        dst = connect(tmp, key=key)
        try:
            source.backup(dst, pages=pages, progress=progress)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            problems = problems_of(dst, full=True)
            if problems:
                # A broken search index alone (SQLite 3.44 and later check it): the copy's is
                # built again from the copy's text, and the copy checked again.
                from reviewdesk.store.search_check import mend_if_only_the_index

                problems, _rebuilt = mend_if_only_the_index(dst, problems, full=True)
        finally:
            dst.close()
        if problems:
            raise ValueError("the copy did not pass SQLite's integrity check: " + problems[0])
        private(tmp)
        fsync_file(tmp)
        move_into_place(tmp, destination)
    except BaseException:
        remove_with_side_files(tmp)
        raise
    return destination


def clean_partial_copies(folder: Path) -> int:
    """Remove temporary files left by copies that were interrupted (a crash, a kill)."""
    removed = 0
    if not folder.is_dir():
        return 0
    for p in folder.iterdir():
        if p.name.startswith(".") and ".part" in p.name:
            p.unlink(missing_ok=True)
            removed += 1
    return removed


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _same_files(a: Path, b: Path) -> bool:
    if a.exists() != b.exists():
        return False
    if not a.exists():
        return True
    return a.stat().st_size == b.stat().st_size and _digest(a) == _digest(b)


def keep_aside(path: Path, stamp: str) -> Path | None:
    """Copy a damaged library (and its write-ahead log) to ``damaged-<stamp>.sqlite3`` beside
    it, leaving the original exactly as it is. Skips the copy when the newest kept copy is
    already identical. Returns the copy (new or existing), or None if there was nothing to copy.
    """
    if not path.is_file():
        return None
    folder = path.parent
    kept = sorted(folder.glob("damaged-*.sqlite3"))
    if kept:
        newest = kept[-1]
        if _same_files(path, newest) and _same_files(
            side_file(path, "-wal"), side_file(newest, "-wal")
        ):
            return newest
    target = folder / f"damaged-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"damaged-{stamp}-{n}.sqlite3"
    for suffix in ("", "-wal"):
        src = side_file(path, suffix) if suffix else path
        if not src.exists():
            continue
        dst = side_file(target, suffix) if suffix else target
        tmp = folder / f".{dst.name}.{secrets.token_hex(4)}.part"
        try:
            shutil.copyfile(src, tmp)
            private(tmp)
            fsync_file(tmp)
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)
    fsync_dir(folder)
    return target
