"""The review lead's toolkit, driven as a lead would: typing into each editor, importing a good
and a malformed chronology, following evidence links, moving through the timeline by keyboard."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from reviewdesk.domain.analysis import Action, ActionStatus, ChronologyEntry, EvidenceKind
from reviewdesk.domain.chronology_import import Field
from reviewdesk.gui.dialogs.chronology_import import ChronologyImportDialog
from reviewdesk.gui.models.analysis import ActionsModel, ChronologyModel
from reviewdesk.gui.models.table import ID_ROLE
from reviewdesk.gui.pages.analysis import (
    ActionPlanPage,
    AnswerCitations,
    ChronologyPage,
    EpisodesPage,
    FindingsPage,
    LeadToolkit,
    RecommendationsPage,
    TimelinePage,
)
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services

DOC_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TODAY = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@pytest.fixture
def lead(data_dir):  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(data_dir), clock=lambda: TODAY)
    review_id = services.exchange.add_demo()[0].id
    yield services, review_id
    services.close()


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def page(qtbot, cls, services, review_id):  # type: ignore[no-untyped-def]
    widget = cls(services, review_id)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    asked: list[str] = []
    widget.confirm = lambda _parent, _title, text: asked.append(text) or True
    widget.asked = asked
    return widget


# --- models, without a window --------------------------------------------------------------------


def test_models_say_flags_and_overdue_in_words(qtbot) -> None:
    chronology = ChronologyModel({"babies": "Vulnerability of babies"})
    chronology.set_rows(
        [ChronologyEntry(date(2025, 3, 1), "Booking", "Midwifery", significant=True,
                         positive_practice=True, theme_ids=("babies",), id=7)]
    )  # fmt: skip
    index = chronology.index(0, 4)
    assert chronology.data(index) == "Significant; Positive practice"
    assert chronology.data(chronology.index(0, 5)) == "Vulnerability of babies"
    assert chronology.data(index, ID_ROLE) == 7 and chronology.row_of(7) == 0
    actions = ActionsModel(lambda: date(2026, 11, 28))
    actions.set_rows(
        [
            Action("Late", due=date(2026, 9, 30), status=ActionStatus.IN_PROGRESS, id=1),
            Action("Done", due=date(2026, 6, 30), status=ActionStatus.COMPLETE, id=2,
                   impact_evidence="Audit: 18 of 20 met the standard."),
            Action("Unproven", status=ActionStatus.COMPLETE, id=3),
        ]
    )  # fmt: skip
    late, done, unproven = actions.index(0, 4), actions.index(1, 4), actions.index(2, 4)
    assert actions.data(late) == "Overdue: in progress"
    assert not actions.data(late, Qt.ItemDataRole.DecorationRole).isNull()  # the warning sign
    assert actions.data(late, Qt.ItemDataRole.FontRole).bold()
    assert actions.data(done) == "Complete"
    assert actions.data(done, Qt.ItemDataRole.DecorationRole) is None
    # complete with nothing to show it worked: said in words, with the sign (issue 18)
    assert actions.data(unproven) == "Complete: no evidence of impact"
    assert not actions.data(unproven, Qt.ItemDataRole.DecorationRole).isNull()


# --- the chronology editor -----------------------------------------------------------------------


def test_chronology_editor_adds_edits_and_deletes(qtbot, lead) -> None:
    services, review_id = lead
    p = page(qtbot, ChronologyPage, services, review_id)
    before = len(services.chronology.entries(review_id))
    click(qtbot, p.new_button)
    type_into(qtbot, p.when, "June 2025")
    p.agency.setEditText("")
    type_into(qtbot, p.agency.lineEdit(), "Housing")
    type_into(qtbot, p.what, "Family moved to a two-bedroom flat.")
    type_into(qtbot, p.source, "Housing file")
    p.positive.setChecked(True)
    p.themes.check("whole-family")
    click(qtbot, p.save_button)
    entries = services.chronology.entries(review_id)
    assert len(entries) == before + 1
    added = next(e for e in entries if e.agency == "Housing")
    assert added.date_label == "June 2025" and added.positive_practice
    assert added.theme_ids == ("whole-family",)
    assert p.message.text() == "Entry added."

    # Filter by agency, then edit the selected entry.
    p.agency_filter.setCurrentIndex(p.agency_filter.findData("Housing"))
    assert p.model.rowCount() == 1
    p.table.selectRow(0)
    assert p.what.toPlainText() == "Family moved to a two-bedroom flat."
    p.what.clear()
    type_into(qtbot, p.what, "Family moved to a larger flat.")
    click(qtbot, p.save_button)
    assert services.chronology.get_entry(added.id).what_happened == "Family moved to a larger flat."

    # A date that is not one is explained, and nothing is saved.
    p.when.clear()
    type_into(qtbot, p.when, "31/02/2025")
    click(qtbot, p.save_button)
    assert "not a real date" in p.message.text()
    assert services.chronology.get_entry(added.id).when == date(2025, 6, 1)

    # Nothing cites it: deleting asks plainly, then erases it.
    click(qtbot, p.delete_button)
    assert "cannot be undone" in p.asked[-1]
    assert added.id not in [e.id for e in services.chronology.entries(review_id)]


def test_deleting_a_cited_entry_asks_and_keeps_it_as_removed(qtbot, lead) -> None:
    services, review_id = lead
    p = page(qtbot, ChronologyPage, services, review_id)
    cited = next(e for e in services.chronology.entries(review_id) if e.agency == "Police")
    assert p.show_entry(cited.id)
    assert "finding F1" in p.cited.text()
    p.confirm = lambda _p, _t, text: (p.asked.append(text), False)[1]  # the lead says no
    click(qtbot, p.delete_button)
    assert "cited by finding F1" in p.asked[-1]
    assert cited.id in [e.id for e in services.chronology.entries(review_id)]
    p.confirm = lambda _p, _t, text: True
    click(qtbot, p.delete_button)
    assert cited.id not in [e.id for e in services.chronology.entries(review_id)]
    assert "kept, marked as removed" in p.message.text()
    p.show_removed.setChecked(True)
    assert p.show_entry(cited.id) and p.restore_button.isVisible()
    click(qtbot, p.restore_button)
    assert cited.id in [e.id for e in services.chronology.entries(review_id)]


# --- importing a chronology ----------------------------------------------------------------------

GOOD = (
    "Date,Agency,Details,Source record,Significant?\n"
    "14/03/2025,,Sibling 1 offered a nursery place,Admissions letter,no\n"
    'April 2025,Education,"Sibling 1 starts nursery, settles well",Nursery record,\n'
    "22/11/2025,Police,Officers attend after a neighbour reports shouting,Log,yes\n"
)
BAD = (
    "When,What happened\n31/02/2025,Not a real day\n14/03/2025,Fine\n14/13/2025,Thirteenth month\n"
)


def _import_dialog(qtbot, services, review_id, path: Path):  # type: ignore[no-untyped-def]
    dialog = ChronologyImportDialog(services, review_id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.agency.lineEdit(), "Education")
    type_into(qtbot, dialog.file, str(path))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)
    return dialog


def test_import_dialog_with_a_good_file(qtbot, lead, tmp_path) -> None:
    services, review_id = lead
    path = tmp_path / "nursery.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = len(services.chronology.entries(review_id))
    dialog = _import_dialog(qtbot, services, review_id, path)
    assert dialog.mapping() == [Field.DATE, Field.AGENCY, Field.WHAT_HAPPENED, Field.SOURCE,
                                Field.SIGNIFICANT]  # fmt: skip
    assert dialog.model.rowCount() == 3
    assert "3 rows can be imported. 1 looks like an entry already there" in dialog.summary.text()
    assert "Likely duplicate" in dialog.model.data(dialog.model.index(2, 4))
    # Change a column's match and the preview follows.
    source_box = dialog.mapping_boxes[3]
    source_box.setCurrentIndex(source_box.findData(Field.IGNORE))
    assert dialog.mapping()[3] is Field.IGNORE
    click(qtbot, dialog.import_button)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert dialog.outcome.added == 2 and dialog.outcome.duplicates_left_out == 1
    entries = services.chronology.entries(review_id)
    assert len(entries) == before + 2
    assert {e.source for e in entries if e.source_agency == "Education"} == {""}


def test_import_dialog_with_a_malformed_file(qtbot, lead, tmp_path) -> None:
    services, review_id = lead
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    before = len(services.chronology.entries(review_id))
    dialog = _import_dialog(qtbot, services, review_id, path)
    listed = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert listed == [
        "Line 2: '31/02/2025' is not a real date",
        "Line 4: '14/13/2025' is not a real date",
    ]
    assert "nothing will be imported until they are" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert len(services.chronology.entries(review_id)) == before
    missing = tmp_path / "missing.csv"
    dialog.file.setText(str(missing))
    dialog.load(None)
    assert "There is no file" in dialog.message.text() and not dialog.import_button.isEnabled()


# --- episodes, findings, recommendations, actions -------------------------------------------------


def test_episode_editor_links_entries_and_themes(qtbot, lead) -> None:
    services, review_id = lead
    p = page(qtbot, EpisodesPage, services, review_id)
    entries = services.chronology.entries(review_id)
    click(qtbot, p.new_button)
    type_into(qtbot, p.title, "A new adult in the household")
    type_into(qtbot, p.start, "October 2025")
    type_into(qtbot, p.end, "03/02/2026")
    type_into(qtbot, p.what_happened, "Mother's partner moved in; agencies learned of it late.")
    type_into(qtbot, p.factors, "Templates asked once")
    qtbot.keyClick(p.factors, Qt.Key.Key_Return)
    qtbot.keyClicks(p.factors, "Visits in working hours")
    p.themes.check("whole-family")
    p.entries.check(entries[5].id)
    p.entries.check(entries[-2].id)
    click(qtbot, p.save_button)
    saved = next(e for e in services.findings.analysis(review_id).episodes
                 if e.title == "A new adult in the household")  # fmt: skip
    assert saved.start == date(2025, 10, 1) and saved.end == date(2026, 2, 3)
    assert saved.contributory_factors == ("Templates asked once", "Visits in working hours")
    assert set(saved.entry_ids) == {entries[5].id, entries[-2].id}
    p.end.clear()
    type_into(qtbot, p.end, "01/01/2025")
    click(qtbot, p.save_button)
    assert "end on or after" in p.message.text()
    click(qtbot, p.delete_button)
    assert saved.id not in [e.id for e in services.findings.analysis(review_id).episodes]


def test_finding_editor_cites_entries_episodes_and_answers(qtbot, lead) -> None:
    services, review_id = lead
    p = page(qtbot, FindingsPage, services, review_id)
    click(qtbot, p.new_button)
    type_into(qtbot, p.statement, "Agencies saw the household at different moments.")
    click(qtbot, p.good)
    type_into(qtbot, p.question, "How do we share who lives in the home?")
    p.themes.check("whole-family")
    for kind, pick in (
        (EvidenceKind.ENTRY, 3),
        (EvidenceKind.EPISODE, 0),
        (EvidenceKind.ANSWER, 0),
    ):
        p.evidence_kind.setCurrentIndex(p.evidence_kind.findData(kind))
        p.evidence_item.setCurrentIndex(pick)
        click(qtbot, p.add_evidence)
    click(qtbot, p.add_evidence)  # the same answer twice is kept once
    assert p.evidence.count() == 3
    click(qtbot, p.save_button)
    saved = services.findings.analysis(review_id).findings[-1]
    assert saved.ref == "F5" and saved.kind.value == "good_practice"
    assert [link.kind for link in saved.links] == [
        EvidenceKind.ENTRY, EvidenceKind.EPISODE, EvidenceKind.ANSWER
    ]  # fmt: skip
    assert "answering:" in saved.evidence[2] and "Morwenna" not in saved.evidence[2]
    # Remove one piece of evidence and save again.
    p.evidence.setCurrentRow(1)
    click(qtbot, p.remove_evidence)
    click(qtbot, p.save_button)
    assert len(services.findings.analysis(review_id).findings[-1].links) == 2


def test_evidence_links_open_the_chronology_at_the_entry(qtbot, lead) -> None:
    services, review_id = lead
    toolkit = LeadToolkit(services, review_id)
    qtbot.addWidget(toolkit)
    toolkit.show()
    toolkit.tabs.setCurrentWidget(toolkit.findings)
    toolkit.findings.table.selectRow(0)
    first = toolkit.findings.evidence.item(0)
    link = first.data(Qt.ItemDataRole.UserRole)
    assert link.kind is EvidenceKind.ENTRY
    toolkit.findings.evidence.itemActivated.emit(first)
    assert toolkit.tabs.currentWidget() is toolkit.chronology
    assert toolkit.chronology.editing == link.target_id
    # A change on one page is read by another when it is next shown.
    toolkit.chronology.what.clear()
    qtbot.keyClicks(toolkit.chronology.what, "Police attend; both children asleep.")
    click(qtbot, toolkit.chronology.save_button)
    toolkit.tabs.setCurrentWidget(toolkit.findings)
    toolkit.findings.table.selectRow(0)
    assert "Police attend; both children asleep." in toolkit.findings.evidence.item(0).text()


def test_recommendations_and_the_action_plan(qtbot, lead, tmp_path) -> None:
    services, review_id = lead
    recs = page(qtbot, RecommendationsPage, services, review_id)
    click(qtbot, recs.new_button)
    type_into(qtbot, recs.text, "Review the household at every contact.")
    recs.findings.check(services.findings.analysis(review_id).findings[1].id)
    click(qtbot, recs.save_button)
    rec = services.findings.analysis(review_id).recommendations[-1]
    assert rec.ref == "R4" and rec.finding_refs == ("F2",)

    plan = page(qtbot, ActionPlanPage, services, review_id)
    assert plan.overdue.isVisible() and "2 actions are overdue" in plan.overdue.text.text()
    click(qtbot, plan.new_button)
    type_into(qtbot, plan.description, "Add a household prompt to the GP template.")
    plan.recommendation.setCurrentIndex(plan.recommendation.findData(rec.id))
    plan.owner_agency.setEditText("GP")
    type_into(qtbot, plan.owner_role, "Practice safeguarding lead")
    type_into(qtbot, plan.due, "31/10/2026")
    plan.status.setCurrentIndex(plan.status.findData(ActionStatus.IN_PROGRESS))
    type_into(qtbot, plan.know, "Template audit in January")
    click(qtbot, plan.save_button)
    saved = next(a for a in services.actions.actions(review_id) if a.owner_agency == "GP")
    assert saved.recommendation_ref == "R4" and saved.status is ActionStatus.IN_PROGRESS
    row = plan.model.row_of(saved.id)
    assert plan.model.data(plan.model.index(row, 4)) == "Overdue: in progress"
    assert "Overdue: it was due on 31/10/2026" in plan.late.text.text()
    assert "3 actions are overdue" in plan.overdue.text.text()
    plan.only_overdue.setChecked(True)
    assert plan.model.rowCount() == 3
    out = tmp_path / "plan.csv"
    plan.save_path = lambda *_args: out
    click(qtbot, plan.export_button)
    assert "Add a household prompt to the GP template." in out.read_text(encoding="utf-8-sig")
    click(qtbot, plan.delete_button)
    assert saved.id not in [a.id for a in services.actions.actions(review_id)]


def test_the_lead_marks_an_action_complete_and_corrects_the_day(qtbot, lead) -> None:
    """The completion date (migration 0012): asked for only for a complete action, today when
    left empty, and the lead's own day when typed."""
    services, review_id = lead
    plan = page(qtbot, ActionPlanPage, services, review_id)
    target = next(
        a for a in services.actions.actions(review_id) if "who lives here" in a.description
    )
    plan.table.selectRow(plan.model.row_of(target.id))
    assert plan.status.currentData() == ActionStatus.IN_PROGRESS
    assert not plan.completed_on.isEnabled()
    plan.status.setFocus()
    qtbot.keyClick(plan.status, Qt.Key.Key_Down)  # in progress -> complete
    assert plan.status.currentData() == ActionStatus.COMPLETE
    assert plan.completed_on.isEnabled() and plan.completed_on.text() == ""
    click(qtbot, plan.save_button)
    saved = next(a for a in services.actions.actions(review_id) if a.id == target.id)
    assert saved.completed_on == TODAY.date()  # today, as the field said
    assert plan.completed_on.text() == "28/11/2026"
    plan.completed_on.setFocus()
    qtbot.keyClick(plan.completed_on, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(plan.completed_on, "14/11/2026")
    click(qtbot, plan.save_button)
    saved = next(a for a in services.actions.actions(review_id) if a.id == target.id)
    assert saved.completed_on == date(2026, 11, 14)


# --- the timeline --------------------------------------------------------------------------------


def test_timeline_keyboard_zoom_table_and_image(qtbot, lead, tmp_path) -> None:
    services, review_id = lead
    p = page(qtbot, TimelinePage, services, review_id)
    view = p.view
    view.setFocus()
    entries = services.chronology.entries(review_id)
    view.set_current(0)
    assert view.current_entry().id == entries[0].id
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current_entry().id == entries[1].id
    assert entries[1].date_label in p.details.text()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_entry().id == entries[-1].id
    lane = view.plan.events[view.current].lane
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.plan.events[view.current].lane == lane - 1
    assert view.event_items[view.current].current  # the focus ring is drawn on it
    width = view.scene().sceneRect().width()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.scene().sceneRect().width() > width
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    wheel = QWheelEvent(QPointF(50, 50), QPointF(50, 50), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.scene().sceneRect().width() > width
    with qtbot.waitSignal(p.entry_activated) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [view.current_entry().id]
    click(qtbot, p.as_table)
    assert p.stack.currentWidget() is p.table and p.model.rowCount() == len(entries)
    image = p.export_png(tmp_path / "timeline.png")
    picture = QImage(str(image))
    assert picture.width() > 600 and picture.height() > 200
    assert len(p.view.plan.bands) == 2 and "KPE 2: The bruise" in p.legend.text()


def test_answers_cite_entries_as_links(qtbot, lead) -> None:
    services, review_id = lead
    doc = services.reviews.get(review_id)
    c = doc.contributors[0].contributor
    widget = AnswerCitations(services.chronology, c.id, "babies-seen")
    qtbot.addWidget(widget)
    assert widget.links.text().count('href="entry:') == 4  # the demo cites four entries
    entries = services.chronology.entries(review_id)
    widget.choose = lambda _w, offered, chosen: [entries[0].id, entries[1].id]
    click(qtbot, widget.cite)
    assert [e.id for e in services.chronology.citations(c.id, "babies-seen")] == [
        entries[0].id, entries[1].id
    ]  # fmt: skip
    with qtbot.waitSignal(widget.entry_activated) as followed:
        widget.links.linkActivated.emit(f"entry:{entries[1].id}")
    assert followed.args == [entries[1].id]


# --- screenshots ---------------------------------------------------------------------------------


def test_screenshots(qtbot, lead, tmp_path) -> None:
    """Renders the toolkit with the demo review. REVIEWDESK_SAVE_SCREENSHOTS=1 writes the
    pictures to docs/screenshots (as committed); otherwise to the test's temporary folder."""
    services, review_id = lead
    shots = DOC_SHOTS if os.environ.get("REVIEWDESK_SAVE_SCREENSHOTS") else tmp_path / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    toolkit = LeadToolkit(services, review_id)
    qtbot.addWidget(toolkit)
    toolkit.resize(1280, 760)
    toolkit.show()
    police = next(e for e in services.chronology.entries(review_id) if e.agency == "Police")
    toolkit.show_entry(police.id)
    toolkit.tabs.setCurrentWidget(toolkit.timeline)
    toolkit.timeline.view.set_current(
        next(
            i for i, ev in enumerate(toolkit.timeline.view.plan.events) if ev.entry.id == police.id
        )
    )
    toolkit.timeline.view.setFocus()
    shots_taken = {}
    for name, widget, select in (
        ("lead-chronology.png", toolkit.chronology, None),
        ("lead-timeline.png", toolkit.timeline, None),
        ("lead-findings.png", toolkit.findings, 0),
        ("lead-action-plan.png", toolkit.actions, 2),
    ):
        toolkit.tabs.setCurrentWidget(widget)
        if select is not None:
            widget.table.selectRow(select)
        QApplication.processEvents()
        picture = toolkit.grab()
        assert picture.save(str(shots / name))
        shots_taken[name] = picture.toImage()
    assert all(image.width() == 1280 for image in shots_taken.values())
    assert (shots / "lead-timeline.png").stat().st_size < 250_000
    path = tmp_path / "education-chronology.csv"
    path.write_text(GOOD, encoding="utf-8")
    dialog = ChronologyImportDialog(services, review_id, path)
    qtbot.addWidget(dialog)
    dialog.agency.setEditText("Education")
    dialog.resize(980, 640)
    dialog.show()
    QApplication.processEvents()
    assert dialog.import_button.isEnabled()
    assert dialog.grab().save(str(shots / "lead-chronology-import.png"))


def test_every_input_is_labelled_and_access_keys_do_not_clash(qtbot, lead) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
    )

    services, review_id = lead
    toolkit = LeadToolkit(services, review_id)
    qtbot.addWidget(toolkit)
    # a page made of tabs (the review papers) is checked tab by tab: only one shows at a time
    for p in [part for page in toolkit.pages for part in getattr(page, "parts", [page])]:
        keys: dict[str, str] = {}
        buddies = {label.buddy() for label in p.findChildren(QLabel) if label.buddy()}
        for w in p.findChildren(QLabel) + p.findChildren(QAbstractButton):
            text = w.text()
            if "&" in text.replace("&&", "") and not text.startswith("<"):
                key = text[text.index("&") + 1].lower()
                assert key not in keys, f"{type(p).__name__}: {text!r} and {keys[key]!r}"
                keys[key] = text
        for field in (
            p.findChildren(QLineEdit)
            + p.findChildren(QPlainTextEdit)
            + p.findChildren(QComboBox)
            + p.findChildren(QListWidget)
        ):
            if isinstance(field.parent(), QComboBox) or field.objectName().startswith("qt_"):
                continue  # a combo box's own line edit, or Qt's inner widgets
            assert field in buddies or field.accessibleName(), (type(p).__name__, field)
