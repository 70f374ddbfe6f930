"""Migration 0011 (review papers and the case record for analysis, issue 18 points 4 and 5)
upgrades a library of the previous schema with its findings, recommendations and actions intact
(the new columns blank), and a downgrade takes exactly the new tables and columns away."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from reviewdesk.store.engine import _alembic_config, open_store

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = {
    "review_terms",
    "family_involvement",
    "parallel_process",
    "action_impact",
    "case_details",
    "child_details",
}


def _columns(store, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def test_0011_upgrades_a_0008_library_and_downgrades_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0008.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert tables >= TABLES
        assert "pattern_evidence" in _columns(store, "finding")
        assert {"owner_partner", "response", "response_on", "response_text"} <= _columns(
            store, "recommendation"
        )
        with store.engine.connect() as conn:
            findings = conn.execute(text("SELECT statement, pattern_evidence FROM finding")).all()
            recs = conn.execute(text("SELECT owner_partner, response FROM recommendation")).all()
        assert findings and all(s and p == "" for s, p in findings)  # kept, the new text blank
        assert recs and set(recs) == {("", "")}
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0010")  # the revision 0011 follows (the briefing's)
        # tables of later migrations (0013, 0015, 0017, 0021), which follow 0011 and go with it
        later = {
            "answer_revision",
            "assessment_revision",
            "edit_revision",
            "briefing_part",
            "search_terms",
        }
        assert set(inspect(store.engine).get_table_names()) == tables - TABLES - later
        assert "pattern_evidence" not in _columns(store, "finding")
        assert "owner_partner" not in _columns(store, "recommendation")
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert set(inspect(store.engine).get_table_names()) == tables
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM finding")).scalar() == len(findings)
    finally:
        store.close()
