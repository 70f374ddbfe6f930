"""Run slow work (an export, an import, a backup) off the GUI thread.

    task = Task(lambda progress: services.exports.export(..., progress=progress), parent=self)
    task.progressed.connect(self.on_progress)   # (percent 0-100, message)
    task.succeeded.connect(self.on_done)        # the callable's result
    task.failed.connect(self.on_error)          # a message ready to show a person
    task.raised.connect(self.on_exception)      # (optional) the exception, to react to its kind
    task.start()

The callable gets one argument, a ``progress(percent, message)`` function it may call from the
worker thread. Every signal arrives on the GUI thread. A :class:`ReviewDeskError` is shown as its
own (already kind) message; anything else is logged with its traceback and shown as a calm,
general sentence, never as a traceback. This is the one way the GUI runs work off its thread:
the exchange dialogs' :class:`~reviewdesk.gui.dialogs.exchange_parts.WorkingDialog` uses it too.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from reviewdesk.domain.errors import ReviewDeskError

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, str], None]
UNEXPECTED = (
    "Something unexpected went wrong, so this could not be finished. Nothing you have written "
    "has been changed. Please try again; if it happens again, your IT support can find where it "
    "went wrong in ReviewDesk's log (the logs folder in your data folder, which never holds "
    "what you wrote)."
)


def message_for(exc: BaseException, unexpected: str = UNEXPECTED) -> str:
    """What to tell a person about ``exc``: a :class:`ReviewDeskError` says it in its own (already
    kind) words; anything else gets the calm, general sentence (log it where it is caught)."""
    return str(exc) if isinstance(exc, ReviewDeskError) else unexpected


_running: set[Task] = set()  # keeps each task (and its worker) alive until it has finished


class _Relay(QObject):
    """Created on the GUI thread; its signals are emitted from the worker thread."""

    progressed = Signal(int, str)
    done = Signal(object)
    error = Signal(str, object)  # the message to show, the exception


class _Worker(QRunnable):
    def __init__(self, fn: Callable[[ProgressFn], Any], relay: _Relay, unexpected: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self._relay = relay
        self._unexpected = unexpected

    def run(self) -> None:
        try:
            result = self._fn(self._relay.progressed.emit)
        except ReviewDeskError as exc:
            self._relay.error.emit(message_for(exc), exc)
        except Exception as exc:
            log.exception("A background task failed")
            self._relay.error.emit(message_for(exc, self._unexpected), exc)
        else:
            self._relay.done.emit(result)


class Task(QObject):
    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    raised = Signal(object)  # the exception behind ``failed``, emitted just before it
    finished = Signal()

    def __init__(
        self,
        fn: Callable[[ProgressFn], Any],
        parent: QObject | None = None,
        *,
        unexpected: str = UNEXPECTED,
    ) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.error.connect(self._on_error)
        self._worker = _Worker(fn, self._relay, unexpected)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self, pool: QThreadPool | None = None) -> None:
        if self._running:
            return
        self._running = True
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(self._worker)

    @Slot(int, str)
    def _on_progress(self, percent: int, message: str) -> None:
        self.progressed.emit(max(0, min(100, int(percent))), message)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(str, object)
    def _on_error(self, message: str, exc: object) -> None:
        self._finish()
        self.raised.emit(exc)
        self.failed.emit(message)
        self.finished.emit()

    def _finish(self) -> None:
        self._running = False
        _running.discard(self)


# --- the unexpected, anywhere in a window -------------------------------------------------------


def show_unexpected(parent: Any, title: str, exc: BaseException | None = None) -> None:
    """Log ``exc`` (with its traceback) and tell the person calmly: what every window does with
    an error it did not expect, so nothing ever fails without a word."""
    from PySide6.QtWidgets import QMessageBox

    if exc is not None:
        log.error("Unexpected error: %s", title, exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.warning(parent, title, UNEXPECTED)


_showing: list[bool] = []


def unexpected_hook(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook`` for the app: an exception nobody caught (in a slot, a timer, a menu
    action) is logged and shown as the calm message, never lost and never a traceback."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.error("An unexpected error reached the window", exc_info=(kind, exc, tb))
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance()
    if app is None or _showing:  # no window to speak in, or already saying it
        return
    _showing.append(True)
    try:
        message = message_for(exc)
        QMessageBox.warning(QApplication.activeWindow(), "ReviewDesk", message)
    finally:
        _showing.clear()


def install_unexpected_hook() -> None:
    """Use :func:`unexpected_hook`, unless a hook someone chose is already there (a debugger,
    or pytest-qt, which turns such an error into a failed test)."""
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = unexpected_hook
