"""Migration 0013 (answers carry a version, issue 22 point 5) upgrades a library of the previous
schema with every answer intact at version 1, and a downgrade takes exactly its parts away."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, open_store

FIXTURES = Path(__file__).parent / "fixtures"


def _columns(store, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def test_0013_upgrades_a_0011_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0011.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        assert {"version", "updated_by"} <= _columns(store, "answer")
        assert "answer_revision" in inspect(store.engine).get_table_names()
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT text, version, updated_by FROM answer")).all()
        assert rows and all(t and v == 1 and b == "" for t, v, b in rows)
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
        assert "answer_revision" not in inspect(store.engine).get_table_names()
        assert not {"version", "updated_by"} & _columns(store, "answer")
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM answer")).scalar() == len(rows)
    finally:
        store.close()
