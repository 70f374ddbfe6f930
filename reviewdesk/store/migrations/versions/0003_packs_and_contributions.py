"""case packs sent and received, returned contributions and their versions (issue 7)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pack_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("theme_ids", sa.Text(), nullable=False),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("space_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_pack_sent_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_pack_sent_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_sent")),
        sa.UniqueConstraint("uid", name=op.f("uq_pack_sent_uid")),
    )
    with op.batch_alter_table("pack_sent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pack_sent_contributor_id"), ["contributor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pack_sent_review_id"), ["review_id"], unique=False)

    op.create_table(
        "pack_received",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_pack_received_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_pack_received_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_received")),
        sa.UniqueConstraint("uid", name=op.f("uq_pack_received_uid")),
    )
    with op.batch_alter_table("pack_received", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pack_received_contributor_id"), ["contributor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pack_received_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("space_sha256", sa.String(length=64), nullable=False),
        sa.Column("written_by_name", sa.String(length=120), nullable=False),
        sa.Column("written_by_role", sa.String(length=120), nullable=False),
        sa.Column("written_by_agency", sa.String(length=120), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("content_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_contribution_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pack_id"],
            ["pack_sent.id"],
            name=op.f("fk_contribution_pack_id_pack_sent"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_contribution_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution")),
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contribution_contributor_id"), ["contributor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contribution_pack_id"), ["pack_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_review_id"), ["review_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_review_id"))
        batch_op.drop_index(batch_op.f("ix_contribution_pack_id"))
        batch_op.drop_index(batch_op.f("ix_contribution_contributor_id"))
    op.drop_table("contribution")
    with op.batch_alter_table("pack_received", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pack_received_review_id"))
        batch_op.drop_index(batch_op.f("ix_pack_received_contributor_id"))
    op.drop_table("pack_received")
    with op.batch_alter_table("pack_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pack_sent_review_id"))
        batch_op.drop_index(batch_op.f("ix_pack_sent_contributor_id"))
    op.drop_table("pack_sent")
