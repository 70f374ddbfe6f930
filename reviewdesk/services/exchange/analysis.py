"""The review lead's analysis in the JSON exchange document (docs/formats.md §2): optional
sections, linked by uid, so a format-version-1 file without them still imports.

Export writes the sections only when the review has something in them. Import reads them
strictly (every link must point at something in the same file) and writes them in the caller's
transaction, after the review and its contributors.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.domain.analysis import ActionStatus
from reviewdesk.domain.decisions import (
    Decision,
    decision_problems,
)
from reviewdesk.domain.errors import ExchangeFormatError
from reviewdesk.domain.framework import Framework
from reviewdesk.services.exchange.papers import (
    PAPER_SECTIONS,
    IncomingPapers,
    impact_logs,
    paper_sections,
    read_impact_log,
    read_papers,
    refuse_taken_papers,
    write_papers,
)
from reviewdesk.services.exchange.reading import StrictReader
from reviewdesk.services.exchange.reading import iso_text as _iso
from reviewdesk.store.analysis import (
    ACTION_FIELDS,
    CHRONOLOGY_FIELDS,
    CHRONOLOGY_IMPORT_FIELDS,
    DECISION_FIELDS,
    EPISODE_FIELDS,
    FINDING_FIELDS,
    RECOMMENDATION_FIELDS,
    Field,
    columns_from_exchange,
    domain_values,
    exchange_item,
    json_list,
)
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

    def evidence(ev: EvidenceRow) -> dict[str, Any]:
        if ev.entry_id is not None:
            return {"entry": entry_uid[ev.entry_id]}
        if ev.episode_id is not None:
            return {"episode": episode_uid[ev.episode_id]}
        assert ev.contributor_id is not None  # neither an entry nor an episode: an answer
        return {"contributor": people[ev.contributor_id], "prompt_id": ev.prompt_id}

    links: dict[str, Callable[[Any], Any]] = {  # each link, from its row (by key in the file)
        "import": lambda e: batch_uid.get(e.import_id) if e.import_id else None,
        "entries": lambda ep: sorted(entry_uid[link.entry_id] for link in ep.entries),
        "evidence": lambda f: [evidence(ev) for ev in f.evidence],
        "findings": lambda r: sorted(finding_uid[link.finding_id] for link in r.findings),
        "recommendation": lambda a: (
            rec_uid.get(a.recommendation_id) if a.recommendation_id else None
        ),
        "impact_log": lambda a: impacts.get(a.id, []),
    }
    sections: dict[str, list[dict[str, Any]]] = {
        name: [exchange_item(fields, row, links) for row in rows]
        for name, fields, rows in (
            ("chronology_imports", CHRONOLOGY_IMPORT_FIELDS, batches),
            ("chronology", CHRONOLOGY_FIELDS, entries),
            ("episodes", EPISODE_FIELDS, episodes),
            ("findings", FINDING_FIELDS, findings),
            ("recommendations", RECOMMENDATION_FIELDS, recs),
            ("actions", ACTION_FIELDS, actions),
            ("decisions", DECISION_FIELDS, decisions),
        )
    }
    sections["citations"] = [
        {
            "contributor": people[c.contributor_id],
            "prompt_id": c.prompt_id,
            "entry": entry_uid[c.entry_id],
        }
        for c in citations
    ]
    sections = {name: sections[name] for name in SECTIONS if name in sections}  # file order
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

    def uid(self, uid: str, where: str) -> str:
        if uid in self.seen:
            raise self.r.fail(where, "is used twice in this file")
        self.seen.add(uid)
        return uid

    def link(self, uid: str, where: str, known: Container[str], what: str) -> str:
        if uid not in known:
            raise self.r.fail(where, f"points to a {what} that is not in this file")
        return uid

    def theme_ids(self, value: list[str], where: str) -> str:
        unknown = [t for t in value if t not in self.themes]
        if unknown:
            raise self.r.fail(where, f"names '{unknown[0]}', which is not a theme in the framework")
        return json_list(list(dict.fromkeys(value)))

    def contributor(self, uid: str, where: str) -> str:
        if uid not in self.contributors:
            raise self.r.fail(where, "points to a contributor who is not in this file")
        return uid

    def prompt(self, value: str, where: str) -> str:
        if value not in self.prompts:
            raise self.r.fail(where, f"'{value}' is not a prompt in the framework")
        return value


# The fields every form of a chronology entry has (the exchange file's and the case pack's):
# its uid, date and precision, agency, what happened and the source record.
ENTRY_CORE_FIELDS = tuple(
    f
    for f in CHRONOLOGY_FIELDS
    if f.key in ("uid", "date", "precision", "agency", "what_happened", "source")
)


def read_entry_core(r: StrictReader, e: Mapping[str, Any], w: str) -> dict[str, Any]:
    """A chronology entry's core fields (``ENTRY_CORE_FIELDS``) as column values."""
    return columns_from_exchange(ENTRY_CORE_FIELDS, e, {"day": r.date}, w)


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
    """The optional analysis sections of a document (already checked against the schema, so
    every field is there with the right type and length), with what a schema cannot check:
    real dates in order, uids used once, links to items in the same file, themes and prompts
    of the framework, complete decisions. Absent sections are empty."""
    x = _Reader(r, framework, contributors)
    out = IncomingAnalysis()
    checks: dict[str, Callable[[Any, str], Any]] = {
        "uid": x.uid,
        "day": r.date,
        "stamp": lambda v, w: r.stamp(v, w, nullable=True),
        "themes": x.theme_ids,
    }

    def read(name: str, fields: tuple[Field, ...]) -> list[tuple[str, dict, dict[str, Any]]]:
        """Each item of a section: where it is, as in the file, and as column values."""
        return [
            (f"{name}[{i}]", item, columns_from_exchange(fields, item, checks, f"{name}[{i}]"))
            for i, item in enumerate(top.get(name, []))
        ]

    out.imports = [item for _, _, item in read("chronology_imports", CHRONOLOGY_IMPORT_FIELDS)]
    batches = {b["uid"] for b in out.imports}
    for w, e, item in read("chronology", CHRONOLOGY_FIELDS):
        item["import"] = (
            None
            if e["import"] is None
            else x.link(e["import"], f"{w}.import", batches, "chronology import")
        )
        out.chronology.append(item)
    entries = {e["uid"] for e in out.chronology}

    for w, ep, item in read("episodes", EPISODE_FIELDS):
        if item["start_on"] and item["end_on"] and item["end_on"] < item["start_on"]:
            raise r.fail(f"{w}.end", "is before its start")
        item["entries"] = [
            x.link(u, f"{w}.entries[{j}]", entries, "chronology entry")
            for j, u in enumerate(ep["entries"])
        ]
        out.episodes.append(item)
    episodes = {ep["uid"] for ep in out.episodes}

    for w, f, item in read("findings", FINDING_FIELDS):
        item["evidence"] = [
            _evidence(x, ev, f"{w}.evidence[{j}]", entries, episodes)
            for j, ev in enumerate(f["evidence"])
        ]
        out.findings.append(item)
    findings = {f["uid"] for f in out.findings}

    for w, rec, item in read("recommendations", RECOMMENDATION_FIELDS):
        item["findings"] = [
            x.link(u, f"{w}.findings[{j}]", findings, "finding")
            for j, u in enumerate(rec["findings"])
        ]
        out.recommendations.append(item)
    recs = {rec["uid"] for rec in out.recommendations}

    for w, a, item in read("actions", ACTION_FIELDS):
        item["recommendation"] = (
            None
            if a["recommendation"] is None
            else x.link(a["recommendation"], f"{w}.recommendation", recs, "recommendation")
        )
        item["completed_on"] = completed_on(r, a, w, item)  # an older file: the last change
        log = read_impact_log(r, a.get("impact_log", []), f"{w}.impact_log", x.seen)
        if log:
            out.papers.impacts[item["uid"]] = log
        out.actions.append(item)

    seen_citations = set()
    for i, c in enumerate(top.get("citations", [])):
        w = f"citations[{i}]"
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

    for w, _, item in read("decisions", DECISION_FIELDS):
        decision = Decision(**domain_values(DECISION_FIELDS, _Columns(item)))
        problems = decision_problems(decision)
        if problems:
            raise r.fail(w, "is not a complete decision: " + next(iter(problems.values())))
        out.decisions.append(item)
    papers = read_papers(r, top, x.seen)
    papers.impacts = out.papers.impacts
    out.papers = papers
    if top.get("briefing") is not None:
        out.briefing = read_briefing(r, top["briefing"])
    return out


