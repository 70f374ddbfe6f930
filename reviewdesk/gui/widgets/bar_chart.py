"""A horizontal bar chart drawn with QPainter (PySide6-Essentials has no QtCharts).

Every bar carries its number in words beside it, so nothing depends on colour. The chart takes
the keyboard focus: Up and Down move between bars (the current one is outlined), Enter or Space
opens what is behind it, as does a click; ``activated`` says which bar's key.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Bar:
    key: str  # what ``activated`` reports
    label: str  # the category, drawn at the left
    value: int
    text: str = ""  # drawn after the bar (default: the value)

    @property
    def shown(self) -> str:
        return self.text or str(self.value)


class BarChart(QWidget):
    activated = Signal(str)
    ROW = 26

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.current = 0
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(False)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.current = min(self.current, max(0, len(self.bars) - 1))
        self._describe()
        self.updateGeometry()
        self.update()

    def _describe(self) -> None:
        parts = [f"{b.label}: {b.shown}" for b in self.bars]
        self.setAccessibleDescription("; ".join(parts))
        if self.bars:
            self.setToolTip(self.tr("Up and Down choose a bar; Enter lists the reviews behind it"))

    # --- size and drawing ---------------------------------------------------------------------

    def _row(self) -> int:
        return max(self.ROW, self.fontMetrics().height() + 10)

    def sizeHint(self) -> QSize:
        return QSize(420, self._row() * max(1, len(self.bars)) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0)
        return min(widest + 12, int(self.width() * 0.45))

    def bar_rect(self, index: int) -> QRectF:
        """Where bar ``index`` is drawn (its full row, for clicks)."""
        row = self._row()
        return QRectF(0, 4 + index * row, self.width(), row)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_colour = pal.color(QPalette.ColorRole.WindowText)
        bar_colour = pal.color(QPalette.ColorRole.Link)  # the app's accent
        metrics = self.fontMetrics()
        label_w = self._label_width()
        number_w = max((metrics.horizontalAdvance(b.shown) for b in self.bars), default=0) + 12
        room = max(10, self.width() - label_w - number_w - 8)
        top = max((b.value for b in self.bars), default=0) or 1
        row = self._row()
        for i, bar in enumerate(self.bars):
            rect = self.bar_rect(i)
            painter.setPen(text_colour)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 8)
            painter.drawText(
                QRectF(0, rect.top(), label_w - 8, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            length = room * bar.value / top
            bar_box = QRectF(label_w, rect.top() + 5, max(length, 1.5), row - 10)
            painter.fillRect(bar_box, bar_colour)
            painter.drawText(
                QRectF(label_w + length + 6, rect.top(), number_w, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                bar.shown,
            )
            if i == self.current and self.hasFocus():
                pen = QPen(text_colour)
                pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid)))
        painter.drawLine(label_w, 2, label_w, 4 + row * len(self.bars))
        painter.end()

    # --- keyboard and mouse -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.bars:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.current = max(0, min(len(self.bars) - 1, self.current + step))
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.bars:
            self.activated.emit(self.bars[self.current].key)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for i in range(len(self.bars)):
            if self.bar_rect(i).contains(event.position()):
                self.current = i
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.update()
                self.activated.emit(self.bars[i].key)
                return
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
