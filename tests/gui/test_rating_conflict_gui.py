"""Two windows on one theme's rating and key learning (issue 22, point 5), here on one library
file: the second save, written over an older version, opens the same conflict dialog as an
answer's, with both texts and both ratings; the person keeps theirs or mine by keyboard and
nothing typed is lost (both are in the history)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reviewdesk.domain.review import Relevance
from reviewdesk.gui.autosave import SaveState
from tests.gui.test_edit_conflict_gui import _second_window

ALT = Qt.KeyboardModifier.AltModifier


def _rate_and_write(qtbot, window, rating: Relevance, words: str):  # type: ignore[no-untyped-def]
    window.workspace.go(1)
    page = window.workspace.theme_pages[0]
    window.autosaver.set_delay(120_000)  # mid-sentence throughout: the rating saves it
    page.key_learning.setFocus()
    qtbot.keyClicks(page.key_learning, words)
    button = page.relevance.buttons[rating]  # a rating is saved as soon as it is chosen
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
    return page


def test_a_conflicting_rating_asks_and_mine_is_kept(
    make_window, services, me, record, qtbot, tmp_path
) -> None:
    review = services.reviews.create(record)
    one = make_window(services)
    other, two = _second_window(make_window, services, tmp_path)
    try:
        assert one.open_review(review.id) and two.open_review(review.id)
        page = _rate_and_write(qtbot, one, Relevance.SIGNIFICANT, "Theirs: nobody owned it.")
        qtbot.waitUntil(lambda: one.save_state is SaveState.SAVED, timeout=5000)
        theme = page.theme.id
        me_id = one.workspace.me.id

        _rate_and_write(qtbot, two, Relevance.SOME, "Mine: the GP was not asked.")
        sync = two.workspace.sync
        qtbot.waitUntil(lambda: sync.conflict_dialog is not None, timeout=5000)
        dialog = sync.conflict_dialog
        qtbot.waitExposed(dialog)
        assert dialog.heading.text() == (
            "Someone else changed this rating and key learning while you were writing"
        )
        assert dialog.theirs_pane.toPlainText() == "Theirs: nobody owned it."
        assert dialog.mine_pane.toPlainText() == "Mine: the GP was not asked."
        assert dialog.theirs_rating.text() == "Their rating: Significant"
        assert dialog.mine_rating.text() == "Your rating: Some relevance"
        # Stored meanwhile: theirs, untouched; both already in the history.
        stored = services.reviews.assessment(me_id, theme)
        assert (stored.key_learning, stored.relevance) == (
            "Theirs: nobody owned it.",
            Relevance.SIGNIFICANT,
        )
        kept = [
            (h.side, h.text, h.detail) for h in services.reviews.assessment_history(me_id, theme)
        ]
        assert kept[0] == ("theirs", "Theirs: nobody owned it.", "significant")
        assert ("yours", "Mine: the GP was not asked.", "some") in kept

        qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # Keep mine
        qtbot.waitUntil(
            lambda: (
                services.reviews.assessment(me_id, theme).key_learning
                == "Mine: the GP was not asked."
            ),
            timeout=5000,
        )
        stored = services.reviews.assessment(me_id, theme)
        assert (stored.relevance, stored.version) == (Relevance.SOME, 2)
        assert sync.conflict_dialog is None
        qtbot.waitUntil(lambda: not two.autosaver.has_unsaved(), timeout=5000)
        assert services.audit.verify().ok
    finally:
        _close(two, other)


def test_keep_theirs_puts_their_rating_in_the_page(
    make_window, services, me, record, qtbot, tmp_path
) -> None:
    review = services.reviews.create(record)
    one = make_window(services)
    other, two = _second_window(make_window, services, tmp_path)
    try:
        assert one.open_review(review.id) and two.open_review(review.id)
        _rate_and_write(qtbot, one, Relevance.SIGNIFICANT, "Theirs.")
        qtbot.waitUntil(lambda: one.save_state is SaveState.SAVED, timeout=5000)
        page = _rate_and_write(qtbot, two, Relevance.SOME, "Mine.")
        sync = two.workspace.sync
        qtbot.waitUntil(lambda: sync.conflict_dialog is not None, timeout=5000)
        qtbot.keyClick(sync.conflict_dialog, Qt.Key.Key_H, ALT)  # Keep theirs
        qtbot.waitUntil(lambda: sync.conflict_dialog is None, timeout=3000)
        assert page.key_learning.toPlainText() == "Theirs."
        assert page.relevance.value() is Relevance.SIGNIFICANT
        assert not two.autosaver.has_unsaved()
        me_id = one.workspace.me.id
        kept = services.reviews.assessment_history(me_id, page.theme.id)
        assert ("yours", "Mine.") in [(h.side, h.text) for h in kept]
    finally:
        _close(two, other)


def _close(window, other) -> None:  # type: ignore[no-untyped-def]
    """Nothing may wait for a person at teardown (a failed test reports)."""
    if window.workspace is not None and window.workspace.sync.conflict_dialog is not None:
        window.workspace.sync.conflict_dialog.done(0)
        window.autosaver.clear()
    window.close()
    other.close()
