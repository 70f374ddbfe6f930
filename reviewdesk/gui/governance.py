"""Information governance in the main window (issue 19): how this person works (contributing to
a review, or leading reviews), the lock that really locks an encrypted library, encryption
without a terminal, and the document for the data protection officer.

A mixin for :class:`reviewdesk.gui.main_window.MainWindow` (its ``services``, ``settings``,
``paths``, ``menu_actions``, ``autosaver`` and ``library``), so the window module keeps to the
shell.
"""

from __future__ import annotations

from reviewdesk.gui.settings import CONTRIBUTOR, LEAD


class Governance:
    # --- two ways of working, one app ---------------------------------------------------------

    def lead_tools(self) -> list:  # type: ignore[type-arg]
        """The lead's tools: shown (and enabled) only for someone who leads reviews."""
        a = self.menu_actions
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
        kind = getattr(self, "server_kind", None)
        if kind is not None:
            return bool(kind != "contributor")
        return self.settings.is_lead

    def apply_work_mode(self) -> None:
        """Show the lead's tools to a lead and hide them from a contributor (after
        ``_update_actions`` has enabled what the moment allows)."""
        lead = self.is_lead
        for action in self.lead_tools():
            action.setVisible(lead)
            if not lead:
                action.setEnabled(False)
        self.menu_actions.learning_menu.menuAction().setVisible(lead)
        self.library.new_button.setVisible(lead)
        if hasattr(self.library, "empty_new"):  # the empty library's card, once it is built
            self.library.empty_new.setVisible(lead)
            if not hasattr(self, "_empty_text_for_lead"):
                self._empty_text_for_lead = self.library.empty_text.text()
            self.library.empty_text.setText(
                self._empty_text_for_lead
                if lead
                else self.tr(
                    "Open the case pack your review lead sent you (File, Import, or open the "
                    "file with ReviewDesk), or explore the fictional demo review first: every "
                    "person and place in it is invented."
                )
            )
        if not lead:
            for window in self.review_actions.lead_only_windows():
                if window.isVisible():
                    window.close()

    def set_work_mode(self, mode: str) -> None:
        if mode != self.settings.work_mode:
            self.settings.work_mode = mode
        self._update_actions()

    def after_pack_opened(self, had_reviews: bool) -> None:
        """A case pack was opened: in a library that held no review before, this person is
        contributing to a review (a lead's own library keeps everything)."""
        if had_reviews or self.settings.work_mode == CONTRIBUTOR:
            return
        self.set_work_mode(CONTRIBUTOR)
        self.statusBar().showMessage(
            self.tr(
                "ReviewDesk now shows the tools for contributing to a review. If you lead "
                "reviews, choose that in File, Your details."
            ),
            12_000,
        )

    # --- the lock -----------------------------------------------------------------------------

    def make_idle_lock(self, services) -> None:  # type: ignore[no-untyped-def]
        """The lock, there from the start (File, Lock now works even with no idle time set)."""
        from reviewdesk.domain.idle import IdlePolicy
        from reviewdesk.gui.widgets.lock_screen import IdleLock

        minutes = services.settings.idle_lock_minutes()
        self.idle_lock = IdleLock(
            self,
            IdlePolicy(max(minutes, 0) * 60),
            flush=self._save_before_lock,
            start=minutes > 0,
        )
        self.idle_lock.locked.connect(self.review_actions.hide_windows_for_lock)
        self.idle_lock.locked.connect(self._close_library_for_lock)
        self.idle_lock.screen.unlocked.connect(self.review_actions.show_windows_after_lock)
        self.idle_lock.screen.encrypt_requested.connect(self.offer_encryption)
        self.configure_lock()

    def configure_lock(self) -> None:
        """The lock screen follows the library: a passphrase when it is encrypted, else the
        plain truth that locking only hides the window, and the offer to encrypt."""
        lock = getattr(self, "idle_lock", None)
        if lock is None or self.services is None:
            return
        services = self.services
        lock.screen.configure(None)
        lock.screen.configure_opening(
            (lambda secret: services.library_lock.unlock(secret)) if services.encrypted else None
        )

    def _save_before_lock(self) -> None:
        if self._autosaver is not None:
            self._autosaver.finish()  # waits for the save: nothing typed is lost

    def _close_library_for_lock(self, _reason: str) -> None:
        if self.services is not None and self.services.encrypted:
            self.services.library_lock.lock()

    def apply_idle_minutes(self, minutes: int) -> None:
        lock = getattr(self, "idle_lock", None)
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
    def changer(self):  # type: ignore[no-untyped-def]
        if getattr(self, "_changer", None) is None:
            from reviewdesk.gui.dialogs.encryption import EncryptionChanger

            self._changer = EncryptionChanger(
                self.services,
                self,
                before=self._before_encryption_change,
                after=self._after_encryption_change,
                data_folder=str(self.paths.data_dir),
            )
            self._changer.done.connect(
                lambda ok, text: self.statusBar().showMessage(text, 12_000 if ok else 20_000)
            )
        return self._changer

    def _before_encryption_change(self) -> bool:
        """Save everything first: the library is closed while its encryption changes."""
        if self._autosaver is not None and not self._autosaver.finish():
            from reviewdesk.gui.review_dialogs import message_box

            message_box().warning(
                self,
                self.tr("Encryption"),
                self.tr(
                    "Your latest writing could not be saved, so the library's encryption has "
                    "not been changed. Nothing is lost: please try again in a moment."
                ),
            )
            return False
        lock = getattr(self, "idle_lock", None)
        if lock is not None:
            lock.timer.stop()  # no idle lock in the middle of a change
        return True

    def _after_encryption_change(self) -> None:
        self.configure_lock()
        if self.services is not None:
            self.apply_idle_minutes(self.services.settings.idle_lock_minutes())
            if self.services.store.locked:  # it could not be opened again: ask for the key
                self.configure_lock()
                self.idle_lock.lock_now()

    def encrypt_at_first_run(self) -> None:
        """The welcome's "Protect this library": the passphrase (twice), the recovery key, then
        the library is encrypted, with progress; the outcome is said in a message."""
        from reviewdesk.gui.dialogs.encryption import EncryptDialog, say

        dialog = EncryptDialog(self)
        self.encrypt_dialog = dialog

        def told(ok: bool, text: str) -> None:
            self.changer.done.disconnect(told)
            self.first_run_outcome = say(self, ok, text)

        def chosen() -> None:
            passphrase = dialog.passphrase() or ""
            dialog.forget()
            self.changer.done.connect(told)
            if not self.changer.encrypt(passphrase):
                self.changer.done.disconnect(told)

        def not_now() -> None:
            self.statusBar().showMessage(
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
        self.review_actions.show_library_settings()
        box = getattr(self.review_actions.settings_dialog, "encryption", None)
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

        if self.services is None:
            return
        name, _ = file_dialog().getSaveFileName(
            self,
            self.tr("Save the information governance document"),
            str(documents_folder() / "ReviewDesk information governance.pdf"),
            self.tr("PDF documents (*.pdf)"),
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        from reviewdesk.gui.tasks import Task

        paths = self.paths
        services = self.services
        task = Task(lambda _progress: services.governance.export_pdf(paths, path))
        self.dpo_task = task
        task.succeeded.connect(
            lambda _r: self.statusBar().showMessage(
                self.tr("Saved the document for your data protection officer: %s") % path, 12_000
            )
        )
        task.failed.connect(
            lambda text: message_box().warning(self, self.tr("The document was not saved"), text)
        )
        task.start()


__all__ = ["CONTRIBUTOR", "LEAD", "Governance"]
