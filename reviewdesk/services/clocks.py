"""The working-day clocks across the library (issue 18): each review's outstanding steps, its
next one, and what is due or overdue across reviews.

Four reads whatever the number of reviews (the reviews, the packs with a return-by date, the
actions with a due date, the rapid review outcomes in the decision log); the arithmetic is
reviewdesk/domain/clocks.py. Archived reviews and reviews in the Trash have no clocks in the
cross-review lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import exists, select

from reviewdesk.domain.clocks import (
    STEP_ORDER,
    ActionClock,
    ClockFacts,
    DueStep,
    PackClock,
    WorkingCalendar,
    due_steps,
    next_due,
)
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.services.settings import SettingsService
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import (
    ActionRow,
    ContributionRow,
    ContributorRow,
    DecisionRow,
    ImpactRow,
    PackSentRow,
    ReviewRow,
)

COMPLETE = "complete"


class ClockService:
    def __init__(
        self, store: Store, settings: SettingsService, *, today: Callable[[], date]
    ) -> None:
        self._store = store
        self._settings = settings
        self._today = today
        self._calendar: WorkingCalendar | None = None

    def today(self) -> date:
        return self._today()

    def calendar(self) -> WorkingCalendar:
        """England and Wales bank holidays and the partnership's closure days.

        Raises ReviewDeskError (shown as it is; the library still opens) if the bank holidays
        cannot be loaded, e.g. from an installation that is missing part of itself."""
        try:
            closures = frozenset(self._settings.closure_days())
            if self._calendar is not None and self._calendar.closures == closures:
                return self._calendar  # it keeps each year's days off once worked out
            cal = WorkingCalendar.england_and_wales(closures)
            cal.is_working_day(self._today())  # loads this year's holidays now
        except ReviewDeskError:
            raise
        except Exception as exc:  # an ImportError or a missing data file in a broken install
            raise ReviewDeskError(
                "The England and Wales bank holidays could not be loaded, so the working-day "
                f"clocks cannot be worked out ({type(exc).__name__}). Reinstalling ReviewDesk "
                "should put this right."
            ) from exc
        self._calendar = cal
        return cal

    def _facts(self, review_id: int | None = None) -> list[ClockFacts]:
        with self._store.read() as session:
            # only the columns the clocks need (not each review's frozen framework)
            reviews = select(
                ReviewRow.id,
                ReviewRow.reference,
                ReviewRow.title,
                ReviewRow.review_type,
                ReviewRow.status,
                ReviewRow.incident_date,
                ReviewRow.notification_date,
                ReviewRow.rapid_review_date,
                ReviewRow.decision_date,
                ReviewRow.publication_date,
            )
            if review_id is None:
                current = (ReviewRow.archived_at.is_(None), ReviewRow.deleted_at.is_(None))
                reviews = reviews.where(*current)
                # The other reads name the reviews by this query, not by a list of their ids:
                # 8,662 bound parameters, each coerced by SQLAlchemy and parsed by the database,
                # three times over, were a fifth of the library's due steps (issue 20).
                ids: Any = select(ReviewRow.id).where(*current)
            else:
                queries.get_review_row(session, review_id)  # NotFoundError if it is not there
                reviews = reviews.where(ReviewRow.id == review_id)
                ids = [review_id]
            # Run as Core statements on the session's connection: the ORM's handling of each
            # row was a tenth of this read at 10,000 reviews, for plain columns (issue 20).
            run = session.connection().execute
            rows = run(reviews.order_by(ReviewRow.reference)).all()
            packs: dict[int, list[PackClock]] = defaultdict(list)
            returned = exists().where(ContributionRow.pack_id == PackSentRow.id)
            for rid, return_by, name, came_back in run(
                select(PackSentRow.review_id, PackSentRow.return_by, ContributorRow.name, returned)
                .join(ContributorRow, ContributorRow.id == PackSentRow.contributor_id)
                .where(PackSentRow.review_id.in_(ids), PackSentRow.return_by.is_not(None))
                .order_by(PackSentRow.id)
            ).all():  # one fetch, not a call per row
                if return_by is not None:  # (the query asks for these only)
                    packs[rid].append(PackClock(name, return_by, bool(came_back)))
            actions: dict[int, list[ActionClock]] = defaultdict(list)
            outcomes: dict[int, tuple[str, date]] = {}
            for rid, outcome, decided in run(
                select(DecisionRow.review_id, DecisionRow.outcome, DecisionRow.decided_on)
                .where(DecisionRow.review_id.in_(ids), DecisionRow.kind == "rapid_review")
                .order_by(DecisionRow.decided_on, DecisionRow.id)
            ).all():  # one fetch, not a call per row
                outcomes[rid] = (outcome, decided)  # the latest one stands
            logged = (
                select(ImpactRow.id).where(ImpactRow.action_id == ActionRow.id).exists()
            )  # an entry in the action's impact log
            for rid, description, due, status, evidence, has_log in run(
                select(
                    ActionRow.review_id,
                    ActionRow.description,
                    ActionRow.due_on,
                    ActionRow.status,
                    ActionRow.impact_evidence,
                    logged,
                )
                .where(ActionRow.review_id.in_(ids), ActionRow.due_on.is_not(None))
                .order_by(ActionRow.id)
            ).all():  # one fetch, not a call per row
                if due is not None:  # (the query asks for these only)
                    # any evidence that is more than white space: what bool(evidence.strip())
                    # says, without copying each action's evidence (27,000 at 10,000 reviews)
                    impact = bool(has_log) or bool(evidence and not evidence.isspace())
                    actions[rid].append(ActionClock(description, due, status == COMPLETE, impact))
            none: tuple[str, date | None] = ("", None)
            # by position (the columns' order above): quicker than by name, 10,000 times
            return [
                ClockFacts(
                    rid,
                    reference,
                    title,
                    review_type,
                    status,
                    incident,
                    notification,
                    rapid_review,
                    decision,
                    publication,
                    tuple(packs.get(rid, ())),
                    tuple(actions.get(rid, ())),
                    *outcomes.get(rid, none),
                )
                for (
                    rid,
                    reference,
                    title,
                    review_type,
                    status,
                    incident,
                    notification,
                    rapid_review,
                    decision,
                    publication,
                ) in rows
            ]

    def _steps(self, facts: list[ClockFacts]) -> list[DueStep]:
        cal, today = self.calendar(), self._today()
        months = self._settings.final_report_months()
        steps: list[DueStep] = []
        for f in facts:
            steps.extend(due_steps(f, cal, today, final_report_months=months))
        steps.sort(key=STEP_ORDER)
        return steps

    def for_review(self, review_id: int) -> list[DueStep]:
        """One review's outstanding steps, soonest first (archived reviews too)."""
        return self._steps(self._facts(review_id))

    def due(self, within: int | None = None) -> list[DueStep]:
        """Outstanding steps across the library's current reviews, soonest first; ``within``:
        only those overdue or due within that many working days."""
        steps = self._steps(self._facts())
        if within is not None:
            steps = [s for s in steps if s.overdue or s.working_days_left <= within]
        return steps

    def next_due_by_review(self) -> dict[int, DueStep]:
        """Each current review's next step (reviews with none are left out): the library's
        "Next due" column, read once for the whole table."""
        by_review: dict[int, list[DueStep]] = defaultdict(list)
        for step in self.due():
            by_review[step.review_id].append(step)
        return {rid: first for rid, steps in by_review.items() if (first := next_due(steps))}
