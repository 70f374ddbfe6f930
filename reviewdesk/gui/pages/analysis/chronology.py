"""The chronology editor: every agency's entries in date order, filtered by agency and theme,
with a form to add or change an entry, and the ways in and out (import a file, export CSV)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.domain.chronology_import import DateProblem
from reviewdesk.domain.exporting import TableExport
from reviewdesk.gui.models.analysis import ChronologyModel
from reviewdesk.gui.pages.analysis.common import (
    CheckList,
    DateField,
    master_detail,
    plural,
    select_id,
    stretch,
    table_view,
)
from reviewdesk.gui.pages.analysis.editor import EditorPage
from reviewdesk.gui.widgets.flow import FlowLayout

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

ALL = ""


def choose_save_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    from reviewdesk.files import with_extension
    from reviewdesk.gui.dialogs.file_writing import documents_folder, may_write_here

    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(documents_folder() / suggested), "CSV (*.csv)"
    )
    if not name:
        return None
    path = with_extension(Path(name), "csv")
    return path if may_write_here(parent, path) else None


class ChronologyPage(EditorPage):
    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.texts.update(added=self.tr("Entry added."), saved=self.tr("Entry saved."),
                          delete=self.tr("Delete entry"),
                          item=self.tr("chronology entry"))  # fmt: skip
        self.save_path: Callable[[QWidget, str, str], Path | None] = choose_save_path
        self.open_import: Callable[[], bool] = self._open_import
        self.model = ChronologyModel(self.theme_titles(), self)

        # Filters and the ways in and out, in a row that wraps when the window is narrow (each
        # label stays with its list).
        agency_pair, theme_pair = QWidget(self), QWidget(self)
        self.agency_filter = QComboBox(agency_pair)
        self.agency_filter.setAccessibleName(self.tr("Show entries from agency"))
        self.theme_filter = QComboBox(theme_pair)
        self.theme_filter.setAccessibleName(self.tr("Show entries about theme"))
        self.show_removed = QCheckBox(self.tr("Show re&moved entries"), self)
        self.import_button = QPushButton(self.tr("&Import agency chronology…"), self)
        self.export_button = QPushButton(self.tr("E&xport as CSV…"), self)
        agency_label = QLabel(self.tr("&Agency:"), agency_pair)
        agency_label.setBuddy(self.agency_filter)
        theme_label = QLabel(self.tr("T&heme:"), theme_pair)
        theme_label.setBuddy(self.theme_filter)
        for pair, caption, chooser in (
            (agency_pair, agency_label, self.agency_filter),
            (theme_pair, theme_label, self.theme_filter),
        ):
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(caption)
            row.addWidget(chooser)
        bar = FlowLayout(spacing=8)
        for w in (agency_pair, theme_pair, self.show_removed, self.import_button):
            bar.add(w)
        bar.add(self.export_button)

        self.table = table_view(self.model, self.tr("Chronology entries, in date order"), self)
        stretch(self.table, 2, {3: 150, 4: 120})
        self.table.setColumnHidden(5, True)  # themes: the filter above and the form show them

        # The entry form.
        form_box = QGroupBox(self.tr("Entry"), self)
        form = QFormLayout(form_box)
        self.when = DateField(form_box)
        self.agency = QComboBox(form_box)
        self.agency.setEditable(True)
        self.what = QPlainTextEdit(form_box)
        self.what.setTabChangesFocus(True)
        self.what.setMaximumHeight(130)
        self.source = QLineEdit(form_box)
        self.significant = QCheckBox(self.tr("&Significant"), form_box)
        self.positive = QCheckBox(self.tr("&Positive practice"), form_box)
        self.themes = CheckList(self.tr("Themes this entry relates to"), form_box)
        self.themes.set_items(self.theme_titles().items())
        self.themes.setMaximumHeight(132)
        self.cited = QLabel(form_box)
        self.cited.setWordWrap(True)
        for label, field in (
            (self.tr("&Date:"), self.when),
            (self.tr("A&gency:"), self.agency),
            (self.tr("&What happened:"), self.what),
            (self.tr("Source &record:"), self.source),
        ):
            form.addRow(label, field)
        flags = QHBoxLayout()
        flags.addWidget(self.significant)
        flags.addWidget(self.positive)
        flags.addStretch(1)
        form.addRow(self.tr("Flags:"), flags)
        form.addRow(self.tr("Th&emes:"), self.themes)
        form.addRow(self.cited)
        self.editor_buttons(form, form_box, self.tr("&New entry"), self.tr("Sa&ve entry"))
        self.restore_button = QPushButton(self.tr("Res&tore"), form_box)
        form.addRow(self.restore_button)
        for label_text, field in (
            (self.tr("Date"), self.when),
            (self.tr("Agency"), self.agency),
            (self.tr("What happened"), self.what),
            (self.tr("Source record"), self.source),
        ):
            field.setAccessibleName(label_text)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(master_detail(self, self.table, form_box, (800, 480)), 1)
        layout.addWidget(self.message)

        self.agency_filter.currentIndexChanged.connect(self.refresh)
        self.theme_filter.currentIndexChanged.connect(self.refresh)
        self.show_removed.toggled.connect(self.refresh)
        self.restore_button.clicked.connect(self.restore)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_csv)
        self._fill_filters()
        self.refresh()
        self.new_item()

    # --- reading ------------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        agencies = self.services.chronology.agencies(self.review_id)
        for combo, items, everything in (
            (self.agency_filter, [(a, a) for a in agencies], self.tr("All agencies")),
            (
                self.theme_filter,
                [(v, k) for k, v in self.theme_titles().items()],
                self.tr("All themes"),
            ),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, ALL)
            for label, key in items:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        text = self.agency.currentText()
        self.agency.clear()
        self.agency.addItems(agencies)
        self.agency.setEditText(text)

    def refresh(self) -> None:
        keep = self.editing
        entries = self.services.chronology.entries(
            self.review_id,
            agency=self.agency_filter.currentData() or None,
            theme_id=self.theme_filter.currentData() or None,
            include_removed=self.show_removed.isChecked(),
        )
        self.model.set_rows(entries)
        self.editing = keep
        self.reselect()
        shown = len(entries)
        self.table.setToolTip(plural(shown, self.tr("1 entry shown"), self.tr("%d entries shown")))

    def load(self, entry: ChronologyEntry) -> None:
        self.when.set_value(entry.when, entry.precision)
        self.agency.setEditText(entry.agency)
        self.what.setPlainText(entry.what_happened)
        self.source.setText(entry.source)
        self.significant.setChecked(entry.significant)
        self.positive.setChecked(entry.positive_practice)
        self.themes.set_checked(entry.theme_ids)
        cited = self.services.chronology.cited_by(entry.id)
        notes = []
        if cited:
            notes.append(self.tr("Cited by: %s.") % "; ".join(cited))
        if entry.source_agency:
            notes.append(self.tr("From %s's chronology.") % entry.source_agency)
        if entry.removed_on:
            notes.append(self.tr("Removed from the chronology; kept because it is cited."))
        self.cited.setText(" ".join(notes))
        self.restore_button.setVisible(entry.removed_on is not None)

    def show_entry(self, entry_id: int) -> bool:
        """Select an entry (clearing the filters if they hide it), e.g. from a citation link."""
        if self.model.row_of(entry_id) < 0:
            self.agency_filter.setCurrentIndex(0)
            self.theme_filter.setCurrentIndex(0)
            self.show_removed.setChecked(True)
            self.refresh()
        found = select_id(self.table, self.model, entry_id)
        if found:
            self.table.setFocus()
        return found

    # --- writing ------------------------------------------------------------------------------

    def clear_form(self) -> None:
        for field in (self.when, self.source):
            field.clear()
        self.what.clear()
        self.agency.setEditText("")
        self.significant.setChecked(False)
        self.positive.setChecked(False)
        self.themes.set_checked(())
        self.cited.clear()
        self.restore_button.setVisible(False)
        self.when.setFocus()

    def item_from_form(self) -> ChronologyEntry | None:
        try:
            when, precision = self.when.value()  # type: ignore[misc]
        except DateProblem as exc:
            self.say(self.tr("Date: %s.") % exc, problem=True)
            self.when.setFocus()
            return None
        return ChronologyEntry(
            when=when,
            what_happened=self.what.toPlainText(),
            agency=self.agency.currentText(),
            source=self.source.text(),
            precision=precision,
            significant=self.significant.isChecked(),
            positive_practice=self.positive.isChecked(),
            theme_ids=tuple(self.themes.checked()),
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.what.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.what.setPlainText(text)

    def add(self, entry: ChronologyEntry) -> ChronologyEntry:
        return self.services.chronology.add_entry(self.review_id, entry)

    def edit(self, entry_id: int, entry: ChronologyEntry) -> ChronologyEntry:
        return self.services.chronology.edit_entry(entry_id, entry)

    def after_save(self, saved: ChronologyEntry) -> None:
        self._fill_filters()
        self.refresh()
        if not select_id(self.table, self.model, saved.id):
            self.say(self.tr("Saved. The filters hide it: choose 'All agencies' to see it."))

    def delete_question(self, entry_id: int) -> tuple[str, bool]:
        cited = self.services.chronology.cited_by(entry_id)
        if cited:
            return self.tr(
                "This entry is cited by %s. If you delete it, it will be kept and marked as "
                "removed, so that what cites it still makes sense (you can restore it). "
                "Remove it?"
            ) % "; ".join(cited), True
        return self.tr("Delete this chronology entry? This cannot be undone."), False

    def remove(self, entry_id: int, cited: bool):
        return self.services.chronology.delete_entry(
            entry_id, confirm=cited, version=self.version_seen
        )

    def restore(self) -> None:
        if self.editing is not None:
            entry_id = self.editing
            if self.attempt(
                lambda: self.services.chronology.restore_entry(entry_id), self.tr("Entry restored.")
            ):
                self.refresh()

    # --- in and out ---------------------------------------------------------------------------

    def _open_import(self) -> bool:
        from reviewdesk.gui.dialogs.chronology_import import ChronologyImportDialog

        dialog = ChronologyImportDialog(self.services, self.review_id, parent=self)
        return bool(dialog.exec())

    def import_file(self) -> None:
        if self.open_import():
            self._fill_filters()
            self.refresh()
            self.changed.emit()

    def export_csv(self) -> None:
        kind = TableExport.CHRONOLOGY_CSV
        name = self.services.exports.default_file_name(self.review_id, kind)
        path = self.save_path(self, self.tr("Export the chronology"), name)
        if path is None:
            return
        self.attempt(
            lambda: self.services.exports.export_table(self.review_id, kind, path, overwrite=True),
            self.tr("Chronology exported to %s.") % path,
        )
