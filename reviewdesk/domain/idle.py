"""When to lock the app: after a chosen idle time, and when the computer wakes from sleep.

Plain Python with injectable clocks, so it is tested without Qt or waiting. The GUI feeds it user
activity (reviewdesk/gui/widgets/lock_screen.py) and asks :meth:`IdlePolicy.poll` every few
seconds; a non-None answer means: flush pending saves, then hide everything behind the lock
screen.

Sleep is noticed by the wall clock jumping between two polls by far more than the polling
interval: the process did not run in between (the laptop was asleep, or suspended).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class LockReason(StrEnum):
    IDLE = "idle"
    RESUMED = "resumed"  # the computer woke from sleep
    ASKED = "asked"  # the person chose Lock now

    @property
    def message(self) -> str:
        return {
            "idle": "ReviewDesk locked itself after a while without use.",
            "resumed": "ReviewDesk locked itself while the computer was asleep.",
            "asked": "ReviewDesk is locked.",
        }[self.value]


class IdlePolicy:
    """``idle_seconds`` of 0 (or None) never locks for idleness; waking from sleep still locks.

    ``monotonic`` and ``wall`` are the clocks (seconds); tests pass fakes.
    """

    def __init__(
        self,
        idle_seconds: float | None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        poll_seconds: float = 5.0,
        sleep_gap_seconds: float = 60.0,
    ) -> None:
        self.idle_seconds = idle_seconds or 0
        self._monotonic = monotonic
        self._wall = wall
        self.poll_seconds = poll_seconds
        self._sleep_gap = sleep_gap_seconds
        self._last_activity = monotonic()
        self._last_poll_wall = wall()
        self.locked: LockReason | None = None

    def activity(self) -> None:
        """The person typed, clicked or scrolled (ignored while locked)."""
        if self.locked is None:
            self._last_activity = self._monotonic()

    def idle_for(self) -> float:
        return self._monotonic() - self._last_activity

    def poll(self) -> LockReason | None:
        """Call every ``poll_seconds``: the reason to lock now, or None. Locks once; stays
        quiet until :meth:`unlock`."""
        now_wall = self._wall()
        gap = now_wall - self._last_poll_wall
        self._last_poll_wall = now_wall
        if self.locked is not None:
            return None
        if gap > self.poll_seconds + self._sleep_gap:
            return self.lock(LockReason.RESUMED)
        if self.idle_seconds and self.idle_for() >= self.idle_seconds:
            return self.lock(LockReason.IDLE)
        return None

    def lock(self, reason: LockReason = LockReason.ASKED) -> LockReason:
        self.locked = reason
        return reason

    def unlock(self) -> None:
        self.locked = None
        self._last_activity = self._monotonic()
        self._last_poll_wall = self._wall()
