"""Information governance in the main window (issue 19): how this person works (contributing to
a review, or leading reviews), the lock that really locks an encrypted library, encryption
without a terminal, and the document for the data protection officer.

:class:`Governance` is an object the main window owns (``window.governance``), as it owns
:class:`~reviewdesk.gui.review_dialogs.ReviewActions`: it reads the window's ``services``,
``settings``, ``paths``, ``menu_actions``, ``library`` and autosaver, and makes the window's
``idle_lock``, so the window module keeps to the shell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from reviewdesk.gui.settings import CONTRIBUTOR, LEAD

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from reviewdesk.gui.dialogs.encryption import EncryptionChanger
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.tasks import Task
    from reviewdesk.services.bundle import Services


class Governance(QObject):
    """How this person works, the lock, encryption in the window and the DPO's document."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._changer: EncryptionChanger | None = None
        self._empty_text_for_lead: str | None = None
        # What each action opened or started (None until it has): kept while open, and for tests.
        self.encrypt_dialog: Any = None
        self.first_run_outcome: Any = None
        self.dpo_task: Task | None = None

    # --- two ways of working, one app ---------------------------------------------------------

    def lead_tools(self) -> list[QAction]:
        """The lead's tools: shown (and enabled) only for someone who leads reviews."""
        a = self.window.menu_actions
        return [
            a.new,
            a.case_record,
            a.lead_toolkit,
            a.name_key,
            a.send_pack,
            a.contributions,
            a.search,
            a.dashboard,
            a.learning_report,
            a.due,
            a.move_to_server,
        ]

    @property
    def is_lead(self) -> bool:
        """A lead's tools: on a server, for an account of the lead (or admin) kind, whatever
        this laptop's work mode says; otherwise the work mode chosen here."""
        kind = getattr(self.window, "server_kind", None)
        if kind is not None:
            return bool(kind != "contributor")
        return self.window.settings.is_lead

    def apply_work_mode(self) -> None:
        """Show the lead's tools to a lead and hide them from a contributor (after
        ``_update_actions`` has enabled what the moment allows)."""
        lead = self.is_lead
        for action in self.lead_tools():
            action.setVisible(lead)
            if not lead:
                action.setEnabled(False)
        self.window.menu_actions.learning_menu.menuAction().setVisible(lead)
        self.window.library.new_button.setVisible(lead)
        if hasattr(self.window.library, "empty_new"):  # the empty library's card, once it is built
            self.window.library.empty_new.setVisible(lead)
            if self._empty_text_for_lead is None:
                self._empty_text_for_lead = self.window.library.empty_text.text()
            self.window.library.empty_text.setText(
                self._empty_text_for_lead
                if lead
                else self.tr(
                    "Open the case pack your review lead sent you (File, Import, or open the "
                    "file with ReviewDesk), or explore the fictional demo review first: every "
                    "person and place in it is invented."
                )
            )
        if not lead:
            for window in self.window.review_actions.lead_only_windows():
                if window.isVisible():
                    window.close()

    def set_work_mode(self, mode: str) -> None:
        if mode != self.window.settings.work_mode:
            self.window.settings.work_mode = mode
        self.window._update_actions()

    def after_pack_opened(self, had_reviews: bool) -> None:
        """A case pack was opened: in a library that held no review before, this person is
        contributing to a review (a lead's own library keeps everything)."""
        if had_reviews or self.window.settings.work_mode == CONTRIBUTOR:
            return
        self.set_work_mode(CONTRIBUTOR)
        self.window.statusBar().showMessage(
            self.tr(
                "ReviewDesk now shows the tools for contributing to a review. If you lead "
                "reviews, choose that in File, Your details."
            ),
            12_000,
        )

    # --- the lock -----------------------------------------------------------------------------

    def make_idle_lock(self, services: Services) -> None:
        """The window's lock, there from the start (File, Lock now works even with no idle
        time set)."""
        from reviewdesk.domain.idle import IdlePolicy
        from reviewdesk.gui.widgets.lock_screen import IdleLock

        minutes = services.settings.idle_lock_minutes()
        lock = IdleLock(
            self.window,
            IdlePolicy(max(minutes, 0) * 60),
            flush=self._save_before_lock,
            start=minutes > 0,
        )
        self.window.idle_lock = lock
        actions = self.window.review_actions
        lock.locked.connect(actions.hide_windows_for_lock)
        lock.locked.connect(self._close_library_for_lock)
        lock.screen.unlocked.connect(actions.show_windows_after_lock)
        lock.screen.encrypt_requested.connect(self.offer_encryption)
        self.configure_lock()

    def configure_lock(self) -> None:
        """The lock screen follows the library: a passphrase when it is encrypted, else the
        plain truth that locking only hides the window, and the offer to encrypt."""
        lock = self.window.idle_lock
        if lock is None or self.window.services is None:
            return
        services = self.window.services
        lock.screen.configure(None)
        lock.screen.configure_opening(
            (lambda secret: services.library_lock.unlock(secret)) if services.encrypted else None
        )

    def _save_before_lock(self) -> None:
        if self.window._autosaver is not None:
            self.window._autosaver.finish()  # waits for the save: nothing typed is lost

    def _close_library_for_lock(self, _reason: str) -> None:
        if self.window.services is not None and self.window.services.encrypted:
            self.window.services.library_lock.lock()

    def apply_idle_minutes(self, minutes: int) -> None:
        lock = self.window.idle_lock
        if lock is None:
            return
        lock.policy.idle_seconds = max(minutes, 0) * 60
        lock.policy.activity()  # counted from now, not from before the change
        if minutes > 0:
            lock.timer.start()
        else:
            lock.timer.stop()

    # --- encryption in the window --------------------------------------------------------------

    @property
    def changer(self) -> EncryptionChanger:
        if self._changer is None:
            from reviewdesk.gui.dialogs.encryption import EncryptionChanger

            self._changer = EncryptionChanger(
                self.window.services,
                self.window,
                before=self._before_encryption_change,
                after=self._after_encryption_change,
                data_folder=str(self.window.paths.data_dir),
            )
            self._changer.done.connect(
                lambda ok, text: self.window.statusBar().showMessage(text, 12_000 if ok else 20_000)
            )
        return self._changer

    def _before_encryption_change(self) -> bool:
        """Save everything first: the library is closed while its encryption changes."""
        if self.window._autosaver is not None and not self.window._autosaver.finish():
            from reviewdesk.gui.review_dialogs import message_box

            message_box().warning(
                self.window,
                self.tr("Encryption"),
                self.tr(
                    "Your latest writing could not be saved, so the library's encryption has "
                    "not been changed. Nothing is lost: please try again in a moment."
                ),
            )
            return False
        lock = self.window.idle_lock
        if lock is not None:
            lock.timer.stop()  # no idle lock in the middle of a change
        return True

    def _after_encryption_change(self) -> None:
        self.configure_lock()
        if self.window.services is not None:
            self.apply_idle_minutes(self.window.services.settings.idle_lock_minutes())
            lock = self.window.idle_lock
            if self.window.services.store.locked and lock is not None:
                self.configure_lock()  # it could not be opened again: ask for the key
                lock.lock_now()

    def encrypt_at_first_run(self) -> None:
        """The welcome's "Protect this library": the passphrase (twice), the recovery key, then
        the library is encrypted, with progress; the outcome is said in a message."""
        from reviewdesk.gui.dialogs.encryption import EncryptDialog, say

        dialog = EncryptDialog(self.window)
        self.encrypt_dialog = dialog

        def told(ok: bool, text: str) -> None:
            self.changer.done.disconnect(told)
            self.first_run_outcome = say(self.window, ok, text)

        def chosen() -> None:
            passphrase = dialog.passphrase() or ""
            dialog.forget()
            self.changer.done.connect(told)
            if not self.changer.encrypt(passphrase):
                self.changer.done.disconnect(told)

        def not_now() -> None:
            self.window.statusBar().showMessage(
                self.tr(
                    "The library is not encrypted. You can protect it at any time in File, "
                    "Library settings."
                ),
                12_000,
            )

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(not_now)
        dialog.open()

    def offer_encryption(self) -> None:
        """From the lock screen of a library that is not encrypted: Library settings, at its
        Encryption box."""
        self.window.review_actions.show_library_settings()
        box = getattr(self.window.review_actions.settings_dialog, "encryption", None)
        if box is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, box.encrypt_button.setFocus)  # once the dialog is shown

    # --- for the data protection officer -------------------------------------------------------

    def export_for_dpo(self) -> None:
        """Help, For your data protection officer: docs/information-governance.md as a PDF,
        with this library's own settings filled in."""
        from pathlib import Path

        from reviewdesk.gui.dialogs.file_writing import documents_folder
        from reviewdesk.gui.review_dialogs import file_dialog, message_box

        if self.window.services is None:
            return
        name, _ = file_dialog().getSaveFileName(
            self.window,
            self.tr("Save the information governance document"),
            str(documents_folder() / "ReviewDesk information governance.pdf"),
            self.tr("PDF documents (*.pdf)"),
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        from reviewdesk.gui.tasks import Task

        paths = self.window.paths
        services = self.window.services
        task = Task(lambda _progress: services.governance.export_pdf(paths, path))
        self.dpo_task = task
        task.succeeded.connect(
            lambda _r: self.window.statusBar().showMessage(
                self.tr("Saved the document for your data protection officer: %s") % path, 12_000
            )
        )
        task.failed.connect(
            lambda text: message_box().warning(
                self.window, self.tr("The document was not saved"), text
            )
        )
        task.start()


__all__ = ["CONTRIBUTOR", "LEAD", "Governance"]
