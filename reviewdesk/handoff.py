"""Handing a file to the ReviewDesk already running on this library.

A file double-clicked while ReviewDesk is open starts a second ReviewDesk, which may not open the
same library (one app per library). It writes a small request into the library's ``inbox``
folder instead and waits for the running app to take it: the running app watches that folder,
comes to the front and opens the file. Plain files in the person's own data folder: nothing
listens on a port or a pipe, and nothing leaves the computer.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

INBOX = "inbox"
SUFFIX = ".request.json"


def inbox(data_dir: Path) -> Path:
    return Path(data_dir) / INBOX


def send(data_dir: Path, file: Path | None) -> Path:
    """Ask the running app to come to the front and open ``file`` (None: only come to the
    front). Written whole or not at all (a temporary name, then a rename)."""
    folder = inbox(data_dir)
    folder.mkdir(mode=0o700, exist_ok=True)
    request = folder / f"{uuid.uuid4().hex}{SUFFIX}"
    partial = request.with_suffix(".part")
    body = {"open": str(Path(file).absolute()) if file is not None else None}
    partial.write_text(json.dumps(body), encoding="utf-8")
    os.replace(partial, request)
    return request


def taken(request: Path, *, timeout: float, poll: float = 0.05) -> bool:
    """Wait up to ``timeout`` seconds for the running app to take the request."""
    deadline = time.monotonic() + timeout
    while request.exists():
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)
    return True


def withdraw(request: Path) -> None:
    request.unlink(missing_ok=True)


def take(data_dir: Path) -> list[Path | None]:
    """The requests waiting, oldest first, each removed as it is read: the file to open, or
    None for "come to the front". Anything unreadable is removed and left out."""
    folder = inbox(data_dir)
    try:
        requests = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns)
    except OSError:
        return []
    wanted: list[Path | None] = []
    for request in requests:
        try:
            body = json.loads(request.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            body = None
        finally:
            request.unlink(missing_ok=True)
        if isinstance(body, dict) and "open" in body:
            target = body["open"]
            wanted.append(Path(target) if isinstance(target, str) and target else None)
    return wanted
