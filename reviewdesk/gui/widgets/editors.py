"""Text editors for reflective writing: roomy, growing with the text, Tab moves on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QTextOption
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSizePolicy, QWidget


class WritingEdit(QPlainTextEdit):
    """A plain-text editor that grows with what is written (from ``min_lines`` to ``max_lines``,
    then scrolls), so a page of prompts reads as one page. Tab and Shift+Tab move between fields.

    ``focus_lost`` lets autosave save as the person moves on.
    """

    focus_lost = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        min_lines: int = 6,
        max_lines: int = 24,
        grow: bool = True,
    ) -> None:
        super().__init__(parent)
        self._min_lines = min_lines
        self._max_lines = max_lines
        self._grow = grow
        self._lines = 0
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(6)
        if grow:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.document().documentLayout().documentSizeChanged.connect(self._fit)
            self._fit()
        else:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _fit(self, *_: object) -> None:
        if not self._grow:
            return
        # Only on a change of line count (not every keystroke) does the height change.
        lines = max(self._min_lines, min(self._max_lines, int(self.document().size().height())))
        if lines == self._lines:
            return
        self._lines = lines
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        doc_margin = 2 * self.document().documentMargin()
        height = lines * metrics.lineSpacing() + doc_margin + margins.top() + margins.bottom() + 6
        self.setFixedHeight(int(height))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._lines = 0
            self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.focus_lost.emit()

    def set_text_quietly(self, text: str) -> None:
        """Replace the text without signalling an edit (for loading)."""
        blocked = self.blockSignals(True)
        try:
            self.setPlainText(text)
        finally:
            self.blockSignals(blocked)
        self._fit()


class LineEdit(QLineEdit):
    """A line edit that says when it loses focus (for autosave)."""

    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.focus_lost.emit()


class ReadingPane(QPlainTextEdit):
    """Someone else's words, read-only but selectable and reachable by keyboard."""

    def __init__(self, parent: QWidget | None = None, *, min_lines: int = 3) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTabChangesFocus(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(min_lines * self.fontMetrics().lineSpacing() + 20)
