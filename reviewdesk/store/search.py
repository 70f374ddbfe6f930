"""The full-text index across every review (SQLite FTS5; created by migration 0006).

Triggers on the searchable tables record each change in ``search_queue`` (plain SQL: with
``trusted_schema = OFF`` SQLite 3.40 allows neither FTS5 nor JSON functions in triggers), and
:func:`apply_pending` applies the queue to ``search_index`` inside the same write transaction,
just before it commits (:class:`reviewdesk.store.engine.Store` calls it). So the index is in step
with every committed change, and a rolled-back change never reaches it.

A purge asks for a full ``rebuild`` of the index (:func:`request_rebuild`): FTS5 on SQLite 3.40
keeps deleted terms in its segments until they are merged, so only a rebuild (then the VACUUM of
``Store.scrub``) removes every trace of a purged review's words from the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, bindparam, delete, select, text
from sqlalchemy.orm import Session

from reviewdesk.domain.search import HIGHLIGHT_END, HIGHLIGHT_START
from reviewdesk.store.queries import framework_from_json
from reviewdesk.store.tables import ReviewRow, SearchQueueRow

INDEX = "search_index"
_REBUILD = "reviewdesk.search.rebuild"
ELLIPSIS = "…"
SNIPPET_TOKENS = 14


def is_index_table(name: str) -> bool:
    """The FTS5 table and its shadow tables (``search_index_data`` ...): SQLite's, not models."""
    return name == INDEX or name.startswith(INDEX + "_")


def has_index(session: Session) -> bool:
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": INDEX}
    ).first()
    return found is not None


def request_rebuild(session: Session) -> None:
    """Rebuild the whole index when this transaction commits (after a purge)."""
    session.info[_REBUILD] = True


def pending(session: Session) -> bool:
    return session.execute(select(SearchQueueRow.seq).limit(1)).first() is not None


def _prompt_themes(session: Session, review_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """For each review, its framework's prompt id -> theme id."""
    wanted = sorted(set(review_ids))
    out: dict[int, dict[str, str]] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(ReviewRow.id, ReviewRow.framework_json).where(
                ReviewRow.id.in_(wanted[start : start + 500])
            )
        ).all()
        for review_id, framework_json in rows:
            out[review_id] = _prompt_map(framework_json)
    return out


@lru_cache(maxsize=32)
def _prompt_map(framework_json: str) -> dict[str, str]:
    """Prompt id -> theme id for one framework. Cached by the framework's text: every autosave
    of an answer asks, and reading the framework again each time doubled the cost of a save.
    (Callers only read the mapping.)"""
    framework = framework_from_json(framework_json)
    return {p.id: th.id for th in framework.themes for p in th.prompts}


def _theme_list(kind: str | None, theme: str | None) -> str:
    if kind == "key_learning":
        return json.dumps([theme] if theme else [])
    return theme or "[]"


_INSERT = text(
    f"INSERT INTO {INDEX} (rowid, body, kind, field, review_id, contributor_id, theme_ids, "
    "target) VALUES (:doc_id, :body, :kind, :field, :review_id, :contributor_id, :theme_ids, "
    ":target)"
)
_DELETE = text(f"DELETE FROM {INDEX} WHERE rowid = :doc_id")


