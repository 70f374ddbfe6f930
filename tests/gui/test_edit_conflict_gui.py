"""Two windows on one answer (issue 22, point 5), here on one library file (SQLite): the second
save, written over an older version, opens the conflict dialog with both texts side by side;
the person chooses by keyboard and nothing typed is lost (both texts are in the history). A save
that fails leaves the text in a private draft file, put back when the review is opened again."""

from __future__ import annotations

import json
import stat

from PySide6.QtCore import Qt

from reviewdesk.domain.errors import SaveFailedError
from reviewdesk.gui.autosave import SaveState
from tests.gui.a11y import unlabelled_inputs


def _second_window(make_window, services, tmp_path):  # type: ignore[no-untyped-def]
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.engine import open_store

    other = Services.over(open_store(services.store.path, tmp_path / "backups-2"))
    return other, make_window(other)


def _card(window):  # type: ignore[no-untyped-def]
    window.workspace.go(1)
    return window.workspace.theme_pages[0].cards[0]


def _type_and_save(qtbot, window, words: str):  # type: ignore[no-untyped-def]
    card = _card(window)
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, words)
    window.menu_actions.save_now.trigger()
    return card


def test_a_conflicting_save_asks_and_combined_text_is_kept(
    make_window, services, me, record, qtbot, tmp_path
) -> None:
    review = services.reviews.create(record)
    one = make_window(services)
    other, two = _second_window(make_window, services, tmp_path)
    try:
        assert one.open_review(review.id) and two.open_review(review.id)
        first = _type_and_save(qtbot, one, "The GP letter was not read.")
        qtbot.waitUntil(lambda: one.save_state is SaveState.SAVED, timeout=5000)
        prompt = first.prompt.id
        me_id = one.workspace.me.id

        _type_and_save(qtbot, two, "The school nurse saw the bruise.")
        sync = two.workspace.sync
        qtbot.waitUntil(lambda: sync.conflict_dialog is not None, timeout=5000)
        dialog = sync.conflict_dialog
        qtbot.waitExposed(dialog)
        assert dialog.heading.text() == "Someone else changed this answer while you were writing"
        assert "Nothing has been overwritten" in dialog.explanation.text()
        assert dialog.theirs_pane.toPlainText() == "The GP letter was not read."
        assert dialog.mine_pane.toPlainText() == "The school nurse saw the bruise."
        assert dialog.combined.toPlainText() == (
            "The GP letter was not read.\n\nThe school nurse saw the bruise."
        )
        for widget in (dialog.theirs_pane, dialog.mine_pane, dialog.combined):
            assert widget.accessibleName()
        assert unlabelled_inputs(dialog) == []
        # Stored meanwhile: theirs, untouched; both texts already in the history.
        assert services.reviews.answer(me_id, prompt).text == "The GP letter was not read."
        kinds = [(h.kind, h.text) for h in services.reviews.answer_history(me_id, prompt)]
        assert kinds == [
            ("theirs", "The GP letter was not read."),
            ("yours", "The school nurse saw the bruise."),
        ]

        # By keyboard: into the combined box (Alt+C), add a line, keep it (Alt+O).
        qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
        assert dialog.combined.hasFocus()
        dialog.combined.moveCursor(dialog.combined.textCursor().MoveOperation.End)
        qtbot.keyClicks(dialog.combined, " Both were told on 3 March.")
        qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        combined = (
            "The GP letter was not read.\n\nThe school nurse saw the bruise. "
            "Both were told on 3 March."
        )
        qtbot.waitUntil(
            lambda: services.reviews.answer(me_id, prompt).text == combined, timeout=5000
        )
        assert _card(two).editor.toPlainText() == combined
        assert sync.conflict_dialog is None
        assert services.reviews.answer(me_id, prompt).version == 2
        assert services.audit.verify().ok
    finally:
        two.close()
        other.close()


