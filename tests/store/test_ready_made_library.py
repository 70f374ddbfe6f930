"""The ready-made library the tests start from (tests/ready_made.py) is exactly what the real
migrations make, so no test learns less for being faster."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command

from reviewdesk.store.engine import open_memory_store, open_store
from tests.ready_made import install

AT = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
PRAGMAS = ("application_id", "user_version", "page_size", "journal_mode", "auto_vacuum")


def _everything(path: Path) -> tuple[list[tuple], dict[str, list[tuple]]]:
    """Schema (type, name, table, SQL) and every table's rows, FTS5's internals included."""
    conn = sqlite3.connect(path)
    try:
        schema = sorted(
            conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(),
            key=lambda row: (row[0], row[1]),
        )
        rows = {}
        for _, name, _, sql in schema:
            if sql and sql.startswith("CREATE TABLE"):
                rows[name] = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        pragmas = [
            conn.execute(f"PRAGMA {p}").fetchone() for p in ("application_id", "user_version")
        ]
        return [*schema, *pragmas], rows
    finally:
        conn.close()


def test_a_ready_made_library_is_what_the_migrations_make(
    tmp_path: Path, real_migrations: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrated = tmp_path / "migrated.sqlite3"
    open_store(migrated, clock=lambda: AT).close()
    calls: list[str] = []
    install(monkeypatch)
    shortcut = command.upgrade
    monkeypatch.setattr(command, "upgrade", lambda *a, **k: calls.append("u") or shortcut(*a, **k))
    ready = tmp_path / "ready.sqlite3"
    open_store(ready, clock=lambda: AT).close()

    assert calls == ["u"]  # the ready-made path was really taken
    schema, rows = _everything(ready)
    assert (schema, rows) == _everything(migrated)
    assert rows["alembic_version"] and len(rows["audit_log"]) == 1  # library.created, at AT
    assert len(schema) > 100


def test_an_in_memory_library_is_made_the_same_way(real_migrations: None) -> None:
    def tables(store) -> list[str]:  # type: ignore[no-untyped-def]
        with store.raw() as conn:
            return [r[0] for r in conn.execute("SELECT sql FROM sqlite_master ORDER BY name")]

    real = open_memory_store()
    with pytest.MonkeyPatch.context() as patch:
        install(patch)
        ready = open_memory_store()
    assert tables(ready) == tables(real)
