"""Reads of a review lead's analysis: rows into the domain's frozen read models.

Like :mod:`reviewdesk.store.queries`, these take an open session (the service owns the
transaction) and never return ORM objects.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.domain.analysis import (
    Action,
    ActionStatus,
    Analysis,
    ChronologyEntry,
    Citation,
    DatePrecision,
    EvidenceKind,
    EvidenceLink,
    Finding,
    FindingKind,
    ImpactEntry,
    ImpactKind,
    PartnerResponse,
    PracticeEpisode,
    Recommendation,
)
from reviewdesk.domain.decisions import DecisionKind, Outcome, PanelResponse, Partner
from reviewdesk.store.queries import framework_of
from reviewdesk.store.tables import (
    ActionRow,
    ChronologyEntryRow,
    CitationRow,
    ContributorRow,
    EpisodeEntryRow,
    EpisodeRow,
    EvidenceRow,
    FindingRow,
    ImpactRow,
    RecommendationRow,
    ReviewRow,
)


def ids_of(text: str) -> tuple[str, ...]:
    """A JSON list of strings, as stored in ``theme_ids`` and ``contributory_factors``."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def json_list(values: tuple[str, ...] | list[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None


# --- one table of fields per analysis table ---------------------------------------------------
#
# Each analysis table is described once, as a list of fields: the attribute of the domain read
# model, the column of the row, the key in the JSON exchange file and the kind of value (how it
# converts between the three). The domain read models (``domain_values``, below), the exchange
# writer (``exchange_item``) and the exchange reader (``columns_from_exchange``, checked by
# services/exchange/analysis.py) are all driven by these lists, in their order (which is the
# order of the keys in the file). A new field is one line here (and one in the JSON Schema).


def _same(value: Any) -> Any:
    return value


