"""Partnership mode's private notes on this computer are kept as safely as the local library
(issue 22, point 6): encrypted with it, written atomically, backed up and restored with it,
and a damaged file is reported calmly and never written over. No server is needed."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewdesk.domain.errors import StorageError
from reviewdesk.domain.review import Profile
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library.encryption import LibraryKeys
from reviewdesk.services.partnership import LocalProfile
from reviewdesk.store.local_notes import BACKUP_SUFFIX, FILE_NAME, SAVE_STEPS, LocalNotes
from reviewdesk.store.sqlite_file import SQLITE_HEADER, DatabaseKey

SERVER, ACCOUNT, REF = "db.council.example:5432/reviewdesk", "sam.field", "LCSPR-2026-07"
AT = datetime(2026, 5, 1, tzinfo=UTC)
CANARY = "CANARY-PRIVATE-NOTE-4410"
PASSPHRASE = "quiet harbour lantern 42"


def _notes(folder: Path, key: DatabaseKey | None = None, hook=None) -> LocalNotes:  # type: ignore[no-untyped-def]
    return LocalNotes(folder, SERVER, ACCOUNT, key=key, hook=hook)


def test_with_an_encrypted_library_the_notes_are_encrypted_with_its_key(tmp_path) -> None:
    key = DatabaseKey(bytes(range(32)))
    _notes(tmp_path, key).save(REF, "", f"{CANARY} about the family", AT)
    raw = (tmp_path / FILE_NAME).read_bytes()
    assert CANARY.encode() not in raw and not raw.startswith(SQLITE_HEADER)
    assert _notes(tmp_path, key).notes(REF) == {"": f"{CANARY} about the family"}
    locked = _notes(tmp_path)  # the library not unlocked: nothing is read, nothing changes
    with pytest.raises(StorageError, match="encrypted") as refused:
        locked.notes(REF)
    assert "Nothing was sent to the server" in str(refused.value)
    with pytest.raises(StorageError):
        locked.save(REF, "", "overwrite?", AT)
    assert (tmp_path / FILE_NAME).read_bytes() == raw


def test_notes_kept_before_the_library_was_encrypted_are_encrypted_on_the_next_sign_in(
    tmp_path,
) -> None:
    _notes(tmp_path).save(REF, "babies", f"{CANARY} written in plain", AT)
    assert (tmp_path / FILE_NAME).read_bytes().startswith(SQLITE_HEADER)
    key = DatabaseKey(bytes(32))
    assert _notes(tmp_path, key).notes(REF) == {"babies": f"{CANARY} written in plain"}
    raw = (tmp_path / FILE_NAME).read_bytes()
    assert CANARY.encode() not in raw and not raw.startswith(SQLITE_HEADER)
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no copy left in plain


class Killed(BaseException):
    """The process dies here: what is on disk at that moment is all there is."""


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
@pytest.mark.parametrize("step", SAVE_STEPS)
def test_a_save_killed_at_any_step_leaves_the_old_notes_or_the_new(
    tmp_path, step, encrypted
) -> None:
    key = DatabaseKey(bytes(range(1, 33))) if encrypted else None
    folder = tmp_path / "data"
    _notes(folder, key).save(REF, "", "The old note", AT)
    after_kill = tmp_path / "after-kill"

    def kill(at: str) -> None:
        if at == step:  # the disk as a kill at this point leaves it (the temporary copy too)
            shutil.copytree(folder, after_kill)
            raise Killed

    with pytest.raises(Killed):
        _notes(folder, key, hook=kill).save(REF, "", "The new note", AT)
    seen = _notes(after_kill, key)  # the next start
    assert seen.problem is None
    assert seen.notes(REF)[""] in {"The old note", "The new note"}
    if SAVE_STEPS.index(step) < SAVE_STEPS.index("replace"):
        assert seen.notes(REF)[""] == "The old note"
    assert sorted(p.name for p in after_kill.iterdir()) == [FILE_NAME]  # leftovers cleared
    seen.save(REF, "", "Written after the restart", AT)
    assert _notes(after_kill, key).notes(REF) == {"": "Written after the restart"}


def test_a_save_that_fails_leaves_the_notes_as_they_were(tmp_path, monkeypatch) -> None:
    notes = _notes(tmp_path)
    notes.save(REF, "", "Kept safe", AT)
    before = (tmp_path / FILE_NAME).read_bytes()

    def full_disk(_path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reviewdesk.store.local_notes.fsync_file", full_disk)
    with pytest.raises(StorageError, match="kept before are as they were"):
        notes.save(REF, "", "Will not fit", AT)
    assert (tmp_path / FILE_NAME).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a database at all " * 50, SQLITE_HEADER + b"\x00" * 40 + b"\xff" * 4000],
    ids=["empty", "garbage", "torn"],
)
def test_a_damaged_notes_file_gives_a_calm_message_and_changes_nothing(tmp_path, damage) -> None:
    (tmp_path / FILE_NAME).write_bytes(damage)
    notes = _notes(tmp_path)  # signing in still works: only the notes are unavailable
    if damage:
        with pytest.raises(StorageError, match="could not be read") as refused:
            notes.notes(REF)
        message = str(refused.value)
        assert "left exactly as it is" in message and "no note will be written" in message
        assert "Error" not in message and "file is not a database" not in message
        with pytest.raises(StorageError):
            notes.save(REF, "", "Would overwrite the damaged file", AT)
        fallback = Profile("Sam Field", "Review lead", "Children's Services")
        assert LocalProfile(notes, fallback).get() == fallback  # the details still known
    else:  # an empty file (made, then nothing written): no notes yet, nothing damaged
        assert notes.problem is None and notes.notes(REF) == {}
    assert (tmp_path / FILE_NAME).read_bytes() == damage  # never written over


def test_the_notes_are_backed_up_and_restored_with_the_library(data_dir) -> None:
    services = open_services(resolve_paths(data_dir))
    try:
        _notes(data_dir).save(REF, "", "Before the backup", AT)
        backup = services.backups.take("manual")
        copy = backup.path.with_name(backup.name + BACKUP_SUFFIX)
        assert copy.is_file()
        _notes(data_dir).save(REF, "", "After the backup", AT)
        result = services.backups.restore(backup.path)
        assert _notes(data_dir).notes(REF) == {"": "Before the backup"}
        assert result.safety_copy is not None  # what was there before is kept with its copy
        safety = result.safety_copy.with_name(result.safety_copy.name + BACKUP_SUFFIX)
        with sqlite3.connect(safety) as conn:
            assert conn.execute("SELECT text FROM private_note").fetchall() == [
                ("After the backup",)
            ]
    finally:
        services.close()


def test_encrypting_and_decrypting_the_library_takes_the_notes_along(data_dir) -> None:
    paths = resolve_paths(data_dir)
    services = open_services(paths, kdf=FAST_TEST_KDF)
    _notes(data_dir).save(REF, "", f"{CANARY} in plain", AT)
    services.backups.take("manual")
    services.close()
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    keys.encrypt(PASSPHRASE, confirm=lambda _shown: True)
    copies = [data_dir / FILE_NAME, *paths.backups_dir.glob("*" + BACKUP_SUFFIX)]
    assert len(copies) >= 2
    for path in copies:
        assert CANARY.encode() not in path.read_bytes(), path.name
    key = keys.unlock(PASSPHRASE)
    assert _notes(data_dir, key).notes(REF) == {"": f"{CANARY} in plain"}
    keys.decrypt(PASSPHRASE)
    for path in copies:
        assert path.read_bytes().startswith(SQLITE_HEADER), path.name
    assert _notes(data_dir).notes(REF) == {"": f"{CANARY} in plain"}
