"""On a server the signed-in account decides which tools are shown, not the work mode set on this
computer (issue 22): "Your details" says so, calmly, beside the choice, which is shown as the
account has it and cannot be changed there (a screen reader hears why with each choice); saving
the details leaves this computer's setting as it was, for its own libraries.

Needs PostgreSQL (tests/pg.py); skipped without it, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from reviewdesk.domain.review import Profile
from tests.journeys.test_partnership_on_server import _window


def test_your_details_says_the_server_account_decides_the_tools(
    qtbot, pg_server, pg_database, tmp_path: Path
) -> None:
    from reviewdesk.services.bundle import Services
    from reviewdesk.services.partnership import LocalProfile
    from reviewdesk.store.local_notes import LocalNotes
    from reviewdesk.store.server import open_server_store

    pg_server.account("kit_moor", "contributor")
    folder = tmp_path / "kit"
    folder.mkdir()
    # as the app's sign-in holds it (services/partnership.py): the details kept on this laptop
    svc = Services.over(open_server_store(pg_server.args(pg_database, "kit_moor")), lazy=True)
    svc.provide(profile=LocalProfile(LocalNotes(folder, "test-server", "kit_moor")))
    svc.build_all()
    window = _window(qtbot, svc, folder)
    try:
        window.settings.work_mode = "lead"  # this laptop was set up for leading reviews
        window.menu_actions.details.trigger()
        qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
        dialog = window.welcome
        note = dialog.work_mode_note.text()
        assert "signed in to your partnership's shared server" in note
        assert "a contributor's account" in note
        assert "not the setting on this computer" in note
        assert dialog.contributing.isChecked() and not dialog.leading.isChecked()
        for choice in (dialog.contributing, dialog.leading):
            assert not choice.isEnabled()
            assert "your account there decides this" in choice.accessibleDescription()
        if os.environ.get("REVIEWDESK_SHOTS"):
            dialog.grab().save(os.environ["REVIEWDESK_SHOTS"])
        dialog.name.setFocus()
        qtbot.keyClicks(dialog.name, "Kit Moor")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.welcome is None)
        assert window.settings.work_mode == "lead"  # kept for this laptop's own libraries
        assert not window.governance.is_lead  # the server's account still decides
        assert svc.profile.get().name == "Kit Moor"
    finally:
        window.live_changes.stop()
        window.autosaver.stop()
        window.hide()
        svc.close()


def test_on_a_library_file_the_work_mode_can_still_be_chosen(qtbot, tmp_path: Path) -> None:
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    svc = open_services(resolve_paths(tmp_path / "lib"))
    svc.profile.save(Profile("Sam Field", "Review lead", "Northvale Partnership"))
    window = _window(qtbot, svc, tmp_path / "lib")
    try:
        window.menu_actions.details.trigger()
        qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
        dialog = window.welcome
        assert dialog.contributing.isEnabled() and dialog.leading.isEnabled()
        assert "shared server" not in dialog.work_mode_note.text()
        qtbot.mouseClick(dialog.contributing, Qt.MouseButton.LeftButton)
        assert dialog.contributing.isChecked()
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.welcome is None)
        assert window.settings.work_mode == "contributor"
    finally:
        window.autosaver.stop()
        window.hide()
        svc.close()
