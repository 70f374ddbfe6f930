"""New libraries in tests are made from a ready-made one instead of running every migration.

Making a library runs each Alembic migration in turn (loading the migration files, building
and executing the DDL): about 60-80 ms, paid by nearly every test. Here the real migrations
run once per test session (per worker) into a real library file; its schema and the rows the
migrations wrote are read back, and every later *new* library is given that same schema and
those same rows in place of ``alembic.command.upgrade``. Everything else about making a
library is the app's own code: the temporary name and rename, the encryption key, the
foreign-key check, and the ``library.created`` entry in the audit trail (written with the
test's own clock, as before).

Only a brand-new, empty database takes the shortcut. Upgrading an existing library (the stored
fixture databases of older schemas, restored backups, the crash trials) always runs the real
migrations, and so does any test that asks for the ``real_migrations`` fixture.
tests/store/test_ready_made_library.py checks that a ready-made library is exactly what the
migrations make.
"""

from __future__ import annotations

import sqlite3
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command

import reviewdesk.store.engine as engine

# Alembic's own upgrade, kept before any test replaces it.
_REAL_UPGRADE = command.upgrade
# sqlite_master rows, in the order to create them: tables (virtual ones make their own shadow
# tables), then indexes, views and triggers (a trigger may name a table made after it).
_ORDER = {"table": 0, "index": 1, "view": 2, "trigger": 3}
# Rows written by upgrade() itself after the migrations, not by them.
_NOT_FROM_MIGRATIONS = {"audit_log"}


@cache
def schema_script() -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """The statements that turn an empty database into a just-migrated library: the real
    migrations, run once into a temporary file as ``reviewdesk.store.engine.upgrade`` runs
    them (foreign keys off, one write transaction), then read back."""
    with tempfile.TemporaryDirectory(prefix="reviewdesk-ready-made-") as tmp:
        path = Path(tmp) / "template.sqlite3"
        made = engine.make_engine(path)
        try:
            with made.connect() as conn:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
                with conn.execution_options(**{engine._WRITE: True}).begin():
                    config = engine._alembic_config()
                    config.attributes["connection"] = conn
                    _REAL_UPGRADE(config, "head")
        finally:
            made.dispose()
        conn = sqlite3.connect(path)
        try:
            return _read_back(conn)
        finally:
            conn.close()


def _read_back(conn: sqlite3.Connection) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = [name for kind, name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]

    def made_by_sqlite(name: str) -> bool:  # FTS5's shadow tables, sqlite_sequence
        return name.startswith("sqlite_") or any(name.startswith(f"{v}_") for v in virtual)

    wanted = sorted(
        (row for row in rows if not made_by_sqlite(row[1])), key=lambda row: _ORDER[row[0]]
    )
    script: list[tuple[str, tuple[Any, ...]]] = [(sql, ()) for _, _, sql in wanted]
    for kind, name, sql in wanted:
        if kind != "table" or name in virtual or name in _NOT_FROM_MIGRATIONS:
            continue
        columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')]
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        order = names if sql.upper().endswith("WITHOUT ROWID") else "rowid"
        for values in conn.execute(f'SELECT {names} FROM "{name}" ORDER BY {order}'):
            script.append((f'INSERT INTO "{name}" ({names}) VALUES ({marks})', tuple(values)))
    for pragma in ("application_id", "user_version"):
        value = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        if value:
            script.append((f"PRAGMA {pragma} = {int(value)}", ()))
    return tuple(script)


def _is_empty(connection) -> bool:  # type: ignore[no-untyped-def]
    found = connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    return found == 0


def install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """For one test: new libraries get the ready-made schema; upgrades run the migrations."""
    real_upgrade = _REAL_UPGRADE

    def upgrade(config, revision, *args, **kwargs):  # type: ignore[no-untyped-def]
        connection = config.attributes.get("connection")
        if revision != "head" or args or kwargs or connection is None:
            return real_upgrade(config, revision, *args, **kwargs)
        if connection.dialect.name != "sqlite":  # a server always runs the real migrations
            return real_upgrade(config, revision, *args, **kwargs)
        if not _is_empty(connection):
            return real_upgrade(config, revision, *args, **kwargs)
        for sql, params in schema_script():
            connection.exec_driver_sql(sql, params)
        return None

    monkeypatch.setattr(command, "upgrade", upgrade)
    monkeypatch.setattr(engine, "_scripts", _scripts())


@cache
def _scripts():  # type: ignore[no-untyped-def]
    """The migration scripts, read once (Alembic otherwise loads every migration file each
    time a library is made or checked)."""
    scripts = engine._scripts()
    return lambda: scripts
