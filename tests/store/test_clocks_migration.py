"""Migration 0007 (a pack's return-by date and the decision log, issue 18) upgrades a library
made by the previous schema with its packs intact, and takes both away again without touching
anything else."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, head_revision, open_store

FIXTURES = Path(__file__).parent / "fixtures"


def _columns(store, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def test_0007_upgrades_a_0006_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0006.sqlite3", db)
    with_packs = "INSERT INTO pack_sent (uid, review_id, contributor_id, theme_ids, encrypted, "
    store = open_store(db, tmp_path / "backups")
    try:
        assert head_revision() >= "0007"
        assert "return_by" in _columns(store, "pack_sent")
        assert "decision" in set(inspect(store.engine).get_table_names())
        assert list((tmp_path / "backups").glob("before-upgrade-0006-*.sqlite3"))
        with store.engine.begin() as conn:
            review, contributor = conn.execute(
                text("SELECT review_id, id FROM contributor LIMIT 1")
            ).one()
            conn.execute(
                text(
                    with_packs + "file_sha256, space_sha256, created_at, return_by) VALUES "
                    "('p-1', :r, :c, '[]', 1, 'x', 'y', '2026-12-01 10:00:00', '2026-12-18')"
                ),
                {"r": review, "c": contributor},
            )
        before = set(inspect(store.engine).get_table_names())
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
        assert "return_by" not in _columns(store, "pack_sent")
        # Tables of later revisions (0010: the briefing) go too.
        assert set(inspect(store.engine).get_table_names()) == before - {"decision", "briefing"}
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT uid FROM pack_sent")).scalars().all() == ["p-1"]
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert set(inspect(store.engine).get_table_names()) == before
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT return_by FROM pack_sent")).scalar() is None
            assert conn.execute(text("SELECT count(*) FROM answer")).scalar() > 0
    finally:
        store.close()
