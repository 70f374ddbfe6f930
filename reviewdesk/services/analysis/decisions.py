"""The decision log (issue 18, point 2): each statutory decision on a review and the Panel's
response, added, changed and deleted in one transaction each, recorded in the audit trail (by
id, never the words). The rules are reviewdesk/domain/decisions.py."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.decisions import (
    Decision,
    DecisionKind,
    Outcome,
    PanelResponse,
    Partner,
    decision_problems,
)
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import EditRevision
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis import versioned
from reviewdesk.services.analysis.common import (
    EARLIEST,
    LATEST,
    AnalysisService,
    Deleted,
    DeleteOutcome,
    Where,
)
from reviewdesk.store import notify, queries
from reviewdesk.store.tables import DecisionRow, ReviewRow


class DecisionService(AnalysisService):
    def decisions(self, review_id: int) -> list[Decision]:
        """The review's decisions, oldest first."""
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            rows = session.scalars(
                select(DecisionRow)
                .where(DecisionRow.review_id == review.id)
                .order_by(DecisionRow.decided_on, DecisionRow.id)
            ).all()
            return [decision_of(r) for r in rows]

    def add_decision(self, review_id: int, decision: Decision) -> Decision:
        return self._save_decision(decision, review_id=review_id)

    def edit_decision(self, decision_id: int, decision: Decision) -> Decision:
        """Change a decision, versioned as a finding (issue 22, point 5): an edit made over an
        older version (``decision.version``) overwrites nothing, both versions are kept in
        :meth:`decision_history`, and :class:`EditConflictError` carries the conflict (kind
        'decision'; the main text is the reasons). Version 0 saves whatever is stored."""
        return self._save_decision(decision, item_id=decision_id)

    def decision_history(self, decision_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of a decision, oldest first: ``text`` the
        reasons, ``detail`` the other parts as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, "decision", decision_id)

    def delete_decision(self, decision_id: int, *, version: int = 0) -> DeleteOutcome:
        """``version``: the one the person saw; when someone else has changed the decision
        since, nothing is deleted and :class:`EditConflictError` says who changed it."""
        with self._store.write() as session:
            row = self._current(session, DecisionRow, decision_id, "decision", version)
            versioned.refuse_stale_delete(versioned.DECISION, row, version, decision_of(row))
            review = self._review(session, row.review_id)
            self._touch(review)
            session.delete(row)
            self._log(session, review, "decision.deleted", item=f"decision {decision_id}")
            notify.changed(session, review.id, "decision", item=decision_id, deleted=True)
            return DeleteOutcome(Deleted.DELETED)

    def _save_decision(self, decision: Decision, **where: Unpack[Where]) -> Decision:
        return self._save(
            DecisionRow,
            "decision",
            "decision",
            lambda s, review, row: _apply(s, review, row, decision),
            lambda _s, _review, row: decision_of(row),
            spec=versioned.DECISION,
            yours=decision,
            **where,
        )


def _normal(d: Decision) -> Decision:
    """The same decision with its choices as the domain's enums (callers may pass their values)."""
    try:
        return replace(
            d,
            kind=DecisionKind(d.kind),
            outcome=Outcome(d.outcome) if d.outcome else None,
            partners=tuple(Partner(p) for p in d.partners),
            panel_response=PanelResponse(d.panel_response or ""),
        )
    except ValueError:
        raise ValidationError(
            "This decision has a choice ReviewDesk does not know. Please choose again from the "
            "lists."
        ) from None


def _apply(_session: Session, _review: ReviewRow, row: DecisionRow, d: Decision) -> None:
    d = _normal(d)
    found = decision_problems(d)
    for field, day in (("decided_on", d.decided_on), ("panel_response_on", d.panel_response_on)):
        if day is not None and not EARLIEST <= day <= LATEST:
            found.setdefault(field, "Dates should be between 1900 and 2100.")
    if found:
        raise ValidationError(
            "This decision needs a little more before it can be saved: "
            + " ".join(dict.fromkeys(found.values())),
            found,
        )
    assert d.decided_on is not None
    row.kind = DecisionKind(d.kind).value
    row.decided_on = d.decided_on
    row.outcome = d.outcome.value if d.outcome is not None else ""
    row.summary = " ".join(d.summary.split())
    row.reasons = d.reasons.strip()
    row.partners = json.dumps([p.value for p in Partner if p in set(d.partners)])
    row.taken_by = " ".join(d.taken_by.split())
    row.panel_response = PanelResponse(d.panel_response).value
    row.panel_response_on = d.panel_response_on
    row.panel_comments = d.panel_comments.strip()


def decision_of(row: DecisionRow) -> Decision:
    return Decision(
        kind=DecisionKind(row.kind),
        decided_on=row.decided_on,
        outcome=Outcome(row.outcome) if row.outcome else None,
        summary=row.summary,
        reasons=row.reasons,
        partners=tuple(Partner(p) for p in json.loads(row.partners or "[]")),
        taken_by=row.taken_by,
        panel_response=PanelResponse(row.panel_response),
        panel_response_on=row.panel_response_on,
        panel_comments=row.panel_comments,
        id=row.id,
        uid=row.uid,
        version=row.version,
    )
