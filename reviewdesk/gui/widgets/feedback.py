"""Feedback that never relies on colour alone: the save status, the banner, field messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reviewdesk.gui.icons import icon
from reviewdesk.gui.widgets.basics import button, label
from reviewdesk.gui.wording import plural

if TYPE_CHECKING:
    from datetime import datetime

    from reviewdesk.gui.autosave import SaveState


def icon_label(name: str, side: int, parent: QWidget | None = None) -> QLabel:
    widget = QLabel(parent)
    widget.setPixmap(icon(name).pixmap(side, side))
    widget.setFixedSize(side, side)
    return widget


def clock(at: datetime) -> str:
    """A commit time as the person's own clock shows it: 14:02."""
    return at.astimezone().strftime("%H:%M")


class SaveStatus(QWidget):
    """ "Saving..." then "Saved 14:02", with an icon and words (never colour alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(4)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self._show("saved", self.tr("Your writing saves itself as you go"))

    def show_state(self, state: SaveState | None, saved_at: datetime | None) -> None:
        from reviewdesk.gui.autosave import SaveState  # with the first review, not at start-up

        if state is SaveState.FAILED:
            name, words = "warning", self.tr("Not saved yet: trying again")
        elif state in (SaveState.PENDING, SaveState.SAVING):
            name, words = "saving", self.tr("Saving...")
        elif state is SaveState.SAVED and saved_at is not None:
            name, words = "saved", self.tr("Saved %s") % clock(saved_at)
        else:
            name, words = "saved", self.tr("Your writing saves itself as you go")
        self._show(name, words)

    def _show(self, name: str, words: str) -> None:
        side = max(14, self.fontMetrics().height())
        self.icon.setPixmap(icon(name).pixmap(side, side))
        self.text.setText(words)
        self.setAccessibleName(words)


class Banner(QFrame):
    """A clear message across the top of the workspace (a save that failed)."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(12)
        layout.addWidget(icon_label("warning", 22, self), 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title = label(self.tr("Your latest changes are not saved yet"), "h3", self)
        self.text = label("", "", self)
        texts.addWidget(self.title)
        texts.addWidget(self.text)
        layout.addLayout(texts, 1)
        self.retry = button(self.tr("Try &again now"), self, icon_name="saving")
        self.retry.clicked.connect(self.retry_requested)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(self.tr("Warning"))
        self.hide()

    def show_failure(self, reason: str, retry_in_ms: int) -> None:
        """``retry_in_ms`` 0: not retried (what was typed needs putting right first)."""
        if retry_in_ms <= 0:
            self.text.setText(
                self.tr(
                    "%s Your text is safe in this window: nothing you typed has been lost. "
                    "It is saved as soon as that is done."
                )
                % reason
            )
        else:
            seconds = max(1, round(retry_in_ms / 1000))
            when = plural(seconds, self.tr("in 1 second"), self.tr("in %d seconds"))
            self.text.setText(
                self.tr(
                    "%s Your text is safe in this window: nothing you typed has been lost. "
                    "ReviewDesk will try again %s, and keeps trying."
                )
                % (reason, when)
            )
        self.setAccessibleDescription(self.title.text() + ". " + self.text.text())
        self.show()
        from PySide6.QtGui import QAccessible, QAccessibleEvent  # only when there is news

        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))


class FieldMessage(QFrame):
    """A message under a form field: a problem to put right, or a caution to confirm.

    A caution ("The notification date is before the incident date. Is that right?") comes with a
    check box; until it is ticked the form will not go on.
    """

    confirmed_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.icon = QLabel(self)
        self.text = label("", "", self)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        layout.addLayout(row)
        self.confirm = QCheckBox(self.tr("Yes, that is right"), self)
        self.confirm.toggled.connect(self.confirmed_changed)
        layout.addWidget(self.confirm)
        self.kind = ""
        self.message = ""
        self.clear()

    def _icon(self, name: str) -> None:
        side = max(14, self.fontMetrics().height())
        self.icon.setPixmap(icon(name).pixmap(side, side))

    def show_problem(self, message: str) -> None:
        self.kind, self.message = "problem", message
        self.setProperty("kind", "problem")
        self._icon("warning")
        # The message is a whole sentence that already says what to do ("Please enter the
        # reference."); the warning sign and the coloured edge mark it as a problem, and the
        # accessible description says so to a screen reader.
        self.text.setText(message)
        self.text.setAccessibleDescription(self.tr("Problem"))
        self.confirm.hide()
        self._refresh()

    def show_caution(self, message: str, confirm_text: str, confirmed: bool) -> None:
        if self.kind != "caution" or self.message != message:
            self.confirm.setChecked(confirmed)
        self.kind, self.message = "caution", message
        self.setProperty("kind", "caution")
        self._icon("info")
        self.text.setText(message)
        self.text.setAccessibleDescription("")
        self.confirm.setText(confirm_text)
        self.confirm.setAccessibleDescription(message)
        self.confirm.show()
        self._refresh()

    def clear(self) -> None:
        self.kind, self.message = "", ""
        self.setProperty("kind", "")
        self.confirm.blockSignals(True)
        self.confirm.setChecked(False)
        self.confirm.blockSignals(False)
        self.hide()

    def _refresh(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    @property
    def confirmed(self) -> bool:
        return self.kind == "caution" and self.confirm.isChecked()
