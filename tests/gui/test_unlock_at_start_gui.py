"""An encrypted library asks for its passphrase when the app starts, and opens with it."""

from __future__ import annotations

from pathlib import Path

from reviewdesk.app import build_gui
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library.encryption import LibraryKeys
from tests.gui.conftest import answer_modal

PASSPHRASE = "correct horse battery staple 42"


def test_an_encrypted_library_is_unlocked_at_start(qtbot, data_dir: Path) -> None:
    paths = resolve_paths(data_dir)
    services = open_services(paths, daily_backup=False)
    summary, _ = services.exchange.add_demo()
    services.close()
    LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF).encrypt(
        PASSPHRASE, confirm=lambda _key: True
    )
    assert not paths.database.read_bytes().startswith(b"SQLite format 3")

    seen = {}

    def unlock(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["title"] = dialog.windowTitle()
        qtbot.keyClicks(dialog.passphrase, "not the passphrase")
        dialog.unlock_button.click()
        seen["error"] = dialog.error.text()
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        dialog.unlock_button.click()

    answer_modal(unlock, timeout_ms=10_000)
    _app, window = build_gui(str(data_dir))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.services is not None, timeout=15_000)
    assert seen["title"] == "Unlock ReviewDesk"
    assert seen["error"]  # the wrong passphrase was explained, and could be typed again
    assert [r.reference for r in window.services.reviews.list_reviews()] == [summary.reference]
    window.close()
