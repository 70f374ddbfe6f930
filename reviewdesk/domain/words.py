"""Counted nouns in plain English: "1 review", "2 reviews", "1 entry", "3 entries".

Never "1 reviews" and never "review(s)". The GUI's translatable texts keep their own
one/many pairs (reviewdesk/gui/pages/analysis/common.py, ``plural``); this is for the core, the
command line and the exports.
"""

from __future__ import annotations

_IRREGULAR = {
    "entry": "entries",
    "match": "matches",
    "person": "people",
    "key learning": "key learning",
}


def count(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and ``noun``, the noun made plural unless ``n`` is 1 (``many`` when irregular)."""
    if n == 1:
        return f"{n:,} {noun}"
    return f"{n:,} {many or _IRREGULAR.get(noun) or noun + 's'}"
