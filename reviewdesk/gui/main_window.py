"""The main window: the library and the review workspace, the menus, the status bar, and the
promise that nothing typed is lost (autosave, and no closing with unsaved text without a decision).

The window is built before the library is open (it opens in the background at start-up, see
app.py) and comes alive in :meth:`MainWindow.attach`. Screens live in gui/pages, widgets in
gui/widgets and dialogs in gui/dialogs; this module only ties them together.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget

from reviewdesk import APP_NAME
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.changes import Changes, ChangesHub, Kind
from reviewdesk.gui.fit import fit_to_screen
from reviewdesk.gui.governance import Governance
from reviewdesk.gui.icons import app_icon
from reviewdesk.gui.menus import build_menus, fill_theme_menu, shortcut_rows
from reviewdesk.gui.pages.library import LibraryPage
from reviewdesk.gui.review_dialogs import ReviewActions, file_dialog, message_box
from reviewdesk.gui.settings import AppSettings
from reviewdesk.gui.style import Appearance

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from reviewdesk.gui.autosave import Autosaver, SaveState
    from reviewdesk.gui.dialogs.profile import ProfileDialog
    from reviewdesk.gui.dialogs.unsaved import UnsavedDialog
    from reviewdesk.gui.pages.workspace import ReviewWorkspace
    from reviewdesk.gui.widgets.feedback import SaveStatus
    from reviewdesk.gui.widgets.lock_screen import IdleLock
    from reviewdesk.services.bundle import Services

# Qt classes used only after start-up are imported where they are used: each Qt class brings its
# enums into Python when first imported, and the library window should appear at once.


class MainWindow(QMainWindow):
    review_opened = Signal(int)
    library_ready = Signal()
    first_painted = Signal()  # the window has been drawn once (start-up goes on from here)

    def __init__(
        self,
        paths,
        settings: AppSettings,
        appearance: Appearance | None = None,
        services: Services | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.appearance = appearance
        self.services: Services | None = None
        self.workspace: ReviewWorkspace | None = None
        self.welcome: ProfileDialog | None = None
        self.unsaved_dialog: UnsavedDialog | None = None  # while _settle asks what to do
        self.idle_lock: IdleLock | None = None  # made when the library opens (gui/governance.py)
        self._prepared_for: Services | None = None  # prepare_to_attach, for these services
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.resize(1280, 820)
        self.setMinimumSize(640, 440)  # small enough for 1280x720 at 125% (gui/fit.py)
        placed = settings.geometry is not None and self.restoreGeometry(settings.geometry)
        # the remembered size too: the screen may be smaller today
        fit_to_screen(self, sized=True, placed=placed)
        # What an operation changed is announced here; each view follows it (gui/changes.py).
        self.changes = ChangesHub(self)
        # The review's windows and dialogs, which the menus open (gui/review_dialogs.py).
        self.review_actions = ReviewActions(self, self.changes)
        # How this person works, the lock, encryption and the DPO's document (gui/governance.py).
        self.governance = Governance(self)
        self.stack = QStackedWidget(self)
        self.library = LibraryPage(None, self.stack)
        self.library.follow(self.changes)
        self.stack.addWidget(self.library)
        self.setCentralWidget(self.stack)
        self._autosaver: Autosaver | None = None  # made when the first review opens
        self._save_status: SaveStatus | None = None  # made when the first review opens
        self.statusBar()  # there from the start, so the window does not change height later
        self.menu_actions = build_menus(self)
        self.menu_actions.notes.setChecked(settings.notes_visible)
        self.library.open_requested.connect(self.open_review)
        self.library.new_requested.connect(self.new_review)
        self.library.demo_requested.connect(self.open_demo)
        self.library.due_requested.connect(lambda: self.review_actions.show_due(this_week=True))
        self.library.edit_requested.connect(self.edit_record)
        self.library.selection_changed.connect(self._update_actions)
        self._update_actions()
        if services is not None:
            self.attach(services)

    # --- start-up -----------------------------------------------------------------------------

    def show_first(self) -> None:
        """Show the window and say so (:attr:`first_painted`) once it has been drawn: two turns
        of the event loop, the first of which draws it. (Not a showEvent override: handling
        events in Python would load QEvent and its enums before the first paint.)"""
        self.show()
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, self.first_painted.emit))

    @property
    def save_status(self) -> SaveStatus:
        """ "Saving..." / "Saved 14:02" in the status bar, shown while a review is open."""
        if self._save_status is None:
            from reviewdesk.gui.widgets.feedback import SaveStatus

            self._save_status = SaveStatus(self)
            self.statusBar().addPermanentWidget(self._save_status)
            self._save_status.hide()
        return self._save_status

    @property
    def autosaver(self) -> Autosaver:
        if self._autosaver is None:
            from reviewdesk.gui.autosave import Autosaver

            self._autosaver = Autosaver(self)
            self._autosaver.state_changed.connect(
                lambda state: self.save_status.show_state(state, self._autosaver.saved_at)
            )
        return self._autosaver

    def attach(self, services: Services, reviews=None, due=None) -> None:
        """The library is open: fill the window and, the first time, ask who is writing.
        ``reviews`` (and ``due``, what is due across them): already read at start-up, off the
        GUI thread; read here otherwise."""
        self.services = services
        self.server_kind = _server_kind(services)  # on a server, the menus follow the account
        self.review_actions.attach(services)
        prepared = self._prepared_for is services
        self._prepared_for = None
        self.library.attach(
            services.reviews,
            str(self.paths.data_dir),
            self.settings.library_sort,
            self.settings.show_archived,
            rows=reviews,
            clocks=services.clocks,
            due=due,
        )
        self._update_actions()
        if not prepared:
            self._start_idle_lock(services)
        self._start_live_changes(services)
        # In a turn of its own, after the list is drawn: one long turn froze the window. (1 ms:
        # a zero-time single shot is a posted event, handled in this same turn.)
        QTimer.singleShot(1, self, self.review_actions.watch_inbox)
        self.library_ready.emit()
        for notice in getattr(services, "notices", ()):  # e.g. work recovered after a crash
            box = message_box()(message_box().Icon.Information, APP_NAME, notice, parent=self)
            box.open()
        if not services.profile.get().is_set:
            self._ask_who(first_run=True)
        else:
            self._reopen_last()

    def prepare_to_attach(self, services: Services) -> None:
        """What :meth:`attach` needs that shows nothing yet (the list's widgets, the idle lock),
        made in an event-loop turn before it: at start-up :meth:`attach` follows in the next
        turn, so the window is not frozen while all of it is made and the list drawn at once
        (issue 20)."""
        self.library.build_list()
        self._start_idle_lock(services)
        self._prepared_for = services

    def _start_idle_lock(self, services: Services) -> None:
        """Hide the work behind a lock screen after the chosen idle time or on waking from sleep
        (an encrypted library is closed and needs its passphrase; otherwise a click); saves go
        first. See gui/governance.py."""
        self.governance.make_idle_lock(services)

    def _start_live_changes(self, services: Services) -> None:
        """On a shared server: others' changes appear in the open review (gui/live.py)."""
        from reviewdesk.gui.live import LiveChanges

        if getattr(self, "live_changes", None) is None:
            self.live_changes = LiveChanges(self)
        self.live_changes.start(services)

    def _drafts(self):
        """Where text that could not be saved is kept meanwhile (services/drafts.py)."""
        from reviewdesk.services.drafts import DraftStore

        return DraftStore.for_store(self.paths.data_dir, self.services.store)

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock_now()

    def _ask_who(self, *, first_run: bool) -> None:
        from reviewdesk.gui.dialogs.profile import ProfileDialog

        services = self.services
        assert services is not None  # asked once the library is open (attach)
        dialog = ProfileDialog(
            services.profile.get(),
            services.profile.save,
            str(self.paths.data_dir),
            first_run=first_run,
            parent=self,
            work_mode=self.settings.work_mode or "lead",
            offer_encryption=first_run and not services.encrypted,
            server_role=self.server_kind,  # on a server its account decides the tools
        )
        self.welcome = dialog

        def finished(result: int) -> None:
            self.welcome = None
            if result:
                self.governance.set_work_mode(dialog.work_mode)
            if first_run and not result:
                self.close()
            elif first_run:
                self._reopen_last()
                if dialog.protect_chosen:
                    self.governance.encrypt_at_first_run()
            elif result:
                self.statusBar().showMessage(self.tr("Your details are saved."), 5000)
                self._details_changed()

        dialog.finished.connect(finished)
        dialog.open()

    def _details_changed(self) -> None:
        """The person's details were saved: the open review's "me" takes them now (other
        reviews as they are opened), and every view showing the name hears of it on the hub
        (the workspace's "Writing as", the lead toolkit's evidence by role...)."""
        if self.workspace is None or self.services is None:
            return
        review_id = self.workspace.doc.id
        try:
            self.services.reviews.my_contributor(review_id, self.services.profile.get())
        except ReviewDeskError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.changes.announce(Changes.of(review_id, Kind.CONTRIBUTORS))

    def _reopen_last(self) -> None:
        uid = self.settings.last_review
        if not uid:
            if self.library.table is not None:
                self.library.table.setFocus()
            return
        # Found among the rows just listed: reading (and counting) the whole library again
        # here froze the window for seconds at 10,000 reviews (issue 20).
        review_id = self.library.current_review_with_uid(uid)
        if review_id is not None:
            self.open_review(review_id)
            return
        self.settings.last_review = ""

    def _title(self, prefix: str = "") -> str:
        from reviewdesk.gui.partnership import title  # names the server in partnership mode

        return title(self, prefix)

    # --- opening and closing reviews ----------------------------------------------------------

    def open_review(self, review_id: int) -> bool:
        if self.services is None:
            return False
        if self.workspace is not None and not self.close_review():
            return False
        profile = self.services.profile.get()
        if not profile.is_set:
            self._ask_who(first_run=False)
            return False
        from reviewdesk.gui.pages.workspace import ReviewWorkspace

        try:
            me = self.services.reviews.my_contributor(review_id, profile)
            doc = self.services.reviews.get(review_id)
            notes = self.services.reviews.private_notes(me.id)
        except ReviewDeskError as exc:
            message_box().warning(self, self.tr("The review could not be opened"), str(exc))
            return False
        workspace = ReviewWorkspace(
            doc,
            me,
            notes,
            self.services.reviews,
            self.autosaver,
            self.stack,
            chronology=self.services.chronology,
            clocks=self.services.clocks,
            changes=self.changes,
            drafts=self._drafts(),
        )
        self.autosaver.drafts = workspace.sync.drafts
        workspace.back_requested.connect(self.back_to_library)
        workspace.export_requested.connect(self.request_export)
        workspace.edit_record_requested.connect(self.edit_open_record)
        workspace.chronology_entry_requested.connect(
            lambda entry_id: self.review_actions.show_lead_item("chronology", entry_id)
        )
        workspace.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        workspace.restore_splitter(self.settings.splitter)
        workspace.set_notes_visible(self.menu_actions.notes.isChecked())
        self.workspace = workspace
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        self.save_status.show()
        fill_theme_menu(self, self.menu_actions, [t.short_title for t in doc.framework.themes])
        self.setWindowTitle(self._title(doc.reference))
        self.settings.last_review = doc.uid
        self._update_actions()
        self.activateWindow()  # after the wizard closes, keys go here
        workspace.navigator.setFocus()
        self.review_opened.emit(review_id)
        return True

    def close_review(self) -> bool:
        """Save everything and leave the review. False (and nothing changes) if writing could not
        be saved and the person chose to stay."""
        if self.workspace is None:
            return True
        if not self._settle():
            return False
        self.settings.splitter = self.workspace.splitter_state()
        self.settings.why_expanded = self.workspace.why_expanded
        workspace, self.workspace = self.workspace, None
        self.autosaver.clear()
        self.stack.setCurrentWidget(self.library)
        self.save_status.hide()
        self.stack.removeWidget(workspace)
        workspace.deleteLater()
        fill_theme_menu(self, self.menu_actions, [])
        self.setWindowTitle(self._title())
        self._update_actions()
        return True

    def _settle(self) -> bool:
        """Save everything now; if something cannot be saved, ask what to do."""
        from reviewdesk.gui.dialogs.unsaved import COPY, DISCARD, UnsavedDialog

        while not self.autosaver.finish():
            targets = self.autosaver.unsaved_targets()
            reason = next((t.failure for t in targets if t.failure), "")
            dialog = UnsavedDialog(
                reason or self.tr("ReviewDesk could not save it."), [t.label for t in targets], self
            )
            self.unsaved_dialog = dialog
            dialog.exec()
            self.unsaved_dialog = None
            if dialog.choice == DISCARD:
                return True
            if dialog.choice != COPY:
                return False
            if self._save_copy(targets):
                return True
        return True

    def _save_copy(self, targets) -> bool:
        path, _ = file_dialog().getSaveFileName(
            self,
            self.tr("Save a copy of your unsaved writing"),
            str(Path.home() / "ReviewDesk unsaved writing.txt"),
            self.tr("Text files (*.txt)"),
        )
        if not path:
            return False
        parts = []
        for t in targets:
            values = [v for v in t.collect() if isinstance(v, str) and v]
            parts.append(t.label + "\n" + "\n\n".join(values))
        try:
            Path(path).write_text("\n\n\n".join(parts) + "\n", encoding="utf-8")
        except OSError as exc:
            message_box().warning(self, self.tr("The copy was not saved"), str(exc))
            return False
        return True

    def back_to_library(self) -> None:
        left = self.workspace.doc.id if self.workspace is not None else None
        if self.close_review():
            self.settings.last_review = ""
            self._show_library_again(left)

    def _show_library_again(self, left: int | None) -> None:
        """Only the review just left is read again (issue 20: a whole re-read took over a
        second at 5,000 reviews); with no review left, the whole list."""
        if left is None:
            self.library.refresh()
        else:
            self.library.refresh_one(left)
        if self.library.table is not None:
            self.library.table.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        analysis = self.review_actions.lead_window  # asks first if it holds unsaved changes
        if analysis is not None and analysis.isVisible() and not analysis.close():
            event.ignore()
            return
        if self.workspace is not None and not self._settle():
            event.ignore()
            return
        if self.workspace is not None:
            self.settings.splitter = self.workspace.splitter_state()
            self.settings.why_expanded = self.workspace.why_expanded
        self.settings.save_window(self.saveGeometry(), self.saveState())
        if self.services is not None:
            column, order = self.library.sort_state()
            self.settings.save_library_sort(column, order)
            self.settings.show_archived = self.library.show_archived.isChecked()
        self.settings.notes_visible = self.menu_actions.notes.isChecked()
        self.settings.sync()
        if self._autosaver is not None:
            self._autosaver.stop()
        if getattr(self, "live_changes", None) is not None:
            self.live_changes.stop()
        event.accept()

    # --- library actions ----------------------------------------------------------------------

    def new_review(self) -> None:
        if self.services is None or not self.governance.is_lead:
            return
        from reviewdesk.gui.dialogs.new_review import NewReviewWizard
        from reviewdesk.services.frameworks import available_frameworks

        frameworks, problems = available_frameworks(self.paths.frameworks_dir)
        for problem in problems:
            self.statusBar().showMessage(problem, 10_000)
        taken = [r.reference for r in self.services.reviews.list_reviews()]
        self.wizard = NewReviewWizard(self.services.reviews, frameworks, taken, self)

        def created(summary) -> None:
            self.changes.announce(Changes.of(summary.id, Kind.LIBRARY))
            QTimer.singleShot(0, lambda: self.open_review(summary.id))

        self.wizard.created.connect(created)
        self.wizard.open()

    def edit_record(self, review_id: int) -> None:
        from reviewdesk.gui.dialogs.case_record import CaseRecordDialog

        if self.services is None or not self.governance.is_lead or not self._settle():
            return
        doc = self.services.reviews.get(review_id)
        taken = [r.reference for r in self.services.reviews.list_reviews()]
        self.record_dialog = CaseRecordDialog(
            self.services.reviews, review_id, doc.record, taken, self
        )

        def done(result: int) -> None:
            if not result:
                return
            self.changes.announce(Changes.of(review_id, Kind.REVIEW))
            if self.workspace is not None and self.workspace.doc.id == review_id:
                self.open_review(review_id)  # show the new record everywhere
            self.statusBar().showMessage(self.tr("The case record is saved."), 6000)

        self.record_dialog.finished.connect(done)
        self.record_dialog.open()

    def edit_open_record(self) -> None:
        if self.workspace is not None:
            self.edit_record(self.workspace.doc.id)

    def open_demo(self) -> None:
        if self.services is None:
            return
        summary, added = self.services.exchange.add_demo()
        if summary.archived:
            self.services.reviews.restore(summary.id)
        self.changes.announce(Changes.of(summary.id, Kind.LIBRARY))
        self.open_review(summary.id)
        if added:
            self.statusBar().showMessage(
                self.tr(
                    "The fictional demo review has been added. Every detail in it is invented."
                ),
                8000,
            )

    def show_library_to_open(self) -> None:
        left = self.workspace.doc.id if self.workspace is not None else None
        if self.workspace is None or self.close_review():
            self.settings.last_review = ""
            self._show_library_again(left)

    def current_review_id(self) -> int | None:
        if self.workspace is not None:
            return self.workspace.doc.id
        return self.library.selected_id() if self.stack.currentWidget() is self.library else None

    def request_export(self) -> None:
        review_id = self.current_review_id()
        if review_id is None:
            return
        if self.workspace is not None:
            self.autosaver.finish()  # the export reads what is stored
        self.review_actions.show_export_dialog(review_id)

    def self_test_screens(self) -> list[tuple[str, object]]:
        """The main screens, for ``reviewdesk --self-test`` (which checks that each one draws)."""
        if self.services is None:
            return []
        reviews = self.services.reviews.list_reviews(include_archived=False)
        if not reviews:
            return [("Library", self.back_to_library)]

        def open_first() -> None:
            self.open_review(reviews[0].id)

        screens: list[tuple[str, object]] = [("Library", self.back_to_library)]
        screens.append(("Review overview", open_first))
        screens += [
            (f"Theme {i}", lambda i=i: self.go_to(i))
            for i in range(1, 1 + len(self.services.reviews.get(reviews[0].id).framework.themes))
        ]
        screens.append(("Summary", self.go_to_summary))
        actions = self.review_actions
        screens.append(("Export dialog", lambda: actions.show_export_dialog(reviews[0].id)))
        screens.append(("Analysis (lead toolkit)", actions.show_lead_toolkit))
        return screens

    # --- everyday actions ---------------------------------------------------------------------

    def save_now(self) -> None:
        self.autosaver.flush()

    def edit_details(self) -> None:
        if self.services is not None:
            self._ask_who(first_run=False)

    def show_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.data_dir)))

    def _focused_text(self) -> QLineEdit | QPlainTextEdit | None:
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

        widget = QApplication.focusWidget()
        return widget if isinstance(widget, QLineEdit | QPlainTextEdit) else None

    def undo(self) -> None:
        widget = self._focused_text()
        if widget is not None:
            widget.undo()

    def redo(self) -> None:
        widget = self._focused_text()
        if widget is not None:
            widget.redo()

    def find(self) -> None:  # type: ignore[override]  # Edit > Find, not QWidget.find(id)
        if self.workspace is None:
            if self.services is not None:
                self.library.filter.setFocus()
                self.library.filter.selectAll()
            return
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

        widget = self._focused_text()
        selected = ""
        if isinstance(widget, QPlainTextEdit):
            selected = widget.textCursor().selectedText()
        elif isinstance(widget, QLineEdit) and widget is not self.workspace.find_bar.line:
            selected = widget.selectedText()
        self.workspace.show_find(selected if "\u2029" not in selected else "")

    def find_next(self) -> None:
        if self.workspace is not None:
            self.workspace.find_next()

    def find_previous(self) -> None:
        if self.workspace is not None:
            self.workspace.find_previous()

    def _scale(self, change: Callable[[Appearance], float]) -> None:
        if self.appearance is None:
            return
        scale = change(self.appearance)
        self.settings.text_scale = scale
        self.statusBar().showMessage(self.tr("Text size %d%%") % round(scale * 100), 3000)

    def text_larger(self) -> None:
        self._scale(Appearance.larger)

    def text_smaller(self) -> None:
        self._scale(Appearance.smaller)

    def text_reset(self) -> None:
        self._scale(Appearance.reset)

    def toggle_notes(self) -> None:
        visible = self.menu_actions.notes.isChecked()
        self.settings.notes_visible = visible
        if self.workspace is not None:
            self.workspace.set_notes_visible(visible)

    def focus_notes(self) -> None:
        if self.workspace is not None:
            self.menu_actions.notes.setChecked(True)
            self.workspace.focus_notes()

    def go_to(self, index: int) -> None:
        if self.workspace is not None:
            self.workspace.go(index)
            self.workspace.navigator.setFocus()

    def go_to_summary(self) -> None:
        if self.workspace is not None:
            self.go_to(self.workspace.summary_index)

    def next_theme(self) -> None:
        if self.workspace is not None:
            self.workspace.next_theme()

    def previous_theme(self) -> None:
        if self.workspace is not None:
            self.workspace.previous_theme()

    def jump_to_unanswered(self) -> None:
        if self.workspace is not None:
            self.workspace.jump_to_unanswered()

    def focus_compare(self) -> None:
        if self.workspace is not None:
            self.workspace.focus_compare()

    def _update_actions(self) -> None:
        in_review = self.workspace is not None
        for action in self.menu_actions.review_actions():
            action.setEnabled(in_review)
        ready = self.services is not None
        for action in (
            self.menu_actions.new,
            self.menu_actions.open,
            self.menu_actions.import_,
            self.menu_actions.details,
            self.menu_actions.dashboard,
            self.menu_actions.learning_report,
            self.menu_actions.search,
            self.menu_actions.due,
        ):
            action.setEnabled(ready)
        self.menu_actions.export.setEnabled(ready and self.current_review_id() is not None)
        self.menu_actions.find.setEnabled(ready)
        self.governance.apply_work_mode()  # the lead's tools for a lead only (gui/governance.py)

    # --- help ---------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        from reviewdesk.gui.dialogs.help import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(shortcut_rows(self, self.menu_actions), self)
        self.shortcuts_dialog.open()

    def show_about(self) -> None:
        from reviewdesk.gui.dialogs.help import AboutDialog

        if self.workspace is not None:
            fw = self.workspace.framework
            lines = [
                self.tr("This review uses: %s (version %s).") % (fw.title, fw.version),
                self.tr("Source: %s.") % fw.source,
            ]
        else:
            lines = [
                self.tr(
                    "New reviews use the six practice themes of the Child Safeguarding "
                    "Practice Review Panel's Annual Report 2021 (published December 2022). "
                    "Themes and prompts are data: a review lead can add a framework file to the "
                    "'frameworks' folder inside the data folder."
                )
            ]
        self.about_dialog = AboutDialog(
            str(self.paths.data_dir), self.paths.how, lines, self.show_data_folder, self
        )
        self.about_dialog.open()

    # --- for the start-up benchmark and tests -------------------------------------------------

    def save_state_text(self) -> str:
        label = self.save_status.text
        return label.text() if isinstance(label, QLabel) else ""

    @property
    def save_state(self) -> SaveState:
        return self.autosaver.state


def _server_kind(services: Services) -> str | None:
    """On a server, the signed-in account's kind (the menus follow it); None otherwise (and
    then nothing of partnership mode is imported: this runs on the GUI thread at start-up)."""
    if not services.on_server:
        return None
    try:
        return services.partnership.account_kind()
    except ReviewDeskError:
        return None  # the database still enforces the role; the work mode decides the menus