def apply_pending(session: Session) -> None:
    """Apply the queued changes to the index (the newest state of each field wins), and rebuild
    the index if a purge asked for it. Runs inside the caller's write transaction."""
    session.flush()
    rows = session.execute(
        select(
            SearchQueueRow.doc_id,
            SearchQueueRow.body,
            SearchQueueRow.kind,
            SearchQueueRow.field,
            SearchQueueRow.review_id,
            SearchQueueRow.contributor_id,
            SearchQueueRow.theme,
            SearchQueueRow.target,
        ).order_by(SearchQueueRow.seq)
    ).all()
    if rows:
        latest = {row.doc_id: row for row in rows}
        session.execute(_DELETE, [{"doc_id": d} for d in latest])
        adds = [row for row in latest.values() if row.body is not None]
        themes = _prompt_themes(session, (r.review_id for r in adds if r.kind == "answer"))
        values = []
        for row in adds:
            if row.kind == "answer":
                theme = themes.get(row.review_id, {}).get(row.target or "")
                theme_ids = json.dumps([theme] if theme else [])
            else:
                theme_ids = _theme_list(row.kind, row.theme)
            values.append(
                {
                    "doc_id": row.doc_id,
                    "body": row.body,
                    "kind": row.kind,
                    "field": row.field,
                    "review_id": row.review_id,
                    "contributor_id": row.contributor_id,
                    "theme_ids": theme_ids,
                    "target": row.target,
                }
            )
        if values:
            session.execute(_INSERT, values)
        session.execute(delete(SearchQueueRow))
    if session.info.pop(_REBUILD, False):
        session.execute(text(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('rebuild')"))


# --- searching ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    themes: tuple[str, ...] = ()
    review_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()  # agencies involved in the review (any of them)
    date_from: date | None = None  # on the review's period date (domain.search.review_period_date)
    date_to: date | None = None


@dataclass(frozen=True, slots=True)
class RawHit:
    doc_id: int
    kind: str
    field: str
    review_id: int
    contributor_id: int | None
    theme_ids: tuple[str, ...]
    target: str
    snippet: str
    rank: float


# The period date of a review, as SQL: the same rule as domain.search.review_period_date.
PERIOD_DATE_SQL = "coalesce(r.notification_date, r.incident_date, date(r.created_at))"


# Ranking (bm25) costs about a microsecond and a half per matching field, so for words found
# almost everywhere ("the", "child") it would take a quarter of a second over a 1,000-review
# library, and rank nothing useful. Above this many matching fields, hits come newest first.
RANK_AT_MOST = 10_000


def too_common_to_rank(session: Session, match: str) -> bool:
    """More than RANK_AT_MOST fields match (counting stops there, so this is quick)."""
    found = session.execute(
        text(f"SELECT count(*) FROM (SELECT 1 FROM {INDEX} WHERE {INDEX} MATCH :match LIMIT :cap)"),
        {"match": match, "cap": RANK_AT_MOST + 1},
    ).scalar()
    return bool(found and found > RANK_AT_MOST)


def search(
    session: Session, match: str, filters: Filters, limit: int, *, ranked: bool = True
) -> list[RawHit]:
    """Hits for an FTS5 MATCH expression (built by domain.search_query, never raw input), best
    first (bm25) or, with ``ranked=False``, newest first; leaving out reviews in the Trash.
    ``limit`` + 1 rows at most."""
    where = ["s.search_index MATCH :match", "r.deleted_at IS NULL"]
    params: dict[str, object] = {"match": match, "limit": limit + 1}
    binds: list[BindParameter[Any]] = []
    if filters.themes:
        where.append("EXISTS (SELECT 1 FROM json_each(s.theme_ids) AS j WHERE j.value IN :themes)")
        params["themes"] = list(filters.themes)
        binds.append(bindparam("themes", expanding=True))
    if filters.review_types:
        where.append("r.review_type IN :types")
        params["types"] = list(filters.review_types)
        binds.append(bindparam("types", expanding=True))
    if filters.statuses:
        where.append("r.status IN :statuses")
        params["statuses"] = list(filters.statuses)
        binds.append(bindparam("statuses", expanding=True))
    if filters.agencies:
        where.append(
            "EXISTS (SELECT 1 FROM review_agency AS a WHERE a.review_id = r.id "
            "AND lower(a.name) IN :agencies)"
        )
        params["agencies"] = [a.strip().lower() for a in filters.agencies]
        binds.append(bindparam("agencies", expanding=True))
    if filters.date_from is not None:
        where.append(f"{PERIOD_DATE_SQL} >= :date_from")
        params["date_from"] = filters.date_from.isoformat()
    if filters.date_to is not None:
        where.append(f"{PERIOD_DATE_SQL} <= :date_to")
        params["date_to"] = filters.date_to.isoformat()
    sql = text(
        "SELECT s.rowid, s.kind, s.field, s.review_id, s.contributor_id, s.theme_ids, s.target, "
        f"snippet(s.search_index, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '{ELLIPSIS}', "
        f"{SNIPPET_TOKENS}), s.rank "
        f"FROM {INDEX} AS s JOIN review AS r ON r.id = s.review_id "
        f"WHERE {' AND '.join(where)} ORDER BY {'s.rank' if ranked else 's.rowid DESC'} "
        "LIMIT :limit"
    )
    if binds:
        sql = sql.bindparams(*binds)
    rows = session.execute(sql, params).all()
    return [
        RawHit(
            doc_id=row[0],
            kind=row[1],
            field=row[2],
            review_id=row[3],
            contributor_id=row[4],
            theme_ids=_ids(row[5]),
            target=row[6] or "",
            snippet=row[7] or "",
            rank=float(row[8]),
        )
        for row in rows
    ]


def _ids(value: str | None) -> tuple[str, ...]:
    try:
        found = json.loads(value or "[]")
    except ValueError:
        return ()
    return tuple(v for v in found if isinstance(v, str)) if isinstance(found, list) else ()


def index_size(session: Session) -> tuple[int, int]:
    """(rows in the index, bytes of its pages): for benchmarks and the self-test."""
    rows = session.execute(text(f"SELECT count(*) FROM {INDEX}")).scalar() or 0
    size = session.execute(
        text("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE :n"),
        {"n": INDEX + "%"},
    ).scalar()
    return int(rows), int(size or 0)
