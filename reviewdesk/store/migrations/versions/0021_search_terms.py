"""a library file lists its search index's words, so a typed prefix becomes the words it starts
(issue 20)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 19:00:00

Every search treats its last word as a prefix (``"visit"*``), and FTS5 on SQLite 3.40 answers a
prefix by merging the lists of every word it starts across the whole index, twice, before it
ranks the first match. ``search_terms`` lists every word of ``search_index``, as FTS5's
tokenizer folds it, so that the store can search for those words instead
(reviewdesk/store/search_terms.py keeps it, and says why it may hold more words than the index
but never fewer). Filled here from FTS5's own vocabulary of the index: about 3 s at 10,000
reviews, once.

SQLite only: PostgreSQL's index (a tsvector with a GIN index) answers a prefix from its own
ordered list of words. Dropped again on downgrade.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE search_terms (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID")
    op.execute(
        "CREATE VIRTUAL TABLE temp.search_index_vocab_0021 "
        "USING fts5vocab(main, search_index, 'row')"
    )
    op.execute(
        "INSERT INTO search_terms (term) SELECT term FROM temp.search_index_vocab_0021"
    )
    op.execute("DROP TABLE temp.search_index_vocab_0021")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE search_terms")
