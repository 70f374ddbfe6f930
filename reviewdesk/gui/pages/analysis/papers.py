"""Review papers (issue 18, point 4): the terms of reference and key lines of enquiry, the family
involvement log and the processes running beside the review, as three parts of one tab.

The terms are one form with Save; the family log and the parallel processes are tables beside a
form (the shared editing pattern, reviewdesk/gui/pages/analysis/editor.py). Nothing typed is dropped
without asking: the toolkit asks Save / Don't save / Cancel for any part with changes.

Each is saved over the version its form was loaded from (issue 22, point 5): when another lead
saved it meanwhile nothing is overwritten and the edit-conflict dialog shows both texts (the
terms, a family member's views, a process's notes); a delete over an older version deletes
nothing and shows the item as now stored."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.chronology_import import DateProblem
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.papers import (
    FamilyContribution,
    FamilyWay,
    ParallelProcess,
    ProcessKind,
    TermsOfReference,
)
from reviewdesk.domain.review import HOUSEHOLD_ROLES
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.models.table import Column, RowsModel
from reviewdesk.gui.pages.analysis.common import (
    DateField,
    LeadPage,
    date_problem,
    lines,
    master_detail,
    plain,
    stretch,
    table_view,
)
from reviewdesk.gui.pages.analysis.editor import DISCARD, SAVE, EditorPage, ask_to_save
from reviewdesk.gui.pages.analysis.episodes import text_box


def _muted(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setObjectName("muted")
    return label


class TermsPage(LeadPage):
    """The terms of reference: one form, kept when Save is pressed."""

    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        tr = self.tr
        box = QGroupBox(tr("Terms of reference"), self)
        form = QFormLayout(box)
        self.agreed_on = DateField(box, required=False)
        self.agreed_on.setAccessibleName(tr("Date the terms were agreed"))
        self.agreed_on.setPlaceholderText(tr("e.g. 01/04/2026"))
        self.terms = text_box(box, tr("Terms of reference"), 150)
        self.terms.setPlaceholderText(
            tr("The scope and period, how the review will be run, who takes part and when.")
        )
        self.enquiry = text_box(box, tr("Key lines of enquiry, each on its own line"), 120)
        self.enquiry.setPlaceholderText(
            tr("e.g. How well was the baby seen and heard by each agency?")
        )
        self.save_button = QPushButton(tr("Sa&ve terms of reference"), box)
        form.addRow(tr("&Agreed on:"), self.agreed_on)
        form.addRow(tr("&Terms of reference:"), self.terms)
        form.addRow(tr("&Key lines of enquiry:"), self.enquiry)
        form.addRow(self.save_button)
        scroll = QScrollArea(self)  # the form scrolls on a short screen at a large text size
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which it scrolls to
        scroll.setWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        self.save_button.clicked.connect(self.save_form)
        self._clean: tuple = ()
        self.version_seen = 0  # the version the form was loaded from (issue 22, point 5)
        self.conflict_dialog: QWidget | None = None  # open while a conflict is put to the lead
        self.refresh()

    def _state(self) -> tuple:
        return (self.agreed_on.text(), self.terms.toPlainText(), self.enquiry.toPlainText())

    def refresh(self) -> None:
        if self._clean and self.is_dirty():
            return  # keep what is typed; the toolkit asks before anything is dropped
        self._show(self.services.papers.terms(self.review_id))

    def _show(self, t: TermsOfReference) -> None:
        self.agreed_on.set_value(t.agreed_on)
        self.terms.setPlainText(t.terms)
        self.enquiry.setPlainText(plain(t.lines_of_enquiry))
        self.version_seen = t.version
        self._clean = self._state()

    def is_dirty(self) -> bool:
        return self._state() != self._clean

    def unsaved_text(self) -> str:
        return self.tr("You have changed the terms of reference and not saved them. Save them?")

    def save_form(self) -> bool:
        try:
            agreed = self.agreed_on.day()
        except DateProblem as exc:
            self.say(date_problem(self.tr("Agreed on"), exc), problem=True)
            return False
        terms = TermsOfReference(
            self.terms.toPlainText(), lines(self.enquiry.toPlainText()), agreed
        )
        saved = self.attempt(lambda: self._save_or_ask(terms), self.tr("Terms of reference saved."))
        if saved is None:
            return False
        self._show(saved)
        return True

    # --- another lead saved the terms meanwhile (issue 22, point 5) ---------------------------

    def _save_or_ask(self, terms: TermsOfReference) -> TermsOfReference:
        """Save over the version the form was loaded from; when another lead saved since,
        nothing is overwritten and both texts are put to the lead (the form keeps what was
        typed meanwhile)."""
        try:
            return self.services.papers.save_terms(self.review_id, terms, base=self.version_seen)
        except EditConflictError as exc:
            QTimer.singleShot(0, self, lambda e=exc: self._ask_which(e))
            raise

    def _ask_which(self, exc: EditConflictError) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog

        if self.conflict_dialog is not None:
            return
        what = self.tr("the terms of reference")
        yours = (self.terms.toPlainText(), "")
        dialog = EditConflictDialog(exc.conflict, yours, what, self.window())
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._settled(d))
        dialog.open()

    def _settled(self, dialog: Any) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import MINE, THEIRS

        self.conflict_dialog = None
        dialog.deleteLater()
        if not dialog.choice:
            self.say(
                self.tr(
                    "Your changes stay in the form. You will be asked again when you save; "
                    "both versions are kept in the history."
                )
            )
            return
        self.version_seen = dialog.conflict.their_version
        if dialog.choice == THEIRS:
            self._show(self.services.papers.terms(self.review_id))
            self.say(self.tr("Their version is kept; yours is in the history."))
            return
        self.terms.setPlainText(dialog.text)
        if self.save_form():
            self.say(
                self.tr("Your version is kept; theirs is in the history.")
                if dialog.choice == MINE
                else self.tr("The combined text is kept; both versions are in the history.")
            )

    def discard(self) -> None:
        self._show(self.services.papers.terms(self.review_id))


def _how(f: FamilyContribution) -> str:
    return translate_label(f.how.label)


class FamilyPage(EditorPage):
    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        tr = self.tr
        self.texts.update(added=tr("Added to the family involvement log."),
                          saved=tr("Saved."), delete=tr("Delete entry"),
                          item=tr("entry"))  # fmt: skip
        self.model = RowsModel(
            [
                Column(tr("Who"), lambda f: f.person),
                Column(tr("Invited"), lambda f: date_label(f.invited_on)),
                Column(tr("How they took part"), _how, tooltip=lambda f: f.views),
                Column(tr("When"), lambda f: date_label(f.contributed_on)),
            ],
            self,
        )
        self.table = table_view(self.model, tr("The family involvement log"), self)
        stretch(self.table, 2)
        box = QGroupBox(tr("Family member"), self)
        form = QFormLayout(box)
        self.person = QComboBox(box)
        self.person.setEditable(True)
        self.person.addItems(["", *HOUSEHOLD_ROLES, "Child", "Other relative"])
        self.person.setAccessibleName(tr("Who, by their role"))
        person_edit = self.person.lineEdit()
        if person_edit is not None:
            person_edit.setPlaceholderText(tr("e.g. Mother, Maternal grandmother"))
        self.invited_on = DateField(box, required=False)
        self.invited_on.setAccessibleName(tr("Date invited"))
        self.invited_on.setPlaceholderText(tr("e.g. 10/04/2026"))
        self.how = QComboBox(box)
        self.how.setAccessibleName(tr("How they took part"))
        for way in FamilyWay:
            self.how.addItem(translate_label(way.label), way)
        self.contributed_on = DateField(box, required=False)
        self.contributed_on.setAccessibleName(tr("Date they took part"))
        self.contributed_on.setPlaceholderText(tr("e.g. 02/05/2026"))
        self.views = text_box(box, tr("Their views"), 96)
        self.views.setPlaceholderText(tr("Their views, in their own words where they agreed."))
        self.notes = text_box(box, tr("Notes for the review"), 56)
        self.notes.setPlaceholderText(
            tr("e.g. support offered, why they were not invited, what was agreed about sharing.")
        )
        for caption, field in (
            (tr("&Who:"), self.person),
            (tr("&Invited on:"), self.invited_on),
            (tr("&How they took part:"), self.how),
            (tr("Took &part on:"), self.contributed_on),
            (tr("&Their views:"), self.views),
            (tr("N&otes:"), self.notes),
        ):
            form.addRow(caption, field)
        self.editor_buttons(form, box, tr("&New entry"), tr("Sa&ve entry"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _muted(
                tr(
                    "Who in the family was invited to contribute, how they took part and what "
                    "they said. Use roles, never names."
                ),
                self,
            )
        )
        layout.addWidget(master_detail(self, self.table, box, (520, 640)), 1)
        layout.addWidget(self.message)
        self.refresh()
        self.new_item()

    def refresh(self) -> None:
        self.model.set_rows(self.services.papers.family(self.review_id))
        self.reselect()

    def load(self, f: FamilyContribution) -> None:
        self.person.setEditText(f.person)
        self.invited_on.set_value(f.invited_on)
        self.how.setCurrentIndex(max(0, self.how.findData(f.how)))
        self.contributed_on.set_value(f.contributed_on)
        self.views.setPlainText(f.views)
        self.notes.setPlainText(f.notes)

    def clear_form(self) -> None:
        self.person.setEditText("")
        for line in (self.invited_on, self.contributed_on):
            line.clear()
        self.how.setCurrentIndex(0)
        self.views.clear()
        self.notes.clear()
        self.person.setFocus()

    def item_from_form(self) -> FamilyContribution | None:
        try:
            invited, took_part = self.invited_on.day(), self.contributed_on.day()
        except DateProblem as exc:
            self.say(self.tr("Date: %s.") % exc, problem=True)
            return None
        return FamilyContribution(
            person=self.person.currentText(),
            invited_on=invited,
            how=FamilyWay(self.how.currentData() or ""),
            contributed_on=took_part,
            views=self.views.toPlainText(),
            notes=self.notes.toPlainText(),
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.views.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.views.setPlainText(text)

    def add(self, item: FamilyContribution) -> FamilyContribution:
        return self.services.papers.add_family(self.review_id, item)

    def edit(self, item_id: int, item: FamilyContribution) -> FamilyContribution:
        return self.services.papers.edit_family(item_id, item)

    def delete_question(self, item_id: int) -> tuple[str, bool]:
        return self.tr("Delete this entry from the family involvement log?"), False

    def remove(self, item_id: int, cited: bool):
        return self.services.papers.delete_family(item_id, version=self.version_seen)


def _status(p: ParallelProcess) -> str:
    if p.concluded_on is not None:
        return f"Concluded {date_label(p.concluded_on)}"
    if p.next_on is not None:
        return f"Next: {date_label(p.next_on)} {p.next_what}".strip()
    return "Ongoing"


class ProcessesPage(EditorPage):
    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        tr = self.tr
        self.texts.update(added=tr("Process added."), saved=tr("Process saved."),
                          delete=tr("Delete process"), item=tr("process"))  # fmt: skip
        self.model = RowsModel(
            [
                Column(tr("Process"), lambda p: translate_label(p.kind.label)),
                Column(tr("Led by"), lambda p: p.led_by),
                Column(tr("Started"), lambda p: date_label(p.started_on)),
                Column(tr("Where it stands"), _status, tooltip=lambda p: p.notes),
            ],
            self,
        )
        self.table = table_view(self.model, tr("Parallel processes"), self)
        stretch(self.table, 3)
        box = QGroupBox(tr("Process"), self)
        form = QFormLayout(box)
        self.kind = QComboBox(box)
        self.kind.setAccessibleName(tr("Kind of process"))
        for kind in ProcessKind:
            self.kind.addItem(translate_label(kind.label), kind)
        self.led_by = QLineEdit(box)
        self.led_by.setAccessibleName(tr("Led by"))
        self.led_by.setPlaceholderText(tr("e.g. Police, HM Coroner"))
        self.started_on = DateField(box, required=False)
        self.started_on.setAccessibleName(tr("Date it started"))
        self.next_on = DateField(box, required=False)
        self.next_on.setAccessibleName(tr("Next key date"))
        self.next_what = QLineEdit(box)
        self.next_what.setAccessibleName(tr("What happens on the next key date"))
        self.next_what.setPlaceholderText(tr("e.g. Trial, Pre-inquest review hearing"))
        self.concluded_on = DateField(box, required=False)
        self.concluded_on.setAccessibleName(tr("Date it concluded"))
        self.notes = text_box(box, tr("What it means for the review"), 72)
        self.notes.setPlaceholderText(
            tr("e.g. practitioner conversations wait until the trial ends; what may be shared.")
        )
        for field in (self.started_on, self.next_on, self.concluded_on):
            field.setPlaceholderText(tr("e.g. 14/03/2026"))
        row: QWidget
        for caption, row in (
            (tr("&Process:"), self.kind),
            (tr("Le&d by:"), self.led_by),
            (tr("&Started on:"), self.started_on),
            (tr("Ne&xt key date:"), self.next_on),
            (tr("&What happens then:"), self.next_what),
            (tr("&Concluded on:"), self.concluded_on),
            (tr("What it &means for the review:"), self.notes),
        ):
            form.addRow(caption, row)
        self.editor_buttons(form, box, tr("&New process"), tr("Sa&ve process"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _muted(
                tr(
                    "Criminal, coroner's, disciplinary and other processes running beside the "
                    "review, with their dates, so the review's timing can be planned around them."
                ),
                self,
            )
        )
        layout.addWidget(master_detail(self, self.table, box, (560, 600)), 1)
        layout.addWidget(self.message)
        self.refresh()
        self.new_item()

    def refresh(self) -> None:
        self.model.set_rows(self.services.papers.processes(self.review_id))
        self.reselect()

    def load(self, p: ParallelProcess) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(p.kind)))
        self.led_by.setText(p.led_by)
        self.started_on.set_value(p.started_on)
        self.next_on.set_value(p.next_on)
        self.next_what.setText(p.next_what)
        self.concluded_on.set_value(p.concluded_on)
        self.notes.setPlainText(p.notes)

    def clear_form(self) -> None:
        self.kind.setCurrentIndex(0)
        for line in (self.led_by, self.started_on, self.next_on, self.next_what):
            line.clear()
        self.concluded_on.clear()
        self.notes.clear()
        self.kind.setFocus()

    def item_from_form(self) -> ParallelProcess | None:
        try:
            started, next_on = self.started_on.day(), self.next_on.day()
            concluded = self.concluded_on.day()
        except DateProblem as exc:
            self.say(self.tr("Date: %s.") % exc, problem=True)
            return None
        return ParallelProcess(
            kind=ProcessKind(self.kind.currentData()),
            led_by=self.led_by.text(),
            started_on=started,
            next_on=next_on,
            next_what=self.next_what.text(),
            concluded_on=concluded,
            notes=self.notes.toPlainText(),
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.notes.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.notes.setPlainText(text)

    def add(self, item: ParallelProcess) -> ParallelProcess:
        return self.services.papers.add_process(self.review_id, item)

    def edit(self, item_id: int, item: ParallelProcess) -> ParallelProcess:
        return self.services.papers.edit_process(item_id, item)

    def delete_question(self, item_id: int) -> tuple[str, bool]:
        return self.tr("Delete this process? This cannot be undone."), False

    def remove(self, item_id: int, cited: bool):
        return self.services.papers.delete_process(item_id, version=self.version_seen)


class ReviewPapersPage(LeadPage):
    """The three papers as tabs of one toolkit tab; ``parts`` lets the toolkit ask about each."""

    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Review papers"))
        self.tabs.tabBar().setAccessibleName(self.tr("Review papers"))
        self.terms = TermsPage(services, review_id, self)
        self.family = FamilyPage(services, review_id, self)
        self.processes = ProcessesPage(services, review_id, self)
        self.parts: list[LeadPage] = [self.terms, self.family, self.processes]
        for page, title in zip(
            self.parts,
            (
                self.tr("Terms of reference"),
                self.tr("Family involvement"),
                self.tr("Parallel processes"),
            ),
            strict=True,
        ):
            self.tabs.addTab(page, title)
            page.changed.connect(self.changed)
        self.tabs.currentChanged.connect(self._leaving)
        self._current = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _leaving(self, index: int) -> None:
        """Moving to another paper with the terms changed and not saved asks first."""
        left = self.parts[self._current]
        self._current = index
        if isinstance(left, TermsPage) and left.is_dirty():
            choice = ask_to_save(self, left.unsaved_text())
            if choice == SAVE:
                left.save_form()
            elif choice == DISCARD:
                left.discard()

    def title_of(self, part: QWidget) -> str:
        return self.tabs.tabText(self.tabs.indexOf(part)).replace("&", "")

    def show_part(self, part: QWidget) -> None:
        self.tabs.setCurrentWidget(part)

    def refresh(self) -> None:
        for page in self.parts:
            page.refresh()
