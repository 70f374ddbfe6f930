"""The theme dashboard and the learning report dialog, driven by keyboard and mouse over the
hand-worked fixture library (tests/learning_fixture.py; figures in tests/services)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewdesk.gui.dialogs.dashboard import DashboardWindow
from reviewdesk.gui.dialogs.learning_report import LearningReportDialog
from reviewdesk.gui.widgets.period_picker import CHOSEN
from reviewdesk.services.bundle import Services
from reviewdesk.store.engine import open_store
from tests.learning_fixture import Clock, build


@pytest.fixture
def lib(tmp_path: Path):
    """The hand-worked library in a file, as the app keeps it: the dashboard works out its
    figures off the GUI thread, and an in-memory library has one connection for every thread."""
    clock = Clock()
    store = open_store(tmp_path / "lib.sqlite3", tmp_path / "backups")
    library = build(Services.over(store, who="tester", clock=clock), clock)
    yield library
    library.services.close()


def _cells(section) -> list[list[str]]:  # type: ignore[no-untyped-def]
    model = section.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _figures(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The figures are worked out off the GUI thread (issue 20): wait for the newest."""
    qtbot.waitUntil(lambda: not window.working, timeout=10_000)


def _type_dates(qtbot, picker, first: str, last: str) -> None:  # type: ignore[no-untyped-def]
    for field, text in ((picker.date_from, first), (picker.date_to, last)):
        field.line.setFocus()
        field.line.selectAll()
        qtbot.keyClicks(field.line, text)
        qtbot.keyClick(field.line, Qt.Key.Key_Return)  # as Tab does: the period is applied


def test_tables_hold_the_hand_worked_figures(lib, qtbot) -> None:
    opened: list[int] = []
    window = DashboardWindow(lib.services, None, open_review=opened.append)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.working and "Working out the figures" in window.summary.text()
    _figures(qtbot, window)
    # "Today" is 28 Nov 2026, so the default (this financial year) holds what happened in it:
    # LCSPR-D (notified), LCSPR-A (actions due and completed) and RR-B (an action due).
    assert window.dashboard is not None and window.dashboard.reviews.count == 3
    _type_dates(qtbot, window.picker, "01/04/2025", "31/03/2026")
    _figures(qtbot, window)
    assert window.picker.quick.currentIndex() == CHOSEN
    assert window.dashboard.reviews.count == 4
    assert "1 April 2025 to 31 March 2026: 4 reviews; 4 actions, 2 of them overdue" in (
        window.summary.text()
    )
    themes = _cells(window.sections["themes"])
    assert [row[1:] for row in themes] == [
        ["2", "50%", "0", "2"],
        ["1", "25%", "0", "1"],
        ["0", "0%", "0", "0"],
        ["1", "25%", "1", "1"],
        ["1", "25%", "0", "1"],
        ["0", "0%", "0", "0"],
    ]
    assert _cells(window.sections["stages"]) == [
        ["Setting up", "1"],
        ["Gathering reflections", "1"],
        ["Analysis and findings", "1"],
        ["Published", "1"],
        ["Closed", "0"],
    ]
    assert _cells(window.sections["actions"]) == [
        ["Not started", "1", "1"],
        ["In progress", "2", "2"],
        ["Complete", "1", "1"],
        ["Overdue", "2", "2"],
    ]
    chart = window.sections["themes"].chart
    assert [b.shown for b in chart.bars][:2] == ["2 of 4 (50%)", "1 of 4 (25%)"]
    assert "Critical thinking and challenge: 2 of 4 (50%)" in chart.accessibleDescription()
    # Only LCSPRs: A and C.
    window.picker.types.setCurrentIndex(window.picker.types.findData("lcspr"))
    _figures(qtbot, window)
    assert window.dashboard.reviews.count == 2
    window.close()


