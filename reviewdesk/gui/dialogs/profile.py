"""Who is writing: the first-run welcome, and "Your details" afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP
from reviewdesk.domain.review import DEFAULT_AGENCIES, Profile
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.settings import CONTRIBUTOR, LEAD
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


# The first run's recommendation, its trade-off in two sentences (issue 19, point 2).
PROTECT_WHY = QT_TRANSLATE_NOOP(
    "Labels",
    "With a passphrase, the library and its backups are encrypted on the disk, so nobody who "
    "takes this computer or copies the file can read what you write. The price is that "
    "ReviewDesk asks for the passphrase each time it starts or unlocks, and if both the "
    "passphrase and the recovery key are lost, nobody (not even IT) can get the work back.",
)


def _typed(box: QComboBox) -> QLineEdit:
    """The text field of an editable drop-down list."""
    line = box.lineEdit()
    assert line is not None  # made editable first
    return line


class ProfileDialog(QDialog):
    """``first_run`` shows the welcome; otherwise it is "Your details". ``save`` is called with
    the profile and may raise ValidationError, shown beside the field.

    Both ask how the person works (:attr:`work_mode`: contributing to a review, or leading
    reviews). The welcome also recommends protecting the library with a passphrase
    (:attr:`protect_chosen`: the person ticked it; the window then asks for the passphrase)."""

    def __init__(
        self,
        profile: Profile,
        save,
        data_folder: str,
        *,
        first_run: bool,
        parent: QWidget | None = None,
        work_mode: str = LEAD,
        offer_encryption: bool = False,
        server_role: str | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=1)  # within the screen, however small (gui/fit.py)
        self._save = save
        self.profile = profile
        self.setWindowTitle(
            self.tr("Welcome to ReviewDesk") if first_run else self.tr("Your details")
        )
        self.setMinimumWidth(560)
        if first_run:  # wide enough that its paragraphs take fewer lines (fitted when shown)
            self.resize(820, 760)
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
        _typed(self.role).setMaxLength(120)
        _typed(self.role).setPlaceholderText(self.tr("for example Health visitor"))
        self.agency = QComboBox(self)
        self.agency.setEditable(True)
        self.agency.addItems(list(DEFAULT_AGENCIES))
        self.agency.setCurrentText(profile.agency)
        _typed(self.agency).setMaxLength(120)
        _typed(self.agency).setPlaceholderText(self.tr("your organisation or service"))
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
        layout.addSpacing(4)
        self._server_role = server_role  # signed in to a server: its account decides
        layout.addWidget(self._work_mode_box(work_mode))
        self.protect: QCheckBox | None = None
        self.protect_chosen = False  # then the passphrase is asked for next (EncryptDialog)
        if first_run and offer_encryption:
            layout.addSpacing(4)
            layout.addWidget(self._protect_box())
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

    def _work_mode_box(self, work_mode: str) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(label(self.tr("How will you use ReviewDesk?"), "h3", box))
        self.contributing = QRadioButton(
            self.tr("I am &contributing to a review (writing my own reflections)"), box
        )
        self.leading = QRadioButton(
            self.tr("I &lead reviews (packs for contributors, analysis, reports)"), box
        )
        self.work_modes = QButtonGroup(self)
        for b in (self.contributing, self.leading):
            self.work_modes.addButton(b)
            column.addWidget(b)
        self.set_work_mode(work_mode)
        self._laptop_work_mode = CONTRIBUTOR if work_mode == CONTRIBUTOR else LEAD  # kept
        self.work_mode_note = label(
            self.tr(
                "A contributor sees their review, its prompts and their private notes; a "
                "lead also sees the lead's tools. You can change this at any time (File, "
                "Your details)."
            ),
            "muted",
            box,
        )
        self.work_mode_note.setObjectName("workModeNote")
        column.addWidget(self.work_mode_note)
        if self._server_role is not None:
            self._follow_the_server()
        return box

    def _follow_the_server(self) -> None:
        """Signed in to a shared server, the account there decides which tools are shown,
        whatever this computer's setting says: the choice is shown as the account has it, it
        cannot be changed here, and the note says why (read out with each choice)."""
        lead = self._server_role != CONTRIBUTOR
        (self.leading if lead else self.contributing).setChecked(True)
        account = (
            self.tr("Your account on it is a lead's account, so you see the lead's tools.")
            if lead
            else self.tr(
                "Your account on it is a contributor's account, so you see the tools for "
                "contributing to a review."
            )
        )
        why = (
            self.tr(
                "You are signed in to your partnership's shared server, so your account there "
                "decides this, not the setting on this computer."
            )
            + " "
            + account
            + " "
            + self.tr(
                "If that looks wrong, please ask whoever looks after the server. The setting "
                "on this computer is kept as it is, for when you work in a library here."
            )
        )
        self.work_mode_note.setText(why)
        for choice in (self.contributing, self.leading):
            choice.setEnabled(False)
            choice.setAccessibleDescription(why)

    def set_work_mode(self, work_mode: str) -> None:
        (self.contributing if work_mode == CONTRIBUTOR else self.leading).setChecked(True)

    @property
    def work_mode(self) -> str:
        """The work mode to keep on this computer (on a server: unchanged, see above)."""
        if self._server_role is not None:
            return self._laptop_work_mode
        return CONTRIBUTOR if self.contributing.isChecked() else LEAD

    def _protect_box(self) -> QWidget:
        frame, box = card(self)
        box.addWidget(label(self.tr("Protect what you write"), "h3", frame))
        self.protect = QCheckBox(
            self.tr("&Protect this library with a passphrase (recommended)"), frame
        )
        self.protect.setToolTip(self.tr("Next you choose the passphrase, and keep a recovery key"))
        self.protect.setAccessibleDescription(translate_label(PROTECT_WHY))  # heard with it
        box.addWidget(self.protect)  # the choice first, in view on a 1366x768 screen
        box.addWidget(label(translate_label(PROTECT_WHY), "", frame))  # then its price
        return frame

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.name.setFocus()

    def accept(self) -> None:
        self.protect_chosen = self.protect is not None and self.protect.isChecked()
        wanted = Profile(self.name.text(), self.role.currentText(), self.agency.currentText())
        try:
            self.profile = self._save(wanted)
        except ValidationError as exc:
            self.name_message.show_problem(exc.problems.get("name", str(exc)))
            self.name.setFocus()
            return
        super().accept()
