"""Review papers and the case record for analysis in the JSON exchange document (issue 18,
points 4 and 5; docs/formats.md §2): optional, so a file without them still imports.

``terms_of_reference`` (an object), ``family_involvement`` and ``parallel_processes`` (lists),
each action's ``impact_log``, and ``case_details`` (an object marked ``"special_category":
true``: the incident and each child's categories). Import reads them strictly, by the same rules
as the app, and writes them in the caller's transaction (all or nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.casefile import (
    CHILD_FIELDS,
    CaseDetails,
    ChildDetails,
    HarmType,
    IncidentKind,
    details_problems,
)
from reviewdesk.domain.papers import (
    FamilyContribution,
    FamilyWay,
    ParallelProcess,
    ProcessKind,
    TermsOfReference,
    family_problems,
    process_problems,
    terms_problems,
)
from reviewdesk.services.exchange.reading import StrictReader
from reviewdesk.services.exchange.reading import iso_text as _iso
from reviewdesk.store.analysis import ids_of, json_list
from reviewdesk.store.tables import (
    ActionRow,
    CaseDetailsRow,
    ChildDetailsRow,
    FamilyRow,
    ImpactRow,
    ParallelProcessRow,
    TermsRow,
)

PAPER_SECTIONS = ("terms_of_reference", "family_involvement", "parallel_processes", "case_details")
_STAMPS = ("created_at", "updated_at")


# --- export -------------------------------------------------------------------------------------


def impact_logs(session: Session, action_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for i in session.scalars(
        select(ImpactRow)
        .where(ImpactRow.action_id.in_(action_ids))
        .order_by(ImpactRow.recorded_on, ImpactRow.id)
    ):
        out.setdefault(i.action_id, []).append(
            {
                "uid": i.uid,
                "recorded_on": _iso(i.recorded_on),
                "kind": i.kind,
                "evidence": i.evidence,
                **{k: _iso(getattr(i, k)) for k in _STAMPS},
            }
        )
    return out


def paper_sections(session: Session, review_id: int) -> dict[str, Any]:
    """The review's papers and case details as exchange sections (empty ones left out)."""
    out: dict[str, Any] = {}
    terms = session.get(TermsRow, review_id)
    if terms is not None:
        out["terms_of_reference"] = {
            "terms": terms.terms,
            "lines_of_enquiry": list(ids_of(terms.lines_of_enquiry)),
            "agreed_on": _iso(terms.agreed_on),
            "updated_at": _iso(terms.updated_at),
        }
    out["family_involvement"] = [
        {
            "uid": f.uid,
            "person": f.person,
            "invited_on": _iso(f.invited_on),
            "how": f.how or None,
            "contributed_on": _iso(f.contributed_on),
            "views": f.views,
            "notes": f.notes,
            **{k: _iso(getattr(f, k)) for k in _STAMPS},
        }
        for f in session.scalars(
            select(FamilyRow).where(FamilyRow.review_id == review_id).order_by(FamilyRow.id)
        )
    ]
    out["parallel_processes"] = [
        {
            "uid": p.uid,
            "kind": p.kind,
            "led_by": p.led_by,
            "started_on": _iso(p.started_on),
            "next_on": _iso(p.next_on),
            "next_what": p.next_what,
            "concluded_on": _iso(p.concluded_on),
            "notes": p.notes,
            **{k: _iso(getattr(p, k)) for k in _STAMPS},
        }
        for p in session.scalars(
            select(ParallelProcessRow)
            .where(ParallelProcessRow.review_id == review_id)
            .order_by(ParallelProcessRow.id)
        )
    ]
    case = session.get(CaseDetailsRow, review_id)
    children = session.scalars(
        select(ChildDetailsRow)
        .where(ChildDetailsRow.review_id == review_id)
        .order_by(ChildDetailsRow.id)
    ).all()
    if case is not None or children:
        out["case_details"] = {
            "special_category": True,
            "incident": (case.incident if case else "") or None,
            "harm_type": (case.harm_type if case else "") or None,
            "children": [
                {
                    "pseudonym": c.pseudonym,
                    "first_language": c.first_language,
                    **{
                        name: getattr(c, name) or None
                        for name, vocab in CHILD_FIELDS.items()
                        if vocab is not None
                    },
                }
                for c in children
            ],
        }
    return {k: v for k, v in out.items() if v}


# --- import -------------------------------------------------------------------------------------


@dataclass
class IncomingPapers:
    terms: dict[str, Any] | None = None
    family: list[dict[str, Any]] = field(default_factory=list)
    processes: list[dict[str, Any]] = field(default_factory=list)
    impacts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by action uid
    case: dict[str, Any] | None = None
    children: list[dict[str, Any]] = field(default_factory=list)

    @property
    def uids(self) -> list[str]:
        return [
            *(f["uid"] for f in self.family),
            *(p["uid"] for p in self.processes),
            *(i["uid"] for log in self.impacts.values() for i in log),
        ]


def _fail_if(r: StrictReader, where: str, found: dict[str, str]) -> None:
    if found:
        raise r.fail(where, "is not complete: " + next(iter(found.values())))


def _choice(value: str | None, vocab: type[Enum]) -> Any:
    """A choice that may be null (not recorded)."""
    return None if value is None else vocab(value)


def _once(r: StrictReader, uid: str, where: str, seen: set[str]) -> str:
    if uid in seen:
        raise r.fail(where, "is used twice in this file")
    seen.add(uid)
    return uid


