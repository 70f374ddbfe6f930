"""Reads of a review lead's analysis: rows into the domain's frozen read models.

Like :mod:`reviewdesk.store.queries`, these take an open session (the service owns the
transaction) and never return ORM objects.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.domain.decisions import Partner
from reviewdesk.domain.learning import (
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


def entry_of(row: ChronologyEntryRow) -> ChronologyEntry:
    return ChronologyEntry(
        when=row.occurred_on,
        what_happened=row.what_happened,
        agency=row.agency,
        source=row.source,
        precision=DatePrecision(row.precision),
        significant=bool(row.significant),
        positive_practice=bool(row.positive_practice),
        theme_ids=ids_of(row.theme_ids),
        id=row.id,
        uid=row.uid,
        source_agency=row.source_agency,
        import_batch=row.batch.uid if row.batch is not None else "",
        removed_on=_day(row.removed_at),
    )


def episode_of(row: EpisodeRow) -> PracticeEpisode:
    return PracticeEpisode(
        title=row.title,
        start=row.start_on,
        end=row.end_on,
        what_happened=row.what_happened,
        what_was_known=row.what_was_known,
        what_was_done=row.what_was_done,
        contributory_factors=ids_of(row.contributory_factors),
        theme_ids=ids_of(row.theme_ids),
        id=row.id,
        uid=row.uid,
        entry_ids=tuple(sorted(link.entry_id for link in row.entries)),
        removed_on=_day(row.removed_at),
    )


def action_of(row: ActionRow, refs: dict[int, str]) -> Action:
    return Action(
        description=row.description,
        recommendation_ref=refs.get(row.recommendation_id or 0, ""),
        owner_agency=row.owner_agency,
        owner_role=row.owner_role,
        due=row.due_on,
        status=ActionStatus(row.status),
        how_we_will_know=row.how_we_will_know,
        impact_evidence=row.impact_evidence,
        id=row.id,
        uid=row.uid,
        recommendation_id=row.recommendation_id,
        impact_recorded_on=row.impact_recorded_on,
        impact_log=tuple(impact_of(i) for i in row.impacts),
        completed_on=row.completed_on,
    )


def impact_of(row: ImpactRow) -> ImpactEntry:
    return ImpactEntry(
        recorded_on=row.recorded_on,
        evidence=row.evidence,
        kind=ImpactKind(row.kind),
        id=row.id,
        uid=row.uid,
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
        links = []
        for ev in row.evidence:
            if ev.entry_id is not None and ev.entry_id in by_entry:
                e = by_entry[ev.entry_id]
                links.append(
                    EvidenceLink(EvidenceKind.ENTRY, e.id, "", e.line, e.removed_on is not None)
                )
            elif ev.episode_id is not None and ev.episode_id in by_episode:
                ep = by_episode[ev.episode_id]
                links.append(
                    EvidenceLink(
                        EvidenceKind.EPISODE, ep.id, "", ep.title, ep.removed_on is not None
                    )
                )
            elif ev.contributor_id is not None:
                prompt = prompts.get(ev.prompt_id, ev.prompt_id)
                who = people.get(ev.contributor_id, "Contributor")
                links.append(
                    EvidenceLink(
                        EvidenceKind.ANSWER,
                        ev.contributor_id,
                        ev.prompt_id,
                        f"{who}, answering: {prompt}",
                        ev.prompt_id not in prompts,
                    )
                )
        findings.append(
            Finding(
                ref=row.ref,
                statement=row.statement,
                kind=FindingKind(row.kind),
                theme_ids=ids_of(row.theme_ids),
                question=row.question,
                evidence=tuple(link.text for link in links),
                id=row.id,
                uid=row.uid,
                links=tuple(links),
                removed_on=_day(row.removed_at),
                pattern_evidence=row.pattern_evidence or "",
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
                ref=rec.ref,
                text=rec.text,
                finding_refs=tuple(
                    sorted((finding_refs[i] for i in ids if i in finding_refs), key=ref_number)
                ),
                id=rec.id,
                uid=rec.uid,
                finding_ids=ids,
                removed_on=_day(rec.removed_at),
                owner_partner=Partner(rec.owner_partner) if rec.owner_partner else None,
                response=PartnerResponse(rec.response or ""),
                response_on=rec.response_on,
                response_text=rec.response_text or "",
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
