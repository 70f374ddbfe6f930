"""The library's encryption in the window: no terminal needed (issue 19, point 2).

- :class:`EncryptionChanger` runs a change (encrypt, change the passphrase, turn encryption
  off) off the GUI thread as a :class:`~reviewdesk.gui.tasks.Task`, with a progress dialog, through
  reviewdesk/services/library/lock.py: the same journaled, resumable change as the command line.
- :class:`RecoveryKeyDialog` shows the recovery key once, to print or save to removable media,
  and asks for its last two groups back before the point of no return.
- :class:`EncryptDialog`, :class:`ChangePassphraseDialog` and :class:`TurnOffDialog` ask for
  what each change needs (Library settings opens them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.gui.dialogs.exchange_parts import PassphraseFields
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.tasks import Task
from reviewdesk.gui.widgets.basics import buddy, label
from reviewdesk.gui.widgets.fit_text import grow_with_text

# --- the recovery key ---------------------------------------------------------------------------


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once. ``I have kept it`` is enabled only when the last two groups
    have been typed back (proof it was written down, printed or saved)."""

    def __init__(
        self,
        key: str,
        matches: Callable[[str, str], bool],
        data_folder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)
        self._matches = matches  # services.library_lock.confirmation_matches
        self.key = key
        self._folder = data_folder
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("Keep your recovery key"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label(self.tr("Your recovery key"), "h2", self))
        layout.addWidget(
            label(
                self.tr(
                    "If the passphrase is ever forgotten, this key is the only way into the "
                    "library. Print it, or save it to a USB stick, and keep it locked away "
                    "from this computer. ReviewDesk will not show it again."
                ),
                "",
                self,
            )
        )
        self.key_label = QLabel(key, self)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.DemiBold)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.key_label)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.clicked.connect(self.print_key)
        self.save_button = QPushButton(self.tr("&Save to a file (a USB stick)…"), self)
        self.save_button.clicked.connect(self.save_key)
        for b in (self.print_button, self.save_button):
            b.setAutoDefault(False)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.typed = QLineEdit(self)
        self.typed.setAccessibleName(self.tr("The recovery key's last two groups"))
        self.typed.setPlaceholderText("XXXX-XXXX")
        layout.addWidget(
            buddy(
                self.tr(
                    "To show it is kept, type the &last two groups of the key (the last 8 "
                    "letters and digits):"
                ),
                self.typed,
                self,
            )
        )
        layout.addWidget(self.typed)
        self.message = label("", "", self)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(self)
        self.kept_button = self.buttons.addButton(
            self.tr("I have &kept it"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Do&n't encrypt"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.typed.textChanged.connect(self._typed_changed)
        self._typed_changed()
        grow_with_text(self)
        self.resize(560, self.sizeHint().height())

    def _typed_changed(self, *_args: object) -> None:
        self.kept_button.setEnabled(self._matches(self.key, self.typed.text()))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.typed.setFocus()

    def accept(self) -> None:
        if not self._matches(self.key, self.typed.text()):
            return
        super().accept()

    def key_text(self) -> str:
        """What is printed or saved: the key and what it is for, never a passphrase."""
        where = f" ({self._folder})" if self._folder else ""
        return (
            "ReviewDesk: recovery key\n\n"
            f"{self.key}\n\n"
            f"This key opens the encrypted ReviewDesk library on this computer{where} if its "
            "passphrase is forgotten. Keep it locked away, apart from the computer. Anyone who "
            "has it and the library file can read the library.\n"
        )

    def save_key(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the recovery key"),
            str(Path.home() / "ReviewDesk recovery key.txt"),
            self.tr("Text files (*.txt)"),
        )
        if not name:
            return
        try:
            Path(name).write_text(self.key_text(), encoding="utf-8")
        except OSError as exc:
            self._say(self.tr("The key was not saved: %s. Please try another place.") % exc)
            return
        self.saved_to = Path(name)
        self._say(
            self.tr(
                "Saved to %s. If that is on this computer, please move it to a USB stick and "
                "keep that locked away."
            )
            % name
        )

    def print_key(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setPlainText(self.key_text())
        document.print_(printer)
        self._say(self.tr("The recovery key has been sent to the printer."))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class _Asker(QObject):
    """Lets the worker thread ask the window to confirm the recovery key, and wait."""

    asked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._event = threading.Event()
        self._answer = False

    def ask(self, key: str) -> bool:  # on the worker thread
        self._event.clear()
        self.asked.emit(key)
        self._event.wait()
        return self._answer

    def answer(self, ok: bool) -> None:  # on the GUI thread
        self._answer = ok
        self._event.set()


# --- running a change ---------------------------------------------------------------------------


class EncryptionChanger(QObject):
    """Runs one change of the library's encryption at a time, off the GUI thread.

    ``before()`` is called first (the main window saves what is typed, and returns False when
    it could not: then nothing starts); ``after()`` when the change has ended either way (the
    window sets its lock up anew). ``done`` carries (succeeded, the sentence to show)."""

    done = Signal(bool, str)

    def __init__(
        self,
        services,
        parent: QWidget,
        *,
        before: Callable[[], bool] = lambda: True,
        after: Callable[[], None] = lambda: None,
        data_folder: str = "",
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._parent = parent
        self._before = before
        self._after = after
        self._folder = data_folder
        self.task: Task | None = None
        self.progress: QProgressDialog | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def encrypt(self, passphrase: str, parent: QWidget | None = None) -> bool:
        asker = _Asker()
        asker.asked.connect(lambda key: self._show_recovery_key(key, asker))

        def done(result: Any) -> str:
            text = self.tr(
                "The library is encrypted. From now on ReviewDesk asks for the passphrase when "
                "it starts and when it is unlocked."
            )
            if result.backups_left:
                text += " " + self.tr(
                    "These backups could not be converted (they may be damaged): %s."
                ) % ", ".join(result.backups_left)
            return text

        return self._start(
            self.tr("Encrypting the library"),
            lambda progress: self._services.library_lock.encrypt(
                passphrase, confirm=asker.ask, progress=progress
            ),
            done,
            parent,
        )

    def change_passphrase(self, secret: str, new: str, parent: QWidget | None = None) -> bool:
        return self._start(
            self.tr("Changing the passphrase"),
            lambda progress: self._services.library_lock.change_passphrase(
                secret, new, progress=progress
            ),
            lambda _r: self.tr("The passphrase is changed. The recovery key you kept still works."),
            parent,
        )

    def decrypt(self, secret: str, parent: QWidget | None = None) -> bool:
        return self._start(
            self.tr("Turning encryption off"),
            lambda progress: self._services.library_lock.decrypt(secret, progress=progress),
            lambda _r: self.tr(
                "The library is no longer encrypted. Its file can now be read by anyone who "
                "can use this computer account."
            ),
            parent,
        )

    def _start(self, title: str, work, done, parent: QWidget | None) -> bool:
        if self.busy or not self._before():
            return False
        owner = parent or self._parent
        progress = QProgressDialog(title + "…", "", 0, 100, owner)
        progress.setWindowTitle(title)
        progress.setCancelButton(None)  # a change is finished or undone, never left half-way
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        progress.setAccessibleName(title)
        self.progress = progress
        task = Task(work)  # no parent: it keeps itself alive until the work ends
        self.task = task

        def moved(percent: int, message: str) -> None:
            progress.setValue(percent)
            progress.setLabelText(translate_label(message))

        def succeeded(result: object) -> None:
            self._ended(True, done(result))

        task.progressed.connect(moved)
        task.succeeded.connect(succeeded)
        task.failed.connect(lambda message: self._ended(False, message))
        progress.show()
        task.start()
        return True

    def _ended(self, ok: bool, message: str) -> None:
        self.task = None  # its work (and the passphrase it was given) goes with it
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._after()
        self.done.emit(ok, message)

    def _show_recovery_key(self, key: str, asker: _Asker) -> None:
        dialog = RecoveryKeyDialog(
            key,
            self._services.library_lock.confirmation_matches,
            self._folder,
            self.progress or self._parent,
        )
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.recovery_dialog = dialog
        dialog.finished.connect(lambda result: asker.answer(bool(result)))
        dialog.open()


# --- what each change asks for --------------------------------------------------------------------


class _AskDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        fit_when_shown(self)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.buttons = QDialogButtonBox(self)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)

    def finish_layout(self, ok_text: str) -> None:
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.layout_.addWidget(self.buttons)
        grow_with_text(self)
        self.resize(520, self.sizeHint().height())
        self.update_ready()

    def update_ready(self) -> None:
        """Subclasses enable the main button when the form is complete."""

    def forget(self) -> None:
        """Clear every field once its words have been handed over: no passphrase stays in a
        dialog kept for later."""
        for field in self.findChildren(QLineEdit):
            field.clear()

    def _secret_field(self, text: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(text.replace("&", "").rstrip(":"))
        self.layout_.addWidget(buddy(text, field, self))
        self.layout_.addWidget(field)
        field.textChanged.connect(self.update_ready)
        return field


class EncryptDialog(_AskDialog):
    """A passphrase for a library that is not encrypted yet (typed twice)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from reviewdesk.gui.dialogs.profile import PROTECT_WHY

        super().__init__(self.tr("Encrypt the library"), parent)
        self.layout_.addWidget(label(translate_label(PROTECT_WHY), "", self))
        self.fields = PassphraseFields(
            self.tr(
                "Next, ReviewDesk shows a recovery key to print or save; the library is "
                "encrypted once you have typed part of it back."
            ),
            self,
        )
        self.fields.reminder.hide()
        self.fields.changed.connect(self.update_ready)
        self.layout_.addWidget(self.fields)
        self.finish_layout(self.tr("&Encrypt"))
        self.fields.first.setFocus()

    def update_ready(self) -> None:
        if hasattr(self, "ok_button"):
            self.ok_button.setEnabled(self.fields.passphrase() is not None)

    def passphrase(self) -> str | None:
        return self.fields.passphrase()


class ChangePassphraseDialog(_AskDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change the passphrase"), parent)
        self.layout_.addWidget(
            label(
                self.tr(
                    "Nothing is re-encrypted: the new passphrase opens the library and its "
                    "backups, and the recovery key you kept still works."
                ),
                "",
                self,
            )
        )
        self.current = self._secret_field(self.tr("&Current passphrase or recovery key:"))
        self.fields = PassphraseFields("", self)
        self.fields.reminder.hide()
        self.fields.changed.connect(self.update_ready)
        self.layout_.addWidget(label(self.tr("The new passphrase"), "h3", self))
        self.layout_.addWidget(self.fields)
        self.finish_layout(self.tr("C&hange"))
        self.current.setFocus()

    def update_ready(self) -> None:
        if hasattr(self, "ok_button"):
            self.ok_button.setEnabled(
                bool(self.current.text()) and self.fields.passphrase() is not None
            )


class TurnOffDialog(_AskDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Turn encryption off"), parent)
        self.layout_.addWidget(
            label(
                self.tr(
                    "The library and its backups become plain files again: anyone who can use "
                    "this computer account, or copies the files, can then read them. Your "
                    "organisation may require encryption; please check before you go on."
                ),
                "",
                self,
            )
        )
        self.current = self._secret_field(self.tr("&Passphrase or recovery key:"))
        self.finish_layout(self.tr("&Turn encryption off"))
        self.current.setFocus()

    def update_ready(self) -> None:
        if hasattr(self, "ok_button"):
            self.ok_button.setEnabled(bool(self.current.text()))


def say(parent: QWidget, ok: bool, message: str) -> QMessageBox:
    """The outcome of a change, in a message box (opened, not run)."""
    box = QMessageBox(
        QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
        parent.tr("Encryption"),
        message,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.open()
    return box
