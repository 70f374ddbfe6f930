"""Other people's changes on a shared server, brought to the GUI thread (issue 22, point 5).

The services' listener (ReviewService.listen, store/notify.py) runs in a thread of its own;
each notice crosses to the GUI thread through a queued signal and goes to the open review's
workspace, which shows the change or, for an answer or a rating being edited, a quiet note. A
change to the lead's analysis (a finding, say) is announced on the window's hub of changes, so
the lead toolkit reads it again unless its form holds changes, and the findings page (and the
pages of episodes, recommendations, actions and decisions) says so when the item being edited is
the one changed. A library file has no listener.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.services.bundle import Services

# The lead's versioned items (issue 22, point 5): the kind a notice names, and the way to their
# page from the lead's toolkit.
_LEAD_ITEMS: dict[str, tuple[str, ...]] = {
    "finding": ("findings",),
    "episode": ("episodes",),
    "recommendation": ("recommendations",),
    "action": ("actions",),
    "decision": ("decisions",),
    "chronology": ("chronology",),
    "family": ("papers", "family"),
    "process": ("papers", "processes"),
    "briefing": ("briefing",),
}


class LiveChanges(QObject):
    notice = Signal(object)  # a dict, on the GUI thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._listener: Any = None
        self.notice.connect(self._deliver)

    def start(self, services: Services) -> bool:
        self.stop()
        self._listener = services.reviews.listen(self.notice.emit)  # emitted from its thread
        return self._listener is not None

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    @property
    def listener(self) -> Any:
        return self._listener

    def _deliver(self, notice: dict[str, Any]) -> None:
        workspace = getattr(self._window, "workspace", None)
        if workspace is not None:
            workspace.sync.on_notice(notice)
        self._analysis(notice)

    def _analysis(self, notice: dict[str, Any]) -> None:
        """Someone changed the lead's analysis: the toolkit reads it again (gui/changes.py)."""
        from reviewdesk.gui.changes import Changes, Kind

        kind, review = notice.get("kind"), notice.get("review")
        actions = getattr(self._window, "review_actions", None)
        lead = getattr(actions, "lead_window", None)
        if kind == "reconnected" and lead is not None:  # notices were missed meanwhile
            kind, review = "", lead.toolkit.review_id
        elif kind in ("answer", "assessment", None) or not isinstance(review, int):
            return
        if kind in _LEAD_ITEMS and lead is not None and lead.toolkit.review_id == review:
            page: Any = lead.toolkit
            for step in _LEAD_ITEMS[kind]:
                page = getattr(page, step)
            page.heard(notice)  # gui/pages/analysis/editor.py
        hub = getattr(self._window, "changes", None)
        if hub is not None and isinstance(review, int):
            what = Kind.ACTIONS if kind in ("action", "impact") else Kind.ANALYSIS
            hub.announce(Changes.of(review, what, source=self))
