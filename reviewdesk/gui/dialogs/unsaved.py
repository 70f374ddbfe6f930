"""Closing with writing that could not be saved: never without a decision."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.widgets.basics import button, label
from reviewdesk.gui.widgets.feedback import icon_label

KEEP, COPY, DISCARD = "keep", "copy", "discard"


class UnsavedDialog(QDialog):
    """``choice`` is KEEP (stay open, the default and Esc), COPY (save the text to a file
    first) or DISCARD (close and lose it)."""

    def __init__(self, reason: str, items: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self.choice = KEEP
        self.setWindowTitle(self.tr("Some writing is not saved"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(icon_label("warning", 28, self))
        top.addWidget(label(self.tr("Some of your writing is not saved"), "h2", self), 1)
        layout.addLayout(top)
        layout.addWidget(label(reason, "", self))
        shown = list(items[:8]) + (
            [self.tr("and %d more") % (len(items) - 8)] if len(items) > 8 else []
        )
        layout.addWidget(label("• " + "\n• ".join(shown), "muted", self))
        layout.addWidget(
            label(
                self.tr(
                    "If you close now, this writing will be lost. You can keep ReviewDesk open "
                    "while the problem is put right, or save a copy of the text to a file first."
                ),
                "",
                self,
            )
        )
        row = QHBoxLayout()
        self.discard_button = button(self.tr("Close and &lose it"), self)
        self.copy_button = button(self.tr("Save a &copy to a file..."), self)
        self.keep_button = button(self.tr("&Keep ReviewDesk open"), self, primary=True)
        self.keep_button.setDefault(True)
        self.discard_button.clicked.connect(lambda: self._choose(DISCARD))
        self.copy_button.clicked.connect(lambda: self._choose(COPY))
        self.keep_button.clicked.connect(lambda: self._choose(KEEP))
        row.addWidget(self.discard_button)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.keep_button)
        layout.addLayout(row)
        self.keep_button.setFocus()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == KEEP:
            self.reject()
        else:
            self.accept()
