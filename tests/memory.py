"""A folder in memory for test data that is written often and thrown away.

On Linux, ``/dev/shm`` is a tmpfs: creating, renaming and syncing files there never waits on the
disk. This machine's shared disk makes such waits long and uneven: PostgreSQL's ``CREATE DATABASE
... TEMPLATE`` (a few hundred files made and written) took 41-55 ms in memory against 440-556 ms
on the disk a minute apart, for every test run on the server. Where there is no such folder
(Windows, macOS), the system's temporary folder is used, as before.
"""

from __future__ import annotations

import os
from pathlib import Path

SHM = Path("/dev/shm")


def memory_folder() -> str | None:
    """``/dev/shm`` when it is there and writable, else None (``tempfile``'s own choice)."""
    if SHM.is_dir() and os.access(SHM, os.W_OK | os.X_OK):
        return str(SHM)
    return None
