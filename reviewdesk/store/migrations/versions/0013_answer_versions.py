"""answers carry a version; both texts of a conflicting save are kept (issue 22, point 5)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 01:40:00

``answer.version`` counts the saves of an answer (1 for every answer written before); a save
states the version it was based on and is refused as a conflict when someone else saved in
between, so nobody's words are silently overwritten. ``answer.updated_by`` names who saved last
(the signed-in database account on a server, the profile's name in a library file), so the
person told about a conflict reads who changed it.

``answer_revision`` keeps both texts of each conflict (theirs, as it was stored, and yours, as
it was typed), whatever the person then chooses: nothing typed is lost, and the history says
what happened.

Portable: ADD COLUMN with server defaults and a new table (SQLite and PostgreSQL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("answer", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column(
        "answer", sa.Column("updated_by", sa.String(length=120), server_default="", nullable=False)
    )
    op.create_table(
        "answer_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contributor_id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=120), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributor.id"],
            name=op.f("fk_answer_revision_contributor_id_contributor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_revision")),
    )
    op.create_index(
        op.f("ix_answer_revision_contributor_id"), "answer_revision", ["contributor_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_answer_revision_contributor_id"), table_name="answer_revision")
    op.drop_table("answer_revision")
    op.drop_column("answer", "updated_by")
    op.drop_column("answer", "version")
