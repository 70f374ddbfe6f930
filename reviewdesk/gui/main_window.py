"""The main window (a first library view; the guided workspace builds on it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk import APP_NAME


class MainWindow(QMainWindow):
    COLUMNS = ("Reference", "Title", "Type", "Status", "Progress")

    def __init__(self, services, paths) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._services = services
        self._paths = paths
        self.setWindowTitle(APP_NAME)
        self.resize(960, 600)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        heading = QLabel(self.tr("Your reviews"), central)
        heading.setObjectName("heading")
        heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        layout.addWidget(heading)
        note = QLabel(
            self.tr("Everything you write stays on this computer, in %s.") % str(paths.data_dir),
            central,
        )
        note.setWordWrap(True)
        layout.addWidget(note)

        self.table = QTableWidget(0, len(self.COLUMNS), central)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setAccessibleName(self.tr("Reviews in this library"))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.demo_button = QPushButton(self.tr("Add the &demo review"), central)
        self.demo_button.clicked.connect(self.add_demo)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setCentralWidget(central)
        self.refresh()

    def refresh(self) -> None:
        reviews = self._services.reviews.list_reviews()
        self.table.setRowCount(len(reviews))
        for row, r in enumerate(reviews):
            cells = (
                r.reference,
                r.title,
                r.review_type.label,
                r.status.label + (self.tr(" (archived)") if r.archived else ""),
                f"{r.progress.answered} / {r.progress.total}",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(row, col, item)
        self.statusBar().showMessage(self.tr("%n review(s)", "", len(reviews)))

    def add_demo(self) -> None:
        self._services.exchange.add_demo()
        self.refresh()
