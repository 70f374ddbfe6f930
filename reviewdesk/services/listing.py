"""The library's list: the reviews and each one's progress, read without the ORM.

What ``reviewdesk list`` and the app's first screen show. It reads through
:meth:`Store.reading <reviewdesk.store.engine.Store.reading>` and store/listing.py, in SQLAlchemy
Core alone, so that listing the library never imports the ORM nor maps the library's classes
(issue 20: a command's cost before its own work). The reviews' service
(:class:`~reviewdesk.services.reviews.ReviewService`) answers the same questions by asking this one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewdesk.store import listing

if TYPE_CHECKING:
    from reviewdesk.domain.progress import Progress
    from reviewdesk.domain.review import ReviewSummary
    from reviewdesk.store.engine import Store


class ListingService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def list_reviews(
        self, *, include_archived: bool = True, count_answers: bool = True
    ) -> list[ReviewSummary]:
        """The reviews in the library (never those in the Trash: see :meth:`trash`). Without
        ``count_answers``, quicker: progress says "counting" (read the list again to count)."""
        with self._store.reading() as conn:
            return listing.review_summaries(
                conn, include_archived=include_archived, count_answers=count_answers
            )

    def progress_by_review(self) -> dict[int, Progress]:
        """Each review's progress as :meth:`list_reviews` counts it (keyed by review id; those
        in the Trash left out): what a list read without ``count_answers`` left to count."""
        with self._store.reading() as conn:
            return listing.progress_by_review(conn)

    def trash(self) -> list[ReviewSummary]:
        """Reviews moved to the Trash, most recently deleted first."""
        with self._store.reading() as conn:
            return listing.review_summaries(conn, in_trash=True)
