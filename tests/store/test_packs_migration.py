"""Migration 0003 (case packs and contributions) is self-contained: it adds three tables and
takes them away again without touching anything else."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from reviewdesk.store.engine import _alembic_config, head_revision, open_store

PACK_TABLES = {"pack_sent", "pack_received", "contribution"}


def _tables(store) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_0003_upgrades_and_downgrades_cleanly(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lib.sqlite3")
    try:
        assert head_revision() >= "0003"
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")  # later revisions' tables go first
        everything = _tables(store)
        assert everything >= PACK_TABLES
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
        assert _tables(store) == everything - PACK_TABLES
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
        assert _tables(store) == everything
    finally:
        store.close()
