"""What a person types into a search box, as a safe SQLite FTS5 query.

Raw input never reaches ``MATCH``: FTS5 gives meaning to quotes, ``*``, ``^``, brackets, colons,
``+``, ``-`` and the words ``AND`` / ``OR`` / ``NOT`` / ``NEAR``, and a stray one is a syntax
error. Instead the text is split into *words* at white space, each word into *terms* the way the
index's tokenizer (``unicode61 remove_diacritics 2``) splits text, and each word becomes one
double-quoted phrase of its terms: ``A&E`` is the phrase ``"A E"`` (A then E, as the index holds
"A&E"), ``mother's`` is ``"mother s"``, ``pre-birth`` is ``"pre birth"``. Phrases are joined by
spaces (FTS5's implicit AND). The last phrase is a prefix (``"neglec"*``) unless the text ends in
a space or punctuation or its last term is shorter than three characters, so results appear as
the person types (a one- or two-letter prefix would match most of the library, slowly). Text
with no terms (empty, only punctuation) gives no query: no search, no error.

Terms are made of letters and digits as Unicode 3.2 classifies them, a subset of what
``unicode61`` treats as part of a word (letters, numbers, private-use characters of Unicode 6.1).
Splitting on anything else can only split a word further, never join two, so every result of the
query contains every term (which is what :func:`normalise` and a plain ``LIKE`` check compare).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_TEXT = 500  # characters of a search box considered
MAX_WORDS = 16  # phrases in one query
MIN_PREFIX = 3  # a last term shorter than this is matched whole ("A&E" is not "A E*")
_CATEGORY = unicodedata.ucd_3_2_0.category


def _is_term_char(ch: str) -> bool:
    return _CATEGORY(ch)[0] in ("L", "N")


def split_terms(word: str) -> tuple[str, ...]:
    """The terms in one word, as typed: ``"A&E"`` -> ``("A", "E")``."""
    terms: list[str] = []
    current: list[str] = []
    for ch in word:
        if _is_term_char(ch):
            current.append(ch)
        elif current:
            terms.append("".join(current))
            current = []
    if current:
        terms.append("".join(current))
    return tuple(terms)


def normalise(value: str) -> str:
    """Text folded as the index folds it (closely enough for checks and highlighting): lower
    case, accents taken off (``Café`` -> ``cafe``)."""
    decomposed = unicodedata.normalize("NFD", value.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _quoted(terms: tuple[str, ...]) -> str:
    return '"' + " ".join(terms).replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed search box: one phrase (a tuple of terms) per word that has any."""

    text: str
    phrases: tuple[tuple[str, ...], ...] = ()
    prefix: bool = False  # the last phrase matches words that start with its last term

    @property
    def is_empty(self) -> bool:
        return not self.phrases

    @property
    def match(self) -> str | None:
        """The FTS5 MATCH expression, or None when there is nothing to search for."""
        if not self.phrases:
            return None
        parts = [_quoted(p) for p in self.phrases]
        if self.prefix:
            parts[-1] += "*"
        return " ".join(parts)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term, folded (:func:`normalise`), once each, in order."""
        return tuple(dict.fromkeys(normalise(t) for p in self.phrases for t in p))


def parse_query(text: str) -> SearchQuery:
    """Any text at all -> a :class:`SearchQuery` (never raises)."""
    text = (text or "")[:MAX_TEXT]
    phrases = [terms for terms in (split_terms(w) for w in text.split()) if terms]
    phrases = phrases[:MAX_WORDS]
    stripped = text.rstrip()
    prefix = (
        bool(phrases)
        and stripped == text
        and _is_term_char(text[-1])
        and len(phrases[-1][-1]) >= MIN_PREFIX
    )
    return SearchQuery(text=text, phrases=tuple(phrases), prefix=prefix)


def build_match(text: str) -> str | None:
    """The FTS5 MATCH expression for what was typed, or None (nothing to search for)."""
    return parse_query(text).match


def _lexeme(term: str) -> str:
    return "'" + normalise(term).replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(match: str | None) -> str | None:
    """The same query in PostgreSQL's ``tsquery`` syntax, from the MATCH expression this module
    builds (``"pre birth" "neglec"*`` -> ``('pre' <-> 'birth') & ('neglec':*)``): each phrase's
    terms folded as :func:`tsvector_terms` folds the text, adjacent (``<->``), every phrase
    required (``&``), the prefix (``:*``) kept. Never raw input: only this module's output is
    read, and its terms are letters and digits only."""
    if not match:
        return None
    parts = []
    for phrase, star in _PHRASE.findall(match):
        terms = [_lexeme(t) for t in phrase.replace('""', '"').split()]
        if not terms:
            continue
        if star:
            terms[-1] += ":*"
        parts.append("(" + " <-> ".join(terms) + ")")
    return " & ".join(parts) or None


def tsvector_terms(value: str) -> list[str]:
    """The text's terms in order, folded: what the PostgreSQL index holds for it (the same
    splitting as a search box's words, so every query's phrase finds its text)."""
    return [normalise(t) for word in value.split() for t in split_terms(word)]


_PHRASE = re.compile(r'"((?:[^"]|"")*)"(\*?)')
