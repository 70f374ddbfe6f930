"""Property: whatever is typed, the search never fails, and every result holds every term (checked
with a plain LIKE query on the same text), finding exactly what a word-by-word reading finds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewdesk.domain.review import CaseRecord
from reviewdesk.domain.search_query import normalise, parse_query, split_terms
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services

SENTENCES = (
    "The A&E attendance in March was not followed up.",
    "Mother's partner was 'invisible' to services; nobody asked who he was.",
    'The baby "was not brought" to two appointments (both closed as DNA).',
    "Pre-birth assessment: started late, not completed before the birth.",
    "Co-sleeping after alcohol was not discussed at the new-birth visit.",
    "Café visits with the family support worker helped; naïve assumptions were checked.",
    "Straße, ÉCOLE and Ünïcode words sit beside plain ones.",
    "OR NOT NEAR AND are just words here, as is x*y and 50% and under_score.",
    "Strategy discussion held by telephone: police and health only.",
    "Domestic abuse notifications did not reach the health visitor.",
    "Professional curiosity would have helped; the plan relied on self-report.",
    "Neglect was the category; the core group met twice.",
)
WORDS = sorted({w for s in SENTENCES for w in s.split()} | {"a&e", "zzz", "visit", "assess"})
GLUE = st.sampled_from([" ", "  ", "-", "'", "&", ":", "(", ")", '"', "*", " OR ", "\t"])


@pytest.fixture(scope="module")
def library(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[object, sqlite3.Connection]]:
    services = open_services(resolve_paths(tmp_path_factory.mktemp("search-property")))
    review = services.reviews.create(CaseRecord(reference="P-1", title="Child P (fictional)"))
    framework = services.reviews.get(review.id).framework
    prompts = [p for t in framework.themes for p in t.prompts]
    docs: list[tuple[str, str, str, str]] = []
    for n in range(3):
        c = services.reviews.add_contributor(review.id, f"Contributor {n}")
        for i, prompt in enumerate(prompts):
            text = " ".join(SENTENCES[(i * (n + 1) + k) % len(SENTENCES)] for k in range(n + 1))
            evidence = SENTENCES[(i + n) % len(SENTENCES)] if (i + n) % 4 == 0 else ""
            services.reviews.save_answer(c.id, prompt.id, text, evidence)
            docs += [
                (str(c.id), prompt.id, "text", text),
                (str(c.id), prompt.id, "evidence", evidence),
            ]
    plain = sqlite3.connect(":memory:")  # the same text, folded, for LIKE
    plain.execute("CREATE TABLE doc (cid TEXT, pid TEXT, field TEXT, body TEXT, raw TEXT)")
    plain.executemany(
        "INSERT INTO doc VALUES (?, ?, ?, ?, ?)",
        [(c, p, f, normalise(t), t) for c, p, f, t in docs if t],
    )
    yield services, plain
    services.close()
    plain.close()


def _like(plain: sqlite3.Connection, terms: tuple[str, ...]) -> set[tuple[str, str, str]]:
    escaped = [t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for t in terms]
    where = " AND ".join("body LIKE ? ESCAPE '\\'" for _ in escaped)
    rows = plain.execute(
        f"SELECT cid, pid, field FROM doc WHERE {where}", [f"%{t}%" for t in escaped]
    )
    return set(rows.fetchall())


def _word_by_word(plain: sqlite3.Connection, typed: str) -> set[tuple[str, str, str]]:
    """Which fields hold every phrase, reading the text one word at a time (the oracle)."""
    query = parse_query(typed)
    found = set()
    for cid, pid, field, raw in plain.execute("SELECT cid, pid, field, raw FROM doc"):
        tokens = [normalise(t) for t in split_terms(raw)]
        ok = True
        for n, phrase in enumerate(query.phrases):
            want = [normalise(t) for t in phrase]
            last = n == len(query.phrases) - 1 and query.prefix
            ok = ok and any(
                tokens[i : i + len(want) - 1] == want[:-1]
                and i + len(want) <= len(tokens)
                and (
                    tokens[i + len(want) - 1].startswith(want[-1])
                    if last
                    else tokens[i + len(want) - 1] == want[-1]
                )
                for i in range(len(tokens))
            )
        if ok:
            found.add((cid, pid, field))
    return found


def _check(library, typed: str) -> None:  # type: ignore[no-untyped-def]
    services, plain = library
    results = services.search.search(typed, limit=100_000)
    query = parse_query(typed)
    if query.is_empty:
        assert not results.searched and results.count == 0
        return
    got = {
        (str(h.location.contributor_id), h.location.prompt_id, h.location.field)
        for h in results.hits
    }
    assert len(got) == results.count  # each field once
    assert got <= _like(plain, query.terms)  # every result holds every term
    assert got == _word_by_word(plain, typed)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(WORDS), GLUE), min_size=1, max_size=3), st.booleans())
def test_results_hold_every_term(library, parts, trailing_space) -> None:  # type: ignore[no-untyped-def]
    typed = "".join(w + g for w, g in parts)
    _check(library, typed.rstrip() + (" " if trailing_space else ""))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text())
def test_any_text_at_all_is_searched_without_error(library, typed) -> None:  # type: ignore[no-untyped-def]
    services, _plain = library
    results = services.search.search(typed)
    assert results.searched == (not parse_query(typed).is_empty)


def test_the_checks_can_fail(library) -> None:  # type: ignore[no-untyped-def]
    _services, plain = library
    assert _word_by_word(plain, "A&E ") and _like(plain, ("a", "e"))
    assert _word_by_word(plain, "visit ") != _word_by_word(plain, "visit")  # prefix or not
    assert _word_by_word(plain, "zzz") == set()
