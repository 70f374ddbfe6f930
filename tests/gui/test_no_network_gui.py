"""The GUI makes no network connection either: the main window opens offscreen, shows the
library, runs the publication check dialog and the idle lock, all under the audit-hook guard of
tests/test_no_network.py (in a subprocess: audit hooks cannot be removed)."""

from __future__ import annotations

from pathlib import Path

from tests.test_no_network import run_guarded


def test_the_main_window_opens_no_socket(tmp_path: Path) -> None:
    result = run_guarded(
        f"""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from reviewdesk.domain.idle import IdlePolicy
        from reviewdesk.gui.dialogs.publication_check import PublicationCheckDialog
        from reviewdesk.app import create_main_window
        from reviewdesk.gui.widgets.lock_screen import IdleLock
        from reviewdesk.paths import resolve_paths
        from reviewdesk.services.bundle import open_services

        app = QApplication([])
        paths = resolve_paths({str(tmp_path / "lib")!r})
        services = open_services(paths)
        services.exchange.add_demo()
        window = create_main_window(services, paths)
        window.show()
        app.processEvents()
        review = services.reviews.list_reviews()[0]
        dialog = PublicationCheckDialog(services, review.id, None, window)
        dialog.show()
        app.processEvents()
        assert dialog.tree.topLevelItemCount() > 0
        dialog.close()
        lock = IdleLock(window, IdlePolicy(60), start=False)
        lock.lock_now()
        app.processEvents()
        window.grab()
        window.close()
        services.close()
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NO-NETWORK-OK" in result.stdout
