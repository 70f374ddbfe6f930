"""A section that opens and closes ("Why this theme matters"), by mouse or keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from reviewdesk.gui.icons import icon
from reviewdesk.gui.widgets.basics import weighted
from reviewdesk.gui.widgets.flow import ShorteningToolButton


class Disclosure(QWidget):
    toggled = Signal(bool)

    def __init__(
        self, title: str, body: QWidget, parent: QWidget | None = None, *, short: str = ""
    ) -> None:
        """``short``: fewer words for the button when the page is too narrow for ``title`` (at a
        large text size on a small screen); screen readers always hear ``title``."""
        super().__init__(parent)
        self.button: QToolButton = (
            ShorteningToolButton(title, short, self) if short else QToolButton(self)
        )
        self.button.setText(title)
        self.button.setProperty("disclosure", True)
        self.button.setFont(weighted(QFont.Weight.DemiBold))
        self.button.setCheckable(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.button.setAccessibleName(title)
        self.body = body
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(body)
        self.button.toggled.connect(self._show)
        self.set_expanded(True)

    def _show(self, expanded: bool) -> None:
        self.body.setVisible(expanded)
        self.button.setIcon(icon("chevron-down" if expanded else "chevron-right"))
        state = self.tr("expanded") if expanded else self.tr("collapsed")
        self.button.setAccessibleDescription(state)
        self.toggled.emit(expanded)

    def set_expanded(self, expanded: bool) -> None:
        if self.button.isChecked() == expanded:
            self._show(expanded)
        else:
            self.button.setChecked(expanded)

    def expanded(self) -> bool:
        return self.button.isChecked()
