"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 12:22:40.445012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("review_type", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=True),
        sa.Column("notification_date", sa.Date(), nullable=True),
        sa.Column("rapid_review_date", sa.Date(), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("scope_start", sa.Date(), nullable=True),
        sa.Column("scope_end", sa.Date(), nullable=True),
        sa.Column("lead", sa.String(length=200), nullable=False),
        sa.Column("framework_id", sa.String(length=80), nullable=False),
        sa.Column("framework_version", sa.String(length=20), nullable=False),
        sa.Column("framework_json", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("reference", name=op.f("uq_review_reference")),
        sa.UniqueConstraint("uid", name=op.f("uq_review_uid")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "contributor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("agency", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_contributor_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributor")),
        sa.UniqueConstraint("uid", name=op.f("uq_contributor_uid")),
    )
    with op.batch_alter_table("contributor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributor_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_review_agency_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_agency")),
    )
    with op.batch_alter_table("review_agency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_agency_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_child",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=80), nullable=False),
        sa.Column("age", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_review_child_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_child")),
    )
    with op.batch_alter_table("review_child", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_child_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_review_household_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_household")),
    )
    with op.batch_alter_table("review_household", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_household_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_answer_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("contributor_id", "prompt_id", name="uq_answer_prompt"),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_answer_contributor_id"), ["contributor_id"], unique=False
        )

    op.create_table(
        "private_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_private_note_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_private_note")),
        sa.UniqueConstraint("contributor_id", "theme_id", name="uq_private_note_theme"),
    )
    with op.batch_alter_table("private_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_private_note_contributor_id"), ["contributor_id"], unique=False
        )

    op.create_table(
        "theme_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.String(length=80), nullable=False),
        sa.Column("relevance", sa.String(length=20), nullable=True),
        sa.Column("key_learning", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_theme_assessment_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_assessment")),
        sa.UniqueConstraint("contributor_id", "theme_id", name="uq_theme_assessment_theme"),
    )
    with op.batch_alter_table("theme_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_theme_assessment_contributor_id"), ["contributor_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("theme_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_assessment_contributor_id"))

    op.drop_table("theme_assessment")
    with op.batch_alter_table("private_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_private_note_contributor_id"))

    op.drop_table("private_note")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_contributor_id"))

    op.drop_table("answer")
    with op.batch_alter_table("review_household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_household_review_id"))

    op.drop_table("review_household")
    with op.batch_alter_table("review_child", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_child_review_id"))

    op.drop_table("review_child")
    with op.batch_alter_table("review_agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_agency_review_id"))

    op.drop_table("review_agency")
    with op.batch_alter_table("contributor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributor_review_id"))

    op.drop_table("contributor")
    op.drop_table("setting")
    op.drop_table("review")
