"""The table of reviews on the library page: one row a review, Enter opens it.

Built once the library is open (see LibraryPage.attach), not at start-up: until then the page
says "Opening your library...", and the window is drawn without loading the item views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from reviewdesk.gui.widgets.basics import weighted

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel, QModelIndex
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QWidget


def warm_up() -> None:
    """Make the Python side of the Qt classes and enums the table uses, on the thread that
    opens the library, before the table is built on the GUI thread. PySide6 makes a class's
    enums the first time one is used (QStyle alone has fifteen, some of a hundred members):
    about a tenth of a second of the GUI thread's time when the table was first built and
    sized (issue 20). Touches no widget and no Qt object: only Python types."""
    from PySide6.QtCore import QItemSelectionModel as Selection
    from PySide6.QtWidgets import QStyle

    for enum in (
        QAbstractItemView.SelectionBehavior,
        QAbstractItemView.SelectionMode,
        QAbstractItemView.EditTrigger,
        QAbstractItemView.ScrollHint,
        QHeaderView.ResizeMode,
        QStyle.PixelMetric,
        QStyle.StyleHint,
        QFont.Weight,
        Qt.SortOrder,
        Qt.ItemDataRole,
        Qt.Orientation,
        Selection.SelectionFlag,
    ):
        len(enum)


class ReviewTable(QTableView):
    """Enter opens the selected review."""

    activated_row = Signal()

    def __init__(self, model: QAbstractItemModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(self.tr("Reviews in this library"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() * 2 + 12)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setFont(weighted(QFont.Weight.DemiBold))
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Widths are set from the header and a few sample texts (fit_columns), never by asking
        # the model for every row (ResizeToContents made 113,000 calls into Python for 867
        # reviews, and again on every sort and filter).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)

    def fit_columns(self, samples, columns=None) -> None:
        """Each column (but the title, which takes the rest) as wide as its header and the
        longest of ``samples(column)``: a few texts, not every row. ``columns``: only these."""
        header = self.horizontalHeader()
        model = self.model()
        plain = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        strong = QFontMetrics(bold)
        heading = QFontMetrics(header.font())
        pad = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 20
        for column in range(model.columnCount()) if columns is None else columns:
            if column == 1:
                continue
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            width = heading.horizontalAdvance(title) + 24  # room for the sort arrow
            for text in samples(column):
                width = max(width, strong.horizontalAdvance(text), plain.horizontalAdvance(text))
            header.resizeSection(column, min(width + pad, 420))

    def sort_by(self, column: int, order: int) -> None:
        self.sortByColumn(column, Qt.SortOrder(order))

    def make_current(self, index: QModelIndex) -> None:
        """Select the whole row of ``index``, make it current and scroll to it."""
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_row.emit()
            return
        super().keyPressEvent(event)
