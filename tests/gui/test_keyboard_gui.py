"""The keyboard, as a person uses it: no access key (Alt+letter) claimed twice in any menu or
window, Alt+F opens the File menu from the library, and the relevance rating is a radio group
(the arrow keys choose, Tab leaves)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMenu

from reviewdesk.domain.review import Profile
from reviewdesk.gui.dialogs.help import AboutDialog, ShortcutsDialog
from reviewdesk.gui.dialogs.profile import ProfileDialog
from reviewdesk.gui.dialogs.unlock import UnlockDialog
from reviewdesk.gui.dialogs.unsaved import UnsavedDialog
from reviewdesk.gui.menus import shortcut_rows
from tests.gui.mnemonics import access_key, menu_clashes, window_clashes
from tests.gui.test_accessibility_gui import _review_dialogs

ALT = Qt.KeyboardModifier.AltModifier


def test_access_key_reading() -> None:
    assert access_key("&File") == "f"
    assert access_key("Sa&ve entry") == "v"
    assert access_key("Fish && chips") is None
    assert access_key("Fish && &chips") == "c"
    assert access_key("Plain") is None


def _menus(window, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()  # menus filled when opened are filled now
            problems += menu_clashes(menu, f"{where}: {action.text().replace('&', '')} menu")
    return problems


def _check(widget, where: str, problems: list[str], seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # pages rebuilt are gone
    problems += window_clashes(widget, where)
    seen.append(where)


def test_no_access_key_is_claimed_twice_anywhere(make_window, services, qtbot, tmp_path) -> None:
    problems: list[str] = []
    seen: list[str] = []
    window = make_window(services)  # no profile yet: the first-run welcome
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
    _check(window.welcome, "welcome", problems, seen)
    window.welcome.name.setText("Sam Carter")
    window.welcome.accept()
    _check(window, "library (empty)", problems, seen)
    problems += _menus(window, "library")
    services.exchange.add_demo()
    window.library.refresh()
    _check(window, "library", problems, seen)
    window.library.table.selectRow(0)
    _check(window, "library, a review selected", problems, seen)

    window.new_review()
    wizard = window.wizard
    qtbot.waitUntil(wizard.isVisible)
    wizard.form.date_fields["incident"].line.setText("14/02/2026")
    wizard.form.date_fields["notification"].line.setText("10/02/2026")
    wizard.form.check()
    wizard.form.child_rows.add_row("Child A", "2 months")
    wizard.form.household.add_row("Mother", "")
    for step in range(len(wizard.STEPS)):
        wizard._go(step)
        _check(wizard, f"wizard step {step + 1}", problems, seen)
    wizard.done(0)

    summary = services.reviews.list_reviews()[0]
    window.edit_record(summary.id)
    record = window.record_dialog
    qtbot.waitUntil(record.isVisible)
    for tab in range(record.tabs.count()):
        record.tabs.setCurrentIndex(tab)
        _check(record, f"case record tab {tab + 1}", problems, seen)
    record.done(0)

    window.open_review(summary.id)
    ws = window.workspace
    problems += _menus(window, "review open")
    for compare in (0, 1):
        ws.compare.setCurrentIndex(compare)
        for index in range(ws.summary_index + 1):
            ws.go(index)
            _check(window, f"workspace page {index} (compare {compare})", problems, seen)
    ws.show_find("carer")
    _check(window, "workspace with the find bar", problems, seen)

    from reviewdesk.gui.dialogs.chronology_import import ChronologyImportDialog
    from reviewdesk.gui.dialogs.exchange_dialogs import OpenExchangeFileDialog

    pack = tmp_path / "Priya Shah.rdpack"
    services.packs.make_pack(summary.id, "Priya Shah", pack, "amber kettle violin", role="HV")

    dialogs = [
        ProfileDialog(Profile("Sam"), lambda p: p, "/data", first_run=False, parent=window),
        AboutDialog("/data", "environment", ["Framework"], lambda: None, window),
        ShortcutsDialog(shortcut_rows(window, window.menu_actions), window),
        UnsavedDialog("The disk is full.", ["Your answer to prompt 1"], window),
        UnlockDialog(lambda secret: None, window),
        OpenExchangeFileDialog(services, pack, window),
        ChronologyImportDialog(services, summary.id, parent=window),
        *_review_dialogs(services, summary.id, window),
    ]
    for dialog in dialogs:
        dialog.show()
        tabs = getattr(dialog, "tabs", None) or getattr(
            getattr(dialog, "toolkit", None), "tabs", None
        )
        for tab in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(tab)
            _check(dialog, f"{type(dialog).__name__} tab {tab + 1}", problems, seen)
        dialog.close()

    window.back_to_library()
    services.reviews.archive(summary.id)
    window.library.show_archived.setChecked(True)
    window.library.refresh()
    window.library.table.selectRow(0)
    assert window.library.archive_button.text().replace("&", "") == "Restore..."
    _check(window, "library, an archived review selected", problems, seen)
    assert len(seen) >= 45
    assert not problems, "\n".join(problems)


def test_alt_f_in_the_library_opens_the_file_menu(window, qtbot) -> None:
    """The filter box once took Alt+F (its label was "&Filter:"): the File menu must get it."""
    library = window.library
    window.activateWindow()
    library.table.setFocus()
    file_menu = window.menuBar().actions()[0].menu()
    assert window.menuBar().actions()[0].text() == "&File"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(file_menu.isVisible, timeout=2000)
    assert QApplication.focusWidget() is not library.filter
    qtbot.keyClick(file_menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not file_menu.isVisible(), timeout=2000)
    # The filter has its own key, and it still takes the focus there.
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_T, ALT)
    assert QApplication.focusWidget() is library.filter


def _saved_rating(window):  # type: ignore[no-untyped-def]
    doc = window.services.reviews.get(window.workspace.doc.id)
    assessment = doc.work_of(window.workspace.me.id).assessment("babies")
    return assessment.relevance if assessment else None


def test_arrow_keys_choose_a_relevance_rating_and_tab_leaves(demo_window, qtbot) -> None:
    window = demo_window
    qtbot.keyClick(window.workspace.navigator, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.workspace.theme_pages[3]  # "Vulnerability of babies"
    buttons = page.relevance.buttons
    assert page.relevance.value() is None
    order = list(buttons.values())  # Not relevant, Some relevance, Significant
    page.key_learning.setFocus()
    qtbot.keyClick(page.key_learning, Qt.Key.Key_Backtab)  # into the group, choosing nothing
    start = QApplication.focusWidget()
    assert start in order and page.relevance.value() is None

    at = order.index(start)
    for key, step in [
        (Qt.Key.Key_Down, 1),
        (Qt.Key.Key_Right, 1),
        (Qt.Key.Key_Down, 1),  # round again at the end, as radio groups do
        (Qt.Key.Key_Up, -1),
        (Qt.Key.Key_Left, -1),
    ]:
        at = (at + step) % 3
        rating = list(buttons)[at]
        with qtbot.waitSignal(window.autosaver.target_saved, timeout=3000):
            qtbot.keyClick(QApplication.focusWidget(), key)
        assert QApplication.focusWidget() is buttons[rating]
        assert page.relevance.value() is rating
        assert _saved_rating(window) is rating
    chosen = list(buttons)[at]

    # Tab leaves the group (not to the next rating), Shift+Tab comes back to the chosen one.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.key_learning
    qtbot.keyClick(page.key_learning, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is buttons[chosen]
    assert _saved_rating(window) is chosen
