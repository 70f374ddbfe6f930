"""The library's list is answered by an index alone (migration 0014, issue 20): the reviews'
frozen frameworks (about 19 KB each) are not read to list them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event

from reviewdesk.store.engine import open_store
from reviewdesk.store.listing import review_summaries


def _plans(store, **options) -> list[str]:  # type: ignore[no-untyped-def]
    """SQLite's query plan for the list query the library runs."""
    seen: list[tuple[str, object]] = []

    def grab(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "FROM review" in statement:
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        with store.read() as session:
            review_summaries(session.connection(), count_answers=False, **options)
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)
    [(statement, parameters)] = seen
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [row[-1] for row in rows]


def test_the_list_reads_the_covering_index_only(tmp_path: Path) -> None:
    store = open_store(tmp_path / "library.sqlite3")
    try:
        for options in ({"include_archived": False}, {"include_archived": True}):
            plan = " | ".join(_plans(store, **options))
            assert "USING COVERING INDEX ix_review_list" in plan, plan
            assert "TEMP B-TREE" not in plan, plan  # newest first straight from the index
    finally:
        store.close()
