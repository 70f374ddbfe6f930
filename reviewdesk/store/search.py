"""The full-text index across every review (SQLite FTS5; created by migration 0006).

Triggers on the searchable tables record each change in ``search_queue`` (plain SQL: with
``trusted_schema = OFF`` SQLite 3.40 allows neither FTS5 nor JSON functions in triggers), and
:func:`apply_pending` applies the queue to ``search_index`` inside the same write transaction,
just before it commits (:class:`reviewdesk.store.engine.Store` calls it). So the index is in step
with every committed change, and a rolled-back change never reaches it.

A purge asks for a full ``rebuild`` of the index (:func:`request_rebuild`): FTS5 on SQLite 3.40
keeps deleted terms in its segments until they are merged, so only a rebuild (then the VACUUM of
``Store.scrub``) removes every trace of a purged review's words from the file. The list of the
index's words (store/search_terms.py) is added to as fields are indexed and listed again from
the index after a rebuild.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, bindparam, delete, select, text
from sqlalchemy.orm import Session

from reviewdesk.domain.search import HIGHLIGHT_END, HIGHLIGHT_START
from reviewdesk.domain.search_query import tsquery, tsvector_terms
from reviewdesk.store import search_terms
from reviewdesk.store.queries import framework_from_json
from reviewdesk.store.snippets import (
    ELLIPSIS,
    SNIPPET_TOKENS,
    fts5_snippet,
    make_snippet,
    query_terms,
)
from reviewdesk.store.tables import ReviewRow, SearchQueueRow

INDEX = "search_index"
_REBUILD = "reviewdesk.search.rebuild"
REBUILD = f"INSERT INTO {INDEX} ({INDEX}) VALUES ('rebuild')"  # FTS5: the index again from its text


def is_index_table(name: str) -> bool:
    """The FTS5 table and its shadow tables (``search_index_data`` ...): SQLite's, not models;
    and a library file's list of the index's words (``search_terms``, store/search_terms.py)."""
    return name in (INDEX, search_terms.TERMS) or name.startswith(INDEX + "_")


def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def has_index(session: Session) -> bool:
    if _on_server(session):
        return session.execute(text(f"SELECT to_regclass('{INDEX}')")).scalar() is not None
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": INDEX}
    ).first()
    return found is not None


def request_rebuild(session: Session) -> None:
    """Rebuild the whole index when this transaction commits (after a purge)."""
    session.info[_REBUILD] = True


def forget_review(session: Session, review_id: int) -> None:
    """A review is being deleted for good (called before its row goes). A library file's
    index is rebuilt when the purge commits; a server's rows for it are deleted now, while the
    review is still there: once it has gone, row-level security no longer shows its index
    rows to anyone who may delete them, and its words would stay in the table."""
    if _on_server(session):
        session.execute(text(f"DELETE FROM {INDEX} WHERE review_id = :r"), {"r": review_id})
    else:
        request_rebuild(session)


_PENDING = text("SELECT 1 FROM search_queue LIMIT 1")


def pending(session: Session) -> bool:
    """Changes not yet applied to the index (asked before every search: plain SQL)."""
    return session.execute(_PENDING).first() is not None


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
_PG_DELETE = text(f"DELETE FROM {INDEX} WHERE doc_id = :doc_id")

# PostgreSQL (migration 0006): an ordinary table whose ``terms`` tsvector is made here, from the
# text split and folded exactly as the query builder splits and folds a search box.
_PG_INSERT = text(
    f"INSERT INTO {INDEX} (doc_id, body, kind, field, review_id, contributor_id, theme_ids, "
    "target, terms) VALUES (:doc_id, :body, :kind, :field, :review_id, :contributor_id, "
    ":theme_ids, :target, CAST(:terms AS tsvector)) ON CONFLICT (doc_id) DO UPDATE SET "
    "body = EXCLUDED.body, kind = EXCLUDED.kind, field = EXCLUDED.field, review_id = "
    "EXCLUDED.review_id, contributor_id = EXCLUDED.contributor_id, theme_ids = "
    "EXCLUDED.theme_ids, target = EXCLUDED.target, terms = EXCLUDED.terms"
)
_PG_MAX_POSITION = 16383  # PostgreSQL keeps positions up to this; later ones share it
_PG_MAX_LEXEME = 2046  # bytes


def tsvector_literal(body: str) -> str:
    """The ``tsvector`` for a text: each folded term with its positions (1, 2, ...)."""
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(tsvector_terms(body), start=1):
        if len(term.encode("utf-8")) > _PG_MAX_LEXEME:
            continue
        found = positions.setdefault(term, [])
        if len(found) < 256:  # PostgreSQL keeps at most 256 positions of one lexeme
            found.append(min(i, _PG_MAX_POSITION))
    return " ".join(
        "'"
        + t.replace("\\", "\\\\").replace("'", "''")
        + "':"
        + ",".join(str(p) for p in dict.fromkeys(ps))
        for t, ps in positions.items()
    )


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
        server = _on_server(session)
        session.execute(_PG_DELETE if server else _DELETE, [{"doc_id": d} for d in latest])
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
        if values and server:
            for value in values:
                value["terms"] = tsvector_literal(value["body"])
            session.execute(_PG_INSERT, values)
        elif values:
            session.execute(_INSERT, values)
            if search_terms.has_terms(session):
                search_terms.remember(session, (value["body"] for value in values))
        session.execute(delete(SearchQueueRow))
    if _on_server(session):
        session.info.pop(_REBUILD, None)  # deleted rows leave a server's index with them
    elif session.info.pop(_REBUILD, False):
        session.execute(text(REBUILD))
        if search_terms.has_terms(session):
            search_terms.refill(session)  # a purged review's words leave the list too


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


# SQLite: a filter reads each matching field's review and themes from FTS5's own content table
# (``search_index_content``: ``id`` the rowid, then c0 ... c6 the columns in the order migration
# 0006 declares them), joined by rowid. Asking FTS5 for ``s.review_id`` reads the same row through
# the virtual table, all of its columns each time: 98 against 71 ms for "domestic abuse" in the
# LCSPRs at 10,000 reviews, which walks some 30,000 matches to find 10,000 of theirs.
_WITH_CONTENT = f"{INDEX} AS s JOIN {INDEX}_content AS c ON c.id = s.rowid"
_CONTENT = {  # each column's name in the content table
    name: f"c{i}"
    for i, name in enumerate(
        ("body", "kind", "field", "review_id", "contributor_id", "theme_ids", "target")
    )
}
_REVIEW_ID, _THEME_IDS = f"c.{_CONTENT['review_id']}", f"c.{_CONTENT['theme_ids']}"
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")  # written in JSON as itself, by any writer

# The period date of a review, as SQL: the same rule as domain.search.review_period_date.
PERIOD_DATE_SQL = "coalesce(r.notification_date, r.incident_date, date(r.created_at))"


def _period_sql(session: Session) -> str:
    """PERIOD_DATE_SQL as the session's database writes it (a server casts to a date)."""
    if _on_server(session):
        return PERIOD_DATE_SQL.replace("date(r.created_at)", "CAST(r.created_at AS DATE)")
    return PERIOD_DATE_SQL


