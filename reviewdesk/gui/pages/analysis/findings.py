"""Findings (statements of system learning with the evidence behind them) and the
recommendations drawn from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import (
    EvidenceKind,
    EvidenceLink,
    Finding,
    FindingKind,
    PartnerResponse,
    Recommendation,
)
from reviewdesk.domain.chronology_import import DateProblem
from reviewdesk.domain.decisions import Partner
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.models.analysis import FindingsModel, RecommendationsModel
from reviewdesk.gui.pages.analysis.common import (
    CheckList,
    DateField,
    date_problem,
    master_detail,
    plural,
    stretch,
    table_view,
)
from reviewdesk.gui.pages.analysis.editor import EditorPage
from reviewdesk.gui.pages.analysis.episodes import text_box

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services


class FindingsPage(EditorPage):
    entry_activated = Signal(int)  # a cited chronology entry was opened from the evidence list

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.texts.update(added=self.tr("Finding added."), saved=self.tr("Finding saved."),
                          delete=self.tr("Delete finding"),
                          item=self.tr("finding"))  # fmt: skip
        self.links: list[EvidenceLink] = []
        self.model = FindingsModel(self.theme_titles(), self)
        self.table = table_view(self.model, self.tr("Findings"), self)
        stretch(self.table, 2, {1: 130, 3: 130})

        box = QGroupBox(self.tr("Finding"), self)
        form = QFormLayout(box)
        self.statement = text_box(box, self.tr("The finding"), 96)
        self.improvement = QRadioButton(self.tr("An area for &improvement"), box)
        self.good = QRadioButton(self.tr("&Good practice"), box)
        self.kind = QButtonGroup(box)
        self.kind.addButton(self.improvement)
        self.kind.addButton(self.good)
        self.improvement.setChecked(True)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.improvement)
        kind_row.addWidget(self.good)
        kind_row.addStretch(1)
        self.question = text_box(box, self.tr("Question for the partnership"), 64)
        self.pattern = text_box(box, self.tr("How we know it is a pattern, not a one-off"), 64)
        self.pattern.setPlaceholderText(
            self.tr("e.g. other reviews, audits, data or research that show the same")
        )
        self.themes = CheckList(self.tr("Themes this finding belongs to"), box)
        self.themes.set_items(self.theme_titles().items())
        self.themes.setMaximumHeight(120)
        self.evidence = QListWidget(box)
        self.evidence.setAccessibleName(self.tr("Evidence this finding rests on"))
        self.evidence.setMinimumHeight(110)
        self.evidence.setWordWrap(True)
        self.evidence.setSpacing(3)
        self.evidence.setAlternatingRowColors(True)
        self.remove_evidence = QPushButton(self.tr("&Remove from evidence"), box)
        self.evidence_kind = QComboBox(box)
        self.evidence_kind.setAccessibleName(self.tr("Kind of evidence to add"))
        for kind in EvidenceKind:
            self.evidence_kind.addItem(translate_label(kind.label), kind)
        self.evidence_item = QComboBox(box)
        self.evidence_item.setAccessibleName(self.tr("Evidence to add"))
        self.evidence_item.setMinimumContentsLength(16)
        self.evidence_item.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_evidence = QPushButton(self.tr("&Add to evidence"), box)
        pick = QGridLayout()  # two lines, so the form fits beside the table at 1280 wide
        pick.addWidget(self.evidence_kind, 0, 0)
        pick.addWidget(self.add_evidence, 0, 1)
        pick.addWidget(self.evidence_item, 1, 0, 1, 2)
        pick.setColumnStretch(0, 1)
        for label, field in (
            (self.tr("&Finding:"), self.statement),
            (self.tr("This is:"), kind_row),
            (self.tr("&Question for the partnership:"), self.question),
            (self.tr("How we know it is a &pattern:"), self.pattern),
            (self.tr("T&hemes:"), self.themes),
            (self.tr("&Evidence:"), self.evidence),
            ("", self.remove_evidence),
            (self.tr("Add evi&dence:"), pick),
        ):
            form.addRow(label, field)
        pick_label = form.labelForField(pick)
        if pick_label is not None:
            pick_label.setBuddy(self.evidence_kind)  # type: ignore[attr-defined]
        self.editor_buttons(form, box, self.tr("&New finding"), self.tr("Sa&ve finding"))
        self.not_in_form = {self.evidence_kind, self.evidence_item}  # choosing, not yet added

        layout = QVBoxLayout(self)
        layout.addWidget(master_detail(self, self.table, box), 1)
        layout.addWidget(self.message)

        self.evidence_kind.currentIndexChanged.connect(self._fill_picker)
        self.add_evidence.clicked.connect(self._add_link)
        self.remove_evidence.clicked.connect(self._remove_link)
        self.evidence.itemActivated.connect(self._open_link)
        self.refresh()
        self.new_item()

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.analysis = self.services.findings.analysis(self.review_id)
        self.document = self.services.reviews.get(self.review_id)
        self.model.set_rows(self.analysis.current_findings)
        self._fill_picker()
        self.reselect()

    def candidates(self, kind: EvidenceKind) -> list[tuple[EvidenceLink, str]]:
        """What can be cited, as links and their labels (contributors by role)."""
        if kind is EvidenceKind.ENTRY:
            return [
                (EvidenceLink(kind, e.id, "", e.short), e.short)
                for e in self.analysis.current_chronology
            ]
        if kind is EvidenceKind.EPISODE:
            return [
                (EvidenceLink(kind, e.id, "", e.title), e.title)
                for e in self.analysis.current_episodes
            ]
        prompts = {p.id: p.text for t in self.document.framework.themes for p in t.prompts}
        out = []
        for work in self.document.contributors:
            who = work.contributor.display_role
            for answer in work.answers:
                if answer.is_answered:
                    label = f"{who}, answering: {prompts.get(answer.prompt_id, answer.prompt_id)}"
                    link = EvidenceLink(kind, work.contributor.id, answer.prompt_id, label)
                    out.append((link, label))
        return out

    def _fill_picker(self) -> None:
        kind = EvidenceKind(self.evidence_kind.currentData())  # Qt hands back a plain str
        self.evidence_item.clear()
        for link, label in self.candidates(kind):
            self.evidence_item.addItem(label if len(label) <= 110 else label[:109] + "…", link)
            self.evidence_item.setItemData(
                self.evidence_item.count() - 1, label, Qt.ItemDataRole.ToolTipRole
            )
        self.add_evidence.setEnabled(self.evidence_item.count() > 0)

    def _show_links(self) -> None:
        self.evidence.clear()
        for link in self.links:
            item = QListWidgetItem(link.text, self.evidence)
            item.setData(Qt.ItemDataRole.UserRole, link)
        self.remove_evidence.setEnabled(bool(self.links))

    def load(self, f: Finding) -> None:
        self.statement.setPlainText(f.statement)
        (self.good if f.kind is FindingKind.GOOD_PRACTICE else self.improvement).setChecked(True)
        self.question.setPlainText(f.question)
        self.pattern.setPlainText(f.pattern_evidence)
        self.themes.set_checked(f.theme_ids)
        self.links = list(f.links)
        self._show_links()

    # --- evidence -----------------------------------------------------------------------------

    def _add_link(self) -> None:
        link = self.evidence_item.currentData()
        key = (link.kind, link.target_id, link.prompt_id) if link else None
        if link is None or key in {(x.kind, x.target_id, x.prompt_id) for x in self.links}:
            return
        self.links.append(link)
        self._show_links()
        self.say(self.tr("Added to the evidence. Save the finding to keep it."))

    def _remove_link(self) -> None:
        row = self.evidence.currentRow()
        if 0 <= row < len(self.links):
            del self.links[row]
            self._show_links()

    def _open_link(self, item: QListWidgetItem) -> None:
        link = item.data(Qt.ItemDataRole.UserRole)
        if link is not None and link.kind is EvidenceKind.ENTRY:
            self.entry_activated.emit(link.target_id)

    # --- writing ------------------------------------------------------------------------------

    def clear_form(self) -> None:
        self.statement.clear()
        self.question.clear()
        self.pattern.clear()
        self.improvement.setChecked(True)
        self.themes.set_checked(())
        self.links = []
        self._show_links()
        self.statement.setFocus()

    def item_from_form(self) -> Finding:
        return Finding(
            ref="",
            statement=self.statement.toPlainText(),
            kind=FindingKind.GOOD_PRACTICE if self.good.isChecked() else FindingKind.IMPROVEMENT,
            theme_ids=tuple(self.themes.checked()),
            question=self.question.toPlainText(),
            links=tuple(self.links),
            pattern_evidence=self.pattern.toPlainText(),
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.statement.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.statement.setPlainText(text)

    def add(self, finding: Finding) -> Finding:
        return self.services.findings.add_finding(self.review_id, finding)

    def edit(self, finding_id: int, finding: Finding) -> Finding:
        return self.services.findings.edit_finding(finding_id, finding)

    def delete_question(self, finding_id: int) -> tuple[str, bool]:
        ref = self.model.row(self.model.row_of(finding_id)).ref
        cited = [
            r.ref for r in self.analysis.current_recommendations if finding_id in r.finding_ids
        ]
        if cited:
            return (
                self.tr(
                    "Finding %1 is cited by recommendation %2. If you delete it, it will be "
                    "kept and marked as removed, so that the recommendation still makes sense. "
                    "Remove it?"
                )
                .replace("%1", ref)
                .replace("%2", ", ".join(cited))
            ), True
        return self.tr("Delete finding %s? This cannot be undone.") % ref, False

    def remove(self, finding_id: int, cited: bool) -> Any:
        return self.services.findings.delete_finding(
            finding_id, confirm=cited, version=self.version_seen
        )


class RecommendationsPage(EditorPage):
    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.texts.update(added=self.tr("Recommendation added."),
                          saved=self.tr("Recommendation saved."),
                          delete=self.tr("Delete recommendation"),
                          item=self.tr("recommendation"))  # fmt: skip
        self.model = RecommendationsModel(self)
        self.table = table_view(self.model, self.tr("Recommendations"), self)
        stretch(self.table, 1)
        box = QGroupBox(self.tr("Recommendation"), self)
        form = QFormLayout(box)
        self.text = text_box(box, self.tr("The recommendation"), 110)
        self.findings = CheckList(self.tr("Findings this recommendation comes from"), box)
        self.findings.setMinimumHeight(160)
        self.owner = QComboBox(box)
        self.owner.setAccessibleName(self.tr("Safeguarding partner who owns it"))
        self.owner.addItem(self.tr("(not yet agreed)"), None)
        for partner in Partner:
            self.owner.addItem(translate_label(partner.label), partner)
        self.response = QComboBox(box)
        self.response.setAccessibleName(self.tr("The partners' response"))
        for response in PartnerResponse:
            self.response.addItem(translate_label(response.label), response)
        self.response_on = DateField(box, required=False)
        self.response_on.setAccessibleName(self.tr("Date of the partners' response"))
        self.response_on.setPlaceholderText(self.tr("e.g. 01/07/2026"))
        self.response_text = text_box(box, self.tr("What the partners said"), 56)
        form.addRow(self.tr("&Recommendation:"), self.text)
        form.addRow(self.tr("From &findings:"), self.findings)
        form.addRow(self.tr("&Owned by partner:"), self.owner)
        form.addRow(self.tr("Partners' res&ponse:"), self.response)
        form.addRow(self.tr("Response &date:"), self.response_on)
        form.addRow(self.tr("&What the partners said:"), self.response_text)
        self.editor_buttons(
            form, box, self.tr("&New recommendation"), self.tr("Sa&ve recommendation")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(master_detail(self, self.table, box), 1)
        layout.addWidget(self.message)
        self.refresh()
        self.new_item()

    def refresh(self) -> None:
        self.analysis = self.services.findings.analysis(self.review_id)
        self.model.set_rows(self.analysis.current_recommendations)
        checked = self.findings.checked()
        self.findings.set_items(
            (
                (f.id, f"{f.ref}: {' '.join(f.statement.split())}")
                for f in self.analysis.current_findings
            ),
            checked,
        )
        self.reselect()

    def load(self, r: Recommendation) -> None:
        self.text.setPlainText(r.text)
        self.findings.set_checked(r.finding_ids)
        self.owner.setCurrentIndex(max(0, self.owner.findData(r.owner_partner)))
        self.response.setCurrentIndex(max(0, self.response.findData(r.response)))
        self.response_on.set_value(r.response_on)
        self.response_text.setPlainText(r.response_text)

    def clear_form(self) -> None:
        self.text.clear()
        self.findings.set_checked(())
        self.owner.setCurrentIndex(0)
        self.response.setCurrentIndex(0)
        self.response_on.clear()
        self.response_text.clear()
        self.text.setFocus()

    def item_from_form(self) -> Recommendation | None:
        try:
            response_on = self.response_on.day()
        except DateProblem as exc:
            self.say(date_problem(self.tr("Response date"), exc), problem=True)
            return None
        owner = self.owner.currentData()
        return Recommendation(
            ref="",
            text=self.text.toPlainText(),
            finding_ids=tuple(self.findings.checked()),
            owner_partner=Partner(owner) if owner else None,
            response=PartnerResponse(self.response.currentData() or ""),
            response_on=response_on,
            response_text=self.response_text.toPlainText(),
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.text.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.text.setPlainText(text)

    def add(self, rec: Recommendation) -> Recommendation:
        return self.services.findings.add_recommendation(self.review_id, rec)

    def edit(self, rec_id: int, rec: Recommendation) -> Recommendation:
        return self.services.findings.edit_recommendation(rec_id, rec)

    def remove(self, rec_id: int, cited: bool) -> Any:
        return self.services.findings.delete_recommendation(
            rec_id, confirm=cited, version=self.version_seen
        )

    def delete_question(self, rec_id: int) -> tuple[str, bool]:
        actions = [
            a
            for a in self.services.actions.actions(self.review_id)
            if a.recommendation_id == rec_id
        ]
        if actions:
            return plural(
                len(actions),
                self.tr("1 action comes from this recommendation."),
                self.tr("%d actions come from this recommendation."),
            ) + " " + self.tr(
                "If you delete it, it will be kept and marked as removed, so that the action "
                "plan still says where each action came from. Remove it?"
            ), True
        return self.tr("Delete this recommendation? This cannot be undone."), False
