"""The review lead's toolkit: chronology, timeline, key practice episodes, findings,
recommendations, the action plan, the decision log and the 7-minute briefing, as tabs of one
widget.

    toolkit = LeadToolkit(services, review_id, parent=None)

Each page reads through the services and saves when Save is pressed; a change on one page marks
the others to be read again when they are next shown, and is announced on the window's hub of
changes (``gui/changes.py``) for the other views; a change announced there by another view (an
import, say) marks every page to be read again, and the page in front at once when it holds no
unsaved changes. ``settle()`` asks Save / Don't save /
Cancel when a page's form holds changes not saved (the window calls it before it closes).
``show_entry(entry_id)`` opens the chronology at an entry (the timeline's Enter, a finding's
evidence and an answer's citation links use it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QToolButton, QVBoxLayout, QWidget

from reviewdesk.gui.pages.analysis.actions import ActionPlanPage
from reviewdesk.gui.pages.analysis.briefing import BriefingPage
from reviewdesk.gui.pages.analysis.case_details import CaseDetailsPage
from reviewdesk.gui.pages.analysis.chronology import ChronologyPage
from reviewdesk.gui.pages.analysis.common import LeadPage, select_id
from reviewdesk.gui.pages.analysis.decisions import DecisionsPage
from reviewdesk.gui.pages.analysis.editor import CANCEL, DISCARD, EditorPage, ask_to_save
from reviewdesk.gui.pages.analysis.episodes import EpisodesPage
from reviewdesk.gui.pages.analysis.findings import FindingsPage, RecommendationsPage
from reviewdesk.gui.pages.analysis.papers import ReviewPapersPage
from reviewdesk.gui.pages.analysis.timeline import TimelinePage, TimelineView
from reviewdesk.gui.widgets.citations import AnswerCitations, CitationPicker

if TYPE_CHECKING:
    from reviewdesk.gui.changes import Changes, ChangesHub
    from reviewdesk.services.bundle import Services

__all__ = [
    "ActionPlanPage",
    "AnswerCitations",
    "BriefingPage",
    "CaseDetailsPage",
    "ChronologyPage",
    "CitationPicker",
    "DecisionsPage",
    "EditorPage",
    "EpisodesPage",
    "FindingsPage",
    "LeadToolkit",
    "RecommendationsPage",
    "ReviewPapersPage",
    "TimelinePage",
    "TimelineView",
]


class LeadToolkit(QWidget):
    def __init__(
        self,
        services: Services,
        review_id: int,
        parent: QWidget | None = None,
        changes: ChangesHub | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.review_id = review_id
        self._hub = changes
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setAccessibleName(self.tr("Parts of the analysis"))
        for arrow in self.tabs.tabBar().findChildren(QToolButton):  # when the tabs do not fit
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys move between tabs
        self.chronology = ChronologyPage(services, review_id, self)
        self.timeline = TimelinePage(services, review_id, self)
        self.episodes = EpisodesPage(services, review_id, self)
        self.findings = FindingsPage(services, review_id, self)
        self.recommendations = RecommendationsPage(services, review_id, self)
        self.actions = ActionPlanPage(services, review_id, self)
        self.decisions = DecisionsPage(services, review_id, self)
        self.papers = ReviewPapersPage(services, review_id, self)
        self.case_details = CaseDetailsPage(services, review_id, self)
        self.briefing = BriefingPage(services, review_id, self)
        self.pages: list[LeadPage] = [
            self.chronology, self.timeline, self.episodes, self.findings, self.recommendations,
            self.actions, self.decisions, self.papers, self.case_details, self.briefing,
        ]  # fmt: skip
        for page, title in zip(
            self.pages,
            (
                self.tr("Chronology"),
                self.tr("Timeline"),
                self.tr("Key practice episodes"),
                self.tr("Findings"),
                self.tr("Recommendations"),
                self.tr("Action plan"),
                self.tr("Decisions"),
                self.tr("Review papers"),
                self.tr("Case record for analysis"),
                self.tr("Briefing"),
            ),
            strict=True,
        ):
            self.tabs.addTab(page, title)
            page.changed.connect(lambda page=page: self._changed(page))
        self._stale: set[int] = set()
        self.tabs.currentChanged.connect(self._shown)
        self.timeline.entry_activated.connect(self.show_entry)
        self.findings.entry_activated.connect(self.show_entry)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        if changes is not None:
            changes.follow(self, self._changes_seen)
            self.briefing.texts_fixed.connect(self._announce_fixes)

    def _changed(self, source: LeadPage) -> None:
        self._stale = {i for i, p in enumerate(self.pages) if p is not source}
        if self._hub is not None:
            from reviewdesk.gui.changes import Changes, Kind

            kind = {self.actions: Kind.ACTIONS, self.briefing: Kind.BRIEFING}.get(
                source, Kind.ANALYSIS
            )
            self._hub.announce(Changes.of(self.review_id, kind, source=self))

    def _announce_fixes(self) -> None:
        """The briefing's publication check fixed details in the answers or the case record."""
        if self._hub is not None:
            from reviewdesk.gui.changes import Changes, Kind

            self._hub.announce(Changes.of(self.review_id, Kind.ANSWERS, Kind.REVIEW))

    def _changes_seen(self, changes: Changes) -> None:
        """Another view changed this review (an import, a contribution, the case record): read
        every page again as it is shown; the page in front now, unless it holds changes not
        saved (or is the briefing, being written in)."""
        from reviewdesk.gui.changes import Kind

        if changes.source is self or not changes.about(
            self.review_id,
            Kind.REVIEW, Kind.CONTRIBUTORS, Kind.ANALYSIS, Kind.ACTIONS, Kind.BRIEFING,
        ):  # fmt: skip
            return
        self._stale = set(range(len(self.pages)))
        page = self.tabs.currentWidget()
        unsaved = self.unsaved_pages()
        parts = getattr(page, "parts", [page])
        if page is not self.briefing and not any(p in unsaved for p in parts):
            self._stale.discard(self.tabs.currentIndex())
            page.refresh()  # type: ignore[attr-defined]

    def _shown(self, index: int) -> None:
        self.briefing.finish()  # what was typed in the briefing is saved on leaving it
        if index in self._stale:
            self._stale.discard(index)
            self.pages[index].refresh()

    def refresh(self) -> None:
        """Read everything again (for example after an import elsewhere in the app)."""
        self._stale.clear()
        for page in self.pages:
            page.refresh()

    def unsaved_pages(self) -> list[QWidget]:
        """Pages (and parts of pages, such as each review paper) with changes not saved."""
        parts = [q for p in self.pages for q in getattr(p, "parts", [p])]
        return [p for p in parts if hasattr(p, "is_dirty") and p.is_dirty()]

    def _show_page(self, page: QWidget) -> None:
        for top in self.pages:
            if page is top:
                self.tabs.setCurrentWidget(top)
            elif page in getattr(top, "parts", ()):
                self.tabs.setCurrentWidget(top)
                top.show_part(page)  # type: ignore[attr-defined]

    def _title(self, page: QWidget) -> str:
        for top in self.pages:
            if page in getattr(top, "parts", ()):
                return top.title_of(page)  # type: ignore[attr-defined]
        return self.tabs.tabText(self.tabs.indexOf(page))

    def settle(self) -> bool:
        """Before the window closes: True when nothing unsaved is left (saved or, if the person
        chose so, put back as stored); False to stay open (Cancel, or a save that did not work:
        its page is shown with the reason)."""
        if not self.briefing.finish():  # the briefing saves as it goes: it never asks
            self.tabs.setCurrentWidget(self.briefing)
            self.briefing.say(
                self.tr(
                    "The briefing could not be saved yet, so this window stays open with your "
                    "words in it. %s"
                )
                % self.briefing.saver.message,
                problem=True,
            )
            return False
        dirty = self.unsaved_pages()
        if not dirty:
            return True
        if self.tabs.currentWidget() not in dirty:
            self._show_page(dirty[0])
        if len(dirty) == 1:
            text = dirty[0].unsaved_text()  # type: ignore[attr-defined]
        else:
            names = [self._title(p) for p in dirty]
            text = (
                self.tr("These parts of the analysis have changes that are not saved:")
                + "\n\n• "
                + "\n• ".join(names)
                + "\n\n"
                + self.tr("Save them?")
            )
        choice = ask_to_save(self, text)
        if choice == CANCEL:
            return False
        if choice == DISCARD:
            for page in dirty:
                page.discard()  # type: ignore[attr-defined]
            return True
        for page in dirty:
            if not page.save_form():  # type: ignore[attr-defined]
                self._show_page(page)
                return False
        return True

    def show_entry(self, entry_id: int) -> bool:
        self.tabs.setCurrentWidget(self.chronology)
        return self.chronology.show_entry(entry_id)

    def show_item(self, kind: str, item_id: int) -> bool:
        """Go to an item's tab and select it (kind: a search hit's kind, e.g. "finding")."""
        if kind == "chronology":
            return self.show_entry(item_id)
        page = {
            "episode": self.episodes,
            "finding": self.findings,
            "recommendation": self.recommendations,
            "action": self.actions,
            "decision": self.decisions,
        }.get(kind)
        if page is None:
            return False
        self.tabs.setCurrentWidget(page)
        found = select_id(page.table, page.model, item_id)
        page.table.setFocus()
        return found
