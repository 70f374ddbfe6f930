"""Migration 0005 (name key, retention dates, deletion log) is self-contained: it adds three
tables and takes them away again without touching anything else."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from reviewdesk.store.engine import _alembic_config, head_revision, open_store
from tests.store.test_packs_migration import _tables

PRIVACY_TABLES = {"name_key", "review_retention", "deletion_log"}


def test_0005_upgrades_and_downgrades_cleanly(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lib.sqlite3")
    try:
        assert head_revision() >= "0005"
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")  # later revisions are tested on their own
        everything = _tables(store)
        assert everything >= PRIVACY_TABLES
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        assert _tables(store) == everything - PRIVACY_TABLES
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0005")
        assert _tables(store) == everything
    finally:
        store.close()
