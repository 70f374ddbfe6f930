"""The publication check, before a document meant for publication is exported.

Self-contained: built from services only. It scans what the document would hold (after the name
key) and lists each finding in context. The person fixes a finding with one click (the stored
text is changed through the ordinary services, saved and audited like any edit), or decides to
publish as it is and says why. The caller then exports with
``services.publication.export(review_id, fmt, path, options,
allow_identifiers=dialog.allow_identifiers, reason=dialog.reason)``, which records that
decision in the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.wording import plural

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services
    from reviewdesk.services.publication import PublicationReport


class PublicationCheckDialog(QDialog):
    fixed = Signal()  # stored text was changed (a detail fixed): views showing it read again

    COLUMNS = ("What", "Where in the document", "In context", "Suggested fix")

    def __init__(
        self,
        services: Services,
        review_id: int,
        options: ExportOptions | None = None,
        parent: QWidget | None = None,
        fmt: ExportFormat = ExportFormat.PDF,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._review_id = review_id
        self._options = options
        self._format = fmt
        self.report: PublicationReport | None = None
        self.allow_identifiers = False
        self.reason = ""
        self.setWindowTitle(self.tr("Check before publishing"))
        self.resize(1040, 520)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Before this document is published, ReviewDesk has read the words it will print "
                "(after the name key has replaced real names), and only those, for details that "
                "could identify someone: names, dates of birth and exact dates, postcodes, "
                "phone numbers, email addresses, NHS and National Insurance numbers, and street "
                "addresses. Please look at each one."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Result of the check"))
        layout.addWidget(self.summary)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName(self.tr("Worth checking"))
        layout.addWidget(self.warnings)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.tree.setAccessibleName(self.tr("Possible identifying details"))
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 320)
        self.tree.currentItemChanged.connect(self._selection_changed)
        layout.addWidget(self.tree, 1)

        fixes = QHBoxLayout()
        self.fix_button = QPushButton(self.tr("&Fix this one"), self)
        self.fix_button.setToolTip(
            self.tr("Change the words where they are written, as suggested (saved at once).")
        )
        self.fix_button.clicked.connect(self.fix_selected)
        fixes.addWidget(self.fix_button)
        self.fix_all_button = QPushButton(self.tr("Fix &all that can be fixed"), self)
        self.fix_all_button.clicked.connect(self.fix_all)
        fixes.addWidget(self.fix_all_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        fixes.addWidget(self.status, 1)
        layout.addLayout(fixes)

        override = QHBoxLayout()
        reason_label = QLabel(self.tr("&Publish as it is, because:"), self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(
            self.tr("for example: the dates were agreed with the family")
        )
        self.reason_edit.setMaxLength(300)
        reason_label.setBuddy(self.reason_edit)
        self.reason_edit.textChanged.connect(self._update_buttons)
        override.addWidget(reason_label)
        override.addWidget(self.reason_edit, 1)
        layout.addLayout(override)
        self.override_note = QLabel(
            self.tr(
                "Publishing with these details is your decision: it is recorded in the audit "
                "trail with your reason (never the details themselves)."
            ),
            self,
        )
        self.override_note.setWordWrap(True)
        layout.addWidget(self.override_note)

        self.buttons = QDialogButtonBox(self)
        self.continue_button = self.buttons.addButton(
            self.tr("&Continue to export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.refresh()

    # --- the findings ---------------------------------------------------------------------------

    @property
    def findings(self):
        return () if self.report is None else self.report.findings

    def refresh(self) -> None:
        report = self._services.publication.check(self._review_id, self._options, self._format)
        self.report = report
        self.tree.clear()
        for index, f in enumerate(report.findings):
            fix = f.finding.suggestion if f.fixable else self.tr("(edit it where it is written)")
            where = f.where or f.place.label
            item = QTreeWidgetItem([translate_label(f.kind.label), where, f.context, fix])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            written = "" if f.place.label == where else self.tr("\nWritten in: ") + f.place.label
            item.setToolTip(1, self.tr("Printed on: ") + where + written)
            item.setToolTip(2, f.context)
            self.tree.addTopLevelItem(item)
        if report.clear:
            self.summary.setText(
                self.tr("✔ Nothing that looks identifying was found. You can go ahead.")
            )
        else:
            self.summary.setText(self.tr("Found: ") + report.summary())
        self.warnings.setText("\n".join(report.warnings))
        self.warnings.setVisible(bool(report.warnings))
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._update_buttons()

    def _current(self):
        item = self.tree.currentItem()
        if item is None:
            return None
        return self.findings[item.data(0, Qt.ItemDataRole.UserRole)]

    def _selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        current = self._current()
        self.fix_button.setEnabled(current is not None and current.fixable)
        self.fix_all_button.setEnabled(any(f.fixable for f in self.findings))
        clear = self.report is not None and self.report.clear
        has_reason = bool(self.reason_edit.text().strip())
        self.reason_edit.setEnabled(not clear)
        self.override_note.setVisible(not clear)
        self.continue_button.setEnabled(clear or has_reason)
        self.continue_button.setText(
            self.tr("&Continue to export") if clear else self.tr("Publish an&yway")
        )

    def fix_selected(self) -> None:
        finding = self._current()
        if finding is None:
            return
        self._fix([finding])

    def fix_all(self) -> None:
        # Later findings first, so the earlier ones' places stay where they were found.
        self._fix([f for f in reversed(self.findings) if f.fixable])

    def _fix(self, findings) -> None:
        fixed = 0
        try:
            for f in findings:
                fixed += bool(self._services.publication.fix(self._review_id, f))
        except ReviewDeskError as exc:
            self.status.setText(str(exc))
        else:
            self.status.setText(
                plural(
                    fixed,
                    self.tr("Fixed 1 detail and saved."),
                    self.tr("Fixed %d details and saved."),
                )
            )
        if fixed:  # saved, even when a later one could not be: the views showing them follow
            self.fixed.emit()
        self.refresh()

    def accept(self) -> None:
        if self.report is None:
            return
        if not self.report.clear:
            reason = " ".join(self.reason_edit.text().split())
            if not reason:
                self.status.setText(self.tr("Please say why it can be published as it is."))
                return
            self.allow_identifiers, self.reason = True, reason
        super().accept()
