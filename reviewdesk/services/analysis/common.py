"""What the review lead's services share: the review's checks, text limits, theme checks, the
audit entry, and the rule for deleting something that is cited elsewhere."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import Analysis
from reviewdesk.domain.errors import (
    EditConflictError,
    NotFoundError,
    StillCitedError,
    ValidationError,
)
from reviewdesk.domain.review import EditConflict
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis import versioned
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.reviews import live
from reviewdesk.store import analysis as store_analysis
from reviewdesk.store import notify, queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import ReviewRow, utcnow


class Where(TypedDict, total=False):
    """Where :meth:`AnalysisService._save` saves: a new item in a review, or an item changed."""

    review_id: int
    item_id: int


EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


class Deleted(StrEnum):
    """What a delete did: erased (nothing cited it), or kept as removed (something cites it)."""

    DELETED = "deleted"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class DeleteOutcome:
    what: Deleted
    cited_by: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        if self.what is Deleted.DELETED:
            return "Deleted."
        return (
            "Removed. It is kept, marked as removed, because "
            + and_list(self.cited_by)
            + (" cite" if len(self.cited_by) > 1 else " cites")
            + " it: the citing text still makes sense, and you can restore it."
        )


def and_list(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def new_uid() -> str:
    return str(uuid.uuid4())


class Problems:
    """Collects field problems; :meth:`raise_if_any` raises one readable ValidationError."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.found: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, message)

    def text(
        self, field: str, value: str, limit: int, label: str, *, required: bool = False
    ) -> str:
        value = value if isinstance(value, str) else ""
        if required and not value.strip():
            self.add(field, f"Please write {label}.")
        elif len(value) > limit:
            self.add(field, f"{label[0].upper()}{label[1:]} can be up to {limit:,} characters.")
        return value.strip() if limit <= 400 else value

    def when(self, field: str, value: date | None, label: str) -> None:
        if value is not None and not EARLIEST <= value <= LATEST:
            self.add(field, f"{label} should be between 1900 and 2100.")

    def raise_if_any(self) -> None:
        if self.found:
            raise ValidationError(
                f"{self.what} needs a little more before it can be saved: "
                + " ".join(self.found.values()),
                self.found,
            )


def check_themes(problems: Problems, review: ReviewRow, theme_ids: Iterable[str]) -> list[str]:
    known = [t.id for t in queries.framework_of(review).themes]
    chosen = list(dict.fromkeys(theme_ids))
    unknown = [t for t in chosen if t not in known]
    if unknown:
        problems.add("themes", f"This review has no theme called '{unknown[0]}'.")
    return [t for t in known if t in chosen]  # in the framework's order


