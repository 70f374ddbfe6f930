"""Runs the real app in a child process for tests/gui/test_crash_recovery_gui.py.

``python drive_app.py type DATA_DIR TEXT``: start ReviewDesk as a person would, open the first
review from the library with the keyboard, type TEXT into the first prompt of the first theme,
print "TYPED", and carry on running until killed.

``python drive_app.py first-run DATA_DIR TEXT``: the same from a new data folder: answer the
first-run welcome with the keyboard, open the demo review with its button, then type TEXT.

``python drive_app.py read DATA_DIR``: start ReviewDesk, wait for it to reopen the review that
was open last, and print (as JSON) what the first prompt's editor holds; then quit.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewdesk.app import build_gui


def when(condition: Callable[[], bool], then: Callable[[], None]) -> None:
    def poll() -> None:
        if condition():
            then()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def main(mode: str, data_dir: str, text: str = "") -> int:
    app, window = build_gui(data_dir, [sys.argv[0]])

    def first_editor():  # type: ignore[no-untyped-def]
        return window.workspace.theme_page(0).cards[0].editor

    if mode == "type":

        def open_and_type() -> None:
            window.library.table.setFocus()
            QTest.keyClick(window.library.table, Qt.Key.Key_Return)  # open the selected review
            window.workspace.go(1)
            editor = first_editor()
            editor.setFocus()
            QTest.keyClicks(editor, text)
            print("TYPED", flush=True)

        when(
            lambda: window.services is not None and window.library.proxy.rowCount() > 0,
            open_and_type,
        )
    elif mode == "first-run":

        def welcome_then_type() -> None:
            welcome = window.welcome
            QTest.keyClicks(welcome.name, "Jo Adeyemi")
            QTest.keyClick(welcome.name, Qt.Key.Key_Tab)
            QTest.keyClicks(QApplication.focusWidget(), "Health visitor")
            QTest.mouseClick(welcome.ok_button, Qt.MouseButton.LeftButton)
            when(lambda: window.welcome is None, open_demo)

        def open_demo() -> None:
            QTest.mouseClick(window.library.demo_button, Qt.MouseButton.LeftButton)
            when(lambda: window.workspace is not None, type_words)

        def type_words() -> None:
            window.workspace.go(1)
            editor = first_editor()
            editor.setFocus()
            QTest.keyClicks(editor, text)
            print("TYPED", flush=True)

        def welcome_ready() -> bool:
            return window.welcome is not None and QApplication.focusWidget() is window.welcome.name

        when(welcome_ready, welcome_then_type)
    else:

        def report() -> None:
            print(json.dumps({"text": first_editor().toPlainText()}), flush=True)
            window.close()
            app.quit()

        when(lambda: window.workspace is not None, report)
    code = app.exec()
    if window.services is not None:
        window.services.close()
    QApplication.processEvents()
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
