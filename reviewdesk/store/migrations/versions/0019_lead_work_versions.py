"""the rest of the lead's work carries a version: chronology entries, the terms of reference, the
family involvement log, parallel processes, and an action's impact log (issue 22, point 5)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 07:40:00

As findings since 0015: each row's ``version`` counts the saves (1 for every row written
before) and ``updated_by`` names who saved last. A save based on an older version overwrites
nothing; both texts are kept in ``edit_revision`` (0015) under the kinds 'entry', 'terms',
'family', 'process', 'impact' and 'case' (the case record for analysis: the
incident and each child's categories, one version for the whole record).

Portable: ADD COLUMN with server defaults (SQLite and PostgreSQL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (
    "chronology_entry",
    "review_terms",
    "family_involvement",
    "parallel_process",
    "action_impact",
    "case_details",
)


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
