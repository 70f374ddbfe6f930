"""Retention: when each review's keeping should be looked at again, which reviews are due, and the
deletion log of what was deleted for good and when (never the content).

The deletion log is written by a hook inside :meth:`ReviewService.purge`'s transaction, so a
review is never erased without its line in the log, and the log never outlives a purge that was
rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.review import ReviewSummary
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.reviews import ReviewService, live
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import DeletionLogRow, RetentionRow, ReviewRow, utcnow

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class RetentionItem:
    review: ReviewSummary
    review_on: date | None  # None: no date set yet

    def due(self, today: date) -> bool:
        return self.review_on is not None and self.review_on <= today


@dataclass(frozen=True, slots=True)
class DeletionRecord:
    at: datetime
    who: str
    reference: str
    review_uid: str
    created_at: datetime
    contributors: int
    answers: int
    reason: str


class RetentionService:
    def __init__(
        self,
        store: Store,
        reviews: ReviewService,
        audit: AuditService,
        clock: Clock = utcnow,
    ) -> None:
        self._store = store
        self._reviews = reviews
        self._audit = audit
        self._clock = clock
        reviews.purge_hooks.append(self._log_deletion)

    def today(self) -> date:
        return self._clock().astimezone().date()

    # --- review dates -------------------------------------------------------------------------

    def set_review_date(self, review_id: int, review_on: date | None) -> RetentionItem:
        """Set (or with None, clear) the date a review's retention is next looked at."""
        with self._store.write() as session:
            row = live(queries.get_review_row(session, review_id))
            current = session.get(RetentionRow, review_id)
            if review_on is None:
                if current is not None:
                    session.delete(current)
            elif current is None:
                session.add(
                    RetentionRow(review_id=review_id, review_on=review_on, set_at=self._clock())
                )
            else:
                current.review_on, current.set_at = review_on, self._clock()
            session.flush()
            self._audit.record(
                session,
                "retention.set",
                review_what(row, review_on=review_on.isoformat() if review_on else None),
            )
            return RetentionItem(queries.review_summary(session, row), review_on)

    def items(self) -> list[RetentionItem]:
        """Every review in the library (not the Trash) with its review date, soonest first;
        reviews with no date come last."""
        with self._store.read() as session:
            rows = session.execute(select(RetentionRow.review_id, RetentionRow.review_on)).all()
            dates: dict[int, date] = {review_id: on for review_id, on in rows}
        found = [RetentionItem(r, dates.get(r.id)) for r in self._reviews.list_reviews()]
        return sorted(found, key=lambda i: (i.review_on is None, i.review_on or date.max))

    def due(self, today: date | None = None) -> list[RetentionItem]:
        """Reviews whose retention review date has come (today by the service's clock)."""
        today = today or self.today()
        return [i for i in self.items() if i.due(today)]

    def review_date(self, review_id: int) -> date | None:
        with self._store.read() as session:
            row = session.get(RetentionRow, review_id)
            return None if row is None else row.review_on

    # --- the deletion log ---------------------------------------------------------------------

    def _log_deletion(self, session: Session, review_id: int) -> None:
        row = session.get(ReviewRow, review_id)
        if row is None:  # pragma: no cover - purge has just read it
            return
        counts = queries.review_counts(session, review_id)
        session.add(
            DeletionLogRow(
                at=self._clock(),
                who=self._audit.actor(session),
                reference=row.reference,
                review_uid=row.uid,
                created_at=row.created_at,
                contributors=counts["contributors"],
                answers=counts["answers"],
                reason="deleted for good from the Trash",
            )
        )

    def deletion_log(self) -> list[DeletionRecord]:
        """What was deleted for good, newest first."""
        with self._store.read() as session:
            rows = session.scalars(
                select(DeletionLogRow).order_by(DeletionLogRow.at.desc(), DeletionLogRow.id.desc())
            )
            return [
                DeletionRecord(
                    r.at,
                    r.who,
                    r.reference,
                    r.review_uid,
                    r.created_at,
                    r.contributors,
                    r.answers,
                    r.reason,
                )
                for r in rows
            ]
