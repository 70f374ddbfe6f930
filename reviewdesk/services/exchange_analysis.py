"""The review lead's analysis in the JSON exchange document (docs/formats.md §2): optional
sections, linked by uid, so a format-version-1 file without them still imports.

Export writes the sections only when the review has something in them. Import reads them
strictly (every link must point at something in the same file) and writes them in the caller's
transaction, after the review and its contributors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.domain.chronology_import import MAX_ROWS
from reviewdesk.domain.decisions import (
    Decision,
    DecisionKind,
    Outcome,
    PanelResponse,
    Partner,
    decision_problems,
)
from reviewdesk.domain.errors import ExchangeFormatError
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.learning import (
    MAX_AGENCY,
    MAX_SHORT,
    MAX_WHAT,
    ActionStatus,
    DatePrecision,
    FindingKind,
    PartnerResponse,
)
from reviewdesk.services.exchange_papers import (
    PAPER_SECTIONS,
    IncomingPapers,
    impact_logs,
    paper_sections,
    read_impact_log,
    read_papers,
    refuse_taken_papers,
    write_papers,
)
from reviewdesk.services.findings import MAX_FACTORS
from reviewdesk.services.reading import StrictReader
from reviewdesk.services.reading import iso_text as _iso
from reviewdesk.store.analysis import ids_of, json_list
from reviewdesk.store.tables import (
    ActionRow,
    BriefingRow,
    ChronologyEntryRow,
    ChronologyImportRow,
    CitationRow,
    ContributorRow,
    DecisionRow,
    EpisodeEntryRow,
    EpisodeRow,
    EvidenceRow,
    FindingRow,
    RecommendationFindingRow,
    RecommendationRow,
)

SECTIONS = (
    "chronology_imports",
    "chronology",
    "episodes",
    "findings",
    "recommendations",
    "actions",
    "citations",
    "decisions",
    *PAPER_SECTIONS,
    "briefing",  # one object, not a list: the lead's 7-minute briefing (issue 17, point 3)
)
BRIEFING_TEXTS = (
    "title",
    "case_in_brief",
    "what_happened",
    "why_it_matters",
    "what_we_found",
    "what_to_do",
    "questions",
    "find_more",
)
MAX_ITEMS = 10_000
_STAMPS = ("created_at", "updated_at")


# --- export -------------------------------------------------------------------------------------


def analysis_sections(session: Session, review_id: int) -> dict[str, Any]:
    """The review's analysis and papers as exchange sections (empty sections left out)."""
    people = dict(
        session.execute(
            select(ContributorRow.id, ContributorRow.uid).where(
                ContributorRow.review_id == review_id
            )
        ).all()
    )
    batches = session.scalars(
        select(ChronologyImportRow)
        .where(ChronologyImportRow.review_id == review_id)
        .order_by(ChronologyImportRow.id)
    ).all()
    batch_uid = {b.id: b.uid for b in batches}
    entries = session.scalars(
        select(ChronologyEntryRow)
        .where(ChronologyEntryRow.review_id == review_id)
        .order_by(ChronologyEntryRow.occurred_on, ChronologyEntryRow.id)
    ).all()
    entry_uid = {e.id: e.uid for e in entries}
    episodes = session.scalars(
        select(EpisodeRow)
        .where(EpisodeRow.review_id == review_id)
        .options(selectinload(EpisodeRow.entries))
        .order_by(EpisodeRow.id)
    ).all()
    episode_uid = {e.id: e.uid for e in episodes}
    findings = session.scalars(
        select(FindingRow)
        .where(FindingRow.review_id == review_id)
        .options(selectinload(FindingRow.evidence))
        .order_by(FindingRow.id)
    ).all()
    finding_uid = {f.id: f.uid for f in findings}
    recs = session.scalars(
        select(RecommendationRow)
        .where(RecommendationRow.review_id == review_id)
        .options(selectinload(RecommendationRow.findings))
        .order_by(RecommendationRow.id)
    ).all()
    rec_uid = {r.id: r.uid for r in recs}
    actions = session.scalars(
        select(ActionRow).where(ActionRow.review_id == review_id).order_by(ActionRow.id)
    ).all()
    impacts = impact_logs(session, [a.id for a in actions])
    citations = session.scalars(
        select(CitationRow)
        .where(CitationRow.contributor_id.in_(list(people)))
        .order_by(CitationRow.id)
    ).all()
    decisions = session.scalars(
        select(DecisionRow)
        .where(DecisionRow.review_id == review_id)
        .order_by(DecisionRow.decided_on, DecisionRow.id)
    ).all()

    def stamps(row: Any, removable: bool = True) -> dict[str, Any]:
        out = {k: _iso(getattr(row, k)) for k in _STAMPS}
        if removable:
            out["removed_at"] = _iso(row.removed_at)
        return out

    def evidence(ev: EvidenceRow) -> dict[str, Any]:
        if ev.entry_id is not None:
            return {"entry": entry_uid[ev.entry_id]}
        if ev.episode_id is not None:
            return {"episode": episode_uid[ev.episode_id]}
        assert ev.contributor_id is not None  # neither an entry nor an episode: an answer
        return {"contributor": people[ev.contributor_id], "prompt_id": ev.prompt_id}

    sections: dict[str, list[dict[str, Any]]] = {
        "chronology_imports": [
            {
                "uid": b.uid,
                "agency": b.agency,
                "file_name": b.file_name,
                "rows": b.rows,
                "imported_at": _iso(b.imported_at),
            }
            for b in batches
        ],
        "chronology": [
            {
                "uid": e.uid,
                "date": _iso(e.occurred_on),
                "precision": e.precision,
                "agency": e.agency,
                "what_happened": e.what_happened,
                "source": e.source,
                "significant": bool(e.significant),
                "positive_practice": bool(e.positive_practice),
                "theme_ids": list(ids_of(e.theme_ids)),
                "source_agency": e.source_agency,
                "import": batch_uid.get(e.import_id) if e.import_id else None,
                **stamps(e),
            }
            for e in entries
        ],
        "episodes": [
            {
                "uid": ep.uid,
                "title": ep.title,
                "start": _iso(ep.start_on),
                "end": _iso(ep.end_on),
                "what_happened": ep.what_happened,
                "what_was_known": ep.what_was_known,
                "what_was_done": ep.what_was_done,
                "contributory_factors": list(ids_of(ep.contributory_factors)),
                "theme_ids": list(ids_of(ep.theme_ids)),
                "entries": sorted(entry_uid[link.entry_id] for link in ep.entries),
                **stamps(ep),
            }
            for ep in episodes
        ],
        "findings": [
            {
                "uid": f.uid,
                "ref": f.ref,
                "statement": f.statement,
                "kind": f.kind,
                "theme_ids": list(ids_of(f.theme_ids)),
                "question": f.question,
                "pattern_evidence": f.pattern_evidence,
                "evidence": [evidence(ev) for ev in f.evidence],
                **stamps(f),
            }
            for f in findings
        ],
        "recommendations": [
            {
                "uid": r.uid,
                "ref": r.ref,
                "text": r.text,
                "findings": sorted(finding_uid[link.finding_id] for link in r.findings),
                "owner_partner": r.owner_partner or None,
                "response": r.response or None,
                "response_on": _iso(r.response_on),
                "response_text": r.response_text,
                **stamps(r),
            }
            for r in recs
        ],
        "actions": [
            {
                "uid": a.uid,
                "recommendation": rec_uid.get(a.recommendation_id) if a.recommendation_id else None,
                "description": a.description,
                "owner_agency": a.owner_agency,
                "owner_role": a.owner_role,
                "due": _iso(a.due_on),
                "status": a.status,
                "how_we_will_know": a.how_we_will_know,
                "impact_evidence": a.impact_evidence,
                "impact_recorded_on": _iso(a.impact_recorded_on),
                "completed_on": _iso(a.completed_on),
                "impact_log": impacts.get(a.id, []),
                **stamps(a, removable=False),
            }
            for a in actions
        ],
        "citations": [
            {
                "contributor": people[c.contributor_id],
                "prompt_id": c.prompt_id,
                "entry": entry_uid[c.entry_id],
            }
            for c in citations
        ],
        "decisions": [
            {
                "uid": d.uid,
                "kind": d.kind,
                "decided_on": _iso(d.decided_on),
                "outcome": d.outcome or None,
                "summary": d.summary,
                "reasons": d.reasons,
                "partners": json.loads(d.partners or "[]"),
                "taken_by": d.taken_by,
                "panel_response": d.panel_response or None,
                "panel_response_on": _iso(d.panel_response_on),
                "panel_comments": d.panel_comments,
                **stamps(d, removable=False),
            }
            for d in decisions
        ],
    }
    out: dict[str, Any] = {
        **{k: v for k, v in sections.items() if v},
        **paper_sections(session, review_id),
    }
    briefing = session.get(BriefingRow, review_id)
    if briefing is not None:
        out["briefing"] = {
            **{name: getattr(briefing, name) for name in BRIEFING_TEXTS},
            "marking": briefing.marking,
            "two_pages": bool(briefing.two_pages),
            "updated_at": _iso(briefing.updated_at),
        }
    return out


