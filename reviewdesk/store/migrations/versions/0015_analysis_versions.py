"""a theme's rating and key learning, and the lead's findings, carry a version; both texts of a
conflicting save are kept (issue 22, point 5)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 04:45:00

As answers do since 0013: ``theme_assessment.version`` and ``finding.version`` count the saves
(1 for every row written before), and a save based on an older version is refused as a conflict
instead of silently replacing someone else's words; ``updated_by`` names who saved last (the
signed-in account on a server, the profile's name in a library file).

Both texts of each conflict are kept whatever the person then chooses:

- ``assessment_revision``: a contributor's rating and key learning (a contributor's own rows,
  as ``answer_revision``);
- ``edit_revision``: the review lead's analysis (``kind`` 'finding' and the finding's id; the
  text in ``text`` and every other part of the item, as JSON, in ``detail``), a review's own
  rows, so only its leads read them on a server.

Portable: ADD COLUMN with server defaults and new tables (SQLite and PostgreSQL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("theme_assessment", "finding")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        op.add_column(
            table,
            sa.Column("updated_by", sa.String(length=120), server_default="", nullable=False),
        )
    op.create_table(
        "assessment_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("relevance", sa.String(length=20), nullable=True),
        sa.Column("key_learning", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=120), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_assessment_revision_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_revision")),
    )
    op.create_index(
        op.f("ix_assessment_revision_contributor_id"), "assessment_revision", ["contributor_id"]
    )
    op.create_table(
        "edit_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=120), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_edit_revision_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edit_revision")),
    )
    op.create_index(op.f("ix_edit_revision_review_id"), "edit_revision", ["review_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_edit_revision_review_id"), table_name="edit_revision")
    op.drop_table("edit_revision")
    op.drop_index(op.f("ix_assessment_revision_contributor_id"), table_name="assessment_revision")
    op.drop_table("assessment_revision")
    for table in reversed(VERSIONED):
        op.drop_column(table, "updated_by")
        op.drop_column(table, "version")