class _Columns:
    """Column values read from a file, as attributes (what ``domain_values`` reads a row by)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values, id=0)


def _evidence(
    x: _Reader, ev: Mapping[str, Any], w: str, entries: set[str], episodes: set[str]
) -> dict[str, str]:
    """One link of a finding's evidence: a chronology entry, an episode or an answer."""
    if "entry" in ev:
        return {"entry": x.link(ev["entry"], w, entries, "chronology entry")}
    if "episode" in ev:
        return {"episode": x.link(ev["episode"], w, episodes, "key practice episode")}
    return {
        "contributor": x.contributor(ev["contributor"], f"{w}.contributor"),
        "prompt_id": x.prompt(ev["prompt_id"], f"{w}.prompt_id"),
    }


def read_briefing(r: StrictReader, b: Mapping[str, Any]) -> dict[str, Any]:
    """The lead's 7-minute briefing (its texts' limits are the schema's): each text, or None
    while the section still follows the review; the marking (printable) and the form."""
    from reviewdesk.domain.exporting import printable_marking

    return {
        **{name: b[name] for name in BRIEFING_TEXTS},
        "marking": printable_marking(b["marking"]),
        "two_pages": b["two_pages"],
        "updated_at": r.stamp(b["updated_at"], "briefing.updated_at"),
    }


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
    """Add the checked sections to the open transaction (``people``: contributor ids by uid).
    Each item's column values go to its row as they are; its links (the fields with no column
    in the table of fields) are written by ``_link_writers``."""
    ids: dict[str, int] = {}
    writers = _link_writers(ids, people)
    for items, model, fields in (
        (incoming.imports, ChronologyImportRow, CHRONOLOGY_IMPORT_FIELDS),
        (incoming.chronology, ChronologyEntryRow, CHRONOLOGY_FIELDS),
        (incoming.episodes, EpisodeRow, EPISODE_FIELDS),
        (incoming.findings, FindingRow, FINDING_FIELDS),
        (incoming.recommendations, RecommendationRow, RECOMMENDATION_FIELDS),
        (incoming.actions, ActionRow, ACTION_FIELDS),
        (incoming.decisions, DecisionRow, DECISION_FIELDS),
    ):
        links = [f.key for f in fields if f.column is None and f.key in writers]
        for item in items:
            row = model(review_id=review_id, **{k: v for k, v in item.items() if k not in links})
            for key in links:
                writers[key](row, item[key])
            session.add(row)
            session.flush()
            ids[row.uid] = row.id
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