class AnalysisService:
    """Base for the lead's services: a store, the audit trail and a clock."""

    def __init__(
        self,
        store: Store,
        audit: AuditService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock

    def analysis(self, review_id: int) -> Analysis:
        """The lead's whole analysis of a review (chronology, episodes, findings,
        recommendations, actions and citations, removed items marked), in one transaction."""
        with self._store.read() as session:
            return store_analysis.analysis_of(session, queries.get_review_row(session, review_id))

    def today(self) -> date:
        """Today where the person is (the injectable clock, in local time)."""
        return self._clock().astimezone().date()

    def _review(self, session: Session, review_id: int) -> ReviewRow:
        return live(queries.get_review_row(session, review_id))

    def _touch(self, review: ReviewRow) -> datetime:
        now = self._clock()
        review.updated_at = now
        return now

    def _log(self, session: Session, review: ReviewRow, action: str, **extra: Any) -> None:
        self._audit.record(session, action, review_what(review, **extra))

    def _get(self, session: Session, model: type, item_id: int, what: str) -> Any:
        row = session.get(model, item_id)
        if row is None:
            raise NotFoundError(f"That {what} is no longer in the review.")
        return row

    def _current(self, session: Session, model: Any, item_id: int, what: str, version: int) -> Any:
        """The item to delete; locked until commit on a server when the delete names the
        ``version`` it was asked over (a save at the same moment waits, then is compared:
        services/analysis/versioned.py's refuse_stale_delete)."""
        if not version:
            return self._get(session, model, item_id, what)
        row = edit_versions.locked(session, select(model).where(model.id == item_id))
        if row is None:
            raise NotFoundError(f"That {what} is no longer in the review.")
        return row

    def _save(
        self,
        model: type,
        kind: str,
        what: str,
        apply: Callable[[Session, ReviewRow, Any], None],
        read: Callable[[Session, ReviewRow, Any], Any],
        *,
        review_id: int | None = None,
        item_id: int | None = None,
        next_ref: Callable[[Session, int], str] | None = None,
        noun: str = "",
        spec: versioned.Spec | None = None,
        yours: Any = None,
    ) -> Any:
        """Add an item to a review (``review_id``) or change one (``item_id``) in one
        transaction: ``apply`` checks and copies the values onto the row, the audit trail
        records it (as ``kind.added`` or ``kind.edited``, naming the item by ``noun`` or
        ``kind`` and its reference or id), and ``read`` returns the read model.

        An item that carries a version (issue 22, point 5; ``spec`` says its parts) is changed
        over the version ``yours`` was made over (``yours.version``; 0: not checked): its row
        is locked while it is compared, and when someone else saved it since, both sides go
        into the history (:func:`versioned.stale`, the stored side read by ``read``) and
        nothing is overwritten; :class:`EditConflictError` is raised once that is committed
        (nothing at all when both wrote the very same). Others on a server are told of each
        save at commit."""
        base = (getattr(yours, "version", 0) or None) if spec is not None else None
        stale = versioned.stale(spec, yours, read, self._clock) if spec is not None else None
        conflict: EditConflict | None = None
        with self._store.write() as session:
            who = edit_versions.who_saves(session, self._audit.actor)
            if item_id is None:
                assert review_id is not None  # a new item names its review (Where)
                review = self._review(session, review_id)
                now = self._touch(review)
                row = model(uid=new_uid(), review_id=review.id, created_at=now, updated_at=now)
                if next_ref is not None:
                    row.ref = next_ref(session, review.id)
                if hasattr(model, "updated_by"):
                    row.version, row.updated_by = 1, who
                apply(session, review, row)
                session.add(row)
                action = "added"
            else:
                if base is not None:
                    row = edit_versions.locked(
                        session,
                        select(model).where(model.id == item_id),  # type: ignore[attr-defined]
                    )
                    if row is None:
                        raise NotFoundError(f"That {what} is no longer in the review.")
                else:
                    row = self._get(session, model, item_id, what)
                review = self._review(session, row.review_id)
                if stale is not None and edit_versions.is_stale(base, row):
                    assert base is not None
                    conflict = stale(session, review, row, base, who)
                    if conflict is None:  # the very same was saved: nothing to do
                        return read(session, review, row)
                    label = getattr(row, "ref", None) or row.id
                    self._log(session, review, f"{kind}.conflict", item=f"{noun or kind} {label}")
                else:
                    apply(session, review, row)
                    row.updated_at = self._touch(review)
                    if hasattr(model, "updated_by"):
                        row.version, row.updated_by = row.version + 1, who
                    action = "edited"
            if conflict is None:
                session.flush()
                label = getattr(row, "ref", None) or row.id
                self._log(session, review, f"{kind}.{action}", item=f"{noun or kind} {label}")
                notify.changed(
                    session,
                    review.id,
                    kind,
                    item=row.id,
                    version=getattr(row, "version", 0),
                    by=who,
                )
                return read(session, review, row)
        raise EditConflictError(
            f"Someone else changed this {what} while you were editing it. Nothing has been "
            "overwritten: both versions are kept, and you can choose what to keep.",
            conflict,
        )

    def _refuse_if_cited(self, what: str, cited_by: list[str], confirm: bool) -> None:
        if cited_by and not confirm:
            raise StillCitedError(
                f"{what} is cited by {and_list(cited_by)}. If you delete it, it will be kept "
                "and marked as removed, so that what cites it still makes sense. Please "
                "confirm to go ahead. Nothing has been changed.",
                tuple(cited_by),
            )