def read_impact_log(r: StrictReader, value: list[dict], where: str, seen: set[str]) -> list[dict]:
    """An action's impact log (shape: the schema's): uids used once, real dates and times."""
    return [
        {
            "uid": _once(r, i["uid"], f"{where}[{j}].uid", seen),
            "recorded_on": r.date(i["recorded_on"], f"{where}[{j}].recorded_on"),
            "kind": i["kind"],
            "evidence": i["evidence"],
            **{k: r.stamp(i[k], f"{where}[{j}].{k}") for k in _STAMPS},
        }
        for j, i in enumerate(value)
    ]


def read_papers(r: StrictReader, top: Mapping[str, Any], seen: set[str]) -> IncomingPapers:
    """The optional paper sections of a document. Their shape is the schema's (checked first);
    here: uids used once, real dates, and each paper's own rules (``*_problems``)."""
    out = IncomingPapers()

    if top.get("terms_of_reference") is not None:
        w, t = "terms_of_reference", top["terms_of_reference"]
        terms = TermsOfReference(
            terms=t["terms"],
            lines_of_enquiry=tuple(t["lines_of_enquiry"]),
            agreed_on=r.date(t["agreed_on"], f"{w}.agreed_on"),
        )
        _fail_if(r, w, terms_problems(terms))
        out.terms = {
            "terms": terms.terms,
            "lines_of_enquiry": json_list(list(terms.lines_of_enquiry)),
            "agreed_on": terms.agreed_on,
            "updated_at": r.stamp(t["updated_at"], f"{w}.updated_at"),
        }

    for i, f in enumerate(top.get("family_involvement", [])):
        w = f"family_involvement[{i}]"
        entry = FamilyContribution(
            person=f["person"],
            invited_on=r.date(f["invited_on"], f"{w}.invited_on"),
            how=FamilyWay.NOT_YET if f["how"] is None else FamilyWay(f["how"]),
            contributed_on=r.date(f["contributed_on"], f"{w}.contributed_on"),
            views=f["views"],
            notes=f["notes"],
        )
        _fail_if(r, w, family_problems(entry))
        out.family.append(
            {
                "uid": _once(r, f["uid"], f"{w}.uid", seen),
                "person": entry.person,
                "invited_on": entry.invited_on,
                "how": entry.how.value,
                "contributed_on": entry.contributed_on,
                "views": entry.views,
                "notes": entry.notes,
                **{k: r.stamp(f[k], f"{w}.{k}") for k in _STAMPS},
            }
        )

    for i, p in enumerate(top.get("parallel_processes", [])):
        w = f"parallel_processes[{i}]"
        process = ParallelProcess(
            kind=ProcessKind(p["kind"]),
            led_by=p["led_by"],
            started_on=r.date(p["started_on"], f"{w}.started_on"),
            next_on=r.date(p["next_on"], f"{w}.next_on"),
            next_what=p["next_what"],
            concluded_on=r.date(p["concluded_on"], f"{w}.concluded_on"),
            notes=p["notes"],
        )
        _fail_if(r, w, process_problems(process))
        out.processes.append(
            {
                "uid": _once(r, p["uid"], f"{w}.uid", seen),
                "kind": process.kind.value,
                "led_by": process.led_by,
                "started_on": process.started_on,
                "next_on": process.next_on,
                "next_what": process.next_what,
                "concluded_on": process.concluded_on,
                "notes": process.notes,
                **{k: r.stamp(p[k], f"{w}.{k}") for k in _STAMPS},
            }
        )

    if top.get("case_details") is not None:  # "special_category": true is the schema's
        w, c = "case_details", top["case_details"]
        details = CaseDetails(
            incident=_choice(c["incident"], IncidentKind),
            harm_type=_choice(c["harm_type"], HarmType),
            children=tuple(
                ChildDetails(
                    pseudonym=ch["pseudonym"],
                    first_language=ch["first_language"],
                    **{
                        name: _choice(ch[name], vocab)
                        for name, vocab in CHILD_FIELDS.items()
                        if vocab is not None
                    },
                )
                for ch in c["children"]
            ),
        )
        _fail_if(r, w, details_problems(details))
        out.case = {
            "incident": details.incident.value if details.incident else "",
            "harm_type": details.harm_type.value if details.harm_type else "",
        }
        out.children = [
            {
                "pseudonym": ch.pseudonym,
                "first_language": ch.first_language,
                **{
                    name: getattr(ch, name).value if getattr(ch, name) else ""
                    for name, vocab in CHILD_FIELDS.items()
                    if vocab is not None
                },
            }
            for ch in details.children
        ]
    return out


def refuse_taken_papers(session: Session, incoming: IncomingPapers) -> bool:
    """True when one of the file's papers is already in this library (under another review)."""
    uids = incoming.uids
    if not uids:
        return False
    return any(
        session.scalars(select(model.uid).where(model.uid.in_(uids))).first()
        for model in (FamilyRow, ParallelProcessRow, ImpactRow)
    )


def write_papers(
    session: Session, review_id: int, incoming: IncomingPapers, actions: Mapping[str, int]
) -> None:
    """Add the checked papers to the open transaction (``actions``: action ids by uid)."""
    if incoming.terms is not None:
        session.add(TermsRow(review_id=review_id, **incoming.terms))
    for f in incoming.family:
        session.add(FamilyRow(review_id=review_id, **f))
    for p in incoming.processes:
        session.add(ParallelProcessRow(review_id=review_id, **p))
    for action_uid, log in incoming.impacts.items():
        for i in log:
            session.add(ImpactRow(action_id=actions[action_uid], **i))
    if incoming.case is not None:
        session.add(CaseDetailsRow(review_id=review_id, **incoming.case))
        for ch in incoming.children:
            session.add(ChildDetailsRow(review_id=review_id, **ch))


def action_ids(session: Session, review_id: int) -> dict[str, int]:
    return dict(
        session.execute(
            select(ActionRow.uid, ActionRow.id).where(ActionRow.review_id == review_id)
        ).all()
    )
