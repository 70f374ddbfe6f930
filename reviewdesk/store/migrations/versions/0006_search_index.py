"""search across every review: an FTS5 index kept in step by triggers (issue 8)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00

``search_index`` (FTS5, ``unicode61 remove_diacritics 2``) holds one row per searchable text
field: answers (text, evidence), key learning, findings, chronology entries, key practice
episodes (title, what happened, what was known, what was done), recommendations and actions
(description, impact evidence). Never private notes, never the name key. Its rowid is
``source id * 16 + field code``, so one field's row is found (and replaced) directly.

Why a queue: every connection runs with ``PRAGMA trusted_schema = OFF``, and on SQLite 3.40 that
forbids FTS5 tables and JSON functions inside triggers ("unsafe use of virtual table"). So the
triggers below (plain SQL only) record each change in ``search_queue``, and the store applies the
queue to ``search_index`` in the same write transaction, just before it commits
(reviewdesk/store/search.py). Rows removed (``removed_at`` set) or empty are queued with a NULL
body: they leave the index.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlalchemy.dialects.postgresql
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, field code, kind, column, review id, contributor id, theme, target, live condition)
# "{n}" stands for the row (NEW in a trigger, the table's alias in the backfill). The theme is the
# theme id (key learning), a JSON list of theme ids (lead items) or NULL (answers: the store finds
# the theme of the prompt in the review's framework).
_CONTRIBUTOR_REVIEW = "(SELECT c.review_id FROM contributor AS c WHERE c.id = {n}.contributor_id)"
FIELDS = (
    ("answer", 1, "answer", "text", _CONTRIBUTOR_REVIEW, "{n}.contributor_id", "NULL", "{n}.prompt_id", "1"),
    ("answer", 2, "answer", "evidence", _CONTRIBUTOR_REVIEW, "{n}.contributor_id", "NULL", "{n}.prompt_id", "1"),
    ("theme_assessment", 3, "key_learning", "key_learning", _CONTRIBUTOR_REVIEW, "{n}.contributor_id", "{n}.theme_id", "{n}.theme_id", "1"),
    ("finding", 4, "finding", "statement", "{n}.review_id", "NULL", "{n}.theme_ids", "{n}.uid", "{n}.removed_at IS NULL"),
    ("chronology_entry", 5, "chronology", "what_happened", "{n}.review_id", "NULL", "{n}.theme_ids", "{n}.uid", "{n}.removed_at IS NULL"),
    ("practice_episode", 6, "episode", "title", "{n}.review_id", "NULL", "{n}.theme_ids", "{n}.uid", "{n}.removed_at IS NULL"),
    ("practice_episode", 7, "episode", "what_happened", "{n}.review_id", "NULL", "{n}.theme_ids", "{n}.uid", "{n}.removed_at IS NULL"),
    ("practice_episode", 8, "episode", "what_was_known", "{n}.review_id", "NULL", "{n}.theme_ids", "{n}.uid", "{n}.removed_at IS NULL"),
    ("practice_episode", 9, "episode", "what_was_done", "{n}.review_id", "NULL", "{n}.theme_ids", "{n}.uid", "{n}.removed_at IS NULL"),
    ("recommendation", 10, "recommendation", "text", "{n}.review_id", "NULL", "'[]'", "{n}.uid", "{n}.removed_at IS NULL"),
    ("action_item", 11, "action", "description", "{n}.review_id", "NULL", "'[]'", "{n}.uid", "1"),
    ("action_item", 12, "action", "impact_evidence", "{n}.review_id", "NULL", "'[]'", "{n}.uid", "1"),
)  # fmt: skip
TABLES = tuple(dict.fromkeys(f[0] for f in FIELDS))
COLUMNS = "doc_id, body, kind, field, review_id, contributor_id, theme, target"


def _state(field: tuple, n: str) -> str:
    """The SELECT list of a field's queue row: its body is NULL when it should not be indexed."""
    _table, code, kind, column, review, contributor, theme, target, live = field
    body = f"CASE WHEN ({live}) AND {{n}}.{column} <> '' THEN {{n}}.{column} END"
    values = (f"{{n}}.id * 16 + {code}", body, f"'{kind}'", f"'{column}'", review, contributor, theme, target)
    return ", ".join(v.format(n=n) for v in values)


