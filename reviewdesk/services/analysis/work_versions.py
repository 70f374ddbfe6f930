"""Versioned saves for the rest of the lead's work (issue 22, point 5): chronology entries, the
terms of reference, the family involvement log, parallel processes, an action's impact log and
the case record for analysis.

The steps are services/edit_versions.py's, as for findings: a save states the version its text
was written over; when someone else saved since, nothing is overwritten, both sides go into the
item's history (``edit_revision``, under the kinds below) and the person is shown both texts.

Each kind says what its main text is (shown side by side in the conflict dialog) and what its
other parts are (kept in the history as JSON).

Deleting: a delete states the version the person was looking at. When someone else changed the
item since, nothing is deleted and the person is told who changed it, so their change is never
lost silently; once they have seen it they may delete again (:func:`refuse_stale_delete`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import ChronologyEntry, ImpactEntry
from reviewdesk.domain.casefile import CHILD_FIELDS, FIELD_LABELS, CaseDetails, value_label
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.papers import FamilyContribution, ParallelProcess, TermsOfReference
from reviewdesk.domain.review import EditConflict
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis.common import Stale
from reviewdesk.store.tables import ReviewRow

# The kinds of item in edit_revision (and of EditConflict), beside 'finding' (0015).
ENTRY, TERMS, FAMILY, PROCESS, IMPACT, CASE = (
    "entry",
    "terms",
    "family",
    "process",
    "impact",
    "case",
)

Parts = tuple[str, dict[str, Any]]  # the main text and every other part


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def entry_parts(e: ChronologyEntry) -> Parts:
    return e.what_happened.strip(), {
        "when": _day(e.when),
        "precision": str(getattr(e.precision, "value", e.precision)),
        "agency": " ".join(e.agency.split()),
        "source": e.source.strip(),
        "significant": bool(e.significant),
        "positive_practice": bool(e.positive_practice),
        "theme_ids": sorted(e.theme_ids),
    }


def terms_parts(t: TermsOfReference) -> Parts:
    return t.terms.strip(), {
        "lines_of_enquiry": [" ".join(x.split()) for x in t.lines_of_enquiry if x.strip()],
        "agreed_on": _day(t.agreed_on),
    }


def family_parts(f: FamilyContribution) -> Parts:
    return f.views.strip(), {
        "person": " ".join(f.person.split()),
        "invited_on": _day(f.invited_on),
        "how": str(getattr(f.how, "value", f.how)),
        "contributed_on": _day(f.contributed_on),
        "notes": f.notes.strip(),
    }


def process_parts(p: ParallelProcess) -> Parts:
    return p.notes.strip(), {
        "kind": str(getattr(p.kind, "value", p.kind)),
        "led_by": " ".join(p.led_by.split()),
        "started_on": _day(p.started_on),
        "next_on": _day(p.next_on),
        "next_what": " ".join(p.next_what.split()),
        "concluded_on": _day(p.concluded_on),
    }


def impact_parts(i: ImpactEntry) -> Parts:
    return i.evidence.strip(), {
        "recorded_on": _day(i.recorded_on),
        "kind": str(getattr(i.kind, "value", i.kind)),
    }


def case_parts(d: CaseDetails) -> Parts:
    """The case record for analysis has no free text: the "text" shown side by side is the
    record in words, one line each for the incident, the harm type and each child."""
    lines = [
        f"{FIELD_LABELS['incident']}: {value_label(d.incident)}",
        f"{FIELD_LABELS['harm_type']}: {value_label(d.harm_type)}",
    ]
    children = []
    for c in d.children:
        if c.is_empty:
            continue
        said = [
            f"{FIELD_LABELS[name]}: {value_label(getattr(c, name))}"
            for name in CHILD_FIELDS
            if getattr(c, name)
        ]
        lines.append(f"{c.pseudonym.strip()}: " + "; ".join(said))
        children.append(
            {"pseudonym": c.pseudonym.strip()}
            | {
                name: str(getattr(getattr(c, name), "value", getattr(c, name)) or "")
                for name in CHILD_FIELDS
            }
        )
    return "\n".join(lines), {
        "incident": str(getattr(d.incident, "value", d.incident) or ""),
        "harm_type": str(getattr(d.harm_type, "value", d.harm_type) or ""),
        "children": children,
    }


def conflict_over(
    session: Session,
    review_id: int,
    kind: str,
    item_id: int,
    row: Any,
    theirs: Parts,
    yours: Parts,
    base: int,
    who: str,
    now: datetime,
) -> EditConflict | None:
    """Someone else saved the item (``row``, locked) after ``base``: both sides into its
    history and the conflict to put to the person, or None when both wrote the very same."""
    if theirs == yours:
        return None
    edit_versions.keep_both(
        session,
        review_id,
        kind,
        item_id,
        (row.version, theirs[0], theirs[1], row.updated_by, row.updated_at),
        (base, yours[0], yours[1], who, now),
    )
    return EditConflict(
        kind=kind,
        item=(item_id,),
        theirs=theirs[0],
        theirs_detail="",
        their_version=row.version,
        by=row.updated_by,
        at=row.updated_at,
        yours=yours[0],
        yours_detail="",
        your_base=base,
    )


def stale_check(
    kind: str,
    clock: Callable[[], datetime],
    stored: Callable[[Any], Parts],
    yours: Parts,
) -> Stale:
    """The ``stale`` step of AnalysisService._save for an item of ``kind``: ``stored`` reads
    the parts of the locked row."""

    def stale(
        session: Session, review: ReviewRow, row: Any, base: int, who: str
    ) -> EditConflict | None:
        return conflict_over(
            session, review.id, kind, row.id, row, stored(row), yours, base, who, clock()
        )

    return stale


def refuse_stale_delete(row: Any, seen: int | None, what: str, text: str, kind: str) -> None:
    """Deleting an item someone else changed after the person looked at it (version ``seen``;
    None: not checked) deletes nothing: the person is told who changed it and may delete it
    again once they have seen the change."""
    if seen is None or not seen or seen == row.version:
        return
    when = row.updated_at.replace(tzinfo=row.updated_at.tzinfo or UTC).astimezone()
    who = row.updated_by or "Someone else"
    raise EditConflictError(
        f"{who} changed this {what} at {when:%H:%M}, after you opened it. Nothing has been "
        "deleted: please look at their change, then delete it again if you still want to.",
        EditConflict(
            kind=kind,
            item=(row.id if hasattr(row, "id") else row.review_id,),
            theirs=text,
            theirs_detail="",
            their_version=row.version,
            by=row.updated_by,
            at=row.updated_at,
            yours="",
            yours_detail="deleted",
            your_base=seen,
        ),
    )
