"""The privacy screens, built directly with injected services: the publication check dialog,
the unlock dialog and the idle lock screen (with a hand-moved clock)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMainWindow, QTextEdit

from reviewdesk.domain.errors import WrongPassphraseError
from reviewdesk.domain.exporting import ExportOptions
from reviewdesk.domain.idle import IdlePolicy
from reviewdesk.gui.dialogs.publication_check import PublicationCheckDialog
from reviewdesk.gui.dialogs.unlock import UnlockDialog
from reviewdesk.gui.widgets.lock_screen import IdleLock

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("REVIEWDESK_SCREENSHOTS"):
        widget.grab().save(str(SHOTS / name))


def _review_with_details(services, record):  # type: ignore[no-untyped-def]
    summary = services.reviews.create(record)
    hv = services.reviews.add_contributor(summary.id, "Rowan Tell", "Health visitor", "Health")
    theme = services.reviews.get(summary.id).framework.themes[0]
    services.reviews.save_answer(
        hv.id,
        theme.prompts[0].id,
        "Quinn Harper was seen at home on 12/01/2026; her mother rang from 07700 900123.",
    )
    services.names.add(summary.id, "Quinn Harper", "Child Q")
    return summary, hv, theme


def test_findings_are_listed_in_context_and_fixed_with_a_click(qtbot, services, record) -> None:
    summary, hv, theme = _review_with_details(services, record)
    dialog = PublicationCheckDialog(services, summary.id, ExportOptions())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tree.topLevelItemCount() == 2
    first = dialog.tree.topLevelItem(0)
    assert first.text(0) == "Exact date" and "Child Q was seen" in first.text(2)
    assert "Quinn" not in first.text(2)
    assert not dialog.continue_button.isEnabled()  # a reason or fixes first
    _shot(dialog, "publication-check.png")
    qtbot.mouseClick(dialog.fix_button, Qt.MouseButton.LeftButton)
    assert dialog.tree.topLevelItemCount() == 1
    stored = services.reviews.get(summary.id).work_of(hv.id).answer(theme.prompts[0].id)
    assert stored is not None and "on January 2026;" in stored.text
    qtbot.mouseClick(dialog.fix_all_button, Qt.MouseButton.LeftButton)
    assert dialog.tree.topLevelItemCount() == 0
    assert "Nothing that looks identifying" in dialog.summary.text()
    assert dialog.continue_button.isEnabled()
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.allow_identifiers


def test_publishing_as_it_is_needs_a_reason(qtbot, services, record) -> None:
    summary, _hv, _theme = _review_with_details(services, record)
    dialog = PublicationCheckDialog(services, summary.id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reason_edit, "Agreed with the family")
    assert dialog.continue_button.text().replace("&", "") == "Publish anyway"
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert dialog.allow_identifiers and dialog.reason == "Agreed with the family"


def test_unlock_dialog_explains_a_wrong_passphrase_and_accepts_the_right_one(qtbot) -> None:
    tried: list[str] = []

    def unlock(secret: str) -> None:
        tried.append(secret)
        if secret != "quiet harbour lantern 42":
            raise WrongPassphraseError("That passphrase does not unlock this library.")

    dialog = UnlockDialog(unlock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.unlock_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase, "wrong")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert "does not unlock" in dialog.error.text() and dialog.isVisible()
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    _shot(dialog, "unlock-dialog.png")
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "quiet harbour lantern 42")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.secret == "quiet harbour lantern 42" and tried == [
        "wrong",
        "quiet harbour lantern 42",
    ]


class Clocks:
    def __init__(self) -> None:
        self.mono, self.wall = 0.0, 1_800_000_000.0

    def pass_time(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


def _window(qtbot):  # type: ignore[no-untyped-def]
    window = QMainWindow()
    editor = QTextEdit(window)
    window.setCentralWidget(editor)
    window.resize(720, 480)
    qtbot.addWidget(window)
    window.show()
    return window, editor


def test_idle_lock_flushes_then_hides_and_asks_for_the_passphrase(qtbot) -> None:
    window, editor = _window(qtbot)
    clocks = Clocks()
    policy = IdlePolicy(600, monotonic=lambda: clocks.mono, wall=lambda: clocks.wall)
    flushed: list[str] = []
    lock = IdleLock(
        window,
        policy,
        flush=lambda: flushed.append(editor.toPlainText()),
        verify=lambda secret: secret == "quiet harbour lantern 42",
        start=False,
    )

    def wait(seconds: int) -> None:  # the timer polls every 5 seconds
        for _ in range(seconds // 5):
            clocks.pass_time(5)
            lock.check()

    editor.setFocus()
    qtbot.keyClicks(editor, "Half a sentence")
    wait(300)
    qtbot.keyClicks(editor, ".")  # activity resets the idle time
    wait(595)
    assert not lock.screen.isVisible()
    wait(5)
    assert lock.is_locked and lock.screen.isVisible()
    assert flushed == ["Half a sentence."]  # pending saves were flushed first
    assert lock.screen.geometry() == window.rect()  # the content is covered
    assert "after a while without use" in lock.screen.reason.text()
    _shot(window, "idle-lock.png")
    qtbot.keyClicks(editor, "typed behind the lock")  # swallowed
    assert editor.toPlainText() == "Half a sentence."
    qtbot.keyClicks(lock.screen.passphrase, "wrong")
    qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.is_locked and "does not unlock" in lock.screen.error.text()
    lock.screen.passphrase.clear()
    qtbot.keyClicks(lock.screen.passphrase, "quiet harbour lantern 42")
    qtbot.keyClick(lock.screen.passphrase, Qt.Key.Key_Return)
    assert not lock.is_locked and not lock.screen.isVisible()


def test_a_plain_library_unlocks_with_a_click_and_sleep_locks(qtbot) -> None:
    window, _editor = _window(qtbot)
    clocks = Clocks()
    policy = IdlePolicy(0, monotonic=lambda: clocks.mono, wall=lambda: clocks.wall)
    lock = IdleLock(window, policy, start=False)
    assert not lock.screen.passphrase.isVisibleTo(lock.screen)
    clocks.wall += 4 * 3600  # the laptop slept
    lock.check()
    assert lock.is_locked and "asleep" in lock.screen.reason.text()
    qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked
    lock.lock_now()
    assert lock.is_locked and lock.screen.reason.text() == "ReviewDesk is locked."


def test_a_locked_window_does_not_block_typing_in_another_window(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QMainWindow

    from reviewdesk.domain.idle import IdlePolicy
    from reviewdesk.gui.widgets.lock_screen import IdleLock

    locked_window, other = QMainWindow(), QLineEdit()
    qtbot.addWidget(locked_window)
    qtbot.addWidget(other)
    lock = IdleLock(locked_window, IdlePolicy(60), start=False)
    lock.lock_now()
    assert lock.is_locked
    other.show()
    qtbot.keyClicks(other, "still typing")
    assert other.text() == "still typing"


def test_the_idle_lock_hears_activity_without_listening_to_every_keystroke(qtbot) -> None:
    window, editor = _window(qtbot)
    clocks = Clocks()
    policy = IdlePolicy(600, monotonic=lambda: clocks.mono, wall=lambda: clocks.wall)
    heard: list[float] = []
    activity = policy.activity
    policy.activity = lambda: (heard.append(clocks.mono), activity())  # type: ignore[method-assign]
    lock = IdleLock(window, policy, start=False)
    editor.setFocus()
    qtbot.keyClicks(editor, "Just opened: ")
    # Not listening before its first check (the idle time counts from the lock's start):
    # listening at once had Python called for every event of the library's first drawing,
    # and the first wrapped Qt-internal object made PySide create some 140 enum types there.
    assert heard == []
    clocks.pass_time(5)
    lock.check()
    qtbot.keyClicks(editor, "Twenty letters typed")
    assert heard == [5]  # the first key is heard; then it stops listening...
    clocks.pass_time(5)
    lock.check()  # ...until the next check
    qtbot.keyClicks(editor, " and more")
    assert heard == [5, 10]  # and the idle time counts from the newest activity
    assert editor.toPlainText() == "Just opened: Twenty letters typed and more"

    lock.lock_now()  # locked: it listens all the time, and follows the window's size
    window.resize(900, 600)
    qtbot.waitUntil(lambda: lock.screen.geometry() == window.rect())
    qtbot.keyClicks(editor, "behind the lock")
    assert editor.toPlainText() == "Just opened: Twenty letters typed and more"  # swallowed
