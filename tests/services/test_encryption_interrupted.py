"""The three failures the outside test found, replayed through the service: each fails on the
code before the journaled changes (checked) and passes now."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from reviewdesk import cli
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library import encryption
from reviewdesk.services.library.encryption import KEY_FILE_NAME, LibraryKeys
from reviewdesk.store import cipher
from reviewdesk.store.file_header import looks_encrypted

FIRST, SECOND = "quiet harbour lantern 42", "seven amber kites drifting"


def _kept(_recovery_key: str) -> bool:
    return True


@pytest.fixture
def paths(data_dir: Path):  # type: ignore[no-untyped-def]
    paths = resolve_paths(data_dir)
    services = open_services(paths, kdf=FAST_TEST_KDF)
    try:
        services.exchange.add_demo()
        services.backups.take("manual")
    finally:
        services.close()
    return paths


def _interrupt_backup_conversion(monkeypatch: pytest.MonkeyPatch, at_call: int) -> None:
    real = cipher.convert_in_place
    calls = [0]

    def convert_in_place(path, **keys):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == at_call:
            raise KeyboardInterrupt
        return real(path, **keys)

    monkeypatch.setattr(cipher, "convert_in_place", convert_in_place)


def test_ctrl_c_while_the_backups_are_encrypted_is_finished_at_the_next_start(
    paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    _interrupt_backup_conversion(monkeypatch, 1)
    with pytest.raises(BaseException):  # noqa: B017 (Ctrl+C, told as the change's own message)
        keys.encrypt(FIRST, confirm=_kept)
    monkeypatch.undo()
    assert looks_encrypted(paths.database)
    services = open_services(paths, kdf=FAST_TEST_KDF, secret=FIRST)
    try:
        assert all(looks_encrypted(b) for b in paths.backups_dir.glob("*.sqlite3"))
        assert services.integrity.run().ok
    finally:
        services.close()


def test_an_interrupted_decrypt_never_leaves_backups_nobody_can_open(
    paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    keys.encrypt(FIRST, confirm=_kept)
    _interrupt_backup_conversion(monkeypatch, 2)
    with pytest.raises(BaseException):  # noqa: B017
        keys.decrypt(FIRST)
    monkeypatch.undo()
    # the attack: a later encrypt (with another passphrase), after whatever start came between
    services = open_services(paths, kdf=FAST_TEST_KDF, secret=FIRST)
    services.close()
    if not keys.encrypted:
        keys.encrypt(SECOND, confirm=_kept)
        final = SECOND
    else:
        final = FIRST
    services = open_services(paths, kdf=FAST_TEST_KDF, secret=final)
    try:
        for backup in sorted(paths.backups_dir.glob("*.sqlite3")):  # each opens in the library
            assert services.backups.check(backup).ok, backup.name
        report = services.integrity.run()
        assert report.ok, report.problems
    finally:
        services.close()


def test_a_full_disk_during_encrypt_is_a_message_not_a_traceback(
    paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(encryption.backup_files, "take", full)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(FIRST + "\n", encoding="utf-8")
    code = cli.main(
        ["encrypt", "--passphrase-file", str(secret),
         "--recovery-key-file", str(tmp_path / "recovery.txt")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "disk is full" in err and "Nothing has been changed" in err
    assert not looks_encrypted(paths.database) and not (paths.data_dir / KEY_FILE_NAME).exists()


class _Terminal:
    """Standard input as a person at a terminal: isatty, and the lines they type."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        if not self.lines:
            raise KeyboardInterrupt  # they gave up and pressed Ctrl+C
        return self.lines.pop(0) + "\n"


def _at_a_terminal(monkeypatch, typed: list[str]) -> None:  # type: ignore[no-untyped-def]
    import getpass
    import sys

    monkeypatch.setattr(sys, "stdin", _Terminal(typed))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": FIRST)


