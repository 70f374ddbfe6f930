"""each review's number of prompts, stored beside its frozen framework (issue 20)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 23:15:00

``review.prompt_count`` is the number of prompts in the framework frozen into the review. The
library's progress column ("Your prompts: 12 of 30") needs only that number; reading it from
each review's frozen framework meant reading and parsing about 19 KB a review every time the
library was listed (190 MB at 10,000 reviews). A review's framework never changes once frozen,
so the count is written once, when the review is made (reviewdesk/store/tables.py gives the
column a default worked out from the framework being inserted).

Portable: ``op.add_column`` with a server default, then the existing reviews are counted in
Python (the framework is JSON text, read with the standard library) and updated in batches.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _prompts(framework_json: str) -> int:
    try:
        themes = json.loads(framework_json).get("themes", [])
        return sum(len(t.get("prompts", [])) for t in themes)
    except (ValueError, AttributeError, TypeError):
        return 0  # a framework that cannot be read has no prompts to count


def upgrade() -> None:
    op.add_column(
        "review",
        sa.Column("prompt_count", sa.Integer(), server_default="0", nullable=False),
    )
    bind = op.get_bind()
    review = sa.table(
        "review",
        sa.column("id", sa.Integer),
        sa.column("framework_json", sa.Text),
        sa.column("prompt_count", sa.Integer),
    )
    update = (
        sa.update(review)
        .where(review.c.id == sa.bindparam("rid"))
        .values(prompt_count=sa.bindparam("n"))
    )
    rows = bind.execute(sa.select(review.c.id, review.c.framework_json)).fetchall()
    batch = [{"rid": rid, "n": _prompts(text)} for rid, text in rows]
    for start in range(0, len(batch), 500):
        bind.execute(update, batch[start : start + 500])


def downgrade() -> None:
    op.drop_column("review", "prompt_count")