# Ranking (bm25) costs about two microseconds of CPU per matching field: ranking every match of
# a common query over 10,000 reviews ("health visitor" is in 110,000 fields, "the" in about 1.6
# million) took 150 ms of CPU for the median query and 1.9 s for "the" (issue 20). So ranking
# looks at a bounded set of candidates: on SQLite, the newest RANK_AT_MOST matching fields (after
# the filters), ranked by bm25 among themselves, so every search is ranked and a query with
# fewer matches than this is ranked exactly. 5,000 rather than 10,000 (session 15): a fifth less
# time for the median search at 10,000 reviews, and of the first 20 fields that ranking every
# match puts first, 132 of the benchmark's 400 are found against 139 with 10,000
# (benchmarks/search.py --caps; docs/performance.md).
RANK_AT_MOST = 5_000
# On PostgreSQL, every match is ranked up to this many matching fields; above it, hits come
# newest first (too_common_to_rank).
RANK_ALL_UP_TO = 10_000


def too_common_to_rank(session: Session, match: str) -> bool:
    """PostgreSQL: more than RANK_ALL_UP_TO fields match (counting stops there: quick).
    SQLite ranks every search, within its newest RANK_AT_MOST matches (see :func:`search`)."""
    if not _on_server(session):
        return False
    found = session.execute(
        text(
            f"SELECT count(*) FROM (SELECT 1 FROM {INDEX} WHERE terms @@ CAST(:q AS tsquery) "
            "LIMIT :cap) AS hits"
        ),
        {"q": tsquery(match), "cap": RANK_ALL_UP_TO + 1},
    ).scalar()
    return bool(found and found > RANK_ALL_UP_TO)


