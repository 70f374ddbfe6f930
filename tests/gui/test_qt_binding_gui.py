"""The Qt binding itself must not corrupt Python's memory.

PySide6 6.12.0 forgot a reference each time a Qt model's ``data()`` returned nothing (None): on
Python 3.11, where None is an ordinary object, every table, tree and list in the app wore None's
reference count down until Python aborted ("deallocating None"), after a few minutes of use.
pyproject.toml keeps PySide6 below 6.12; this test fails on any version with such a leak, so a
future upgrade cannot bring it back unnoticed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

ROLE = Qt.ItemDataRole.UserRole + 1
CALLS = 200  # few enough that a leaking binding fails this test rather than aborting it


def _none_refs_lost(read) -> int:  # type: ignore[no-untyped-def]
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        read()
    return before - sys.getrefcount(None)


def test_reading_an_empty_role_keeps_nones_reference_count(qapp) -> None:  # type: ignore[no-untyped-def]
    tree = QTreeWidget()
    item = QTreeWidgetItem(tree, ["a row"])
    index = tree.indexFromItem(item)
    model = QStandardItemModel()
    model.appendRow(QStandardItem("a cell"))
    cell = model.index(0, 0)
    readers = {
        "QTreeWidgetItem.data": lambda: item.data(0, ROLE),
        "QModelIndex.data": lambda: index.data(ROLE),
        "QStandardItemModel.data": lambda: model.data(cell, ROLE),
    }
    lost = {name: _none_refs_lost(read) for name, read in readers.items()}
    # A leak loses one reference per call (200 here); a few either way is ordinary noise.
    assert all(n < CALLS // 10 for n in lost.values()), lost
