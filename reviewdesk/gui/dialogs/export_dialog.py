"""The Export dialog: choose a format, the options and where to save, then export off the GUI
thread with a progress bar, and open the file or its folder when it is done.

Open it with ``ExportDialog(services, review_id, parent)`` (from the Summary page or the File
menu). ``folder`` chooses the starting folder (default: Documents); tests pass a temporary one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.exporting import DEFAULT_MARKING, ExportFormat, ExportOptions
from reviewdesk.files import has_extension, with_extension
from reviewdesk.gui.dialogs.file_writing import KEEP, WritesFileInBackground, documents_folder
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.tasks import Task

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

NO_MARKING = "None"


class ExportDialog(WritesFileInBackground, QDialog):
    exported = Signal(str)  # the path written
    failed = Signal(str)  # the message shown
    texts_fixed = Signal()  # the publication check fixed details in the stored review

    def __init__(
        self,
        services: Services,
        review_id: int,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        pool: QThreadPool | None = None,
        fmt: ExportFormat = ExportFormat.PDF,
    ) -> None:
        super().__init__(parent)
        first_format = fmt  # the format chosen when the dialog opens
        # Within the screen, however small (gui/fit.py): on a short one the choices scroll, while
        # where the file goes (Save as), the progress and the buttons stay in view below them.
        fit_when_shown(self, scroll_keep=4)
        self._services = services
        self._review_id = review_id
        self._pool = pool
        self._task: Task | None = None
        self._written: Path | None = None
        self._path_edited = False
        document = services.reviews.get(review_id)
        self._folder = folder or documents_folder()
        self.setWindowTitle(self.tr("Export %s") % document.reference)
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Export the learning from this review"), self)
        heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(heading)
        intro = QLabel(
            self.tr(
                "Documents are marked with a protective marking and never include private "
                "notes. Check a document before you share it."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        # --- format
        formats = QGroupBox(self.tr("Format"), self)
        formats_layout = QVBoxLayout(formats)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[ExportFormat, QRadioButton] = {}
        for fmt in ExportFormat:
            button = QRadioButton(translate_label(fmt.label), formats)
            self.format_group.addButton(button)
            self.format_buttons[fmt] = button
            formats_layout.addWidget(button)
        self.format_buttons[first_format].setChecked(True)
        self.json_note = QLabel(
            self.tr(
                "A JSON file holds the whole review, including contributors' names, so that "
                "another copy of ReviewDesk can import it. It never holds private notes."
            ),
            formats,
        )
        self.json_note.setWordWrap(True)
        formats_layout.addWidget(self.json_note)
        layout.addWidget(formats)

        # --- options
        self.options_box = QGroupBox(self.tr("What to include"), self)
        options = QFormLayout(self.options_box)
        self.names_check = QCheckBox(
            self.tr("Show contributors' names (otherwise by role and agency only)"),
            self.options_box,
        )
        options.addRow(self.names_check)
        # The learning summary's family involvement: "Family member 1"... unless chosen.
        self.family_names_check = QCheckBox(
            self.tr("Name family members as the review's log records them"), self.options_box
        )
        self.family_names_check.setToolTip(
            self.tr("Otherwise they appear as 'Family member 1', 'Family member 2' and so on.")
        )
        options.addRow(self.family_names_check)
        self.unanswered_check = QCheckBox(
            self.tr("List prompts nobody has answered yet"), self.options_box
        )
        options.addRow(self.unanswered_check)
        self.theme_list = QListWidget(self.options_box)
        self.theme_list.setAccessibleName(self.tr("Themes to include"))
        for theme in document.framework.themes:
            item = QListWidgetItem(theme.short_title, self.theme_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
        self.theme_list.setMaximumHeight(self.theme_list.sizeHintForRow(0) * 7 + 6)
        themes_label = QLabel(self.tr("&Themes:"), self.options_box)
        themes_label.setBuddy(self.theme_list)
        options.addRow(themes_label, self.theme_list)
        self.marking_combo = QComboBox(self.options_box)
        self.marking_combo.setEditable(True)
        self.marking_combo.addItems([DEFAULT_MARKING, "OFFICIAL", self.tr(NO_MARKING)])
        # The library's setting; a briefing's own marking for circulation (OFFICIAL by default).
        self._auto_marking = self.marking_combo.currentText()
        self._set_default_marking(first_format)
        self.draft_check = QCheckBox(self.tr("Mark as a &DRAFT (a watermark on every page)"))
        self.draft_check.setParent(self.options_box)
        marking_label = QLabel(self.tr("Protective &marking:"), self.options_box)
        marking_label.setBuddy(self.marking_combo)
        options.addRow(marking_label, self.marking_combo)
        options.addRow(self.draft_check)
        self.publication_check = QCheckBox(
            self.tr("For &publication: check for names and identifying details first"),
            self.options_box,
        )
        options.addRow(self.publication_check)
        layout.addWidget(self.options_box)

        # --- destination
        where = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("File to save"))
        self.path_edit.textEdited.connect(self._path_was_edited)
        path_label = QLabel(self.tr("Save &as:"), self)
        path_label.setBuddy(self.path_edit)
        self.browse_button = QPushButton(self.tr("&Choose…"), self)
        self.browse_button.clicked.connect(self._browse)
        where.addWidget(path_label)
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        layout.addLayout(where)

        # --- progress and result
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setAccessibleName(self.tr("Export progress"))
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button = QPushButton(self.tr("Show in &folder"), self)
        self.folder_button.clicked.connect(self.show_in_folder)
        for after in (self.open_button, self.folder_button):  # shown once a file is written
            after.hide()
            buttons.addWidget(after)
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("&Export"), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.format_group.buttonToggled.connect(self._format_changed)
        self._format_changed()

    # --- reading the choices --------------------------------------------------------------------

    @property
    def chosen_format(self) -> ExportFormat:
        for fmt, button in self.format_buttons.items():
            if button.isChecked():
                return fmt
        return ExportFormat.PDF

    def chosen_options(self) -> ExportOptions:
        themes = []
        for row in range(self.theme_list.count()):
            item = self.theme_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                themes.append(item.data(Qt.ItemDataRole.UserRole))
        marking = self.marking_combo.currentText().strip()
        if marking in {NO_MARKING, self.tr(NO_MARKING)}:
            marking = ""
        return ExportOptions(
            show_names=self.names_check.isChecked(),
            family_names=self.family_names_check.isChecked(),
            include_unanswered=self.unanswered_check.isChecked(),
            theme_ids=None if len(themes) == self.theme_list.count() else tuple(themes),
            marking=marking,
            draft=self.draft_check.isChecked(),
        )

    def destination(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    # --- reacting -------------------------------------------------------------------------------

    def _set_default_marking(self, fmt: ExportFormat) -> None:
        """The marking a document of ``fmt`` is made with unless the person typed another."""
        if self.marking_combo.currentText() not in ("", self._auto_marking):
            return  # chosen by the person: kept
        marking = self._services.exports.default_options(self._review_id, fmt).marking
        self._auto_marking = marking or self.tr(NO_MARKING)
        self.marking_combo.setCurrentText(self._auto_marking)

    def _format_changed(self, *_args: object) -> None:
        fmt = self.chosen_format
        if fmt.uses_options:
            self._set_default_marking(fmt)
        self.options_box.setEnabled(fmt.uses_options)
        self.json_note.setVisible(fmt is ExportFormat.JSON)
        if self._path_edited:  # the person's own name, ending as the new format's files do
            if self.path_edit.text().strip():
                self.path_edit.setText(str(with_extension(self.destination(), fmt.extension)))
            return
        folder = self.destination().parent if self.path_edit.text() else self._folder
        name = self._services.exports.default_file_name(self._review_id, fmt, date.today())
        self.path_edit.setText(str(folder / name))

    def _path_was_edited(self, _text: str) -> None:
        self._path_edited = True

    def _browse(self) -> None:
        fmt = self.chosen_format
        pattern = f"{translate_label(fmt.label)} (*.{fmt.extension})"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the export as"), str(self.destination()), pattern
        )
        if chosen:
            self.path_edit.setText(chosen)
            self._path_edited = True

    def start_export(self) -> None:
        if self._task is not None and self._task.running:
            return
        path = self.destination()
        if not path.name:
            self._show_error(self.tr("Please give a file name to save to."))
            return
        fmt = self.chosen_format
        if not has_extension(path, fmt.extension):
            corrected = with_extension(path, fmt.extension)
            if not self.confirm_extension(path, corrected):
                self.status_label.setText(
                    self.tr("Nothing was saved. The name can end in .%s, as %s files do.")
                    % (fmt.extension, translate_label(fmt.label))
                )
                return
            self.path_edit.setText(str(corrected))
            path = corrected
        if not self.confirm_cloud(path):
            self.status_label.setText(
                self.tr("Nothing was saved. Please choose a folder that is not synced.")
            )
            return
        overwrite = self.may_replace(path)
        if overwrite is KEEP:
            return
        options = self.chosen_options()
        exports, review_id = self._services.exports, self._review_id
        if not self.confirm_unprintable(options, fmt):
            self.status_label.setText(
                self.tr("Nothing was saved. The words that cannot be printed are unchanged.")
            )
            return
        for_publication = self.publication_check.isChecked() and fmt is not ExportFormat.JSON
        allow, reason = False, ""
        if for_publication:
            checked = self._check_for_publication(options, fmt)
            if checked is None:
                self.status_label.setText(
                    self.tr("Nothing was saved: the publication check was not finished.")
                )
                return
            allow, reason = checked
        publication = self._services.publication if for_publication else None

        def work(progress):
            if publication is None:
                return exports.export(
                    review_id, fmt, path, options, overwrite=overwrite, progress=progress
                )
            written, _report = publication.export(
                review_id,
                fmt,
                path,
                options,
                allow_identifiers=allow,
                reason=reason,
                overwrite=overwrite,
                progress=progress,
            )
            return written

        self._task = Task(
            work,
            self,
            unexpected=self.tr(
                "Something unexpected went wrong, so the export could not be finished. Nothing "
                "was saved, and nothing in the review has changed. Please try again."
            ),
        )
        self._task.progressed.connect(self._on_progress)
        self._task.succeeded.connect(self._on_exported)
        self._task.failed.connect(self._on_failed)
        self._set_busy(True)
        self.status_label.setText(self.tr("Exporting…"))
        self._task.start(self._pool)

    def confirm_extension(self, path: Path, corrected: Path) -> bool:
        """The typed name does not end as the chosen format's files do: offer the right one."""
        ends = self.tr("ends in %s") % path.suffix if path.suffix else self.tr("has no extension")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Change the file name?"))
        box.setText(
            self.tr("The name %s %s, but you chose %s. Save it as %s?")
            % (path.name, ends, translate_label(self.chosen_format.label), corrected.name)
        )
        box.setInformativeText(
            self.tr(
                "A file whose name does not match what is inside may not open in the right program."
            )
        )
        use = box.addButton(
            self.tr("Save as %s") % corrected.name, QMessageBox.ButtonRole.AcceptRole
        )
        back = box.addButton(self.tr("Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(use)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is use

    def confirm_unprintable(self, options: ExportOptions, fmt: ExportFormat) -> bool:
        """Before writing a PDF: name anything this computer has no font for (issue 17,
        point 7) and ask whether to export anyway. True when there is nothing to say."""
        try:
            problems = self._services.exports.unprintable(self._review_id, fmt, options)
        except Exception:  # the export itself reports any problem with the options
            return True
        if not problems:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Some words cannot be printed"))
        box.setText(
            self.tr(
                "Some of the words in this review cannot be printed in a PDF on this computer, "
                "because it has no font for them:"
            )
        )
        shown = problems[:6]
        more = len(problems) - len(shown)
        detail = "\n\n".join("• " + p for p in shown)
        if more:
            detail += "\n\n" + self.tr("…and %d more places.") % more
        box.setInformativeText(
            detail
            + "\n\n"
            + self.tr(
                "You can export anyway, or cancel and export as Word, which uses the fonts of "
                "the computer that opens it. IT support can install a font for these scripts."
            )
        )
        anyway = box.addButton(self.tr("Export &anyway"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.unprintable_box = box
        box.exec()
        return box.clickedButton() is anyway

    def _check_for_publication(
        self, options: ExportOptions, fmt: ExportFormat
    ) -> tuple[bool, str] | None:
        """The publication check: each finding in context, with a fix or a deliberate,
        recorded override. Returns (allow identifiers, reason), or None when cancelled."""
        from reviewdesk.gui.dialogs.publication_check import PublicationCheckDialog

        dialog = PublicationCheckDialog(self._services, self._review_id, options, self, fmt)
        self.publication_dialog = dialog
        dialog.fixed.connect(self.texts_fixed)
        if not dialog.exec():
            return None
        return dialog.allow_identifiers, dialog.reason

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.browse_button, self.path_edit, self.close_button):
            widget.setEnabled(not busy)
        for button in self.format_buttons.values():
            button.setEnabled(not busy)
        self.options_box.setEnabled(not busy and self.chosen_format.uses_options)
        self.progress_bar.setVisible(busy)
        if busy:
            self.progress_bar.setValue(0)
            self.open_button.hide()
            self.folder_button.hide()

    def _on_progress(self, percent: int, message: str) -> None:
        self.progress_bar.setValue(percent)
        if message:
            self.status_label.setText(self.tr(message) + "…")

    def _on_exported(self, path: object) -> None:
        self._set_busy(False)
        self._written = Path(str(path))
        self.status_label.setText(self.tr("Saved to %s") % self._written)
        self.open_button.show()
        self.folder_button.show()
        self.open_button.setFocus()
        self.exported.emit(str(self._written))

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self._show_error(message)
        self.failed.emit(message)

    def _show_error(self, message: str) -> None:
        # Said in words (with a sign), not by colour alone.
        # Two sentences, not "Not exported: Please give…".
        self.status_label.setText("⚠ " + self.tr("Nothing was exported. %s") % message)

    # --- after the export -----------------------------------------------------------------------

    def open_file(self) -> None:
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written)))

    def show_in_folder(self) -> None:
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written.parent)))
