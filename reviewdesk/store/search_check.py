"""Checking and mending a library file's search index (``reviewdesk check``; and opening a
library, copying one for a backup, or converting one for encryption, when SQLite finds only the
index broken: :func:`mend_if_only_the_index`).

The index (store/search.py) is derived from the text it holds a copy of, and its list of words
(store/search_terms.py) from the index: either can be built again without touching anything
typed. A word missing from either would make a search miss fields without a word said.
"""

from __future__ import annotations

import re
from typing import Any

from reviewdesk.store import search_terms
from reviewdesk.store.search import INDEX, REBUILD
from reviewdesk.store.sqlite_file import DB_ERRORS, problems_of

# SQLite 3.44 and later run FTS5's own check of the index as part of ``PRAGMA integrity_check``
# (the virtual table's xIntegrity method; ``quick_check`` too), and name the table in what they
# find: "malformed inverted index for FTS5 table main.search_index", or (SQLite 3.53)
# 'fts5: checksum mismatch for table "search_index"', 'fts5: corruption found reading blob ...
# from table "search_index"'.
_CHECKED_BY_INTEGRITY_CHECK = (3, 44, 0)
UNMATCHED = "the search index does not match the text it indexes"


def is_index_finding(finding: str) -> bool:
    """A finding of ``integrity_check`` about this index's words (not about a page of it)."""
    return "fts5" in finding.lower() and re.search(rf"\b{INDEX}\b", finding) is not None


def only_the_index(found: list[str]) -> bool:
    """What SQLite's check found is all about the search index (and there is something)."""
    return bool(found) and all(is_index_finding(f) for f in found)


def index_findings(conn: Any, *, file_checked: bool = False) -> list[str]:
    """What is wrong with a library file's search index, on a raw connection outside any
    transaction (empty when all is well): FTS5's own check that the index holds exactly the
    words of the text it indexes (about 8 s at 10,000 reviews; left out when ``file_checked``
    says ``PRAGMA integrity_check`` has just run on a SQLite that does it too), and that every
    word the index holds is in the list a typed prefix is written out from
    (store/search_terms.py; about 2 s). A word missing from either would make a search miss
    fields without a word said."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if INDEX not in tables:
        return []  # (a library from before the index: the schema check says so)
    findings = []
    version = tuple(
        int(p) for p in conn.execute("SELECT sqlite_version()").fetchone()[0].split(".")
    )
    if not (file_checked and version >= _CHECKED_BY_INTEGRITY_CHECK):
        conn.execute("SAVEPOINT index_check")  # FTS5's check is asked for by an INSERT
        try:
            conn.execute(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('integrity-check')")
        except DB_ERRORS as exc:
            findings.append(f"{UNMATCHED} ({exc})")
        finally:
            conn.execute("ROLLBACK TO index_check")
            conn.execute("RELEASE index_check")
    if search_terms.TERMS in tables and not findings:
        conn.execute(search_terms.OPEN_VOCAB)
        missing = conn.execute(
            f"SELECT count(*) FROM (SELECT term FROM {search_terms.VOCAB} "
            f"EXCEPT SELECT term FROM {search_terms.TERMS})"
        ).fetchone()[0]
        if missing:
            findings.append(
                f"{missing} of the search index's words "
                + ("is" if missing == 1 else "are")
                + " not in its list of words, so a search by the first letters of a word may "
                "miss fields"
            )
    return findings


def rebuild_file_index(conn: Any) -> None:
    """Build a library file's index again from its own copy of each text, and list its words
    again, in one transaction on a raw connection (opening a library whose SQLite finds the
    index broken: store/engine.py). Nothing typed is touched."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(REBUILD)
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (search_terms.TERMS,)
        ).fetchone()
        if found is not None:
            search_terms.refill_raw(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# The tables building the index again rewrites (FTS5's own storage of it, and the list of its
# words): their numbers of rows may change, the text's may not (store/cipher.py compares them).
REWRITTEN = (f"{INDEX}_data", f"{INDEX}_idx", search_terms.TERMS)


def mend_if_only_the_index(
    conn: Any, found: list[str], *, full: bool = False
) -> tuple[list[str], bool]:
    """(What SQLite finds wrong with the file now, whether its search index was built again).
    The index is built again, and the file checked again, when ``found`` (what its check found
    on ``conn``: a raw connection outside any transaction) is about the index alone; else
    ``found`` is returned as it was, and nothing is done.

    SQLite 3.44 and later (SQLCipher's, and recent Windows Pythons') check FTS5's index in
    ``quick_check`` and ``integrity_check``. The index is derived from the text, which those
    checks found sound, so a library that is opened, a backup's copy and an encrypted (or
    decrypted) copy each get it built again, rather than being refused: a refusal there would
    mean a library that will not open, days without a backup, or a key that cannot be changed,
    all for something that can be made again from what is in the file. ``full``: check again
    with ``integrity_check`` (else ``quick_check``)."""
    if not only_the_index(found):
        return found, False
    rebuild_file_index(conn)
    return problems_of(conn, full=full, limit=max(len(found), 3)), True
