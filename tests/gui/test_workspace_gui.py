"""The review workspace: writing, autosave, progress, moving around, find, compare, notes."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from reviewdesk.domain.review import Relevance
from reviewdesk.gui.autosave import SaveState

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def babies(window):  # type: ignore[no-untyped-def]
    """Go to the 'Vulnerability of babies' theme (the fourth) and return its page."""
    qtbot_key(window, Qt.Key.Key_5, CTRL)  # Ctrl+1 is the overview, Ctrl+2 the first theme
    return window.workspace.theme_pages[3]


def qtbot_key(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    QTest.keyClick(QApplication.focusWidget() or window, key, modifiers)


def stored_answer(window, prompt_id: str) -> str:  # type: ignore[no-untyped-def]
    doc = window.services.reviews.get(window.workspace.doc.id)
    answer = doc.work_of(window.workspace.me.id).answer(prompt_id)
    return answer.text if answer else ""


def test_typing_saves_after_a_pause_and_says_when(demo_window, qtbot) -> None:
    window = demo_window
    page = babies(window)
    assert window.workspace.current() == 4
    card = page.cards[0]
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, "Mother was the main carer.")
    assert window.save_state in (SaveState.PENDING, SaveState.SAVING)
    assert window.save_state_text() == "Saving..."
    assert stored_answer(window, card.prompt.id) == ""  # not yet: the pause has not happened
    qtbot.waitUntil(lambda: window.save_state is SaveState.SAVED, timeout=5000)
    assert re.fullmatch(r"Saved \d\d:\d\d", window.save_state_text())
    assert stored_answer(window, card.prompt.id) == "Mother was the main carer."
    assert card.state_text.text() == "Answered"
    item = window.workspace.navigator.item(4)
    assert item.data(Qt.ItemDataRole.UserRole + 1) == "1 of 10 answered · In progress"
    assert page.progress.text() == "1 of 10 answered · In progress"


def test_leaving_a_field_or_the_page_saves_at_once(demo_window, qtbot) -> None:
    window = demo_window
    window.autosaver.set_delay(60_000)  # only focus-out and page change can save in time
    page = babies(window)
    card = page.cards[1]
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, "Pre-birth: no assessment was asked for.")
    with qtbot.waitSignal(window.autosaver.target_saved, timeout=3000):
        qtbot.keyClick(card.editor, Qt.Key.Key_Tab)  # to the evidence field
    assert QApplication.focusWidget() is card.evidence
    assert stored_answer(window, card.prompt.id) == "Pre-birth: no assessment was asked for."
    qtbot.keyClicks(card.evidence, "Maternity booking 03/2025")
    with qtbot.waitSignal(window.autosaver.target_saved, timeout=3000):
        qtbot.keyClick(card.evidence, Qt.Key.Key_PageDown, CTRL)  # next theme
    assert window.workspace.current() == 5
    doc = window.services.reviews.get(window.workspace.doc.id)
    assert doc.work_of(window.workspace.me.id).answer(card.prompt.id).evidence == (
        "Maternity booking 03/2025"
    )


def test_relevance_and_key_learning_are_saved_and_shown_as_state(demo_window, qtbot) -> None:
    window = demo_window
    page = babies(window)
    choice = page.relevance.buttons[Relevance.NOT_RELEVANT]
    with qtbot.waitSignal(window.autosaver.target_saved, timeout=3000):
        qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(8, choice.height() // 2))
    assert window.workspace.navigator.item(4).data(Qt.ItemDataRole.UserRole + 1) == (
        "0 of 10 answered · Marked not relevant"
    )
    significant = page.relevance.buttons[Relevance.SIGNIFICANT]
    significant.setFocus()
    with qtbot.waitSignal(window.autosaver.target_saved, timeout=3000):
        qtbot.keyClick(significant, Qt.Key.Key_Space)
    qtbot.keyClicks(page.key_learning, "See the baby, every visit.")
    with qtbot.waitSignal(window.autosaver.target_saved, timeout=3000):
        window.menu_actions.save_now.trigger()  # Ctrl+S
    doc = window.services.reviews.get(window.workspace.doc.id)
    assessment = doc.work_of(window.workspace.me.id).assessment("babies")
    assert assessment.relevance is Relevance.SIGNIFICANT
    assert assessment.key_learning == "See the baby, every visit."
    assert page.progress.text() == "0 of 10 answered · In progress"


def test_moving_around_by_keyboard(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    assert ws.current() == 0  # the overview first
    qtbot_key(window, Qt.Key.Key_PageDown, CTRL)
    assert ws.current() == 1
    qtbot_key(window, Qt.Key.Key_PageDown, CTRL)
    qtbot_key(window, Qt.Key.Key_PageUp, CTRL)
    assert ws.current() == 1
    qtbot_key(window, Qt.Key.Key_9, CTRL)
    assert ws.current() == ws.summary_index
    qtbot_key(window, Qt.Key.Key_1, CTRL)
    assert ws.current() == 0
    qtbot_key(window, Qt.Key.Key_J, CTRL)  # first unanswered prompt: theme 1, prompt 1
    assert ws.current() == 1
    assert QApplication.focusWidget() is ws.theme_pages[0].cards[0].editor
    qtbot.keyClicks(QApplication.focusWidget(), "Answered.")
    qtbot_key(window, Qt.Key.Key_J, CTRL)  # ...then the next one
    assert QApplication.focusWidget() is ws.theme_pages[0].cards[1].editor
    # the navigator is a list: arrow keys move through the themes
    ws.navigator.setFocus()
    qtbot.keyClick(ws.navigator, Qt.Key.Key_Down)
    assert ws.current() == 2
    why = ws.theme_pages[1].why
    assert why.body.isVisible()
    qtbot.mouseClick(why.button, Qt.MouseButton.LeftButton)
    assert not why.body.isVisible()  # "why it matters" folds away...
    qtbot.keyClick(ws.navigator, Qt.Key.Key_Down)
    why = ws.theme_pages[2].why
    assert not why.body.isVisible()  # ...on every theme
    why.button.setFocus()
    qtbot.keyClick(why.button, Qt.Key.Key_Space)
    assert why.body.isVisible()
    assert ws.theme_pages[1].why.expanded()


def test_find_within_the_review(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    qtbot_key(window, Qt.Key.Key_F, CTRL)
    assert ws.find_bar.isVisible() and QApplication.focusWidget() is ws.find_bar.line
    qtbot.keyClicks(ws.find_bar.line, "bruise")
    qtbot.waitUntil(lambda: "of" in ws.find_bar.count.text())
    total = int(ws.find_bar.count.text().split(" of ")[1])
    assert total >= 3  # the prompt, and what others wrote
    assert 1 <= ws.current() <= 6  # on the theme where it was found
    assert ws.find_bar.count.text() == f"1 of {total}"
    shown = [c for c in ws.theme_pages[ws.current() - 1].cards if c.other is not None]
    # it was in someone else's answer, so theirs is shown beside yours, with the word selected
    assert any(c.other_reader.textCursor().selectedText().lower() == "bruise" for c in shown)
    qtbot.keyClick(ws.find_bar.line, Qt.Key.Key_Return)
    assert ws.find_bar.count.text() == f"2 of {total}"
    qtbot.keyClick(ws.find_bar.line, Qt.Key.Key_F3, SHIFT)
    assert ws.find_bar.count.text() == f"1 of {total}"
    qtbot.keyClick(ws.find_bar.line, Qt.Key.Key_Escape)
    assert not ws.find_bar.isVisible()
    # your own words are found too
    card = ws.theme_page(5).cards[2]
    card.editor.setPlainText("A quokka-shaped clue")
    qtbot_key(window, Qt.Key.Key_F, CTRL)
    ws.find_bar.line.setText("QUOKKA")
    ws.find_bar.search_now()
    assert ws.find_bar.count.text() == "1 of 1"
    assert ws.current() == 6
    assert card.editor.textCursor().selectedText() == "quokka"


def test_a_lead_reads_another_contributors_answers_beside_their_own(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    page = babies(window)
    assert ws.compare.isVisible()
    names = [ws.compare.itemText(i) for i in range(ws.compare.count())]
    assert names[0].startswith("No one") and "Morwenna Clegg, Health visitor" in names
    ws.compare.setCurrentIndex(names.index("Morwenna Clegg, Health visitor"))
    card = page.cards[0]
    assert card.other is not None and card.other.isVisible()
    assert card.other_reader.isReadOnly()
    assert card.other_reader.toPlainText().startswith("From my records, Mother was the main carer")
    assert "Morwenna Clegg" in card.other_caption.text()
    assert card.editor.toPlainText() == ""  # your own answer stays yours
    assert "Significant" in page.other_caption.text()
    qtbot_key(window, Qt.Key.Key_PageDown, CTRL)  # pages built later follow the choice
    assert ws.theme_pages[4].cards[0].other.isVisible()
    ws.compare.setCurrentIndex(0)
    assert not card.other.isVisible()


def test_private_notes_are_kept_and_never_exported(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    babies(window)
    assert ws.notes.isVisible()
    assert "Never exported" in " ".join(
        w.text() for w in ws.notes.findChildren(type(ws.notes.caption))
    )
    qtbot_key(window, Qt.Key.Key_N, CTRL | SHIFT)
    editor = ws.notes.current()
    assert QApplication.focusWidget() is editor
    qtbot.keyClicks(editor, "I still think about that visit. Private zebra note.")
    with qtbot.waitSignal(window.autosaver.target_saved, timeout=3000):
        window.menu_actions.save_now.trigger()
    assert window.services.reviews.private_notes(ws.me.id) == {
        "babies": "I still think about that visit. Private zebra note."
    }
    exported = str(window.services.exchange.export_dict(ws.doc.id))
    assert "zebra" not in exported
    window.menu_actions.notes.trigger()  # View > Show private notes (off)
    assert not ws.notes.isVisible()
    assert window.settings.notes_visible is False


def test_summary_lists_what_is_left_and_offers_export(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    qtbot_key(window, Qt.Key.Key_9, CTRL)
    assert ws.current() == ws.summary_index
    text = " ".join(label.text() for label in ws.summary.findChildren(type(ws.title)))
    assert "You have answered 0 of 60 prompts" in text
    assert "Morwenna Clegg, Health visitor" in text and "Significant" in text
    qtbot.mouseClick(ws.summary.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.review_actions.export_dialog is not None)
    first = window.review_actions.export_dialog
    assert first.isVisible() and ws.doc.reference in first.windowTitle()
    first.reject()
    window.menu_actions.export.trigger()
    qtbot.waitUntil(lambda: window.review_actions.export_dialog is not first)
    assert ws.doc.reference in window.review_actions.export_dialog.windowTitle()
    window.review_actions.export_dialog.reject()
