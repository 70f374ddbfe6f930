"""An optional date, typed the UK way (14/02/2026) or picked from a calendar."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from reviewdesk.gui.icons import icon

FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y")


def parse_date(text: str) -> date | None:
    """A date from what a person typed; None when blank. Raises ValueError when unreadable."""
    text = " ".join(text.split())
    if not text:
        return None
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def show_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class _Line(QLineEdit):
    calendar_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit_to_font()

    def _fit_to_font(self) -> None:
        """Wide enough for a whole date, never much wider, at the text size of the moment
        (worked out once, a date was cut to "1/2026" at 200%, or squeezed by its neighbours)."""
        whole = self.fontMetrics().horizontalAdvance("00/00/00000")
        self.setMinimumWidth(whole + 12)
        self.setMaximumWidth(whole + 40)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.calendar_requested.emit()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """``value()`` is a date or None; ``is_valid()`` is False while the text cannot be read."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = _Line(self)
        self.line.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.line.editingFinished.connect(self._tidy)
        self.line.textChanged.connect(self.changed)
        self.line.calendar_requested.connect(self._pick)
        self.pick = QToolButton(self)
        self.pick.setIcon(icon("calendar"))
        self.pick.setAccessibleName(self.tr("Choose the %s from a calendar") % name)
        self.pick.setToolTip(self.tr("Choose from a calendar (Alt+Down)"))
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down in the field does the same
        self.pick.clicked.connect(self._pick)
        layout.addWidget(self.line)
        layout.addWidget(self.pick)
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def set_label(self, text: str) -> None:
        self.line.setAccessibleName(text)

    def value(self) -> date | None:
        try:
            return parse_date(self.line.text())
        except ValueError:
            return None

    def is_valid(self) -> bool:
        try:
            parse_date(self.line.text())
        except ValueError:
            return False
        return True

    def set_value(self, value: date | None) -> None:
        self.line.setText(show_date(value))

    def _tidy(self) -> None:
        if self.is_valid():
            tidy = show_date(self.value())
            if tidy != self.line.text():
                self.line.setText(tidy)

    def _pick(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(False)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        current = self.value() or date.today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(qdate: QDate) -> None:
            self.set_value(date(qdate.year(), qdate.month(), qdate.day()))
            menu.close()
            self.line.setFocus()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        menu.popup(self.pick.mapToGlobal(self.pick.rect().bottomLeft()))
        calendar.setFocus()
