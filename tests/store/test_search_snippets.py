"""The snippets made in Python (store/search.py). A server's search (``make_snippet``) marks
the same words as FTS5's snippet() marks them on a library file, plain ASCII text split by a
regular expression and other text a character at a time, with the same result. A library
file's ranked search makes the snippets of plain ASCII text exactly as FTS5 would
(``fts5_snippet``)."""

from __future__ import annotations

import random
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewdesk.domain.search import HIGHLIGHT_END as END
from reviewdesk.domain.search import HIGHLIGHT_START as START
from reviewdesk.domain.search import bracketed
from reviewdesk.domain.search_query import build_match
from reviewdesk.store.snippets import ELLIPSIS, fts5_snippet, make_snippet, query_terms


def _snippet(body: str, typed: str) -> str:
    return bracketed(make_snippet(body, query_terms(build_match(typed) or "")))


@pytest.mark.parametrize(
    ("body", "typed", "snippet"),
    [
        (
            "The A&E attendance was not discussed.",
            "a&e attendance",
            "The [A&E] [attendance] was not discussed.",
        ),
        (
            "Health visitors and a health visitor",
            "health visit",
            "[Health] [visitors] and a [health] [visitor]",
        ),
        ("Café visitor, naïve", "cafe naive", "[Café] visitor, [naïve]"),
        ("İ Ωmega visitor ٣", "ωmega visitor", "İ [Ωmega] [visitor] ٣"),
        (
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty kite",
            "kite",
            "…eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
            "eighteen nineteen twenty [kite]",
        ),
        ("no match here", "kite", "no match here"),
        ("", "kite", ""),
    ],
)
def test_the_words_found_are_marked(body: str, typed: str, snippet: str) -> None:
    assert _snippet(body, typed) == snippet


_WORDS = ("a", "ab", "abc", "the", "them", "Cat", "cats", "dog", "x1", "42", "e")
_GAPS = (
    " ",
    " ",
    " ",
    ". ",
    ": ",
    ", ",
    " - ",
    "\n",
    "  ",
    ".",
    ":",
    "'",
    "&",
    " .  ",
    "\t",
    "!? ",
)


def _texts(rnd: random.Random, count: int) -> list[str]:
    """Awkward plain texts: short and long (the window is 14 terms), sentences ending in "."
    and ":" with and without space, repeated and overlapping words."""
    out = []
    for _ in range(count):
        text = rnd.choice(("", " ", ". "))
        for _ in range(rnd.choice((1, 3, 13, 14, 15, 16, 20, 40))):
            text += rnd.choice(_WORDS) + rnd.choice(_GAPS)
        out.append(text.rstrip() if rnd.random() < 0.5 else text)
    return out


def test_plain_text_snippets_are_those_fts5_makes() -> None:
    """The snippets the ranked search makes for plain ASCII text (``fts5_snippet``, sparing
    FTS5 a second walk of the matches) are FTS5's own, character for character: compared with
    ``snippet()`` of an FTS5 table tokenised as the library's, for many awkward texts and
    queries (one or more words, phrases, a prefix being typed)."""
    rnd = random.Random(20)
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    texts = [
        "The A&E attendance was not discussed.",
        "Health visitors. The health visitor: saw Child A. Then the health visitor left",
        *_texts(rnd, 1500),
    ]
    db.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", enumerate(texts, 1))
    compared = 0
    for _ in range(150):
        typed = " ".join(rnd.choice((*_WORDS, "cat's", "the-dog", "a&b")) for _ in range(3))
        typed = typed[: rnd.randint(1, len(typed))] + rnd.choice(("", " "))
        match = build_match(typed)
        if match is None:
            continue
        phrases = query_terms(match)
        sql = f"SELECT body, snippet(t, 0, '{START}', '{END}', '{ELLIPSIS}', 14) FROM t "
        for body, expected in db.execute(sql + "WHERE t MATCH ? LIMIT 40", (match,)):
            assert fts5_snippet(body, phrases) == expected, (typed, body)
            compared += 1
    assert compared > 1000


@given(
    st.lists(st.sampled_from(("a", "ab", "abc", "b", "ba", "c", "the", "then")), max_size=30),
    st.lists(st.sampled_from(("a", "ab", "b", "th", "the", "x")), min_size=1, max_size=3),
    st.booleans(),
)
def test_a_phrase_is_found_where_a_term_by_term_look_finds_it(
    folded: list[str], terms: list[str], prefix: bool
) -> None:
    """The snippet's search for a phrase in the joined terms (C's ``str.find``) finds it where a
    look at each term in turn does, overlaps and the last term as a prefix included."""
    from reviewdesk.store.snippets import _phrase_at, _phrase_starts

    joined = " " + " ".join(folded) + " "
    assert _phrase_starts(joined, tuple(terms), prefix) == _phrase_at(folded, tuple(terms), prefix)
