"""Write the yearly learning report: choose the period and the format, then the file is written
off the GUI thread (reviewdesk/gui/tasks.py), never over an existing file without asking."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import ACTIVITY_RULE
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.files import with_extension
from reviewdesk.gui.dialogs.file_writing import KEEP, WritesFileInBackground, documents_folder
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.tasks import Task
from reviewdesk.gui.widgets.period_picker import PeriodPicker

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services


class LearningReportDialog(WritesFileInBackground, QDialog):
    def __init__(
        self, services: Services, parent: QWidget | None = None, period: Period | None = None
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._task: Task | None = None
        self._path_edited = False
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Learning report"))
        # Sized by the text (fit_when_shown keeps it within the screen): at 200% a fixed
        # 760x360 showed only the explanation, the choices scrolled out of sight below it.
        metrics = self.fontMetrics()
        self.resize(
            max(760, metrics.averageCharWidth() * 100), max(360, metrics.lineSpacing() * 22)
        )
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The learning report brings a period's reviews together for the partnership's "
                "yearly report: the reviews covered, how often each theme was significant, key "
                "learning and findings by theme, recommendations and actions, evidence of "
                "impact, and what is still open. Names in each review's name key are replaced; "
                "contributors appear by role and agency. "
            )
            + self.tr(ACTIVITY_RULE),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.picker = PeriodPicker(services.today, self)
        if period is not None:
            self.picker.set_period(period)
        layout.addWidget(self.picker)
        form = QFormLayout()
        self.format_box = QComboBox(self)
        for fmt in ReportFormat:
            self.format_box.addItem(translate_label(fmt.label), fmt.value)
        form.addRow(self.tr("F&ormat:"), self.format_box)
        # Special-category data: only when the person writing the report chooses it.
        self.case_record = QCheckBox(
            self.tr("Include counts by the case &record for analysis (special-category data)"),
            self,
        )
        self.case_record.setToolTip(
            self.tr(
                "Sex, ethnicity, disability, legal status, harm and incident type, counted by "
                "review; counts from 1 to 4 are printed as 'fewer than 5'. Off unless you "
                "choose it."
            )
        )
        self.case_record.setChecked(False)
        form.addRow("", self.case_record)
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("Save to"))
        browse = QPushButton(self.tr("&Choose…"), self)
        browse.setAccessibleName(self.tr("Choose where to save the report"))
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        form.addRow(self.tr("&Save to:"), where)
        label = form.labelForField(where)
        if isinstance(label, QLabel):
            label.setBuddy(self.path_edit)
        layout.addLayout(form)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setAccessibleName(self.tr("Report progress"))
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.write_button = QPushButton(self.tr("&Write the report"), self)
        self.write_button.setDefault(True)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = QPushButton(self.tr("Open &it"), self)
        self.open_button.setEnabled(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.write_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self.open_file)
        browse.clicked.connect(self._browse)
        layout.addWidget(buttons)
        self.path_edit.textEdited.connect(self._edited)
        self.format_box.currentIndexChanged.connect(self._suggest)
        self.picker.changed.connect(self._suggest)
        self._folder = documents_folder()
        self._suggest()

    @property
    def chosen_format(self) -> ReportFormat:
        return ReportFormat(self.format_box.currentData())

    def _edited(self, _text: str) -> None:
        self._path_edited = True

    def _suggest(self, *_args: object) -> None:
        period = self.picker.period()
        if period is None:
            return
        folder = Path(self.path_edit.text()).parent if self._path_edited else self._folder
        name = self._services.learning_report.default_file_name(period, self.chosen_format)
        if self._path_edited:
            name = Path(self.path_edit.text()).with_suffix("." + self.chosen_format.extension).name
        self.path_edit.setText(str(folder / name))

    def _browse(self) -> None:
        fmt = self.chosen_format
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the learning report as"),
            self.path_edit.text(),
            f"{translate_label(fmt.label)} (*.{fmt.extension})",
        )
        if chosen:
            self.path_edit.setText(chosen)
            self._path_edited = True

    def start(self) -> None:
        if self._task is not None and self._task.running:
            return
        period = self.picker.period()
        if period is None:
            self.status_label.setText("⚠ " + self.picker.problem())
            return
        text = self.path_edit.text().strip()
        if not text:
            self.status_label.setText("⚠ " + self.tr("Please give a file name to save to."))
            return
        fmt, service = self.chosen_format, self._services.learning_report
        case_record = self.case_record.isChecked()
        path = with_extension(Path(text), fmt.extension)  # a name that matches what is inside
        if str(path) != text:
            self.path_edit.setText(str(path))
        if not self.confirm_cloud(path):
            self.status_label.setText(
                self.tr("Nothing was saved. Please choose a folder that is not synced.")
            )
            return
        overwrite = self.may_replace(path)
        if overwrite is KEEP:
            return

        def work(progress):
            return service.export(
                period,
                fmt,
                path,
                overwrite=overwrite,
                progress=progress,
                case_record=case_record,
            )

        self._task = Task(work, self)
        self._task.progressed.connect(self._on_progress)
        self._task.succeeded.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        self._busy(True)
        self.status_label.setText(self.tr("Writing the report…"))
        self._task.start()

    def _busy(self, busy: bool) -> None:
        self.write_button.setEnabled(not busy)
        self.progress_bar.setVisible(busy)
        if busy:
            self.progress_bar.setValue(0)

    def _on_progress(self, percent: int, message: str) -> None:
        self.progress_bar.setValue(percent)
        if message:
            self.status_label.setText(self.tr(message) + "…")

    def _on_done(self, path: object) -> None:
        self._busy(False)
        self.written = Path(str(path))
        self.open_button.setEnabled(True)
        self.status_label.setText(self.tr("Saved to %s") % self.written)

    def _on_failed(self, message: str) -> None:
        self._busy(False)
        self.status_label.setText("⚠ " + self.tr("Nothing was written. %s") % message)

    def open_file(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
