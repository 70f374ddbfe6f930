"""Find within the review (Ctrl+F): a bar along the bottom of the workspace."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QToolButton, QWidget

from reviewdesk.gui.icons import icon
from reviewdesk.gui.widgets.basics import buddy, label


class _FindLine(QLineEdit):
    previous = Signal()
    escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.previous.emit()
            return
        super().keyPressEvent(event)


class FindBar(QFrame):
    search = Signal(str)
    next = Signal()
    previous = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(8)
        self.line = _FindLine(self)
        self.line.setPlaceholderText(
            self.tr("Words in the prompts, your answers and everyone's answers")
        )
        self.line.setClearButtonEnabled(True)
        self.line.setMaximumWidth(520)
        layout.addWidget(buddy(self.tr("F&ind in this review:"), self.line, self))
        layout.addWidget(self.line, 1)
        self.count = label("", "muted", self, wrap=False)
        layout.addWidget(self.count)
        self.prev_button = self._tool("prev", self.tr("Previous match (Shift+F3)"))
        self.next_button = self._tool("next", self.tr("Next match (F3 or Enter)"))
        self.close_button = self._tool("close", self.tr("Close find (Esc)"))
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(lambda: self.search.emit(self.line.text()))
        self.line.textChanged.connect(lambda _t: self._debounce.start())
        self.line.returnPressed.connect(self.next)
        self.line.previous.connect(self.previous)
        self.line.escape.connect(self.closed)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.closed)
        self.hide()

    def _tool(self, name: str, text: str) -> QToolButton:
        tool = QToolButton(self)
        tool.setIcon(icon(name))
        tool.setToolTip(text)
        tool.setAccessibleName(text)
        tool.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return tool

    def search_now(self) -> None:
        self._debounce.stop()
        self.search.emit(self.line.text())

    def show_count(self, current: int, total: int) -> None:
        if not self.line.text().strip():
            self.count.setText("")
        elif total == 0:
            self.count.setText(self.tr("No matches"))
        else:
            self.count.setText(self.tr("%d of %d") % (current + 1, total))
        self.count.setAccessibleName(self.count.text())
