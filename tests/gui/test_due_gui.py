"""The working-day clocks in the windows (issue 18), driven by keyboard and mouse on the demo:
the library's Next due column and its banner, the Due and overdue view from the Learning menu
and from the banner, the overview's Timescales, a pack's return-by date typed in the send dialog,
and closure days typed in Library settings. The clocks run from the real today, so expected
figures are worked out with the domain's arithmetic (checked by hand in tests/domain)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewdesk.domain.clocks import (
    WorkingCalendar,
    add_working_days,
    due_phrase,
    working_days_between,
)
from reviewdesk.domain.review import KeyDates
from reviewdesk.gui.dialogs.due import THIS_WEEK, DueWindow
from reviewdesk.gui.dialogs.exchange_dialogs import SendPackDialog
from reviewdesk.gui.dialogs.library_settings import LibrarySettingsDialog

EW = WorkingCalendar.england_and_wales()
FINAL_REPORT_DUE = date(2026, 9, 10)  # the demo's decision (10 March 2026) + 6 months


def _final_report_phrase() -> str:
    today = date.today()
    return due_phrase(working_days_between(today, FINAL_REPORT_DUE, EW), today > FINAL_REPORT_DUE)


def _back_to_library(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace is None)


def _cells(model, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_library_shows_each_reviews_next_step(demo_window, qtbot) -> None:
    window = demo_window
    _back_to_library(window, qtbot)
    library = window.library
    model = library.model
    assert model.headerData(model.NEXT_DUE, Qt.Orientation.Horizontal) == "Next due"
    row = model.row_of(window.services.reviews.find("DEMO-2026-01").id)
    text = model.index(row, model.NEXT_DUE).data()
    # The demo's earliest outstanding step is an action due 31 August 2026.
    today = date.today()
    left = working_days_between(today, date(2026, 8, 31), EW)
    assert text == f"Action: {due_phrase(left, today > date(2026, 8, 31)).lower()}"
    tip = model.index(row, model.NEXT_DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert "due Mon 31 August 2026" in tip and "the action's due date" in tip
    if today > date(2026, 8, 31):
        font = model.index(row, model.NEXT_DUE).data(Qt.ItemDataRole.FontRole)
        assert font is not None and font.bold()  # and the words say "overdue" too
        assert library.due_banner.isVisible()
        assert "overdue" in library.due_text.text()
    # Typing "overdue" in the filter finds the review by its clock.
    library.filter.setFocus()
    qtbot.keyClicks(library.filter, "overdue")
    assert library.proxy.rowCount() == (1 if today > date(2026, 8, 31) else 0)


def test_the_banner_opens_this_weeks_view_and_not_now_hides_it(demo_window, qtbot) -> None:
    window = demo_window
    _back_to_library(window, qtbot)
    library = window.library
    assert library.due_banner.isVisible()  # the demo has overdue steps (from September 2026)
    qtbot.mouseClick(library.due_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.review_actions.due_window, DueWindow))
    due = window.review_actions.due_window
    assert due.isVisible() and not due.isModal()
    assert due.show_choice.currentIndex() == THIS_WEEK
    assert due.model.rowCount() >= 1
    assert all(s.overdue or s.working_days_left <= 5 for s in due.steps)
    due.close()

    qtbot.mouseClick(library.due_later, Qt.MouseButton.LeftButton)
    assert not library.due_banner.isVisible()
    library.refresh()
    assert not library.due_banner.isVisible()  # not again until ReviewDesk is next opened


def test_the_learning_menu_opens_the_due_view_and_enter_opens_the_review(
    demo_window, qtbot
) -> None:
    window = demo_window
    _back_to_library(window, qtbot)
    window.menu_actions.due.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.due_window, DueWindow))
    due = window.review_actions.due_window
    qtbot.waitExposed(due)
    rows = [_cells(due.model, r) for r in range(due.model.rowCount())]
    assert ["DEMO-2026-01", "Final report", "Thu 10 Sep 2026", _final_report_phrase()] in rows
    dues = [s.due_date for s in due.steps]
    assert dues == sorted(dues)
    assert "Today is" in due.summary.text()
    # Keyboard: down to the final report, Enter opens the review in the main window.
    target = next(i for i, r in enumerate(rows) if r[1] == "Final report")
    due.activateWindow()
    due.table.setFocus()
    due.table.selectRow(0)
    for _ in range(target):
        qtbot.keyClick(due.table, Qt.Key.Key_Down)
    assert due.selected_step().step == "Final report"
    qtbot.keyClick(due.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert window.workspace.doc.reference == "DEMO-2026-01"
    due.close()


def test_the_overview_shows_the_reviews_clock(demo_window, qtbot) -> None:
    window = demo_window
    window.go_to(0)
    overview = window.workspace.overview
    today = date.today()
    left = working_days_between(today, date(2026, 8, 31), EW)
    phrase = due_phrase(left, today > date(2026, 8, 31))
    assert overview.next_due_label.text() == f"Next due: Action, Mon 31 Aug 2026. {phrase}."
    texts = [w.text() for w in overview.findChildren(type(overview.next_due_label))]
    assert "Final report" in texts
    assert _final_report_phrase() in texts
    assert "Timescales" in texts


def test_a_return_by_date_typed_in_the_send_dialog_runs_a_clock(
    services, me, qtbot, tmp_path: Path
) -> None:
    demo, _ = services.exchange.add_demo()
    dialog = SendPackDialog(services, demo.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Priya Shah")
    qtbot.mouseClick(dialog.protect, Qt.MouseButton.LeftButton)  # fast: no key derivation
    qtbot.keyClicks(dialog.output.edit, str(tmp_path / "priya.rdpack"))
    assert dialog.make_button.isEnabled()
    qtbot.keyClicks(dialog.return_by.line, "31/02/2027")
    assert not dialog.make_button.isEnabled()
    assert "such as 18/12/2026" in dialog.message.text()
    when = add_working_days(date.today(), 4, EW)
    dialog.return_by.line.selectAll()
    qtbot.keyClicks(dialog.return_by.line, f"{when:%d/%m/%Y}")
    assert dialog.make_button.isEnabled() and not dialog.message.isVisible()
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sent is not None, timeout=20_000)
    assert dialog.sent.return_by == when
    due = DueWindow(services)
    qtbot.addWidget(due)
    rows = [_cells(due.model, r) for r in range(due.model.rowCount())]
    assert [
        "DEMO-2026-01",
        "Contribution back from Priya Shah",
        f"{when:%a} {when.day} {when:%b %Y}",
        "4 working days left",
    ] in rows


def test_closure_days_typed_in_library_settings_move_the_clock(
    make_window, services, me, record, qtbot
) -> None:
    from dataclasses import replace

    today = date.today()
    services.reviews.create(replace(record, dates=KeyDates(incident=today)))
    window = make_window(services)
    model = window.library.model
    row = model.row_of(services.reviews.find(record.reference).id)
    due = add_working_days(today, 5, EW)
    tip = model.index(row, model.NEXT_DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert f"due {due:%a} {due.day} {due:%B %Y}" in tip
    assert model.index(row, model.NEXT_DUE).data() == "Notify the Panel: 5 working days left"

    window.menu_actions.library_settings.trigger()
    qtbot.waitUntil(
        lambda: isinstance(window.review_actions.settings_dialog, LibrarySettingsDialog)
    )
    dialog = window.review_actions.settings_dialog
    closed = add_working_days(today, 1, EW)
    dialog.closures.setFocus()
    qtbot.keyClicks(dialog.closures, "the day after tomorrow")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.clocks_error.isVisible()
    assert "'the day after tomorrow'" in dialog.clocks_error.text()
    assert services.settings.closure_days() == ()  # nothing kept
    dialog.closures.selectAll()
    qtbot.keyClicks(dialog.closures, f"{closed:%d/%m/%Y}")
    dialog.months.setValue(9)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.settings.closure_days() == (closed,)
    assert services.settings.final_report_months() == 9
    moved = add_working_days(today, 6, EW)  # one working day fewer in the week
    row = model.row_of(services.reviews.find(record.reference).id)
    tip = model.index(row, model.NEXT_DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert f"due {moved:%a} {moved.day} {moved:%B %Y}" in tip
    dialog.close()
    QApplication.processEvents()