# --- import -------------------------------------------------------------------------------------


@dataclass
class IncomingAnalysis:
    """Checked sections, ready to write: plain dicts of column values, links by uid."""

    imports: list[dict[str, Any]] = field(default_factory=list)
    chronology: list[dict[str, Any]] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    papers: IncomingPapers = field(default_factory=IncomingPapers)
    briefing: dict[str, Any] | None = None  # the lead's 7-minute briefing, if written

    @property
    def uids(self) -> list[str]:
        return [*self.papers.uids, *[
            item["uid"]
            for section in (
                self.imports, self.chronology, self.episodes, self.findings,
                self.recommendations, self.actions, self.decisions,
            )
            for item in section
        ]]  # fmt: skip


class _Reader:
    def __init__(self, r: StrictReader, framework: Framework, contributors: set[str]) -> None:
        self.r = r
        self.themes = {t.id for t in framework.themes}
        self.prompts = framework.prompt_ids
        self.contributors = contributors
        self.seen: set[str] = set()

    def uid(self, value: Any, where: str) -> str:
        uid = self.r.uid(value, where)
        if uid in self.seen:
            raise self.r.fail(where, "is used twice in this file")
        self.seen.add(uid)
        return uid

    def link(self, value: Any, where: str, known: Mapping[str, Any], what: str) -> str:
        uid = self.r.uid(value, where)
        if uid not in known:
            raise self.r.fail(where, f"points to a {what} that is not in this file")
        return uid

    def theme_ids(self, value: Any, where: str) -> str:
        ids = [
            self.r.text(t, f"{where}[{i}]", 80, required=True)
            for i, t in enumerate(self.r.list(value, where, len(self.themes)))
        ]
        unknown = [t for t in ids if t not in self.themes]
        if unknown:
            raise self.r.fail(where, f"names '{unknown[0]}', which is not a theme in the framework")
        return json_list(list(dict.fromkeys(ids)))

    def stamps(self, item: dict, where: str, removable: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {k: self.r.stamp(item[k], f"{where}.{k}") for k in _STAMPS}
        if removable:
            out["removed_at"] = self.r.stamp(
                item["removed_at"], f"{where}.removed_at", nullable=True
            )
        return out

    def contributor(self, value: Any, where: str) -> str:
        uid = self.r.uid(value, where)
        if uid not in self.contributors:
            raise self.r.fail(where, "points to a contributor who is not in this file")
        return uid

    def prompt(self, value: Any, where: str) -> str:
        pid = self.r.text(value, where, 80, required=True)
        if pid not in self.prompts:
            raise self.r.fail(where, f"'{pid}' is not a prompt in the framework")
        return pid


def read_entry_core(r: StrictReader, e: Mapping[str, Any], w: str) -> dict[str, Any]:
    """The fields every form of a chronology entry has (the exchange file's and the case
    pack's): its date and precision, agency, what happened and the source record."""
    when = r.date(e["date"], f"{w}.date")
    if when is None:
        raise r.fail(f"{w}.date", "is missing")
    return {
        "occurred_on": when,
        "precision": r.choice(e["precision"], f"{w}.precision", DatePrecision).value,
        "agency": r.text(e["agency"], f"{w}.agency", MAX_AGENCY),
        "what_happened": r.text(e["what_happened"], f"{w}.what_happened", MAX_WHAT, required=True),
        "source": r.text(e["source"], f"{w}.source", MAX_SHORT),
    }


def _flag(r: StrictReader, value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise r.fail(where, "should be true or false")
    return value


def completed_on(
    r: StrictReader, a: Mapping[str, Any], w: str, item: Mapping[str, Any]
) -> date | None:
    """The day a complete action was marked complete: the file's ``completed_on`` when it has
    one; a file written before the field existed gives the day the action was last changed
    (as migration 0012 does for a library). None for an action that is not complete."""
    if item["status"] != ActionStatus.COMPLETE.value:
        return None
    given = r.date(a.get("completed_on"), f"{w}.completed_on")
    if given is not None:
        return given
    changed = item.get("updated_at")
    return changed.date() if isinstance(changed, datetime) else None


def read_analysis(
    r: StrictReader, top: Mapping[str, Any], framework: Framework, contributors: set[str]
) -> IncomingAnalysis:
    """The optional analysis sections of a document, checked (absent sections are empty)."""
    x = _Reader(r, framework, contributors)
    out = IncomingAnalysis()
    section = lambda name: r.list(top.get(name, []), name, MAX_ITEMS)  # noqa: E731

    batches: dict[str, dict] = {}
    for i, b in enumerate(section("chronology_imports")):
        w = f"chronology_imports[{i}]"
        b = r.obj(b, w, {"uid", "agency", "file_name", "rows", "imported_at"})
        rows = b["rows"]
        if not isinstance(rows, int) or isinstance(rows, bool) or not 0 <= rows <= MAX_ROWS:
            raise r.fail(f"{w}.rows", "should be a whole number of rows")
        item: dict[str, Any] = {  # one checked item, as IncomingAnalysis holds it
            "uid": x.uid(b["uid"], f"{w}.uid"),
            "agency": r.text(b["agency"], f"{w}.agency", MAX_AGENCY),
            "file_name": r.text(b["file_name"], f"{w}.file_name", 260),
            "rows": rows,
            "imported_at": r.stamp(b["imported_at"], f"{w}.imported_at"),
        }
        batches[item["uid"]] = item
        out.imports.append(item)

    entries: dict[str, dict] = {}
    for i, e in enumerate(section("chronology")):
        w = f"chronology[{i}]"
        e = r.obj(
            e, w,
            {"uid", "date", "precision", "agency", "what_happened", "source", "significant",
             "positive_practice", "theme_ids", "source_agency", "import", "created_at",
             "updated_at", "removed_at"},
        )  # fmt: skip
        item = {
            **read_entry_core(r, e, w),
            "uid": x.uid(e["uid"], f"{w}.uid"),
            "significant": _flag(r, e["significant"], f"{w}.significant"),
            "positive_practice": _flag(r, e["positive_practice"], f"{w}.positive_practice"),
            "theme_ids": x.theme_ids(e["theme_ids"], f"{w}.theme_ids"),
            "source_agency": r.text(e["source_agency"], f"{w}.source_agency", MAX_AGENCY),
            "import": None
            if e["import"] is None
            else x.link(e["import"], f"{w}.import", batches, "chronology import"),
            **x.stamps(e, w),
        }
        entries[item["uid"]] = item
        out.chronology.append(item)

    episodes: dict[str, dict] = {}
    for i, ep in enumerate(section("episodes")):
        w = f"episodes[{i}]"
        ep = r.obj(
            ep, w,
            {"uid", "title", "start", "end", "what_happened", "what_was_known", "what_was_done",
             "contributory_factors", "theme_ids", "entries", "created_at", "updated_at",
             "removed_at"},
        )  # fmt: skip
        start, end = r.date(ep["start"], f"{w}.start"), r.date(ep["end"], f"{w}.end")
        if start and end and end < start:
            raise r.fail(f"{w}.end", "is before its start")
        factors = [
            r.text(f, f"{w}.contributory_factors[{j}]", 2000, required=True)
            for j, f in enumerate(
                r.list(ep["contributory_factors"], f"{w}.contributory_factors", MAX_FACTORS)
            )
        ]
        item = {
            "uid": x.uid(ep["uid"], f"{w}.uid"),
            "title": r.text(ep["title"], f"{w}.title", MAX_SHORT, required=True),
            "start_on": start,
            "end_on": end,
            **{
                k: r.text(ep[k], f"{w}.{k}", MAX_WHAT)
                for k in ("what_happened", "what_was_known", "what_was_done")
            },
            "contributory_factors": json_list(factors),
            "theme_ids": x.theme_ids(ep["theme_ids"], f"{w}.theme_ids"),
            "entries": [
                x.link(u, f"{w}.entries[{j}]", entries, "chronology entry")
                for j, u in enumerate(r.list(ep["entries"], f"{w}.entries", MAX_ITEMS))
            ],
            **x.stamps(ep, w),
        }
        episodes[item["uid"]] = item
        out.episodes.append(item)

    findings: dict[str, dict] = {}
    for i, f in enumerate(section("findings")):
        w = f"findings[{i}]"
        f = r.obj(
            f, w,
            {"uid", "ref", "statement", "kind", "theme_ids", "question", "evidence",
             "created_at", "updated_at", "removed_at"},
            {"pattern_evidence"},
        )  # fmt: skip
        evidence = []
        for j, ev in enumerate(r.list(f["evidence"], f"{w}.evidence", MAX_ITEMS)):
            ew = f"{w}.evidence[{j}]"
            if isinstance(ev, dict) and "entry" in ev:
                ev = r.obj(ev, ew, {"entry"})
                evidence.append({"entry": x.link(ev["entry"], ew, entries, "chronology entry")})
            elif isinstance(ev, dict) and "episode" in ev:
                ev = r.obj(ev, ew, {"episode"})
                evidence.append(
                    {"episode": x.link(ev["episode"], ew, episodes, "key practice episode")}
                )
            else:
                ev = r.obj(ev, ew, {"contributor", "prompt_id"})
                evidence.append(
                    {
                        "contributor": x.contributor(ev["contributor"], f"{ew}.contributor"),
                        "prompt_id": x.prompt(ev["prompt_id"], f"{ew}.prompt_id"),
                    }
                )
        item = {
            "uid": x.uid(f["uid"], f"{w}.uid"),
            "ref": r.text(f["ref"], f"{w}.ref", 20, required=True),
            "statement": r.text(f["statement"], f"{w}.statement", MAX_WHAT, required=True),
            "kind": r.choice(f["kind"], f"{w}.kind", FindingKind).value,
            "theme_ids": x.theme_ids(f["theme_ids"], f"{w}.theme_ids"),
            "question": r.text(f["question"], f"{w}.question", MAX_WHAT),
            "pattern_evidence": r.text(
                f.get("pattern_evidence", ""), f"{w}.pattern_evidence", MAX_WHAT
            ),
            "evidence": evidence,
            **x.stamps(f, w),
        }
        findings[item["uid"]] = item
        out.findings.append(item)

    recs: dict[str, dict] = {}
    for i, rec in enumerate(section("recommendations")):
        w = f"recommendations[{i}]"
        rec = r.obj(
            rec,
            w,
            {"uid", "ref", "text", "findings", "created_at", "updated_at", "removed_at"},
            {"owner_partner", "response", "response_on", "response_text"},
        )
        owner, response = rec.get("owner_partner"), rec.get("response")
        item = {
            "uid": x.uid(rec["uid"], f"{w}.uid"),
            "ref": r.text(rec["ref"], f"{w}.ref", 20, required=True),
            "text": r.text(rec["text"], f"{w}.text", MAX_WHAT, required=True),
            "findings": [
                x.link(u, f"{w}.findings[{j}]", findings, "finding")
                for j, u in enumerate(r.list(rec["findings"], f"{w}.findings", MAX_ITEMS))
            ],
            "owner_partner": ""
            if owner is None
            else r.choice(owner, f"{w}.owner_partner", Partner).value,
            "response": ""
            if response is None
            else r.choice(response, f"{w}.response", PartnerResponse).value,
            "response_on": r.date(rec.get("response_on"), f"{w}.response_on"),
            "response_text": r.text(rec.get("response_text", ""), f"{w}.response_text", MAX_WHAT),
            **x.stamps(rec, w),
        }
        recs[item["uid"]] = item
        out.recommendations.append(item)

    for i, a in enumerate(section("actions")):
        w = f"actions[{i}]"
        a = r.obj(
            a, w,
            {"uid", "recommendation", "description", "owner_agency", "owner_role", "due",
             "status", "how_we_will_know", "impact_evidence", "impact_recorded_on",
             "created_at", "updated_at"},
            {"impact_log", "completed_on"},
        )  # fmt: skip
        action_uid = x.uid(a["uid"], f"{w}.uid")
        log = read_impact_log(r, a.get("impact_log", []), f"{w}.impact_log", x.seen)
        if log:
            out.papers.impacts[action_uid] = log
        out.actions.append(
            {
                "uid": action_uid,
                "recommendation": None
                if a["recommendation"] is None
                else x.link(a["recommendation"], f"{w}.recommendation", recs, "recommendation"),
                "description": r.text(
                    a["description"], f"{w}.description", MAX_WHAT, required=True
                ),
                "owner_agency": r.text(a["owner_agency"], f"{w}.owner_agency", MAX_AGENCY),
                "owner_role": r.text(a["owner_role"], f"{w}.owner_role", MAX_SHORT),
                "due_on": r.date(a["due"], f"{w}.due"),
                "status": r.choice(a["status"], f"{w}.status", ActionStatus).value,
                "how_we_will_know": r.text(
                    a["how_we_will_know"], f"{w}.how_we_will_know", MAX_WHAT
                ),
                "impact_evidence": r.text(a["impact_evidence"], f"{w}.impact_evidence", MAX_WHAT),
                "impact_recorded_on": r.date(a["impact_recorded_on"], f"{w}.impact_recorded_on"),
                **x.stamps(a, w, removable=False),
            }
        )
        out.actions[-1]["completed_on"] = completed_on(r, a, w, out.actions[-1])

    seen_citations = set()
    for i, c in enumerate(section("citations")):
        w = f"citations[{i}]"
        c = r.obj(c, w, {"contributor", "prompt_id", "entry"})
        item = {
            "contributor": x.contributor(c["contributor"], f"{w}.contributor"),
            "prompt_id": x.prompt(c["prompt_id"], f"{w}.prompt_id"),
            "entry": x.link(c["entry"], f"{w}.entry", entries, "chronology entry"),
        }
        key = tuple(item.values())
        if key in seen_citations:
            raise r.fail(w, "repeats an earlier citation")
        seen_citations.add(key)
        out.citations.append(item)

    for i, d in enumerate(section("decisions")):
        w = f"decisions[{i}]"
        d = r.obj(
            d, w,
            {"uid", "kind", "decided_on", "outcome", "summary", "reasons", "partners", "taken_by",
             "panel_response", "panel_response_on", "panel_comments", "created_at", "updated_at"},
        )  # fmt: skip
        decision = Decision(
            kind=r.choice(d["kind"], f"{w}.kind", DecisionKind),
            decided_on=r.date(d["decided_on"], f"{w}.decided_on"),
            outcome=None
            if d["outcome"] is None
            else r.choice(d["outcome"], f"{w}.outcome", Outcome),
            summary=r.text(d["summary"], f"{w}.summary", 400),
            reasons=r.text(d["reasons"], f"{w}.reasons", MAX_WHAT),
            partners=tuple(
                r.choice(p, f"{w}.partners[{j}]", Partner)
                for j, p in enumerate(r.list(d["partners"], f"{w}.partners", len(Partner)))
            ),
            taken_by=r.text(d["taken_by"], f"{w}.taken_by", 400),
            panel_response=PanelResponse.NONE
            if d["panel_response"] is None
            else r.choice(d["panel_response"], f"{w}.panel_response", PanelResponse),
            panel_response_on=r.date(d["panel_response_on"], f"{w}.panel_response_on"),
            panel_comments=r.text(d["panel_comments"], f"{w}.panel_comments", MAX_WHAT),
        )
        problems = decision_problems(decision)
        if problems:
            raise r.fail(w, "is not a complete decision: " + next(iter(problems.values())))
        out.decisions.append(
            {
                "uid": x.uid(d["uid"], f"{w}.uid"),
                "kind": decision.kind.value,
                "decided_on": decision.decided_on,
                "outcome": decision.outcome.value if decision.outcome else "",
                "summary": decision.summary,
                "reasons": decision.reasons,
                "partners": json.dumps([p.value for p in Partner if p in decision.partners]),
                "taken_by": decision.taken_by,
                "panel_response": decision.panel_response.value,
                "panel_response_on": decision.panel_response_on,
                "panel_comments": decision.panel_comments,
                **x.stamps(d, w, removable=False),
            }
        )
    papers = read_papers(r, top, x.seen)
    papers.impacts = out.papers.impacts
    out.papers = papers
    if top.get("briefing") is not None:
        out.briefing = read_briefing(r, top["briefing"])
    return out


def read_briefing(r: StrictReader, value: Any) -> dict[str, Any]:
    """The lead's 7-minute briefing: each text up to the briefing's limits (None: the section
    still follows the review), the marking and the form."""
    from reviewdesk.domain.briefing import MAX_SECTION, MAX_TITLE
    from reviewdesk.domain.exporting import MAX_MARKING, printable_marking

    w = "briefing"
    b = r.obj(value, w, {*BRIEFING_TEXTS, "marking", "two_pages", "updated_at"})
    out: dict[str, Any] = {}
    for name in BRIEFING_TEXTS:
        text = b[name]
        limit = MAX_TITLE if name == "title" else MAX_SECTION
        out[name] = None if text is None else r.text(text, f"{w}.{name}", limit)
    out["marking"] = printable_marking(r.text(b["marking"], f"{w}.marking", MAX_MARKING))
    out["two_pages"] = _flag(r, b["two_pages"], f"{w}.two_pages")
    out["updated_at"] = r.stamp(b["updated_at"], f"{w}.updated_at")
    return out


def refuse_taken(session: Session, incoming: IncomingAnalysis) -> None:
    uids = incoming.uids
    if not uids:
        return
    if refuse_taken_papers(session, incoming.papers):
        raise ExchangeFormatError(
            "This file's review papers are already in this library under another review. "
            "Nothing has been changed."
        )
    for model in (
        ChronologyImportRow, ChronologyEntryRow, EpisodeRow, FindingRow, RecommendationRow,
        ActionRow, DecisionRow,
    ):  # fmt: skip
        if session.scalars(select(model.uid).where(model.uid.in_(uids))).first():
            raise ExchangeFormatError(
                "This file's analysis (chronology, findings or actions) is already in this "
                "library under another review. Nothing has been changed."
            )


def write_analysis(
    session: Session, review_id: int, incoming: IncomingAnalysis, people: Mapping[str, int]
) -> None:
    """Add the checked sections to the open transaction (``people``: contributor ids by uid)."""
    ids: dict[str, int] = {}

    def add(row: Any) -> Any:
        session.add(row)
        session.flush()
        ids[row.uid] = row.id
        return row

    for b in incoming.imports:
        add(ChronologyImportRow(review_id=review_id, **b))
    for e in incoming.chronology:
        values = {k: v for k, v in e.items() if k != "import"}
        add(ChronologyEntryRow(review_id=review_id, import_id=ids.get(e["import"] or ""), **values))
    for ep in incoming.episodes:
        values = {k: v for k, v in ep.items() if k != "entries"}
        row = EpisodeRow(review_id=review_id, **values)
        row.entries = [EpisodeEntryRow(entry_id=ids[u]) for u in dict.fromkeys(ep["entries"])]
        add(row)
    for f in incoming.findings:
        values = {k: v for k, v in f.items() if k != "evidence"}
        finding = FindingRow(review_id=review_id, **values)
        finding.evidence = [
            EvidenceRow(entry_id=ids[ev["entry"]])
            if "entry" in ev
            else EvidenceRow(episode_id=ids[ev["episode"]])
            if "episode" in ev
            else EvidenceRow(contributor_id=people[ev["contributor"]], prompt_id=ev["prompt_id"])
            for ev in f["evidence"]
        ]
        add(finding)
    for rec in incoming.recommendations:
        values = {k: v for k, v in rec.items() if k != "findings"}
        recommendation = RecommendationRow(review_id=review_id, **values)
        recommendation.findings = [
            RecommendationFindingRow(finding_id=ids[u]) for u in dict.fromkeys(rec["findings"])
        ]
        add(recommendation)
    for a in incoming.actions:
        values = {k: v for k, v in a.items() if k != "recommendation"}
        rec_id = ids[a["recommendation"]] if a["recommendation"] else None
        add(ActionRow(review_id=review_id, recommendation_id=rec_id, **values))
    for d in incoming.decisions:
        add(DecisionRow(review_id=review_id, **d))
    write_papers(session, review_id, incoming.papers, ids)
    if incoming.briefing is not None:
        session.add(BriefingRow(review_id=review_id, **incoming.briefing))
    for c in incoming.citations:
        session.add(
            CitationRow(
                contributor_id=people[c["contributor"]],
                prompt_id=c["prompt_id"],
                entry_id=ids[c["entry"]],
            )
        )
