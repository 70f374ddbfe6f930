"""The lead toolkit in a window of its own (non-modal, so reflections stay open beside it).

Esc, Close and the window's close button all come through ``reject()``: with changes not saved
on any page it asks Save / Don't save / Cancel first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from reviewdesk.gui import fit
from reviewdesk.gui.pages.analysis import LeadToolkit

if TYPE_CHECKING:
    from reviewdesk.gui.changes import ChangesHub
    from reviewdesk.services.bundle import Services


class LeadToolkitWindow(QDialog):
    def __init__(
        self,
        services: Services,
        review_id: int,
        parent: QWidget | None = None,
        changes: ChangesHub | None = None,
    ) -> None:
        super().__init__(parent)
        reference = services.reviews.summary(review_id).reference
        self.setWindowTitle(self.tr("Analysis: %s") % reference)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        grow = max(1.0, self.fontMetrics().lineSpacing() / 17)  # 17: a line at 100% text
        self.resize(round(1180 * grow), round(760 * grow))  # fitted to the screen when shown
        layout = QVBoxLayout(self)
        self.toolkit = LeadToolkit(services, review_id, self, changes)
        layout.addWidget(self.toolkit, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Within the screen, however small (gui/fit.py); never scrolling sideways: each tab's
        # form goes under its table when the window is narrow (pages/analysis/common.py). On a
        # screen too short for the tallest tab (1280x720 at 125%) the tabs scroll up and down,
        # with Close kept in view.
        area = fit.available_area(self)
        short = self.minimumSizeHint().height() + 48 > area.height()  # 48: a title bar, a border
        fit.fit_when_shown(self, scroll_keep=1 if short else None)

    def reject(self) -> None:
        if self.toolkit.settle():
            self.toolkit.briefing.saver.stop()  # a closed window is never shown again
            super().reject()
