"""Partnership mode's private notes live in a file of their own on this computer (store/
local_notes.py), not in the library. The backups ReviewDesk takes by itself before changing the
library (before an upgrade, before encrypting or decrypting it) carry a copy of them, as every
other backup does, so going back to such a backup after the change went wrong brings the notes
back as they were too (a loose end of session 7). Each test restores for real."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library.encryption import LibraryKeys
from reviewdesk.store.local_notes import BACKUP_SUFFIX, LocalNotes
from reviewdesk.store.sqlite_file import DatabaseKey

SERVER, ACCOUNT, REF = "db.council.example:5432/reviewdesk", "sam.field", "LCSPR-2026-07"
AT = datetime(2026, 5, 1, tzinfo=UTC)
PASSPHRASE = "quiet harbour lantern 42"
FIXTURES = Path(__file__).resolve().parents[1] / "store" / "fixtures"


def _notes(folder: Path, key: DatabaseKey | None = None) -> LocalNotes:
    return LocalNotes(folder, SERVER, ACCOUNT, key=key)


def _kind(backups: Path, kind: str) -> Path:
    (found,) = [
        p for p in backups.glob("*.sqlite3") if kind in p.name and "before-restore" not in p.name
    ]
    return found


def test_going_back_to_the_backup_taken_before_an_upgrade_brings_the_notes_back(
    data_dir: Path,
) -> None:
    paths = resolve_paths(data_dir)
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "schema-0014.sqlite3", paths.database)  # an older library
    _notes(data_dir).save(REF, "", "Before the upgrade: the GP letter was never sent.", AT)
    services = open_services(paths)  # upgrades it, after a backup
    try:
        before = _kind(paths.backups_dir, "before-upgrade-0014")
        assert before.with_name(before.name + BACKUP_SUFFIX).is_file()
        _notes(data_dir).save(REF, "", "Written after the upgrade.", AT)
        # The new version misbehaves; the person goes back to the backup taken before it.
        services.backups.restore(before)
        assert _notes(data_dir).notes(REF) == {
            "": "Before the upgrade: the GP letter was never sent."
        }
    finally:
        services.close()


def test_going_back_to_the_backup_taken_before_encrypting_brings_the_notes_back(
    data_dir: Path,
) -> None:
    paths = resolve_paths(data_dir)
    open_services(paths).close()
    _notes(data_dir).save(REF, "", "Before encrypting: the school nurse was not asked.", AT)
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    keys.encrypt(PASSPHRASE, confirm=lambda _shown: True)
    before = _kind(paths.backups_dir, "before-encrypt")
    assert before.with_name(before.name + BACKUP_SUFFIX).is_file()
    key = keys.unlock(PASSPHRASE)
    _notes(data_dir, key).save(REF, "", "Written once encrypted.", AT)
    services = open_services(paths, kdf=FAST_TEST_KDF, secret=PASSPHRASE)
    try:
        services.backups.restore(before)
        assert _notes(data_dir, key).notes(REF) == {
            "": "Before encrypting: the school nurse was not asked."
        }
    finally:
        services.close()


def test_going_back_to_the_backup_taken_before_decrypting_brings_the_notes_back(
    data_dir: Path,
) -> None:
    paths = resolve_paths(data_dir)
    open_services(paths).close()
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    keys.encrypt(PASSPHRASE, confirm=lambda _shown: True)
    key = keys.unlock(PASSPHRASE)
    _notes(data_dir, key).save(REF, "", "Before decrypting: the referral was closed.", AT)
    keys.decrypt(PASSPHRASE)
    before = _kind(paths.backups_dir, "before-decrypt")
    assert before.with_name(before.name + BACKUP_SUFFIX).is_file()
    _notes(data_dir).save(REF, "", "Written once decrypted.", AT)
    services = open_services(paths)
    try:
        services.backups.restore(before)
        assert _notes(data_dir).notes(REF) == {"": "Before decrypting: the referral was closed."}
    finally:
        services.close()