def test_keyboard_and_mouse_click_through_to_a_review(lib, qtbot) -> None:
    opened: list[int] = []
    window = DashboardWindow(lib.services, None, open_review=opened.append)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _type_dates(qtbot, window.picker, "01/04/2025", "31/03/2026")
    _figures(qtbot, window)
    # Keyboard: the babies bar (4th) is chosen with Down and opened with Enter.
    chart = window.sections["themes"].chart
    chart.setFocus()
    for _ in range(3):
        qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    listing = window.list_dialog
    assert listing is not None and listing.isVisible()
    assert [r.reference for r in listing.model.rows()] == ["LCSPR-C"]
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    assert opened == [lib.ids["LCSPR-C"]] and not listing.isVisible()
    # Mouse: a double click on "Overdue, 2" in the actions table lists A and B.
    table = window.sections["actions"].table
    cell = table.model().index(3, 1)
    table.scrollTo(cell)
    where = table.visualRect(cell).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    listing = window.list_dialog
    assert sorted(r.reference for r in listing.model.rows()) == ["LCSPR-A", "RR-B"]
    qtbot.mouseClick(listing.open_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == listing.model.row(0).id
    # A click on a bar (the stage chart's "Published" bar).
    stages = window.sections["stages"].chart
    qtbot.mouseClick(stages, Qt.MouseButton.LeftButton, pos=stages.bar_rect(3).center().toPoint())
    assert [r.reference for r in window.list_dialog.model.rows()] == ["LCSPR-C"]
    window.list_dialog.reject()
    window.close()


def test_learning_report_dialog_writes_off_the_gui_thread(lib, qtbot, tmp_path: Path) -> None:
    window = DashboardWindow(lib.services, None)
    qtbot.addWidget(window)
    window.show()
    _type_dates(qtbot, window.picker, "01/04/2025", "31/03/2026")
    qtbot.mouseClick(window.report_button, Qt.MouseButton.LeftButton)
    dialog = window.report_dialog
    assert isinstance(dialog, LearningReportDialog)
    period = dialog.picker.period()
    assert period is not None and (period.date_from.year, period.date_to.year) == (2025, 2026)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    assert dialog.path_edit.text().endswith("Learning report 2025-04-01 to 2026-03-31.csv")
    target = tmp_path / "year.csv"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.written is not None or "⚠" in dialog.status_label.text(), timeout=10000
    )
    assert dialog.written is not None, dialog.status_label.text()
    assert target.exists() and "LCSPR-A" in target.read_text("utf-8-sig")
    assert dialog.open_button.isEnabled() and "Saved to" in dialog.status_label.text()
    # Again: the existing file is kept unless the person agrees to replace it.
    dialog.confirm_replace = lambda _path: False
    before = target.read_bytes()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert "existing file is kept" in dialog.status_label.text()
    assert target.read_bytes() == before
    dialog.reject()
    window.close()


def test_learning_menu_opens_both(demo_window, qtbot) -> None:
    window = demo_window
    assert window.menu_actions.dashboard.isEnabled()
    window.menu_actions.dashboard.trigger()
    qtbot.waitUntil(lambda: window.review_actions.dashboard_window is not None)
    dash = window.review_actions.dashboard_window
    assert dash.isVisible() and not dash.isModal()
    # The demo review (notified February 2026) is in this financial year's figures or the
    # last 12 months'; "All time" certainly holds it.
    dash.picker.quick.setCurrentIndex(2)
    _figures(qtbot, dash)
    assert dash.dashboard.reviews.count == 1
    dash.close()
    window.menu_actions.learning_report.trigger()
    qtbot.waitUntil(lambda: window.review_actions.report_dialog is not None)
    assert window.review_actions.report_dialog.isVisible()
    window.review_actions.report_dialog.reject()


def test_the_report_includes_the_case_record_only_when_chosen(lib, qtbot, tmp_path: Path) -> None:
    """Special-category data: the box is off when the dialog opens; ticked from the keyboard,
    the PDF holds the marked section (read with pdftotext)."""
    import subprocess

    from reviewdesk.domain.dashboard import Period

    period = Period(date(2025, 4, 1), date(2026, 3, 31))
    dialog = LearningReportDialog(lib.services, None, period=period)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.case_record.isChecked()
    dialog.case_record.setFocus()
    qtbot.keyClick(dialog.case_record, Qt.Key.Key_Space)
    assert dialog.case_record.isChecked()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    target = tmp_path / "year.pdf"
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(target))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.written is not None or "⚠" in dialog.status_label.text(), timeout=10000
    )
    assert dialog.written is not None, dialog.status_label.text()
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "The case record for analysis (special-category data)" in " ".join(text.split())
    dialog.close()
