"""Fixtures for tests that drive the real windows (Qt, offscreen)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from reviewdesk.domain.review import Profile
from reviewdesk.gui.main_window import MainWindow
from reviewdesk.gui.settings import AppSettings
from reviewdesk.gui.style import Appearance
from reviewdesk.paths import resolve_paths
from tests import running
from tests.closing import library_closed_as_the_app_closes_it  # noqa: F401 (a fixture)

ME = Profile("Sam Carter", "Review lead", "Eastmere Safeguarding Children Partnership")


@pytest.fixture
def appearance(qapp: QApplication) -> Appearance:
    look = Appearance(qapp, 1.0, "light")
    look.apply()
    return look


@pytest.fixture
def me(services) -> Profile:  # type: ignore[no-untyped-def]
    return services.profile.save(ME)


@pytest.fixture
def make_window(qtbot, appearance, data_dir: Path) -> Callable[..., MainWindow]:  # type: ignore[no-untyped-def]
    """A real main window over ``services`` (settings in the test's own data folder)."""
    made: list[MainWindow] = []

    def make(services, *, show: bool = True) -> MainWindow:  # type: ignore[no-untyped-def]
        paths = resolve_paths(data_dir)
        window = MainWindow(paths, AppSettings(paths.settings_file), appearance)
        qtbot.addWidget(window)
        if window.settings.geometry is None:  # otherwise the remembered size is kept
            window.resize(1200, 800)
        if show:
            window.show()
            qtbot.waitExposed(window)
        window.attach(services)
        made.append(window)
        return window

    yield make
    for window in made:
        window.autosaver.stop()


@pytest.fixture
def window(make_window, services, me) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(services)


@pytest.fixture
def demo_window(window: MainWindow, qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.library.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    yield window


def answer_modal(choose: Callable[[QWidget], None], *, timeout_ms: int = 3000) -> None:
    """Deal with the next modal dialog or message box the way a person would (``choose`` gets
    the dialog and clicks something in it). Call before the action that opens the dialog."""
    deadline = {"left": timeout_ms}
    serial = running.current()

    def poll() -> None:
        if not running.still(serial):  # its test is over: never answer another test's dialog
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox | QDialog) and dialog.isVisible():
            choose(dialog)
            return
        deadline["left"] -= 20
        if deadline["left"] > 0:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def click_button(text: str) -> Callable[[QWidget], None]:
    """For :func:`answer_modal`: click the button whose text (without '&') is ``text``."""
    from PySide6.QtWidgets import QAbstractButton

    def choose(dialog: QWidget) -> None:
        for b in dialog.findChildren(QAbstractButton):
            if b.text().replace("&", "") == text and b.isVisible():
                b.click()
                return
        raise AssertionError(f"no button {text!r} in {dialog.windowTitle()!r}")

    return choose


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):  # type: ignore[no-untyped-def]
    """When a test ends (or fails) with work unsaved in a window, closing the windows asks what
    to do with it, as it should for a person. Nobody is there to answer at teardown: answer
    "Don't save" (or close the question) so a failed test reports instead of hanging. Runs
    around pytest-qt's own teardown, which closes the windows; stops when teardown is over."""
    from PySide6.QtWidgets import QAbstractButton

    timer = QTimer()
    timer.setInterval(50)
    busy = {"rejecting": False}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox | QDialog) and box.isVisible():
            for b in box.findChildren(QAbstractButton):
                if b.text().replace("&", "") in ("Don't save", "Discard"):
                    b.click()
                    return
            if busy["rejecting"]:  # a dialog being closed asked a question: answered above
                return
            busy["rejecting"] = True
            try:
                if isinstance(box, QMessageBox):
                    box.reject()
                else:
                    # Not reject(): a dialog's own reject() may ask "leave without saving?" in
                    # an event loop of its own, while teardown is destroying the window it
                    # belongs to (a double free, seen in the wizard's tests). Nobody is there to
                    # answer: close it as rejected, as its Close button would after "Discard".
                    box.done(QDialog.DialogCode.Rejected)
            finally:
                busy["rejecting"] = False

    timer.timeout.connect(answer)
    if QApplication.instance() is not None:
        timer.start()
    try:
        return (yield)
    finally:
        timer.stop()
