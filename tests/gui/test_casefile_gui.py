"""Review papers and the case record for analysis in the lead toolkit (issue 18, points 4 and
5), typed through the keyboard as a lead would, then read back through the services and the
exports: the terms of reference, the family involvement log (a refusal that loses nothing),
parallel processes; an action marked complete with no evidence of impact is flagged until its
impact log has an entry; the case record's categories are kept, counted on the dashboard, and
never printed in the summary or the briefing."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt

from reviewdesk.domain.analysis import ActionStatus, ImpactKind
from reviewdesk.domain.casefile import Ethnicity, IncidentKind, LegalStatus
from reviewdesk.domain.exporting import ExportFormat
from reviewdesk.domain.papers import FamilyWay, ProcessKind
from reviewdesk.gui.dialogs.dashboard import DashboardWindow
from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow


def _choose(qtbot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an item of a combo box by keyboard (focus it, then arrow keys)."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _toolkit(window, qtbot):  # type: ignore[no-untyped-def]
    window.menu_actions.lead_toolkit.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.lead_window, LeadToolkitWindow))
    return window.review_actions.lead_window.toolkit


def _press(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    """Press a button from the keyboard (focus it, then Space)."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_review_papers_are_typed_kept_and_refused_kindly(demo_window, qtbot) -> None:
    window = demo_window
    toolkit = _toolkit(window, qtbot)
    services, review_id = window.services, toolkit.review_id
    toolkit.tabs.setCurrentWidget(toolkit.papers)
    assert toolkit.tabs.tabText(toolkit.tabs.currentIndex()) == "Review papers"

    terms = toolkit.papers.terms
    _type(qtbot, terms.agreed_on, "01/04/2026")
    _type(qtbot, terms.terms, "From the booking appointment to the injury.")
    _type(qtbot, terms.enquiry, "How was the baby seen?")
    qtbot.keyClick(terms.enquiry, Qt.Key.Key_Return)
    qtbot.keyClicks(terms.enquiry, "Who knew about the men in the household?")
    assert toolkit.unsaved_pages() == [terms]  # the toolkit knows before the window closes
    _press(qtbot, terms.save_button)
    assert terms.message.text() == "Terms of reference saved."
    kept = services.papers.terms(review_id)
    assert kept.agreed_on == date(2026, 4, 1)
    assert kept.lines_of_enquiry == (
        "How was the baby seen?",
        "Who knew about the men in the household?",
    )

    family = toolkit.papers.family
    toolkit.papers.tabs.setCurrentWidget(family)
    _type(qtbot, family.person.lineEdit(), "Father")
    _choose(qtbot, family.how, "Not invited")
    _press(qtbot, family.save_button)
    assert family.message.text().startswith("⚠ This entry needs a little more")
    assert "why this person was not invited" in family.message.text()
    assert services.papers.family(review_id) == []  # nothing kept
    assert family.person.currentText() == "Father"  # and nothing typed is lost
    _type(qtbot, family.notes, "Not in contact with the family; the police advised against it.")
    _press(qtbot, family.save_button)
    assert family.message.text() == "Added to the family involvement log."

    _press(qtbot, family.new_button)
    _type(qtbot, family.person.lineEdit(), "Mother")
    _type(qtbot, family.invited_on, "10/04/2026")
    _choose(qtbot, family.how, "Met the reviewer")
    _type(qtbot, family.contributed_on, "02/05/2026")
    _type(qtbot, family.views, "She said nobody asked how she was coping at night.")
    _press(qtbot, family.save_button)
    log = services.papers.family(review_id)
    assert [(f.person, f.how) for f in log] == [
        ("Mother", FamilyWay.MET_REVIEWER),
        ("Father", FamilyWay.NOT_INVITED),
    ]
    assert log[0].views == "She said nobody asked how she was coping at night."
    assert [family.model.index(0, c).data() for c in range(4)] == [
        "Mother", "10 Apr 2026", "Met the reviewer", "2 May 2026",
    ]  # fmt: skip

    processes = toolkit.papers.processes
    toolkit.papers.tabs.setCurrentWidget(processes)
    _choose(qtbot, processes.kind, "Coroner's inquest")
    _type(qtbot, processes.led_by, "HM Coroner")
    _type(qtbot, processes.started_on, "20/02/2026")
    _type(qtbot, processes.next_on, "16/11/2026")
    _type(qtbot, processes.next_what, "Pre-inquest review")
    _press(qtbot, processes.save_button)
    (inquest,) = services.papers.processes(review_id)
    assert (inquest.kind, inquest.next_on) == (ProcessKind.CORONER, date(2026, 11, 16))
    assert processes.model.index(0, 3).data() == "Next: 16 Nov 2026 Pre-inquest review"
    window.review_actions.lead_window.close()