def search(
    session: Session, match: str, filters: Filters, limit: int, *, ranked: bool = True
) -> list[RawHit]:
    """Hits for an FTS5 MATCH expression (built by domain.search_query, never raw input), best
    first (bm25; on SQLite among the newest RANK_AT_MOST matches) or, with ``ranked=False``,
    newest first; leaving out reviews in the Trash. ``limit`` + 1 rows at most."""
    server = _on_server(session)
    if server:
        fields = ["s.terms @@ CAST(:match AS tsquery)"]  # conditions on the index's rows
        params: dict[str, object] = {"match": tsquery(match), "limit": limit + 1}
    else:
        fields = ["s.search_index MATCH :match"]
        # The typed prefix written out as the words it starts (store/search_terms.py): the same
        # fields, without FTS5 merging every such word's list across the whole index twice.
        params = {"match": search_terms.expand(session, match), "limit": limit + 1}
    period = _period_sql(session)
    reviews: list[str] = []  # conditions on the reviews (besides "not in the Trash")
    binds: list[BindParameter[Any]] = []
    if filters.themes and server:
        fields.append(
            "EXISTS (SELECT 1 FROM json_array_elements_text(CAST(s.theme_ids AS json)) AS j "
            "WHERE j.value IN :themes)"
        )
        params["themes"] = list(filters.themes)
        binds.append(bindparam("themes", expanding=True))
    elif filters.themes:
        exact = f"EXISTS (SELECT 1 FROM json_each({_THEME_IDS}) AS j WHERE j.value IN :themes)"
        if all(_PLAIN_ID.fullmatch(t) for t in filters.themes):
            # A plain theme id (domain/framework.py: a slug) is written in a field's JSON list
            # as itself in quotes, so a field whose list does not hold that text is passed over
            # before its list is taken apart: 15-20 % of a theme's search at 10,000 reviews.
            quick = " OR ".join(
                f"instr({_THEME_IDS}, :quoted_{i}) > 0" for i in range(len(filters.themes))
            )
            fields.append(f"({quick}) AND {exact}")
            params.update({f"quoted_{i}": f'"{t}"' for i, t in enumerate(filters.themes)})
        else:
            fields.append(exact)
        params["themes"] = list(filters.themes)
        binds.append(bindparam("themes", expanding=True))
    if filters.review_types:
        reviews.append("r.review_type IN :types")
        params["types"] = list(filters.review_types)
        binds.append(bindparam("types", expanding=True))
    if filters.statuses:
        reviews.append("r.status IN :statuses")
        params["statuses"] = list(filters.statuses)
        binds.append(bindparam("statuses", expanding=True))
    if filters.agencies:
        reviews.append(
            "EXISTS (SELECT 1 FROM review_agency AS a WHERE a.review_id = r.id "
            "AND lower(a.name) IN :agencies)"
        )
        params["agencies"] = [a.strip().lower() for a in filters.agencies]
        binds.append(bindparam("agencies", expanding=True))
    if filters.date_from is not None:
        reviews.append(f"{period} >= :date_from")
        params["date_from"] = filters.date_from if server else filters.date_from.isoformat()
    if filters.date_to is not None:
        reviews.append(f"{period} <= :date_to")
        params["date_to"] = filters.date_to if server else filters.date_to.isoformat()
    if server:
        where = [*fields, "r.deleted_at IS NULL", *reviews]
        return _server_search(session, match, where, params, binds, ranked=ranked)
    # SQLite: the reviews a search may find are chosen once, from an index holding exactly the
    # columns the filters read (migration 0016), never by joining each matching field to its
    # review row (whose frozen framework makes that a walk through overflow pages: 450 ms for
    # "health visitor" in 2022 at 10,000 reviews). With no filter on the reviews, only those in
    # the Trash (few) are left out.
    if reviews:
        which = (
            f"{_REVIEW_ID} IN (SELECT r.id FROM review AS r WHERE r.deleted_at IS NULL AND "
            + " AND ".join(reviews)
            + ")"
        )
    else:
        which = f"{_REVIEW_ID} NOT IN (SELECT r.id FROM review AS r WHERE r.deleted_at IS NOT NULL)"
    where = [*fields, which]
    filtered = len(fields) > 1 or bool(reviews)
    if ranked:
        return _ranked(session, match, where if filtered else fields, params, binds, limit + 1)
    sql = text(
        f"SELECT {_COLUMNS} FROM {_WITH_CONTENT} "
        f"WHERE {' AND '.join(where)} ORDER BY s.rowid DESC LIMIT :limit"
    )
    if binds:
        sql = sql.bindparams(*binds)
    return [_raw_hit(row, 0.0) for row in session.execute(sql, params).all()]


