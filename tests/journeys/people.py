"""What the people in a journey do, through the real windows only: menus, buttons, keys, the
real dialogs and file choosers. Each person has a data folder of their own (a library, settings
and a lock), as they would on their own laptops. Nothing here calls a service to write: a
service is only read at the very end, where the test says what the far end sees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from reviewdesk.app import build_gui
from reviewdesk.gui.main_window import MainWindow
from tests import running

PASSPHRASE = "plum tractor lantern"
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def start(qtbot, folder: Path, open_file: Path | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    """ReviewDesk started as a person starts it (``reviewdesk [FILE]``), on their data folder."""
    _app, window = build_gui(str(folder), [], open_file=open_file)
    qtbot.addWidget(window)
    window.resize(1280, 760)
    qtbot.waitUntil(lambda: window.services is not None, timeout=15_000)
    return window


def stop(window: MainWindow) -> None:
    window.close()
    if window.services is not None:
        window.services.close()


def when_modal(
    choose: Callable[[QWidget], None], *, kind: type = QDialog, timeout_ms: int = 120_000
) -> None:
    """Answer the next modal dialog of ``kind`` as a person would (``choose`` clicks in it).
    Call before the action that opens it."""
    left = {"ms": timeout_ms}
    serial = running.current()

    def poll() -> None:
        if not running.still(serial):  # its test is over: never answer another test's dialog
            return
        # The dialog asked for, whether or not it is the active modal widget (a notice box
        # opened beside it can be).
        found = [QApplication.activeModalWidget(), *QApplication.topLevelWidgets()]
        dialog = next((w for w in found if isinstance(w, kind) and w.isVisible()), None)
        if dialog is not None:
            choose(dialog)
            return
        left["ms"] -= 25
        if left["ms"] > 0:
            QTimer.singleShot(25, poll)

    QTimer.singleShot(25, poll)


def button_in(dialog: QWidget, text: str) -> QAbstractButton:
    for b in dialog.findChildren(QAbstractButton):
        if b.text().replace("&", "") == text and b.isVisible():
            return b
    raise AssertionError(f"no button {text!r} in {dialog.windowTitle()!r}")


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    assert widget.isEnabled(), getattr(widget, "text", lambda: widget)()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def bring_forward(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """The person clicks into the window that holds ``widget`` (after a dialog closed)."""
    top = widget.window()
    if QApplication.activeWindow() is not top:
        top.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is top)


def _holds_focus(widget: QWidget) -> bool:
    f = focused()
    return f is not None and (f is widget or widget.isAncestorOf(f) or f.isAncestorOf(widget))


def type_into(qtbot, widget: QWidget, text: str, *, replace: bool = True) -> None:  # type: ignore[no-untyped-def]
    bring_forward(qtbot, widget)
    widget.setFocus()
    qtbot.waitUntil(lambda: _holds_focus(widget))
    if replace:
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


# What each file chooser met, for the test to report should one never be answered.
chooser_trouble: list[str] = []


def choose_file(path: Path) -> Callable[[QWidget], None]:
    """For :func:`when_modal`: type the file's whole path into the chooser's name box and open
    it, as a person does. The chooser's own accept() reads that box, so nothing depends on its
    folder view having finished reading the folder (on a busy machine it may not have). Should
    the chooser object (a warning box of its own), that box is answered and the chooser tried
    again; after 20 tries the chooser is cancelled and the trouble recorded, so the test fails
    with a reason instead of waiting for ever."""

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        tries = {"left": 20}
        said: list[str] = []  # the chooser's own warnings, reported if it is never answered
        serial = running.current()

        def answer_warnings() -> None:  # a chooser's own warning, opened inside its accept()
            if not running.still(serial):
                return
            for box in QApplication.topLevelWidgets():
                if isinstance(box, QMessageBox) and box.isVisible() and box.parent() is dialog:
                    said.append(box.text())
                    box.accept()
            try:
                open_still = dialog.isVisible()
            except RuntimeError:  # the chooser has closed and gone
                return
            if open_still:
                QTimer.singleShot(50, answer_warnings)

        def attempt() -> None:
            if not running.still(serial):
                return
            try:
                if not dialog.isVisible():
                    return
            except RuntimeError:  # the chooser has closed and gone
                return
            if tries["left"] == 0:
                chooser_trouble.append(f"the chooser did not open {path} in 20 tries: {said}")
                dialog.reject()
                return
            tries["left"] -= 1
            name_box = dialog.findChild(QLineEdit, "fileNameEdit")
            if name_box is None:  # not Qt's own chooser (a platform's native one?)
                chooser_trouble.append("the chooser has no file name box")
                dialog.reject()
                return
            name_box.setText(str(path))
            dialog.accept()  # what Open does
            QTimer.singleShot(250, attempt)

        answer_warnings()
        attempt()

    return choose


def welcome(qtbot, window: MainWindow, name: str, role: str, agency: str) -> None:  # type: ignore[no-untyped-def]
    """The first run: who is writing."""
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
    dialog = window.welcome
    qtbot.waitUntil(lambda: focused() is dialog.name)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), role)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), agency)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: window.welcome is None)


def new_review(qtbot, window: MainWindow, reference: str, title: str) -> int:  # type: ignore[no-untyped-def]
    """A new review through the wizard (no children yet: the caution is confirmed)."""
    click(qtbot, window.library.new_button)
    qtbot.waitUntil(lambda: getattr(window, "wizard", None) is not None)
    qtbot.waitUntil(window.wizard.isVisible)
    wizard = window.wizard
    qtbot.waitUntil(lambda: focused() is wizard.form.reference)
    qtbot.keyClicks(wizard.form.reference, reference)
    qtbot.keyClicks(wizard.form.title, title)
    for step in range(1, 6):
        with qtbot.waitSignal(wizard.next_button.clicked):
            qtbot.keyClick(wizard, Qt.Key.Key_N, ALT)
        if step == 3 and wizard.current() == 2:
            qtbot.keyClick(wizard.form.messages["children"].confirm, Qt.Key.Key_Space)
            with qtbot.waitSignal(wizard.next_button.clicked):
                qtbot.keyClick(wizard, Qt.Key.Key_N, ALT)
    with qtbot.waitSignal(wizard.create_button.clicked):
        qtbot.keyClick(wizard, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: window.workspace is not None)
    return window.workspace.doc.id


def add_chronology_entry(qtbot, window: MainWindow, when: str, agency: str, what: str) -> None:  # type: ignore[no-untyped-def]
    """Learning, Analysis (the lead's toolkit window), Chronology: a new entry, saved."""
    window.menu_actions.lead_toolkit.trigger()
    qtbot.waitUntil(lambda: window.review_actions.lead_window is not None)
    lead = window.review_actions.lead_window
    qtbot.waitExposed(lead)
    page = lead.toolkit.chronology
    before = page.model.rowCount()
    click(qtbot, page.new_button)
    type_into(qtbot, page.when, when)
    type_into(qtbot, page.agency.lineEdit(), agency)
    type_into(qtbot, page.what, what)
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1)


