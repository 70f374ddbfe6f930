"""The snippets a server's search makes in Python (store/search.py ``make_snippet``): the same
words marked as FTS5's snippet() marks them on a library file, plain ASCII text split by a
regular expression and other text a character at a time, with the same result."""

from __future__ import annotations

import pytest

from reviewdesk.domain.search import bracketed
from reviewdesk.domain.search_query import build_match
from reviewdesk.store.search import _query_terms, make_snippet


def _snippet(body: str, typed: str) -> str:
    return bracketed(make_snippet(body, _query_terms(build_match(typed) or "")))


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
