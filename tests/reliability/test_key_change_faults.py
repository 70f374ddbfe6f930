"""Encrypt, decrypt and change-passphrase interrupted at every step, in every way: a full disk
(OSError ENOSPC), Ctrl+C (KeyboardInterrupt), and a kill (a forked child that dies with
``os._exit`` at that step, so no ``finally`` runs). After each, the next start must finish or
undo the change and say which; the library opens with the passphrase the outcome calls for;
every review is intact; no plain-text copy of an encrypted library is left anywhere in the data
folder; ``check`` says all is well.

The points are found by running each change once with a recording hook: every step (after the
journal names it, before it is done) and every gap between steps (after it is done, before the
journal moves on), including one for each backup converted.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from reviewdesk.domain.errors import WrongPassphraseError
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library.encryption import LibraryKeys
from reviewdesk.services.library.key_change import JOURNAL_NAME, KeyChangeStopped
from reviewdesk.store.file_header import looks_encrypted
from tests.memory import memory_folder

OLD, NEW = "quiet harbour lantern 42", "seven amber kites drifting"
CANARY = b"CANARY-AT-REST-5519"
OPERATIONS = ("encrypt", "decrypt", "change-passphrase")


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync guards against power loss, not against a process dying (the page cache survives
    that), so these trials skip it: on a busy disk it is most of their time."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def _kept(_recovery_key: str) -> bool:
    return True


def _content(services) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    out = []
    for summary in services.reviews.list_reviews():
        doc = services.reviews.get(summary.id)
        texts = sorted(a.text for w in doc.contributors for a in w.answers)
        out.append((summary.reference, texts))
    return out


@pytest.fixture(scope="module")
def root(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Where the trials run: in memory (/dev/shm) where there is one, as the trials are made
    of many small writes and renames that a busy shared disk makes slow (3-4 times here)."""
    shm = memory_folder()
    if shm is not None:
        folder = Path(tempfile.mkdtemp(prefix="reviewdesk-trials-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("trials")


@pytest.fixture
def tmp_path(root: Path, request: pytest.FixtureRequest) -> Path:  # the trials' own folders
    folder = root / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def templates(root: Path):  # type: ignore[no-untyped-def]
    """A plain library with two backups, and the same library encrypted with OLD."""
    plain = root / "plain" / "data"
    services = open_services(resolve_paths(plain), kdf=FAST_TEST_KDF, daily_backup=False)
    try:
        summary, _ = services.exchange.add_demo()
        doc = services.reviews.get(summary.id)
        prompt = doc.framework.themes[0].prompts[0]
        text = CANARY.decode() + " a fictional reflection"
        services.reviews.save_answer(doc.contributors[0].contributor.id, prompt.id, text)
        services.backups.take("manual")
        services.backups.take("before-import")
        content = _content(services)
    finally:
        services.close()
    encrypted = root / "encrypted" / "data"
    shutil.copytree(plain, encrypted)
    paths = resolve_paths(encrypted)
    LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF).encrypt(OLD, confirm=_kept)
    return {"plain": plain, "encrypted": encrypted, "content": content}


def _copy(templates, operation: str, dest: Path):  # type: ignore[no-untyped-def]
    source = templates["plain" if operation == "encrypt" else "encrypted"]
    shutil.copytree(source, dest)
    return resolve_paths(dest)


def _change(paths, operation: str, hook) -> None:  # type: ignore[no-untyped-def]
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF, hook=hook)
    if operation == "encrypt":
        keys.encrypt(OLD, confirm=_kept)
    elif operation == "decrypt":
        keys.decrypt(OLD)
    else:
        keys.change_passphrase(OLD, NEW)


def _points(templates, operation: str, scratch: Path) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    _change(_copy(templates, operation, scratch), operation, seen.append)
    return seen


class Fault(Exception):
    pass


def _raiser(n: int, fault: str):  # type: ignore[no-untyped-def]
    calls = [0]

    def hook(point: str) -> None:
        calls[0] += 1
        if calls[0] == n:
            if fault == "enospc":
                raise OSError(errno.ENOSPC, "No space left on device")
            if fault == "ctrl-c":
                raise KeyboardInterrupt
            os._exit(9)  # "kill": only ever reached in a forked child

    return hook


