"""Replace real names with pseudonyms or roles before anything leaves the app.

Practitioners may write real names while they reflect; every export passes its text through
:func:`apply_name_key`. Matching is by whole word, in any case, with or without accents, and keeps
possessives ("Jayden's" becomes "Child D's"). Longer names are tried first, so "Mary Ann Lowe"
is replaced as one name before "Mary Ann" or "Lowe" could be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
    words = fold(unicodedata.normalize("NFC", name)).split()
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
    clean = [m for m in mappings if m.real.strip()]
    return sorted(clean, key=lambda m: (-len(fold(m.real.strip())), m.real))


def apply_name_key(text: str, mappings: Iterable[NameMapping]) -> str:
    """Return ``text`` with every real name in ``mappings`` replaced by its pseudonym."""
    ordered = _ordered(mappings)
    if not text or not ordered:
        return text
    text = unicodedata.normalize("NFC", text)
    pattern = _compiled(tuple(m.real.strip() for m in ordered))
    if pattern is None:
        return text
    lookup = {_key(m.real): m.pseudonym for m in ordered}
    folded = fold(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        start, end = match.span()
        matched_name = text[match.start("name") : match.end("name")]
        pseudonym = lookup.get(_key(matched_name))
        if pseudonym is None:  # pragma: no cover - every alternative comes from the key
            continue
        poss = text[match.start("poss") : match.end("poss")] if match.group("poss") else ""
        if poss:  # "James'" and "JAMES'S" -> "Child A's": the pseudonym sets the case
            poss = poss[0] + "s"
        out.append(text[last:start])
        out.append(pseudonym + poss)
        last = end
    out.append(text[last:])
    return "".join(out)


def _key(name: str) -> str:
    stripped = "".join(
        c
        for c in unicodedata.normalize("NFD", fold(unicodedata.normalize("NFC", name)))
        if not unicodedata.combining(c)
    )
    return " ".join(stripped.casefold().split())


def find_names(text: str, mappings: Iterable[NameMapping]) -> list[tuple[int, int, NameMapping]]:
    """Where real names from the key still appear: (start, end, mapping) in NFC ``text``."""
    ordered = _ordered(mappings)
    if not text or not ordered:
        return []
    text = unicodedata.normalize("NFC", text)
    pattern = _compiled(tuple(m.real.strip() for m in ordered))
    if pattern is None:
        return []
    by_key = {_key(m.real): m for m in ordered}
    found = []
    for match in pattern.finditer(fold(text)):
        mapping = by_key.get(_key(text[match.start("name") : match.end("name")]))
        if mapping is not None:
            found.append((match.start("name"), match.end("name"), mapping))
    return found
