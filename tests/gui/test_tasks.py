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
