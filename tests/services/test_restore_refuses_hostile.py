"""Restore never brings in a hostile or damaged library: a backup with an extra trigger, with a
broken reference or with a tampered audit entry is refused with a clear message before anything
is replaced, and the current library stays byte for byte as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from reviewdesk import cli
from reviewdesk.domain.errors import BackupError
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.library.backups import check_backup, newest_good_backup, restore_library
from reviewdesk.store.schema import expected_shape


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extra_trigger(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TRIGGER wipe AFTER UPDATE ON review BEGIN DELETE FROM answer; END")


def _broken_reference(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE answer SET contributor_id = 9999 WHERE id = (SELECT min(id) FROM answer)")


def _tampered_audit(conn: sqlite3.Connection) -> None:
    trigger = expected_shape("0006")[("trigger", "audit_log_no_update")][1]
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET who = 'Someone else' WHERE seq = 1")
    conn.execute(trigger)  # the protection put back exactly: only the chain can tell


HOSTILE = {
    "extra-trigger": (_extra_trigger, "an extra trigger 'wipe' on table 'review'"),
    "broken-reference": (_broken_reference, "points to a missing row in 'contributor'"),
    "tampered-audit": (_tampered_audit, "audit trail that was altered outside ReviewDesk"),
}


@pytest.fixture
def library(data_dir: Path):  # type: ignore[no-untyped-def]
    paths = resolve_paths(data_dir)
    services = open_services(paths)
    try:
        summary, _ = services.exchange.add_demo()
        work = services.reviews.get(summary.id).contributors[0]
        prompt = services.reviews.get(summary.id).framework.themes[0].prompts[0]
        services.reviews.save_answer(work.contributor.id, prompt.id, "Written before the backup")
        good = services.backups.take("manual").path
    finally:
        services.close()
    return paths, good


def _hostile_copy(good: Path, kind: str) -> Path:
    path = good.with_name(f"manual-20260101T09000{list(HOSTILE).index(kind)}Z.sqlite3")
    shutil.copyfile(good, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    HOSTILE[kind][0](conn)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_backup_is_refused_and_the_library_unchanged(library, kind: str) -> None:
    paths, good = library
    hostile = _hostile_copy(good, kind)
    assert check_backup(good, deep=True).ok
    before = _digest(paths.database)
    listing_before = sorted(p.name for p in paths.backups_dir.iterdir())
    with pytest.raises(BackupError) as refused:
        restore_library(paths.database, paths.backups_dir, hostile)
    message = str(refused.value)
    assert HOSTILE[kind][1] in message and "Your library has not been changed" in message
    assert _digest(paths.database) == before
    # nothing was even backed up first: the refusal comes before any step of the restore
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == listing_before


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_the_open_library_is_not_replaced_either(library, kind: str) -> None:
    """The window's path: BackupService.restore with the library open."""
    paths, good = library
    hostile = _hostile_copy(good, kind)
    services = open_services(paths)
    try:
        answers = services.reviews.get(1).contributors[0].answers
        with pytest.raises(BackupError, match="not been changed"):
            services.backups.restore(hostile)
        assert services.reviews.get(1).contributors[0].answers == answers
        assert services.integrity.run().ok
    finally:
        services.close()


def test_the_newest_good_backup_is_never_a_hostile_one(library) -> None:
    paths, good = library
    newer = paths.backups_dir / "manual-20991231T000000Z.sqlite3"
    shutil.copyfile(good, newer)
    conn = sqlite3.connect(newer)
    _extra_trigger(conn)
    conn.commit()
    conn.close()
    assert newest_good_backup(paths.backups_dir).path != newer


def test_the_command_line_says_why_and_exits_1(library, capsys) -> None:  # type: ignore[no-untyped-def]
    paths, good = library
    hostile = _hostile_copy(good, "extra-trigger")
    before = _digest(paths.database)
    assert cli.main(["restore", str(hostile)]) == 1
    err = capsys.readouterr().err
    assert "did not make" in err and "wipe" in err and "Traceback" not in err
    assert _digest(paths.database) == before


def test_check_and_every_open_refuse_a_library_with_a_foreign_trigger(library, capsys) -> None:  # type: ignore[no-untyped-def]
    paths, _good = library
    conn = sqlite3.connect(paths.database)
    _extra_trigger(conn)
    conn.commit()
    conn.close()
    before = _digest(paths.database)
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert "an extra trigger 'wipe' on table 'review'" in err and "Traceback" not in err
    assert cli.main(["list"]) == 1
    assert _digest(paths.database) == before
