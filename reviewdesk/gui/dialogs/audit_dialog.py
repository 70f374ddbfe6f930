"""The audit trail, for a review lead: who changed what, and when (never what anyone wrote).

Built from services only (``services.audit``): reads :class:`reviewdesk.domain.audit.AuditEntry`
rows and can check the hash chain on request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.wording import plural

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services


class AuditDialog(QDialog):
    # "Who" is the name in the person's ReviewDesk profile; beside it, the operating-system
    # account and the computer the change was made on (issue 19; blank on older entries).
    COLUMNS = ("No.", "When", "Who", "Account", "Computer", "What happened", "Review", "Details")

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, reference: str | None = None
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._reference = reference
        self.setWindowTitle(self.tr("Audit trail"))
        # Sized by the text (fit_when_shown keeps it within the screen): at 200% a fixed
        # 900x520 showed two entries and hid What happened to the side.
        metrics = self.fontMetrics()
        self.resize(
            max(900, metrics.averageCharWidth() * 130), max(520, metrics.lineSpacing() * 30)
        )

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Every change to this library is recorded here: who made it (their ReviewDesk "
                "name, the computer account they were signed in to and the computer's name), "
                "what it was and when. The words people wrote are never recorded. Entries "
                "cannot be changed or deleted, and each one is linked to the one before, so any "
                "tampering shows."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setAccessibleName(self.tr("Audit trail entries, newest first"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.verify_button = QPushButton(self.tr("&Check the trail"), self)
        self.verify_button.clicked.connect(self.verify)
        row.addWidget(self.verify_button)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.verdict, 1)
        layout.addLayout(row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        entries = self._services.audit.entries(reference=self._reference)
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            cells = (
                str(e.seq),
                e.at.astimezone().strftime("%d %b %Y, %H:%M"),
                e.who,
                e.account or self.tr("not recorded"),
                e.computer or self.tr("not recorded"),
                translate_label(e.label),
                e.reference,
                e.details,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.seq)
                self.table.setItem(r, c, item)
        self.verdict.setText(plural(len(entries), self.tr("1 entry."), self.tr("%d entries.")))

    def verify(self) -> None:
        try:
            verdict = self._services.audit.verify()
        except ReviewDeskError as exc:  # on a server, a contributor may not check it all
            self.verdict.setText(str(exc))
            return
        if verdict.ok:
            self.verdict.setText(
                self.tr("✔ Intact: all %1 entries check out (latest fingerprint %2…).")
                .replace("%1", str(verdict.checked))
                .replace("%2", verdict.latest_hash[:16])
            )
        else:
            self.verdict.setText(self.tr("✘ ") + verdict.message())
