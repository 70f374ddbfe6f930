"""Autosave: nothing typed is lost, and typing never waits for the database.

Each thing saved as a unit (an answer with its evidence, a theme's rating with its key learning, a
private note) is a :class:`SaveTarget`. A keystroke only marks its target dirty and restarts a
one-second timer (:meth:`Autosaver.touch`, a few microseconds). When the timer fires, on focus-out,
on a change of page and on close, :meth:`Autosaver.flush` collects the changed values and hands
them to one background save thread, which calls the services (each call is one committed
transaction). The result comes back to the GUI thread as a queued signal: only then does the status
say "Saved 14:02". A failed save leaves the target dirty (the text stays where it is), reports a
plain reason, and is retried on a growing interval until it succeeds.

On a shared server (issue 22, point 5): a save refused because someone else saved the same thing
meanwhile (:class:`EditConflictError`) is not retried; the target is *held* and
:attr:`Autosaver.conflict` asks the window to let the person choose. While a save fails (the
connection to the server is lost, say), what the target holds is also written to a private draft
file (:attr:`Autosaver.drafts`, services/drafts.py), removed again once a save succeeds, so the
words survive even if the app is closed before the connection returns.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

if TYPE_CHECKING:
    from reviewdesk.services.drafts import DraftStore

AUTOSAVE_DELAY_MS = 1000
RETRY_DELAYS_MS = (2000, 5000, 10_000, 30_000)


class SaveState(Enum):
    IDLE = "idle"  # nothing written yet in this session
    PENDING = "pending"  # typed, waiting for the pause
    SAVING = "saving"  # handed to the save thread
    SAVED = "saved"  # every change committed
    FAILED = "failed"  # a save failed; the text is kept and retried


@dataclass(eq=False)
class SaveTarget:
    """One unit of saving. ``collect`` runs on the GUI thread; ``save`` on the save thread and
    returns the commit time."""

    key: tuple[str, ...]
    label: str
    collect: Callable[[], tuple[Any, ...]]
    save: Callable[[tuple[Any, ...]], datetime]
    saved: tuple[Any, ...]
    dirty: bool = False
    failed: bool = False
    in_flight: int = 0
    failure: str = field(default="", repr=False)
    held: bool = False  # a conflict waits for the person's choice: not saved until then
    draft_key: str = ""  # where a failed save's text is kept meanwhile ("" for nowhere)
    draft_info: Callable[[], dict[str, Any]] | None = field(default=None, repr=False)

    def unsaved(self) -> bool:
        return (
            self.dirty
            or self.failed
            or self.held
            or self.in_flight > 0
            or self.collect() != self.saved
        )


@dataclass(frozen=True, eq=False)
class _Job:
    target: SaveTarget
    values: tuple[Any, ...]


class _Bridge(QObject):
    done = Signal(object, object)
    failed = Signal(object, object)


class _SaveThread:
    """One worker thread: jobs run in the order they were given, so the newest text wins."""

    def __init__(self, bridge: _Bridge) -> None:
        self._bridge = bridge
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="reviewdesk-autosave", daemon=True)
        self._thread.start()

    def submit(self, job: _Job) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(job)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                at = job.target.save(job.values)
            except BaseException as exc:  # every failure is reported, none is lost
                self._bridge.failed.emit(job, exc)
            else:
                self._bridge.done.emit(job, at)
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()

    def wait_idle(self, timeout: float) -> bool:
        # A thread that has stopped runs nothing more: waiting for it would only use up the
        # whole timeout (twice when closing a window, 20 s).
        return self._idle.wait(timeout if self._thread.is_alive() else 0)

    def stop(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)


def describe(exc: BaseException) -> str:
    from reviewdesk.services.failures import describe_write_failure  # loaded with the services

    return describe_write_failure(exc)


class Autosaver(QObject):
    state_changed = Signal(object)  # SaveState
    target_saved = Signal(object)  # SaveTarget, after its commit returned
    failure = Signal(str)  # why saving failed; "" once saving works again
    conflict = Signal(object, object)  # SaveTarget, EditConflictError: the person chooses

    def __init__(self, parent: QObject | None = None, *, delay_ms: int = AUTOSAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self._targets: list[SaveTarget] = []
        self.state = SaveState.IDLE
        self.saved_at: datetime | None = None
        self.message = ""
        self.retry_in_ms = 0
        self._attempt = 0
        # failed saves' text kept there (services/drafts.py)
        self.drafts: DraftStore | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.flush)
        # While a save runs on its thread, the GUI thread should get the interpreter back within
        # half a millisecond (Python's default is to switch threads every 5 ms).
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.0005))
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_done)
        self._bridge.failed.connect(self._on_failed)
        self._worker = _SaveThread(self._bridge)

    @property
    def delay_ms(self) -> int:
        return self._timer.interval()

    def set_delay(self, ms: int) -> None:
        self._timer.setInterval(ms)

    # --- targets ------------------------------------------------------------------------------

    def add(self, target: SaveTarget) -> SaveTarget:
        self._targets.append(target)
        return target

    def targets(self) -> list[SaveTarget]:
        return list(self._targets)

    def clear(self) -> None:
        """Forget every target (after :meth:`finish`, when a review is closed)."""
        self._timer.stop()
        self._retry.stop()
        self._targets.clear()
        self._attempt = 0
        self.message = ""
        self._set_state(SaveState.IDLE)

    # --- the hot path: called on every keystroke ----------------------------------------------

    def touch(self, target: SaveTarget) -> None:
        target.dirty = True
        target.held = False  # typing on after "decide later": the next save asks again
        self._timer.start()
        if self.state is SaveState.SAVED or self.state is SaveState.IDLE:
            self._set_state(SaveState.PENDING)

    # --- saving -------------------------------------------------------------------------------

    def flush(self) -> None:
        """Hand every changed target to the save thread now."""
        self._timer.stop()
        for target in self._targets:
            if target.held or not (target.dirty or target.failed):
                continue
            values = target.collect()
            target.dirty = False
            if values == target.saved and target.in_flight == 0:
                target.failed = False
                continue
            target.in_flight += 1
            self._worker.submit(_Job(target, values))
        self._refresh_state()

    def _on_done(self, job: _Job, at: datetime) -> None:
        target = job.target
        target.in_flight -= 1
        target.saved = job.values
        target.failed = False
        target.failure = ""
        if target.draft_key and self.drafts is not None and not target.in_flight:
            self.drafts.drop(target.draft_key)
        self.saved_at = at
        self.target_saved.emit(target)
        if not any(t.failed for t in self._targets) and self.message:
            self.message = ""
            self._attempt = 0
            self._retry.stop()
            self.failure.emit("")
        self._refresh_state()

    def _on_failed(self, job: _Job, exc: BaseException) -> None:
        from reviewdesk.domain.errors import EditConflictError, ValidationError

        target = job.target
        target.in_flight -= 1
        if isinstance(exc, EditConflictError):
            target.held = True  # not retried: the person chooses (both texts are kept)
            self._refresh_state()
            self.conflict.emit(target, exc)
            return
        if target.draft_key and self.drafts is not None:
            try:
                extra = target.draft_info() if target.draft_info else {}
                self.drafts.keep(target.draft_key, target.label, target.collect(), **extra)
            except OSError:
                pass  # the text is still in the editor; the banner says it is not saved
        target.failed = True
        target.failure = describe(exc)
        self.message = target.failure
        if isinstance(exc, ValidationError):
            # What was typed needs putting right first (a reason to write, say): saving the
            # same words again cannot help, so no retries; the next change is saved as usual.
            self.retry_in_ms = 0
            self._retry.stop()
        else:
            self.retry_in_ms = RETRY_DELAYS_MS[min(self._attempt, len(RETRY_DELAYS_MS) - 1)]
            self._attempt += 1
            self._retry.start(self.retry_in_ms)
        self._set_state(SaveState.FAILED)
        self.failure.emit(self.message)

    def release(self, target: SaveTarget, *, save: bool) -> None:
        """A held target's conflict is settled: save what it now holds (``save``), or take
        what it holds as saved (the person kept the stored text)."""
        target.held = False
        if save:
            target.dirty = True
            self.flush()
        else:
            target.dirty = False
            target.saved = target.collect()
            if target.draft_key and self.drafts is not None:
                self.drafts.drop(target.draft_key)
            self._refresh_state()

    def _refresh_state(self) -> None:
        if any(t.failed for t in self._targets):
            state = SaveState.FAILED
        elif any(t.in_flight for t in self._targets):
            state = SaveState.SAVING
        elif any(t.dirty for t in self._targets):
            state = SaveState.PENDING
        else:
            state = SaveState.SAVED if self.saved_at else SaveState.IDLE
        self._set_state(state)

    def _set_state(self, state: SaveState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    # --- waiting, for page changes and closing ------------------------------------------------

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until the save thread is idle and its results are delivered. True when idle."""
        deadline = time.monotonic() + timeout
        idle = self._worker.wait_idle(max(0.0, deadline - time.monotonic()))
        QCoreApplication.sendPostedEvents(self, 0)
        QCoreApplication.sendPostedEvents(self._bridge, 0)
        return idle

    def finish(self, timeout: float = 10.0) -> bool:
        """Save everything now and wait for it: True when nothing is left unsaved."""
        self.flush()
        self.wait(timeout)
        if any(t.failed or t.dirty for t in self._targets):
            self._retry.stop()
            self.flush()
            self.wait(timeout)
        return not self.has_unsaved()

    def has_unsaved(self) -> bool:
        return any(t.unsaved() for t in self._targets)

    def unsaved_targets(self) -> list[SaveTarget]:
        return [t for t in self._targets if t.unsaved()]

    def stop(self) -> None:
        self._timer.stop()
        self._retry.stop()
        self._worker.stop()
