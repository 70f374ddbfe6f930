"""The open library's lock and its encryption changed while ReviewDesk runs (issue 19, 2-3)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reviewdesk.domain.errors import ReviewDeskError, WrongPassphraseError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library import lock as library_lock

FIRST = "quiet harbour 42 lanterns"
SECOND = "another long phrase 77 here"


def open_files(database: Path) -> list[str]:
    """The library's files this process holds open (Linux: /proc/self/fd)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(database)):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_encrypt_lock_unlock_change_and_decrypt_the_open_library(data_dir: Path) -> None:
    paths = resolve_paths(data_dir)
    services = open_services(paths, kdf=FAST_TEST_KDF)
    try:
        summary, _ = services.exchange.add_demo()
        steps: list[tuple[int, str]] = []
        shown: list[str] = []
        result = library_lock.encrypt(
            services,
            FIRST,
            confirm=lambda key: shown.append(key) or True,
            progress=lambda p, m: steps.append((p, m)),
        )
        assert shown == [result.recovery_key]
        assert [p for p, _m in steps] == sorted(p for p, _m in steps)  # it only goes forward
        assert steps[-1][0] == 100
        assert services.encrypted
        assert not paths.database.read_bytes().startswith(b"SQLite format 3")
        assert b"Child" not in paths.database.read_bytes()
        # the same services go on working: the store was reopened in place, with the key
        assert [r.reference for r in services.reviews.list_reviews()] == [summary.reference]
        services.backups.take("manual")  # the backups follow the new key
        assert open_files(paths.database)

        assert library_lock.lock(services)
        assert open_files(paths.database) == []  # locked: no handle on the library at all
        assert services.store.key is None  # and the key is forgotten
        with pytest.raises(ReviewDeskError, match="locked"):
            services.reviews.list_reviews()
        with pytest.raises(WrongPassphraseError):
            library_lock.unlock(services, "not the passphrase at all")
        assert services.store.locked
        library_lock.unlock(services, result.recovery_key)  # the recovery key opens it too
        assert [r.reference for r in services.reviews.list_reviews()] == [summary.reference]

        library_lock.change_passphrase(services, FIRST, SECOND)
        assert services.reviews.list_reviews()
        library_lock.lock(services)
        with pytest.raises(WrongPassphraseError):
            library_lock.unlock(services, FIRST)
        library_lock.unlock(services, SECOND)

        library_lock.decrypt(services, SECOND)
        assert not services.encrypted
        assert paths.database.read_bytes().startswith(b"SQLite format 3")
        assert [r.reference for r in services.reviews.list_reviews()] == [summary.reference]
        assert not library_lock.lock(services)  # a plain library cannot be locked shut
        actions = [e.action for e in services.audit.entries()]
        assert "library.encrypted" in actions and "library.decrypted" in actions
    finally:
        services.close()


def test_a_recovery_key_not_confirmed_leaves_the_library_open_and_plain(data_dir: Path) -> None:
    paths = resolve_paths(data_dir)
    services = open_services(paths, kdf=FAST_TEST_KDF)
    try:
        services.exchange.add_demo()
        with pytest.raises(ReviewDeskError, match="not confirmed"):
            library_lock.encrypt(services, FIRST, confirm=lambda _key: False)
        assert not services.encrypted and not services.store.locked
        assert paths.database.read_bytes().startswith(b"SQLite format 3")
        assert services.reviews.list_reviews()
    finally:
        services.close()
