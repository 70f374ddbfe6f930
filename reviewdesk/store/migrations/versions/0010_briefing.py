"""the lead's 7-minute briefing (issue 17, point 3)

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06 23:00:00

``briefing``: one row a review, made when the lead first edits the briefing. Each of the seven
sections (the case in brief, what happened, why it matters, what we found, what practitioners
should do, questions for teams, where to find more) is the lead's text, or NULL while it still
follows the review. ``title`` NULL: the review's title. ``marking``: the protective marking chosen
for circulation (OFFICIAL unless the lead chooses otherwise). ``two_pages``: the lead wants the
two-page form.

Portable: one CREATE TABLE with plain types, nothing SQLite-only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECTIONS = (
    "case_in_brief",
    "what_happened",
    "why_it_matters",
    "what_we_found",
    "what_to_do",
    "questions",
    "find_more",
)


def upgrade() -> None:
    op.create_table(
        "briefing",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        *(sa.Column(name, sa.Text(), nullable=True) for name in SECTIONS),
        sa.Column("marking", sa.String(length=60), nullable=False),
        sa.Column("two_pages", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_briefing_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("review_id", name=op.f("pk_briefing")),
    )


def downgrade() -> None:
    op.drop_table("briefing")
