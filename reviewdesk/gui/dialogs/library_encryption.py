"""Library settings' Encryption box: whether the library is encrypted, and the buttons that
turn encryption on and off and change the passphrase (gui/dialogs/encryption.py runs them)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from reviewdesk.gui.widgets.basics import label


class EncryptionBox(QGroupBox):
    def __init__(self, services, changer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Encryption"))
        self._services = services
        self._changer = changer
        layout = QVBoxLayout(self)
        self.state = label("", "", self)
        self.state.setAccessibleName(self.tr("Whether the library is encrypted"))
        layout.addWidget(self.state)
        self.detail = label("", "muted", self)
        layout.addWidget(self.detail)
        row = QHBoxLayout()
        self.encrypt_button = QPushButton(self.tr("&Encrypt with a passphrase…"), self)
        self.encrypt_button.clicked.connect(self.ask_encrypt)
        self.change_button = QPushButton(self.tr("C&hange the passphrase…"), self)
        self.change_button.clicked.connect(self.ask_change)
        self.off_button = QPushButton(self.tr("Turn encryption o&ff…"), self)
        self.off_button.clicked.connect(self.ask_turn_off)
        for b in (self.encrypt_button, self.change_button, self.off_button):
            b.setAutoDefault(False)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.outcome = label("", "", self)
        self.outcome.hide()
        layout.addWidget(self.outcome)
        changer.done.connect(self._done)
        self.refresh()

    def refresh(self) -> None:
        on = self._services.encrypted
        if on:
            self.state.setText(
                self.tr(
                    "🔒 This library is encrypted. Its file and its backups cannot be read "
                    "without the passphrase or the recovery key."
                )
            )
            self.detail.setText(
                self.tr(
                    "AES-256 (SQLCipher). Locking ReviewDesk closes the library and forgets the "
                    "key. The recovery key was shown once, when the library was encrypted; if "
                    "it is lost, turn encryption off and on again to get a new one."
                )
            )
        else:
            self.state.setText(
                self.tr(
                    "This library is not encrypted. Anyone who can use this computer account, "
                    "or copies its file, can read what is in it."
                )
            )
            self.detail.setText(
                self.tr(
                    "Encrypting protects the library and every backup with a passphrase, and "
                    "gives you a recovery key to print or save to a USB stick."
                )
            )
        busy = self._changer.busy
        self.encrypt_button.setVisible(not on)
        self.change_button.setVisible(on)
        self.off_button.setVisible(on)
        for b in (self.encrypt_button, self.change_button, self.off_button):
            b.setEnabled(not busy)

    def _dialog(self, kind):
        self.outcome.hide()
        self.ask_dialog = kind(self.window())
        return self.ask_dialog

    def ask_encrypt(self) -> None:
        from reviewdesk.gui.dialogs.encryption import EncryptDialog

        dialog = self._dialog(EncryptDialog)

        def chosen() -> None:
            passphrase = dialog.passphrase() or ""
            dialog.forget()
            self._changer.encrypt(passphrase, self.window())

        dialog.accepted.connect(chosen)
        dialog.open()

    def ask_change(self) -> None:
        from reviewdesk.gui.dialogs.encryption import ChangePassphraseDialog

        dialog = self._dialog(ChangePassphraseDialog)

        def chosen() -> None:
            current, new = dialog.current.text(), dialog.fields.passphrase() or ""
            dialog.forget()
            self._changer.change_passphrase(current, new, self.window())

        dialog.accepted.connect(chosen)
        dialog.open()

    def ask_turn_off(self) -> None:
        from reviewdesk.gui.dialogs.encryption import TurnOffDialog

        dialog = self._dialog(TurnOffDialog)

        def chosen() -> None:
            current = dialog.current.text()
            dialog.forget()
            self._changer.decrypt(current, self.window())

        dialog.accepted.connect(chosen)
        dialog.open()

    def _done(self, ok: bool, message: str) -> None:
        self.refresh()
        self.outcome.setText(("" if ok else "⚠ ") + message)
        self.outcome.show()
