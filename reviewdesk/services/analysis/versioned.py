"""Versioned saves for the rest of the lead's analysis (issue 22, point 5): key practice
episodes, recommendations, actions and decisions, as findings (services/analysis/findings.py).

Each kind says which of its parts is the main text (shown side by side in the edit-conflict
dialog) and what its other parts are. When an edit was made over an older version than the
stored one, :func:`stale` keeps both sides, every part, in the item's history
(``edit_revision``, services/edit_versions.py) and returns the conflict; the other parts that
differ are given in words beside each text (``theirs_detail`` / ``yours_detail``) so the lead
sees what else changed. A delete over an older version is refused the same way
(:func:`refuse_stale_delete`): nothing is deleted, and the person is told who changed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.review import EditConflict
from reviewdesk.services import edit_versions
from reviewdesk.store.tables import ReviewRow


@dataclass(frozen=True, slots=True)
class Spec:
    """What a kind of item is made of: its ``kind`` (as in edit_revision), its name in words,
    the main text's field, and its other parts, each with a label (in the order shown). Parts in
    ``loose`` are worked out by the service when not given (None in an edit: as stored)."""

    kind: str
    noun: str
    main: str
    parts: tuple[tuple[str, str], ...]
    loose: frozenset[str] = frozenset()

    def main_text(self, item: Any) -> str:
        return str(getattr(item, self.main) or "")

    def values(self, item: Any, stored: Any = None) -> dict[str, Any]:
        """Every other part, as kept in the history (JSON)."""
        out: dict[str, Any] = {}
        for name, _label in self.parts:
            value = getattr(item, name)
            if value is None and stored is not None and name in self.loose:
                value = getattr(stored, name)
            out[name] = _plain(value)
            if name.endswith("_ids"):  # links and themes: a set, whatever order the form holds
                out[name] = sorted(out[name])
        return out

    def in_words(self, item: Any, values: Mapping[str, Any], other: Mapping[str, Any]) -> str:
        """The parts of ``item`` (as ``values``) that differ from ``other``, one per line, as a
        person reads them ("" when none)."""
        return "\n".join(
            f"{label}: {_words(getattr(item, name), values[name])}"
            for name, label in self.parts
            if values[name] != other[name]
        )


def _plain(value: Any) -> Any:
    if isinstance(value, str):  # a StrEnum too: its value
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Iterable):
        return [_plain(v) for v in value]
    return value


def _words(value: Any, plain: Any) -> str:
    """A part in words: a choice by its label, a date as a UK reader writes it; a link to other
    items (their ids) only as "not the same" (both are in the history)."""
    if plain is None or plain == "" or plain == []:
        return "(none)"
    ids = plain if isinstance(plain, list) else [plain]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in ids):
        return "not the same in the two versions"
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, date):
        return date_label(value)
    if isinstance(plain, list):
        return "; ".join(_words(v, _plain(v)) for v in value)
    return str(value)


EPISODE = Spec(
    "episode",
    "key practice episode",
    "what_happened",
    (
        ("title", "Title"),
        ("start", "Start"),
        ("end", "End"),
        ("what_was_known", "What was known"),
        ("what_was_done", "What was done"),
        ("contributory_factors", "Contributory factors"),
        ("theme_ids", "Themes"),
        ("entry_ids", "Chronology entries"),
    ),
)
RECOMMENDATION = Spec(
    "recommendation",
    "recommendation",
    "text",
    (
        ("owner_partner", "Owned by"),
        ("response", "The partners' response"),
        ("response_on", "Date of the response"),
        ("response_text", "The response"),
        ("finding_ids", "Findings"),
    ),
)
ACTION = Spec(
    "action",
    "action",
    "description",
    (
        ("recommendation_id", "Recommendation"),
        ("owner_agency", "Owner's agency"),
        ("owner_role", "Owner's role"),
        ("due", "Due"),
        ("status", "Status"),
        ("how_we_will_know", "How we will know"),
        ("impact_evidence", "Impact evidence"),
        ("impact_recorded_on", "Impact recorded on"),
        ("completed_on", "Completed on"),
    ),
    loose=frozenset({"impact_recorded_on", "completed_on"}),
)
DECISION = Spec(
    "decision",
    "decision",
    "reasons",
    (
        ("kind", "Kind"),
        ("decided_on", "Date"),
        ("outcome", "Outcome"),
        ("summary", "In a line"),
        ("partners", "Taken by the partners"),
        ("taken_by", "Who, by role"),
        ("panel_response", "The Panel's response"),
        ("panel_response_on", "Date of the Panel's response"),
        ("panel_comments", "The Panel's comments"),
    ),
)


def stale(
    spec: Spec,
    yours: Any,
    stored_of: Callable[[Session, ReviewRow, Any], Any],
    clock: Callable[[], datetime],
) -> Callable[[Session, ReviewRow, Any, int, str], EditConflict | None]:
    """The ``stale`` step of AnalysisService._save for an item of ``spec``'s kind: someone
    else saved it after ``base``; both versions, every part, go into its history."""

    def step(
        session: Session, review: ReviewRow, row: Any, base: int, who: str
    ) -> EditConflict | None:
        stored = stored_of(session, review, row)
        theirs_parts, yours_parts = spec.values(stored), spec.values(yours, stored)
        theirs_text, yours_text = spec.main_text(stored), spec.main_text(yours)
        if (theirs_text, theirs_parts) == (yours_text, yours_parts):
            return None  # they saved the very same
        edit_versions.keep_both(
            session,
            review.id,
            spec.kind,
            row.id,
            (row.version, theirs_text, theirs_parts, row.updated_by, row.updated_at),
            (base, yours_text, yours_parts, who, clock()),
        )
        return EditConflict(
            kind=spec.kind,
            item=(row.id,),
            theirs=theirs_text,
            theirs_detail=spec.in_words(stored, theirs_parts, yours_parts),
            their_version=row.version,
            by=row.updated_by,
            at=row.updated_at,
            yours=yours_text,
            yours_detail=spec.in_words(yours, yours_parts, theirs_parts),
            your_base=base,
        )

    return step


def refuse_stale_delete(spec: Spec, row: Any, base: int, stored: Any) -> None:
    """A delete asked for over version ``base`` of an item someone else has changed since:
    nothing is deleted (their change is kept), and the person is told who changed it and when,
    to look at it before deleting. ``base`` 0 deletes whatever is stored (tools, imports)."""
    if not edit_versions.is_stale(base or None, row):
        return
    who = row.updated_by or "Someone else"
    at = row.updated_at.replace(tzinfo=row.updated_at.tzinfo or UTC).astimezone()
    text = spec.main_text(stored)
    raise EditConflictError(
        f"{who} changed this {spec.noun} at {at:%H:%M} while you had it open, so it has not "
        "been deleted: their change is kept. Please look at it, and delete it again if it "
        "should still go.",
        EditConflict(
            kind=spec.kind,
            item=(row.id,),
            theirs=text,
            theirs_detail="",
            their_version=row.version,
            by=row.updated_by,
            at=row.updated_at,
            yours="",
            yours_detail="",
            your_base=base,
        ),
    )
