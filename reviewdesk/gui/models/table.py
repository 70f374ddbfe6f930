"""A read-only table model over a list of frozen read models, defined by its columns.

    model = RowsModel([Column("Date", lambda e: e.date_label), ...])
    model.set_rows(entries)          # replaces every row (views keep working)
    model.row(index) -> the read model behind a row; model.row_of(id) -> its row number

Each column gives the text shown, and may give a tooltip, an icon and a sort key. ``ID_ROLE``
returns the read model's ``id``. Nothing here touches a service: pages re-read and set rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    tooltip: Callable[[Any], str] | None = None
    icon: Callable[[Any], QIcon | None] | None = None
    sort: Callable[[Any], Any] | None = None
    bold: Callable[[Any], bool] | None = None


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []

    # --- filling ------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row(self, index: int | Index) -> Any:
        number = index if isinstance(index, int) else index.row()
        return self._rows[number]

    def row_of(self, item_id: int) -> int:
        for number, item in enumerate(self._rows):
            if getattr(item, "id", None) == item_id:
                return number
        return -1

    # --- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(item) if column.tooltip else column.text(item)
        if role == Qt.ItemDataRole.DecorationRole and column.icon:
            return column.icon(item)
        if role == Qt.ItemDataRole.FontRole and column.bold and column.bold(item):
            font = QFont()
            font.setBold(True)
            return font
        if role == ID_ROLE:
            return getattr(item, "id", None)
        if role == SORT_ROLE:
            return column.sort(item) if column.sort else column.text(item)
        return None
