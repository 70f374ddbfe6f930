"""Background tasks: results, progress and errors arrive on the GUI thread, kindly worded."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.tasks import UNEXPECTED, Task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot) -> None:
    gui_thread = QThread.currentThread()
    seen: list[tuple[int, str, bool]] = []
    worker_threads: list[int] = []

    def work(progress):  # type: ignore[no-untyped-def]
        worker_threads.append(threading.get_ident())
        progress(50, "Half way")
        progress(150, "Beyond")
        return 42

    task = Task(work)
    task.progressed.connect(lambda p, m: seen.append((p, m, QThread.currentThread() is gui_thread)))
    with qtbot.waitSignal(task.succeeded, timeout=10_000) as blocker:
        task.start()
    assert blocker.args == [42]
    assert worker_threads and worker_threads[0] != threading.get_ident()
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == [(50, "Half way", True), (100, "Beyond", True)]
    assert not task.running


def test_a_user_error_keeps_its_own_words(qtbot) -> None:
    def work(progress):  # type: ignore[no-untyped-def]
        raise ReviewDeskError("The folder X does not exist.")

    task = Task(work)
    with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
        task.start()
    assert blocker.args == ["The folder X does not exist."]


def test_an_unexpected_error_is_said_calmly_without_a_traceback(qtbot, caplog) -> None:
    def work(progress):  # type: ignore[no-untyped-def]
        raise KeyError("internal detail")

    task = Task(work)
    with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
        task.start()
    assert blocker.args == [UNEXPECTED]
    assert "internal detail" not in blocker.args[0]
    assert "internal detail" in caplog.text  # but it is logged for IT support


# --- the exchange dialogs' WorkingDialog runs its work the same way ------------------------------


def _working_dialog(qtbot):  # type: ignore[no-untyped-def]
    from reviewdesk.gui.dialogs.exchange_parts import WorkingDialog

    dialog = WorkingDialog(None)
    qtbot.addWidget(dialog)
    return dialog


def test_a_working_dialog_says_the_unexpected_calmly_and_logs_it(qtbot, caplog) -> None:
    dialog = _working_dialog(qtbot)
    done: list[object] = []

    def work():  # type: ignore[no-untyped-def]
        raise RuntimeError("internal detail")

    with qtbot.waitSignal(dialog.finished_work, timeout=10_000):
        dialog.start(work, done.append, "Working…")
        assert dialog.busy
    shown = dialog.message.text()
    assert UNEXPECTED in shown
    assert "internal detail" not in shown  # no raw exception text for the person...
    assert "internal detail" in caplog.text  # ...but logged, with its traceback, for IT support
    assert "RuntimeError" in caplog.text
    assert not dialog.busy and done == []


def test_a_working_dialog_keeps_a_user_errors_own_words(qtbot, caplog) -> None:
    dialog = _working_dialog(qtbot)
    seen: list[BaseException] = []
    dialog.failed = lambda exc: (seen.append(exc), type(dialog).failed(dialog, exc))  # type: ignore[method-assign]

    def work():  # type: ignore[no-untyped-def]
        raise ReviewDeskError("That passphrase does not open this file.")

    with qtbot.waitSignal(dialog.finished_work, timeout=10_000):
        dialog.start(work, lambda result: None, "Working…")
    assert dialog.message.text().endswith("That passphrase does not open this file.")
    assert isinstance(seen[0], ReviewDeskError)  # subclasses still see the exception's kind
    assert "That passphrase" not in caplog.text  # a person's mistake is not an error to log


def test_a_working_dialog_hands_the_result_to_done(qtbot) -> None:
    dialog = _working_dialog(qtbot)
    done: list[object] = []
    with qtbot.waitSignal(dialog.finished_work, timeout=10_000):
        dialog.start(lambda: 7, done.append, "Working…")
    assert done == [7] and not dialog.busy
