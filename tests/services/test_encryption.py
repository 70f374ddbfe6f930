"""Encryption at rest, the whole life cycle: encrypt, reopen, wrong passphrase, recovery key,
change passphrase, backups (taken, checked, restored), decrypt. SQLCipher is a dependency, so
these always run."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from reviewdesk.domain.errors import (
    DatabaseError,
    PassphraseRequiredError,
    ValidationError,
    WrongPassphraseError,
)
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library.encryption import (
    KEY_FILE_NAME,
    LibraryKeys,
    format_recovery_key,
    parse_recovery_key,
)
from reviewdesk.store.sqlite_file import SQLITE_HEADER, DatabaseKey

PASSPHRASE = "quiet harbour lantern 42"
NEW_PASSPHRASE = "seven amber kites drifting"
CANARY = "CANARY-AT-REST-7731"


def KEPT(_recovery_key: str) -> bool:
    return True


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _open(paths, secret=None):  # type: ignore[no-untyped-def]
    return open_services(paths, kdf=FAST_TEST_KDF, secret=secret)


@pytest.fixture
def library(data_dir):  # type: ignore[no-untyped-def]
    paths = resolve_paths(data_dir)
    services = _open(paths)
    summary, _ = services.exchange.add_demo()
    work = services.reviews.get(summary.id).contributors[0]
    prompt = services.reviews.get(summary.id).framework.themes[0].prompts[0]
    services.reviews.save_answer(work.contributor.id, prompt.id, f"{CANARY} in an answer")
    services.backups.take("manual")
    services.close()
    return paths, LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)


def test_the_whole_life_cycle(library) -> None:
    paths, keys = library
    assert not keys.encrypted
    result = keys.encrypt(PASSPHRASE, confirm=KEPT)

    # The library file, and every backup, no longer starts with SQLite's header or holds text.
    raw = paths.database.read_bytes()
    assert not raw.startswith(SQLITE_HEADER) and CANARY.encode() not in raw
    assert keys.encrypted
    backups = sorted(paths.backups_dir.glob("*.sqlite3"))
    assert len(backups) >= 2 and result.backups_converted == len(backups)
    for b in backups:
        data = b.read_bytes()
        assert not data.startswith(SQLITE_HEADER) and CANARY.encode() not in data

    # The key file holds wrapped keys and parameters only, readable by this user only.
    key_file = json.loads(keys.key_file.read_text("ascii"))
    assert set(key_file) == {"format", "format_version", "cipher", "passphrase", "recovery"}
    assert key_file["passphrase"]["kdf"]["name"] == "scrypt"
    assert (paths.backups_dir / KEY_FILE_NAME).read_bytes() == keys.key_file.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(keys.key_file.stat().st_mode) == 0o600

    # Reopen: no passphrase, a wrong one (nothing touched), the right one.
    before = _digest(paths.database)
    with pytest.raises(PassphraseRequiredError):
        _open(paths)
    with pytest.raises(WrongPassphraseError, match="does not unlock"):
        _open(paths, "not the passphrase at all")
    assert _digest(paths.database) == before
    services = _open(paths, PASSPHRASE)
    try:
        assert services.encrypted
        answers = [a.text for w in services.reviews.get(1).contributors for a in w.answers]
        assert any(CANARY in t for t in answers)
        assert services.integrity.run().ok
        taken = services.backups.take("manual")  # a backup of an encrypted library...
        assert not taken.path.read_bytes().startswith(SQLITE_HEADER)  # ...is encrypted
        assert services.backups.check(taken.path).ok
        entries = [e.action for e in services.audit.entries(limit=5)]
        assert "library.encrypted" in entries
    finally:
        services.close()

    # The recovery key opens it too, typed any old way.
    messy = result.recovery_key.lower().replace("-", " ")
    _open(paths, messy).close()

    # Change the passphrase: the old one stops working, the new one and the recovery key work,
    # and nothing was re-encrypted.
    before = _digest(paths.database)
    keys.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        keys.unlock(PASSPHRASE)
    assert keys.verify(NEW_PASSPHRASE) and keys.verify(result.recovery_key)
    services = _open(paths, NEW_PASSPHRASE)
    try:
        # a restore of an encrypted backup, taken before the change, with the new passphrase
        restored = services.backups.restore(taken.path)
        assert restored.safety_copy is not None
        assert services.reviews.list_reviews()[0].reference == "DEMO-2026-01"
    finally:
        services.close()
    assert before != _digest(paths.database)  # the audit entry and the restore changed it

    # Decrypt: plain files again, the key file gone, the text intact.
    done = keys.decrypt(NEW_PASSPHRASE)
    assert done.backups_left == ()
    assert paths.database.read_bytes().startswith(SQLITE_HEADER)
    assert all(
        b.read_bytes().startswith(SQLITE_HEADER) for b in paths.backups_dir.glob("*.sqlite3")
    )
    assert not keys.key_file.exists() and not (paths.backups_dir / KEY_FILE_NAME).exists()
    services = _open(paths)
    try:
        assert not services.encrypted
        actions = [e.action for e in services.audit.entries(limit=20)]
        # (the passphrase change was recorded in the library that the restore replaced)
        assert {"library.encrypted", "library.restored", "library.decrypted"} <= set(actions)
    finally:
        services.close()


def test_refusals_change_nothing(library) -> None:
    paths, keys = library
    before = _digest(paths.database)
    with pytest.raises(ValidationError):
        keys.encrypt("short", confirm=KEPT)  # too weak
    with pytest.raises(ValidationError):
        keys.decrypt(PASSPHRASE)  # not encrypted
    assert _digest(paths.database) == before and not keys.key_file.exists()
    keys.encrypt(PASSPHRASE, confirm=KEPT)
    with pytest.raises(ValidationError):
        keys.encrypt(PASSPHRASE, confirm=KEPT)
    before = _digest(paths.database)
    with pytest.raises(WrongPassphraseError):
        keys.decrypt("the wrong one entirely")
    with pytest.raises(WrongPassphraseError):
        keys.change_passphrase("the wrong one entirely", NEW_PASSPHRASE)
    assert _digest(paths.database) == before


def test_a_missing_or_damaged_key_file_is_explained(library) -> None:
    paths, keys = library
    keys.encrypt(PASSPHRASE, confirm=KEPT)
    saved = keys.key_file.read_bytes()
    keys.key_file.unlink()
    with pytest.raises(DatabaseError, match=r"key file .* is missing"):
        _open(paths, PASSPHRASE)
    keys.key_file.write_bytes(b'{"format": "something else"}')
    with pytest.raises(DatabaseError, match="damaged or not a ReviewDesk key file"):
        _open(paths, PASSPHRASE)
    keys.key_file.write_bytes(saved)
    _open(paths, PASSPHRASE).close()


def test_recovery_keys_print_in_groups_and_forgive_typing() -> None:
    raw = bytes(range(20))
    text = format_recovery_key(raw)
    groups = text.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert parse_recovery_key(text) == raw
    assert parse_recovery_key(" " + text.lower().replace("-", "  ") + "\n") == raw
    assert parse_recovery_key(text.replace("O", "0").replace("I", "1")) == raw
    assert parse_recovery_key("correct horse battery staple") is None


def test_the_key_reaches_sqlcipher_as_raw_hex_and_never_shows() -> None:
    key = DatabaseKey(bytes.fromhex("c7" * 32))
    assert key.sql_literal == "x'" + "c7" * 32 + "'"
    assert "c7" not in repr(key)
    with pytest.raises(ValueError):
        DatabaseKey(b"passphrase")
