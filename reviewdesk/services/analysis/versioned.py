"""Versioned saves for the rest of the lead's work (issue 22, point 5), as for findings
(services/analysis/findings.py): key practice episodes, recommendations, actions, decisions,
chronology entries, the terms of reference, the family involvement log, parallel processes, an
action's impact log and the case record for analysis.

Each kind is a :class:`Spec`: which part is the main text (shown side by side in the
edit-conflict dialog) and what its other parts are, each with a label. When an edit was made
over an older version than the stored one, :func:`stale` (or :func:`conflict_over`, for the
services that do not save through AnalysisService._save) keeps both sides, every part, in the
item's history (``edit_revision``, services/edit_versions.py) and returns the conflict; the
other parts that differ are given in words beside each text (``theirs_detail`` /
``yours_detail``) so the lead sees what else changed. A delete over an older version is refused
the same way (:func:`refuse_stale_delete`): nothing is deleted, and the person is told who
changed it. Every service names the version a delete was asked over ``version`` (0: not
checked, as tools and imports do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import DatePrecision, date_label
from reviewdesk.domain.casefile import CHILD_FIELDS, FIELD_LABELS, CaseDetails, value_label
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.review import EditConflict
from reviewdesk.services import edit_versions
from reviewdesk.store.tables import ReviewRow

# Someone else saved an item since the version an edit was made over: keep both sides in the
# history and return the conflict, or None when both wrote the very same (session, review, the
# locked row, the edit's base version, who saves).
Stale = Callable[[Session, ReviewRow, Any, int, str], EditConflict | None]


@dataclass(frozen=True, slots=True)
class Spec:
    """What a kind of item is made of: its ``kind`` (as in edit_revision), its name in words,
    the main text (a field, or for the case record a function giving the record in words), and
    its other parts, each with a label (in the order shown).

    Parts in ``loose`` are worked out by the service when not given (None in an edit: as
    stored); parts in ``one_line`` are kept with their spaces tidied, as they are saved (every
    text part is kept trimmed). ``kept`` gives the parts that are not plain fields (a finding's
    evidence links; the whole case record, whose main text says it all): kept in the history,
    not listed in words."""

    kind: str
    noun: str
    main: str | Callable[[Any], str]
    parts: tuple[tuple[str, str], ...] = ()
    loose: frozenset[str] = frozenset()
    one_line: frozenset[str] = frozenset()
    kept: Callable[[Any], dict[str, Any]] | None = None

    def main_text(self, item: Any) -> str:
        if callable(self.main):
            return self.main(item)
        return str(getattr(item, self.main) or "").strip()

    def values(self, item: Any, stored: Any = None) -> dict[str, Any]:
        """Every other part, as kept in the history (JSON)."""
        out: dict[str, Any] = self.kept(item) if self.kept is not None else {}
        for name, _label in self.parts:
            value = getattr(item, name)
            if value is None and stored is not None and name in self.loose:
                value = getattr(stored, name)
            out[name] = _plain(value, name in self.one_line)
            if name.endswith("_ids"):  # links and themes: a set, whatever order the form holds
                out[name] = sorted(out[name])
        return out

    def in_words(self, item: Any, values: Mapping[str, Any], other: Mapping[str, Any]) -> str:
        """The parts of ``item`` (as ``values``) that differ from ``other``, one per line, as a
        person reads them ("" when none)."""
        return "\n".join(
            f"{label}: {_words(getattr(item, name), values[name], item)}"
            for name, label in self.parts
            if values[name] != other[name]
        )


def _plain(value: Any, one_line: bool = False) -> Any:
    if isinstance(value, str):  # a StrEnum too: its value
        return " ".join(value.split()) if one_line else str(value).strip()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Iterable):
        plain = [_plain(v, one_line) for v in value]
        return [v for v in plain if v != ""]  # a list of lines: the empty ones are not kept
    return value


def _words(value: Any, plain: Any, item: Any = None) -> str:
    """A part in words: a choice by its label, a date as a UK reader writes it (to the month or
    year when that is all the item knows: a chronology entry's ``precision``), yes or no; a
    link to other items (their ids) only as "not the same" (both are in the history)."""
    if plain is None or plain == "" or plain == []:
        return "(none)"
    if isinstance(plain, bool):
        return "yes" if plain else "no"
    ids = plain if isinstance(plain, list) else [plain]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in ids):
        return "not the same in the two versions"
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, date):
        precision = getattr(item, "precision", None)
        return (
            date_label(value, precision)
            if isinstance(precision, DatePrecision)
            else date_label(value)
        )
    if isinstance(plain, list):
        return "; ".join(_words(v, _plain(v)) for v in value if _plain(v) != "")
    return str(plain)


def _choice(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def case_in_words(d: CaseDetails) -> str:
    """The case record for analysis has no free text: the "text" shown side by side is the
    record in words, one line each for the incident, the harm type and each child."""
    lines = [
        f"{FIELD_LABELS['incident']}: {value_label(d.incident)}",
        f"{FIELD_LABELS['harm_type']}: {value_label(d.harm_type)}",
    ]
    for c in d.children:
        if not c.is_empty:
            said = [
                f"{FIELD_LABELS[name]}: {value_label(getattr(c, name))}"
                for name in CHILD_FIELDS
                if getattr(c, name)
            ]
            lines.append(f"{c.pseudonym.strip()}: " + "; ".join(said))
    return "\n".join(lines)


def _case_values(d: CaseDetails) -> dict[str, Any]:
    return {
        "incident": _choice(d.incident),
        "harm_type": _choice(d.harm_type),
        "children": [
            {"pseudonym": c.pseudonym.strip()}
            | {name: _choice(getattr(c, name)) for name in CHILD_FIELDS}
            for c in d.children
            if not c.is_empty
        ],
    }


def _finding_links(finding: Any) -> dict[str, Any]:
    """What a finding rests on, as kept in its history: [kind, item id, prompt id] each."""
    links = [[str(link.kind), link.target_id, link.prompt_id or ""] for link in finding.links]
    return {"links": sorted(links)}


FINDING = Spec(
    "finding",
    "finding",
    "statement",
    (
        ("kind", "Kind"),
        ("question", "The question it raises"),
        ("pattern_evidence", "How we know it is a pattern"),
        ("theme_ids", "Themes"),
    ),
    kept=_finding_links,
)
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
ENTRY = Spec(
    "entry",
    "chronology entry",
    "what_happened",
    (
        ("when", "Date"),
        ("precision", "How exact the date is"),
        ("agency", "Agency"),
        ("source", "Source"),
        ("significant", "Significant"),
        ("positive_practice", "Positive practice"),
        ("theme_ids", "Themes"),
    ),
    one_line=frozenset({"agency"}),
)
TERMS = Spec(
    "terms",
    "terms of reference",
    "terms",
    (("lines_of_enquiry", "Key lines of enquiry"), ("agreed_on", "Agreed on")),
    one_line=frozenset({"lines_of_enquiry"}),
)
FAMILY = Spec(
    "family",
    "family involvement entry",
    "views",
    (
        ("person", "Who"),
        ("invited_on", "Invited on"),
        ("how", "How they took part"),
        ("contributed_on", "Took part on"),
        ("notes", "Notes"),
    ),
    one_line=frozenset({"person"}),
)
PROCESS = Spec(
    "process",
    "parallel process",
    "notes",
    (
        ("kind", "Kind"),
        ("led_by", "Led by"),
        ("started_on", "Started on"),
        ("next_on", "Next key date"),
        ("next_what", "What happens then"),
        ("concluded_on", "Concluded on"),
    ),
    one_line=frozenset({"led_by", "next_what"}),
)
IMPACT = Spec(
    "impact",
    "evidence of impact",
    "evidence",
    (("recorded_on", "Found on"), ("kind", "Where it came from")),
)
CASE = Spec("case", "case record for analysis", case_in_words, kept=_case_values)


def conflict_over(
    spec: Spec,
    session: Session,
    review_id: int,
    item_id: int,
    row: Any,
    stored: Any,
    yours: Any,
    base: int,
    who: str,
    now: datetime,
) -> EditConflict | None:
    """Someone else saved the item (``row``, locked; ``stored`` as read) after ``base``: both
    versions, every part, into its history and the conflict to put to the person, or None when
    both wrote the very same."""
    theirs_parts, yours_parts = spec.values(stored), spec.values(yours, stored)
    theirs_text, yours_text = spec.main_text(stored), spec.main_text(yours)
    if (theirs_text, theirs_parts) == (yours_text, yours_parts):
        return None  # they saved the very same
    edit_versions.keep_both(
        session,
        review_id,
        spec.kind,
        item_id,
        (row.version, theirs_text, theirs_parts, row.updated_by, row.updated_at),
        (base, yours_text, yours_parts, who, now),
    )
    return EditConflict(
        kind=spec.kind,
        item=(item_id,),
        theirs=theirs_text,
        theirs_detail=spec.in_words(stored, theirs_parts, yours_parts),
        their_version=row.version,
        by=row.updated_by,
        at=row.updated_at,
        yours=yours_text,
        yours_detail=spec.in_words(yours, yours_parts, theirs_parts),
        your_base=base,
    )


def stale(
    spec: Spec,
    yours: Any,
    stored_of: Callable[[Session, ReviewRow, Any], Any],
    clock: Callable[[], datetime],
) -> Stale:
    """The ``stale`` step of AnalysisService._save for an item of ``spec``'s kind: someone
    else saved it after ``base``; both versions, every part, go into its history."""

    def step(
        session: Session, review: ReviewRow, row: Any, base: int, who: str
    ) -> EditConflict | None:
        stored = stored_of(session, review, row)
        return conflict_over(
            spec, session, review.id, row.id, row, stored, yours, base, who, clock()
        )

    return step


def refuse_stale_delete(spec: Spec, row: Any, version: int, stored: Any) -> None:
    """A delete asked for over ``version`` of an item someone else has changed since: nothing
    is deleted (their change is kept), and the person is told who changed it and when, to look
    at it before deleting. ``version`` 0 deletes whatever is stored (tools, imports)."""
    if not edit_versions.is_stale(version or None, row):
        return
    who = row.updated_by or "Someone else"
    at = row.updated_at.replace(tzinfo=row.updated_at.tzinfo or UTC).astimezone()
    raise EditConflictError(
        f"{who} changed this {spec.noun} at {at:%H:%M}, after you opened it. Nothing has been "
        "deleted: their change is kept. Please look at it, then delete it again if it should "
        "still go.",
        EditConflict(
            kind=spec.kind,
            item=(row.id,),
            theirs=spec.main_text(stored),
            theirs_detail="",
            their_version=row.version,
            by=row.updated_by,
            at=row.updated_at,
            yours="",
            yours_detail="",
            your_base=version,
        ),
    )
