"""Migration 0004 (the review lead's analysis) adds its tables, upgrades a library made by the
previous schema with its data intact, and takes them away again without touching anything else."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, head_revision, open_store

FIXTURES = Path(__file__).parent / "fixtures"
LEAD_TABLES = {
    "chronology_import",
    "chronology_entry",
    "practice_episode",
    "episode_entry",
    "finding",
    "finding_evidence",
    "recommendation",
    "recommendation_finding",
    "action_item",
    "answer_citation",
}


def _tables(store) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_0004_upgrades_a_0003_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0003.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        assert head_revision() >= "0004"
        everything = _tables(store)
        assert everything >= LEAD_TABLES
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM answer")).scalar() > 0
            assert conn.execute(text("SELECT count(*) FROM chronology_entry")).scalar() == 0
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")  # later revisions' tables go too
        after = _tables(store)
        assert LEAD_TABLES.isdisjoint(after)
        assert after <= everything - LEAD_TABLES
        assert {"review", "answer", "contribution"} <= after
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert _tables(store) == everything
    finally:
        store.close()


def test_the_0004_fixture_holds_the_demo_analysis(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0004.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            count = lambda t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()  # noqa: E731
            assert count("chronology_entry") >= 10
            assert count("practice_episode") >= 2
            assert count("finding_evidence") > 0
            assert count("action_item") > 0
    finally:
        store.close()
