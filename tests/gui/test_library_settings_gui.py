"""File, Library settings: the default marking, the idle lock and retention dates without a
terminal (the same services as ``reviewdesk settings`` and ``reviewdesk retention``)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reviewdesk.domain.exporting import MAX_MARKING
from reviewdesk.gui.dialogs.library_settings import DeletionLogDialog, LibrarySettingsDialog
from tests.gui.conftest import answer_modal, click_button


def _dialog(services, qtbot) -> LibrarySettingsDialog:  # type: ignore[no-untyped-def]
    dialog = LibrarySettingsDialog(services)
    # A failed test must not leave a question open when the dialog is closed afterwards.
    qtbot.addWidget(dialog, before_close_func=lambda d: d._load_settings())
    dialog.show()
    dialog.activateWindow()  # Alt+letter works in the active window
    qtbot.waitActive(dialog)
    return dialog


def _row_of(dialog: LibrarySettingsDialog, reference: str) -> int:
    for r in range(dialog.table.rowCount()):
        if dialog.table.item(r, 0).text() == reference:
            return r
    raise AssertionError(f"{reference} is not in the table")


def test_the_menu_opens_it_and_a_saved_idle_time_reaches_the_running_lock(
    demo_window, qtbot
) -> None:
    window = demo_window
    window.menu_actions.library_settings.trigger()
    qtbot.waitUntil(
        lambda: isinstance(window.review_actions.settings_dialog, LibrarySettingsDialog)
    )
    dialog = window.review_actions.settings_dialog
    assert dialog.isVisible()
    assert dialog in window.review_actions.lock_hides()
    dialog.idle.setValue(45)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.services.settings.idle_lock_minutes() == 45
    assert window.idle_lock.policy.idle_seconds == 45 * 60
    assert not dialog.is_dirty()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # nothing to ask
    assert not dialog.isVisible()


def test_typed_changes_are_kept_on_save(services, qtbot) -> None:
    dialog = _dialog(services, qtbot)
    assert dialog.marking.currentText() == "OFFICIAL-SENSITIVE"  # the default
    assert dialog.idle.value() == 15
    dialog.marking.setFocus()
    dialog.marking.lineEdit().selectAll()
    qtbot.keyClicks(dialog.marking.lineEdit(), "OFFICIAL")
    dialog.idle.setFocus()
    dialog.idle.lineEdit().selectAll()
    qtbot.keyClicks(dialog.idle.lineEdit(), "30")
    assert dialog.is_dirty()
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    assert services.settings.default_marking() == "OFFICIAL"
    assert services.settings.idle_lock_minutes() == 30
    assert dialog.saved_note.isVisible() and not dialog.is_dirty()

    dialog.marking.setCurrentIndex(dialog.marking.findText("None"))
    dialog.idle.setValue(0)
    assert dialog.idle.text() == "Off"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.settings.default_marking() == ""
    assert services.settings.idle_lock_minutes() == 0
    assert LibrarySettingsDialog(services).marking.currentText() == "None"


def test_a_marking_too_long_shows_the_message_and_changes_nothing(services, qtbot) -> None:
    dialog = _dialog(services, qtbot)
    dialog.marking.setCurrentText("X" * (MAX_MARKING + 1))
    dialog.idle.setValue(5)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert dialog.error.text() == f"The protective marking can be up to {MAX_MARKING} characters."
    assert services.settings.default_marking() == "OFFICIAL-SENSITIVE"
    assert services.settings.idle_lock_minutes() == 15  # neither setting was kept
    assert dialog.is_dirty()
    dialog.marking.setCurrentText("OFFICIAL")
    assert not dialog.error.isVisible()  # the message goes once the field changes


def test_closing_with_unsaved_changes_asks(services, qtbot) -> None:
    dialog = _dialog(services, qtbot)
    dialog.idle.setValue(20)
    answer_modal(click_button("Cancel"))
    dialog.reject()
    assert dialog.isVisible()  # Cancel: stay, the change still there
    assert dialog.idle.value() == 20

    answer_modal(click_button("Don't save"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert services.settings.idle_lock_minutes() == 15

    dialog = _dialog(services, qtbot)
    dialog.idle.setValue(10)
    seen = []

    def save(box) -> None:  # type: ignore[no-untyped-def]
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Save).click()

    answer_modal(save)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert seen and "save" in seen[0]
    assert services.settings.idle_lock_minutes() == 10


def test_a_retention_date_is_set_and_cleared_and_a_due_review_says_due(
    services, record, qtbot
) -> None:
    demo, _ = services.exchange.add_demo()
    past = services.reviews.create(record)  # a second review, due since last month
    today = services.retention.today()
    services.retention.set_review_date(past.id, today - timedelta(days=30))
    dialog = _dialog(services, qtbot)
    due_row = _row_of(dialog, past.reference)
    assert dialog.table.item(due_row, 3).text() == "Due"
    assert "1 review is due" in dialog.retention_intro.text()
    demo_row = _row_of(dialog, demo.reference)
    assert dialog.table.item(demo_row, 3).text() == "No date set"

    dialog.table.setFocus()
    dialog.table.selectRow(demo_row)
    assert not dialog.clear_button.isEnabled()  # nothing to clear yet
    dialog.date.line.setFocus()
    dialog.date.line.clear()
    qtbot.keyClicks(dialog.date.line, "31/03/2099")
    qtbot.keyClick(dialog.date.line, Qt.Key.Key_Return)  # Enter sets the date
    assert services.retention.review_date(demo.id) == date(2099, 3, 31)
    demo_row = _row_of(dialog, demo.reference)
    assert dialog.table.item(demo_row, 3).text() == "Not yet"
    assert dialog.selected_item().review.id == demo.id  # still the one chosen
    assert "31/03/2099" in dialog.status.text()

    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert services.retention.review_date(demo.id) is None
    assert "no longer has" in dialog.status.text()

    dialog.date.line.setText("31/02/2099")  # no such day
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    assert services.retention.review_date(demo.id) is None
    assert "for example" in dialog.status.text()
    assert not dialog.is_dirty()  # retention dates are kept at once, not by Save


def test_the_deletion_log_lists_what_was_deleted_for_good(services, record, qtbot) -> None:
    gone = services.reviews.create(record)
    services.reviews.delete(gone.id)
    services.reviews.purge(gone.id, confirm=True)
    dialog = _dialog(services, qtbot)
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    log = dialog.log_dialog
    assert isinstance(log, DeletionLogDialog) and log.isVisible()
    assert log.table.rowCount() == 1
    assert log.table.item(0, 2).text() == gone.reference
    log.reject()
