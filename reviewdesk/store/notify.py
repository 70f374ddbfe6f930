"""Other people's changes on a shared server, told as they happen (LISTEN/NOTIFY; issue 22,
point 5).

A write that others may be looking at calls :func:`changed` inside its transaction: PostgreSQL
delivers the notice to every listening connection when (and only if) the transaction commits.
A notice is small JSON: the review's id, what kind of thing changed and its ids, never any text
(row-level security decides who may read the text; a notice only says where to look).

:class:`Listener` listens on a connection of its own, in a background thread, and hands each
notice to a callback (the GUI passes it on to its own thread). When the connection drops it
tries again with a growing pause, and says ``{"kind": "reconnected"}`` once back, since notices
sent meanwhile were missed. Nothing here runs on a library file.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

CHANNEL = "reviewdesk_changes"
RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0)


def changed(session: Session, review_id: int, kind: str, **ids: Any) -> None:
    """Tell listeners, at commit, that ``kind`` changed in review ``review_id`` (no-op in a
    library file)."""
    if session.connection().dialect.name != "postgresql":
        return
    payload = json.dumps({"review": review_id, "kind": kind, **ids}, separators=(",", ":"))
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
    )


class Listener:
    """LISTEN on the server in a thread of its own; ``on_notice(dict)`` runs on that thread."""

    def __init__(
        self,
        args: Mapping[str, Any],
        on_notice: Callable[[dict[str, Any]], None],
        *,
        poll: float = 0.25,
    ) -> None:
        self._args = dict(args)
        self._on_notice = on_notice
        self._poll = poll
        self._stop = threading.Event()
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reviewdesk-changes", daemon=True)

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg

        attempt, was_connected = 0, False
        while not self._stop.is_set():
            try:
                with psycopg.connect(**self._args, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    attempt = 0
                    if was_connected:  # notices sent while away were missed
                        self._on_notice({"kind": "reconnected"})
                    was_connected = True
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=self._poll):
                            self._deliver(notice.payload)
            except psycopg.Error:
                self.connected.clear()
                pause = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
                attempt += 1
                self._stop.wait(pause)

    def _deliver(self, payload: str) -> None:
        try:
            notice = json.loads(payload)
        except ValueError:
            return
        if isinstance(notice, dict):
            self._on_notice(notice)
