"""The passphrase prompt at start-up, for an encrypted library.

Self-contained: it is given ``unlock``, a function that takes the passphrase (or the recovery
key) and raises :class:`WrongPassphraseError` when it does not open the library (in the app:
``LibraryKeys(paths.database, paths.backups_dir).unlock``). On success ``dialog.secret`` holds
what was typed, for ``open_services(paths, secret=dialog.secret)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import ReviewDeskError, WrongPassphraseError
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.widgets.fit_text import grow_with_text


class UnlockDialog(QDialog):
    def __init__(self, unlock: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._unlock = unlock
        self.secret: str | None = None
        self.setWindowTitle(self.tr("Unlock ReviewDesk"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This library is encrypted. Please enter its passphrase. If you have forgotten "
                "it, you can enter the recovery key you printed when it was encrypted."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel(self.tr("&Passphrase or recovery key:"), self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase or recovery key"))
        label.setBuddy(self.passphrase)
        layout.addWidget(label)
        layout.addWidget(self.passphrase)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Why the library did not unlock"))
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(self)
        self.unlock_button = self.buttons.addButton(
            self.tr("&Unlock"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(lambda text: self.unlock_button.setEnabled(bool(text)))
        self.unlock_button.setEnabled(False)
        self.resize(460, self.sizeHint().height())
        grow_with_text(self)  # the wrong-passphrase explanation is shown whole

    def what_next(self) -> str:
        return self.tr(
            "What you can do next: type the recovery key (8 groups of 4 letters and digits, "
            "printed or saved when the library was encrypted) instead of the passphrase. If "
            "you have neither, nobody can open this library, not even IT: your IT support may "
            "restore the data folder from a backup of this computer made before it was "
            "encrypted, or you can quit and start again in a new data folder. This library is "
            "left exactly as it is."
        )

    def try_unlock(self) -> None:
        secret = self.passphrase.text()
        if not secret:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # about half a second
        try:
            self._unlock(secret)
        except WrongPassphraseError as exc:
            self.error.setText(str(exc) + "\n\n" + self.what_next())
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        except ReviewDeskError as exc:
            self.error.setText(str(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.secret = secret
        self.accept()
