"""Import an agency's chronology (CSV or Excel): choose the file and the agency, check how its
columns are matched, look at the preview, and import all of it or nothing.

Rows that cannot be read are listed with their line number and the reason; the Import button
stays off until there are none. Likely duplicates of entries already in the chronology are
flagged and, unless the person says otherwise, left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.chronology_import import Field, ImportPreview
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.domain.review import DEFAULT_AGENCIES
from reviewdesk.gui.dialogs.exchange_parts import WorkingDialog
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.models.table import Column, RowsModel
from reviewdesk.gui.pages.analysis.common import plural, stretch, table_view

if TYPE_CHECKING:
    from reviewdesk.services.analysis.chronology_import import ImportResult
    from reviewdesk.services.bundle import Services


def _note(row) -> str:
    if not row.ok:
        return f"Cannot be imported: {row.problem}"
    if row.duplicate_of:
        return f"Likely duplicate of {row.duplicate_of}"
    return "Ready"


class ChronologyImportDialog(WorkingDialog):
    def __init__(
        self,
        services: Services,
        review_id: int,
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=2)  # a short screen: all but message and buttons scroll
        self.services = services
        self.review_id = review_id
        self.preview: ImportPreview | None = None
        self.outcome: ImportResult | None = None  # what the import did, once done
        self.mapping_boxes: list[QComboBox] = []
        self.setWindowTitle(self.tr("Import an agency chronology"))
        self.resize(980, 720)

        intro = QLabel(
            self.tr(
                "Choose a CSV or Excel (.xlsx) file with a heading row, and the agency it comes "
                "from. Check how its columns are matched and look at the preview: nothing is "
                "imported until every row can be read, and then all of it is."
            ),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.file = QLineEdit(self)
        self.file.setAccessibleName(self.tr("File to import"))
        self.browse = QPushButton(self.tr("C&hoose…"), self)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        form.addRow(self.tr("&File:"), row)
        form.labelForField(row)
        self.agency = QComboBox(self)
        self.agency.setEditable(True)
        self.agency.setAccessibleName(self.tr("Agency the chronology comes from"))
        known = self.services.chronology.agencies(review_id)
        self.agency.addItems(list(dict.fromkeys([*known, *DEFAULT_AGENCIES])))
        self.agency.setEditText("")
        form.addRow(self.tr("&Agency it comes from:"), self.agency)
        file_label = form.labelForField(row)
        if isinstance(file_label, QLabel):
            file_label.setBuddy(self.file)

        self.columns_box = QGroupBox(self.tr("How the columns are matched"), self)
        self.columns_form = QFormLayout()
        holder = QWidget(self.columns_box)
        holder.setLayout(self.columns_form)
        scroll = QScrollArea(self.columns_box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setMinimumHeight(120)
        QVBoxLayout(self.columns_box).addWidget(scroll)

        self.model = RowsModel(
            [
                Column("Line", lambda r: str(r.line)),
                Column("Date", lambda r: r.entry.date_label if r.entry else ""),
                Column("Agency", lambda r: r.entry.agency if r.entry else ""),
                Column(
                    "What happened",
                    lambda r: " ".join(r.entry.what_happened.split()) if r.entry else "",
                ),
                Column("Check", _note, bold=lambda r: not r.ok),
            ],
            self,
        )
        preview_box = QGroupBox(self.tr("Preview"), self)
        self.table = table_view(self.model, self.tr("Preview of the rows to import"), self)
        stretch(self.table, 3)
        self.summary = QLabel(preview_box)
        self.summary.setWordWrap(True)
        self.problems = QListWidget(preview_box)
        self.problems.setAccessibleName(self.tr("Rows to correct before importing"))
        self.problems.setMaximumHeight(110)
        self.leave_out = QCheckBox(self.tr("&Leave out likely duplicates"), preview_box)
        self.leave_out.setChecked(True)
        box = QVBoxLayout(preview_box)
        box.addWidget(self.table, 1)
        box.addWidget(self.summary)
        self.problems_label = QLabel(self.tr("&Rows to correct:"), preview_box)
        self.problems_label.setBuddy(self.problems)
        box.addWidget(self.problems_label)
        box.addWidget(self.problems)
        box.addWidget(self.leave_out)

        self.import_button = QPushButton(self.tr("&Import"), self)
        # Importing is a deliberate step: Enter in the file box reads the file, never imports.
        self.import_button.setAutoDefault(False)
        self.buttons.addButton(self.import_button, self.buttons.ButtonRole.AcceptRole)
        self.buttons.addButton(self.buttons.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.columns_box)
        layout.addWidget(preview_box, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.browse.clicked.connect(self._choose)
        self.file.editingFinished.connect(self._file_changed)
        self.agency.currentTextChanged.connect(lambda _t: self.recheck())
        self.import_button.clicked.connect(self.run_import)
        if path is not None:
            self.file.setText(str(path))
            self.load(None)
        self.update_ready()

    def keyPressEvent(self, event) -> None:
        # Importing is deliberate: Enter reads the file again, it never presses Import (that is
        # Alt+I, or Space on the button).
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.focusWidget() is not self.import_button:
            self.load(None if self.focusWidget() is self.file else self.mapping() or None)
            return
        super().keyPressEvent(event)

    # --- the file and its mapping -------------------------------------------------------------

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a chronology"),
            str(Path.home()),
            self.tr("Chronologies (*.csv *.xlsx);;All files (*)"),
        )
        if name:
            self.file.setText(name)
            self.load(None)

    def _file_changed(self) -> None:
        if str(self.path() or "") != getattr(self, "_loaded", None):
            self.load(None)

    def path(self) -> Path | None:
        text = self.file.text().strip()
        return Path(text) if text else None

    def mapping(self) -> list[Field]:
        return [Field(box.currentData()) for box in self.mapping_boxes]  # Qt hands back a str

    def load(self, mapping: list[Field] | None) -> None:
        """Read the file again and rebuild the preview (and the mapping, when None)."""
        path = self.path()
        if path is None:
            return
        try:
            preview = self.services.chronology.preview(
                self.review_id, path, self.agency.currentText() or "?", mapping
            )
        except ReviewDeskError as exc:
            self.preview = None
            self.model.set_rows([])
            self.show_message(str(exc), problem=True)
            self.update_ready()
            return
        self.message.hide()
        self._loaded = str(path)
        if mapping is None:
            self._build_mapping(preview)
        self.show_preview(preview)

    def _build_mapping(self, preview: ImportPreview) -> None:
        while self.columns_form.rowCount():
            self.columns_form.removeRow(0)
        self.mapping_boxes = []
        for number, (heading, fld) in enumerate(
            zip(preview.headers, preview.mapping, strict=True), 1
        ):
            box = QComboBox(self)
            for choice in Field:
                box.addItem(translate_label(choice.label), choice)
            box.setCurrentIndex(box.findData(fld))
            name = heading or self.tr("Column %d") % number
            box.setAccessibleName(self.tr("Column '%s' is") % name)
            label = QLabel(name, self)
            label.setBuddy(box)
            self.columns_form.addRow(label, box)
            box.currentIndexChanged.connect(lambda _i: self.recheck())
            self.mapping_boxes.append(box)

    def recheck(self) -> None:
        if self.path() is not None and self.mapping_boxes:
            self.load(self.mapping())

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.model.set_rows(preview.rows)
        self.problems.clear()
        for line, reason in preview.problems:
            self.problems.addItem(
                self.tr("Line %1: %2").replace("%1", str(line)).replace("%2", reason)
            )
        self.problems.setVisible(bool(preview.problems))
        self.problems_label.setVisible(bool(preview.problems))
        if not self.agency.currentText().strip():
            summary = self.tr("Please say which agency this chronology comes from.")
        elif preview.file_problem or preview.mapping_problem:
            summary = preview.file_problem or preview.mapping_problem
        else:
            parts = [
                plural(
                    len(preview.importable),
                    self.tr("1 row can be imported."),
                    self.tr("%d rows can be imported."),
                )
            ]
            if preview.duplicates:
                parts.append(
                    plural(
                        len(preview.duplicates),
                        self.tr("1 looks like an entry already there and is flagged."),
                        self.tr("%d look like entries already there and are flagged."),
                    )
                )
            if preview.problems:
                parts.append(
                    plural(
                        len(preview.problems),
                        self.tr("1 row needs correcting in the file first (listed below);"),
                        self.tr("%d rows need correcting in the file first (listed below);"),
                    )
                    + " "
                    + self.tr("nothing will be imported until they are.")
                )
            summary = " ".join(parts + list(preview.notes))
        self.summary.setText(summary)
        self.update_ready()

    def update_ready(self) -> None:
        ready = (
            self.preview is not None
            and self.preview.can_import
            and bool(self.agency.currentText().strip())
            and not self.busy
        )
        self.import_button.setEnabled(ready)

    # --- importing ----------------------------------------------------------------------------

    def run_import(self) -> None:
        path, agency, mapping = self.path(), self.agency.currentText(), self.mapping()
        include = not self.leave_out.isChecked()
        if path is None or not self.import_button.isEnabled():
            return

        def work():
            return self.services.chronology.import_file(
                self.review_id, path, agency, mapping, include_duplicates=include
            )

        self.start(work, self._done, self.tr("Importing…"))

    def _done(self, result) -> None:
        self.outcome = result
        self.show_message(self.tr(result.message))
        self.accept()
