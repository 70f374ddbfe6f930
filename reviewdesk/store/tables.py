"""ORM classes (SQLAlchemy 2 typed mappings). Every schema change is an Alembic revision.

Portable SQL only: plain types, named constraints, no SQLite-specific column types, so the same
schema can run on PostgreSQL. Timestamps are stored as UTC (see :class:`UTCDateTime`).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def prompt_count_of(framework_json: str) -> int:
    """How many prompts a frozen framework (its JSON text) holds; 0 if it cannot be read."""
    try:
        themes = json.loads(framework_json).get("themes", [])
        return sum(len(t.get("prompts", [])) for t in themes)
    except (ValueError, AttributeError, TypeError):
        return 0


def _prompt_count_of_inserted(context: Any) -> int:
    """``review.prompt_count`` for a row inserted without one (every insert, ORM or core:
    the services' and the benchmark's generator alike): counted from its framework."""
    return prompt_count_of(context.get_current_parameters().get("framework_json") or "")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, always returns aware UTC; refuses naive datetimes on the way in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ReviewRow(Base):
    __tablename__ = "review"
    # The library's list reads only the first index (migration 0014: a covering index, so the
    # reviews' frozen frameworks are not read to list them; issue 20).
    __table_args__ = (
        Index(
            "ix_review_list",
            "deleted_at",
            "updated_at",
            "id",
            "uid",
            "reference",
            "title",
            "review_type",
            "status",
            "archived_at",
            "prompt_count",
            "created_at",
        ),
        # Search's filters choose their reviews from this index alone (migration 0016).
        Index(
            "ix_review_search",
            "deleted_at",
            "id",
            "review_type",
            "status",
            "notification_date",
            "incident_date",
            "created_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    review_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    incident_date: Mapped[date | None] = mapped_column(Date)
    notification_date: Mapped[date | None] = mapped_column(Date)
    rapid_review_date: Mapped[date | None] = mapped_column(Date)
    decision_date: Mapped[date | None] = mapped_column(Date)
    publication_date: Mapped[date | None] = mapped_column(Date)
    scope_start: Mapped[date | None] = mapped_column(Date)
    scope_end: Mapped[date | None] = mapped_column(Date)
    lead: Mapped[str] = mapped_column(String(200), default="")
    framework_id: Mapped[str] = mapped_column(String(80))
    framework_version: Mapped[str] = mapped_column(String(20))
    framework_json: Mapped[str] = mapped_column(Text)
    # the number of prompts in framework_json, so listing the library never reads it (0009)
    prompt_count: Mapped[int] = mapped_column(
        Integer, default=_prompt_count_of_inserted, server_default="0"
    )
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # in the Trash since
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

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
    __tablename__ = "contributor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120), default="")
    agency: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[ReviewRow] = relationship(back_populates="contributors")
    answers: Mapped[list[AnswerRow]] = relationship(cascade="all, delete-orphan")
    assessments: Mapped[list[AssessmentRow]] = relationship(cascade="all, delete-orphan")
    private_notes: Mapped[list[PrivateNoteRow]] = relationship(cascade="all, delete-orphan")


# An answer that holds more than spaces: the library's progress counts these (store/queries.py),
# from the partial index ix_answer_answered (migration 0020), which has this same WHERE.
ANSWERED = "trim(text) <> ''"


def for_postgresql() -> None:
    """What only PostgreSQL spells in the mapped schema, added when a server's engine is made
    (store/server.py): ``ix_answer_answered``'s WHERE. Named in the class itself, it had
    SQLAlchemy import its PostgreSQL dialect (some 20 ms) in every command and at every opening
    of a library file, which never need it (issue 20). Adding it again changes nothing."""
    answers = Base.metadata.tables[AnswerRow.__tablename__]
    (index,) = [i for i in answers.indexes if i.name == "ix_answer_answered"]
    index.dialect_kwargs["postgresql_where"] = sql_text(ANSWERED)


class AnswerRow(Base):
    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("contributor_id", "prompt_id", name="uq_answer_prompt"),
        # The answered ones only (migration 0020): the library counts each review's answered
        # prompts from this index, never reading an answer's text (issue 20). PostgreSQL's
        # spelling of the WHERE is added with a server's engine (for_postgresql, above).
        Index("ix_answer_answered", "contributor_id", sqlite_where=sql_text(ANSWERED)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contributor_id: Mapped[int] = mapped_column(
        ForeignKey("contributor.id", ondelete="CASCADE"), index=True
    )
    prompt_id: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Concurrent editing (issue 22, point 5; migration 0013): each save adds one to the version,
    # and a save based on an older version is refused as a conflict; who saved last.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


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

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


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

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    who: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    what: Mapped[str] = mapped_column(Text)
    change_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    # Who, besides the profile name (issue 19; migration 0008): the operating-system account and
    # the computer's name, both inside the fingerprint of entries of hash_version 2. Entries
    # written before keep hash_version 1 and empty account and computer.
    account: Mapped[str] = mapped_column(String(120), server_default="")
    computer: Mapped[str] = mapped_column(String(255), server_default="")
    hash_version: Mapped[int] = mapped_column(Integer, server_default="1")


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
