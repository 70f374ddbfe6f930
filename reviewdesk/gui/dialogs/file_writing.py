"""What every dialog that writes a file in the background does alike (the Export dialog, the
learning report): ask before replacing a file, and stay open while the file is being written.

And what every place that writes an export does alike (those dialogs, case packs, returned
contributions, the CSV tables, the timeline image): :func:`may_write_here` asks first when the
file would go into a folder that OneDrive, Dropbox, Google Drive or iCloud Drive copies off this
computer (the detection is the core's: reviewdesk/services/library/location.py).

A mixin for a QDialog with ``_task`` (a :class:`reviewdesk.gui.tasks.Task` or None) and
``status_label`` (a QLabel).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:  # the checker sees the dialog the mixin is always mixed into
    from PySide6.QtWidgets import QDialog, QLabel

    from reviewdesk.gui.tasks import Task

    _Dialog = QDialog
else:
    _Dialog = object

KEEP = None  # may_replace(): the person chose to keep the existing file


class WritesFileInBackground(_Dialog):
    _task: Task | None
    status_label: QLabel

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

    def confirm_cloud(self, path: Path) -> bool:
        """Ask before writing into a cloud-synced folder (True: write it there)."""
        return may_write_here(self, path)

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
    """Where a new file is offered first: the person's Documents folder if it exists and is not
    synced to the cloud (on Windows, OneDrive often takes Documents over), else their home."""
    from reviewdesk.services.library.location import cloud_destination

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir() and cloud_destination(Path(found)) is None:
        return Path(found)
    return Path.home()


def may_write_here(parent: QWidget | None, path: Path) -> bool:
    """True when ``path`` is not in a cloud-synced folder, or the person, asked, chose to save
    it there anyway. The safe answer (choose another folder) is the default."""
    from reviewdesk.services.library.location import cloud_destination, cloud_question

    service = cloud_destination(Path(path).absolute())
    if service is None:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("Save to %s?") % service)
    box.setText(box.tr("Save this file where %s will copy it?") % service)
    box.setInformativeText(cloud_question(Path(path).absolute(), service))
    anyway = box.addButton(box.tr("Save it there anyway"), QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton(box.tr("Choose another folder"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.setEscapeButton(other)
    box.exec()
    return box.clickedButton() is anyway
