"""A folder in memory for test data that is written often and thrown away.

On Linux, ``/dev/shm`` is a tmpfs: creating, renaming and syncing files there never waits on the
disk. This machine's shared disk makes such waits long and uneven: PostgreSQL's ``CREATE DATABASE
... TEMPLATE`` (a few hundred files made and written) took 41-55 ms in memory against 440-556 ms
on the disk a minute apart, for every test run on the server. Where there is no such folder
(Windows, macOS), or it has little room (a container's is often 64 MB), the system's temporary
folder is used, as before.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SHM = Path("/dev/shm")
ROOM = 1 << 30  # free bytes asked of it: a cluster, its template and its log take 40-150 MB


def memory_folder() -> str | None:
    """``/dev/shm`` when it is there, writable and has room, else None (``tempfile``'s own
    choice)."""
    if not (SHM.is_dir() and os.access(SHM, os.W_OK | os.X_OK)):
        return None
    try:
        free = shutil.disk_usage(SHM).free
    except OSError:
        return None
    return str(SHM) if free >= ROOM else None
