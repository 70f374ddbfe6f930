"""How relevant a theme was: not relevant / some relevance / significant."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from reviewdesk.domain.review import Relevance
from reviewdesk.gui.widgets.basics import label

HINTS = {
    Relevance.NOT_RELEVANT: "This theme did not arise in my work on this case.",
    Relevance.SOME: "It played a part.",
    Relevance.SIGNIFICANT: "It shaped what happened.",
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
            self.group.addButton(choice)
            self.buttons[value] = choice
            row.addWidget(choice)
        layout.addLayout(row)
        self.group.buttonToggled.connect(lambda _b, on: on and self.changed.emit())

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