_COLUMNS = (
    "s.rowid, s.kind, s.field, s.review_id, s.contributor_id, s.theme_ids, s.target, "
    f"snippet(s.search_index, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '{ELLIPSIS}', "
    f"{SNIPPET_TOKENS})"
)


def _raw_hit(row: Any, rank: float) -> RawHit:
    return RawHit(
        doc_id=row[0],
        kind=row[1],
        field=row[2],
        review_id=row[3],
        contributor_id=row[4],
        theme_ids=_ids(row[5]),
        target=row[6] or "",
        snippet=row[7] or "",
        rank=rank,
    )


def _ranked(
    session: Session,
    match: str,
    where: list[str],
    params: dict[str, object],
    binds: list,
    wanted: int,
) -> list[RawHit]:
    """SQLite: the best ``wanted`` of the candidates (the newest RANK_AT_MOST fields that match
    ``where``), best first (bm25; among equals the newest first).

    One walk of the matches, newest first, scores each candidate as it passes (FTS5 works out
    each phrase's weight once per search), and SQLite keeps the best; only then are the
    chosen rows read whole and their snippets made (:func:`_chosen_rows`: by rowid, and for
    text that is not plain ASCII a second walk between the oldest and the newest of them). A
    filter reads each match's review from FTS5's content table (``_WITH_CONTENT``). This
    replaces finding the oldest
    candidate first and then ranking within it (two walks and FTS5's own sort); with a filter,
    only the candidates that pass it are scored, not every match newer than the oldest.

    ``where`` without a filter is the match alone: the few fields of reviews in the Trash
    then count among the candidates, and are left out of what is returned."""
    trash: set[int] = set()
    source = f"{INDEX} AS s" if len(where) == 1 else _WITH_CONTENT
    if len(where) == 1:
        found = session.execute(text("SELECT id FROM review WHERE deleted_at IS NOT NULL"))
        trash = {int(r) for r in found.scalars()}
    best = text(
        "SELECT id, score FROM (SELECT s.rowid AS id, s.rank AS score "
        f"FROM {source} WHERE {' AND '.join(where)} ORDER BY s.rowid DESC LIMIT :cap) "
        "ORDER BY score, id DESC LIMIT :take"
    )
    if binds:
        best = best.bindparams(*binds)
    take = wanted + 8 if trash else wanted
    while True:
        scores = session.execute(best, {**params, "cap": RANK_AT_MOST, "take": take}).all()
        if not scores:
            return []
        ids = [int(i) for i, _ in scores]
        rows = _chosen_rows(session, match, str(params["match"]), ids)
        hits = [
            _raw_hit(rows[i], float(score))
            for i, score in scores
            if i in rows and rows[i][3] not in trash
        ]
        if len(hits) >= wanted or len(scores) < take:
            return hits[:wanted]
        take *= 4  # fields of reviews in the Trash were among the best: look further


