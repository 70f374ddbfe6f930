"""name key, retention review dates and the deletion log (issue 9)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "name_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("real_name", sa.String(length=200), nullable=False),
        sa.Column("pseudonym", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_name_key_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_key")),
        sa.UniqueConstraint("review_id", "real_name", name="uq_name_key_real_name"),
    )
    with op.batch_alter_table("name_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_name_key_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_retention",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_review_retention_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("review_id", name=op.f("pk_review_retention")),
    )

    op.create_table(
        "deletion_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("review_uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("contributors", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deletion_log")),
    )


def downgrade() -> None:
    op.drop_table("deletion_log")
    op.drop_table("review_retention")
    with op.batch_alter_table("name_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_name_key_review_id"))
    op.drop_table("name_key")