def test_keep_theirs_shows_theirs_and_keeps_mine_in_history(
    make_window, services, me, record, qtbot, tmp_path
) -> None:
    review = services.reviews.create(record)
    one = make_window(services)
    other, two = _second_window(make_window, services, tmp_path)
    try:
        assert one.open_review(review.id) and two.open_review(review.id)
        card = _type_and_save(qtbot, one, "Theirs: the referral was closed.")
        qtbot.waitUntil(lambda: one.save_state is SaveState.SAVED, timeout=5000)
        _type_and_save(qtbot, two, "Mine: nobody rang the mother.")
        sync = two.workspace.sync
        qtbot.waitUntil(lambda: sync.conflict_dialog is not None, timeout=5000)
        qtbot.keyClick(sync.conflict_dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: sync.conflict_dialog is None, timeout=3000)
        assert _card(two).editor.toPlainText() == "Theirs: the referral was closed."
        assert not two.autosaver.has_unsaved()
        me_id = one.workspace.me.id
        history = services.reviews.answer_history(me_id, card.prompt.id)
        assert ("yours", "Mine: nobody rang the mother.") in [(h.kind, h.text) for h in history]
    finally:
        two.close()
        other.close()


def test_decide_later_keeps_the_text_and_asks_again_at_the_next_save(
    make_window, services, me, record, qtbot, tmp_path
) -> None:
    review = services.reviews.create(record)
    one = make_window(services)
    other, two = _second_window(make_window, services, tmp_path)
    try:
        assert one.open_review(review.id) and two.open_review(review.id)
        _type_and_save(qtbot, one, "One: the case was closed.")
        qtbot.waitUntil(lambda: one.save_state is SaveState.SAVED, timeout=5000)
        card = _type_and_save(qtbot, two, "Two: the case stayed open.")
        sync = two.workspace.sync
        qtbot.waitUntil(lambda: sync.conflict_dialog is not None, timeout=5000)
        qtbot.keyClick(sync.conflict_dialog, Qt.Key.Key_Escape)  # Decide later
        qtbot.waitUntil(lambda: sync.conflict_dialog is None, timeout=3000)
        assert card.editor.toPlainText() == "Two: the case stayed open."
        assert two.autosaver.has_unsaved()  # closing would ask first
        me_id = one.workspace.me.id
        assert services.reviews.answer(me_id, card.prompt.id).text == "One: the case was closed."
        # Typing on and saving asks again, with the newest text.
        card.editor.setFocus()
        qtbot.keyClicks(card.editor, " For a week.")
        two.menu_actions.save_now.trigger()
        qtbot.waitUntil(lambda: sync.conflict_dialog is not None, timeout=5000)
        assert sync.conflict_dialog.mine_pane.toPlainText() == (
            "Two: the case stayed open. For a week."
        )
        qtbot.keyClick(sync.conflict_dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(
            lambda: (
                services.reviews.answer(me_id, card.prompt.id).text
                == "Two: the case stayed open. For a week."
            ),
            timeout=5000,
        )
    finally:
        two.close()
        other.close()


def test_a_failed_save_is_kept_in_a_private_draft_and_put_back(
    make_window, services, me, record, qtbot, monkeypatch, data_dir
) -> None:
    review = services.reviews.create(record)
    window = make_window(services)
    assert window.open_review(review.id)
    reviews = services.reviews

    def unreachable(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SaveFailedError(
            "Your latest changes could not be saved because the connection to the server was lost.",
            reason="disconnected",
        )

    real = reviews.save_answer_checked
    monkeypatch.setattr(reviews, "save_answer_checked", unreachable)
    words = "Typed while the server was away."
    card = _type_and_save(qtbot, window, words)
    qtbot.waitUntil(window.workspace.banner.isVisible, timeout=5000)
    drafts = list((data_dir / "drafts").rglob("*.json"))
    assert len(drafts) == 1
    assert stat.S_IMODE(drafts[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(drafts[0].parent.stat().st_mode) == 0o700
    kept = json.loads(drafts[0].read_text("utf-8"))
    assert kept["values"] == [words, ""] and kept["base"] == 0
    prompt = card.prompt.id

    # The window is closed before the connection is back ("Close and lose it" would lose the
    # editor's copy, but the draft stays); a new window puts the words back and saves them.
    window.autosaver.stop()
    window.workspace.sync.drafts = None  # this window is gone as far as drafts are concerned
    window.autosaver.drafts = None
    window.hide()
    monkeypatch.setattr(reviews, "save_answer_checked", real)
    again = make_window(services)
    assert again.open_review(review.id)
    qtbot.waitUntil(
        lambda: (reviews.answer(again.workspace.me.id, prompt) or card).text == words,
        timeout=5000,
    )
    assert _card(again).editor.toPlainText() == words
    qtbot.waitUntil(lambda: not list((data_dir / "drafts").rglob("*.json")), timeout=3000)
