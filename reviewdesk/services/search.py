"""Search across every review: answers, key learning, findings, chronology, key practice
episodes, recommendations and actions (issue 8). Never private notes, never the name key.

The words typed become a safe FTS5 query (reviewdesk/domain/search_query.py); the store keeps the
index in step with every change (reviewdesk/store/search.py). Reviews in the Trash are left out.
The date range applies to each review's period date (reviewdesk/domain/periods.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.search import (
    NO_THEME,
    HitKind,
    ReviewHits,
    SearchHit,
    SearchLocation,
    SearchResults,
    ThemeHits,
)
from reviewdesk.domain.search_query import SearchQuery, parse_query
from reviewdesk.store import search as index
from reviewdesk.store.engine import Store
from reviewdesk.store.queries import framework_from_json
from reviewdesk.store.tables import (
    ChronologyEntryRow,
    EpisodeRow,
    FindingRow,
    RecommendationRow,
    ReviewRow,
)

DEFAULT_LIMIT = 200
_KINDS = {kind.value: kind for kind in HitKind}  # faster than HitKind(value), 200 times a search
_LEAD_ITEMS = frozenset(kind for kind in HitKind if kind.is_lead_item)
NO_THEME_TITLE = "Recommendations, actions and items not linked to a theme"


def _short(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class _FrameworkOf(Protocol):
    """A review row, or a row of its columns: which framework its answers are written to."""

    @property
    def id(self) -> int: ...
    @property
    def framework_id(self) -> str: ...
    @property
    def framework_version(self) -> str: ...


class SearchService:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._frameworks: dict[tuple[str, str], Framework] = {}
        self._labels: dict[tuple[str, str], dict[str, str]] = {}  # prompt id -> its words
        self._themes: dict[tuple[str, str], tuple[dict[str, int], dict[str, str]]] = {}

    # --- the purge hook (ReviewService.purge_hooks) ---------------------------------------------

    def forget_review(self, session: Session, review_id: int) -> None:
        """A review is being deleted for good: its rows leave the index as they are deleted, and
        the whole index is rebuilt before the purge commits, so no trace of its words stays in
        the index's pages (then ``Store.scrub`` vacuums the file); a server's rows for it are
        deleted at once (store/search.py)."""
        index.forget_review(session, review_id)

    # --- searching ------------------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        themes: Iterable[str] = (),
        review_types: Iterable[str] = (),
        date_from: date | None = None,
        date_to: date | None = None,
        agencies: Iterable[str] = (),
        statuses: Iterable[str] = (),
        limit: int = DEFAULT_LIMIT,
    ) -> SearchResults:
        """The best ``limit`` hits for what was typed (any text at all), grouped by review (the
        review with the best hit first) and then by theme (in the framework's order). Text with
        nothing to search for gives empty results with ``searched`` False."""
        limit = max(1, min(limit, 2**31))  # any number at all: never one SQLite cannot hold
        query = parse_query(text)
        match = query.match
        if match is None:
            return SearchResults(text=query.text, terms=())
        filters = index.Filters(
            themes=tuple(themes),
            review_types=tuple(str(t) for t in review_types),
            statuses=tuple(str(s) for s in statuses),
            agencies=tuple(a for a in agencies if a.strip()),
            date_from=date_from,
            date_to=date_to,
        )
        with self._store.read() as session:
            if not index.pending(session):
                return self._results(session, query, filters, limit)
        # Changes written outside a store write transaction (normally none): the store applies
        # the queue to the index as this transaction commits.
        with self._store.write():
            pass
        with self._store.read() as session:
            return self._results(session, query, filters, limit)

    def _results(
        self, session: Session, query: SearchQuery, filters: index.Filters, limit: int
    ) -> SearchResults:
        match = query.match or ""
        ranked = not index.too_common_to_rank(session, match)
        raw = index.search(session, match, filters, max(1, limit), ranked=ranked)
        truncated = len(raw) > limit
        raw = raw[:limit]
        return SearchResults(
            text=query.text,
            terms=query.terms,
            reviews=self._group(session, raw, filters.themes),
            truncated=truncated,
            ranked=ranked,
        )

    # --- building the read models ---------------------------------------------------------------

    def _prompt_labels(self, framework: Framework) -> dict[str, str]:
        """Each prompt's words as a hit says where it is, worked out once per framework (a
        search of 200 hits looked through every prompt for each of them)."""
        key = (framework.id, framework.version)
        if key not in self._labels:
            self._labels[key] = {
                p.id: _short(p.text, 110) for th in framework.themes for p in th.prompts
            }
        return self._labels[key]

    def _theme_order(self, framework: Framework) -> tuple[dict[str, int], dict[str, str]]:
        """Each theme's place and title, worked out once per framework (not once per review
        found)."""
        key = (framework.id, framework.version)
        if key not in self._themes:
            self._themes[key] = (
                {t.id: i for i, t in enumerate(framework.themes)},
                {t.id: t.title for t in framework.themes},
            )
        return self._themes[key]

    def _framework(self, session: Session, review: _FrameworkOf) -> Framework:
        key = (review.framework_id, review.framework_version)
        if key not in self._frameworks:
            stored = session.scalar(
                select(ReviewRow.framework_json).where(ReviewRow.id == review.id)
            )
            self._frameworks[key] = framework_from_json(stored or "{}")
        return self._frameworks[key]

    def _group(
        self, session: Session, raw: list[index.RawHit], wanted_themes: tuple[str, ...]
    ) -> tuple[ReviewHits, ...]:
        if not raw:
            return ()
        review_ids = list(dict.fromkeys(h.review_id for h in raw))
        reviews = index.review_heads(session, review_ids)
        who = index.contributor_roles(session, {h.contributor_id for h in raw if h.contributor_id})
        labels = self._item_labels(session, raw)
        frameworks = {rid: self._framework(session, reviews[rid]) for rid in review_ids}
        grouped: dict[int, dict[str, list[SearchHit]]] = {rid: {} for rid in review_ids}
        for h in raw:
            kind = _KINDS[h.kind]
            theme_id = next((t for t in h.theme_ids if t in wanted_themes), None) or next(
                iter(h.theme_ids), NO_THEME
            )
            lead_item = kind in _LEAD_ITEMS
            location = SearchLocation(
                review_id=h.review_id,
                kind=kind,
                contributor_id=h.contributor_id,
                theme_id=theme_id,
                prompt_id=h.target if kind is HitKind.ANSWER else "",
                item_id=h.doc_id // 16 if lead_item else None,
                item_uid=h.target if lead_item else "",
                field=h.field,
            )
            where = labels.get(h.doc_id) or self._where(frameworks[h.review_id], kind, h)
            hit = SearchHit(
                kind=kind,
                snippet=h.snippet,
                location=location,
                where=where,
                who=who.get(h.contributor_id or 0, ""),
                rank=h.rank,
            )
            by_theme = grouped[h.review_id]
            if theme_id in by_theme:
                by_theme[theme_id].append(hit)
            else:
                by_theme[theme_id] = [hit]
        out = []
        for rid in review_ids:
            r = reviews[rid]
            order, titles = self._theme_order(frameworks[rid])
            last = len(order)
            by_theme = grouped[rid]
            themes = tuple(
                ThemeHits(
                    theme_id=tid,
                    title=titles.get(tid, NO_THEME_TITLE if tid == NO_THEME else tid),
                    hits=tuple(by_theme[tid]),
                )
                for tid in (
                    sorted(by_theme, key=lambda t: order.get(t, last))
                    if len(by_theme) > 1
                    else by_theme
                )
            )
            out.append(
                ReviewHits(
                    review_id=rid,
                    reference=r.reference,
                    title=r.title,
                    review_type=r.review_type,
                    status=r.status,
                    period_date=r.period_date,
                    archived=r.archived,
                    themes=themes,
                )
            )
        return tuple(out)

    def _where(self, framework: Framework, kind: HitKind, h: index.RawHit) -> str:
        if kind is HitKind.ANSWER:
            prompt = self._prompt_labels(framework).get(h.target)
            if prompt is None:
                return "Answer"
            return prompt + (" (evidence)" if h.field == "evidence" else "")
        if kind is HitKind.KEY_LEARNING:
            return "Key learning"
        return kind.label

    @staticmethod
    def _item_labels(session: Session, raw: list[index.RawHit]) -> dict[int, str]:
        """Words naming each lead item: "Finding F2", "Chronology entry, 3 Mar 2024", ..."""
        by_kind: dict[str, list[index.RawHit]] = defaultdict(list)
        for h in raw:
            by_kind[h.kind].append(h)
        labels: dict[int, str] = {}

        def rows(kind: str, model: Any, *columns: Any) -> dict[int, Any]:
            hits = by_kind.get(kind, [])
            if not hits:
                return {}
            ids = {h.doc_id // 16 for h in hits}
            found = session.execute(select(model.id, *columns).where(model.id.in_(ids))).all()
            return {r[0]: r[1:] for r in found}

        for kind, model, columns, label in (
            ("finding", FindingRow, (FindingRow.ref,), lambda r: f"Finding {r[0]}"),
            (
                "chronology",
                ChronologyEntryRow,
                (ChronologyEntryRow.occurred_on, ChronologyEntryRow.agency),
                lambda r: ", ".join(p for p in ("Chronology entry", date_label(r[0]), r[1]) if p),
            ),
            (
                "episode",
                EpisodeRow,
                (EpisodeRow.title,),
                lambda r: f"Key practice episode: {_short(r[0], 60)}",
            ),
            (
                "recommendation",
                RecommendationRow,
                (RecommendationRow.ref,),
                lambda r: f"Recommendation {r[0]}",
            ),
        ):
            found = rows(kind, model, *columns)
            for h in by_kind.get(kind, []):
                if h.doc_id // 16 in found:
                    labels[h.doc_id] = label(found[h.doc_id // 16])
        return labels
