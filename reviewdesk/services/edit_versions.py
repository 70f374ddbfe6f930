"""The versioned save, shared by everything two people may change at once (issue 22, point 5):
answers (services/answer_versions.py), a theme's rating and key learning, and the lead's
findings.

Each such row has a ``version`` (one more at each save) and ``updated_by``. A save states the
version its text was written over; when someone else saved since (the stored version is newer)
nothing is overwritten: the caller keeps both sides in the item's history and puts the conflict
to the person. On a server the stored row is locked while it is compared and changed (``SELECT
... FOR UPDATE``), two first saves racing to insert one row are told apart by its unique
constraint (the loser compares with the winner's row), and the UPDATE itself names the version
it replaces; in a library file writes take turns anyway. A saved change is told to others on the
server at commit (store/notify.py).

This module holds the steps; each kind of item says what its values are and where its history
goes: a :class:`VersionedSave` (which row, which values, where both sides of a conflict go, who
is told) given to :func:`save_versioned`, which answers, ratings and the briefing use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk.domain.errors import SaveFailedError
from reviewdesk.domain.review import AnswerSaved, EditRevision
from reviewdesk.store import audit as audit_store
from reviewdesk.store.tables import EditRevisionRow

if TYPE_CHECKING:
    from sqlalchemy import CursorResult

_Row = TypeVar("_Row", bound=Any)
_Conflict = TypeVar("_Conflict")
THEIRS, YOURS = "theirs", "yours"


def who_saves(session: Session, actor: Callable[[Session], str]) -> str:
    """Who a save is recorded as: the signed-in account on a server, else the profile's name."""
    return audit_store.server_account(session) or actor(session)


def locked(session: Session, query: Select[Any]) -> Any:
    """The stored row, locked until commit on a server (a second save waits for the first)."""
    return session.scalars(query.with_for_update()).one_or_none()


def add_first(session: Session, fresh: _Row, again: Callable[[], _Row | None]) -> _Row | None:
    """Add the first row of an item: None when added, else the row whose first save won the
    race (``again`` reads it, locked), to compare with."""
    try:
        with session.begin_nested():
            session.add(fresh)
    except IntegrityError:
        row = again()
        if row is None:  # pragma: no cover - the constraint named a row that is not there
            raise
        return row
    return None


def locked_or_added(session: Session, query: Select[Any], make: Callable[[], _Row]) -> _Row:
    """The one row ``query`` names, locked until commit on a server; when there is none yet,
    the row ``make`` makes is added as it (two first saves racing: the winner's row, locked,
    for the loser to compare with). For an item every review has at most one of (the terms
    of reference, the case record for analysis, the briefing)."""
    row = locked(session, query)
    if row is not None:
        return row
    fresh = make()
    winner = add_first(session, fresh, lambda: locked(session, query))
    return fresh if winner is None else winner


def is_stale(base: int | None, row: Any) -> bool:
    """Was the text written over an older version than the stored one? (``base`` None: saved
    whatever is stored, as imports and tools do.)"""
    return base is not None and base != row.version


def replace(
    session: Session, row: Any, values: Mapping[str, Any], *, now: datetime, who: str
) -> int:
    """Write ``values`` over the stored row, one version on, naming the version it replaces
    (the row lock, or SQLite's one writer, makes a miss impossible; it is still checked).
    Returns the new version."""
    model = type(row)
    stored = row.version
    done = cast(
        "CursorResult[Any]",
        session.execute(
            update(model)
            .where(model.id == row.id, model.version == stored)
            .values(**values, updated_at=now, version=stored + 1, updated_by=who)
            .execution_options(synchronize_session="fetch")
        ),
    )
    if done.rowcount != 1:  # pragma: no cover - see above
        raise SaveFailedError(
            "Someone else saved this at the same moment. Nothing was lost: ReviewDesk will try "
            "again.",
            reason="busy",
            retryable=True,
        )
    session.refresh(row)
    return int(row.version)


# --- the history of the lead's analysis (edit_revision) ----------------------------------------


def keep_both(
    session: Session,
    review_id: int,
    kind: str,
    item_id: int,
    theirs: tuple[int, str, Mapping[str, Any], str, datetime],
    yours: tuple[int, str, Mapping[str, Any], str, datetime],
) -> None:
    """Both sides of a conflict over an item of the analysis into its history; each side is
    (version, text, every other part, who, when)."""
    for side, (version, words, detail, writer, when) in ((THEIRS, theirs), (YOURS, yours)):
        session.add(
            EditRevisionRow(
                review_id=review_id,
                kind=kind,
                item_id=item_id,
                version=version,
                side=side,
                text=words,
                detail=json.dumps(dict(detail), ensure_ascii=False, sort_keys=True),
                written_by=writer,
                written_at=when,
            )
        )


