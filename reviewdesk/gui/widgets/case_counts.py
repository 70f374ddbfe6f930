"""The dashboard's counts by the case record for analysis (issue 18, point 5): a period's
reviews counted by the incident, the harm type or a child's category (sex, ethnicity, disability,
special educational needs, legal status, education), optionally only among those where another
category has a given value. A chart and an accessible table with the same numbers; Enter or a
double click on a number lists the reviews behind it.

Nothing here reads the library: the dashboard window's background task groups the period's
reviews by every category once (:class:`~reviewdesk.domain.casefile.CaseGroups`, issue 20) and
:meth:`CaseCounts.set_groups` hands them over; choosing what to count by, or a condition, is then
a few set intersections on the GUI thread (milliseconds at 10,000 reviews).

Special-category data: only counts are shown, and the note beside them says that small numbers
can identify a child."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.casefile import (
    DIMENSIONS,
    FIELD_LABELS,
    NOT_RECORDED,
    CaseGroups,
    vocabulary,
)
from reviewdesk.domain.dashboard import Figure
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.models.table import Column, RowsModel
from reviewdesk.gui.widgets.bar_chart import Bar, BarChart

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

ShowFigure = Callable[[Figure, str], object]


def _dimension_box(parent: QWidget, name: str, first: str | None = None) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    if first is not None:
        box.addItem(first, None)
    for dim in DIMENSIONS:
        box.addItem(translate_label(FIELD_LABELS[dim]), dim)
    return box


class CaseCounts(QWidget):
    def __init__(self, services: Services, show: ShowFigure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services  # kept for callers; the counts come ready (set_groups)
        self._show = show
        self._groups: CaseGroups | None = None
        self.figures: tuple[Figure, ...] = ()
        heading = QLabel(self.tr("Reviews by the case record for analysis"), self)
        heading.setObjectName("sectionTitle")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        note = QLabel(
            self.tr(
                "Special-category data, counted by review (a review with two children counts "
                "once under each child's category). Small numbers can identify a child: take "
                "care before sharing them."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        self.count_by = _dimension_box(self, self.tr("Count reviews by"))
        self.where = _dimension_box(self, self.tr("Only reviews where"), self.tr("(all reviews)"))
        self.where_value = QComboBox(self)
        self.where_value.setAccessibleName(self.tr("has the value"))
        count_label = QLabel(self.tr("Cou&nt by:"), self)
        count_label.setBuddy(self.count_by)
        where_label = QLabel(self.tr("Only w&here:"), self)
        where_label.setBuddy(self.where)
        grid = QGridLayout()
        grid.addWidget(count_label, 0, 0)
        grid.addWidget(self.count_by, 0, 1)
        grid.addWidget(where_label, 1, 0)
        grid.addWidget(self.where, 1, 1)
        grid.addWidget(self.where_value, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)

        self.chart = BarChart(self.tr("Chart: reviews by the case record for analysis"), self)
        self.model = RowsModel(
            [
                Column(self.tr("Group"), lambda f: translate_label(f.label)),
                Column(self.tr("Reviews"), lambda f: str(f.count)),
            ],
            self,
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Table: reviews by the case record for analysis"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(self.tr("Enter or a double click lists the reviews behind a number"))
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QHBoxLayout()
        row.addWidget(self.chart, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.table, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.count_by.currentIndexChanged.connect(self.refresh)
        self.where.currentIndexChanged.connect(self._where_changed)
        self.where_value.currentIndexChanged.connect(self.refresh)
        self.table.activated.connect(lambda index: self._open(self.model.row(index)))
        self.chart.activated.connect(self._open_key)
        self._where_changed()

    def _where_changed(self, *_args: object) -> None:
        dim = self.where.currentData()
        self.where_value.blockSignals(True)
        self.where_value.clear()
        if dim is not None:
            for value in vocabulary(dim):
                self.where_value.addItem(translate_label(value.label), value.value)
            self.where_value.addItem(translate_label(NOT_RECORDED), "")
        self.where_value.setEnabled(dim is not None)
        self.where_value.blockSignals(False)
        self.refresh()

    def set_groups(self, groups: CaseGroups) -> None:
        """The period's reviews grouped by their case record (worked out off the GUI thread)."""
        self._groups = groups
        self.refresh()

    def condition(self) -> tuple[str, str] | None:
        dim = self.where.currentData()
        return None if dim is None else (dim, self.where_value.currentData() or "")

    def refresh(self, *_args: object) -> None:
        if self._groups is None:
            return
        self.figures = self._groups.figures(self.count_by.currentData(), self.condition())
        self.message.setText("")
        self.model.set_rows(list(self.figures))
        self.chart.set_bars([Bar(f.key, translate_label(f.label), f.count) for f in self.figures])
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.model.rowCount())) + 2
        self.table.setFixedHeight(max(height, 60))

    def _open_key(self, key: str) -> None:
        for f in self.figures:
            if f.key == key:
                self._open(f)

    def _open(self, figure: Figure) -> None:
        self._show(figure, f"{self.count_by.currentText()}: {translate_label(figure.label)}")