def _iso(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _parse_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _parse_stamp(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Kind:
    """How one kind of value goes between the row (``column``), the exchange file (``json``)
    and the domain read model (``domain``). ``name`` lets a reader add the checks a schema
    cannot make (a real date, a theme of this framework, a uid not used twice)."""

    name: str
    to_json: Callable[[Any], Any] = _same
    from_json: Callable[[Any], Any] = _same
    to_domain: Callable[[Any], Any] = _same


def choice(enum: type[Enum]) -> Kind:
    """A value of ``enum``, stored and written as its value."""
    return Kind("choice", to_domain=enum)


def optional_choice(enum: type[Enum], none: Any = None) -> Kind:
    """A value of ``enum`` or none yet: stored as "", written as null, read as ``none``."""
    return Kind(
        "choice",
        to_json=lambda v: v or None,
        from_json=lambda v: "" if v is None else v,
        to_domain=lambda v: enum(v) if v else none,
    )


def _partners_json(value: Iterable[str]) -> str:
    chosen = set(value)
    return json.dumps([p.value for p in Partner if p.value in chosen])


UID = Kind("uid")
TEXT = Kind("text", to_domain=lambda v: v or "")
FLAG = Kind("flag", to_json=bool, to_domain=bool)
NUMBER = Kind("number")
DAY = Kind("day", to_json=_iso, from_json=_parse_day)
STAMP = Kind("stamp", to_json=_iso, from_json=_parse_stamp)
REMOVED = Kind("stamp", to_json=_iso, from_json=_parse_stamp, to_domain=_day)
THEMES = Kind(
    "themes",
    to_json=lambda v: list(ids_of(v)),
    from_json=lambda v: json_list(list(dict.fromkeys(v))),
    to_domain=ids_of,
)
TEXTS = Kind("texts", to_json=lambda v: list(ids_of(v)), from_json=json_list, to_domain=ids_of)
PARTNERS = Kind(
    "partners",
    to_json=lambda v: json.loads(v or "[]"),
    from_json=_partners_json,
    to_domain=lambda v: tuple(Partner(p) for p in json.loads(v or "[]")),
)
LINK = Kind("link")  # a link to other items by uid: the caller writes and reads it
ROW_ID = Kind("row id")  # the row's id, in the domain only

_REQUIRED: Any = object()


@dataclass(frozen=True, slots=True)
class Field:
    domain: str | None  # attribute of the domain read model (None: not in it)
    column: str | None  # attribute of the row (None: a link the caller resolves)
    key: str | None  # key in the exchange file (None: never exchanged)
    kind: Kind = TEXT
    absent: Any = _REQUIRED  # the file's value when the key is missing (a later addition)


STAMPS = (
    Field(None, "created_at", "created_at", STAMP),
    Field(None, "updated_at", "updated_at", STAMP),
)
REMOVABLE = (*STAMPS, Field("removed_on", "removed_at", "removed_at", REMOVED))
IDS = (Field("id", "id", None, ROW_ID), Field("uid", "uid", "uid", UID))

CHRONOLOGY_IMPORT_FIELDS = (
    Field(None, "uid", "uid", UID),
    Field(None, "agency", "agency"),
    Field(None, "file_name", "file_name"),
    Field(None, "rows", "rows", NUMBER),
    Field(None, "imported_at", "imported_at", STAMP),
)
CHRONOLOGY_FIELDS = (
    *IDS,
    Field("when", "occurred_on", "date", DAY),
    Field("precision", "precision", "precision", choice(DatePrecision)),
    Field("agency", "agency", "agency"),
    Field("what_happened", "what_happened", "what_happened"),
    Field("source", "source", "source"),
    Field("significant", "significant", "significant", FLAG),
    Field("positive_practice", "positive_practice", "positive_practice", FLAG),
    Field("theme_ids", "theme_ids", "theme_ids", THEMES),
    Field("source_agency", "source_agency", "source_agency"),
    Field(None, None, "import", LINK),
    *REMOVABLE,
)
EPISODE_FIELDS = (
    *IDS,
    Field("title", "title", "title"),
    Field("start", "start_on", "start", DAY),
    Field("end", "end_on", "end", DAY),
    Field("what_happened", "what_happened", "what_happened"),
    Field("what_was_known", "what_was_known", "what_was_known"),
    Field("what_was_done", "what_was_done", "what_was_done"),
    Field("contributory_factors", "contributory_factors", "contributory_factors", TEXTS),
    Field("theme_ids", "theme_ids", "theme_ids", THEMES),
    Field(None, None, "entries", LINK),
    *REMOVABLE,
)
FINDING_FIELDS = (
    *IDS,
    Field("ref", "ref", "ref"),
    Field("statement", "statement", "statement"),
    Field("kind", "kind", "kind", choice(FindingKind)),
    Field("theme_ids", "theme_ids", "theme_ids", THEMES),
    Field("question", "question", "question"),
    Field("pattern_evidence", "pattern_evidence", "pattern_evidence", absent=""),
    Field(None, None, "evidence", LINK),
    *REMOVABLE,
)
RECOMMENDATION_FIELDS = (
    *IDS,
    Field("ref", "ref", "ref"),
    Field("text", "text", "text"),
    Field(None, None, "findings", LINK),
    Field("owner_partner", "owner_partner", "owner_partner", optional_choice(Partner), None),
    Field(
        "response",
        "response",
        "response",
        optional_choice(PartnerResponse, PartnerResponse.NONE),
        None,
    ),
    Field("response_on", "response_on", "response_on", DAY, None),
    Field("response_text", "response_text", "response_text", absent=""),
    *REMOVABLE,
)
ACTION_FIELDS = (
    *IDS,
    Field("recommendation_id", "recommendation_id", None, ROW_ID),
    Field(None, None, "recommendation", LINK),
    Field("description", "description", "description"),
    Field("owner_agency", "owner_agency", "owner_agency"),
    Field("owner_role", "owner_role", "owner_role"),
    Field("due", "due_on", "due", DAY),
    Field("status", "status", "status", choice(ActionStatus)),
    Field("how_we_will_know", "how_we_will_know", "how_we_will_know"),
    Field("impact_evidence", "impact_evidence", "impact_evidence"),
    Field("impact_recorded_on", "impact_recorded_on", "impact_recorded_on", DAY),
    Field("completed_on", "completed_on", "completed_on", DAY, None),  # migration 0012
    Field(None, None, "impact_log", LINK, []),
    *STAMPS,
)
DECISION_FIELDS = (
    *IDS,
    Field("kind", "kind", "kind", choice(DecisionKind)),
    Field("decided_on", "decided_on", "decided_on", DAY),
    Field("outcome", "outcome", "outcome", optional_choice(Outcome)),
    Field("summary", "summary", "summary"),
    Field("reasons", "reasons", "reasons"),
    Field("partners", "partners", "partners", PARTNERS),
    Field("taken_by", "taken_by", "taken_by"),
    Field(
        "panel_response",
        "panel_response",
        "panel_response",
        optional_choice(PanelResponse, PanelResponse.NONE),
    ),
    Field("panel_response_on", "panel_response_on", "panel_response_on", DAY),
    Field("panel_comments", "panel_comments", "panel_comments"),
    *STAMPS,
)


def domain_values(fields: Iterable[Field], row: Any) -> dict[str, Any]:
    """The domain read model's values from a row (links are the caller's)."""
    return {
        f.domain: f.kind.to_domain(getattr(row, f.column))
        for f in fields
        if f.domain is not None and f.column is not None
    }


def exchange_item(
    fields: Iterable[Field], row: Any, links: Mapping[str, Callable[[Any], Any]] = {}
) -> dict[str, Any]:
    """A row as an item of the exchange file, in the fields' order (``links``: how to write
    each link, from the row)."""
    return {
        f.key: links[f.key](row) if f.column is None else f.kind.to_json(getattr(row, f.column))
        for f in fields
        if f.key is not None
    }


def columns_from_exchange(
    fields: Iterable[Field],
    item: Mapping[str, Any],
    checks: Mapping[str, Callable[[Any, str], Any]] = {},
    where: str = "",
) -> dict[str, Any]:
    """An item of the exchange file (already checked against the schema) as column values;
    ``checks`` (by kind name) read what a schema cannot check, naming ``where`` it is. Links
    are left to the caller."""
    out = {}
    for f in fields:
        if f.key is None or f.column is None:
            continue
        value = item[f.key] if f.absent is _REQUIRED else item.get(f.key, f.absent)
        check = checks.get(f.kind.name)
        out[f.column] = check(value, f"{where}.{f.key}") if check else f.kind.from_json(value)
    return out


def entry_of(row: ChronologyEntryRow) -> ChronologyEntry:
    return ChronologyEntry(
        **domain_values(CHRONOLOGY_FIELDS, row),
        import_batch=row.batch.uid if row.batch is not None else "",
        version=row.version,
    )


def episode_of(row: EpisodeRow) -> PracticeEpisode:
    return PracticeEpisode(
        **domain_values(EPISODE_FIELDS, row),
        entry_ids=tuple(sorted(link.entry_id for link in row.entries)),
        version=row.version,
    )


def action_of(row: ActionRow, refs: dict[int, str]) -> Action:
    return Action(
        **domain_values(ACTION_FIELDS, row),
        recommendation_ref=refs.get(row.recommendation_id or 0, ""),
        impact_log=tuple(impact_of(i) for i in row.impacts),
        version=row.version,
    )


def impact_of(row: ImpactRow) -> ImpactEntry:
    return ImpactEntry(
        recorded_on=row.recorded_on,
        evidence=row.evidence,
        kind=ImpactKind(row.kind),
        id=row.id,
        uid=row.uid,
        version=row.version,
    )


def ref_number(ref: str) -> tuple[int, str]:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return (int(digits) if digits else 0, ref)


def analysis_of(session: Session, review: ReviewRow) -> Analysis:
    """Everything the lead has recorded for one review, in reading order: the chronology by
    date, episodes by start, findings and recommendations by their reference, actions by due
    date (those without one last)."""
    rid = review.id
    entries = session.scalars(
        select(ChronologyEntryRow)
        .where(ChronologyEntryRow.review_id == rid)
        .options(selectinload(ChronologyEntryRow.batch))
    ).all()
    chronology = sorted((entry_of(r) for r in entries), key=lambda e: e.sort_key)
    by_entry = {e.id: e for e in chronology}

    episode_rows = session.scalars(
        select(EpisodeRow)
        .where(EpisodeRow.review_id == rid)
        .options(selectinload(EpisodeRow.entries))
    ).all()
    episodes = sorted(
        (episode_of(r) for r in episode_rows), key=lambda e: (e.start or date.max, e.id)
    )
    by_episode = {e.id: e for e in episodes}

    framework = framework_of(review)
    prompts = {p.id: p.text for t in framework.themes for p in t.prompts}
    people = {
        c.id: ", ".join(p for p in (c.role, c.agency) if p) or "Contributor"
        for c in session.scalars(select(ContributorRow).where(ContributorRow.review_id == rid))
    }

    finding_rows = session.scalars(
        select(FindingRow)
        .where(FindingRow.review_id == rid)
        .options(selectinload(FindingRow.evidence))
    ).all()
    findings = []
    for row in sorted(finding_rows, key=lambda r: (ref_number(r.ref), r.id)):
        links = [
            link
            for ev in row.evidence
            if (link := _evidence_link(ev, by_entry, by_episode, prompts, people)) is not None
        ]
        findings.append(
            Finding(
                **domain_values(FINDING_FIELDS, row),
                evidence=tuple(link.text for link in links),
                links=tuple(links),
                version=row.version,
            )
        )
    finding_refs = {f.id: f.ref for f in findings}

    rec_rows = session.scalars(
        select(RecommendationRow)
        .where(RecommendationRow.review_id == rid)
        .options(selectinload(RecommendationRow.findings))
    ).all()
    recommendations = []
    for rec in sorted(rec_rows, key=lambda r: (ref_number(r.ref), r.id)):
        ids = tuple(sorted(link.finding_id for link in rec.findings))
        recommendations.append(
            Recommendation(
                **domain_values(RECOMMENDATION_FIELDS, rec),
                finding_refs=tuple(
                    sorted((finding_refs[i] for i in ids if i in finding_refs), key=ref_number)
                ),
                finding_ids=ids,
                version=rec.version,
            )
        )
    rec_refs = {r.id: r.ref for r in recommendations}

    action_rows = session.scalars(
        select(ActionRow).where(ActionRow.review_id == rid).options(selectinload(ActionRow.impacts))
    ).all()
    actions = sorted(
        (action_of(r, rec_refs) for r in action_rows),
        key=lambda a: (a.due or date.max, a.id),
    )

    citations = session.execute(
        select(CitationRow.contributor_id, CitationRow.prompt_id, CitationRow.entry_id)
        .join(ContributorRow, CitationRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id == rid)
        .order_by(CitationRow.id)
    ).all()
    return Analysis(
        chronology=tuple(chronology),
        episodes=tuple(episodes),
        findings=tuple(findings),
        recommendations=tuple(recommendations),
        actions=tuple(actions),
        citations=tuple(Citation(c, p, e) for c, p, e in citations),
    )


def _evidence_link(
    ev: EvidenceRow,
    entries: Mapping[int, ChronologyEntry],
    episodes: Mapping[int, PracticeEpisode],
    prompts: Mapping[str, str],
    people: Mapping[int, str],
) -> EvidenceLink | None:
    """What one piece of a finding's evidence points at, in words (None: a chronology entry or
    episode that is no longer there)."""
    if ev.entry_id is not None:
        e = entries.get(ev.entry_id)
        if e is None:
            return None
        return EvidenceLink(EvidenceKind.ENTRY, e.id, "", e.line, e.removed_on is not None)
    if ev.episode_id is not None:
        ep = episodes.get(ev.episode_id)
        if ep is None:
            return None
        return EvidenceLink(EvidenceKind.EPISODE, ep.id, "", ep.title, ep.removed_on is not None)
    if ev.contributor_id is None:
        return None
    prompt = prompts.get(ev.prompt_id, ev.prompt_id)
    who = people.get(ev.contributor_id, "Contributor")
    return EvidenceLink(
        EvidenceKind.ANSWER,
        ev.contributor_id,
        ev.prompt_id,
        f"{who}, answering: {prompt}",
        ev.prompt_id not in prompts,
    )


def cited_entries(session: Session, review_id: int) -> dict[int, list[str]]:
    """For each chronology entry of a review, what cites it, in words."""
    out: dict[int, list[str]] = defaultdict(list)
    for entry_id, ref in session.execute(
        select(EvidenceRow.entry_id, FindingRow.ref)
        .join(FindingRow, EvidenceRow.finding_id == FindingRow.id)
        .where(FindingRow.review_id == review_id, EvidenceRow.entry_id.is_not(None))
    ):
        if entry_id is not None:  # the query keeps cited entries only; this tells the checker
            out[entry_id].append(f"finding {ref}")
    for entry_id, title in session.execute(
        select(EpisodeEntryRow.entry_id, EpisodeRow.title)
        .join(EpisodeRow, EpisodeEntryRow.episode_id == EpisodeRow.id)
        .where(EpisodeRow.review_id == review_id)
    ):
        out[entry_id].append(f"the key practice episode '{title}'")
    for entry_id, role in session.execute(
        select(CitationRow.entry_id, ContributorRow.role)
        .join(ContributorRow, CitationRow.contributor_id == ContributorRow.id)
        .where(ContributorRow.review_id == review_id)
    ):
        out[entry_id].append(f"an answer by the {role or 'contributor'}")
    return out