def _next_start_and_verify(templates, paths, operation: str) -> str:  # type: ignore[no-untyped-def]
    """Open the library as the next start does; check everything; return the outcome."""
    pending = (paths.data_dir / JOURNAL_NAME).exists()
    secret = NEW if operation == "change-passphrase" else OLD
    try:
        services = open_services(paths, kdf=FAST_TEST_KDF, daily_backup=False, secret=lambda: OLD)
        other = NEW
    except WrongPassphraseError as exc:
        assert operation == "change-passphrase", exc
        assert "already taken effect" in str(exc) or not pending
        services = open_services(paths, kdf=FAST_TEST_KDF, daily_backup=False, secret=secret)
        other = OLD
    try:
        encrypted = services.encrypted
        said = " ".join(services.notices)
        if operation == "encrypt":
            outcome = "finished" if encrypted else "undone"
        elif operation == "decrypt":
            outcome = "undone" if encrypted else "finished"
        else:
            outcome = "finished" if other == OLD else "undone"
        if pending:
            assert ("has now been finished" if outcome == "finished" else "has been undone") in (
                said
            ), said
        assert _content(services) == templates["content"]
        report = services.integrity.run()
        assert report.ok, report.problems
    finally:
        services.close()
    assert not (paths.data_dir / JOURNAL_NAME).exists()
    keys = LibraryKeys(paths.database, paths.backups_dir)
    backups = sorted(paths.backups_dir.glob("*.sqlite3"))
    assert len(backups) >= 2
    if encrypted:
        assert keys.verify(NEW if other == OLD else OLD) and not keys.verify(other)
        for p in [*paths.data_dir.rglob("*")]:
            if p.is_file():
                assert CANARY not in p.read_bytes(), f"plain text left in {p.name}"
        assert all(looks_encrypted(b) for b in backups)
    else:
        assert not any(looks_encrypted(b) for b in backups)
        assert not keys.key_file.exists()
    return outcome


@pytest.mark.parametrize("fault", ["enospc", "ctrl-c"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_exception_at_every_step_is_finished_or_undone(
    templates, tmp_path: Path, operation: str, fault: str
) -> None:
    points = _points(templates, operation, tmp_path / "points")
    outcomes: Counter[str] = Counter()
    for n in range(1, len(points) + 1):
        paths = _copy(templates, operation, tmp_path / f"trial-{n}")
        with pytest.raises(KeyChangeStopped) as stopped:
            _change(paths, operation, _raiser(n, fault))
        said = str(stopped.value)
        assert ("Nothing has been changed" in said) == (stopped.value.outcome == "undone"), said
        if fault == "enospc":
            assert "disk is full" in said and "free some disk space" in said, said
        else:
            assert said.startswith("Stopped."), said
        outcome = _next_start_and_verify(templates, paths, operation)
        assert outcome == ("undone" if stopped.value.outcome == "undone" else "finished")
        outcomes[outcome] += 1
        shutil.rmtree(paths.data_dir)
    print(f"{operation} / {fault}: {len(points)} points, {dict(outcomes)}")
    assert outcomes["undone"] >= 2 and outcomes["finished"] >= 2, outcomes


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="fork is POSIX")
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_kill_at_every_step_is_finished_or_undone(
    templates, tmp_path: Path, operation: str
) -> None:
    points = _points(templates, operation, tmp_path / "points")
    outcomes: Counter[str] = Counter()
    for n in range(1, len(points) + 1):
        paths = _copy(templates, operation, tmp_path / f"trial-{n}")
        pid = os.fork()
        if pid == 0:  # the child: change until killed at point n
            code = 0
            try:
                _change(paths, operation, _raiser(n, "kill"))
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.WEXITSTATUS(status) == 9, f"the child was not killed at point {n}"
        outcomes[_next_start_and_verify(templates, paths, operation)] += 1
        shutil.rmtree(paths.data_dir)
    print(f"{operation} / kill: {len(points)} points, {dict(outcomes)}")
    assert outcomes["undone"] >= 2 and outcomes["finished"] >= 2, outcomes
