"""working-day clocks and the decision log (issue 18)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 20:00:00

``pack_sent.return_by``: the date the lead asked the contributor to send their contribution back
by, set when the pack is made (NULL for packs sent before, and when none was set). The clocks'
other inputs are the review's dates, actions' due dates and library settings (the ``setting``
table).

``decision``: the review's decision log. Each statutory decision (the rapid review's outcome,
publication, or another) with its date, outcome, reasons, the safeguarding partners who took it
(a JSON list of "local_authority", "health", "police") and the Panel's response.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pack_sent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("return_by", sa.Date(), nullable=True))

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("summary", sa.String(length=400), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("partners", sa.Text(), nullable=False),
        sa.Column("taken_by", sa.String(length=400), nullable=False),
        sa.Column("panel_response", sa.String(length=20), nullable=False),
        sa.Column("panel_response_on", sa.Date(), nullable=True),
        sa.Column("panel_comments", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_decision_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint("uid", name=op.f("uq_decision_uid")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_review_id"), ["review_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_review_id"))
    op.drop_table("decision")
    with op.batch_alter_table("pack_sent", schema=None) as batch_op:
        batch_op.drop_column("return_by")
