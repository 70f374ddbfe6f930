"""Migration 0012 (the day an action was marked complete, issue 18 point 6) upgrades a library
of the previous schema: an action already complete is given the day it was last changed, the
others none; a downgrade takes exactly the column away."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, open_store

FIXTURES = Path(__file__).parent / "fixtures"


def _columns(store) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns("action_item")}


def test_0012_fills_completed_on_from_the_last_change_and_downgrades(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0011.sqlite3", db)  # the demo's four actions, one complete
    store = open_store(db, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT status, updated_at, completed_on FROM action_item ORDER BY id")
            ).all()
        assert [r[0] for r in rows] == ["complete", "in_progress", "not_started", "not_started"]
        done = rows[0]
        assert date.fromisoformat(str(done[2])) == date.fromisoformat(str(done[1])[:10])
        assert [r[2] for r in rows[1:]] == [None, None, None]
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
        assert "completed_on" not in _columns(store)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert "completed_on" in _columns(store)
        with store.engine.connect() as conn:
            again = conn.execute(text("SELECT count(completed_on) FROM action_item")).scalar()
        assert again == 1
    finally:
        store.close()
