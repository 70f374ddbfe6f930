"""After the library is shown: the day's backup and the routine check of the whole file, in the
background (one :class:`~reviewdesk.gui.tasks.Task`), never delaying work.

Both only read the library, each on a connection of its own: SQLite's write-ahead log lets every
save carry on meanwhile, and the backup is one consistent snapshot (the online backup API in one
step), so a save made while it runs is simply in the next backup. The check writes one setting at
the end (when it last passed), in a short write transaction of its own.

What they find is told calmly: a backup that could not be made or a problem in the file in a
message the person can close, an all-clear in the status bar only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reviewdesk.gui.tasks import Task

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


def background_upkeep(services: Any, *, recovered: bool) -> list[tuple[str, str]]:
    """The day's backup (when due) then the whole-file check (when due); returns what to tell,
    as (kind, sentence): "problem" for a message, "done" for the status bar."""
    from reviewdesk.domain.errors import BackupError

    told: list[tuple[str, str]] = []
    try:
        services.backups.take_daily_if_due()
    except BackupError as exc:
        told.append(("problem", f"Today's automatic backup could not be made. {exc}"))
    check = services.integrity.scheduled_check(recovered=recovered)
    if check is not None:
        told.append(("done" if check.ok else "problem", check.message()))
    return told


def start(window: QMainWindow, services: Any) -> Task:
    """Start the upkeep on a worker thread; what it finds arrives on the GUI thread."""
    lock = getattr(services, "lock", None)
    recovered = bool(getattr(lock, "recovered", False))
    task = Task(lambda _progress: background_upkeep(services, recovered=recovered), window)

    def tell(told: list[tuple[str, str]]) -> None:
        for kind, sentence in told:
            if kind == "done":
                window.statusBar().showMessage(sentence, 8000)
            else:
                _message(window, sentence)

    task.succeeded.connect(tell)
    task.failed.connect(lambda message: _message(window, message))
    window.upkeep = task  # type: ignore[attr-defined]  # for tests and the benchmark
    _finish_before_quitting()
    task.start()
    return task


def _finish_before_quitting() -> None:
    """When the event loop ends, wait for the backup or check under way (Python must not be
    shutting down while a worker thread still runs it; the window has gone already)."""
    from PySide6.QtCore import QCoreApplication, QThreadPool

    app = QCoreApplication.instance()
    if app is not None and not app.property("reviewdesk_waits_for_upkeep"):
        app.setProperty("reviewdesk_waits_for_upkeep", True)
        app.aboutToQuit.connect(lambda: QThreadPool.globalInstance().waitForDone())


def _message(window: QMainWindow, sentence: str) -> None:
    from reviewdesk import APP_NAME
    from reviewdesk.gui.review_dialogs import message_box

    box = message_box()(message_box().Icon.Information, APP_NAME, sentence, parent=window)
    box.open()
