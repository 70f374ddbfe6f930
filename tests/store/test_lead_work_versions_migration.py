"""Migration 0019 (chronology entries, the terms of reference, the family involvement log,
parallel processes, an action's impact log and the case record for analysis carry a version;
issue 22 point 5) upgrades a library of the previous schema with every row intact at version 1,
and a downgrade takes exactly its columns away."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, open_store

FIXTURES = Path(__file__).parent / "fixtures"
VERSIONED = (
    ("chronology_entry", "what_happened"),
    ("review_terms", "terms"),
    ("family_involvement", "person"),
    ("parallel_process", "kind"),
    ("action_impact", "evidence"),
    ("case_details", "incident"),
)


def _columns(store, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def test_0019_upgrades_a_0016_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0016.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        counts = {}
        for table, column in VERSIONED:
            assert {"version", "updated_by"} <= _columns(store, table)
            with store.engine.connect() as conn:
                rows = conn.execute(
                    text(f"SELECT {column}, version, updated_by FROM {table}")
                ).all()
            assert rows and all(t and v == 1 and b == "" for t, v, b in rows), table
            counts[table] = len(rows)
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0016")
        for table, _column in VERSIONED:
            assert not {"version", "updated_by"} & _columns(store, table)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with store.engine.connect() as conn:
            for table, _column in VERSIONED:
                found = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                assert found == counts[table]
    finally:
        store.close()


def test_the_0019_fixture_holds_both_sides_of_a_chronology_conflict() -> None:
    conn = sqlite3.connect(FIXTURES / "schema-0019.sqlite3")
    try:
        sides = conn.execute(
            "SELECT side, version FROM edit_revision WHERE kind = 'entry' ORDER BY id"
        ).fetchall()
        entry = conn.execute(
            "SELECT version, what_happened FROM chronology_entry WHERE id = ("
            "SELECT item_id FROM edit_revision WHERE kind = 'entry' LIMIT 1)"
        ).fetchone()
    finally:
        conn.close()
    assert sides == [("theirs", 2), ("yours", 1)]
    assert entry[0] == 2 and "Sam:" in entry[1] and "Ash:" not in entry[1]
