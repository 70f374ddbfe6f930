"""The action plan: what the partnership will do about each recommendation, who owns it, by
when, how we will know it worked, and the evidence of impact recorded later."""

from __future__ import annotations

from datetime import date
from typing import Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import MAX_AGENCY, MAX_SHORT, MAX_WHAT, Action, ActionStatus
from reviewdesk.domain.errors import NotFoundError
from reviewdesk.domain.review import EditRevision
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis import versioned
from reviewdesk.services.analysis.common import (
    AnalysisService,
    Deleted,
    DeleteOutcome,
    Problems,
    Where,
)
from reviewdesk.store import analysis as store_analysis
from reviewdesk.store import notify, queries
from reviewdesk.store.tables import ActionRow, RecommendationRow, ReviewRow


class ActionPlanService(AnalysisService):
    def actions(self, review_id: int, *, overdue_only: bool = False) -> list[Action]:
        """The action plan by due date (those without one last)."""
        with self._store.read() as session:
            actions = store_analysis.analysis_of(
                session, queries.get_review_row(session, review_id)
            ).actions
        today = self.today()
        return [a for a in actions if not overdue_only or a.is_overdue(today)]

    def overdue(self, review_id: int) -> list[Action]:
        """Actions past their due date and not complete (today by the service's clock)."""
        return self.actions(review_id, overdue_only=True)

    def add_action(self, review_id: int, action: Action) -> Action:
        return self._save_action(action, review_id=review_id)

    def edit_action(self, action_id: int, action: Action) -> Action:
        """Change an action, versioned as a finding (issue 22, point 5): an edit made over an
        older version (``action.version``) than the stored one overwrites nothing, both
        versions are kept in :meth:`action_history`, and :class:`EditConflictError` carries the
        conflict (kind 'action'; the main text is the description). Version 0 saves whatever
        is stored."""
        return self._save_action(action, item_id=action_id)

    def action_history(self, action_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of an action, oldest first: ``text`` the
        description, ``detail`` the other parts as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, "action", action_id)

    def _save_action(self, action: Action, **where: Unpack[Where]) -> Action:
        return self._save(
            ActionRow,
            "action",
            "action",
            lambda s, review, row: self._apply(s, review, row, action),
            lambda s, _review, row: self._action_of(s, row),
            spec=versioned.ACTION,
            yours=action,
            **where,
        )

    def delete_action(self, action_id: int, *, version: int = 0) -> DeleteOutcome:
        """Nothing cites an action, so it is erased (the audit trail records that it was).
        ``version``: the one the person saw; when someone else has changed the action since,
        nothing is deleted and :class:`EditConflictError` says who changed it."""
        with self._store.write() as session:
            row = self._current(session, ActionRow, action_id, "action", version)
            if version:
                versioned.refuse_stale_delete(
                    versioned.ACTION, row, version, self._action_of(session, row)
                )
            review = self._review(session, row.review_id)
            self._touch(review)
            session.delete(row)
            self._log(session, review, "action.deleted", item=f"action {action_id}")
            notify.changed(session, review.id, "action", item=action_id, deleted=True)
            return DeleteOutcome(Deleted.DELETED)

    # --- helpers ------------------------------------------------------------------------------

    def _apply(self, session: Session, review: ReviewRow, row: ActionRow, action: Action) -> None:
        p = Problems("This action")
        description = p.text(
            "description", action.description, MAX_WHAT, "the action", required=True
        )
        agency = p.text("owner_agency", action.owner_agency, MAX_AGENCY, "the owner's agency")
        role = p.text("owner_role", action.owner_role, MAX_SHORT, "the owner's role")
        know = p.text("how_we_will_know", action.how_we_will_know, MAX_WHAT, "how we will know")
        impact = p.text("impact_evidence", action.impact_evidence, MAX_WHAT, "the impact evidence")
        p.when("due", action.due, "The due date")
        p.when("impact_recorded_on", action.impact_recorded_on, "The date impact was recorded")
        p.when("completed_on", action.completed_on, "The date it was completed")
        try:
            status = ActionStatus(action.status)
        except ValueError:
            p.add("status", "Please choose not started, in progress or complete.")
            status = ActionStatus.NOT_STARTED
        p.raise_if_any()
        if action.recommendation_id is not None:
            found = session.scalar(
                select(RecommendationRow.id).where(
                    RecommendationRow.id == action.recommendation_id,
                    RecommendationRow.review_id == review.id,
                )
            )
            if found is None:
                raise NotFoundError("That recommendation is no longer part of this review.")
        row.recommendation_id = action.recommendation_id
        row.description, row.owner_agency, row.owner_role = description, agency, role
        row.completed_on = self._completed_on(row, status, action.completed_on)
        row.due_on, row.status = action.due, status.value
        row.how_we_will_know, row.impact_evidence = know, impact
        recorded = action.impact_recorded_on
        if impact.strip() and recorded is None:
            recorded = row.impact_recorded_on or self.today()
        row.impact_recorded_on = recorded if impact.strip() else None

    def _completed_on(
        self, row: ActionRow, status: ActionStatus, given: date | None
    ) -> date | None:
        """The day the action was marked complete: the lead's date when given, else the day
        already stored for an action that stays complete, else today (marked complete now);
        none once it is reopened."""
        if status is not ActionStatus.COMPLETE:
            return None
        if given is not None:
            return given
        if row.status == ActionStatus.COMPLETE.value and row.completed_on is not None:
            return row.completed_on
        return self.today()

    def _action_of(self, session: Session, row: ActionRow) -> Action:
        ref = ""
        if row.recommendation_id is not None:
            rec = session.get(RecommendationRow, row.recommendation_id)
            ref = rec.ref if rec is not None else ""
        return store_analysis.action_of(row, {row.recommendation_id or 0: ref})
