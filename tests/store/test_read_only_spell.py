"""After a spell as read-only the library saves again once it can be written, and the message
names the file at fault (issue 16, part 6)."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from sqlalchemy import event

from reviewdesk.domain.errors import SaveFailedError


def test_a_library_saves_again_once_it_can_be_written(services, data_dir) -> None:
    services.exchange.add_demo()
    db = data_dir / "reviewdesk.sqlite3"
    engine = services.store.engine
    spell = {"read_only": True}

    @event.listens_for(engine, "do_connect")
    def connect(dialect, record, cargs, cparams):  # type: ignore[no-untyped-def]
        # While the spell lasts, SQLite can only open the file read-only (as it does when the
        # file's permissions say so); a connection opened then stays read-only for good.
        mode = "ro" if spell["read_only"] else "rw"
        return sqlite3.connect(f"file:{db}?mode={mode}", uri=True, timeout=cparams["timeout"])

    engine.dispose()
    with pytest.raises(SaveFailedError) as err:
        services.settings.set_idle_lock_minutes(7)
    assert err.value.reason == "read_only" and "Everything saved before is safe" in str(err.value)
    spell["read_only"] = False  # the file can be written again
    services.settings.set_idle_lock_minutes(7)  # before: failed again, for as long as it ran
    assert services.settings.idle_lock_minutes() == 7


def test_wal_and_shm_files_without_write_permission_are_repaired(services, data_dir) -> None:
    from reviewdesk.store.engine import repair_companions

    services.exchange.add_demo()
    db = data_dir / "reviewdesk.sqlite3"
    parts = [db.with_name(db.name + s) for s in ("-wal", "-shm")]
    for part in parts:
        assert part.exists()
        part.chmod(0o444)
    assert sorted(repair_companions(db)) == sorted(parts)
    assert all(p.stat().st_mode & stat.S_IWUSR for p in parts)
    db.chmod(0o444)  # the library itself read-only: its companions are left as they are
    parts[0].chmod(0o444)
    assert repair_companions(db) == []
    db.chmod(0o644)


def test_the_message_names_the_file_at_fault(data_dir) -> None:
    from reviewdesk.store.engine import unwritable_part

    db = data_dir / "reviewdesk.sqlite3"
    data_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).write_bytes(b"")
    wal = db.with_name(db.name + "-wal")

    def access(path, mode):  # type: ignore[no-untyped-def]
        return path != wal

    assert unwritable_part(db, access) == f"the file reviewdesk.sqlite3-wal in {data_dir}"
    assert unwritable_part(db, lambda p, m: p != data_dir) == f"the folder {data_dir}"
    assert unwritable_part(db, lambda p, m: True) is None
    assert os.access(db, os.W_OK)


def test_opening_the_library_repairs_its_companions(data_dir) -> None:
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services import open_services

    services = open_services(resolve_paths(data_dir))
    services.exchange.add_demo()
    services.close()
    db = data_dir / "reviewdesk.sqlite3"
    wal = db.with_name(db.name + "-wal")
    wal.write_bytes(b"")  # as a copy from read-only media might leave it
    wal.chmod(0o400)
    services = open_services(resolve_paths(data_dir))
    try:
        assert wal.stat().st_mode & stat.S_IWUSR
        services.settings.set_idle_lock_minutes(9)
        assert services.settings.idle_lock_minutes() == 9
    finally:
        services.close()
