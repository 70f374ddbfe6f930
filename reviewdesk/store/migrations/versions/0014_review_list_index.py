"""the library's list reads an index, not the reviews' frozen frameworks (issue 20)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 02:50:00

Listing the library reads ten columns of every review, but each review row also holds its
frozen framework (about 19 KB), so at 10,000 reviews the list read about 200 MB of the file:
8.8 to 18.3 s with the file not in the operating system's cache, 0.5 to 0.75 s with it. An
index holding exactly the columns the list reads (a covering index) answers the list alone: 72
to 144 ms cold, 53 to 92 ms warm (docs/performance.md). Its first columns are the list's filter
and order (not in the Trash, newest first), which SQLite and PostgreSQL can both walk backwards.

Portable: one CREATE INDEX (SQLite and PostgreSQL); dropped again on downgrade.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept in step with ReviewRow's Index("ix_review_list", ...) in store/tables.py.
COLUMNS = [
    "deleted_at",
    "updated_at",
    "id",
    "uid",
    "reference",
    "title",
    "review_type",
    "status",
    "archived_at",
    "prompt_count",
    "created_at",
]


def upgrade() -> None:
    op.create_index("ix_review_list", "review", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_review_list", table_name="review")
