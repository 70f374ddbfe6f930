"""The operating system's file lock that keeps one ReviewDesk per library, in plain Python.

``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on Windows: the lock disappears with the
process, so a crash never leaves a lock behind. Kept free of the services (and so of SQLAlchemy)
because the app asks :func:`held_elsewhere` before its first window is drawn.
"""

from __future__ import annotations

import os
from pathlib import Path

LOCK_NAME = "reviewdesk.lock"
_LOCK_OFFSET = 4096  # Windows locks a byte range: lock one byte past the readable record


def try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def held_elsewhere(data_dir: Path) -> bool:
    """Another ReviewDesk has this library open now (its lock is held). Takes and lets go of
    the lock at once when it is free; False when the folder or its lock file does not exist."""
    path = Path(data_dir) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        if not try_lock(fd):
            return True
        unlock(fd)
        return False
    finally:
        os.close(fd)
