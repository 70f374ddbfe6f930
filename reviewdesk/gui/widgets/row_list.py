"""An editable list of small rows: children (pseudonym, age) and household members (role, about)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.gui.icons import icon
from reviewdesk.gui.widgets.basics import button, label
from reviewdesk.gui.widgets.feedback import FieldMessage


class _Row:
    def __init__(self, first: QWidget, second: QLineEdit, remove: QToolButton) -> None:
        self.first = first
        self.second = second
        self.remove = remove
        self.message: FieldMessage | None = None

    def first_text(self) -> str:
        if isinstance(self.first, QComboBox):
            return self.first.currentText()
        assert isinstance(self.first, QLineEdit)
        return self.first.text()

    def set_first(self, text: str) -> None:
        if isinstance(self.first, QComboBox):
            self.first.setCurrentText(text)
        else:
            assert isinstance(self.first, QLineEdit)
            self.first.setText(text)


class RowList(QWidget):
    """Rows of two fields with a Remove button each, and an Add button below.

    ``noun`` names one row for people ("child", "household member"); ``choices`` makes the first
    field an editable drop-down (household roles).
    """

    changed = Signal()
    edited = Signal()  # a field lost focus after editing

    def __init__(
        self,
        noun: str,
        headers: tuple[str, str],
        placeholders: tuple[str, str],
        add_text: str,
        parent: QWidget | None = None,
        *,
        choices: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self._headers = headers
        self._placeholders = placeholders
        self._choices = choices
        self.rows: list[_Row] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(6)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 4)
        self._head = (label(headers[0], "small", self), label(headers[1], "small", self))
        self._grid.addWidget(self._head[0], 0, 0)
        self._grid.addWidget(self._head[1], 0, 1)
        outer.addLayout(self._grid)
        self.empty = label(self.tr("None added yet."), "muted", self)
        outer.addWidget(self.empty)
        self.add_button = button(add_text, self, icon_name="add")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        row = QVBoxLayout()
        row.addWidget(self.add_button, 0)
        outer.addLayout(row)
        self._refresh()

    def _make_first(self) -> QWidget:
        if self._choices:
            combo = QComboBox(self)
            combo.setEditable(True)
            combo.addItems(list(self._choices))
            combo.setCurrentText("")
            typed = combo.lineEdit()
            assert typed is not None  # an editable combo box has one
            typed.setPlaceholderText(self._placeholders[0])
            combo.currentTextChanged.connect(self.changed)
            typed.editingFinished.connect(self.edited)
            return combo
        line = QLineEdit(self)
        line.setPlaceholderText(self._placeholders[0])
        line.textChanged.connect(self.changed)
        line.editingFinished.connect(self.edited)
        return line

    def add_row(self, first: str = "", second: str = "", *, focus: bool = False) -> None:
        first_widget = self._make_first()
        second_widget = QLineEdit(self)
        second_widget.setPlaceholderText(self._placeholders[1])
        second_widget.textChanged.connect(self.changed)
        second_widget.editingFinished.connect(self.edited)
        remove = QToolButton(self)
        remove.setIcon(icon("remove"))
        row = _Row(first_widget, second_widget, remove)
        row.set_first(first)
        second_widget.setText(second)
        remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self._relayout()
        for w in (first_widget, second_widget, remove):
            w.show()  # at once (a layout would show them later), so the focus can move there
        self.changed.emit()
        if focus:
            first_widget.setFocus()

    def remove_row(self, row: _Row) -> None:
        index = self.rows.index(row)
        self.rows.pop(index)
        for w in (row.first, row.second, row.remove, row.message):
            if w is not None:
                self._grid.removeWidget(w)
                w.deleteLater()
        self._relayout()
        self.changed.emit()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].first.setFocus()
        else:
            self.add_button.setFocus()

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        for row in list(self.rows):
            for w in (row.first, row.second, row.remove, row.message):
                if w is not None:
                    self._grid.removeWidget(w)
                    w.deleteLater()
        self.rows.clear()
        for first, second in rows:
            self.add_row(first, second)
        self._relayout()

    def values(self) -> list[tuple[str, str]]:
        return [(r.first_text(), r.second.text()) for r in self.rows]

    def message_for(self, index: int) -> FieldMessage:
        row = self.rows[index]
        if row.message is None:
            row.message = FieldMessage(self)
            self._relayout()
        return row.message

    def _relayout(self) -> None:
        grid_row = 1
        previous: QWidget | None = None
        for i, row in enumerate(self.rows):
            n = i + 1
            self._grid.addWidget(row.first, grid_row, 0)
            self._grid.addWidget(row.second, grid_row, 1)
            self._grid.addWidget(row.remove, grid_row, 2)
            first_name = f"{self.noun.capitalize()} {n}: {self._headers[0].lower()}"
            row.first.setAccessibleName(first_name)
            row.second.setAccessibleName(
                f"{self.noun.capitalize()} {n}: {self._headers[1].lower()}"
            )
            row.remove.setAccessibleName(self.tr("Remove %s %d") % (self.noun, n))
            row.remove.setToolTip(self.tr("Remove %s %d") % (self.noun, n))
            grid_row += 1
            if row.message is not None:
                self._grid.addWidget(row.message, grid_row, 0, 1, 3)
                grid_row += 1
            # Tab order follows the rows: first field, second field, remove, next row...
            if previous is not None:
                QWidget.setTabOrder(previous, row.first)
            QWidget.setTabOrder(row.first, row.second)
            QWidget.setTabOrder(row.second, row.remove)
            previous = row.remove
        if previous is not None:
            QWidget.setTabOrder(previous, self.add_button)
        self._refresh()

    def _refresh(self) -> None:
        has_rows = bool(self.rows)
        self._head[0].setVisible(has_rows)
        self._head[1].setVisible(has_rows)
        self.empty.setVisible(not has_rows)
