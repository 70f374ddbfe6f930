"""the library counts answered prompts from an index, not the answers' text (issue 20)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 10:30:00

The library's "Answered" column counts each review's answers that hold more than spaces
(``trim(text) <> ''``). To know that, every answer's row was read for its text: 1.45 million
answers at 10,000 reviews, 0.4 s of CPU each time the library was listed with its progress.
This partial index holds one entry (the contributor) for each answered answer only, so the
count reads the index alone and never an answer's text (docs/performance.md, "The library's
completion at 10,000 reviews"). The database keeps it current on every write, so the counts
cannot drift from the answers.

Portable: one CREATE INDEX with the same WHERE on SQLite and PostgreSQL (``trim`` is
``btrim`` there); dropped again on downgrade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept in step with AnswerRow's Index("ix_answer_answered", ...) in store/tables.py, and with
# the WHERE of store/queries.py's counts (the planner uses the index only for that same term).
ANSWERED = "trim(text) <> ''"


def upgrade() -> None:
    op.create_index(
        "ix_answer_answered",
        "answer",
        ["contributor_id"],
        sqlite_where=sa.text(ANSWERED),
        postgresql_where=sa.text(ANSWERED),
    )


def downgrade() -> None:
    op.drop_index("ix_answer_answered", table_name="answer")