def history(session: Session, kind: str, item_id: int) -> list[EditRevision]:
    rows = session.scalars(
        select(EditRevisionRow)
        .where(EditRevisionRow.kind == kind, EditRevisionRow.item_id == item_id)
        .order_by(EditRevisionRow.id)
    ).all()
    return [
        EditRevision(r.version, r.side, r.text, r.detail, r.written_by, r.written_at) for r in rows
    ]


# --- one versioned save, described by what differs ----------------------------------------------


@dataclass(frozen=True)
class VersionedSave(Generic[_Conflict]):
    """What one kind of versioned item is; :func:`save_versioned` does the rest.

    - which row: ``model`` (a table with ``id``, ``version``, ``updated_by``, ``updated_at``)
      and ``key``, the columns and values that name the row (also given to a first row);
    - which values: ``columns``, the row's columns saved together (compared as a tuple);
      when the values live elsewhere (the briefing keeps a part's text in its own row),
      ``stored`` reads them and ``write`` puts them there after each save that lands, and
      ``columns`` may be empty (the row then only counts the versions);
    - where history goes: ``kept`` makes one side of a conflict as a row to add (side,
      version, values, who, when), and ``conflict`` the conflict put to the person (the stored
      row, the version yours was written over, your values);
    - who is told: ``told`` (at commit, on a server) once a save has landed.
    """

    model: type[Any]
    key: Mapping[str, Any]
    columns: tuple[str, ...]
    kept: Callable[[str, int, tuple[Any, ...], str, datetime], Any]
    conflict: Callable[[Any, int, tuple[Any, ...]], _Conflict]
    told: Callable[[Session, Any, str], None]
    stored: Callable[[Any], tuple[Any, ...]] | None = field(default=None)
    write: Callable[[Any, tuple[Any, ...]], None] | None = field(default=None)

    def query(self) -> Select[Any]:
        return select(self.model).filter_by(**self.key)

    def values_of(self, row: Any) -> tuple[Any, ...]:
        if self.stored is not None:
            return self.stored(row)
        return tuple(getattr(row, column) for column in self.columns)


def save_versioned(
    session: Session,
    spec: VersionedSave[_Conflict],
    yours: tuple[Any, ...],
    base: int | None,
    *,
    now: datetime,
    who: str,
) -> AnswerSaved | _Conflict:
    """Save ``yours`` inside the caller's transaction: the new version, or the conflict (both
    sides already added to the history; nothing overwritten). ``base`` None saves whatever is
    stored (imports, tools). Saving the very same values as stored is never a conflict."""
    values = dict(zip(spec.columns, yours, strict=True)) if spec.columns else {}
    row = locked(session, spec.query())
    if row is None:
        fresh = spec.model(**spec.key, **values, updated_at=now, version=1, updated_by=who)
        row = add_first(session, fresh, lambda: locked(session, spec.query()))
        if row is None:
            if spec.write is not None:
                spec.write(fresh, yours)
            spec.told(session, fresh, who)
            return AnswerSaved(now, 1)
    if is_stale(base, row):
        assert base is not None
        if spec.values_of(row) == tuple(yours):
            return AnswerSaved(now, row.version)  # they saved the very same: no conflict
        for side, version, kept, writer, when in (
            (THEIRS, row.version, spec.values_of(row), row.updated_by, row.updated_at),
            (YOURS, base, tuple(yours), who, now),
        ):
            session.add(spec.kept(side, version, kept, writer, when))
        return spec.conflict(row, base, tuple(yours))
    version = replace(session, row, values, now=now, who=who)
    if spec.write is not None:
        spec.write(row, yours)
    spec.told(session, row, who)
    return AnswerSaved(now, version)


def into_edit_revision(
    review_id: int, kind: str, item_id: int, detail: Mapping[str, Any]
) -> Callable[[str, int, tuple[Any, ...], str, datetime], EditRevisionRow]:
    """A :class:`VersionedSave`'s ``kept`` for an item of the lead's work whose one value is
    its text (None kept as ""): each side into ``edit_revision`` with ``detail`` as JSON."""

    def kept(
        side: str, version: int, values: tuple[Any, ...], writer: str, when: datetime
    ) -> EditRevisionRow:
        return EditRevisionRow(
            review_id=review_id,
            kind=kind,
            item_id=item_id,
            version=version,
            side=side,
            text=values[0] or "",
            detail=json.dumps(dict(detail), ensure_ascii=False, sort_keys=True),
            written_by=writer,
            written_at=when,
        )

    return kept
