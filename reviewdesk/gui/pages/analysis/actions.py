"""The action plan: who will do what by when, its status, how we will know it worked, and the
evidence of impact recorded later. Overdue actions carry a warning sign and the word "Overdue",
so they stand out without relying on colour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import Action, ActionStatus, ImpactEntry, ImpactKind
from reviewdesk.domain.chronology_import import DateProblem
from reviewdesk.domain.exporting import TableExport
from reviewdesk.domain.review import DEFAULT_AGENCIES
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.models.analysis import OVERDUE, ActionsModel, overdue_icon
from reviewdesk.gui.pages.analysis.chronology import choose_save_path
from reviewdesk.gui.pages.analysis.common import (
    DateField,
    master_detail,
    plural,
    stretch,
    table_view,
)
from reviewdesk.gui.pages.analysis.editor import EditorPage
from reviewdesk.gui.pages.analysis.episodes import text_box
from reviewdesk.gui.widgets.flow import FlowLayout

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services


_SEEN = Qt.ItemDataRole.UserRole + 1  # an impact log entry's version, as shown


class OverdueNotice(QWidget):
    """A warning sign and words: "2 actions are overdue"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel(self)
        self.icon.setPixmap(overdue_icon().pixmap(20, 20))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-weight: 600;")
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        self.setAccessibleName(self.tr("Overdue actions"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def show_text(self, text: str) -> None:
        self.text.setText(text)
        self.setVisible(bool(text))


class ActionPlanPage(EditorPage):
    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.texts.update(added=self.tr("Action added."), saved=self.tr("Action saved."),
                          delete=self.tr("Delete action"),
                          item=self.tr("action"))  # fmt: skip
        self.save_path: Callable[[QWidget, str, str], Path | None] = choose_save_path
        self.model: ActionsModel = ActionsModel(services.actions.today, self)
        self.table = table_view(self.model, self.tr("The action plan"), self)
        stretch(self.table, 1, {2: 170})

        self.overdue = OverdueNotice(self)
        self.only_overdue = QCheckBox(self.tr("Show only &overdue actions"), self)
        self.export_button = QPushButton(self.tr("E&xport action plan as CSV…"), self)
        bar = FlowLayout(spacing=8)  # wraps, rather than widen the window, when it is narrow
        bar.add(self.only_overdue)
        bar.add(self.export_button)

        box = QGroupBox(self.tr("Action"), self)
        form = QFormLayout(box)
        self.description = text_box(box, self.tr("The action"), 64)
        self.recommendation = QComboBox(box)
        self.recommendation.setAccessibleName(self.tr("Recommendation it answers"))
        self.recommendation.setMinimumContentsLength(16)
        self.recommendation.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.owner_agency = QComboBox(box)
        self.owner_agency.setEditable(True)
        self.owner_agency.addItems(DEFAULT_AGENCIES)
        self.owner_agency.setAccessibleName(self.tr("Owner's agency"))
        self.owner_role = QLineEdit(box)
        self.owner_role.setAccessibleName(self.tr("Owner's role"))
        self.due = DateField(box, required=False)
        self.due.setPlaceholderText(self.tr("e.g. 30/09/2026"))
        self.due.setAccessibleName(self.tr("Due date"))
        self.status = QComboBox(box)
        self.status.setAccessibleName(self.tr("Status"))
        for status in ActionStatus:
            self.status.addItem(translate_label(status.label), status)
        # The day it was marked complete: today unless the lead gives another day; only for a
        # complete action (the yearly report counts it in the year it was completed).
        self.completed_on = DateField(box, required=False)
        self.completed_on.setAccessibleName(self.tr("Date the action was completed"))
        self.completed_on.setPlaceholderText(self.tr("Today, when saved as complete"))
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.late = OverdueNotice(box)
        self.late.text.setWordWrap(True)  # a longer notice must not widen the form
        self.know = text_box(box, self.tr("How we will know it worked"), 56)
        self.impact = text_box(box, self.tr("Evidence of impact"), 56)
        self.impact_on = DateField(box, required=False)
        self.impact_on.setAccessibleName(self.tr("Date the impact was recorded"))
        # The impact log: dated entries (audits at 6 and 12 months), kept as soon as added.
        self.impact_log = QListWidget(box)
        self.impact_log.setAccessibleName(self.tr("Impact log, oldest first"))
        self.impact_log.setWordWrap(True)
        self.impact_log.setMinimumHeight(70)
        self.impact_log.setMaximumHeight(130)
        self.log_on = DateField(box, required=False)
        self.log_on.setAccessibleName(self.tr("Date the evidence was found"))
        self.log_on.setPlaceholderText(self.tr("e.g. 31/03/2027"))
        self.log_kind = QComboBox(box)
        self.log_kind.setAccessibleName(self.tr("Where the evidence came from"))
        for kind in ImpactKind:
            self.log_kind.addItem(translate_label(kind.label), kind)
        self.log_text = QLineEdit(box)
        self.log_text.setAccessibleName(self.tr("What was found"))
        self.log_text.setPlaceholderText(self.tr("e.g. 18 of 20 cases audited met the standard"))
        self.log_add = QPushButton(self.tr("Add to the i&mpact log"), box)
        self.log_remove = QPushButton(self.tr("Remove from t&he impact log"), box)
        log_row = QVBoxLayout()  # one under another, so the form fits beside the table
        for w in (self.log_on, self.log_kind, self.log_text, self.log_add, self.log_remove):
            log_row.addWidget(w)
        self.not_in_form = {self.impact_log, self.log_on, self.log_kind, self.log_text}
        for label, field in (
            (self.tr("&Action:"), self.description),
            (self.tr("From &recommendation:"), self.recommendation),
            (self.tr("Owner a&gency:"), self.owner_agency),
            (self.tr("Own&er role:"), self.owner_role),
            (self.tr("&Due:"), self.due),
            (self.tr("S&tatus:"), self.status),
            (self.tr("&Completed on:"), self.completed_on),
            ("", self.late),
            (self.tr("How we will &know it worked:"), self.know),
            (self.tr("&Impact evidence:"), self.impact),
            (self.tr("&When impact was recorded:"), self.impact_on),
            (self.tr("Im&pact log:"), self.impact_log),
            (self.tr("&Found on:"), log_row),
        ):
            form.addRow(label, field)
        found_label = form.labelForField(log_row)
        if found_label is not None:
            found_label.setBuddy(self.log_on)  # type: ignore[attr-defined]
        self.editor_buttons(form, box, self.tr("&New action"), self.tr("Sa&ve action"))
        self.log_add.clicked.connect(self.add_impact)
        self.log_remove.clicked.connect(self.remove_impact)

        layout = QVBoxLayout(self)
        layout.addWidget(self.overdue)  # on a line of its own, its words wrapping
        layout.addLayout(bar)
        layout.addWidget(master_detail(self, self.table, box, (780, 500)), 1)
        layout.addWidget(self.message)

        self.only_overdue.toggled.connect(self.refresh)
        self.export_button.clicked.connect(self.export_csv)
        self.refresh()
        self.new_item()

    def refresh(self) -> None:
        actions = self.services.actions.actions(self.review_id)
        late = [a for a in actions if self.model.is_overdue(a)]
        unproven = [a for a in actions if a.closed_without_impact]
        self.model.set_rows(late if self.only_overdue.isChecked() else actions)
        notices = []
        if late:
            notices.append(
                plural(
                    len(late),
                    self.tr("1 action is overdue: past its due date and not complete."),
                    self.tr("%d actions are overdue: past their due date and not complete."),
                )
            )
        if unproven:
            notices.append(
                plural(
                    len(unproven),
                    self.tr("1 action is marked complete with no evidence of impact yet."),
                    self.tr("%d actions are marked complete with no evidence of impact yet."),
                )
            )
        self.overdue.show_text(" ".join(notices))
        current = self.recommendation.currentData()
        self.recommendation.clear()
        self.recommendation.addItem(self.tr("(not linked to a recommendation)"), None)
        for r in self.services.findings.analysis(self.review_id).current_recommendations:
            text = " ".join(r.text.split())
            self.recommendation.addItem(
                f"{r.ref}: {text[:90]}{'…' if len(text) > 90 else ''}", r.id
            )
        self.recommendation.setCurrentIndex(max(0, self.recommendation.findData(current)))
        self.reselect()

    def load(self, a: Action) -> None:
        self.description.setPlainText(a.description)
        index = self.recommendation.findData(a.recommendation_id)
        if index < 0 and a.recommendation_id is not None:  # a removed recommendation
            self.recommendation.addItem(f"{a.recommendation_ref} (removed)", a.recommendation_id)
            index = self.recommendation.count() - 1
        self.recommendation.setCurrentIndex(max(0, index))
        self.owner_agency.setEditText(a.owner_agency)
        self.owner_role.setText(a.owner_role)
        self.due.set_value(a.due)
        self.status.setCurrentIndex(self.status.findData(a.status))
        self.know.setPlainText(a.how_we_will_know)
        self.impact.setPlainText(a.impact_evidence)
        self.impact_on.set_value(a.impact_recorded_on)
        self.completed_on.set_value(a.completed_on)
        due = a.due.strftime("%d/%m/%Y") if a.due else ""
        if self.model.is_overdue(a):
            self.late.show_text(
                self.tr("%1: it was due on %2.").replace("%1", OVERDUE).replace("%2", due)
            )
        elif a.closed_without_impact:
            self.late.show_text(
                self.tr(
                    "Complete, with no evidence of impact yet: add what an audit or other "
                    "check found to the impact log."
                )
            )
        else:
            self.late.show_text("")
        self._show_log(a)

    def _show_log(self, a: Action | None) -> None:
        self.impact_log.clear()
        for entry in a.impact_log if a is not None else ():
            item = QListWidgetItem(
                f"{entry.recorded_on:%d/%m/%Y}, {translate_label(entry.kind.label)}: "
                f"{' '.join(entry.evidence.split())}",
                self.impact_log,
            )
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setData(_SEEN, entry.version)  # a removal names it (issue 22, point 5)
        for w in (self.log_on, self.log_kind, self.log_text, self.log_add, self.log_remove):
            w.setEnabled(a is not None)

    def add_impact(self) -> None:
        action_id = self.editing
        if action_id is None:
            self.say(self.tr("Please save the action first, then add to its impact log."))
            return
        try:
            found_on = self.log_on.day()
        except DateProblem as exc:
            self.say(self.tr("Date: %s.") % exc, problem=True)
            return
        entry = ImpactEntry(
            found_on,  # type: ignore[arg-type]  # the service says when it is missing
            self.log_text.text(),
            ImpactKind(self.log_kind.currentData()),
        )
        if self.attempt(
            lambda: self.services.papers.add_impact(action_id, entry),
            self.tr("Added to the impact log."),
        ):
            self.log_on.clear()
            self.log_text.clear()
            self._reload_log(action_id)

    def remove_impact(self) -> None:
        item = self.impact_log.currentItem()
        action_id = self.editing
        if item is None or action_id is None:
            return
        if not self.confirm(
            self,
            self.tr("Remove evidence"),
            self.tr("Remove this entry from the impact log? This cannot be undone."),
        ):
            return
        entry_id, seen = item.data(Qt.ItemDataRole.UserRole), item.data(_SEEN) or 0
        # Over the version shown: when another lead changed the entry since, nothing is removed
        # and the message says who; the log is read again either way, so it shows their change.
        self.attempt(
            lambda: self.services.papers.delete_impact(entry_id, version=seen),
            self.tr("Removed from the impact log."),
        )
        self._reload_log(action_id)

    def _reload_log(self, action_id: int) -> None:
        """Read the plan again (the table's impact column, the notice) and show the new log,
        keeping whatever is in the action's form and not yet saved."""
        self.refresh()
        row = self.model.row_of(action_id)
        self._show_log(self.model.row(row) if row >= 0 else None)

    def clear_form(self) -> None:
        for box in (self.description, self.know, self.impact):
            box.clear()
        for line in (self.owner_role, self.due, self.impact_on, self.completed_on):
            line.clear()
        self.owner_agency.setEditText("")
        self.recommendation.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        self.late.show_text("")
        self._show_log(None)
        self.description.setFocus()

    def item_from_form(self) -> Action | None:
        try:
            due, recorded = self.due.day(), self.impact_on.day()
            completed = self.completed_on.day() if self.completed_on.isEnabled() else None
        except DateProblem as exc:
            self.say(self.tr("Date: %s.") % exc, problem=True)
            return None
        return Action(
            description=self.description.toPlainText(),
            owner_agency=self.owner_agency.currentText(),
            owner_role=self.owner_role.text(),
            due=due,
            status=ActionStatus(self.status.currentData()),
            how_we_will_know=self.know.toPlainText(),
            impact_evidence=self.impact.toPlainText(),
            recommendation_id=self.recommendation.currentData(),
            impact_recorded_on=recorded,
            completed_on=completed,
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.description.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.description.setPlainText(text)

    def _status_changed(self) -> None:
        """The completion date is asked for only while the status is complete (what was typed
        stays in the field if the status is changed and changed back)."""
        complete = self.status.currentData() == ActionStatus.COMPLETE
        self.completed_on.setEnabled(complete)

    def add(self, action: Action) -> Action:
        return self.services.actions.add_action(self.review_id, action)

    def edit(self, action_id: int, action: Action) -> Action:
        return self.services.actions.edit_action(action_id, action)

    def after_save(self, saved: Action) -> None:
        self._load_selected()

    def delete_question(self, action_id: int) -> tuple[str, bool]:
        return self.tr("Delete this action from the plan? This cannot be undone."), False

    def remove(self, action_id: int, cited: bool):
        return self.services.actions.delete_action(action_id, version=self.version_seen)

    def export_csv(self) -> None:
        kind = TableExport.ACTIONS_CSV
        name = self.services.exports.default_file_name(self.review_id, kind)
        path = self.save_path(self, self.tr("Export the action plan"), name)
        if path is None:
            return
        self.attempt(
            lambda: self.services.exports.export_table(self.review_id, kind, path, overwrite=True),
            self.tr("Action plan exported to %s.") % path,
        )
