"""each part of the 7-minute briefing carries a version, so two leads writing it at once lose no
words (issue 22, point 5)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 07:45:00

The briefing is one row a review (``briefing``, 0010), its sections in columns, saved one part at
a time as the lead types. ``briefing_part`` counts the saves of each part (a section's key, or
'title') and names who saved last: a save states the version its text was written over, and one
over an older version overwrites nothing (both texts go to ``edit_revision``, kind 'briefing',
as a finding's since 0015). A row a part, rather than one version for the whole briefing, so
that two leads writing different sections both land without a conflict; a table of its own,
rather than a version column and a who column for each of the eight parts in ``briefing``, so
that a save locks (on a server) and compares exactly the part it changes, and the unique
(review_id, part) tells two first saves of one part apart. Briefings written before have no
rows: their parts are at version 0 until first saved.

Portable: one CREATE TABLE (SQLite and PostgreSQL); dropped again on downgrade. On a server the
table is a review's own (store/server_policy.py: only its leads read or write it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "briefing_part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by", sa.String(length=120), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_briefing_part_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefing_part")),
        sa.UniqueConstraint("review_id", "part", name="uq_briefing_part_part"),
    )


def downgrade() -> None:
    op.drop_table("briefing_part")
