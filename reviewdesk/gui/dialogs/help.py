"""Help: keyboard shortcuts and About."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk import APP_NAME, __version__
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.widgets.basics import button, card, close_row, label, logo_heading


class ShortcutsDialog(QDialog):
    """Every shortcut, read from the actions themselves so the list is never out of date."""

    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(label(self.tr("Keyboard shortcuts"), "h2", self))
        layout.addWidget(
            label(
                self.tr(
                    "Everything in ReviewDesk can be done from the keyboard. Tab and Shift+Tab "
                    "move between fields; Alt with an underlined letter presses that button."
                ),
                "muted",
                self,
            )
        )
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("What"), self.tr("Keys")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)
        layout.addLayout(close_row(self))


class AboutDialog(QDialog):
    def __init__(
        self,
        data_folder: str,
        how: str,
        framework_lines: Sequence[str],
        open_folder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=1)  # within the screen, however small (gui/fit.py)
        self.setWindowTitle(self.tr("About %s") % APP_NAME)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        self.version = label(self.tr("Version %s") % __version__, "muted", self)
        about = self.tr(
            "A calm, private workspace for learning from serious child-safeguarding incidents, "
            "theme by theme."
        )
        layout.addLayout(logo_heading(self, APP_NAME, self.version, label(about, "", self)))

        data, box = card(self)
        box.addWidget(label(self.tr("Your data folder"), "h3", data))
        self.folder = label(data_folder, "", data)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.folder)
        box.addWidget(label(self.tr("Chosen by: %s.") % how, "small", data))
        box.addWidget(
            label(
                self.tr(
                    "Everything you write is kept here, on this computer only. ReviewDesk makes "
                    "no network connections and sends nothing anywhere."
                ),
                "muted",
                data,
            )
        )
        show = button(self.tr("Show the data &folder"), data, icon_name="folder")
        show.clicked.connect(open_folder)
        box.addWidget(show, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(data)

        fw, box = card(self)
        box.addWidget(label(self.tr("The practice framework"), "h3", fw))
        self.framework = label("\n".join(framework_lines), "", fw)
        box.addWidget(self.framework)
        layout.addWidget(fw)
        layout.addWidget(label(self.tr("Free software under the MIT licence."), "small", self))
        layout.addLayout(close_row(self))
