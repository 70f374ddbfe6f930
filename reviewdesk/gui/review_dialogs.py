"""The review's windows and dialogs, opened from the menus: import, case packs and
contributions, the lead toolkit, the name key, the audit trail and the export dialog.

:class:`ReviewActions` is an object the main window owns (``window.review_actions``) and its
menus call. Its dependencies are explicit: the window (the parent of every dialog, with the open
review, the autosaver, the library page and the status bar), the services once the library is
open (:meth:`ReviewActions.attach`) and the hub of changes the windows it opens follow. Each
window or dialog it opens is an attribute, None until opened, so the window module keeps to the
shell: start-up, opening and closing reviews, and everyday editing actions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reviewdesk.domain.changes import Changes, Kind
from reviewdesk.domain.errors import ReviewDeskError

if TYPE_CHECKING:
    from PySide6.QtCore import QFileSystemWatcher
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

    from reviewdesk.domain.packs import ImportResult
    from reviewdesk.domain.search import SearchLocation
    from reviewdesk.gui.changes import ChangesHub
    from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow
    from reviewdesk.gui.dialogs.profile import ProfileDialog
    from reviewdesk.gui.dialogs.search import SearchWindow
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.pages.workspace import ReviewWorkspace
    from reviewdesk.services.bundle import Services

# Qt classes used only after start-up are imported where they are used: each Qt class brings its
# enums into Python when first imported, and the library window should appear at once.


def message_box() -> type[QMessageBox]:
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def file_dialog() -> type[QFileDialog]:
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog


class ReviewActions(QObject):
    """Menu actions that open a window or dialog about the review (or the library)."""

    def __init__(self, window: MainWindow, changes: ChangesHub) -> None:
        super().__init__(window)
        self.window = window
        self.changes = changes
        self.services: Services | None = None  # once the library is open (attach)
        # What each action opened (None until it has): kept while open, and for tests.
        self.lead_window: LeadToolkitWindow | None = None
        self.search_window: SearchWindow | None = None
        self.exchange_dialog: QDialog | None = None
        self.export_dialog: QDialog | None = None
        self.audit_dialog: QDialog | None = None
        self.settings_dialog: QDialog | None = None
        self.dashboard_window: QDialog | None = None
        self.report_dialog: QDialog | None = None
        self.due_window: QDialog | None = None
        self._hidden_for_lock: list[QDialog] = []
        self._handoffs_after_unlock = False
        self._inbox_watcher: QFileSystemWatcher | None = None  # watch_inbox

    def attach(self, services: Services) -> None:
        self.services = services

    def lock_hides(self) -> list[QDialog]:
        """Windows the idle lock hides (never closes, so nothing typed in them is lost) and
        shows again on unlocking: the lock screen covers only the main window."""
        return [
            w
            for w in (
                self.audit_dialog,
                self.settings_dialog,
                self.lead_window,
                self.exchange_dialog,
                self.export_dialog,
                self.dashboard_window,
                self.report_dialog,
                self.search_window,
                self.due_window,
            )
            if w is not None
        ]

    def lead_only_windows(self) -> list[QDialog]:
        """The lead's windows, closed when this person stops leading (gui/governance.py)."""
        return [
            w
            for w in (self.lead_window, self.dashboard_window, self.search_window, self.due_window)
            if w is not None
        ]

    def hide_windows_for_lock(self, _reason: str) -> None:
        # Non-modal windows are not covered by the lock screen: hide them (never close them,
        # so nothing typed in them is lost) and bring them back on unlocking.
        self._hidden_for_lock = [w for w in self.lock_hides() if w.isVisible()]
        for w in self._hidden_for_lock:
            w.hide()

    def show_windows_after_lock(self) -> None:
        for w in self._hidden_for_lock:
            w.show()
        self._hidden_for_lock = []

    # --- files handed over by a second launch (reviewdesk.handoff) -----------------------------

    def watch_inbox(self) -> None:
        """Take files double-clicked while this window is open: a second ReviewDesk leaves them
        in the library's inbox folder instead of opening the library twice."""
        from PySide6.QtCore import QFileSystemWatcher

        from reviewdesk import handoff

        folder = handoff.inbox(self.window.paths.data_dir)
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return  # then a second launch says the library is in use, as before
        self._inbox_watcher = QFileSystemWatcher([str(folder)], self)
        self._inbox_watcher.directoryChanged.connect(lambda _path: self.take_handoffs())
        self.take_handoffs()

    def take_handoffs(self) -> None:
        from reviewdesk import handoff

        idle_lock = self.window.idle_lock
        if idle_lock is not None and idle_lock.is_locked:
            # Not over the lock screen: come to the front; the files wait for the unlock.
            self._bring_to_front()
            if not self._handoffs_after_unlock:
                self._handoffs_after_unlock = True
                idle_lock.screen.unlocked.connect(self.take_handoffs)
            return
        wanted = handoff.take(self.window.paths.data_dir)
        if not wanted:
            return
        self._bring_to_front()
        for file in wanted:
            if file is not None:
                self.open_file(file)

    def _bring_to_front(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    def import_review(self) -> None:
        if self.services is None:
            return
        path, _ = file_dialog().getOpenFileName(
            self.window,
            self.tr("Import a review, a case pack or a contribution"),
            str(Path.home()),
            self.tr(
                "ReviewDesk files (*.json *.rdpack *.rdreturn);;Reviews (*.json);;"
                "Case packs (*.rdpack);;Contributions (*.rdreturn);;All files (*)"
            ),
        )
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        """Open a case pack or a returned contribution, or import a review's JSON file (told
        apart by content, not name): from File, Import, or a file opened with ReviewDesk."""
        if self.services is None:
            return
        welcome: ProfileDialog | None = self.window.welcome
        if welcome is not None:  # the first run: who is writing comes first
            from PySide6.QtCore import QTimer

            def after_welcome(result: int) -> None:  # once the welcome has fully closed
                if result:
                    QTimer.singleShot(0, lambda: self.open_file(path))

            welcome.finished.connect(after_welcome)
            if self._is_pack(path):  # opened with a case pack: contributing, most likely
                welcome.set_work_mode("contributor")
            return
        if self._is_sealed(path):  # a pack or a contribution
            self.open_exchange_file(path)
            return
        try:
            summary = self.services.exchange.import_file(path)
        except ReviewDeskError as exc:
            message_box().warning(self.window, self.tr("The review was not imported"), str(exc))
            return
        except Exception as exc:  # never silence: the calm message, the details in the log
            from reviewdesk.gui.tasks import show_unexpected

            show_unexpected(self.window, self.tr("The review was not imported"), exc)
            return
        self.changes.announce(Changes.of(summary.id, *Kind))  # a new review, or one replaced
        self.window.show_library_to_open()
        self.window.statusBar().showMessage(
            self.tr("Imported %s: %s") % (summary.reference, summary.title), 8000
        )

    def _is_pack(self, path: Path) -> bool:
        """A case pack (by its content), for the welcome's choice of how this person works."""
        if self.services is None or not self._is_sealed(path):
            return False
        try:
            return self.services.imports.inspect(path).kind == "pack"
        except ReviewDeskError:
            return False

    @staticmethod
    def _is_sealed(path: Path) -> bool:
        try:
            with path.open("rb") as fh:
                return fh.read(2) == b"PK"
        except OSError:
            return False

    def open_exchange_file(self, path: Path) -> None:
        """Open a case pack (practitioner) or a returned contribution (lead)."""
        if self.services is None:
            return
        from reviewdesk.gui.dialogs.exchange_dialogs import OpenExchangeFileDialog

        dialog = OpenExchangeFileDialog(self.services, path, self.window)
        self.exchange_dialog = dialog
        had_reviews = bool(self.services.reviews.list_reviews(include_archived=True))

        def done(_result: int) -> None:
            result: ImportResult | None = dialog.result_of_import
            if result is not None and dialog.info is not None and dialog.info.kind == "pack":
                self.window.governance.after_pack_opened(had_reviews)  # gui/governance.py
            if result is not None:  # a review came in, or contributions merged into one
                self.changes.announce(Changes.of(result.review.id, *Kind))
                self.window.show_library_to_open()
                self.window.statusBar().showMessage(result.message, 8000)

        dialog.finished.connect(done)
        dialog.open()

    def _review_dialog(self, make: Callable[[Services, int, QWidget], QDialog]) -> None:
        review_id = self.window.current_review_id()
        if review_id is None or self.services is None:
            return
        self._finish_saving()  # the file holds what is stored
        self.exchange_dialog = make(self.services, review_id, self.window)
        self.exchange_dialog.open()

    def send_pack(self) -> None:
        if not self.window.governance.is_lead:  # a lead's tool (gui/governance.py)
            return
        from reviewdesk.gui.dialogs.exchange_dialogs import SendPackDialog

        self._review_dialog(SendPackDialog)

    def return_contribution(self) -> None:
        from reviewdesk.gui.dialogs.exchange_dialogs import ReturnContributionDialog

        self._review_dialog(ReturnContributionDialog)

    def show_contributions(self) -> None:
        if not self.window.governance.is_lead:  # a lead's tool (gui/governance.py)
            return
        from reviewdesk.gui.dialogs.exchange_dialogs import ContributionsDialog

        self._review_dialog(ContributionsDialog)

    def show_lead_toolkit(self) -> None:
        """The lead's analysis (chronology, timeline, episodes, findings, recommendations and
        the action plan) in a window of its own, beside the reflections."""
        review_id = self.window.current_review_id()
        if review_id is None or self.services is None or not self.window.governance.is_lead:
            return
        self._finish_saving()
        existing = self.lead_window
        if (
            existing is not None
            and existing.toolkit.review_id == review_id
            and existing.isVisible()
        ):
            existing.raise_()  # one analysis window a review, brought forward
            existing.activateWindow()
            return
        if existing is not None:  # another review's, left open: it closes (asking first)
            if existing.isVisible() and not existing.close():
                existing.raise_()  # the person chose to stay with unsaved changes
                existing.activateWindow()
                return
            existing.deleteLater()
        from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow

        self.lead_window = LeadToolkitWindow(self.services, review_id, self.window, self.changes)
        self.lead_window.show()

    def show_lead_item(self, kind: str, item_id: int) -> None:
        """The lead toolkit, at one item (kind: "chronology", "episode", "finding"...)."""
        self.show_lead_toolkit()
        if self.lead_window is not None:
            self.lead_window.toolkit.show_item(kind, item_id)

    def show_name_key(self) -> None:
        if not self.window.governance.is_lead:
            return
        from reviewdesk.gui.dialogs.name_key import NameKeyDialog

        self._review_dialog(NameKeyDialog)

    def show_rapid_review(self) -> None:
        """The rapid review for the Panel, each section prefilled and editable (issue 18)."""
        from reviewdesk.gui.dialogs.rapid_review import RapidReviewDialog

        self._review_dialog(RapidReviewDialog)

    def show_audit(self) -> None:
        if self.services is None:
            return
        from reviewdesk.gui.dialogs.audit_dialog import AuditDialog

        workspace = self.window.workspace
        reference = workspace.doc.reference if workspace is not None else None
        self.audit_dialog = AuditDialog(self.services, self.window, reference=reference)
        self.audit_dialog.open()

    def show_library_settings(self) -> None:
        """The default marking, the idle lock and retention dates (File, Library settings)."""
        if self.services is None:
            return
        from reviewdesk.gui.dialogs.library_settings import LibrarySettingsDialog

        self.settings_dialog = dialog = LibrarySettingsDialog(
            self.services, self.window, changer=self.window.governance.changer
        )
        # The running idle lock follows a saved change at once (0: no locking when idle).
        dialog.settings_saved.connect(self.window.governance.apply_idle_minutes)
        dialog.settings_saved.connect(  # retention dates, for any review
            lambda _minutes: self.changes.announce(Changes.library(Kind.REVIEW))
        )
        dialog.open()

    def show_export_dialog(self, review_id: int) -> None:
        """The Export dialog (format, options, destination; runs off the GUI thread)."""
        if self.services is None:
            return
        from reviewdesk.gui.dialogs.export_dialog import ExportDialog

        lead = self.lead_window
        if lead is not None and lead.toolkit.review_id == review_id:
            lead.toolkit.briefing.finish()  # the export reads what is stored
        self.export_dialog = ExportDialog(self.services, review_id, parent=self.window)
        self.export_dialog.texts_fixed.connect(lambda: self.announce_fixes(review_id))
        self.export_dialog.open()

    def announce_fixes(self, review_id: int) -> None:
        """The publication check fixed details in the stored answers, key learning or case
        record: the views showing them read them again (the workspace's open answers too)."""
        self.changes.announce(Changes.of(review_id, Kind.ANSWERS, Kind.REVIEW))

    def show_dashboard(self) -> None:
        """The theme dashboard across the library's reviews (a window beside the review)."""
        if self.services is None or not self.window.governance.is_lead:
            return
        self._finish_saving()  # the figures read what is stored
        from reviewdesk.gui.dialogs.dashboard import DashboardWindow

        self.dashboard_window = DashboardWindow(
            self.services, self.window, open_review=self.window.open_review, changes=self.changes
        )
        self.dashboard_window.show()

    def show_due(self, *, this_week: bool = False) -> None:
        """Due and overdue across the library's reviews (a window beside the review)."""
        if self.services is None or not self.window.governance.is_lead:
            return
        self._finish_saving()  # the clocks read what is stored
        from reviewdesk.gui.dialogs.due import DueWindow

        self.due_window = DueWindow(
            self.services, self.window, open_review=self.window.open_review, this_week=this_week
        )
        self.due_window.show()
        self.due_window.raise_()

    def show_learning_report(self) -> None:
        if self.services is None or not self.window.governance.is_lead:
            return
        self._finish_saving()
        from reviewdesk.gui.dialogs.learning_report import LearningReportDialog

        self.report_dialog = LearningReportDialog(self.services, self.window)
        self.report_dialog.open()

    def show_search(self) -> None:
        """Search all reviews (a window beside the review; one at a time, kept while open)."""
        if self.services is None or not self.window.governance.is_lead:
            return
        self._finish_saving()  # the index holds what is stored
        window = self.search_window
        if window is None:
            from reviewdesk.gui.dialogs.search import SearchWindow

            window = self.search_window = SearchWindow(
                self.services, self.window, self.open_search_hit, self.changes
            )
        window.show()
        window.raise_()
        window.activateWindow()
        window.box.setFocus()
        window.box.selectAll()

    def open_search_hit(self, location: SearchLocation) -> None:
        """Open a search hit's review (unless it is open) at the hit: the prompt's answer, the
        theme's key learning, or the lead toolkit at the item."""
        main = self.window
        open_id = main.workspace.doc.id if main.workspace is not None else None
        if open_id != location.review_id and not main.open_review(location.review_id):
            return
        if location.kind.is_lead_item:
            if location.item_id is not None:
                self.show_lead_item(location.kind.value, location.item_id)
            else:
                self.show_lead_toolkit()
            return
        main.activateWindow()
        main.raise_()
        workspace: ReviewWorkspace | None = main.workspace
        if workspace is None:  # never: the review is open
            return
        if location.prompt_id:
            workspace.show_prompt(
                location.theme_id,
                location.prompt_id,
                location.contributor_id,
                evidence=location.field == "evidence",
            )
        else:
            workspace.show_theme(location.theme_id, location.contributor_id)

    def _finish_saving(self) -> None:
        """With a review open, save what was typed first: what opens reads what is stored."""
        workspace: ReviewWorkspace | None = self.window.workspace
        if workspace is not None:
            self.window.autosaver.finish()
