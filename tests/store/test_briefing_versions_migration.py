"""Migration 0017 (each part of the 7-minute briefing carries a version; issue 22, point 5)
upgrades a library of the previous schema with its briefing intact, and a downgrade takes
exactly its table away."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, open_store

FIXTURES = Path(__file__).parent / "fixtures"


def test_0017_upgrades_a_0016_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0016.sqlite3", db)
    with sqlite3.connect(db) as conn:
        briefings = conn.execute("SELECT * FROM briefing ORDER BY review_id").fetchall()
    store = open_store(db, tmp_path / "backups")
    try:
        assert "briefing_part" in inspect(store.engine).get_table_names()
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM briefing_part")).scalar() == 0
            assert conn.execute(text("SELECT * FROM briefing ORDER BY review_id")).all() == (
                briefings
            )
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0016")
        assert "briefing_part" not in inspect(store.engine).get_table_names()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert "briefing_part" in inspect(store.engine).get_table_names()
    finally:
        store.close()


def test_the_0017_fixture_holds_both_sides_of_a_briefing_conflict() -> None:
    conn = sqlite3.connect(FIXTURES / "schema-0017.sqlite3")
    try:
        parts = conn.execute("SELECT part, version FROM briefing_part").fetchall()
        sides = conn.execute(
            "SELECT side FROM edit_revision WHERE kind = 'briefing' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert parts == [("found", 1)]
    assert sides == [("theirs",), ("yours",)]
