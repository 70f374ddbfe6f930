"""The words of a library file's search index, kept beside it so that a typed prefix becomes the
words it starts (SQLite only; created and filled by migration 0021).

Every search treats its last word as a prefix while the person types (``"visit"*``). FTS5 on
SQLite 3.40 answers a prefix by merging the lists of every word it starts across the whole
index, once for the walk of the matches and again for bm25's count of them, before the first
row is ranked: 13.5 ms against 3.1 ms for "escalation" at 10,000 reviews (issue 20). A search
for the same words written out (``"visit" OR "visitor" OR "visitors"``) finds exactly the same
fields, and walks only as far as it needs.

So ``search_terms`` holds every word the index holds, as FTS5 holds it (folded by the
index's own tokenizer, never by code of ours), and :func:`expand` turns the prefix into its
words from there. The list may hold more words than the index (a word whose last field was
changed or removed stays listed until the index is rebuilt), which costs nothing but a phrase
that matches no field; it must never hold fewer, or a search would miss fields. So:

- each field added to the index adds its words here, in the same transaction
  (:func:`remember`, called by :func:`reviewdesk.store.search.apply_pending`);
- a rebuild of the index (after a purge) lists its words again from the index itself
  (:func:`refill`), so a purged review's words leave the list as they leave the index.

Words are folded by a private in-memory SQLite database holding an FTS5 table with the same
tokenizer (:data:`TOKENIZE`): nothing of it touches the disk.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

TERMS = "search_terms"
# The tokenizer of search_index (migration 0006); tests/store/test_search_terms.py checks that
# the index in a migrated file says the same.
TOKENIZE = "unicode61 remove_diacritics 2"
# A prefix that starts more words than this is left to FTS5 (``"the"*`` in a big library starts
# hundreds: an expression of them all would be slower than the merge).
MAX_WORDS = 32

_LAST_PREFIX = re.compile(r'^(?P<head>.*?)"(?P<phrase>(?:[^"]|"")*)"\*$', re.DOTALL)


class _Tokenizers(threading.local):
    """One in-memory database per thread (a SQLite connection belongs to its thread) and per
    SQLite library: Python's own, or SQLCipher's for an encrypted library, so that words are
    folded by the very tokenizer that indexed them."""

    def __init__(self) -> None:
        self.connections: dict[Any, Any] = {}

    def get(self, dbapi: Any) -> Any:
        con = self.connections.get(dbapi)
        if con is None:
            con = dbapi.connect(":memory:", isolation_level=None)
            con.execute(
                f"CREATE VIRTUAL TABLE words USING fts5(body, content='', tokenize='{TOKENIZE}')"
            )
            con.execute("CREATE VIRTUAL TABLE words_vocab USING fts5vocab(words, 'row')")
            self.connections[dbapi] = con
        return con


_tokenizers = _Tokenizers()


def fold(bodies: Iterable[str], dbapi: Any = sqlite3) -> list[str]:
    """Every word of the texts as search_index holds it (its tokenizer's folding), once each,
    sorted. ``dbapi``: the SQLite module of the library's engine."""
    con = _tokenizers.get(dbapi)
    con.execute("BEGIN")
    try:
        con.executemany("INSERT INTO words (rowid, body) VALUES (?, ?)", enumerate(bodies, start=1))
        return [row[0] for row in con.execute("SELECT term FROM words_vocab")]
    finally:
        con.execute("ROLLBACK")  # the table is empty again


def _dbapi(session: Session) -> Any:
    return session.get_bind().dialect.dbapi or sqlite3


def has_terms(session: Session) -> bool:
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": TERMS}
    )
    return found.first() is not None


_REMEMBER = text(f"INSERT OR IGNORE INTO {TERMS} (term) VALUES (:term)")


def remember(session: Session, bodies: Iterable[str]) -> None:
    """List the words of texts being added to the index (inside the same write transaction)."""
    words = fold(bodies, _dbapi(session))
    if words:
        session.execute(_REMEMBER, [{"term": w} for w in words])


# FTS5's vocabulary of search_index (every word it holds), as a temporary table of a connection.
VOCAB = "temp.search_index_vocab"
OPEN_VOCAB = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab(main, search_index, 'row')"
)
_REFILL = (
    OPEN_VOCAB,
    f"DELETE FROM {TERMS}",
    f"INSERT INTO {TERMS} (term) SELECT term FROM {VOCAB}",
)


def refill(session: Session) -> None:
    """List the index's words again, from the index itself (after a rebuild, and by migration
    0021). FTS5's vocabulary table walks every word's list: about 3 s at 10,000 reviews."""
    for statement in _REFILL:
        session.execute(text(statement))


def refill_raw(conn: Any) -> None:
    """:func:`refill` on a raw connection, inside the caller's transaction (opening a library
    whose index was built again: store/engine.py)."""
    for statement in _REFILL:
        conn.execute(statement)


_STARTING = text(
    f"SELECT term FROM {TERMS} WHERE term >= :low AND term < :high ORDER BY term LIMIT :most"
)


def expand(session: Session, match: str) -> str:
    """The MATCH expression with its last phrase's prefix written out as the words it starts
    (``"health" "visit"*`` -> ``"health" AND ("visit" OR "visitor")``): the same fields, found
    without FTS5's merge. The expression as it was when there is no prefix, when the prefix
    starts no listed word or more than :data:`MAX_WORDS`, or when the library has no list."""
    found = _LAST_PREFIX.match(match)
    if found is None:
        return match
    terms = found["phrase"].replace('""', '"').split()
    if not terms:
        return match
    stem = fold([terms[-1]], _dbapi(session))
    if len(stem) != 1 or not has_terms(session):
        return match
    low = stem[0]
    after = ord(low[-1]) + 1
    if after == 0xD800:
        after = 0xE000  # the next character UTF-8 can hold
    if after > 0x10FFFF:
        return match
    high = low[:-1] + chr(after)
    found_words = session.execute(_STARTING, {"low": low, "high": high, "most": MAX_WORDS + 1})
    words = [str(w) for w in found_words.scalars()]
    if not words or len(words) > MAX_WORDS:
        return match
    lead = " ".join(terms[:-1])
    alternatives = " OR ".join(
        '"' + (f"{lead} {w}" if lead else w).replace('"', '""') + '"' for w in words
    )
    head = found["head"].strip()
    if not head:
        return f"({alternatives})"
    # The other phrases are joined by implicit ANDs, which FTS5 does not accept before a bracket.
    return " AND ".join(_PHRASE.findall(head)) + f" AND ({alternatives})"


_PHRASE = re.compile(r'"(?:[^"]|"")*"\*?')
