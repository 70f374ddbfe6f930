"""Migration 0009 (each review's number of prompts stored, issue 20): a library made by the
previous schema gets the count of every review's frozen framework; every later insert (the
services, or a bulk insert that does not name the column) gets it too; listing the library reads
it and never a review's frozen framework."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import event, insert, select, text

from reviewdesk.services.frameworks import default_framework
from reviewdesk.store import tables as t
from reviewdesk.store.engine import open_store
from reviewdesk.store.listing import review_summaries

FIXTURES = Path(__file__).parent / "fixtures"


def test_0009_counts_the_prompts_of_every_review_in_a_0008_library(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0008.sqlite3", db)
    store = open_store(db, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT framework_json, prompt_count FROM review")).all()
        assert rows
        for framework_json, stored in rows:
            themes = json.loads(framework_json)["themes"]
            assert stored == sum(len(th["prompts"]) for th in themes) > 0
    finally:
        store.close()


def test_an_insert_that_does_not_name_the_count_gets_it_from_the_framework(tmp_path: Path) -> None:
    framework = default_framework()
    store = open_store(tmp_path / "lib.sqlite3", tmp_path / "backups")
    try:
        with store.write() as session:
            session.execute(
                insert(t.ReviewRow),
                [
                    {
                        "uid": f"u{n}",
                        "reference": f"RR-{n}",
                        "title": "A fictional review",
                        "review_type": "rapid_review",
                        "status": "setup",
                        "lead": "",
                        "framework_id": framework.id,
                        "framework_version": framework.version,
                        "framework_json": json.dumps(framework.to_dict()),
                    }
                    for n in range(3)
                ],
            )
        statements: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        with store.read() as session:
            counts = session.scalars(select(t.ReviewRow.prompt_count)).all()
            summaries = review_summaries(session.connection())
        assert counts == [framework.prompt_count] * 3
        assert {s.progress.total for s in summaries} == {0}  # nobody writes in them yet
        listing = [s for s in statements if "FROM review" in s]
        assert listing and not any("framework_json" in s for s in listing)
    finally:
        store.close()
