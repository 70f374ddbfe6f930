"""Building blocks for the exchange dialogs: background work, passphrase fields, a file row."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.passphrase import SEND_SEPARATELY, Strength, assess
from reviewdesk.files import with_extension
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.tasks import Task, message_for
from reviewdesk.gui.widgets.fit_text import grow_with_text


def when(value: datetime | None) -> str:
    return value.astimezone().strftime("%d %b %Y, %H:%M").lstrip("0") if value else ""


# --- running the slow part off the GUI thread ---------------------------------------------------


class WorkingDialog(QDialog):
    """A dialog whose main action runs in the background, with a message line for the outcome.

    The work runs as a :class:`~reviewdesk.gui.tasks.Task`, the GUI's one way to work off its
    thread: a :class:`ReviewDeskError` is shown in its own words; anything else is logged (with
    its traceback, for IT support) and shown as the calm, general sentence."""

    finished_work = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self.busy = False
        self._task: Task | None = None
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.buttons.rejected.connect(self.reject)
        grow_with_text(self)  # a message or the strength line that grows is shown whole

    def show_message(self, text: str, *, problem: bool = False) -> None:
        # A sign, bold type and the accessible description mark a problem; the text is the
        # message's own sentence ("Please choose…"), never "Problem: Please choose…".
        self.message.setText(("⚠ " if problem else "") + text)
        self.message.setAccessibleDescription(self.tr("Problem") if problem else "")
        self.message.setStyleSheet("font-weight: 600;" if problem else "")
        self.message.show()

    def start(self, work: Callable[[], Any], done: Callable[[Any], None], working: str) -> None:
        self.busy = True
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.show_message(working)
        self._set_enabled(False)
        # No parent: the task keeps itself alive until the work ends, even if the dialog goes.
        self._task = Task(lambda progress: work())
        self._task.succeeded.connect(lambda result: self._finish(done, result))
        self._task.raised.connect(lambda exc: self._finish(self.failed, exc))
        self._task.start()

    def _finish(self, handler: Callable[[Any], None], value: Any) -> None:
        self.busy = False
        self.unsetCursor()
        self._set_enabled(True)
        handler(value)
        self.finished_work.emit()

    def failed(self, exc: Exception) -> None:
        """Say what went wrong (subclasses may also react to its kind, then call this)."""
        self.show_message(message_for(exc), problem=True)

    def _set_enabled(self, enabled: bool) -> None:
        for child in self.findChildren(QWidget):
            if child is not self.message and isinstance(child, QLineEdit | QCheckBox | QPushButton):
                child.setEnabled(enabled)
        if enabled:
            self.update_ready()

    def update_ready(self) -> None:
        """Enable the main button when the form is complete (subclasses)."""


# --- reusable pieces ----------------------------------------------------------------------------


class PassphraseFields(QWidget):
    """A new passphrase typed twice, with a strength hint and the "send it another way" reminder."""

    changed = Signal()

    def __init__(self, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)  # the wrapped lines below the form are never squeezed
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        column.addLayout(form)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow(self.tr("&Type it again:"), self.second)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Passphrase strength"))
        column.addWidget(self.hint)
        if note:
            self.note = QLabel(note, self)
            self.note.setWordWrap(True)
            column.addWidget(self.note)
        self.reminder = QLabel(self.tr(SEND_SEPARATELY), self)
        self.reminder.setWordWrap(True)
        column.addWidget(self.reminder)
        self.first.textChanged.connect(self._refresh)
        self.second.textChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        text = self.first.text()
        if not text:
            self.hint.setText(self.tr("Three or four random words make a good passphrase."))
        else:
            hint = assess(text)
            self.hint.setText(self.tr("Strength: %s. %s") % (hint.strength.label, hint.advice))
            if self.second.text() and self.second.text() != text:
                self.hint.setText(self.hint.text() + " " + self.tr("The two do not match yet."))
        self.changed.emit()

    def passphrase(self) -> str | None:
        """The passphrase once it is acceptable and typed the same twice; else None."""
        text = self.first.text()
        if text and text == self.second.text() and assess(text).strength > Strength.NOT_ACCEPTED:
            return text
        return None


class FileRow(QWidget):
    """A file name with a "Choose…" button (the save dialog proposes a name)."""

    changed = Signal()

    def __init__(self, file_filter: str, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter, self._suggested = file_filter, suggested
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(self.tr("File to write"))
        self.edit.textChanged.connect(self.changed)
        self.choose = QPushButton(self.tr("C&hoose…"), self)
        self.choose.clicked.connect(self._choose)
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose)

    def _choose(self) -> None:
        from reviewdesk.gui.dialogs.file_writing import documents_folder

        start = self.edit.text() or str(documents_folder() / self._suggested)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save as"), start, self._filter)
        if name:
            self.edit.setText(name)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None

    def checked_path(self) -> Path | None:
        """The file to write, once the person has agreed to a cloud-synced folder (asked);
        None when there is no name or they chose another folder."""
        from reviewdesk.gui.dialogs.file_writing import may_write_here

        path = self.path()
        if path is None:
            return None
        wanted = re.search(r"\*\.(\w+)\)", self._filter)  # "... (*.rdpack)"
        if wanted:
            path = with_extension(path, wanted.group(1))
            self.edit.setText(str(path))
        return path if may_write_here(self, path) else None


def safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-") or "file"
