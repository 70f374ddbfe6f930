"""The whole journey through the real app, as a person would make it: first run, a new review
through the wizard, answers in all six themes with relevance ratings, close, open again, and
everything is there with the right progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from reviewdesk.app import build_gui
from reviewdesk.domain.review import Relevance

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SUBTITLE = Qt.ItemDataRole.UserRole + 1
RATINGS = [
    Relevance.SIGNIFICANT,
    Relevance.SOME,
    Relevance.SIGNIFICANT,
    Relevance.SOME,
    Relevance.SIGNIFICANT,
    Relevance.NOT_RELEVANT,
]


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed wherever the keyboard focus is (the window itself if nothing has it)."""
    from PySide6.QtTest import QTest

    QTest.keyClick(focused() or window, key, modifiers)


def start(qtbot, data_dir: Path):  # type: ignore[no-untyped-def]
    _app, window = build_gui(str(data_dir))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.services is not None, timeout=10_000)
    return window


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(10, widget.height() // 2))


def test_first_run_wizard_six_themes_close_and_reopen(qtbot, data_dir: Path) -> None:
    window = start(qtbot, data_dir)
    # First run: who is writing, and a plain promise that everything stays here.
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
    welcome = window.welcome
    qtbot.waitUntil(lambda: focused() is welcome.name)
    assert welcome.windowTitle() == "Welcome to ReviewDesk"
    words = " ".join(label.text() for label in welcome.findChildren(QLabel))
    assert "Everything stays on this computer" in words
    assert "makes no network connections" in words
    qtbot.keyClicks(welcome.name, "Sam Carter")
    qtbot.keyClick(welcome.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Review lead")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Northvale Safeguarding Partnership")
    qtbot.mouseClick(welcome.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.welcome is None)
    assert window.services.profile.get().role == "Review lead"

    # A new review through the wizard.
    qtbot.mouseClick(window.library.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: getattr(window, "wizard", None) is not None and window.wizard.isVisible()
    )
    wizard = window.wizard
    qtbot.waitUntil(lambda: focused() is wizard.form.reference)
    qtbot.keyClicks(wizard.form.reference, "LCSPR-2026-21")
    qtbot.keyClicks(wizard.form.title, "Child F, Northvale (fictional)")
    for step in range(1, 6):
        with qtbot.waitSignal(wizard.next_button.clicked):
            qtbot.keyClick(wizard, Qt.Key.Key_N, ALT)
        if step == 3 and wizard.current() == 2:  # no child yet: a question, confirmed
            message = wizard.form.messages["children"]
            assert message.kind == "caution"
            qtbot.keyClick(message.confirm, Qt.Key.Key_Space)
            with qtbot.waitSignal(wizard.next_button.clicked):
                qtbot.keyClick(wizard, Qt.Key.Key_N, ALT)
    assert wizard.current() == 5
    with qtbot.waitSignal(wizard.create_button.clicked):
        qtbot.keyClick(wizard, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: window.workspace is not None)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    ws = window.workspace
    review_id = ws.doc.id

    # Every theme: answer prompts (all nine in the first theme, two elsewhere), rate it.
    # A new review starts on version 2 of the framework (9, 13, 11, 10, 8 and 9 prompts).
    for t in range(6):
        press(window, Qt.Key.Key_PageDown, CTRL)  # next theme
        assert ws.current() == t + 1
        page = ws.theme_pages[t]
        count = 9 if t == 0 else 2
        for p in range(count):
            page.cards[p].editor.setFocus()
            qtbot.keyClicks(focused(), f"Theme {t + 1}, prompt {p + 1}: what I knew then.")
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # to the evidence field: saves
        choice = page.relevance.buttons[RATINGS[t]]
        click(qtbot, choice)
        assert choice.isChecked()
        page.key_learning.setFocus()
        qtbot.keyClicks(focused(), f"Learning {t + 1}")
    qtbot.waitUntil(lambda: not window.autosaver.has_unsaved(), timeout=5000)
    assert ws.navigator.item(1).data(SUBTITLE) == "9 of 9 answered · Complete"

    window.close()
    assert not window.isVisible()
    window.services.close()

    # Open the app again: the review comes back where it was, with the same progress.
    window = start(qtbot, data_dir)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    ws = window.workspace
    assert ws.doc.id == review_id and ws.doc.reference == "LCSPR-2026-21"
    subtitles = [ws.navigator.item(i + 1).data(SUBTITLE) for i in range(6)]
    assert subtitles == [
        "9 of 9 answered · Complete",
        "2 of 13 answered · In progress",
        "2 of 11 answered · In progress",
        "2 of 10 answered · In progress",
        "2 of 8 answered · In progress",
        "2 of 9 answered · Marked not relevant",
    ]
    for t in range(6):
        page = ws.theme_page(t)
        assert page.cards[1].editor.toPlainText() == f"Theme {t + 1}, prompt 2: what I knew then."
        assert page.relevance.value() is RATINGS[t]
        assert page.key_learning.toPlainText() == f"Learning {t + 1}"
    press(window, Qt.Key.Key_L, CTRL)  # back to the library
    assert window.library.proxy.index(0, 4).data() == "Your prompts: 19 of 60"
    window.close()
    window.services.close()
