"""Choose a period: quick choices (this financial year, the last 12 months, all time) or two
dates typed the UK way (either may be left empty: no start, or no end). ``period()`` gives a
:class:`Period`, or None while a date cannot be read (``problem()`` then says why, in words)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from reviewdesk.domain.dashboard import EARLIEST, LATEST, Period
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import ReviewType
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.widgets.date_field import DateField

FINANCIAL_YEAR, LAST_12, ALL_TIME, CHOSEN = range(4)


class PeriodPicker(QWidget):
    changed = Signal()

    def __init__(
        self,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        *,
        with_types: bool = True,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._filling = False
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.quick = QComboBox(self)
        self.quick.addItems(
            [
                self.tr("This financial year (April to March)"),
                self.tr("Last 12 months"),
                self.tr("All time"),
                self.tr("Dates I choose"),
            ]
        )
        quick_label = QLabel(self.tr("&Period:"), self)
        quick_label.setBuddy(self.quick)
        self.date_from = DateField(self.tr("first day"), self)
        self.date_from.set_label(self.tr("From"))
        from_label = QLabel(self.tr("&From:"), self)
        from_label.setBuddy(self.date_from)
        self.date_to = DateField(self.tr("last day"), self)
        self.date_to.set_label(self.tr("To"))
        to_label = QLabel(self.tr("&To:"), self)
        to_label.setBuddy(self.date_to)
        grid.addWidget(quick_label, 0, 0)
        grid.addWidget(self.quick, 0, 1)
        grid.addWidget(from_label, 0, 2)
        grid.addWidget(self.date_from, 0, 3)
        grid.addWidget(to_label, 0, 4)
        grid.addWidget(self.date_to, 0, 5)
        self.types: QComboBox | None = None
        if with_types:
            self.types = QComboBox(self)
            self.types.addItem(self.tr("All types of review"), "")
            for kind in ReviewType:
                self.types.addItem(translate_label(kind.label), kind.value)
            types_label = QLabel(self.tr("T&ype:"), self)
            types_label.setBuddy(self.types)
            grid.addWidget(types_label, 0, 6)
            grid.addWidget(self.types, 0, 7)
            self.types.currentIndexChanged.connect(self._emit)
        grid.setColumnStretch(8, 1)
        self.quick.currentIndexChanged.connect(self._quick_chosen)
        self.date_from.line.editingFinished.connect(self._dates_typed)
        self.date_to.line.editingFinished.connect(self._dates_typed)
        self._quick_chosen(FINANCIAL_YEAR)

    def set_period(self, period: Period) -> None:
        self._filling = True
        self.quick.setCurrentIndex(CHOSEN)
        self._set_dates(period)
        self._filling = False
        self._emit()

    def _set_dates(self, period: Period) -> None:
        self.date_from.set_value(None if period.date_from <= EARLIEST else period.date_from)
        self.date_to.set_value(None if period.date_to >= LATEST else period.date_to)

    def _quick_chosen(self, index: int) -> None:
        if self._filling or index == CHOSEN:
            return
        today = self._today()
        choice = {
            FINANCIAL_YEAR: Period.financial_year,
            LAST_12: Period.last_12_months,
            ALL_TIME: Period.all_time,
        }[index](today)
        self._filling = True
        self._set_dates(choice)
        self._filling = False
        self._emit()

    def _dates_typed(self) -> None:
        if self._filling:
            return
        current = self.period()
        if current is not None and self.quick.currentIndex() != CHOSEN:
            quick = {
                FINANCIAL_YEAR: Period.financial_year,
                LAST_12: Period.last_12_months,
                ALL_TIME: Period.all_time,
            }[self.quick.currentIndex()](self._today())
            if (quick.date_from, quick.date_to) == (current.date_from, current.date_to):
                return
            self._filling = True
            self.quick.setCurrentIndex(CHOSEN)
            self._filling = False
        self._emit()

    def _emit(self) -> None:
        if not self._filling:
            self.changed.emit()

    def problem(self) -> str:
        if not self.date_from.is_valid() or not self.date_to.is_valid():
            return self.tr("Please write dates as 01/04/2025.")
        try:
            self._build()
        except ValidationError as exc:
            return str(exc)
        return ""

    def _build(self) -> Period:
        kinds: tuple[ReviewType, ...] = ()
        if self.types is not None and self.types.currentData():
            kinds = (ReviewType(self.types.currentData()),)
        first = self.date_from.value() or EARLIEST
        return Period(first, self.date_to.value() or LATEST, kinds)

    def period(self) -> Period | None:
        if not self.date_from.is_valid() or not self.date_to.is_valid():
            return None
        try:
            return self._build()
        except ValidationError:
            return None