_CHOSEN = text(
    f"SELECT {_COLUMNS} FROM {INDEX} AS s WHERE s.search_index MATCH :match "
    "AND s.rowid BETWEEN :lowest AND :highest "
    "AND +s.rowid IN (SELECT value FROM json_each(:ids))"
)
# Read from FTS5's content table itself (_CONTENT): half the time of asking FTS5 for each rowid
# in turn.
_WHOLE_COLUMNS = ("kind", "field", "review_id", "contributor_id", "theme_ids", "target", "body")
_WHOLE = text(
    f"SELECT id, {', '.join(_CONTENT[c] for c in _WHOLE_COLUMNS)} "
    f"FROM {INDEX}_content WHERE id IN (SELECT value FROM json_each(:ids))"
)


def _chosen_rows(session: Session, match: str, expanded: str, ids: list[int]) -> dict[int, Any]:
    """SQLite: the chosen rows read whole (by rowid: no walk of the matches), with their
    snippets as FTS5's snippet() makes them. ``match`` is the query as built (its phrases
    are highlighted), ``expanded`` the same with its prefix written out (what FTS5 walks).

    Plain ASCII text searched for plain ASCII words (nearly every row) has its snippet made
    here (:func:`fts5_snippet`); other rows are read by FTS5, by a walk of the matches between
    the oldest and the newest of them. That walk cost 2-3 ms at 10,000 reviews, and with a
    prefix that is not written out (``"visit"*``) FTS5 on SQLite 3.40 first merges the lists of
    every word the prefix starts, across the whole index: 6-8 ms more for a common word, 130 ms
    for ``the``."""
    phrases = query_terms(match)
    plain_words = all(t.isascii() for terms, _ in phrases for t in terms)
    rows: dict[int, Any] = {}
    for row in session.execute(_WHOLE, {"ids": json.dumps(ids)}).all():
        body = row[7] or ""
        if plain_words and body.isascii():
            rows[row[0]] = (*row[:7], fts5_snippet(body, phrases))
    missing = [i for i in ids if i not in rows]
    if missing:
        params = {"lowest": min(missing), "highest": max(missing), "ids": json.dumps(missing)}
        rows.update((r[0], r) for r in session.execute(_CHOSEN, {**params, "match": expanded}))
    return rows


def _server_search(
    session: Session,
    match: str,
    where: list[str],
    params: dict[str, object],
    binds: list,
    *,
    ranked: bool,
) -> list[RawHit]:
    """PostgreSQL: the same hits, ranked by ``ts_rank_cd`` (returned negated, so that lower is
    better as with FTS5's bm25), with the snippet made here from the stored body."""
    sql = text(
        "SELECT s.doc_id, s.kind, s.field, s.review_id, s.contributor_id, s.theme_ids, s.target, "
        "s.body, ts_rank_cd(s.terms, CAST(:match AS tsquery)) AS score "
        f"FROM {INDEX} AS s JOIN review AS r ON r.id = s.review_id "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY {'score DESC, s.doc_id DESC' if ranked else 's.doc_id DESC'} LIMIT :limit"
    )
    if binds:
        sql = sql.bindparams(*binds)
    query = query_terms(match)
    return [
        RawHit(
            doc_id=row[0],
            kind=row[1],
            field=row[2],
            review_id=row[3],
            contributor_id=row[4],
            theme_ids=_ids(row[5]),
            target=row[6] or "",
            snippet=make_snippet(row[7] or "", query),
            rank=-float(row[8]),
        )
        for row in session.execute(sql, params).all()
    ]


