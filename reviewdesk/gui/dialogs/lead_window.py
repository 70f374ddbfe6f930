"""The lead toolkit in a window of its own (non-modal, so reflections stay open beside it).

Esc, Close and the window's close button all come through ``reject()``: with changes not saved
on any page it asks Save / Don't save / Cancel first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from reviewdesk.gui.fit import fit_when_shown
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
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        reference = services.reviews.summary(review_id).reference
        self.setWindowTitle(self.tr("Analysis: %s") % reference)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.resize(1180, 760)
        layout = QVBoxLayout(self)
        self.toolkit = LeadToolkit(services, review_id, self, changes)
        layout.addWidget(self.toolkit, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reject(self) -> None:
        if self.toolkit.settle():
            self.toolkit.briefing.saver.stop()  # a closed window is never shown again
            super().reject()
