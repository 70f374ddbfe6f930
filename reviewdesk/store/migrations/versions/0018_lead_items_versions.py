"""the lead's key practice episodes, recommendations, actions and decisions carry a version;
both texts of a conflicting save are kept (issue 22, point 5)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 07:40:00

As findings do since 0015: ``practice_episode``, ``recommendation``, ``action_item`` and
``decision`` gain ``version`` (the saves counted; 1 for every row written before) and
``updated_by`` (who saved last: the signed-in account on a server, the profile's name in a
library file). A save based on an older version is refused as a conflict instead of silently
replacing someone else's words, and both sides go into ``edit_revision`` (made by 0015) with
``kind`` 'episode', 'recommendation', 'action' or 'decision' and the item's id.

Portable: ADD COLUMN with server defaults (SQLite and PostgreSQL); no new table, so nothing to
add to row-level security.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("practice_episode", "recommendation", "action_item", "decision")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        op.add_column(
            table,
            sa.Column("updated_by", sa.String(length=120), server_default="", nullable=False),
        )


def downgrade() -> None:
    for table in reversed(VERSIONED):
        op.drop_column(table, "updated_by")
        op.drop_column(table, "version")
