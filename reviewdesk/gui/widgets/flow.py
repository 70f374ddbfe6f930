"""Rows that wrap, and buttons that shorten their words, when the room runs out.

At a large text size (up to 250%) on a small laptop screen, a row of labels or a long button
label is what makes a page scroll sideways. :class:`FlowLayout` lays its items out in a row and
carries on in the next line when the row is full (Qt's flow layout example, with one addition: a
trailing item marked to sit at the right does so whenever it fits on the last line, as a status
beside a heading does). :class:`ShorteningButton` and :class:`ShorteningToolButton` show their full
words when there is room and a shorter form when there is not, so the layout may make them
narrower; screen readers always hear the full words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore  # QtCore.Qt when used, not at start-up (widgets/basics.py)
from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

if TYPE_CHECKING:  # not imported at start-up: QResizeEvent brings QEvent's enums (3 ms)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QResizeEvent


class FlowLayout(QLayout):
    """Items left to right, wrapping onto new lines; the item added with ``at_right=True`` (the
    last) sits at the right of its line."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._right: QLayoutItem | None = None
        self.setContentsMargins(QMargins(0, 0, 0, 0))
        self.setSpacing(spacing)

    def add(self, widget: QWidget, *, at_right: bool = False) -> None:
        self.addWidget(widget)
        if at_right:
            self._right = self._items[-1]

    # --- QLayout ------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        if item is self._right:
            self._right = None
        return item

    def expandingDirections(self) -> Qt.Orientation:
        # (asked at every layout: QtCore.Qt is one look-up once built; an import here cost
        # some 4 us a call through PySide6's import hook)
        return QtCore.Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize().expandedTo(self._one_line())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # --- placing ------------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _one_line(self) -> QSize:
        items = self._visible()
        width = sum(_preferred(item).width() for item in items)
        width += self.spacing() * max(0, len(items) - 1)
        height = max((item.sizeHint().height() for item in items), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        gap = max(0, self.spacing())
        x, y, line_height = area.x(), area.y(), 0
        lines: list[list[tuple[QLayoutItem, QRect]]] = [[]]
        for item in self._visible():
            hint = _preferred(item)
            width = min(hint.width(), area.width())
            width = max(width, min(item.minimumSize().width(), area.width()))
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if lines[-1] and x + width > area.right() + 1:  # no room left on this line
                x, y = area.x(), y + line_height + gap
                line_height = 0
                lines.append([])
            lines[-1].append((item, QRect(QPoint(x, y), QSize(width, max(0, height)))))
            x += width + gap
            line_height = max(line_height, height)
        if move:
            for line in lines:
                tallest = max((geometry.height() for _, geometry in line), default=0)
                for item, geometry in line:
                    if item is self._right:  # flush right on its line
                        geometry.moveRight(area.right())
                    geometry.moveTop(geometry.top() + (tallest - geometry.height()) // 2)
                    item.setGeometry(geometry)
        return y + line_height - rect.y() + margins.bottom()


def _preferred(item: QLayoutItem) -> QSize:
    """The size ``item`` would like: a wrapping label's is its text on one line (Qt's own hint
    for a wrapping label is a guess at a pleasing shape, which would break short phrases)."""
    hint = item.sizeHint()
    widget = item.widget()
    if isinstance(widget, QLabel) and widget.wordWrap() and widget.pixmap().isNull():
        margins = widget.contentsMargins()
        extra = margins.left() + margins.right() + 2 * max(0, widget.margin()) + 2
        one_line = widget.fontMetrics().size(0, widget.text()).width() + extra
        return QSize(max(one_line, widget.minimumSizeHint().width()), hint.height())
    return hint


def _plain(text: str) -> str:
    """``text`` as shown: without the '&' that marks its access key ('&&' is a real '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class _Shortening:
    """Full words when they fit, the short form when not: put first among a button's bases, so
    its size hints and resize handling come before the Qt button's (reached with super())."""

    _long: str
    _short: str

    def _set_texts(self, full: str, short: str) -> None:
        button: QPushButton | QToolButton = self  # type: ignore[assignment]
        self._long, self._short = full, short
        button.setText(full)
        button.setAccessibleName(button.accessibleName() or _plain(full))
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _width_for(self, hint: QSize, text: str) -> int:
        button: QPushButton | QToolButton = self  # type: ignore[assignment]
        metrics = button.fontMetrics()
        shown = metrics.horizontalAdvance(_plain(button.text()))
        return hint.width() - shown + metrics.horizontalAdvance(_plain(text))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # type: ignore[misc]
        return QSize(self._width_for(hint, self._long), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().sizeHint()  # type: ignore[misc]
        return QSize(self._width_for(hint, self._short), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # type: ignore[misc]
        button: QPushButton | QToolButton = self  # type: ignore[assignment]
        text = self._long if button.width() >= self.sizeHint().width() else self._short
        if button.text() != text:
            button.setText(text)
            button.setToolTip("" if text == self._long else _plain(self._long))


class ShorteningButton(_Shortening, QPushButton):
    """A push button showing ``full`` when there is room for it, else ``short``."""

    def __init__(self, full: str, short: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._set_texts(full, short)


class ShorteningToolButton(_Shortening, QToolButton):
    """A tool button (text beside an icon) showing ``full`` when there is room, else ``short``."""

    def __init__(self, full: str, short: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._set_texts(full, short)
