"""the day an action was marked complete (issue 18, point 6)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 02:00:00

``action_item.completed_on`` is the day the action was marked complete, set by the action plan
service when its status becomes complete (the lead can correct it) and cleared when it is
reopened. The yearly report counts "action completed" in the period holding that day; it used
the day the action was last changed, so a note added to a finished action moved its completion
into a later year.

Already-complete actions are given the day they were last changed, the best the library knows.
Portable: ``op.add_column`` (a nullable DATE), then the complete actions are read and updated in
Python, so no dialect's date function is needed (SQLite and PostgreSQL).
"""

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTION = sa.table(
    "action_item",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("updated_at", sa.DateTime()),
    sa.column("completed_on", sa.Date()),
)


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def upgrade() -> None:
    op.add_column("action_item", sa.Column("completed_on", sa.Date(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_ACTION.c.id, _ACTION.c.updated_at).where(_ACTION.c.status == "complete")
    ).all()
    for action_id, updated_at in rows:
        day = _day(updated_at)
        if day is not None:
            bind.execute(
                sa.update(_ACTION).where(_ACTION.c.id == action_id).values(completed_on=day)
            )


def downgrade() -> None:
    op.drop_column("action_item", "completed_on")
