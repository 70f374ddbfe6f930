"""The snippets of search hits: a few terms of a field around what was found, each phrase
found marked. FTS5 makes them on SQLite (``snippet()``); here they are made in Python the same
way, for the server (:func:`make_snippet`) and for plain ASCII text on SQLite
(:func:`fts5_snippet`, which saves a second walk of the index: store/search.py
``_chosen_rows``). Plain Python, no database: split out of store/search.py."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import islice

from reviewdesk.domain.search import HIGHLIGHT_END, HIGHLIGHT_START
from reviewdesk.domain.search_query import _PHRASE, normalise, split_terms

ELLIPSIS = "…"
SNIPPET_TOKENS = 14


Phrase = tuple[tuple[str, ...], bool]  # folded terms; the last one is a prefix


def query_terms(match: str) -> list[Phrase]:
    """The phrases of a MATCH expression (this module's builder's output), folded."""
    out = []
    for phrase, star in _PHRASE.findall(match):
        terms = tuple(normalise(t) for t in phrase.replace('""', '"').split())
        if terms:
            out.append((terms, bool(star)))
    return out


_ASCII_TERM = re.compile(r"[A-Za-z0-9]+")  # the terms of plain ASCII text (split_terms)


def _spans(body: str) -> list[tuple[int, int, str]]:
    """(start, end, folded) of each term in the body, as split_terms splits and normalise
    folds. Plain ASCII text (nearly all) by one regular expression; other text a character at
    a time (Unicode 3.2's letters and digits, accents taken off)."""
    if body.isascii():
        return [(m.start(), m.end(), m.group().lower()) for m in _ASCII_TERM.finditer(body)]
    spans = []
    start = None
    for i, ch in enumerate(body + " "):
        if i < len(body) and split_terms(ch):
            if start is None:
                start = i
        elif start is not None:
            spans.append((start, i, normalise(body[start:i])))
            start = None
    return spans


def make_snippet(body: str, phrases: list[Phrase]) -> str:
    """Up to SNIPPET_TOKENS terms of the body around its first match, each phrase found marked
    as one span as FTS5's snippet() marks it ("[A&E]"), an ellipsis where text was left out."""
    spans = _spans(body)
    folded = [w for _, _, w in spans]
    marked: list[tuple[int, int]] = []  # (first term, last term) of each phrase found
    for terms, prefix in phrases:
        *lead, last = terms
        size = len(terms)
        for n in range(len(spans) - size + 1):
            word = folded[n + size - 1]
            if (word.startswith(last) if prefix else word == last) and (
                not lead or folded[n : n + size - 1] == lead
            ):
                marked.append((n, n + size - 1))
    first = min((m[0] for m in marked), default=0)
    lo = max(0, min(first - SNIPPET_TOKENS // 3, len(spans) - SNIPPET_TOKENS))
    hi = min(len(spans), lo + SNIPPET_TOKENS)
    if lo >= hi:
        return ""
    opens = {a for a, b in marked if lo <= a and b < hi}
    opening: dict[int, int] = {}  # overlapping phrases are merged into one span
    for a, b in sorted(marked):
        if a in opens:
            opening[a] = max(opening.get(a, a), b)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(opening.items()):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    opens = {a for a, _ in merged}
    closes = {b for _, b in merged}
    out = [ELLIPSIS] if lo > 0 else []
    cursor = spans[lo][0]
    for n in range(lo, hi):
        a, b, _ = spans[n]
        out.append(body[cursor:a])
        if n in opens:
            out.append(HIGHLIGHT_START)
        out.append(body[a:b])
        if n in closes:
            out.append(HIGHLIGHT_END)
        cursor = b
    out.append(ELLIPSIS if hi < len(spans) else body[cursor:])
    return "".join(out)


# Where FTS5 sees a sentence start: a term after "." or ":" and white space (nothing else).
_SENTENCE = re.compile(r"[.:][ \t\n\r]+(?=[A-Za-z0-9])")


def _c_half(value: int) -> int:
    """``value / 2`` as C divides integers (toward zero)."""
    return value // 2 if value >= 0 else -(-value // 2)


def _phrase_starts(joined: str, terms: tuple[str, ...], prefix: bool) -> list[int]:
    """Where a phrase starts in the folded terms, given joined by spaces with a space at each end
    (the last term a prefix if ``prefix``; terms neither empty nor holding a space): found by a
    search in C. A loop over every term (:func:`_phrase_at`) took a fifth of a snippet's
    time."""
    needle = " " + " ".join(terms) + ("" if prefix else " ")
    starts = []
    spaces, counted = 0, 0  # the spaces up to ``counted``: term n follows the (n+1)th
    at = joined.find(needle)
    while at >= 0:
        spaces += joined.count(" ", counted, at + 1)
        counted = at + 1
        starts.append(spaces - 1)
        at = joined.find(needle, at + 1)
    return starts


def _phrase_at(folded: list[str], terms: tuple[str, ...], prefix: bool) -> list[int]:
    """Where a phrase starts in the folded terms (the last term a prefix if ``prefix``), a term
    at a time: for any terms at all, and the measure :func:`_phrase_starts` is tested by."""
    *lead, last = terms
    width = len(terms)
    return [
        n
        for n in range(len(folded) - width + 1)
        if (folded[n + width - 1].startswith(last) if prefix else folded[n + width - 1] == last)
        and folded[n : n + width - 1] == lead
    ]


def fts5_snippet(body: str, phrases: list[Phrase], tokens: int = SNIPPET_TOKENS) -> str:
    """What FTS5's ``snippet(search_index, 0, HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS,
    tokens)`` gives for a row holding ``body`` that matches ``phrases``, for plain ASCII text
    and words (split and folded there exactly as ``unicode61`` does). The steps of
    ``fts5SnippetFunction`` (SQLite's ext/fts5/fts5_aux.c, unchanged since 3.2x): each phrase
    instance is scored with the window of ``tokens`` terms it starts (1,000 for each phrase
    found in it, 1 for each repeat) and the window moved so the instances found sit in its
    middle, and so is the start of the sentence before it (+100; +120 at the very start), the
    best window winning (the first of equals); overlapping instances are marked as one span;
    an ellipsis where text was left out. (tests/store/test_search_snippets.py compares it with
    FTS5's own on many awkward texts.)"""
    lower = body.lower()
    # The folded terms, a sentence at a time: what separates two sentences holds no term, so
    # the terms of the pieces are the terms of the whole, and each piece after the first
    # starts with a term (the pattern looks ahead for one).
    pieces = _SENTENCE.split(lower)
    folded = _ASCII_TERM.findall(pieces[0])
    starts = [0]  # the terms that start a sentence (FTS5 looks only in long texts)
    for piece in pieces[1:]:
        if folded:
            starts.append(len(folded))
        folded += _ASCII_TERM.findall(piece)
    size = len(folded)
    sentences = starts if size > tokens else [0]
    lengths = [len(terms) for terms, _ in phrases]
    joined = " " + " ".join(folded) + " "
    found: list[tuple[int, int]] = []  # (position, phrase), in FTS5's order
    for number, (terms, prefix) in enumerate(phrases):
        if all(t and " " not in t for t in terms):  # (always so from the query builder)
            found += [(n, number) for n in _phrase_starts(joined, terms, prefix)]
        else:
            found += [(n, number) for n in _phrase_at(folded, terms, prefix)]
    found.sort()
    at_terms = [at for at, _ in found]

    def score(start: int) -> tuple[int, int]:
        """The points of the window of ``tokens`` terms from ``start``, and where FTS5 would
        move it to centre what it holds."""
        within = found[bisect_left(at_terms, start) : bisect_left(at_terms, start + tokens)]
        if not within:
            return 0, 0
        seen: set[int] = set()
        points = 0
        for _at, number in within:
            points += 1 if number in seen else 1000
            seen.add(number)
        first = within[0][0]
        end = within[-1][0] + lengths[within[-1][1]]
        moved = first - _c_half(tokens - (end - first))
        return points, max(0, min(moved, size - tokens))

    best, begin = 0, 0
    for at, _number in found:
        points, moved = score(at)
        if points > best:
            best, begin = points, moved
        if size > tokens:
            sentence = sentences[bisect_right(sentences, at) - 1]
            if sentence < at:
                points = score(sentence)[0] + (120 if sentence == 0 else 100)
                if points > best:
                    best, begin = points, sentence
    marks: list[list[int]] = []  # [first, last] term of each span marked
    for at, number in found:
        last_term = at + lengths[number] - 1
        if marks and at <= marks[-1][1]:
            marks[-1][1] = max(marks[-1][1], last_term)
        else:
            marks.append([at, last_term])
    finish = begin + tokens - 1
    marks = [m for m in marks if m[0] >= begin]
    # Where in the text the terms shown are (only these: the rest need no place), then the
    # text between them, each span marked as a whole (one that runs past the window is closed
    # at its edge).
    last_shown = min(finish, size - 1)
    spans = [m.span() for m in islice(_ASCII_TERM.finditer(body), begin, last_shown + 1)]
    out = [ELLIPSIS] if begin > 0 else []
    cursor = spans[0][0] if begin > 0 else 0
    for first, last in marks:
        if first > last_shown:
            break
        a = spans[first - begin][0]
        b = spans[min(last, last_shown) - begin][1]
        out += [body[cursor:a], HIGHLIGHT_START, body[a:b], HIGHLIGHT_END]
        cursor = b
        if last > last_shown:
            break
    if finish >= size - 1:
        out.append(body[cursor:])
    else:
        out += [body[cursor : spans[-1][1]], ELLIPSIS]
    return "".join(out)
