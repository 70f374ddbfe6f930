"""The decision log (issue 18, point 2): each statutory decision on the review, who took it,
why, and the Panel's response. The outcomes offered follow the kind of decision (a rapid
review's outcome, publication); another decision is described in a line. The service checks
everything and says what is missing; nothing is kept until it can be."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.chronology_import import DateProblem
from reviewdesk.domain.decisions import (
    OUTCOMES,
    Decision,
    DecisionKind,
    Outcome,
    PanelResponse,
    Partner,
)
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.models.table import Column, RowsModel
from reviewdesk.gui.pages.analysis.common import DateField, master_detail, stretch, table_view
from reviewdesk.gui.pages.analysis.editor import EditorPage
from reviewdesk.gui.pages.analysis.episodes import text_box

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services


def _panel(d: Decision) -> str:
    if d.panel_response is PanelResponse.NONE:
        return PanelResponse.NONE.label
    return f"{d.panel_response.label} ({date_label(d.panel_response_on)})"


class DecisionsPage(EditorPage):
    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.texts.update(added=self.tr("Decision added to the log."),
                          saved=self.tr("Decision saved."),
                          delete=self.tr("Delete decision"),
                          item=self.tr("decision"))  # fmt: skip
        tr = self.tr
        self.model = RowsModel(
            [
                Column(tr("Date"), lambda d: date_label(d.decided_on), sort=lambda d: d.decided_on),
                Column(tr("Decision"), lambda d: translate_label(d.kind.label)),
                Column(
                    tr("Outcome"),
                    lambda d: tr(d.outcome_short),
                    tooltip=lambda d: (
                        f"{tr(d.outcome_label)}. {tr('Taken by')}: "
                        f"{tr(d.partners_label)}. {d.reasons}"
                    ),
                ),
                Column(tr("Panel"), _panel, tooltip=lambda d: d.panel_comments),
            ],
            self,
        )
        self.table = table_view(self.model, tr("The decision log"), self)
        stretch(self.table, 2)
        intro = QLabel(
            tr(
                "Each statutory decision on this review: the rapid review's outcome, publication "
                "and any other, with the reasons, the safeguarding partners who took it and the "
                "Panel's response."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")

        box = QGroupBox(tr("Decision"), self)
        form = QFormLayout(box)
        self.kind = QComboBox(box)
        self.kind.setAccessibleName(tr("Kind of decision"))
        for kind in DecisionKind:
            self.kind.addItem(translate_label(kind.label), kind)
        self.decided_on = DateField(box)
        self.decided_on.setAccessibleName(tr("Date of the decision"))
        self.decided_on.setPlaceholderText(tr("e.g. 10/03/2026"))
        self.outcome = QComboBox(box)
        self.outcome.setAccessibleName(tr("Outcome"))
        self.summary = QLineEdit(box)
        self.summary.setAccessibleName(tr("The decision in a line"))
        self.reasons = text_box(box, tr("Reasons"), 72)
        partners = QWidget(box)
        row = QVBoxLayout(partners)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.partners: dict[Partner, QCheckBox] = {}
        for partner in Partner:
            check = QCheckBox(translate_label(partner.label), partners)
            self.partners[partner] = check
            row.addWidget(check)
        partners.setAccessibleName(tr("Safeguarding partners who took it"))
        partners.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        partners.setFocusProxy(self.partners[Partner.LOCAL_AUTHORITY])  # Alt+A lands here
        self.taken_by = QLineEdit(box)
        self.taken_by.setAccessibleName(tr("Who took it, by role"))
        self.taken_by.setPlaceholderText(tr("e.g. Director of Children's Services"))
        self.panel = QComboBox(box)
        self.panel.setAccessibleName(tr("The Panel's response"))
        for response in PanelResponse:
            self.panel.addItem(translate_label(response.label), response)
        self.panel_on = DateField(box, required=False)
        self.panel_on.setAccessibleName(tr("Date of the Panel's response"))
        self.panel_on.setPlaceholderText(tr("e.g. 24/03/2026"))
        self.panel_comments = text_box(box, tr("The Panel's comments"), 56)
        self.summary_label = QLabel(tr("The decision in a l&ine:"), box)
        self.summary_label.setBuddy(self.summary)
        self.outcome_label = QLabel(tr("&Outcome:"), box)
        self.outcome_label.setBuddy(self.outcome)
        for caption, field in (
            (tr("&Kind of decision:"), self.kind),
            (tr("&Date:"), self.decided_on),
            (self.outcome_label, self.outcome),
            (self.summary_label, self.summary),
            (tr("&Reasons:"), self.reasons),
            (tr("T&aken by the partners:"), partners),
            (tr("&Who, by role:"), self.taken_by),
            (tr("The &Panel's response:"), self.panel),
            (tr("Date of the Panel's r&esponse:"), self.panel_on),
            (tr("The Panel's &comments:"), self.panel_comments),
        ):
            form.addRow(caption, field)
        self.editor_buttons(form, box, tr("&New decision"), tr("Sa&ve decision"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(master_detail(self, self.table, box, (600, 680)), 1)
        layout.addWidget(self.message)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.refresh()
        self.new_item()

    def _kind_changed(self, *_args: object) -> None:
        kind = DecisionKind(self.kind.currentData())
        chosen = self.outcome.currentData()
        self.outcome.clear()
        self.outcome.addItem(self.tr("(choose)"), None)
        for outcome in OUTCOMES[kind]:
            self.outcome.addItem(translate_label(outcome.label), outcome)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(chosen)))
        other = not OUTCOMES[kind]
        for widget in (self.outcome, self.outcome_label):
            widget.setVisible(not other)
        for shown in (self.summary, self.summary_label):
            shown.setVisible(other)

    def refresh(self) -> None:
        self.model.set_rows(self.services.decisions.decisions(self.review_id))
        self.reselect()

    def load(self, d: Decision) -> None:
        self.kind.setCurrentIndex(self.kind.findData(d.kind))
        self.decided_on.set_value(d.decided_on)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(d.outcome)))
        self.summary.setText(d.summary)
        self.reasons.setPlainText(d.reasons)
        for partner, check in self.partners.items():
            check.setChecked(partner in d.partners)
        self.taken_by.setText(d.taken_by)
        self.panel.setCurrentIndex(self.panel.findData(d.panel_response))
        self.panel_on.set_value(d.panel_response_on)
        self.panel_comments.setPlainText(d.panel_comments)

    def clear_form(self) -> None:
        self.kind.setCurrentIndex(0)
        self._kind_changed()
        self.outcome.setCurrentIndex(0)
        for line in (self.decided_on, self.summary, self.taken_by, self.panel_on):
            line.clear()
        for box in (self.reasons, self.panel_comments):
            box.clear()
        for check in self.partners.values():
            check.setChecked(False)
        self.panel.setCurrentIndex(0)
        self.kind.setFocus()

    def item_from_form(self) -> Decision | None:
        try:
            decided_on = self.decided_on.day() if self.decided_on.text().strip() else None
            panel_on = self.panel_on.day()
        except DateProblem as exc:
            self.say(self.tr("Date: %s.") % exc, problem=True)
            return None
        kind = DecisionKind(self.kind.currentData())
        return Decision(
            kind=kind,
            decided_on=decided_on,
            outcome=Outcome(chosen)
            if OUTCOMES[kind] and (chosen := self.outcome.currentData())
            else None,
            summary=self.summary.text() if not OUTCOMES[kind] else "",
            reasons=self.reasons.toPlainText(),
            partners=tuple(p for p, check in self.partners.items() if check.isChecked()),
            taken_by=self.taken_by.text(),
            panel_response=PanelResponse(self.panel.currentData()),
            panel_response_on=panel_on,
            panel_comments=self.panel_comments.toPlainText(),
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.reasons.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.reasons.setPlainText(text)

    def add(self, decision: Decision) -> Decision:
        return self.services.decisions.add_decision(self.review_id, decision)

    def edit(self, decision_id: int, decision: Decision) -> Decision:
        return self.services.decisions.edit_decision(decision_id, decision)

    def delete_question(self, decision_id: int) -> tuple[str, bool]:
        return self.tr("Delete this decision from the log? This cannot be undone."), False

    def remove(self, decision_id: int, cited: bool):
        return self.services.decisions.delete_decision(decision_id, version=self.version_seen)
