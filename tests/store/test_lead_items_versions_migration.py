"""Migration 0018 (key practice episodes, recommendations, actions and decisions carry a
version; issue 22 point 5) upgrades a library of the previous schema with every row intact at
version 1, and a downgrade takes exactly its columns away."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, open_store

FIXTURES = Path(__file__).parent / "fixtures"
VERSIONED = ("practice_episode", "recommendation", "action_item", "decision")


def _columns(store, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def test_0018_upgrades_a_0016_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0016.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        counts = {}
        with store.engine.connect() as conn:
            for table in VERSIONED:
                assert {"version", "updated_by"} <= _columns(store, table)
                rows = conn.execute(text(f"SELECT version, updated_by FROM {table}")).all()
                assert all(v == 1 and b == "" for v, b in rows), table
                counts[table] = len(rows)
        assert counts["action_item"] and counts["recommendation"]  # the demo's rows, kept
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0016")
        for table in VERSIONED:
            assert not {"version", "updated_by"} & _columns(store, table)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with store.engine.connect() as conn:
            for table in VERSIONED:
                n = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                assert n == counts[table], table
    finally:
        store.close()


def test_the_0018_fixture_holds_both_sides_of_a_conflicting_action() -> None:
    conn = sqlite3.connect(FIXTURES / "schema-0018.sqlite3")
    try:
        sides = conn.execute(
            "SELECT side, version FROM edit_revision WHERE kind = 'action' ORDER BY id"
        ).fetchall()
        stored = conn.execute("SELECT version FROM action_item WHERE id = 1").fetchone()
    finally:
        conn.close()
    assert sides == [("theirs", 2), ("yours", 1)]
    assert stored == (2,)
