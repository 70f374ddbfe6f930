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


def start(window: QMainWindow, services: Any) -> Task | None:
    """Start the upkeep on a worker thread; what it finds arrives on the GUI thread. Not when
    the application is already quitting (the person closed it as the list appeared): the next
    start takes the day's backup, and no worker is left running while Python shuts down."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is None or app.property("reviewdesk_quitting"):
        return None
    lock = getattr(services, "lock", None)
    recovered = bool(getattr(lock, "recovered", False))
    task = Task(lambda _progress: background_upkeep(services, recovered=recovered), window)

    def tell(told: list[tuple[str, str]]) -> None:
        # Only a problem is told: an all-clear would only cover what the status bar was saying
        # (an import just made, say); the check's result is recorded in the library either way.
        for kind, sentence in told:
            if kind != "done":
                _message(window, sentence)

    task.succeeded.connect(tell)
    task.failed.connect(lambda message: _message(window, message))
    window.upkeep = task  # type: ignore[attr-defined]  # for tests and the benchmark
    _finish_before_quitting()
    task.start()
    return task


def _finish_before_quitting() -> None:
    """When the event loop ends, wait for the backup or check under way (Python must not be
    shutting down while a worker thread still runs it; the window has gone already), and start
    no more (:func:`start`). Called when the library is attached, before any upkeep starts."""
    from PySide6.QtCore import QCoreApplication, QThreadPool

    app = QCoreApplication.instance()
    if app is not None and not app.property("reviewdesk_waits_for_upkeep"):
        app.setProperty("reviewdesk_waits_for_upkeep", True)

        def quitting() -> None:
            app.setProperty("reviewdesk_quitting", True)
            QThreadPool.globalInstance().waitForDone()

        app.aboutToQuit.connect(quitting)


finish_before_quitting = _finish_before_quitting


def _message(window: QMainWindow, sentence: str) -> None:
    from reviewdesk import APP_NAME
    from reviewdesk.gui.review_dialogs import message_box

    box = message_box()(message_box().Icon.Information, APP_NAME, sentence, parent=window)
    box.open()
