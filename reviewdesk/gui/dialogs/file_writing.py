"""What every dialog that writes a file in the background does alike (the Export dialog, the
learning report): ask before replacing a file, and stay open while the file is being written.

A mixin for a QDialog with ``_task`` (a :class:`reviewdesk.gui.tasks.Task` or None) and
``status_label`` (a QLabel).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox

KEEP = None  # may_replace(): the person chose to keep the existing file


class WritesFileInBackground:
    def confirm_replace(self, path: Path) -> bool:
        """Ask before replacing an existing file (tests replace this method)."""
        answer = QMessageBox.question(
            self,
            self.tr("Replace the file?"),
            self.tr("%s already exists. Do you want to replace it?") % path.name,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def may_replace(self, path: Path) -> bool | None:
        """Whether writing ``path`` replaces a file (asked first), or KEEP (and said so) when
        the person chose to keep the file that is there."""
        if not path.exists() or path.is_dir():
            return False
        if self.confirm_replace(path):
            return True
        self.status_label.setText(self.tr("Nothing was saved: the existing file is kept."))
        return KEEP

    def _writing(self) -> bool:
        task = self._task
        if task is not None and task.running:
            self.status_label.setText(self.tr("Please wait: the file is still being written."))
            return True
        return False

    def reject(self) -> None:
        if not self._writing():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._writing():
            event.ignore()
            return
        super().closeEvent(event)


def documents_folder() -> Path:
    """Where a new file is offered first: the person's Documents folder, else their home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()
