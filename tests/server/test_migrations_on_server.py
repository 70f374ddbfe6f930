"""Every migration runs on PostgreSQL, one revision at a time, and the schema it leaves matches
the ORM models; words written before the search index existed are found after the upgrade
(issue 22, point 1). New migrations (0009 and later) are tried here as soon as they exist."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import column as sa_column
from sqlalchemy import insert, text
from sqlalchemy import table as sa_table

from reviewdesk.domain.search_query import build_match
from reviewdesk.services.frameworks import default_framework
from reviewdesk.store import search as index
from reviewdesk.store import server
from reviewdesk.store.engine import _alembic_config, known_revisions
from reviewdesk.store.tables import Base, ContributorRow
from tests.pg import OWNER


@pytest.fixture
def bare(pg_server):  # type: ignore[no-untyped-def]
    name = "m_" + secrets.token_hex(6)
    pg_server.cluster.sql(f"CREATE DATABASE {name} OWNER {OWNER}")
    engine = server.make_server_engine(pg_server.args(name, OWNER))
    yield engine
    engine.dispose()
    pg_server.drop_database(name)


def _upgrade(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn, conn.begin():
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_each_revision_in_turn_and_the_result_matches_the_models(bare) -> None:
    for revision in sorted(known_revisions()):
        _upgrade(bare, revision)
        assert server.revision(bare) == revision
    with bare.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the search index is a table of its own on PostgreSQL (FTS5's virtual table on SQLite),
    # not an ORM model
    diffs = [d for d in diffs if not (d[0] == "remove_table" and d[1].name == "search_index")]
    diffs = [d for d in diffs if not (d[0] == "remove_index" and d[1].table.name == "search_index")]
    assert diffs == []


REVIEW_0005_COLUMNS = (
    "id", "uid", "reference", "title", "review_type", "status", "lead", "framework_id",
    "framework_version", "framework_json", "created_at", "updated_at",
)  # fmt: skip


def test_words_written_before_the_index_are_found_after_the_upgrade(bare) -> None:
    _upgrade(bare, "0005")
    framework = default_framework()
    prompt = framework.themes[2].prompts[0].id
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with bare.connect() as conn, conn.begin():
        # The review table as it was at 0005 (the mapped class has columns added later, and a
        # default for one of them, the stored prompt count of 0009).
        old_review = sa_table("review", *(sa_column(n) for n in REVIEW_0005_COLUMNS))
        review_id = conn.execute(
            insert(old_review)
            .values(
                uid="r-1",
                reference="OLD-1",
                title="t",
                review_type="local",
                status="active",
                lead="l",
                framework_id="f",
                framework_version="1",
                framework_json=json.dumps(framework.to_dict()),
                created_at=now,
                updated_at=now,
            )
            .returning(old_review.c.id)
        ).scalar_one()
        cid = conn.execute(
            insert(ContributorRow.__table__)
            .values(uid="c-1", review_id=review_id, name="n", role="r", agency="a", created_at=now)
            .returning(ContributorRow.__table__.c.id)
        ).scalar_one()
        # The answer table as it was too (0013 adds its version and who saved it last).
        old_answer = sa_table(
            "answer",
            *(sa_column(n) for n in ("contributor_id", "prompt_id", "text", "evidence")),
            sa_column("updated_at"),
        )
        conn.execute(
            insert(old_answer).values(
                contributor_id=cid,
                prompt_id=prompt,
                text="An older kestrel answer",
                evidence="",
                updated_at=now,
            )
        )
    server.migrate(bare)  # 0006 queues the old rows; the owner's upgrade indexes them
    from sqlalchemy.orm import Session

    with Session(bare) as session:
        hits = index.search(session, build_match("kestrel") or "", index.Filters(), 10)
        assert [(h.kind, h.theme_ids, h.target) for h in hits] == [
            ("answer", (framework.themes[2].id,), prompt)
        ]
        assert session.execute(text("SELECT count(*) FROM search_queue")).scalar() == 0
