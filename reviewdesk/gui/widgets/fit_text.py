"""Keep a dialog tall enough for its words.

A dialog is sized once, when it opens. When a message appears later (a wrong passphrase, the
passphrase-strength line growing as it is typed), Qt squeezes the wrapped labels into the room
already there and the ends of sentences disappear. ``grow_with_text(dialog)`` watches the
dialog's layout: whenever it changes, the dialog's minimum height becomes the least height its
contents need at its present width (every wrapped label whole, the rest at its minimum), never
more than the screen's free area, and the dialog grows to it if it was smaller. Resizing the
dialog narrower asks again, so text is never squeezed out of sight.

Put wrapped messages in box layouts (QVBoxLayout), not as spanning rows of a QFormLayout: a
form layout under-counts the height a wrapped row needs, and no dialog size can make up for it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog

from reviewdesk.gui import fit


class _GrowWithText(QObject):
    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._busy = False
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._dialog and event.type() in (
            QEvent.Type.LayoutRequest,
            QEvent.Type.Resize,
            QEvent.Type.Show,
        ):
            self.fit()
        return False

    def fit(self) -> None:
        dialog, layout = self._dialog, self._dialog.layout()
        if self._busy or layout is None:
            return
        self._busy = True
        try:
            margins = fit.frame_margins(dialog)  # the screen's free area, as gui/fit.py sees it
            most = fit.available_area(dialog).height() - margins.top() - margins.bottom()
            layout.activate()
            needed = (
                layout.totalMinimumHeightForWidth(dialog.width())
                if layout.hasHeightForWidth()
                else layout.totalMinimumSize().height()
            )
            self._at_least(min(needed, most))
        finally:
            self._busy = False

    def _at_least(self, height: int) -> None:
        dialog = self._dialog
        if dialog.minimumHeight() != height:
            dialog.setMinimumHeight(height)
        if dialog.height() < height:
            dialog.resize(dialog.width(), height)
        layout = dialog.layout()
        if layout is not None:
            layout.activate()


def grow_with_text(dialog: QDialog) -> None:
    """Make ``dialog`` keep every wrapped message whole as its text changes (see above)."""
    if dialog.findChild(_GrowWithText) is None:
        _GrowWithText(dialog)
