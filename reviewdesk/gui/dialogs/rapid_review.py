"""The rapid review for the Panel (issue 18, point 3): each section of the Panel's template shown
prefilled from the review, edited here, then written as a Word document.

Open it with ``RapidReviewDialog(services, review_id, parent)`` (Review > Rapid review for the
Panel). The sections are reviewdesk/domain/rapid_review.py's. What is typed here is kept while
the dialog is open and is never lost by closing it by accident: closing with changes that are
not yet in a file asks first. The document is written off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.rapid_review import SECTIONS, RapidReviewDraft
from reviewdesk.files import has_extension, with_extension
from reviewdesk.gui.dialogs.file_writing import KEEP, WritesFileInBackground, documents_folder
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.tasks import Task
from reviewdesk.services.analysis.rapid_review import RapidReviewService


class RapidReviewDialog(WritesFileInBackground, QDialog):
    written = Signal(str)

    def __init__(
        self,
        services,
        review_id: int,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)
        self._service = RapidReviewService(services)
        self._review_id = review_id
        self._pool = pool
        self._task: Task | None = None
        self._written: Path | None = None
        self._saved_texts: dict[str, str] | None = None  # what the last file written holds
        self.draft: RapidReviewDraft = self._service.draft(review_id)
        self.setWindowTitle(self.tr("Rapid review for the Panel: %s") % self.draft.reference)
        self.resize(820, 680)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The rapid review in the shape of the Panel's template, filled from the case "
                "record, the chronology, the key practice episodes, the actions and the decision "
                "log. Check and complete each section (text in [square brackets] is for you to "
                "replace), then write the Word document. Lines starting with '- ' become "
                "bullet points. Names in the name key are already replaced. The case details "
                "at the top of the document come from the case record (Review > Case record)."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        inner = QWidget(self)
        form = QVBoxLayout(inner)
        self.editors: dict[str, QPlainTextEdit] = {}
        for spec in SECTIONS:
            label = QLabel(f"<b>{spec.heading}</b>", inner)
            hint = QLabel(spec.hint, inner)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            editor = QPlainTextEdit(inner)
            editor.setPlainText(self.draft.text(spec.key))
            editor.setAccessibleName(spec.heading)
            editor.setAccessibleDescription(spec.hint)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(110)
            label.setBuddy(editor)
            form.addWidget(label)
            form.addWidget(hint)
            form.addWidget(editor)
            self.editors[spec.key] = editor
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # Tab goes to the sections, which it scrolls to: the area itself is no stop (a screen
        # reader heard an unnamed control there)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)

        where = QHBoxLayout()
        where_label = QLabel(self.tr("&Save as:"), self)
        self.path_edit = QLineEdit(self)
        where_label.setBuddy(self.path_edit)
        self.path_edit.setText(
            str((folder or documents_folder()) / self._service.default_file_name(review_id))
        )
        self.browse_button = QPushButton(self.tr("&Browse…"), self)
        self.browse_button.clicked.connect(self._browse)
        where.addWidget(where_label)
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        layout.addLayout(where)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.write_button = QPushButton(self.tr("&Write the Word document"), self)
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.write)
        self.open_button = QPushButton(self.tr("&Open it"), self)
        self.open_button.clicked.connect(self.open_file)
        self.open_button.hide()
        self.close_button = QPushButton(self.tr("&Close"), self)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    # --- the texts ------------------------------------------------------------------------------

    def texts(self) -> dict[str, str]:
        return {key: editor.toPlainText() for key, editor in self.editors.items()}

    def has_unwritten_changes(self) -> bool:
        baseline = self._saved_texts if self._saved_texts is not None else dict(self.draft.texts)
        return self.texts() != baseline

    # --- writing --------------------------------------------------------------------------------

    def destination(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the rapid review as"), str(self.destination()), "Word (*.docx)"
        )
        if chosen:
            self.path_edit.setText(chosen)

    def write(self) -> None:
        if self._task is not None and self._task.running:
            return
        path = self.destination()
        if not path.name:
            self._say_not_written(self.tr("Please give a file name to save to."))
            return
        if not has_extension(path, "docx"):
            path = with_extension(path, "docx")
            self.path_edit.setText(str(path))
        draft = self.draft.edited(self.texts())
        problems = draft.problems()
        if problems:
            self._say_not_written(" ".join(problems.values()))
            return
        if not self.confirm_cloud(path):
            self.status_label.setText(
                self.tr("Nothing was saved. Please choose a folder that is not synced.")
            )
            return
        overwrite = self.may_replace(path)
        if overwrite is KEEP:
            return
        service, review_id, texts = self._service, self._review_id, self.texts()

        def work(_progress):
            return service.export(review_id, path, draft=draft, overwrite=bool(overwrite))

        self._task = Task(
            work,
            self,
            unexpected=self.tr(
                "Something unexpected went wrong, so the rapid review could not be written. "
                "Nothing was saved, and what you typed here is still here. Please try again."
            ),
        )
        self._task.succeeded.connect(lambda p: self._on_written(p, texts))
        self._task.failed.connect(self._say_not_written)
        self._set_busy(True)
        self.status_label.setText(self.tr("Writing the Word document…"))
        self._task.start(self._pool)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.write_button, self.browse_button, self.path_edit, self.close_button):
            widget.setEnabled(not busy)

    def _on_written(self, path: object, texts: dict[str, str]) -> None:
        self._set_busy(False)
        self._written = Path(str(path))
        self._saved_texts = texts
        self.status_label.setText(
            self.tr("Saved to %s. You can go on editing and write it again.") % self._written
        )
        self.open_button.show()
        self.written.emit(str(self._written))

    def _say_not_written(self, message: str) -> None:
        self._set_busy(False)
        self.status_label.setText("⚠ " + self.tr("Nothing was saved. %s") % message)

    def open_file(self) -> None:
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written)))

    # --- closing --------------------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """Closing with changes not yet in a file: ask (tests replace this method)."""
        answer = QMessageBox.question(
            self,
            self.tr("Close without writing?"),
            self.tr(
                "You have changed the rapid review since it was last written to a file. Close "
                "and lose those changes?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self._writing():
            return
        if self.has_unwritten_changes() and not self.confirm_discard():
            self.status_label.setText(
                self.tr("Your changes are kept. Write the Word document to save them.")
            )
            return
        QDialog.reject(self)