@lru_cache(maxsize=256)
def _ids(value: str | None) -> tuple[str, ...]:
    """The theme ids of a hit (a JSON list; few different lists, each read once)."""
    try:
        found = json.loads(value or "[]")
    except ValueError:
        return ()
    return tuple(v for v in found if isinstance(v, str)) if isinstance(found, list) else ()


# --- what a search shows of the reviews and contributors it found ---------------------------


@dataclass(frozen=True, slots=True)
class ReviewHead:
    """A review found, as a search lists it."""

    id: int
    reference: str
    title: str
    review_type: str
    status: str
    period_date: date  # domain.periods.review_period_date, worked out by PERIOD_DATE_SQL
    archived: bool
    framework_id: str
    framework_version: str


def _listed(session: Session, sql: str, ids: Iterable[int]) -> list[Any]:
    """The rows of ``sql`` (which names ``{ids}`` where a list of ids goes) for these ids. On a
    library file the list is one JSON value, so the statement's text is the same for any number
    of ids and SQLite prepares it once; a server is given the ids as an expanding list."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    if _on_server(session):
        statement = text(sql.format(ids=":ids")).bindparams(bindparam("ids", expanding=True))
        return list(session.execute(statement, {"ids": wanted}).all())
    statement = text(sql.format(ids="(SELECT value FROM json_each(:ids))"))
    return list(session.execute(statement, {"ids": json.dumps(wanted)}).all())


def review_heads(session: Session, review_ids: Iterable[int]) -> dict[int, ReviewHead]:
    """The reviews a search found, by id: plain SQL and the period date worked out by SQLite,
    which reads ``created_at`` (after the frozen framework's overflow pages) only for a review
    with neither a notification nor an incident date; half the time of the same columns
    through the ORM, at 150 reviews."""
    rows = _listed(
        session,
        "SELECT r.id, r.reference, r.title, r.review_type, r.status, "
        f"{_period_sql(session)}, r.archived_at IS NOT NULL, r.framework_id, "
        "r.framework_version "
        "FROM review AS r WHERE r.id IN {ids}",
        review_ids,
    )
    return {
        row[0]: ReviewHead(
            id=row[0],
            reference=row[1],
            title=row[2],
            review_type=row[3],
            status=row[4],
            period_date=row[5] if isinstance(row[5], date) else date.fromisoformat(row[5]),
            archived=bool(row[6]),
            framework_id=row[7],
            framework_version=row[8],
        )
        for row in rows
    }


def contributor_roles(session: Session, contributor_ids: Iterable[int]) -> dict[int, str]:
    """Each contributor's role and agency, as a hit says who wrote it (never their name)."""
    rows = _listed(
        session, "SELECT id, role, agency FROM contributor WHERE id IN {ids}", contributor_ids
    )
    return {
        cid: ", ".join(dict.fromkeys(p for p in (role, agency) if p)) or "Contributor"
        for cid, role, agency in rows
    }


def index_size(session: Session) -> tuple[int, int]:
    """(rows in the index, bytes of its pages): for benchmarks and the self-test."""
    rows = session.execute(text(f"SELECT count(*) FROM {INDEX}")).scalar() or 0
    if _on_server(session):
        size = session.execute(text(f"SELECT pg_total_relation_size('{INDEX}')")).scalar()
        return int(rows), int(size or 0)
    size = session.execute(
        text("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE :n"),
        {"n": INDEX + "%"},
    ).scalar()
    return int(rows), int(size or 0)
