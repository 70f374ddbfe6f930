"""One ReviewDesk at a time per library: a lock file in the data folder.

The lock is held by the operating system (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking``
on Windows), so it disappears with the process: a crash or a power cut never leaves a lock that
blocks the next start. The file also records who holds it (process id, computer name, start time)
and whether that run ended cleanly. When the next run finds the file still marked "open" but the
OS lock free, the previous run stopped without closing: SQLite has already kept every save that
had returned, so the user is told their work was recovered up to the last save.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reviewdesk.domain.errors import LibraryInUseError
from reviewdesk.oslock import LOCK_NAME, try_lock, unlock
from reviewdesk.store.core_tables import utcnow

RECOVERED_MESSAGE = (
    "ReviewDesk did not close properly last time (perhaps the computer restarted or the app "
    "was stopped). Your work was recovered up to the last save."
)


@dataclass(frozen=True, slots=True)
class LockRecord:
    pid: int | None
    host: str
    started_at: str
    state: str  # "open" or "closed"

    @classmethod
    def parse(cls, raw: bytes) -> LockRecord | None:
        try:
            data = json.loads(raw.rstrip(b"\x00 \n").decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict):
            return None
        pid = data.get("pid")
        return cls(
            pid=pid if isinstance(pid, int) else None,
            host=str(data.get("host", "")),
            started_at=str(data.get("started_at", "")),
            state=str(data.get("state", "")),
        )


def _read(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 2048)


def _write(fd: int, record: dict[str, object]) -> None:
    data = json.dumps(record).encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data + b"\n")
    os.ftruncate(fd, len(data) + 1)
    os.fsync(fd)


@dataclass(eq=False)
class InstanceLock:
    """Held while the library is open. ``recovered`` is True when the previous run did not
    close cleanly (show :data:`RECOVERED_MESSAGE`)."""

    path: Path
    recovered: bool
    previous: LockRecord | None
    _fd: int | None = field(default=None, repr=False)

    @property
    def held(self) -> bool:
        return self._fd is not None

    @property
    def notice(self) -> str | None:
        return RECOVERED_MESSAGE if self.recovered else None

    def release(self) -> None:
        """Mark the run as closed cleanly and let go of the lock (safe to call twice)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _write(fd, {"state": "closed", "closed_at": utcnow().isoformat()})
        except OSError:
            pass  # the next start then says "recovered": harmless
        finally:
            try:
                unlock(fd)
            finally:
                os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _in_use_message(other: LockRecord | None, now: Callable[[], datetime]) -> str:
    since = ""
    if other and other.started_at:
        try:
            started = datetime.fromisoformat(other.started_at).astimezone()
            today = now().astimezone().date()
            when = started.strftime("%H:%M") + (
                "" if started.date() == today else started.strftime(" on %d %B %Y")
            )
            since = f" (since {when}"
            since += f", process {other.pid})" if other.pid else ")"
        except ValueError:
            since = ""
    return (
        f"ReviewDesk is already open with this library{since}. Please switch to that window, "
        "or close it and try again. (Only one ReviewDesk at a time can use a library, so that "
        "nothing one of them saves is lost.)"
    )


def acquire_instance_lock(
    data_dir: Path,
    *,
    clock: Callable[[], datetime] = utcnow,
    pid: int | None = None,
    host: str | None = None,
) -> InstanceLock:
    """Take the library's lock, or raise :class:`LibraryInUseError` when another ReviewDesk
    holds it. ``data_dir`` is the data folder (an ``AppPaths.data_dir``)."""
    path = Path(data_dir) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if not try_lock(fd):
            other = None
            with contextlib.suppress(OSError):
                other = LockRecord.parse(_read(fd))
            raise LibraryInUseError(_in_use_message(other, clock))
        previous = LockRecord.parse(_read(fd))
        _write(
            fd,
            {
                "pid": os.getpid() if pid is None else pid,
                "host": socket.gethostname() if host is None else host,
                "started_at": clock().isoformat(),
                "state": "open",
            },
        )
    except BaseException:
        os.close(fd)
        raise
    recovered = previous is not None and previous.state == "open"
    return InstanceLock(path, recovered, previous, fd)
