"""The review's name key: real names and the pseudonym or role that replaces them in every
document. The key itself stays in this library: no export, JSON file or pack holds it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.fit import fit_when_shown

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services


class NameKeyDialog(QDialog):
    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # within the screen, however small (gui/fit.py); on a short one all but Close scrolls
        fit_when_shown(self, scroll_keep=1)
        self._names = services.names
        self._review_id = review_id
        self.setWindowTitle(self.tr("Name key"))
        # Sized by the text: at 200% a fixed 620x460 cut the explanation short and left the
        # list no rows (fit_when_shown then keeps it within the screen).
        metrics = self.fontMetrics()
        self.resize(max(620, metrics.averageCharWidth() * 80), max(460, metrics.lineSpacing() * 24))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "You may write real names while you reflect. Every document made from this "
                "review replaces them with the pseudonym or role given here (whole words, any "
                "case, with or without accents, possessives kept). This key never leaves this "
                "computer: it is not in any export, review file or case pack."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Real name"), self.tr("Replaced by")])
        self.table.setAccessibleName(self.tr("Names and their pseudonyms"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.real = QLineEdit(self)
        self.pseudonym = QLineEdit(self)
        self.pseudonym.setPlaceholderText(self.tr("for example: Child A, Mother, Health Visitor 1"))
        real_label = QLabel(self.tr("&Real name:"), self)
        real_label.setBuddy(self.real)
        pseudonym_label = QLabel(self.tr("Re&placed by:"), self)
        pseudonym_label.setBuddy(self.pseudonym)
        form.addRow(real_label, self.real)
        form.addRow(pseudonym_label, self.pseudonym)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add or change"), self)
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Re&move the selected name"), self)
        self.remove_button.clicked.connect(self.remove)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.message, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        entries = self._names.entries(self._review_id)
        self.table.setRowCount(len(entries))
        for i, entry in enumerate(entries):
            self.table.setItem(i, 0, QTableWidgetItem(entry.real_name))
            self.table.setItem(i, 1, QTableWidgetItem(entry.pseudonym))
        self.remove_button.setEnabled(bool(entries))

    def add(self) -> None:
        try:
            self._names.add(self._review_id, self.real.text(), self.pseudonym.text())
        except ReviewDeskError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Saved."))
        self.real.clear()
        self.pseudonym.clear()
        self.real.setFocus()
        self.refresh()

    def remove(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.message.setText(self.tr("Choose a name in the list first."))
            return
        item = self.table.item(row, 0)
        if item is None:  # the row has no name cell (never, as the table is filled)
            return
        self._names.remove(self._review_id, item.text())
        self.message.setText(self.tr("Removed."))
        self.refresh()
