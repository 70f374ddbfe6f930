"""Migration 0008 (the account and computer on audit entries, issue 19) upgrades a library made by
the previous schema without rebuilding the trail's table: the append-only triggers stay, old
entries keep hash version 1 and blank account and computer; a downgrade takes the columns away
and nothing else."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, head_revision, open_store

FIXTURES = Path(__file__).parent / "fixtures"
NEW = {"account", "computer", "hash_version"}


def _columns(store) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns("audit_log")}


def test_0008_upgrades_a_0007_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0007.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        assert head_revision() >= "0008"
        assert _columns(store) >= NEW
        assert list((tmp_path / "backups").glob("before-upgrade-0007-*.sqlite3"))
        with store.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT seq, account, computer, hash_version FROM audit_log ORDER BY seq")
            ).all()
        assert rows[:2] == [(1, "", "", 1), (2, "", "", 1)]
        assert rows[2][1] and rows[2][3] == 2  # the upgrade's own entry says who
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
        assert not NEW & _columns(store)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert _columns(store) >= NEW
    finally:
        store.close()
    conn = sqlite3.connect(db)
    try:  # still append-only: the table was altered in place, not rebuilt without its triggers
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET account = 'someone' WHERE seq = 1")
    finally:
        conn.close()
