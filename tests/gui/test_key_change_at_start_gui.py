"""The app's start finishes an encryption change that was interrupted, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewdesk.app import build_gui
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library.encryption import LibraryKeys
from reviewdesk.services.library.key_change import JOURNAL_NAME, KeyChangeStopped
from reviewdesk.store.file_header import looks_encrypted
from tests.gui.conftest import answer_modal

PASSPHRASE = "correct horse battery staple 42"


def test_an_interrupted_encrypt_is_finished_when_the_app_starts(qtbot, data_dir: Path) -> None:
    paths = resolve_paths(data_dir)
    services = open_services(paths, daily_backup=False)
    summary, _ = services.exchange.add_demo()
    services.backups.take("manual")
    services.close()

    def ctrl_c_once_the_library_is_encrypted(point: str) -> None:
        if point == "swap-library/done":
            raise KeyboardInterrupt

    keys = LibraryKeys(
        paths.database,
        paths.backups_dir,
        kdf=FAST_TEST_KDF,
        hook=ctrl_c_once_the_library_is_encrypted,
    )
    with pytest.raises(KeyChangeStopped, match="will be finished the next time"):
        keys.encrypt(PASSPHRASE, confirm=lambda _key: True)
    assert (data_dir / JOURNAL_NAME).exists()
    assert not all(looks_encrypted(b) for b in paths.backups_dir.glob("*.sqlite3"))

    def unlock(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        dialog.unlock_button.click()

    answer_modal(unlock, timeout_ms=10_000)
    _app, window = build_gui(str(data_dir))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.services is not None, timeout=20_000)

    def told() -> bool:
        return any(
            isinstance(w, QMessageBox) and "it has now been finished" in w.text()
            for w in QApplication.topLevelWidgets()
        )

    qtbot.waitUntil(told, timeout=5_000)
    assert not (data_dir / JOURNAL_NAME).exists()
    assert all(looks_encrypted(b) for b in paths.backups_dir.glob("*.sqlite3"))
    assert [r.reference for r in window.services.reviews.list_reviews()] == [summary.reference]
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()
    window.close()
