"""Drafts: text that could not be saved yet, kept in a private file on this computer.

When a save fails (the connection to a shared server is lost, say), the words stay in the
editor, and are also written here, under the person's own data folder, so they survive the app
being closed before the connection returns (issue 22, point 5). A draft is removed as soon as
its text is saved. The folder is the person's only (0700) and each file too (0600); a file is
written whole or not at all (a temporary file, then a rename).

Drafts are kept apart per library (a library file, or a server database and account), so a
draft is only offered back where it was written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FOLDER = "drafts"


def scope_of(store: Any) -> str:
    """Where drafts of this library are kept apart: the server, database and account, or the
    library file's path."""
    args = getattr(store, "server_args", None)
    if args:
        who = f"{args.get('host')}|{args.get('port', '')}|{args.get('dbname')}|{args.get('user')}"
    else:
        who = str(getattr(store, "path", None) or "memory")
    return hashlib.sha256(who.encode("utf-8")).hexdigest()[:20]


class DraftStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_store(cls, data_dir: Path, store: Any) -> DraftStore:
        return cls(Path(data_dir) / FOLDER / scope_of(store))

    def _file(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")

    def keep(self, key: str, label: str, values: tuple[Any, ...], **extra: Any) -> Path:
        """Write (or replace) the draft for ``key``."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(OSError):
            self.folder.chmod(0o700)
        path = self._file(key)
        body = json.dumps(
            {
                "key": key,
                "label": label,
                "values": list(values),
                "kept_at": datetime.now(UTC).isoformat(),
                **extra,
            },
            ensure_ascii=False,
        )
        temporary = path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
        return path

    def read(self, key: str) -> dict[str, Any] | None:
        """The draft kept for ``key`` (``values`` a list), or None."""
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("key") == key else None

    def drop(self, key: str) -> None:
        with contextlib.suppress(OSError):
            self._file(key).unlink()

    def keys(self) -> list[str]:
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            with contextlib.suppress(OSError, ValueError):
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and isinstance(data.get("key"), str):
                    found.append(data["key"])
        return found
