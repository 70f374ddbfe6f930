"""What a second pair of eyes found walking the screens (1366x768, 200% text, keyboard only):
text cut short, Tab going round a window out of reading order, a keyboard trap and a control
a screen reader could not name. Each test fails on the code before its fix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget


@pytest.fixture(autouse=True)
def _back_to_normal_size(appearance):  # type: ignore[no-untyped-def]
    """The application's font outlives a test: the next one starts at 100% again."""
    yield
    appearance.reset()


def settle() -> None:
    for _ in range(15):
        QApplication.processEvents()


def tab_order(qtbot, start: QWidget, steps: int) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Where the focus goes as a person presses Tab ``steps`` times from ``start``."""
    start.setFocus()
    settle()
    seen = [QApplication.focusWidget()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def fully_shown(label) -> bool:  # type: ignore[no-untyped-def]
    """A word-wrapped label has the height its text needs at its width."""
    return label.height() >= label.heightForWidth(label.width())


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_empty_librarys_card_shows_all_its_words_and_buttons(window, scale) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366 - 16, 768 - 80)
    window.appearance.set_scale(scale)
    settle()
    page = window.library
    assert page.stack.currentWidget() is page.empty
    assert fully_shown(page.empty_text), (page.empty_text.height(), page.empty_text.text())
    for b in (page.empty_new, page.empty_demo):
        assert b.width() >= b.sizeHint().width(), b.text()


def test_tab_goes_round_the_library_as_it_reads(window, services, qtbot) -> None:  # type: ignore[no-untyped-def]
    services.exchange.add_demo()
    window.back_to_library()
    settle()
    page = window.library
    page.select(services.reviews.list_reviews()[0].id)
    expected = [page.new_button, page.demo_button, page.filter, page.show_archived]
    if page.due_banner is not None and page.due_banner.isVisible():
        expected += [page.due_button, page.due_later]
    expected += [page.table, page.open_button, page.edit_button, page.archive_button]
    seen = tab_order(qtbot, page.new_button, len(expected))
    names = [getattr(w, "text", w.accessibleName)() for w in seen]
    assert seen == [*expected, page.new_button], names


def test_tab_leaves_the_tables_of_the_audit_trail_name_key_and_shortcuts(  # type: ignore[no-untyped-def]
    demo_window, qtbot
) -> None:
    """Tab moved from cell to cell in these tables and never out of them: the audit trail's
    Check the trail and Close could not be reached from the keyboard (arrows move in a table)."""
    from reviewdesk.gui.dialogs.audit_dialog import AuditDialog
    from reviewdesk.gui.dialogs.help import ShortcutsDialog
    from reviewdesk.gui.dialogs.name_key import NameKeyDialog

    window = demo_window
    review_id = window.current_review_id()
    services = window.services
    services.names.add(review_id, "Jo Bloggs", "Mother")
    dialogs = [
        AuditDialog(services, window),
        NameKeyDialog(services, review_id, window),
        ShortcutsDialog([("Anywhere", "Find", "Ctrl+F"), ("Anywhere", "Save", "Ctrl+S")], window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        table = dialog.table
        assert table.rowCount() > 0, type(dialog).__name__
        table.setFocus()
        table.setCurrentCell(0, 0)
        settle()
        qtbot.keyClick(table, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not table, type(dialog).__name__
        assert table.currentRow() == 0 and table.currentColumn() == 0  # the table stayed put
        dialog.close()


def test_every_control_of_the_rapid_review_has_a_name(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The rapid review's scroll area took the focus with Tab and a screen reader heard
    nothing: the sections inside it are what the person moves between."""
    from reviewdesk.gui.dialogs.rapid_review import RapidReviewDialog
    from tests.gui.a11y import unlabelled_inputs

    window = demo_window
    dialog = RapidReviewDialog(window.services, window.current_review_id(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unlabelled_inputs(dialog) == []
    dialog.close()


def test_the_name_key_shows_all_its_words_at_200_percent(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 200% text the name key kept its 620x460 size: its explanation lost its last two
    lines (what the key is and that it never leaves this computer) and the list had no rows."""
    from reviewdesk.gui.dialogs.name_key import NameKeyDialog

    window = demo_window
    window.appearance.set_scale(2.0)
    dialog = NameKeyDialog(window.services, window.current_review_id(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    intro = dialog.findChildren(QLabel)[0]
    assert "never leaves this computer" in intro.text()
    assert fully_shown(intro), (intro.height(), intro.heightForWidth(intro.width()))
    # room for the header and a few names
    assert dialog.table.viewport().height() >= 3 * dialog.table.fontMetrics().lineSpacing()
    screen = dialog.screen().availableGeometry()
    assert screen.contains(dialog.frameGeometry())
    dialog.close()


def test_the_navigators_progress_lines_are_text_coloured_in_high_contrast(  # type: ignore[no-untyped-def]
    demo_window, qapp, appearance
) -> None:
    """In high contrast every muted text is drawn in the text colour (style.py), but the
    navigator drew "0 of 9 answered" in the colour kept for disabled controls: pale grey on
    white where the system's palette has it so. Here that colour is magenta, to be seen."""
    from PySide6.QtGui import QColor, QPalette

    from reviewdesk.gui.style import HIGH_CONTRAST, Appearance

    before = QPalette(qapp.palette())
    system = QPalette(before)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        system.setColor(QPalette.ColorGroup.Disabled, role, QColor("#FF00FF"))
    qapp.setPalette(system)
    try:
        Appearance(qapp, 1.0, HIGH_CONTRAST).apply()
        navigator = demo_window.workspace.navigator
        settle()
        image = navigator.grab().toImage()
        magenta = sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if (c := image.pixelColor(x, y)).red() > 200 and c.green() < 80 and c.blue() > 200
        )
        assert magenta == 0
        assert navigator.item(1).data(Qt.ItemDataRole.UserRole + 1)  # the line is there
    finally:
        qapp.setPalette(before)
        appearance.apply()


def test_tab_goes_round_a_theme_as_it_is_seen(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The header, the navigator, the theme, then the private notes: a theme page is built the
    first time it is shown, and its fields came after the private notes (Tab went from the
    navigator to the notes, then back up into the theme, then up to the header)."""
    window = demo_window
    ws = window.workspace
    window.go_to(1)
    page = ws.theme_page(0)
    settle()
    seen = tab_order(qtbot, ws.back_button, 80)
    seen = seen[: seen.index(ws.back_button, 1) + 1]  # once round
    assert seen[:3] == [ws.back_button, ws.compare, ws.navigator]
    where = ["page" if page.isAncestorOf(w) else "notes" if ws.notes_holder.isAncestorOf(w)
             else "other" for w in seen[3:-1]]  # fmt: skip
    assert where and where[0] == "page" and "notes" in where
    assert where == sorted(where, key=["page", "notes"].index), where
    assert page.key_learning in seen and page.cards[-1].evidence in seen


def test_tab_reads_the_timeline_and_the_case_record_from_the_top(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The timeline's buttons above it came after the timeline itself; the case record's
    tabs (About the review, Key dates...) came after the fields below them."""
    from reviewdesk.gui.dialogs.case_record import CaseRecordDialog
    from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow

    window = demo_window
    services, review_id = window.services, window.current_review_id()
    lead = LeadToolkitWindow(services, review_id, window)
    qtbot.addWidget(lead)
    lead.show()
    qtbot.waitExposed(lead)
    timeline = lead.toolkit.timeline
    lead.toolkit.tabs.setCurrentWidget(timeline)
    bar = lead.toolkit.tabs.tabBar()
    seen = tab_order(qtbot, bar, 7)
    seen = [w for w in seen if w.parentWidget() is not bar]  # the tabs' scroll arrows
    assert seen[1:6] == [
        timeline.zoom_in, timeline.zoom_out, timeline.as_table, timeline.save_image, timeline.view
    ]  # fmt: skip
    lead.close()

    dialog = CaseRecordDialog(
        services.reviews, review_id, services.reviews.get(review_id).record, [], window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.tabs.tabBar()
    seen = tab_order(qtbot, dialog.form.reference, 12)
    assert bar in seen
    assert seen.index(bar) > seen.index(dialog.save_button)  # round the end, then the tabs
    after = seen[seen.index(bar) + 1]
    assert after is dialog.form.reference  # the tabs, then the first field below them
    dialog.close()


def test_due_and_overdue_has_room_for_its_steps_at_200_percent(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 200% text the window kept its 980x560 size: the explanation took it all and the
    list of steps showed half of one row."""
    from reviewdesk.gui.dialogs.due import DueWindow

    window = demo_window
    window.appearance.set_scale(2.0)
    due = DueWindow(window.services, window)
    qtbot.addWidget(due)
    due.show()
    qtbot.waitExposed(due)
    settle()
    assert due.model.rowCount() > 0
    row = due.table.rowHeight(0)
    assert due.table.viewport().height() >= 3 * row, (due.table.viewport().height(), row)
    assert due.screen().availableGeometry().contains(due.frameGeometry())
    due.close()


def test_tab_reaches_each_childs_details_before_saving_them(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The case record for analysis: each child's details are made when the record is read,
    and Tab reached Save before them (incident, harm type, Save, then the children)."""
    from PySide6.QtWidgets import QComboBox

    from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow

    window = demo_window
    lead = LeadToolkitWindow(window.services, window.current_review_id(), window)
    qtbot.addWidget(lead)
    lead.show()
    qtbot.waitExposed(lead)
    page = lead.toolkit.case_details
    lead.toolkit.tabs.setCurrentWidget(page)
    settle()
    assert page.child_forms
    child_boxes = [w for f in page.child_forms for w in f.findChildren(QComboBox)]
    seen = tab_order(qtbot, page.incident, 40)
    seen = seen[: seen.index(page.save_button) + 1]
    assert seen[1] is page.harm_type
    assert all(box in seen for box in child_boxes)  # all before Save
    lead.close()


def test_read_beside_yours_shows_its_choice_whole_at_200_percent(demo_window) -> None:  # type: ignore[no-untyped-def]
    """The drop-down's widest size was worked out once, at the text size the review was
    opened with: at 200% it showed "No one: just your ov"."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    window = demo_window
    window.resize(1366 - 16, 768 - 80)
    window.appearance.set_scale(2.0)
    settle()
    box = window.workspace.compare
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
    )
    assert box.fontMetrics().horizontalAdvance(box.currentText()) <= field.width(), (
        box.currentText(),
        field.width(),
    )


def test_the_learning_reports_dates_are_shown_whole(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The learning report's From and To showed "1/2026" and "3/2027": a date field had a
    widest size (worked out once, at the text size of the moment) and no narrowest."""
    from reviewdesk.gui.dialogs.learning_report import LearningReportDialog

    window = demo_window
    window.appearance.set_scale(2.0)
    dialog = LearningReportDialog(window.services, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    for field in (dialog.picker.date_from, dialog.picker.date_to):
        line = field.line
        assert line.text()
        need = line.fontMetrics().horizontalAdvance(line.text())
        room = line.contentsRect().width() - line.textMargins().left() - line.textMargins().right()
        assert room >= need + 4, (line.text(), room, need)
    dialog.close()


def test_the_audit_trail_has_room_for_its_entries_at_200_percent(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 200% text the audit trail kept its 900x520 size: two rows showed, the columns
    scrolled sideways and What happened was out of sight."""
    from reviewdesk.gui.dialogs.audit_dialog import AuditDialog

    window = demo_window
    window.appearance.set_scale(2.0)
    dialog = AuditDialog(window.services, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    row = dialog.table.rowHeight(0)
    assert dialog.table.viewport().height() >= 4 * row, (dialog.table.viewport().height(), row)
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    dialog.close()


def test_the_learning_report_shows_its_choices_at_200_percent(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 200% text the learning report kept its 760x360 size: only its explanation was in
    view, and the period, the format and where to save it were out of sight below."""
    from reviewdesk.gui.dialogs.learning_report import LearningReportDialog

    window = demo_window
    window.appearance.set_scale(2.0)
    dialog = LearningReportDialog(window.services, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    line = dialog.picker.date_from.line
    top = line.mapTo(dialog, line.rect().topLeft()).y()
    assert top >= 0 and top + line.height() <= dialog.height(), (top, dialog.height())
    assert line.visibleRegion().boundingRect().height() == line.height()  # not scrolled away
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    dialog.close()
