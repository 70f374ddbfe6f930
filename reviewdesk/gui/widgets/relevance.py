"""How relevant a theme was: not relevant / some relevance / significant.

A radio group, as the platform's own: Tab enters it at the chosen rating (or the first) and the
next Tab leaves it; the arrow keys move the choice and choose (Up/Left back, Down/Right on,
wrapping round), so a keyboard user rates with one key."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from reviewdesk.domain.review import Relevance
from reviewdesk.gui.widgets.basics import label

HINTS = {
    Relevance.NOT_RELEVANT: "This theme did not arise in my work on this case.",
    Relevance.SOME: "It played a part.",
    Relevance.SIGNIFICANT: "It shaped what happened.",
}


# Keyed by the key's number (QKeyEvent.key() is an int; Qt.Key is an IntEnum, so both match).
ARROWS: dict[int, int] = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Right: 1,
}


class RelevanceChoice(QWidget):
    changed = Signal()

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.question = label(question, "h3", self)
        layout.addWidget(self.question)
        row = QVBoxLayout()  # one above the other: readable at any text size
        row.setSpacing(2)
        self.group = QButtonGroup(self)
        self.buttons: dict[Relevance, QRadioButton] = {}
        texts = {
            Relevance.NOT_RELEVANT: self.tr("&Not relevant"),
            Relevance.SOME: self.tr("So&me relevance"),
            Relevance.SIGNIFICANT: self.tr("Si&gnificant"),
        }
        for value in Relevance:
            choice = QRadioButton(texts[value], self)
            choice.setToolTip(self.tr(HINTS[value]))
            choice.setAccessibleDescription(question + " " + self.tr(HINTS[value]))
            choice.installEventFilter(self)
            self.group.addButton(choice)
            self.buttons[value] = choice
            row.addWidget(choice)
        layout.addLayout(row)
        self.group.buttonToggled.connect(self._toggled)

    def _toggled(self, _button: QAbstractButton, on: bool) -> None:
        if on:
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            order = list(self.buttons.values())
            here = next((i for i, b in enumerate(order) if b is watched), None)
            step = ARROWS.get(event.key())
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if here is not None and step is not None and plain:
                target = order[(here + step) % len(order)]
                target.setFocus(Qt.FocusReason.TabFocusReason)
                target.setChecked(True)
                return True
        return super().eventFilter(watched, event)

    def value(self) -> Relevance | None:
        for value, choice in self.buttons.items():
            if choice.isChecked():
                return value
        return None

    def set_value(self, value: Relevance | None) -> None:
        blocked = self.group.blockSignals(True)
        try:
            if value is None:
                self.group.setExclusive(False)
                for choice in self.buttons.values():
                    choice.setChecked(False)
                self.group.setExclusive(True)
            else:
                self.buttons[value].setChecked(True)
        finally:
            self.group.blockSignals(blocked)