def test_the_recovery_key_is_shown_and_typed_back_before_anything_changes(
    paths, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    _at_a_terminal(monkeypatch, ["not it", "still not it", "nope"])
    assert cli.main(["encrypt"]) == 1  # three wrong tries: nothing changes
    out = capsys.readouterr()
    assert "shown only this once" in out.out and "not been encrypted" in out.err
    assert not looks_encrypted(paths.database) and not (paths.data_dir / KEY_FILE_NAME).exists()

    _at_a_terminal(monkeypatch, [])  # Ctrl+C at the prompt: nothing changes either
    assert cli.main(["encrypt"]) == 1
    assert "Stopped. Nothing has been changed" in capsys.readouterr().err
    assert not looks_encrypted(paths.database)

    shown: list[str] = []
    real_print = print

    def typed_back() -> list[str]:
        key = next(line.strip() for line in shown if line.count("-") == 7)
        return [" ".join(key.split("-")[-2:]).lower()]  # any spacing, any case

    class Person(_Terminal):
        def readline(self) -> str:
            self.lines = typed_back()
            return super().readline()

    import sys

    monkeypatch.setattr(sys, "stdin", Person([]))
    monkeypatch.setattr(
        "builtins.print", lambda *a, **k: (shown.append(" ".join(map(str, a))), real_print(*a, **k))
    )
    assert cli.main(["encrypt"]) == 0
    assert looks_encrypted(paths.database)
    assert all(looks_encrypted(b) for b in paths.backups_dir.glob("*.sqlite3"))


def test_check_reports_a_plain_backup_of_an_encrypted_library_and_fix_encrypts_it(
    paths, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    plain_copy = tmp_path / "plain.sqlite3"
    plain_copy.write_bytes(next(paths.backups_dir.glob("manual-*.sqlite3")).read_bytes())
    LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF).encrypt(FIRST, confirm=_kept)
    stray = paths.backups_dir / "manual-20260101T090000Z.sqlite3"
    stray.write_bytes(plain_copy.read_bytes())  # a plain backup put back by hand
    secret = tmp_path / "passphrase.txt"
    secret.write_text(FIRST + "\n", encoding="utf-8")
    assert cli.main(["--passphrase-file", str(secret), "check"]) == 1
    out = capsys.readouterr().out
    assert f"{stray.name} is not encrypted, though the library is" in out
    assert cli.main(["--passphrase-file", str(secret), "check", "--fix"]) == 0
    assert "Converted 1 backup to" in capsys.readouterr().out and looks_encrypted(stray)
    assert cli.main(["--passphrase-file", str(secret), "check"]) == 0


def test_what_an_interrupted_copy_leaves_is_removed_when_the_change_is_settled(
    paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill in the middle of a copy leaves temporary files, perhaps in plain text: the next
    start removes them (and only them) when it finishes or undoes the change."""
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    keys.encrypt(FIRST, confirm=_kept)

    def stop(point: str) -> None:
        if point == "convert-library":
            raise KeyboardInterrupt

    with pytest.raises(BaseException):  # noqa: B017
        LibraryKeys(paths.database, paths.backups_dir, hook=stop).decrypt(FIRST)
    leftovers = [
        paths.data_dir / f"..{paths.database.name}.decrypting.1a2b.part",
        paths.data_dir / ".reviewdesk.key-change.json.3c4d.part",
        paths.backups_dir / "..daily-20260101T090000Z.sqlite3.5e6f.converted.7a8b.part",
    ]
    for p in leftovers:
        p.write_bytes(b"SQLite format 3\x00 plain text of a half-made copy")
    mine = paths.data_dir / ".someone-elses.part"
    mine.write_bytes(b"not ReviewDesk's")
    services = open_services(paths, kdf=FAST_TEST_KDF, secret=FIRST)
    services.close()
    assert not any(p.exists() for p in leftovers) and mine.exists()


def test_no_key_file_is_dropped_while_a_backup_still_needs_it(paths, tmp_path: Path) -> None:
    """A plain library with a backup still encrypted under its earlier key (and that key file):
    encrypt refuses (it would otherwise replace the only key that opens it), check names the
    backup, check --fix decrypts it with the earlier passphrase, and encrypting again sets the
    earlier key file aside instead of overwriting it."""
    from reviewdesk.domain.errors import ValidationError

    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    keys.encrypt(FIRST, confirm=_kept)
    kept_backup = next(paths.backups_dir.glob("manual-*.sqlite3"))
    old_backup, old_key = kept_backup.read_bytes(), keys.key_file.read_bytes()
    keys.decrypt(FIRST)
    assert not keys.key_file.exists()
    straggler = paths.backups_dir / "manual-20260101T090000Z.sqlite3"
    straggler.write_bytes(old_backup)  # as if its conversion had failed, with its key file
    keys.key_file.write_bytes(old_key)

    with pytest.raises(ValidationError, match="still encrypted with this library's earlier key"):
        keys.encrypt(SECOND, confirm=_kept)
    assert keys.key_file.read_bytes() == old_key and not looks_encrypted(paths.database)

    services = open_services(paths, kdf=FAST_TEST_KDF)
    try:
        problems = services.integrity.backup_key_problems()
        assert [p.path.name for p in problems] == [straggler.name]
        assert "still encrypted, though the library is not" in problems[0].sentence
        assert not services.integrity.run().ok
        done, left = services.integrity.fix_backups(lambda: FIRST)
        assert (done, left) == (1, []) and not looks_encrypted(straggler)
        assert services.integrity.run().ok
    finally:
        services.close()

    keys.encrypt(SECOND, confirm=_kept)
    earlier = sorted(paths.data_dir.glob(f"{KEY_FILE_NAME}.earlier-*"))
    assert len(earlier) == 1 and earlier[0].read_bytes() == old_key  # set aside, not dropped
    services = open_services(paths, kdf=FAST_TEST_KDF, secret=SECOND)
    try:
        assert services.integrity.run().ok
    finally:
        services.close()
