"""review papers and the case record for analysis (issue 18, points 4 and 5)

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-06 23:00:00

Review papers: ``review_terms`` (terms of reference and key lines of enquiry, one row a review),
``family_involvement`` (who in the family was invited, how they took part, their views),
``parallel_process`` (criminal, coroner, disciplinary and other processes, with dates) and
``action_impact`` (an action's impact as a dated log: audits at 6 and 12 months, other evidence).
``finding.pattern_evidence`` says how we know a finding is a pattern, not a one-off;
``recommendation`` gains the partner who owns it and the partners' response.

The case record for analysis, special-category data: ``case_details`` (the incident: death or
serious harm, and its harm type) and ``child_details`` (each child's sex, ethnicity, first
language, disability, special educational needs, legal status and education, matched to the case
record's child by pseudonym). Nothing here is read by the documents ReviewDesk prints.

Portable: new tables and ALTER TABLE ADD COLUMN with server defaults (SQLite and PostgreSQL),
no table is rebuilt, so the search triggers on ``finding`` and ``recommendation`` stay as they
are. (Numbered 0011 and chained from 0008: 0009 and 0010 belong to work in other branches; the
chain is put in order when they are merged.)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def _review_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["review_id"], ["review.id"], name=op.f(f"fk_{table}_review_id_review"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.add_column(
        "finding", sa.Column("pattern_evidence", sa.Text(), server_default="", nullable=False)
    )
    for name, kind in (
        ("owner_partner", sa.String(length=20)),
        ("response", sa.String(length=20)),
        ("response_text", sa.Text()),
    ):
        op.add_column("recommendation", sa.Column(name, kind, server_default="", nullable=False))
    op.add_column("recommendation", sa.Column("response_on", sa.Date(), nullable=True))

    op.create_table(
        "action_impact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action_item.id"],
            name=op.f("fk_action_impact_action_id_action_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_impact")),
        sa.UniqueConstraint("uid", name=op.f("uq_action_impact_uid")),
    )
    op.create_index(op.f("ix_action_impact_action_id"), "action_impact", ["action_id"])

    op.create_table(
        "review_terms",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("lines_of_enquiry", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _review_fk("review_terms"),
        sa.PrimaryKeyConstraint("review_id", name=op.f("pk_review_terms")),
    )

    op.create_table(
        "family_involvement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=120), nullable=False),
        sa.Column("invited_on", sa.Date(), nullable=True),
        sa.Column("how", sa.String(length=30), nullable=False),
        sa.Column("contributed_on", sa.Date(), nullable=True),
        sa.Column("views", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
        _review_fk("family_involvement"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_involvement")),
        sa.UniqueConstraint("uid", name=op.f("uq_family_involvement_uid")),
    )
    op.create_index(op.f("ix_family_involvement_review_id"), "family_involvement", ["review_id"])

    op.create_table(
        "parallel_process",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("led_by", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("next_what", sa.String(length=400), nullable=False),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
        _review_fk("parallel_process"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parallel_process")),
        sa.UniqueConstraint("uid", name=op.f("uq_parallel_process_uid")),
    )
    op.create_index(op.f("ix_parallel_process_review_id"), "parallel_process", ["review_id"])

    op.create_table(
        "case_details",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("incident", sa.String(length=20), nullable=False),
        sa.Column("harm_type", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _review_fk("case_details"),
        sa.PrimaryKeyConstraint("review_id", name=op.f("pk_case_details")),
    )

    op.create_table(
        "child_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=80), nullable=False),
        sa.Column("sex", sa.String(length=20), nullable=False),
        sa.Column("ethnicity", sa.String(length=40), nullable=False),
        sa.Column("first_language", sa.String(length=80), nullable=False),
        sa.Column("disability", sa.String(length=20), nullable=False),
        sa.Column("send", sa.String(length=20), nullable=False),
        sa.Column("legal_status", sa.String(length=30), nullable=False),
        sa.Column("education", sa.String(length=30), nullable=False),
        _review_fk("child_details"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_details")),
        sa.UniqueConstraint("review_id", "pseudonym", name="uq_child_details_child"),
    )
    op.create_index(op.f("ix_child_details_review_id"), "child_details", ["review_id"])


def downgrade() -> None:
    for table in ("child_details", "family_involvement", "parallel_process", "action_impact"):
        op.drop_index(
            op.f(f"ix_{table}_{'action_id' if table == 'action_impact' else 'review_id'}"), table
        )
    for table in (
        "child_details", "case_details", "parallel_process", "family_involvement",
        "review_terms", "action_impact",
    ):  # fmt: skip
        op.drop_table(table)
    for name in ("response_on", "response_text", "response", "owner_partner"):
        op.drop_column("recommendation", name)
    op.drop_column("finding", "pattern_evidence")
