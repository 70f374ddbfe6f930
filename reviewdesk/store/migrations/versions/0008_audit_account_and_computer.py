"""who did what: the operating-system account and the computer's name on every audit entry
(issue 19)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:00:00

``audit_log.account`` and ``audit_log.computer`` record, beside the profile name in ``who``, the
operating-system account ReviewDesk ran as and the computer's name. ``audit_log.hash_version``
says how the entry's fingerprint was made: 1 for every entry written before this revision (their
fingerprints are left exactly as they were, so old trails still verify), 2 for entries whose
fingerprint covers the account and computer too (reviewdesk/domain/audit.py).

The columns are added with ALTER TABLE ADD COLUMN, not by rebuilding the table, so the trail's
append-only triggers stay in place and no entry is rewritten. A downgrade drops the columns:
entries of version 2 then no longer verify, which is why ReviewDesk itself never downgrades.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "audit_log",
        sa.Column("account", sa.String(length=120), server_default="", nullable=False),
    )
    op.add_column(
        "audit_log",
        sa.Column("computer", sa.String(length=255), server_default="", nullable=False),
    )
    op.add_column(
        "audit_log",
        sa.Column("hash_version", sa.Integer(), server_default="1", nullable=False),
    )


def downgrade() -> None:
    for name in ("hash_version", "computer", "account"):
        op.drop_column("audit_log", name)
