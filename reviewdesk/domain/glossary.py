"""The glossary of a document: the acronyms its own text prints, each with what it stands for.

The list of acronyms is data (resources/glossary/acronyms.toml, which a partnership can extend
or override with glossary.toml in its data folder). Only acronyms a document actually prints
are listed: whole words, capitals exactly as written in the list.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping

from reviewdesk.domain.errors import ValidationError

Glossary = tuple[tuple[str, str], ...]  # (acronym, what it stands for), alphabetical
MAX_ACRONYM = 20
MAX_MEANING = 300


def parse_acronyms(text: str, where: str) -> dict[str, str]:
    """The ``[acronyms]`` table of a glossary file: acronym -> what it stands for ("" removes
    an acronym). A readable message, naming ``where``, when the file cannot be used."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            f"The glossary file {where} could not be read ({exc}). Please correct it or move it "
            "out of the data folder; nothing was exported."
        ) from None
    table = data.get("acronyms", {})
    if not isinstance(table, dict):
        raise ValidationError(
            f"The glossary file {where} needs its acronyms under a heading [acronyms]."
        )
    out: dict[str, str] = {}
    for acronym, meaning in table.items():
        short = " ".join(str(acronym).split())
        if not isinstance(meaning, str) or not short or len(short) > MAX_ACRONYM:
            raise ValidationError(
                f'The glossary file {where} has an entry it cannot use ("{short[:MAX_ACRONYM]}"). '
                'Each line reads like: MASH = "Multi-Agency Safeguarding Hub".'
            )
        out[short] = " ".join(meaning.split())[:MAX_MEANING]
    return out


def merged(shipped: Mapping[str, str], local: Mapping[str, str]) -> dict[str, str]:
    """The shipped list with a partnership's own entries over it ("" takes one out)."""
    combined = {**shipped, **local}
    return {k: v for k, v in combined.items() if v}


def glossary_for(texts: Iterable[str], acronyms: Mapping[str, str]) -> Glossary:
    """The acronyms of ``acronyms`` that ``texts`` hold as whole words (case as written),
    alphabetically, with what each stands for."""
    if not acronyms:
        return ()
    pattern = _pattern(tuple(sorted(acronyms, key=len, reverse=True)))
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(m.group(0) for m in pattern.finditer(text))
    return tuple((a, acronyms[a]) for a in sorted(found, key=lambda a: (a.casefold(), a)))


def _pattern(acronyms: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words: no letter, digit or underscore either side ("MASHED" is not MASH).
    alternatives = "|".join(re.escape(a) for a in acronyms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def explain(text: str, acronyms: Mapping[str, str], terms: Mapping[str, str]) -> Glossary:
    """The terms (whole words, any case) and acronyms (whole words, case as written) that
    ``text`` uses, each with its meaning, in the order they first appear (a prompt's tooltip,
    issue 18 point 7). Longer terms win over shorter ones inside them."""
    found: list[tuple[int, str, str]] = []
    taken: list[range] = []
    for term in sorted(terms, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
            if not any(m.start() in r for r in taken):
                taken.append(range(m.start(), m.end()))
                found.append((m.start(), m.group(0), terms[term]))
                break
    if acronyms:
        for m in _pattern(tuple(sorted(acronyms, key=len, reverse=True))).finditer(text):
            if not any(m.start() in r for r in taken):
                taken.append(range(m.start(), m.end()))
                found.append((m.start(), m.group(0), acronyms[m.group(0)]))
    seen: dict[str, str] = {}
    for _at, word, meaning in sorted(found):
        seen.setdefault(word, meaning)
    return tuple(seen.items())


def parse_terms(text: str, where: str) -> dict[str, str]:
    """The ``[terms]`` table of resources/glossary/terms.toml: term -> plain explanation."""
    try:
        table = tomllib.loads(text).get("terms", {})
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"The glossary file {where} could not be read ({exc}).") from None
    return {" ".join(str(k).split()): " ".join(str(v).split()) for k, v in table.items() if v}
