"""ORM classes (SQLAlchemy 2 typed mappings). Every schema change is an Alembic revision.

Five tables (review, contributor, answer, setting, audit_log) are defined in store/core_tables.py
as Core tables, read without the ORM on opening a library and listing it (issue 20); their
classes here map onto them. Every other table is declared here.

Portable SQL only: plain types, named constraints, no SQLite-specific column types, so the same
schema can run on PostgreSQL. Timestamps are stored as UTC (see :class:`UTCDateTime`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from reviewdesk.store import core_tables
from reviewdesk.store.core_tables import (  # noqa: F401 (imported from here by the services)
    ANSWERED,
    NAMING,
    UTCDateTime,
    for_postgresql,
    prompt_count_of,
    utcnow,
)


class Base(DeclarativeBase):
    metadata = core_tables.metadata  # the Core tables' (store/core_tables.py) and these


class ReviewRow(Base):
    __table__ = core_tables.review  # columns and indexes: store/core_tables.py

    id: Mapped[int]
    uid: Mapped[str]
    reference: Mapped[str]
    title: Mapped[str]
    review_type: Mapped[str]
    status: Mapped[str]
    incident_date: Mapped[date | None]
    notification_date: Mapped[date | None]
    rapid_review_date: Mapped[date | None]
    decision_date: Mapped[date | None]
    publication_date: Mapped[date | None]
    scope_start: Mapped[date | None]
    scope_end: Mapped[date | None]
    lead: Mapped[str]
    framework_id: Mapped[str]
    framework_version: Mapped[str]
    framework_json: Mapped[str]
    prompt_count: Mapped[int]
    archived_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    children: Mapped[list[ChildRow]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ChildRow.position"
    )
    household: Mapped[list[HouseholdRow]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="HouseholdRow.position"
    )
    agencies: Mapped[list[AgencyRow]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="AgencyRow.position"
    )
    contributors: Mapped[list[ContributorRow]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ContributorRow.id"
    )


class ChildRow(Base):
    __tablename__ = "review_child"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    pseudonym: Mapped[str] = mapped_column(String(80))
    age: Mapped[str] = mapped_column(String(40), default="")

    review: Mapped[ReviewRow] = relationship(back_populates="children")


class HouseholdRow(Base):
    __tablename__ = "review_household"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[ReviewRow] = relationship(back_populates="household")


class AgencyRow(Base):
    __tablename__ = "review_agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))

    review: Mapped[ReviewRow] = relationship(back_populates="agencies")


class ContributorRow(Base):
    __table__ = core_tables.contributor

    id: Mapped[int]
    uid: Mapped[str]
    review_id: Mapped[int]
    name: Mapped[str]
    role: Mapped[str]
    agency: Mapped[str]
    created_at: Mapped[datetime]

    review: Mapped[ReviewRow] = relationship(back_populates="contributors")
    answers: Mapped[list[AnswerRow]] = relationship(cascade="all, delete-orphan")
    assessments: Mapped[list[AssessmentRow]] = relationship(cascade="all, delete-orphan")
    private_notes: Mapped[list[PrivateNoteRow]] = relationship(cascade="all, delete-orphan")


class AnswerRow(Base):
    __table__ = core_tables.answer

    id: Mapped[int]
    contributor_id: Mapped[int]
    prompt_id: Mapped[str]
    text: Mapped[str]
    evidence: Mapped[str]
    updated_at: Mapped[datetime]
    version: Mapped[int]
    updated_by: Mapped[str]


class AnswerRevisionRow(Base):
    """Both texts of a conflicting save, kept whatever the person then chose (migration 0013):
    ``kind`` is ``theirs`` (the stored text the save would have replaced) or ``yours`` (the
    text that was typed over an older version)."""

    __tablename__ = "answer_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    prompt_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(120))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AssessmentRow(Base):
    """A contributor's view of one theme: how relevant it was, and their key learning."""

    __tablename__ = "theme_assessment"
    __table_args__ = (
        UniqueConstraint("contributor_id", "theme_id", name="uq_theme_assessment_theme"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[str] = mapped_column(String(80))
    relevance: Mapped[str | None] = mapped_column(String(20))
    key_learning: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Concurrent editing (issue 22, point 5; migration 0015), as an answer's (0013).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class AssessmentRevisionRow(Base):
    """Both sides of a conflicting save of a rating and key learning (migration 0015):
    ``side`` is ``theirs`` (as stored) or ``yours`` (as typed over an older version)."""

    __tablename__ = "assessment_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(20))
    relevance: Mapped[str | None] = mapped_column(String(20))
    key_learning: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(120))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PrivateNoteRow(Base):
    """A contributor's private notes (feelings, reminders). Never exported, never in JSON.

    ``theme_id`` is ``""`` for notes about the review as a whole.
    """

    __tablename__ = "private_note"
    __table_args__ = (UniqueConstraint("contributor_id", "theme_id", name="uq_private_note_theme"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[str] = mapped_column(String(80), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SettingRow(Base):
    """Small local settings that belong with the data (e.g. who is writing on this computer)."""

    __table__ = core_tables.setting

    key: Mapped[str]
    value: Mapped[str]


# --- case packs and returned contributions (issue 7; migration 0003) ----------------------------


class PackSentRow(Base):
    """A case pack the review lead made for one contributor (the lead's library)."""

    __tablename__ = "pack_sent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    theme_ids: Mapped[str] = mapped_column(Text)  # JSON list of the themes the pack holds
    encrypted: Mapped[bool] = mapped_column(Boolean)
    file_sha256: Mapped[str] = mapped_column(String(64))
    space_sha256: Mapped[str] = mapped_column(String(64))  # the contributor's space when made
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    return_by: Mapped[date | None] = mapped_column(Date)  # asked back by (migration 0007)

    contributor: Mapped[ContributorRow] = relationship()


class PackReceivedRow(Base):
    """A case pack opened in a practitioner's library: which contributor there is "me"."""

    __tablename__ = "pack_received"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    encrypted: Mapped[bool] = mapped_column(Boolean)
    file_sha256: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContributionRow(Base):
    """One returned contribution as received by the lead: the applied one is ``current``; earlier
    (and late-arriving older) ones are kept as ``superseded`` versions."""

    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36))
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    pack_id: Mapped[int] = mapped_column(ForeignKey("pack_sent.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    content_sha256: Mapped[str] = mapped_column(String(64))
    file_sha256: Mapped[str] = mapped_column(String(64))
    space_sha256: Mapped[str] = mapped_column(String(64), default="")  # space after applying
    written_by_name: Mapped[str] = mapped_column(String(120))
    written_by_role: Mapped[str] = mapped_column(String(120), default="")
    written_by_agency: Mapped[str] = mapped_column(String(120), default="")
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_json: Mapped[str] = mapped_column(Text)

    pack: Mapped[PackSentRow] = relationship()


class AuditRow(Base):
    """The append-only, hash-chained audit trail (see reviewdesk/domain/audit.py).

    UPDATE and DELETE are refused by triggers created in revision 0002. ``what`` holds references
    and ids as canonical JSON, never what anyone wrote.
    """

    __table__ = core_tables.audit_log

    seq: Mapped[int]
    at: Mapped[datetime]
    who: Mapped[str]
    action: Mapped[str]
    what: Mapped[str]
    change_hash: Mapped[str]
    prev_hash: Mapped[str]
    row_hash: Mapped[str]
    account: Mapped[str]
    computer: Mapped[str]
    hash_version: Mapped[int]


# --- the review lead's analysis (issue 6; migration 0004) ---------------------------------------
# Themes are stored as JSON lists of theme ids (as pack_sent.theme_ids). Rows cited elsewhere are
# never deleted while cited: ``removed_at`` keeps them, so what cites them stays explainable.


class ChronologyImportRow(Base):
    """One agency chronology imported from a file: where its entries came from."""

    __tablename__ = "chronology_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    agency: Mapped[str] = mapped_column(String(120))
    file_name: Mapped[str] = mapped_column(String(260), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChronologyEntryRow(Base):
    __tablename__ = "chronology_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(10), default="day")
    agency: Mapped[str] = mapped_column(String(120), default="")
    what_happened: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(400), default="")
    significant: Mapped[bool] = mapped_column(Boolean, default=False)
    positive_practice: Mapped[bool] = mapped_column(Boolean, default=False)
    theme_ids: Mapped[str] = mapped_column(Text, default="[]")
    source_agency: Mapped[str] = mapped_column(String(120), default="")
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("chronology_import.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # 0019
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    batch: Mapped[ChronologyImportRow | None] = relationship()


class EpisodeRow(Base):
    """A key practice episode."""

    __tablename__ = "practice_episode"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(400))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    what_happened: Mapped[str] = mapped_column(Text, default="")
    what_was_known: Mapped[str] = mapped_column(Text, default="")
    what_was_done: Mapped[str] = mapped_column(Text, default="")
    contributory_factors: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of text
    theme_ids: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Concurrent editing (issue 22, point 5; migration 0018), as a finding's (0015).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")

    entries: Mapped[list[EpisodeEntryRow]] = relationship(cascade="all, delete-orphan")


class EpisodeEntryRow(Base):
    __tablename__ = "episode_entry"

    episode_id: Mapped[int] = mapped_column(
        ForeignKey("practice_episode.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("chronology_entry.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class FindingRow(Base):
    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20))
    statement: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="improvement")
    theme_ids: Mapped[str] = mapped_column(Text, default="[]")
    question: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # how we know it is a pattern, not a one-off (migration 0011)
    pattern_evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Concurrent editing (issue 22, point 5; migration 0015), as an answer's (0013).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")

    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade="all, delete-orphan", order_by="EvidenceRow.id"
    )


class EvidenceRow(Base):
    """What a finding rests on: exactly one of a chronology entry, an episode or an answer (a
    contributor and a prompt)."""

    __tablename__ = "finding_evidence"
    __table_args__ = (
        # One rule, two spellings (migration 0004): SQLite adds booleans as integers,
        # PostgreSQL counts with num_nonnulls(). Each engine is given only its own.
        CheckConstraint(
            "(entry_id IS NOT NULL) + (episode_id IS NOT NULL) + (contributor_id IS NOT NULL) = 1",
            name="one_target",
        ).ddl_if(dialect="sqlite"),
        CheckConstraint(
            "num_nonnulls(entry_id, episode_id, contributor_id) = 1", name="one_target"
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("chronology_entry.id", ondelete="CASCADE"), index=True
    )
    episode_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_episode.id", ondelete="CASCADE"), index=True
    )
    contributor_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    prompt_id: Mapped[str] = mapped_column(String(80), default="")


class RecommendationRow(Base):
    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the safeguarding partner who owns it and the partners' response (migration 0011)
    owner_partner: Mapped[str] = mapped_column(String(20), default="", server_default="")
    response: Mapped[str] = mapped_column(String(20), default="", server_default="")
    response_on: Mapped[date | None] = mapped_column(Date)
    response_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Concurrent editing (issue 22, point 5; migration 0018), as a finding's (0015).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")

    findings: Mapped[list[RecommendationFindingRow]] = relationship(cascade="all, delete-orphan")


class RecommendationFindingRow(Base):
    __tablename__ = "recommendation_finding"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ActionRow(Base):
    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_agency: Mapped[str] = mapped_column(String(120), default="")
    owner_role: Mapped[str] = mapped_column(String(400), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    how_we_will_know: Mapped[str] = mapped_column(Text, default="")
    impact_evidence: Mapped[str] = mapped_column(Text, default="")
    impact_recorded_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The day it was marked complete (None while it is not); migration 0012.
    completed_on: Mapped[date | None] = mapped_column(Date)
    # Concurrent editing (issue 22, point 5; migration 0018), as a finding's (0015).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")

    impacts: Mapped[list[ImpactRow]] = relationship(
        cascade="all, delete-orphan", order_by="(ImpactRow.recorded_on, ImpactRow.id)"
    )


class ImpactRow(Base):
    """One dated entry of an action's impact log (issue 18, point 4; migration 0011)."""

    __tablename__ = "action_impact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("action_item.id", ondelete="CASCADE"), index=True
    )
    recorded_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # 0019
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class TermsRow(Base):
    """A review's terms of reference and key lines of enquiry (migration 0011)."""

    __tablename__ = "review_terms"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    terms: Mapped[str] = mapped_column(Text, default="")
    lines_of_enquiry: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of text
    agreed_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # 0019
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class FamilyRow(Base):
    """The family involvement log: who was invited, how they took part and their views."""

    __tablename__ = "family_involvement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    person: Mapped[str] = mapped_column(String(120))  # by role: "Mother", "Maternal grandmother"
    invited_on: Mapped[date | None] = mapped_column(Date)
    how: Mapped[str] = mapped_column(String(30), default="")
    contributed_on: Mapped[date | None] = mapped_column(Date)
    views: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # 0019
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class ParallelProcessRow(Base):
    """A process running beside the review (criminal, coroner, disciplinary...), with dates."""

    __tablename__ = "parallel_process"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    led_by: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    next_on: Mapped[date | None] = mapped_column(Date)
    next_what: Mapped[str] = mapped_column(String(400), default="")
    concluded_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # 0019
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class CaseDetailsRow(Base):
    """The case record for analysis, special-category data (migration 0011): the incident."""

    __tablename__ = "case_details"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    incident: Mapped[str] = mapped_column(String(20), default="")
    harm_type: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # 0019
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class ChildDetailsRow(Base):
    """One child's categories for analysis, special-category data, matched to the case record's
    child by pseudonym (the case record's children are rewritten whenever it is saved)."""

    __tablename__ = "child_details"
    __table_args__ = (UniqueConstraint("review_id", "pseudonym", name="uq_child_details_child"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(80))
    sex: Mapped[str] = mapped_column(String(20), default="")
    ethnicity: Mapped[str] = mapped_column(String(40), default="")
    first_language: Mapped[str] = mapped_column(String(80), default="")
    disability: Mapped[str] = mapped_column(String(20), default="")
    send: Mapped[str] = mapped_column(String(20), default="")
    legal_status: Mapped[str] = mapped_column(String(30), default="")
    education: Mapped[str] = mapped_column(String(30), default="")


class DecisionRow(Base):
    """One entry of a review's decision log (issue 18; migration 0007)."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(30), default="")
    summary: Mapped[str] = mapped_column(String(400), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of Partner values
    taken_by: Mapped[str] = mapped_column(String(400), default="")
    panel_response: Mapped[str] = mapped_column(String(20), default="")
    panel_response_on: Mapped[date | None] = mapped_column(Date)
    panel_comments: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Concurrent editing (issue 22, point 5; migration 0018), as a finding's (0015).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class CitationRow(Base):
    """A contributor's answer to a prompt cites a chronology entry."""

    __tablename__ = "answer_citation"
    __table_args__ = (
        UniqueConstraint("contributor_id", "prompt_id", "entry_id", name="uq_answer_citation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    prompt_id: Mapped[str] = mapped_column(String(80))
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("chronology_entry.id", ondelete="CASCADE"), index=True
    )


# --- privacy: the name key, retention and the deletion log (issue 9; migration 0005) ------------


class NameKeyRow(Base):
    """One entry of a review's name key: a real name and the pseudonym or role that replaces it
    in every document. The key never leaves the library: no export, JSON file or pack holds it."""

    __tablename__ = "name_key"
    __table_args__ = (UniqueConstraint("review_id", "real_name", name="uq_name_key_real_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    real_name: Mapped[str] = mapped_column(String(200))
    pseudonym: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RetentionRow(Base):
    """When a review's retention should next be reviewed (keep, or delete for good)."""

    __tablename__ = "review_retention"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    review_on: Mapped[date] = mapped_column(Date)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeletionLogRow(Base):
    """What was deleted for good, and when: the reference and counts, never the content."""

    __tablename__ = "deletion_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    who: Mapped[str] = mapped_column(String(120))
    reference: Mapped[str] = mapped_column(String(60))
    review_uid: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the review was started
    contributors: Mapped[int] = mapped_column(Integer, default=0)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")


# --- search across every review (issue 8; migration 0006) ---------------------------------------
# The full-text index itself (``search_index``, FTS5) is created by the migration and is not a
# model: its shadow tables are SQLite's. See reviewdesk/store/search.py.


class SearchQueueRow(Base):
    """A change to a searchable field, recorded by a trigger and applied to the full-text index by
    the store before the write transaction commits (so the queue is empty between transactions).
    ``body`` NULL: the field leaves the index (deleted, removed or emptied)."""

    __tablename__ = "search_queue"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[int] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(40))
    review_id: Mapped[int | None] = mapped_column(Integer)
    contributor_id: Mapped[int | None] = mapped_column(Integer)
    theme: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(String(80))


# --- the lead's 7-minute briefing (issue 17, point 3; migration 0010) -------------------------


class BriefingRow(Base):
    """The 7-minute briefing as the lead has written it: one row a review, made when the lead
    first edits it. A section that is NULL has not been edited and follows the review."""

    __tablename__ = "briefing"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str | None] = mapped_column(Text)
    case_in_brief: Mapped[str | None] = mapped_column(Text)
    what_happened: Mapped[str | None] = mapped_column(Text)
    why_it_matters: Mapped[str | None] = mapped_column(Text)
    what_we_found: Mapped[str | None] = mapped_column(Text)
    what_to_do: Mapped[str | None] = mapped_column(Text)
    questions: Mapped[str | None] = mapped_column(Text)
    find_more: Mapped[str | None] = mapped_column(Text)
    marking: Mapped[str] = mapped_column(String(60), default="OFFICIAL")
    two_pages: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BriefingPartRow(Base):
    """How many times each part of the briefing (a section's key, or 'title') has been saved,
    and by whom last (migration 0017; issue 22, point 5): one row a part, made at its first
    versioned save. A part's text stays in ``briefing``; this row is what a save compares with
    and, on a server, locks, so two leads saving different sections never conflict and two
    saving the same one never overwrite each other."""

    __tablename__ = "briefing_part"
    __table_args__ = (UniqueConstraint("review_id", "part", name="uq_briefing_part_part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    part: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EditRevisionRow(Base):
    """Both sides of a conflicting save of the lead's analysis (migration 0015): ``kind``
    ('finding'; since 0018 also 'episode', 'recommendation', 'action', 'decision') and
    ``item_id`` say what; ``side`` is ``theirs`` (as stored) or ``yours`` (as typed over an
    older version); ``text`` its main text and ``detail`` every other part, as JSON, so nothing
    either person wrote is lost."""

    __tablename__ = "edit_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(120))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
