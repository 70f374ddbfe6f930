"""The one hub for "what changed" (issue 21, point 2; Anki's ``aqt/operations`` is the model).

The main window owns one :class:`ChangesHub`. A write path (the workspace's autosave, a lead
toolkit page's Save, an import, a new review) announces a :class:`~reviewdesk.domain.changes.
Changes` after its commit has returned; each view that shows the library's data (the library,
the review workspace, the lead toolkit, search and the dashboard) follows the hub once, with
:meth:`ChangesHub.follow`, and reads again only what it shows. A view that is not visible is
not refreshed: what it missed is kept (merged) and handed to it when it is next shown.

    hub.announce(Changes.of(review_id, Kind.ANALYSIS, source=self))
    hub.follow(self, self._changes_seen)   # in a view: called now, or when next shown
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore  # QtCore.Qt when used, not at start-up (widgets/basics.py)
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reviewdesk.domain.changes import Changes, Kind

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

__all__ = ["Changes", "ChangesHub", "Kind"]

Seen = Callable[[Changes], None]


class ChangesHub(QObject):
    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def follow(self, view: QWidget, seen: Seen) -> None:
        """Call ``seen(changes)`` for every announcement while ``view`` is shown; while it is
        hidden, once, when it is next shown, with everything announced meanwhile. Ends with the
        view."""
        _Follower(self, view, seen)


def _showing(view: QWidget) -> bool:
    """Shown; or a page that will be when its window is first shown (a window being built, or
    a main window tests drive unshown, still shows what is stored). A page behind another in a
    stack, and a window hidden (closed), wait."""
    if view.isVisible():
        return True
    top = view.window()
    explicit = QtCore.Qt.WidgetAttribute.WA_WState_ExplicitShowHide
    never_shown = not top.testAttribute(explicit)
    return top is not view and never_shown and view.isVisibleTo(top)


class _Follower(QObject):
    """One view's subscription: a child of the view, so it goes when the view goes."""

    def __init__(self, hub: ChangesHub, view: QWidget, seen: Seen) -> None:
        super().__init__(view)
        self._view = view
        self._seen = seen
        self._missed: Changes | None = None
        hub.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if _showing(self._view):
            self._seen(changes)
        elif self._missed is None:
            # Watched for being shown only while something waits: events handled in Python
            # would load QEvent before the library window's first paint (gui/main_window.py).
            self._missed = changes
            self._view.installEventFilter(self)
        else:
            self._missed = self._missed | changes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent  # here, not at start-up (see follow)

        # ShowToParent as well as Show: a page put back in front in a stack of a window that is
        # not on screen is told only the first.
        if (
            watched is self._view
            and self._missed is not None
            and event.type() in (QEvent.Type.Show, QEvent.Type.ShowToParent)
        ):
            missed, self._missed = self._missed, None
            self._view.removeEventFilter(self)
            self._seen(missed)
        return False
