"""Edit a review's case record after it has started (same form and checks as the wizard)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from reviewdesk.domain.errors import DuplicateReviewError, ReviewDeskError
from reviewdesk.domain.review import CaseRecord
from reviewdesk.gui.dialogs.case_form import (
    ABOUT_KEYS,
    AGENCY_KEYS,
    DATE_KEYS,
    PEOPLE_KEYS,
    CaseForm,
)
from reviewdesk.gui.dialogs.new_review import dialog_size, scrolled
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.widgets.basics import button, label


class CaseRecordDialog(QDialog):
    def __init__(
        self,
        reviews,
        review_id: int,
        record: CaseRecord,
        taken_references: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._reviews = reviews
        self._review_id = review_id
        self.summary = None
        self.setWindowTitle(self.tr("Case record: %s") % record.reference)
        self.resize(*dialog_size(self, 120, 44))
        others = [r for r in taken_references if r.casefold() != record.reference.casefold()]
        # The tabs are made before the form's fields, so Tab reaches them first, as they read
        # (they came after the fields below them).
        self.tabs = QTabWidget(self)
        self.form = CaseForm(self, taken_references=others)
        self.form.set_record(record)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(label(self.tr("Case record"), "h2", self))
        layout.addWidget(
            label(
                self.tr("Changes are saved when you choose Save changes. Use pseudonyms only."),
                "muted",
                self,
            )
        )
        self.tabs.setAccessibleName(self.tr("Parts of the case record"))
        self.tabs.tabBar().setAccessibleName(self.tr("Parts of the case record"))
        for section, title in (
            (self.form.about, self.tr("&About the review")),
            (self.form.dates, self.tr("Key &dates")),
            (self.form.people, self.tr("C&hildren and household")),
            (self.form.agencies, self.tr("A&gencies")),
        ):
            self.tabs.addTab(scrolled(section, self.tabs), title)
        layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = button(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        self.save_button = button(self.tr("&Save changes"), self, icon_name="check", primary=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def save(self) -> None:
        for index, scope in enumerate((ABOUT_KEYS, DATE_KEYS, PEOPLE_KEYS, AGENCY_KEYS)):
            if not self.form.check(scope):
                self.tabs.setCurrentIndex(index)
                self.form.focus_first_issue()
                return
        try:
            self.summary = self._reviews.update_record(
                self._review_id, self.form.record(), confirmed_cautions=True
            )
        except DuplicateReviewError as exc:
            self.tabs.setCurrentIndex(0)
            self.form.messages["reference"].show_problem(str(exc))
            self.form.reference.setFocus()
            return
        except ReviewDeskError as exc:
            QMessageBox.warning(self, self.tr("The case record was not saved"), str(exc))
            return
        self.accept()