def _link_writers(
    ids: Mapping[str, int], people: Mapping[str, int]
) -> dict[str, Callable[[Any, Any], None]]:
    """How each link of the file (by its key) is written to a new row: ``ids`` are the rows
    written so far, by uid; ``people`` the contributors'."""

    def evidence(ev: Mapping[str, str]) -> EvidenceRow:
        if "entry" in ev:
            return EvidenceRow(entry_id=ids[ev["entry"]])
        if "episode" in ev:
            return EvidenceRow(episode_id=ids[ev["episode"]])
        return EvidenceRow(contributor_id=people[ev["contributor"]], prompt_id=ev["prompt_id"])

    return {
        "import": lambda row, uid: setattr(row, "import_id", ids.get(uid or "")),
        "entries": lambda row, uids: setattr(
            row, "entries", [EpisodeEntryRow(entry_id=ids[u]) for u in dict.fromkeys(uids)]
        ),
        "evidence": lambda row, links: setattr(row, "evidence", [evidence(ev) for ev in links]),
        "findings": lambda row, uids: setattr(
            row,
            "findings",
            [RecommendationFindingRow(finding_id=ids[u]) for u in dict.fromkeys(uids)],
        ),
        "recommendation": lambda row, uid: setattr(
            row, "recommendation_id", ids[uid] if uid else None
        ),
    }
