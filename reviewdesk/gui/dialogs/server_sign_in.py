"""Signing in to the partnership's shared server (File › Connect to a partnership server…).

Self-contained: it is given ``connect(choice, password)``, which opens the server's library
(in the app: services/partnership.sign_in) and raises a ReviewDeskError with a sentence to
show. The connection is made off the GUI thread; the window stays responsive and says what it
is doing. The password is typed each time, handed to ``connect`` and cleared: nothing keeps
it. The connection is always encrypted with the server's certificate checked (verify-full):
there is deliberately no switch to turn that off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.partnership import DEFAULT_DATABASE, DEFAULT_PORT, ServerChoice
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.style import roomy
from reviewdesk.gui.tasks import Task
from reviewdesk.gui.widgets.fit_text import grow_with_text


class ServerSignInDialog(QDialog):
    """On success ``dialog.services`` holds the server's library and ``dialog.choice`` the
    settings to remember (never the password)."""

    def __init__(
        self,
        connect: Callable[[ServerChoice, str | None], object],
        remembered: ServerChoice | None = None,
        *,
        kerberos: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)
        self._connect = connect
        self.services: object | None = None
        self.choice: ServerChoice | None = None
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Connect to a partnership server"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Sign in to the reviews your partnership keeps on its shared server, with the "
                "account IT gave you. Your password is used only to sign in: ReviewDesk never "
                "keeps it."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(self)
        self.host.setPlaceholderText(self.tr("for example db.council.example"))
        self.port = roomy(QSpinBox(self))
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setMaximumWidth(self.fontMetrics().horizontalAdvance("65535") + 56)
        self.database = QLineEdit(DEFAULT_DATABASE, self)
        self.account = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.kerberos = QCheckBox(self.tr("Use &Windows sign-in (Kerberos)"), self)
        self.kerberos.setToolTip(
            self.tr("Sign in with your Windows logon, without a password, where IT has set it up")
        )
        self.kerberos.setVisible(kerberos)
        self.kerberos.toggled.connect(lambda on: self.password.setEnabled(not on))
        self.ca_file = QLineEdit(self)
        self.ca_file.setPlaceholderText(self.tr("the .pem or .crt file IT gave you"))
        choose = QPushButton(self.tr("C&hoose…"), self)
        choose.setAccessibleName(self.tr("Choose the certificate authority file"))
        choose.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(choose)
        for text, widget, name in (
            (self.tr("&Server:"), self.host, self.tr("Server name")),
            (self.tr("P&ort:"), self.port, self.tr("Port")),
            (self.tr("&Database:"), self.database, self.tr("Database name")),
            (self.tr("&Account:"), self.account, self.tr("Your account name")),
            (self.tr("&Password:"), self.password, self.tr("Password")),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        form.addRow(QLabel(""), self.kerberos)
        ca_label = QLabel(self.tr("&Certificate authority:"), self)
        ca_label.setBuddy(self.ca_file)
        self.ca_file.setAccessibleName(self.tr("Certificate authority file"))
        form.addRow(ca_label, ca_row)
        layout.addLayout(form)
        secure = QLabel(
            self.tr(
                "The connection is always encrypted, and ReviewDesk checks the server's "
                "certificate against this authority and the server's name before it sends "
                "anything."
            ),
            self,
        )
        secure.setWordWrap(True)
        layout.addWidget(secure)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Why ReviewDesk did not sign in"))
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if remembered is not None:
            self.host.setText(remembered.host)
            self.port.setValue(remembered.port)
            self.database.setText(remembered.database)
            self.account.setText(remembered.account)
            self.ca_file.setText(remembered.ca_file)
            self.kerberos.setChecked(remembered.kerberos and kerberos)
        # where typing starts once shown: the first empty field (the password, when the
        # server is remembered)
        self._first = next(
            (w for w in (self.host, self.account, self.password) if not w.text()), self.password
        )
        self.resize(520, self.sizeHint().height())
        grow_with_text(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._first.setFocus()

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The certificate authority file"),
            self.ca_file.text(),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_file.setText(path)

    def current_choice(self) -> ServerChoice:
        return ServerChoice(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            account=self.account.text().strip(),
            ca_file=self.ca_file.text().strip(),
            kerberos=self.kerberos.isVisible() and self.kerberos.isChecked(),
        )

    def _busy(self, busy: bool) -> None:
        for widget in (self.host, self.port, self.database, self.account, self.ca_file):
            widget.setEnabled(not busy)
        self.password.setEnabled(not busy and not self.kerberos.isChecked())
        self.sign_in_button.setEnabled(not busy)

    def sign_in(self) -> None:
        if self.task is not None and self.task.running:
            return
        choice = self.current_choice()
        problems = choice.problems()
        if problems:
            self._show_problem(" ".join(problems.values()))
            field = {"host": self.host, "account": self.account, "database": self.database}
            widget = next((field[k] for k in problems if k in field), self.port)
            widget.setFocus()
            return
        password = None if choice.kerberos else self.password.text()
        self.password.clear()  # the only copy now goes to the connection, then is dropped
        self._busy(True)
        self.error.setText(self.tr("Signing in to %s…") % choice.host)
        self.task = Task(lambda _progress: self._connect(choice, password), self)
        self.task.succeeded.connect(lambda services: self._signed_in(choice, services))
        self.task.failed.connect(self._refused)
        self.task.start()

    def _signed_in(self, choice: ServerChoice, services: object) -> None:
        self.services, self.choice = services, choice
        self.accept()

    def _refused(self, message: str) -> None:
        self._busy(False)
        self._show_problem(message)
        self.password.setFocus()

    def _show_problem(self, message: str) -> None:
        self.error.setText(message)

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            return  # a sign-in under way finishes first (it cannot be stopped half-way)
        super().reject()
