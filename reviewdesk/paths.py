"""Where ReviewDesk keeps its data.

Resolution order, first match wins:

1. ``--data-dir DIR`` on the command line;
2. the ``REVIEWDESK_DATA_DIR`` environment variable;
3. portable mode: a file named ``reviewdesk-portable`` beside the executable puts the data in a
   ``ReviewDesk data`` folder beside it (for a USB stick or a zip that IT unpacks);
4. platformdirs' user data folder, the *local* (non-roaming) one on Windows
   (``%LOCALAPPDATA%\\ReviewDesk``), so that a council's roaming profile never carries case data.

Nothing is resolved or created at import time: call :func:`resolve_paths` and then
:meth:`AppPaths.ensure`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

ENV_DATA_DIR = "REVIEWDESK_DATA_DIR"
PORTABLE_MARKER = "reviewdesk-portable"
PORTABLE_FOLDER = "ReviewDesk data"
DATABASE_NAME = "reviewdesk.sqlite3"


class AppPaths(NamedTuple):
    """Where this library lives. (A NamedTuple, immutable like a frozen dataclass, but cheaper
    to define: the app reads it before its first window is drawn.)"""

    data_dir: Path
    how: str  # "command line", "environment", "portable" or "user profile": for About and docs

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.ini"

    @property
    def look_dir(self) -> Path:
        """The style sheet's small pictures (arrows, tick) in the look's colours, written once
        and kept (gui/style.py): nothing of the person's in them."""
        return self.data_dir / "look"

    @property
    def frameworks_dir(self) -> Path:
        """Frameworks a review lead adds or edits; shipped ones live in resources/."""
        return self.data_dir / "frameworks"

    def ensure(self) -> AppPaths:
        """Create the data folders, readable by this user only (0700 where the OS has modes)."""
        for folder in (self.data_dir, self.backups_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if os.name == "posix":
                os.chmod(folder, 0o700)
        return self


def _executable_dir() -> Path:
    return Path(sys.executable).resolve().parent


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    executable_dir: Path | None = None,
) -> AppPaths:
    """Work out the data folder without creating anything."""
    env = os.environ if environ is None else environ
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().absolute(), "command line")
    if env.get(ENV_DATA_DIR):
        return AppPaths(Path(env[ENV_DATA_DIR]).expanduser().absolute(), "environment")
    exe_dir = executable_dir or _executable_dir()
    if (exe_dir / PORTABLE_MARKER).is_file():
        return AppPaths(exe_dir / PORTABLE_FOLDER, "portable")
    from platformdirs import user_data_dir  # imported late: keeps --version instant

    return AppPaths(
        Path(user_data_dir("ReviewDesk", appauthor=False, roaming=False)), "user profile"
    )
