"""The identity theme's "not relevant" needs a reason, in the window (issue 18, point 7): the
demo review (version 2 of the framework) driven from the keyboard. Marking the theme not relevant
with no reason, and answering 'identity-considered' with only "Not relevant", are not saved;
the card says why under the answer, calmly, and what was typed stays; a reason saves both."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewdesk.domain.review import Relevance
from reviewdesk.gui.autosave import SaveState

CTRL = Qt.KeyboardModifier.ControlModifier
REASON = ": we asked about the family's language and faith, and nothing arose."


def key(window, k, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(QApplication.focusWidget() or window, k, modifiers)


def stored(window):  # type: ignore[no-untyped-def]
    doc = window.services.reviews.get(window.workspace.doc.id)
    work = doc.work_of(window.workspace.me.id)
    answer = work.answer("identity-considered")
    assessment = work.assessment("identity")
    return (answer.text if answer else "", assessment.relevance if assessment else None)


def test_not_relevant_waits_for_a_reason_and_keeps_what_was_typed(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    key(window, Qt.Key.Key_4, CTRL)  # Ctrl+2 is the first theme: identity is the third
    page = ws.theme_pages[2]
    assert page.theme.id == "identity"
    card = next(c for c in page.cards if c.prompt.id == "identity-considered")
    assert not card.reason_note.isVisible()

    # The theme marked not relevant by keyboard, with no reason written: not saved, said why.
    page.relevance.buttons[Relevance.SOME].setFocus()
    key(window, Qt.Key.Key_Up)  # the arrow moves the choice up to "Not relevant"
    assert page.relevance.value() is Relevance.NOT_RELEVANT
    qtbot.waitUntil(lambda: window.autosaver.state is SaveState.FAILED, timeout=5000)
    assert card.reason_note.isVisible()
    assert "please write a short reason" in card.reason_note.text()
    assert "please write a short reason" in ws.banner.text.text()
    # Saving the same choice again cannot help: no retries, and the banner does not promise any.
    assert not window.autosaver._retry.isActive()
    assert "try again" not in ws.banner.text.text()
    assert "saved as soon as that is done" in ws.banner.text.text()
    assert page.relevance.value() is Relevance.NOT_RELEVANT  # the choice stays on screen
    assert stored(window) == ("", None)

    # A bare "Not relevant" typed into the prompt: the card says a reason is needed.
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, "Not relevant")
    assert "what led you to that view" in card.reason_note.text()
    key(window, Qt.Key.Key_S, CTRL)  # save now
    qtbot.waitUntil(lambda: window.autosaver.state is SaveState.FAILED, timeout=5000)
    assert card.editor.toPlainText() == "Not relevant"  # kept where it was typed
    assert stored(window) == ("", None)  # nothing saved

    # The reason written: the note goes, both the answer and the rating are saved.
    card.editor.moveCursor(card.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.editor, REASON)
    assert not card.reason_note.isVisible()
    key(window, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.autosaver.state is SaveState.SAVED, timeout=5000)
    assert stored(window) == ("Not relevant" + REASON, Relevance.NOT_RELEVANT)
    assert not ws.banner.isVisible()