def send_pack(qtbot, window: MainWindow, name: str, role: str, agency: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Review, Send to a contributor: a pack protected by the passphrase."""
    window.menu_actions.send_pack.trigger()
    dialog = window.review_actions.exchange_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.role, role)
    qtbot.keyClicks(dialog.agency, agency)
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase.second, PASSPHRASE)
    type_into(qtbot, dialog.output.edit, str(out))
    click(qtbot, dialog.make_button)
    qtbot.waitUntil(lambda: dialog.sent is not None, timeout=120_000)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # it closes once the pack is written


def open_through_import(qtbot, window: MainWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    """File, Import…: the file chooser answered with ``path``."""
    chooser_trouble.clear()
    when_modal(choose_file(path), kind=QFileDialog)
    window.menu_actions.import_.trigger()  # returns once the chooser has closed
    assert not chooser_trouble, chooser_trouble


def passphrase_and_open(qtbot, window: MainWindow, *, name_choice: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """The open-a-file dialog: type the passphrase, open, read what it says, close it.
    ``name_choice``: the button to click if asked which name to carry."""
    qtbot.waitUntil(
        lambda: (
            window.review_actions.exchange_dialog is not None
            and window.review_actions.exchange_dialog.isVisible()
        ),
        timeout=15_000,
    )
    dialog = window.review_actions.exchange_dialog
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    if name_choice is not None:
        when_modal(
            # the pack is unsealed first (the real key derivation): minutes on a loaded machine
            lambda box: button_in(box, name_choice).click(),
            kind=QMessageBox,
            timeout_ms=280_000,
        )
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_of_import is not None, timeout=120_000)
    said = dialog.message.text()
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return said


def open_selected_review(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.library.table.setFocus()
    qtbot.keyClick(window.library.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None)


def reflect(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    theme_index: int,
    answers: list[str],
    *,
    evidence: str = "",
    rating: object | None = None,
    learning: str = "",
    cite: str | None = None,
) -> None:
    """On one theme page: answers typed prompt by prompt (evidence under the first), the first
    answer citing the chronology entry whose words contain ``cite``, a rating and key learning."""
    ws = window.workspace
    ws.go(theme_index + 1)
    page = ws.theme_page(theme_index)
    for i, words in enumerate(answers):
        type_into(qtbot, page.cards[i].editor, words, replace=False)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # to the evidence field: saves the answer
        if i == 0 and evidence:
            qtbot.keyClicks(focused(), evidence)
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    if cite is not None:
        card = page.cards[0]
        qtbot.waitUntil(lambda: card.citations is not None)

        def tick(dialog: QWidget) -> None:
            items = dialog.list
            for row in range(items.count()):
                if cite in items.item(row).text():
                    items.setCurrentRow(row)
                    qtbot.keyClick(items, Qt.Key.Key_Space)
            button_in(dialog, "OK").click()

        when_modal(tick)
        click(qtbot, card.citations.cite)
        qtbot.waitUntil(lambda: bool(card.citations.cited()))
    if rating is not None:
        click(qtbot, page.relevance.buttons[rating])
    if learning:
        type_into(qtbot, page.key_learning, learning, replace=False)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not window.autosaver.has_unsaved(), timeout=10_000)


def return_contribution(qtbot, window: MainWindow, out: Path) -> QDialog:  # type: ignore[no-untyped-def]
    """Review, Return my contribution: the summary read, the passphrase typed twice, written."""
    window.menu_actions.return_contribution.trigger()
    dialog = window.review_actions.exchange_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase.second, PASSPHRASE)
    type_into(qtbot, dialog.output.edit, str(out))
    click(qtbot, dialog.write_button)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=120_000)
    return dialog