def _triggers(table: str) -> list[str]:
    fields = [f for f in FIELDS if f[0] == table]
    upsert = "\n".join(
        f"INSERT INTO search_queue ({COLUMNS}) SELECT {_state(f, 'NEW')};" for f in fields
    )
    forget = "\n".join(
        f"INSERT INTO search_queue (doc_id) VALUES (OLD.id * 16 + {f[1]});" for f in fields
    )
    return [
        f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN\n{upsert}\nEND",
        f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN\n{upsert}\nEND",
        f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN\n{forget}\nEND",
    ]


# The theme of an answer's prompt, looked up in the review's frozen framework (backfill only).
_PROMPT_THEME = (
    "(SELECT json_array(json_extract(t.value, '$.id')) "
    "FROM review AS r, json_each(r.framework_json, '$.themes') AS t "
    "WHERE r.id = {review} AND EXISTS (SELECT 1 FROM json_each(t.value, '$.prompts') AS p "
    "WHERE json_extract(p.value, '$.id') = n.prompt_id))"
)


def _backfill(field: tuple) -> str:
    table, code, kind, column, review, contributor, theme, target, live = field
    if kind == "answer":
        theme = "coalesce(" + _PROMPT_THEME.format(review=review) + ", '[]')"
    elif kind == "key_learning":
        theme = "json_array({n}.theme_id)"
    values = (f"n.id * 16 + {code}", f"n.{column}", f"'{kind}'", f"'{column}'", review, contributor, theme, target)
    return (
        "INSERT INTO search_index (rowid, body, kind, field, review_id, contributor_id, "
        f"theme_ids, target) SELECT {', '.join(v.format(n='n') for v in values)} "
        f"FROM {table} AS n WHERE ({live.format(n='n')}) AND n.{column} <> ''"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        _upgrade_postgresql()
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "body, kind UNINDEXED, field UNINDEXED, review_id UNINDEXED, contributor_id UNINDEXED, "
        "theme_ids UNINDEXED, target UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )
    _create_queue()
    for field in FIELDS:
        op.execute(_backfill(field))
    for table in TABLES:
        for statement in _triggers(table):
            op.execute(statement)


def _create_queue() -> None:
    op.create_table(
        "search_queue",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("contributor_id", sa.Integer(), nullable=True),
        sa.Column("theme", sa.Text(), nullable=True),
        sa.Column("target", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_search_queue")),
    )


# --- PostgreSQL ---------------------------------------------------------------------------------
# The same index as an ordinary table: ``terms`` is a tsvector the store makes from the body with
# the same splitting and folding as the query builder (reviewdesk/store/search.py), searched
# through a GIN index. The same queue and the same trigger bodies, as trigger functions ("1" is
# TRUE there). Existing rows are queued (the backfill), and the store applies the queue when it
# next writes: ``reviewdesk server init|upgrade`` does so straight after migrating.


def _pg_state(field: tuple, n: str) -> str:
    live = "TRUE" if field[8] == "1" else field[8]
    return _state((*field[:8], live), n)


def _upgrade_postgresql() -> None:
    op.create_table(
        "search_index",
        sa.Column("doc_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=True),
        sa.Column("theme_ids", sa.Text(), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=True),
        sa.Column("terms", sa.dialects.postgresql.TSVECTOR(), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_search_index")),
    )
    op.create_index("ix_search_index_terms", "search_index", ["terms"], postgresql_using="gin")
    op.create_index("ix_search_index_review_id", "search_index", ["review_id"])
    _create_queue()
    for table in TABLES:
        fields = [f for f in FIELDS if f[0] == table]
        upsert = "\n".join(
            f"INSERT INTO search_queue ({COLUMNS}) SELECT {_pg_state(f, 'NEW')};" for f in fields
        )
        forget = "\n".join(
            f"INSERT INTO search_queue (doc_id) VALUES (OLD.id * 16 + {f[1]});" for f in fields
        )
        op.execute(
            f"CREATE FUNCTION search_{table}_queue() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\nIF TG_OP = 'DELETE' THEN\n{forget}\nRETURN OLD;\nEND IF;\n{upsert}\n"
            "RETURN NEW;\nEND $$"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_{table}_queue()"
        )
        for f in fields:  # the backfill: every existing row, queued
            op.execute(
                f"INSERT INTO search_queue ({COLUMNS}) SELECT {_pg_state(f, 'n')} FROM {table} AS n"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for table in TABLES:
            op.execute(f"DROP FUNCTION IF EXISTS search_{table}_queue() CASCADE")
        op.drop_table("search_queue")
        op.drop_table("search_index")
        return
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.drop_table("search_queue")
    op.execute("DROP TABLE search_index")