def test_an_action_closed_with_no_impact_evidence_is_flagged(demo_window, qtbot) -> None:
    window = demo_window
    toolkit = _toolkit(window, qtbot)
    services, review_id = window.services, toolkit.review_id
    page = toolkit.actions
    toolkit.tabs.setCurrentWidget(page)
    before = len(services.papers.closed_without_impact(review_id))

    _press(qtbot, page.new_button)
    _type(qtbot, page.description, "Audit bruising referrals for non-mobile babies")
    _choose(qtbot, page.status, "Complete")
    _press(qtbot, page.save_button)
    (action,) = [
        a for a in services.actions.actions(review_id) if a.description.startswith("Audit bruis")
    ]
    assert action.status is ActionStatus.COMPLETE and action.closed_without_impact
    row = page.model.row_of(action.id)
    assert page.model.index(row, 4).data() == "Complete: no evidence of impact"
    assert page.model.index(row, 4).data(Qt.ItemDataRole.DecorationRole) is not None  # a sign
    count = before + 1
    expected = (
        "1 action is marked complete with no evidence of impact yet."
        if count == 1
        else f"{count} actions are marked complete with no evidence of impact yet."
    )
    assert expected in page.overdue.text.text()
    assert page.late.text.text().startswith("Complete, with no evidence of impact yet")

    # The 6-month audit goes into the impact log: the flag goes.
    _type(qtbot, page.log_on, "01/10/2026")
    _choose(qtbot, page.log_kind, "Audit at 6 months")
    _type(qtbot, page.log_text, "18 of 20 referrals met the protocol.")
    _press(qtbot, page.log_add)
    assert page.message.text() == "Added to the impact log."
    (action,) = [a for a in services.actions.actions(review_id) if a.id == action.id]
    assert [(i.kind, i.recorded_on) for i in action.impact_log] == [
        (ImpactKind.AUDIT_6_MONTHS, date(2026, 10, 1))
    ]
    assert not action.closed_without_impact
    row = page.model.row_of(action.id)
    assert page.model.index(row, 4).data() == "Complete"
    assert page.model.index(row, 5).data() == "Yes (1, latest 01/10/2026)"
    assert page.impact_log.count() == 1
    assert "Audit at 6 months: 18 of 20" in page.impact_log.item(0).text()
    assert len(services.papers.closed_without_impact(review_id)) == before
    window.review_actions.lead_window.close()


def test_the_case_record_is_typed_kept_and_counted(demo_window, qtbot) -> None:
    window = demo_window
    toolkit = _toolkit(window, qtbot)
    services, review_id = window.services, toolkit.review_id
    page = toolkit.case_details
    toolkit.tabs.setCurrentWidget(page)
    assert [f.pseudonym for f in page.child_forms] == ["Child D", "Sibling 1"]
    child_d = page.child_forms[0].fields
    assert child_d["ethnicity"].accessibleName() == "Ethnicity of Child D"

    _choose(qtbot, page.incident, "Serious harm")
    _choose(qtbot, child_d["ethnicity"], "Mixed: White and Black Caribbean")
    _type(qtbot, child_d["first_language"], "English")
    _choose(qtbot, child_d["legal_status"], "Child protection plan")
    assert page.is_dirty() and toolkit.unsaved_pages() == [page]
    _press(qtbot, page.save_button)
    assert page.message.text() == "Case record for analysis saved."
    details = services.case_details.details(review_id)
    assert details.incident is IncidentKind.SERIOUS_HARM and details.harm_type is None
    d = details.child("Child D")
    assert (d.ethnicity, d.first_language, d.legal_status) == (
        Ethnicity.WHITE_BLACK_CARIBBEAN,
        "English",
        LegalStatus.CHILD_PROTECTION_PLAN,
    )
    assert details.child("Sibling 1").is_empty
    window.review_actions.lead_window.close()

    dashboard = DashboardWindow(services, window)
    qtbot.addWidget(dashboard)
    counts = dashboard.case_counts
    _choose(qtbot, dashboard.picker.quick, "All time")
    qtbot.waitUntil(lambda: not dashboard.working)  # the counts come with the figures
    _choose(qtbot, counts.count_by, "Legal status at the time")
    rows = {
        counts.model.index(r, 0).data(): counts.model.index(r, 1).data()
        for r in range(counts.model.rowCount())
    }
    assert rows["Child protection plan"] == "1" and rows["Looked after"] == "0"
    _choose(qtbot, counts.where, "Ethnicity")
    _choose(qtbot, counts.where_value, "White: Roma")
    assert counts.model.index(3, 1).data() == "0"  # no review has a Roma child
    dashboard.close()


def _pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_the_case_record_never_reaches_the_summary_or_the_briefing(
    demo_window, qtbot, tmp_path
) -> None:
    window = demo_window
    toolkit = _toolkit(window, qtbot)
    services, review_id = window.services, toolkit.review_id
    page = toolkit.case_details
    toolkit.tabs.setCurrentWidget(page)
    child_d = page.child_forms[0].fields
    _choose(qtbot, child_d["ethnicity"], "White: Gypsy or Irish Traveller")
    _type(qtbot, child_d["first_language"], "Tigrinya")
    _choose(qtbot, child_d["send"], "Education, health and care plan")
    _press(qtbot, page.save_button)
    window.review_actions.lead_window.close()

    for fmt in (ExportFormat.PDF, ExportFormat.BRIEFING):
        path = services.exports.export(review_id, fmt, tmp_path / f"out-{fmt.value}.pdf")
        text = _pdftotext(path.read_bytes())
        assert "Child D" in text or fmt is ExportFormat.BRIEFING  # the document is the demo's
        for secret in ("Tigrinya", "Gypsy", "Traveller", "health and care plan"):
            assert secret not in text, (fmt, secret)
    # The review's JSON file does carry it, marked as special category.
    exported = services.exports.export(review_id, ExportFormat.JSON, tmp_path / "review.json")
    document = json.loads(exported.read_text("utf-8"))
    assert document["case_details"]["special_category"] is True
    assert document["case_details"]["children"][0]["first_language"] == "Tigrinya"


@pytest.mark.parametrize("name", ["papers", "case_details"])
def test_every_field_of_the_new_pages_has_a_name(demo_window, qtbot, name) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

    toolkit = _toolkit(demo_window, qtbot)
    page = getattr(toolkit, name)
    fields = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QPlainTextEdit, QComboBox))
        and not isinstance(w.parent(), QComboBox)
    ]
    assert fields
    unnamed = [w for w in fields if not w.accessibleName()]
    assert unnamed == []
    demo_window.review_actions.lead_window.close()
