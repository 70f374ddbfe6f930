"""The search box's text as a safe FTS5 query: quoted phrases only, any input at all."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewdesk.domain.periods import in_period, review_period_date
from reviewdesk.domain.search import bracketed, snippet_parts
from reviewdesk.domain.search_query import build_match, normalise, parse_query


@pytest.mark.parametrize(
    ("typed", "match"),
    [
        ("neglect", '"neglect"*'),
        ("neglect ", '"neglect"'),
        ("health visitor", '"health" "visitor"*'),
        ("A&E", '"A E"'),  # a one-letter last term is matched whole
        ("A&E attendance.", '"A E" "attendance"'),
        ("mother's partner", '"mother s" "partner"*'),
        ("pre-birth", '"pre birth"*'),
        ('"was not brought"', '"was" "not" "brought"'),
        ("OR NOT NEAR AND", '"OR" "NOT" "NEAR" "AND"*'),
        ("risk*", '"risk"'),
        ("(strategy) discussion: held", '"strategy" "discussion" "held"*'),
        ("Café", '"Café"*'),
        ("Ünïcode ünd Straße", '"Ünïcode" "ünd" "Straße"*'),
        ("", None),
        ("   ", None),
        ("*** :: () - ' \"", None),
        ("\x02\x03", None),
    ],
)
def test_what_people_type(typed: str, match: str | None) -> None:
    assert build_match(typed) == match


def test_terms_are_folded_as_the_index_folds_them() -> None:
    assert parse_query("Café A&E Mother's").terms == ("cafe", "a", "e", "mother", "s")
    assert normalise("ÉCOLE") == "ecole"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_quoted_phrases_or_nothing(typed: str) -> None:
    query = parse_query(typed)
    match = query.match
    if match is None:
        assert query.is_empty
        return
    # Only quoted phrases, with an optional * after the last: nothing FTS5 could misread.
    body = match[:-1] if match.endswith("*") else match
    for phrase in body.split('" "'):
        inner = phrase.strip('"')
        assert inner and '"' not in inner
        assert all(ch.isalnum() or ch == " " for ch in inner)


def test_snippets_for_screens_and_the_command_line() -> None:
    snippet = "The \x02A&E\x03 visit, \x02A&E\x03…"
    assert snippet_parts(snippet) == [
        ("The ", False), ("A&E", True), (" visit, ", False), ("A&E", True), ("…", False),
    ]  # fmt: skip
    assert bracketed("one\ntwo \x02three\x03") == "one two [three]"


def test_the_period_date_rule() -> None:
    created = datetime(2024, 2, 29, 23, 30, tzinfo=UTC)
    assert review_period_date(date(2023, 1, 2), date(2022, 12, 30), created) == date(2023, 1, 2)
    assert review_period_date(None, date(2022, 12, 30), created) == date(2022, 12, 30)
    assert review_period_date(None, None, created) == date(2024, 2, 29)
    assert in_period(date(2024, 1, 1), date(2024, 1, 1), None)
    assert not in_period(date(2024, 1, 1), None, date(2023, 12, 31))
