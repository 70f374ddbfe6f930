"""Migration 0015 (a theme's rating and key learning, and findings, carry a version; issue 22
point 5) upgrades a library of the previous schema with every row intact at version 1, and a
downgrade takes exactly its parts away."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, open_store

FIXTURES = Path(__file__).parent / "fixtures"
NEW_TABLES = {"assessment_revision", "edit_revision"}


def _columns(store, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def test_0015_upgrades_a_0014_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0014.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        for table in ("theme_assessment", "finding"):
            assert {"version", "updated_by"} <= _columns(store, table)
        assert set(inspect(store.engine).get_table_names()) >= NEW_TABLES
        with store.engine.connect() as conn:
            ratings = conn.execute(
                text("SELECT key_learning, version, updated_by FROM theme_assessment")
            ).all()
            findings = conn.execute(text("SELECT statement, version FROM finding")).all()
        assert ratings and all(t and v == 1 and b == "" for t, v, b in ratings)
        assert findings and all(s and v == 1 for s, v in findings)
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0014")
        assert not NEW_TABLES & set(inspect(store.engine).get_table_names())
        for table in ("theme_assessment", "finding"):
            assert not {"version", "updated_by"} & _columns(store, table)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM finding")).scalar() == len(findings)
    finally:
        store.close()


def test_the_0015_fixture_holds_both_sides_of_a_conflict() -> None:
    conn = sqlite3.connect(FIXTURES / "schema-0015.sqlite3")
    try:
        sides = conn.execute("SELECT side FROM edit_revision ORDER BY id").fetchall()
        kept = conn.execute("SELECT side FROM assessment_revision ORDER BY id").fetchall()
    finally:
        conn.close()
    assert sides == kept == [("theirs",), ("yours",)]
