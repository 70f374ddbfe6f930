"""The new-review wizard and the case-record dialog, driven from the keyboard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from reviewdesk.domain.review import ReviewStatus
from tests.gui.conftest import answer_modal, click_button

TAB = Qt.Key.Key_Tab
ALT = Qt.KeyboardModifier.AltModifier


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def type_and_tab(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), TAB)


def alt(qtbot, widget, key, button) -> None:  # type: ignore[no-untyped-def]
    """Press Alt+key (a button's underlined letter) and wait for the button's click."""
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(widget, key, ALT)


def open_wizard(window, qtbot):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.library.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: getattr(window, "wizard", None) is not None and window.wizard.isVisible()
    )
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.wizard)
    return window.wizard


def test_a_review_is_created_step_by_step_and_a_caution_must_be_confirmed(
    window, services, qtbot
) -> None:
    wizard = open_wizard(window, qtbot)
    assert focused() is wizard.form.reference
    type_and_tab(qtbot, "LCSPR-2026-11")
    type_and_tab(qtbot, "Child E, Northvale (fictional)")
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)  # Next
    assert wizard.current() == 1 and "Key dates" in wizard.heading.text()

    assert focused() is wizard.form.date_fields["incident"].line
    type_and_tab(qtbot, "14/02/2026")
    assert focused() is wizard.form.date_fields["notification"].line
    type_and_tab(qtbot, "10/2/2026")  # before the incident: questioned, not accepted
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    message = wizard.form.messages["notification"]
    assert wizard.current() == 1
    assert message.isVisible() and message.kind == "caution"
    assert "before the incident date" in message.text.text()
    assert focused() is message.confirm  # the question has the focus
    qtbot.keyClick(message.confirm, Qt.Key.Key_Space)  # "Yes, that is right"
    assert wizard.form.date_fields["notification"].line.text() == "10/02/2026"  # tidied
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 2

    qtbot.mouseClick(wizard.form.child_rows.add_button, Qt.MouseButton.LeftButton)
    type_and_tab(qtbot, "Child E")
    qtbot.keyClicks(focused(), "3 months")
    qtbot.mouseClick(wizard.form.household.add_button, Qt.MouseButton.LeftButton)
    type_and_tab(qtbot, "Mother")
    qtbot.keyClicks(focused(), "Main carer")
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 3

    boxes = {b.text(): b for b in wizard.form.agency_boxes}
    assert set(boxes) >= {"Children's social care", "Police", "Health visiting", "Housing"}
    box = boxes["Health visiting"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(12, box.height() // 2))
    boxes["Police"].setFocus()
    qtbot.keyClick(boxes["Police"], Qt.Key.Key_Space)
    qtbot.keyClicks(wizard.form.other_agency, "School nursing")
    qtbot.keyClick(wizard.form.other_agency, Qt.Key.Key_Return)
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 4
    assert wizard.framework().id == "cspr-annual-report-2021"  # the Panel's six themes
    assert wizard.framework().version == "2.0.0"  # the revised prompts, chosen unless changed
    versions = [w.text() for w in wizard.findChildren(QLabel, "frameworkVersion")]
    assert versions == ["Version 2.0.0, 60 prompts", "Version 1.0.0, 42 prompts"]
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 5
    assert wizard.create_button.isVisible() and not wizard.next_button.isVisible()

    alt(qtbot, wizard, Qt.Key.Key_C, wizard.create_button)  # Create review
    qtbot.waitUntil(lambda: window.workspace is not None)
    stored = services.reviews.get(window.workspace.doc.id)
    record = stored.record
    assert (record.reference, record.title) == ("LCSPR-2026-11", "Child E, Northvale (fictional)")
    assert record.dates.incident == date(2026, 2, 14)
    assert record.dates.notification == date(2026, 2, 10)
    assert [(c.pseudonym, c.age) for c in record.children] == [("Child E", "3 months")]
    assert [(h.role, h.description) for h in record.household] == [("Mother", "Main carer")]
    assert record.agencies == ("Police", "Health visiting", "School nursing")
    assert len(stored.framework.themes) == 6
    assert stored.framework.themes[0].short_title == "Critical thinking and challenge"


def test_problems_stop_the_wizard_and_say_what_to_do(window, services, record, qtbot) -> None:
    services.reviews.create(record)
    wizard = open_wizard(window, qtbot)
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 0
    assert "give the review a reference" in wizard.form.messages["reference"].text.text()
    assert "short title" in wizard.form.messages["title"].text.text()
    assert focused() is wizard.form.reference

    qtbot.keyClicks(wizard.form.reference, "lcspr-2026-07")  # already in the library
    qtbot.keyClicks(wizard.form.title, "Another")
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 0
    assert "already in this library" in wizard.form.messages["reference"].text.text()
    wizard.form.reference.clear()
    qtbot.keyClicks(wizard.form.reference, "LCSPR-2026-12")
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 1

    qtbot.keyClicks(wizard.form.date_fields["incident"].line, "31/02/2026")
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 1
    assert "day/month/year" in wizard.form.messages["incident"].text.text()
    wizard.form.scope_start.line.setText("01/06/2026")
    wizard.form.scope_end.line.setText("01/01/2026")
    wizard.form.date_fields["incident"].line.clear()
    alt(qtbot, wizard, Qt.Key.Key_N, wizard.next_button)
    assert wizard.current() == 1
    assert "ends before it starts" in wizard.form.messages["scope"].text.text()
    assert not wizard.form.messages["incident"].isVisible()


def test_leaving_the_wizard_with_entries_asks_first(window, services, qtbot) -> None:
    wizard = open_wizard(window, qtbot)
    qtbot.keyClicks(wizard.form.reference, "LCSPR-2026-13")
    answer_modal(click_button("Cancel"))
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    answer_modal(click_button("Discard"))
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert services.reviews.list_reviews() == []


def test_the_case_record_stays_editable(window, services, record, qtbot) -> None:
    summary = services.reviews.create(record)
    window.library.refresh(select_id=summary.id)
    qtbot.mouseClick(window.library.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(window, "record_dialog", None) is not None)
    dialog = window.record_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.form.reference.text() == "LCSPR-2026-07"
    assert {b.text() for b in dialog.form.agency_boxes if b.isChecked()} == {
        "Health visiting",
        "Police",
    }
    dialog.form.title.clear()
    qtbot.keyClicks(dialog.form.title, "Child Q (renamed)")
    dialog.form.status.setCurrentIndex(list(ReviewStatus).index(ReviewStatus.ANALYSIS))
    dialog.tabs.setCurrentIndex(2)
    qtbot.mouseClick(dialog.form.child_rows.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(focused(), "Sibling 1")
    dialog.tabs.setCurrentIndex(1)
    dialog.form.date_fields["publication"].line.setText(
        "01/01/2026"
    )  # before the decision? none set
    dialog.form.date_fields["decision"].line.setText("01/03/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # publication before decision: a question first
    assert dialog.form.messages["publication"].kind == "caution"
    dialog.form.messages["publication"].confirm.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    record_now = services.reviews.get(summary.id).record
    assert record_now.title == "Child Q (renamed)"
    assert record_now.status is ReviewStatus.ANALYSIS
    assert [c.pseudonym for c in record_now.children] == ["Child Q", "Sibling 1"]
    assert record_now.dates.publication == date(2026, 1, 1)
    assert window.library.proxy.index(0, 1).data() == "Child Q (renamed)"
