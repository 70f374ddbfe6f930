"""Replace real names with pseudonyms or roles before anything leaves the app.

Practitioners may write real names while they reflect; every export passes its text through
:func:`apply_name_key`. Matching is by whole word, in any case, with or without accents, and keeps
possessives ("Jayden's" becomes "Child D's"). Longer names are tried first, so "Mary Ann Lowe"
is replaced as one name before "Mary Ann" or "Lowe" could be.

Matching happens in the reader's view of the text (:mod:`reviewdesk.domain.normalise`): a soft
hyphen or zero-width space inside a name, full-width letters or a no-break space between first
name and surname do not hide it. The whole span the name was written with (invisible characters
included) is replaced; the rest of the text is left exactly as it was written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reviewdesk.domain.normalise import normal_view, normalise

_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*"
_APOSTROPHES = "'\u2019"


@dataclass(frozen=True, slots=True)
class NameMapping:
    real: str
    pseudonym: str


def fold_char(ch: str) -> str:
    """One character without its accents, still one character long (so offsets line up)."""
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    if len(decomposed) > 1 and unicodedata.category(base).startswith("L"):
        return base
    return {"ß": "s", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}.get(
        ch, ch
    )


def fold(text: str) -> str:
    """Accent-folded copy of ``text`` with exactly the same length."""
    return "".join(fold_char(c) for c in text)


def _name_pattern(name: str) -> str:
    words = fold(normalise(name)).split()
    return r"\s+".join("".join(re.escape(ch) + _COMBINING for ch in word) for word in words)


@lru_cache(maxsize=32)
def _compiled(names: tuple[str, ...]) -> re.Pattern[str] | None:
    patterns = [_name_pattern(n) for n in names if n.split()]
    if not patterns:
        return None
    alternation = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(
        rf"(?<![\w])(?P<name>{alternation})(?P<poss>[{_APOSTROPHES}]s?)?(?![\w])",
        re.IGNORECASE,
    )


def _ordered(mappings: Iterable[NameMapping]) -> list[NameMapping]:
    clean = [m for m in mappings if normalise(m.real).split()]
    return sorted(clean, key=lambda m: (-len(normalise(m.real).strip()), m.real))


def apply_name_key(text: str, mappings: Iterable[NameMapping]) -> str:
    """Return ``text`` (in NFC) with every real name in ``mappings`` replaced by its pseudonym,
    however it is spelt in invisible characters, compatibility letters or spacing."""
    ordered = _ordered(mappings)
    if not text or not ordered:
        return text
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    last = 0
    for start, end, pseudonym in _matches(text, ordered):
        out.append(text[last:start])
        out.append(pseudonym)
        last = end
    out.append(text[last:])
    return "".join(out)


def _matches(text: str, ordered: list[NameMapping]) -> Iterable[tuple[int, int, str]]:
    """(start, end, replacement) in NFC ``text`` for every name (with any possessive)."""
    pattern = _compiled(tuple(normalise(m.real).strip() for m in ordered))
    if pattern is None:
        return
    lookup = {_key(m.real): m.pseudonym for m in ordered}
    view = normal_view(text)
    last = 0
    for match in pattern.finditer(fold(view.text)):
        matched_name = view.text[match.start("name") : match.end("name")]
        pseudonym = lookup.get(_key(matched_name))
        if pseudonym is None:  # pragma: no cover - every alternative comes from the key
            continue
        poss = match.group("poss") or ""
        if poss:  # "James'" and "JAMES'S" -> "Child A's": the pseudonym sets the case
            poss = view.text[match.start("poss")] + "s"
        start, end = view.span(*match.span())
        start = max(start, last)
        last = end
        yield start, end, pseudonym + poss


def _key(name: str) -> str:
    stripped = "".join(
        c
        for c in unicodedata.normalize("NFD", fold(normalise(name)))
        if not unicodedata.combining(c)
    )
    return " ".join(stripped.casefold().split())


def find_names(text: str, mappings: Iterable[NameMapping]) -> list[tuple[int, int, NameMapping]]:
    """Where real names from the key still appear: (start, end, mapping) in NFC ``text``, the
    span covering any invisible characters the name was written with."""
    ordered = _ordered(mappings)
    if not text or not ordered:
        return []
    text = unicodedata.normalize("NFC", text)
    pattern = _compiled(tuple(normalise(m.real).strip() for m in ordered))
    if pattern is None:
        return []
    by_key = {_key(m.real): m for m in ordered}
    view = normal_view(text)
    found = []
    for match in pattern.finditer(fold(view.text)):
        mapping = by_key.get(_key(view.text[match.start("name") : match.end("name")]))
        if mapping is not None:
            start, end = view.span(match.start("name"), match.end("name"))
            found.append((start, end, mapping))
    return found
