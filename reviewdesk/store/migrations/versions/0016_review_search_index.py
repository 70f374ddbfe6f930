"""search's filters read an index, not the reviews' frozen frameworks (issue 20)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 05:00:00

A search with a filter (type of review, stage, agency, period) chooses its candidates for
ranking among the fields of the reviews that pass it. Each review row also holds its frozen
framework (about 19 KB), and the columns after it (``created_at``, ``deleted_at``) are read
through its overflow pages, so finding the reviews of a year read 10,000 rows' overflow: 26 ms
of CPU at 10,000 reviews, and joining every matching field to its review cost 450 ms for
"health visitor" in 2022. This index holds exactly the columns the filters read (a covering
index), with its first column the search's "not in the Trash": 1 ms for the same reviews
(docs/performance.md, "Search ranking at 10,000 reviews").

Portable: one CREATE INDEX (SQLite and PostgreSQL); dropped again on downgrade.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept in step with ReviewRow's Index("ix_review_search", ...) in store/tables.py.
COLUMNS = [
    "deleted_at",
    "id",
    "review_type",
    "status",
    "notification_date",
    "incident_date",
    "created_at",
]


def upgrade() -> None:
    op.create_index("ix_review_search", "review", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_review_search", table_name="review")
