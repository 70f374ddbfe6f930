"""a contribution pack's return-by date, for the working-day clocks (issue 18)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 20:00:00

``pack_sent.return_by``: the date the lead asked the contributor to send their contribution back
by, set when the pack is made (NULL for packs sent before, and when none was set). The clocks'
other inputs are the review's dates, actions' due dates and library settings (the ``setting``
table): no other column is needed.
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


def downgrade() -> None:
    with op.batch_alter_table("pack_sent", schema=None) as batch_op:
        batch_op.drop_column("return_by")
