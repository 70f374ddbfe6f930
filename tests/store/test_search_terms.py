"""A library file's list of its search index's words (store/search_terms.py): a typed prefix
written out as the words it starts finds exactly the fields FTS5's own prefix finds, the list
follows every field added, and a rebuild (after a purge) lists only what is left."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from reviewdesk.domain.search import bracketed
from reviewdesk.domain.search_query import build_match
from reviewdesk.store import search as index
from reviewdesk.store import search_terms
from reviewdesk.store.engine import open_memory_store, open_store
from reviewdesk.store.tables import SearchQueueRow

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Words as people write them, in and out of plain ASCII: accents the tokenizer takes off (é)
# and ones it keeps (Greek), capitals, digits, a ligature, apostrophes and hyphens (which split
# a word in two), and several words that share their first letters.
_WORDS = (
    "visit visitor Visitors visiting vis VISITATION café Cafe cafés naïve Naive ωμέγα Ωμέγα "
    "ωμεγα ﬁre fire 12ab 12abc A&E mother's pre-birth Zoë zoe zoetrope straße strasse "
    "Ærøskøbing æro über Über uber 東京 東京都 İstanbul istanbul ǅemal dzemal"
)
_PREFIXES = "vis visi visito caf naï nai ωμέ ωμε Ωμ ﬁr fir 12a zoe Zoë stra æro Ærø übe ube 東京"
WORDS, PREFIXES = tuple(_WORDS.split()), (*_PREFIXES.split(), "ist", "İst", "ǅem", "dze")


def _index(store, bodies: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Fields added to the index as the triggers add them: through the queue, applied by the
    store as the write commits."""
    with store.write() as session:
        for n, body in enumerate(bodies, start=1):
            session.add(
                SearchQueueRow(
                    doc_id=n * 16 + 4,
                    body=body,
                    kind="finding",
                    field="statement",
                    review_id=1,
                    contributor_id=None,
                    theme="[]",
                    target=f"f{n}",
                )
            )


def _found(session, match: str) -> set[int]:  # type: ignore[no-untyped-def]
    rows = session.execute(
        text("SELECT rowid FROM search_index WHERE search_index MATCH :m"), {"m": match}
    )
    return set(rows.scalars())


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    bodies=st.lists(
        st.lists(st.sampled_from(WORDS) | st.text(min_size=1, max_size=8), max_size=8).map(
            " ".join
        ),
        max_size=6,
    ),
    typed=st.text(min_size=3, max_size=5),
)
def test_a_prefix_written_out_finds_exactly_what_the_prefix_finds(
    bodies: list[str], typed: str
) -> None:
    """Every word above in every example (in fields of their own, so each prefix finds some
    fields and not others), with random text beside them; each prefix above and a random one,
    alone and after another word."""
    store = open_memory_store()
    try:
        _index(store, [" ".join(WORDS[n::3]) for n in range(3)] + bodies)
        with store.read() as session:
            for head in ("", "visit ", "café ", "A&E ", "ωμέγα "):
                for prefix in (*PREFIXES, typed):
                    match = build_match(head + prefix)
                    if match is None:
                        continue
                    expanded = search_terms.expand(session, match)
                    assert _found(session, expanded) == _found(session, match), expanded
    finally:
        store.close()


def test_the_prefix_is_written_out_as_the_words_it_starts() -> None:
    store = open_memory_store()
    try:
        _index(store, ["Visitors visit", "the health visitor", "a café", "Ωμέγα"])
        with store.read() as session:
            assert search_terms.expand(session, '"health" "Visit"*') == (
                '"health" AND ("visit" OR "visitor" OR "visitors")'
            )
            assert search_terms.expand(session, '"CAF"*') == '("cafe")'
            assert search_terms.expand(session, '"pre birth" "ωμ"*') == (
                '"pre birth" AND ("ωμέγα")'
            )
            # a phrase of several words keeps its first words in each alternative
            assert search_terms.expand(session, '"A E" "the health vis"*') == (
                '"A E" AND ("the health visit" OR "the health visitor" OR "the health visitors")'
            )
            # nothing to write out: no prefix, or a prefix that starts no word
            assert search_terms.expand(session, '"visit"') == '"visit"'
            assert search_terms.expand(session, '"zzz"*') == '"zzz"*'
    finally:
        store.close()


def test_a_prefix_that_starts_too_many_words_is_left_to_fts5() -> None:
    store = open_memory_store()
    words = [f"ostrich{n:02}" for n in range(search_terms.MAX_WORDS + 1)]
    try:
        _index(store, [" ".join(words)])
        with store.read() as session:
            assert search_terms.expand(session, '"ostrich"*') == '"ostrich"*'
            assert search_terms.expand(session, '"ostrich0"*').count(" OR ") == 9
    finally:
        store.close()


def test_the_list_is_folded_by_the_index_s_own_tokenizer(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lib.sqlite3")
    try:
        with store.read() as session:
            declared = session.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
            ).scalar_one()
        assert f"tokenize = '{search_terms.TOKENIZE}'" in declared
    finally:
        store.close()
    # Greek keeps its accents in the index (unicode61 takes off Latin ones only): the list
    # must say so, or a prefix would be written out as words the index does not hold.
    assert search_terms.fold(["Café Ωμέγα ﬁre"]) == ["cafe", "ωμέγα", "ﬁre"]


def test_every_word_indexed_is_listed_and_a_rebuild_lists_only_what_is_left() -> None:
    store = open_memory_store()
    try:
        _index(store, ["Saw the stonechat", "Wheatear and Whinchat"])
        with store.read() as session:
            listed = set(session.execute(text("SELECT term FROM search_terms")).scalars())
        assert listed == {"saw", "the", "stonechat", "wheatear", "and", "whinchat"}
        with store.write() as session:  # the second field leaves, and the index is rebuilt
            session.add(SearchQueueRow(doc_id=2 * 16 + 4, body=None, kind="finding"))
            index.request_rebuild(session)
        with store.read() as session:
            listed = set(session.execute(text("SELECT term FROM search_terms")).scalars())
            assert listed == {"saw", "the", "stonechat"}
            assert search_terms.expand(session, '"whin"*') == '"whin"*'
            assert _found(session, search_terms.expand(session, '"stone"*')) == {1 * 16 + 4}
    finally:
        store.close()


def test_migration_0021_lists_the_words_of_an_existing_index(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    shutil.copy(FIXTURES / "schema-0020.sqlite3", db)
    open_store(db, tmp_path / "backups").close()  # brought to the newest revision
    conn = sqlite3.connect(db)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, search_index, 'row')")
        in_index = {r[0] for r in conn.execute("SELECT term FROM temp.v")}
        listed = {r[0] for r in conn.execute("SELECT term FROM search_terms")}
    finally:
        conn.close()
    assert len(in_index) > 100
    assert listed == in_index


@pytest.mark.parametrize("typed", ["stonech", "Stonecha"])
def test_a_search_as_typed_uses_the_list(typed: str) -> None:
    """Through the store's search: the prefix is written out, and the hits and their marked
    snippets are those of the prefix."""
    store = open_memory_store()
    try:
        _index(store, ["Saw the stonechat once", "Stonechats and a stonechat", "No such bird"])
        with store.read() as session:
            match = build_match(typed)
            assert match is not None
            assert "stonechats" in search_terms.expand(session, match)
            hits = index.search(session, match, index.Filters(), 10)
        assert sorted(bracketed(h.snippet) for h in hits) == [
            "Saw the [stonechat] once",
            "[Stonechats] and a [stonechat]",
        ]
    finally:
        store.close()
