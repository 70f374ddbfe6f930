"""Who is writing: the first-run welcome, and "Your details" afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import DEFAULT_AGENCIES, Profile
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.widgets.basics import buddy, button, card, label, logo_heading
from reviewdesk.gui.widgets.feedback import FieldMessage

ROLES = (
    "Social worker",
    "Health visitor",
    "Midwife",
    "GP",
    "Police officer",
    "Teacher or designated safeguarding lead",
    "School nurse",
    "Housing officer",
    "Probation officer",
    "Mental health practitioner",
    "Safeguarding lead",
    "Review lead",
    "Independent reviewer",
    "Partnership business manager",
)


class ProfileDialog(QDialog):
    """``first_run`` shows the welcome; otherwise it is "Your details". ``save`` is called with
    the profile and may raise ValidationError, shown beside the field."""

    def __init__(
        self,
        profile: Profile,
        save,  # type: ignore[no-untyped-def]
        data_folder: str,
        *,
        first_run: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=1)  # within the screen, however small (gui/fit.py)
        self._save = save
        self.profile = profile
        self.setWindowTitle(
            self.tr("Welcome to ReviewDesk") if first_run else self.tr("Your details")
        )
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        if first_run:
            intro = self.tr(
                "A calm, private place to reflect on a serious incident, theme by theme: what "
                "you knew at the time, why it made sense, and what would help next time. It is "
                "about learning, not blame."
            )
            title = self.tr("Welcome to ReviewDesk")
            layout.addLayout(logo_heading(self, title, label(intro, "muted", self)))
            privacy, box = card(self)
            box.addWidget(label(self.tr("Everything stays on this computer"), "h3", privacy))
            box.addWidget(
                label(
                    self.tr(
                        "What you write is kept only in your own data folder (%s). ReviewDesk "
                        "makes no network connections and sends nothing anywhere. Nothing leaves "
                        "this computer unless you export it yourself."
                    )
                    % data_folder,
                    "",
                    privacy,
                )
            )
            layout.addWidget(privacy)
            layout.addSpacing(4)
            layout.addWidget(label(self.tr("Who is writing?"), "h2", self))
        else:
            layout.addWidget(label(self.tr("Your details"), "h2", self))
        layout.addWidget(
            label(
                self.tr(
                    "Your reflections are recorded under these details, on this computer only. "
                    "You can change them at any time (File, Your details)."
                ),
                "muted",
                self,
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        self.name = QLineEdit(profile.name, self)
        self.name.setMaxLength(120)
        self.name.setPlaceholderText(self.tr("for example Sam Carter"))
        self.role = QComboBox(self)
        self.role.setEditable(True)
        self.role.addItems(list(ROLES))
        self.role.setCurrentText(profile.role)
        self.role.lineEdit().setMaxLength(120)
        self.role.lineEdit().setPlaceholderText(self.tr("for example Health visitor"))
        self.agency = QComboBox(self)
        self.agency.setEditable(True)
        self.agency.addItems(list(DEFAULT_AGENCIES))
        self.agency.setCurrentText(profile.agency)
        self.agency.lineEdit().setMaxLength(120)
        self.agency.lineEdit().setPlaceholderText(self.tr("your organisation or service"))
        self.name_message = FieldMessage(self)
        for row, (text, widget) in enumerate(
            (
                (self.tr("Your &name"), self.name),
                (self.tr("Your &role"), self.role),
                (self.tr("Your &agency"), self.agency),
            )
        ):
            caption = buddy(text, widget, self)
            widget.setAccessibleName(text.replace("&", ""))
            grid.addWidget(caption, row * 2, 0)
            grid.addWidget(widget, row * 2, 1)
        grid.addWidget(self.name_message, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = button(self.tr("&Quit") if first_run else self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = button(
            self.tr("&Start") if first_run else self.tr("&Save"), self, primary=True
        )
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.name.setFocus()

    def accept(self) -> None:
        wanted = Profile(self.name.text(), self.role.currentText(), self.agency.currentText())
        try:
            self.profile = self._save(wanted)
        except ValidationError as exc:
            self.name_message.show_problem(exc.problems.get("name", str(exc)))
            self.name.setFocus()
            return
        super().accept()
