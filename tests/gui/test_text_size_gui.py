"""Text size applies everywhere, at once (issue 15, point 5).

The person changes the size with the View menu's shortcuts while writing: the answer being typed,
the navigator and the body text grow there and then, with nothing to reopen; and at the largest
size (250%) no label on the workspace or the main dialogs is cut short.
"""

from __future__ import annotations

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _back_to_normal_size(appearance):  # type: ignore[no-untyped-def]
    """The application's font outlives a test: the next one starts at 100% again."""
    yield
    appearance.reset()


def settle() -> None:
    """Let every level of layout catch up (each asks the one above it by a posted event)."""
    for _ in range(15):
        QApplication.processEvents()


def press(qtbot, window, key: Qt.Key, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget() or window, key, CTRL)
    settle()


def test_the_answer_being_typed_and_the_navigator_grow_at_once(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    ws = window.workspace
    window.go_to(1)
    card = ws.theme_page(0).cards[0]
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, "I visited on the Tuesday and the baby was asleep upstairs.")
    settle()
    before = {
        "answer": card.editor.font().pointSizeF(),
        "evidence": card.evidence.font().pointSizeF(),
        "navigator": ws.navigator.font().pointSizeF(),
        "notes": ws.notes.current().font().pointSizeF(),
        "menu bar": window.menuBar().font().pointSizeF(),
        "progress line": ws.theme_page(0).progress.font().pointSizeF(),
        "why it matters": ws.theme_page(0).why.findChildren(QLabel)[0].font().pointSizeF(),
    }
    editor_height = card.editor.height()
    row_height = ws.navigator.visualItemRect(ws.navigator.item(1)).height()

    press(qtbot, window, Qt.Key.Key_Equal, 5)  # Ctrl+= five times: 100% -> 200%
    assert window.appearance.scale == 2.0
    after = {
        "answer": card.editor.font().pointSizeF(),
        "evidence": card.evidence.font().pointSizeF(),
        "navigator": ws.navigator.font().pointSizeF(),
        "notes": ws.notes.current().font().pointSizeF(),
        "menu bar": window.menuBar().font().pointSizeF(),
        "progress line": ws.theme_page(0).progress.font().pointSizeF(),
        "why it matters": ws.theme_page(0).why.findChildren(QLabel)[0].font().pointSizeF(),
    }
    for what, size in before.items():
        assert after[what] == 2 * size, f"{what}: {size} -> {after[what]}"
    assert card.editor.height() > 1.6 * editor_height  # the box grew with its text
    # The navigator's rows are drawn in its font: they are taller now.
    assert ws.navigator.visualItemRect(ws.navigator.item(1)).height() > 1.5 * row_height
    # Still the same review, the same text, where it was: nothing was reopened.
    assert window.workspace is ws
    assert card.editor.toPlainText().endswith("asleep upstairs.")
    assert QApplication.focusWidget() is card.editor
    # A page built after the change is built at the new size.
    window.go_to(2)
    later = ws.theme_page(1).cards[0]
    assert later.editor.font().pointSizeF() == after["answer"]

    press(qtbot, window, Qt.Key.Key_0)  # Ctrl+0: back to 100%
    assert card.editor.font().pointSizeF() == before["answer"]
    assert ws.navigator.font().pointSizeF() == before["navigator"]


def clipped_labels(root: QWidget) -> list[str]:
    """Visible labels whose text does not fit the room they were given."""
    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text() or not label.pixmap().isNull():
            continue
        if label.width() < 8:  # not laid out (a hidden page)
            continue
        margins = label.contentsMargins()
        inner = label.width() - margins.left() - margins.right()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                problems.append(f"{label.text()[:50]!r}: {label.height()} high, needs {needed}")
            if label.textFormat() == Qt.TextFormat.PlainText or not QtGui.Qt.mightBeRichText(
                label.text()
            ):  # a word longer than the line is cut, not wrapped
                metrics = label.fontMetrics()
                longest = max(label.text().split(), key=metrics.horizontalAdvance, default="")
                if metrics.horizontalAdvance(longest) > inner + 1:
                    problems.append(f"{label.text()[:50]!r}: {longest!r} is wider than {inner}")
        else:
            needed = label.sizeHint().width() - margins.left() - margins.right()
            if needed > inner + 1:
                problems.append(f"{label.text()[:50]!r}: {inner} wide, needs {needed}")
            if label.sizeHint().height() > label.height() + 1:
                problems.append(f"{label.text()[:50]!r}: {label.height()} high")
    return problems


def test_nothing_is_cut_off_at_250_percent(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    window.resize(1366, 728)
    press(qtbot, window, Qt.Key.Key_Equal, 7)
    assert window.appearance.scale == 2.5
    ws = window.workspace
    problems: list[str] = []
    for index in range(ws.summary_index + 1):
        window.go_to(index)
        settle()
        problems += [f"page {index}: {p}" for p in clipped_labels(window)]
        page = ws.pages.currentWidget()
        # the overview, each theme and the summary: read without scrolling sideways
        assert page.horizontalScrollBar().maximum() == 0, f"page {index} is too wide"

    from reviewdesk.gui.dialogs.help import AboutDialog

    for action, attribute in (
        (window.menu_actions.export, "export_dialog"),
        (window.menu_actions.send_pack, "exchange_dialog"),
        (window.menu_actions.return_contribution, "exchange_dialog"),
        (window.menu_actions.library_settings, "settings_dialog"),
        (window.menu_actions.details, "welcome"),
    ):
        action.trigger()
        dialog = getattr(window.review_actions, attribute, None) or getattr(window, attribute)
        qtbot.waitUntil(dialog.isVisible)
        settle()
        problems += [f"{dialog.windowTitle()}: {p}" for p in clipped_labels(dialog)]
        dialog.close()
    about = AboutDialog("/data", "environment", ["Framework"], lambda: None, window)
    about.show()
    settle()
    problems += [f"About: {p}" for p in clipped_labels(about)]
    about.close()
    assert not problems, "\n".join(problems)
