"""Autosave never loses text: a failing save keeps it, says so and retries; closing asks first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from PySide6.QtCore import Qt

from reviewdesk.gui.autosave import Autosaver, SaveState, SaveTarget
from tests.gui.conftest import answer_modal, click_button


def _first_card(window):  # type: ignore[no-untyped-def]
    window.workspace.go(1)
    return window.workspace.theme_pages[0].cards[0]


def test_a_failing_save_keeps_the_text_says_so_and_retries(demo_window, qtbot, monkeypatch) -> None:
    window = demo_window
    reviews = window.services.reviews
    real_save = reviews.save_answer_checked
    calls = []

    def disk_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(reviews, "save_answer_checked", disk_full)
    card = _first_card(window)
    card.editor.setFocus()
    words = "What I knew then: the account was never checked."
    qtbot.keyClicks(card.editor, words)
    window.menu_actions.save_now.trigger()
    banner = window.workspace.banner
    qtbot.waitUntil(banner.isVisible, timeout=3000)
    assert card.editor.toPlainText() == words  # the text stays
    assert "The disk is full" in banner.text.text()
    assert "Your text is safe in this window" in banner.text.text()
    assert window.save_state is SaveState.FAILED
    assert window.save_state_text().startswith("Not saved yet")
    assert card.state_text.text() == "Not answered yet"  # progress only counts what is stored

    # ReviewDesk tries again by itself (on a growing interval), then "Try again now" works too
    window.autosaver._retry.setInterval(50)
    window.autosaver._retry.start(50)
    qtbot.waitUntil(lambda: len(calls) >= 2, timeout=3000)
    assert banner.isVisible()
    monkeypatch.setattr(reviews, "save_answer_checked", real_save)
    qtbot.mouseClick(banner.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: window.save_state is SaveState.SAVED, timeout=3000)
    doc = reviews.get(window.workspace.doc.id)
    assert doc.work_of(window.workspace.me.id).answer(card.prompt.id).text == words
    assert card.state_text.text() == "Answered"


def test_closing_with_unsaved_text_needs_a_decision(demo_window, qtbot, monkeypatch) -> None:
    window = demo_window
    reviews = window.services.reviews

    def locked(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(reviews, "save_answer_checked", locked)
    card = _first_card(window)
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, "Not lost")
    answer_modal(click_button("Keep ReviewDesk open"))
    window.close()
    assert window.isVisible()  # nothing was thrown away
    assert card.editor.toPlainText() == "Not lost"
    assert "The library is busy" in window.workspace.banner.text.text()

    seen = {}

    def lose_it(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["items"] = dialog.findChildren(type(window.workspace.title))
        click_button("Close and lose it")(dialog)

    answer_modal(lose_it)
    window.close()
    assert not window.isVisible()
    assert any("Your answer to prompt 1 of Critical thinking" in w.text() for w in seen["items"])


def test_closing_saves_what_was_just_typed(demo_window, qtbot) -> None:
    window = demo_window
    window.autosaver.set_delay(60_000)
    card = _first_card(window)
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, "Typed just before closing")
    window.close()
    assert not window.isVisible()
    doc = window.services.reviews.get(window.workspace.doc.id)
    assert doc.work_of(window.workspace.me.id).answer(card.prompt.id).text == (
        "Typed just before closing"
    )


def _target(values: dict, saves: list) -> SaveTarget:
    def save(v):  # type: ignore[no-untyped-def]
        saves.append(v)
        return datetime.now(UTC)

    return SaveTarget(("answer", "p"), "answer", lambda: (values["text"],), save, ("",))


def test_autosave_coalesces_keystrokes_and_skips_unchanged_text(qtbot) -> None:
    saver = Autosaver(delay_ms=100)
    values, saves = {"text": ""}, []
    target = saver.add(_target(values, saves))
    for text in ("a", "ab", "abc"):
        values["text"] = text
        saver.touch(target)
    with qtbot.waitSignal(saver.target_saved, timeout=2000):
        pass
    assert saves == [("abc",)]  # one save, of the newest text
    assert saver.state is SaveState.SAVED and not saver.has_unsaved()
    saver.touch(target)  # focus moved, nothing changed
    saver.flush()
    assert saver.wait(2)
    assert saves == [("abc",)]
    saver.stop()


def test_finishing_after_the_saver_has_stopped_does_not_wait_for_nothing(qtbot) -> None:
    """A stopped saver runs nothing more: closing a window whose saver was stopped (as a test
    that makes one window "gone" does) answers at once that the text is unsaved, instead of
    waiting out the whole timeout twice."""
    import time

    saver = Autosaver(delay_ms=100)
    values, saves = {"text": ""}, []
    target = saver.add(_target(values, saves))
    saver.stop()
    values["text"] = "typed after the saver stopped"
    saver.touch(target)
    started = time.monotonic()
    assert saver.finish(timeout=3.0) is False  # unsaved, and said so
    assert time.monotonic() - started < 1.0
    assert saves == [] and saver.has_unsaved()
