"""The tables read on the way in, as SQLAlchemy Core tables: no ORM.

Opening a library (its audit trail, its settings) and listing its reviews (the review, its
contributors and their answers) read only these five tables, and they read them with Core
statements. Defined here as plain :class:`~sqlalchemy.Table` objects, they let a command that
only opens the library and lists it never import SQLAlchemy's ORM nor map the library's 39
classes (some 120 ms of the command line's start: issue 20). store/tables.py maps its ORM
classes onto these same tables (``__table__``), so there is one definition of each, and every
other table is declared there as before. :data:`metadata` is the one the whole schema shares.

Portable SQL only, as in store/tables.py: plain types, named constraints, UTC timestamps.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


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


def _required(name: str, *args: Any, **kwargs: Any) -> Column[Any]:
    """A column that must hold a value (what ``Mapped[X]`` without ``| None`` declares)."""
    return Column(name, *args, nullable=False, **kwargs)


# The library's list reads only the first index (migration 0014: a covering index, so the
# reviews' frozen frameworks are not read to list them; issue 20). Search's filters choose their
# reviews from the second alone (migration 0016).
review = Table(
    "review",
    metadata,
    _required("id", Integer, primary_key=True),
    _required("uid", String(36), unique=True),
    _required("reference", String(60), unique=True),
    _required("title", String(200)),
    _required("review_type", String(40)),
    _required("status", String(20)),
    Column("incident_date", Date),
    Column("notification_date", Date),
    Column("rapid_review_date", Date),
    Column("decision_date", Date),
    Column("publication_date", Date),
    Column("scope_start", Date),
    Column("scope_end", Date),
    _required("lead", String(200), default=""),
    _required("framework_id", String(80)),
    _required("framework_version", String(20)),
    _required("framework_json", Text),
    # the number of prompts in framework_json, so listing the library never reads it (0009)
    _required("prompt_count", Integer, default=_prompt_count_of_inserted, server_default="0"),
    Column("archived_at", UTCDateTime),
    Column("deleted_at", UTCDateTime),  # in the Trash since
    _required("created_at", UTCDateTime, default=utcnow),
    _required("updated_at", UTCDateTime, default=utcnow),
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

contributor = Table(
    "contributor",
    metadata,
    _required("id", Integer, primary_key=True),
    _required("uid", String(36), unique=True),
    _required("review_id", ForeignKey("review.id", ondelete="CASCADE"), index=True),
    _required("name", String(120)),
    _required("role", String(120), default=""),
    _required("agency", String(120), default=""),
    _required("created_at", UTCDateTime, default=utcnow),
)

# An answer that holds more than spaces: the library's progress counts these (store/listing.py),
# from the partial index ix_answer_answered (migration 0020), which has this same WHERE.
ANSWERED = "trim(text) <> ''"

answer = Table(
    "answer",
    metadata,
    _required("id", Integer, primary_key=True),
    _required("contributor_id", ForeignKey("contributor.id", ondelete="CASCADE"), index=True),
    _required("prompt_id", String(80)),
    _required("text", Text, default=""),
    _required("evidence", Text, default=""),
    _required("updated_at", UTCDateTime, default=utcnow),
    # Concurrent editing (issue 22, point 5; migration 0013): each save adds one to the version,
    # and a save based on an older version is refused as a conflict; who saved last.
    _required("version", Integer, default=1, server_default="1"),
    _required("updated_by", String(120), default="", server_default=""),
    UniqueConstraint("contributor_id", "prompt_id", name="uq_answer_prompt"),
    # The answered ones only (migration 0020): the library counts each review's answered
    # prompts from this index, never reading an answer's text (issue 20). PostgreSQL's
    # spelling of the WHERE is added with a server's engine (for_postgresql, below).
    Index("ix_answer_answered", "contributor_id", sqlite_where=sql_text(ANSWERED)),
)


def for_postgresql() -> None:
    """What only PostgreSQL spells in the schema, added when a server's engine is made
    (store/server.py): ``ix_answer_answered``'s WHERE. Named in the table itself, it had
    SQLAlchemy import its PostgreSQL dialect (some 20 ms) in every command and at every opening
    of a library file, which never need it (issue 20). Adding it again changes nothing."""
    (index,) = [i for i in answer.indexes if i.name == "ix_answer_answered"]
    index.dialect_kwargs["postgresql_where"] = sql_text(ANSWERED)


# Small local settings that belong with the data (e.g. who is writing on this computer).
setting = Table(
    "setting",
    metadata,
    _required("key", String(80), primary_key=True),
    _required("value", Text, default=""),
)

# The append-only, hash-chained audit trail (see reviewdesk/domain/audit.py). UPDATE and DELETE
# are refused by triggers created in revision 0002. ``what`` holds references and ids as
# canonical JSON, never what anyone wrote.
audit_log = Table(
    "audit_log",
    metadata,
    _required("seq", Integer, primary_key=True, autoincrement=False),
    _required("at", UTCDateTime),
    _required("who", String(120)),
    _required("action", String(60)),
    _required("what", Text),
    _required("change_hash", String(64)),
    _required("prev_hash", String(64)),
    _required("row_hash", String(64)),
    # Who, besides the profile name (issue 19; migration 0008): the operating-system account and
    # the computer's name, both inside the fingerprint of entries of hash_version 2. Entries
    # written before keep hash_version 1 and empty account and computer.
    _required("account", String(120), server_default=""),
    _required("computer", String(255), server_default=""),
    _required("hash_version", Integer, server_default="1"),
)
