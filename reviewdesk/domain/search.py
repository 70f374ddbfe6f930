"""Read models of a search across every review: hits grouped by review, then by theme.

A hit's snippet marks the matched words with :data:`HIGHLIGHT_START` / :data:`HIGHLIGHT_END`
(control characters nobody types); screens turn them into bold (:func:`snippet_parts`) and the
command line into [brackets] (:func:`bracketed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
NO_THEME = ""  # the group of hits not linked to a theme (recommendations, actions, ...)


class HitKind(StrEnum):
    ANSWER = "answer"
    KEY_LEARNING = "key_learning"
    FINDING = "finding"
    CHRONOLOGY = "chronology"
    EPISODE = "episode"
    RECOMMENDATION = "recommendation"
    ACTION = "action"

    @property
    def label(self) -> str:
        return {
            "answer": QT_TRANSLATE_NOOP("Labels", "Answer"),
            "key_learning": QT_TRANSLATE_NOOP("Labels", "Key learning"),
            "finding": QT_TRANSLATE_NOOP("Labels", "Finding"),
            "chronology": QT_TRANSLATE_NOOP("Labels", "Chronology entry"),
            "episode": QT_TRANSLATE_NOOP("Labels", "Key practice episode"),
            "recommendation": QT_TRANSLATE_NOOP("Labels", "Recommendation"),
            "action": QT_TRANSLATE_NOOP("Labels", "Action"),
        }[self.value]

    @property
    def is_lead_item(self) -> bool:
        """Opened in the review lead's toolkit (not in the reflection workspace)."""
        return self not in (HitKind.ANSWER, HitKind.KEY_LEARNING)


@dataclass(frozen=True, slots=True)
class SearchLocation:
    """Where a hit opens: a contributor's answer to a prompt, their key learning for a theme, or
    a lead item (by id and uid)."""

    review_id: int
    kind: HitKind
    contributor_id: int | None = None
    theme_id: str = ""
    prompt_id: str = ""
    item_id: int | None = None
    item_uid: str = ""
    field: str = ""  # the field matched: "text", "evidence", "what_was_known", ...


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: HitKind
    snippet: str  # with HIGHLIGHT_START / HIGHLIGHT_END around matched words
    location: SearchLocation
    where: str  # what it is, in words: the prompt, "Finding F2", "Chronology entry, 3 Mar 2024"
    who: str = ""  # a contributor's role and agency (never their name)
    rank: float = 0.0  # bm25: lower is better


@dataclass(frozen=True, slots=True)
class ThemeHits:
    theme_id: str  # NO_THEME for hits not linked to a theme
    title: str
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class ReviewHits:
    review_id: int
    reference: str
    title: str
    review_type: str  # ReviewType value
    status: str  # ReviewStatus value
    period_date: date  # domain.periods.review_period_date
    archived: bool
    themes: tuple[ThemeHits, ...]

    @property
    def count(self) -> int:
        return sum(len(t.hits) for t in self.themes)


@dataclass(frozen=True, slots=True)
class SearchResults:
    text: str  # what was typed
    terms: tuple[str, ...]  # the terms searched for (folded); empty: nothing was searched
    reviews: tuple[ReviewHits, ...] = ()
    truncated: bool = False  # more hits than the limit: the best ones are shown
    # False when the words are in too many places to rank by relevance in good time (words
    # like "the"): the newest hits are shown instead, and the person is told so.
    ranked: bool = True

    @property
    def count(self) -> int:
        return sum(r.count for r in self.reviews)

    @property
    def searched(self) -> bool:
        return bool(self.terms)

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        return tuple(h for r in self.reviews for t in r.themes for h in t.hits)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, highlighted) pieces, in order."""
    parts: list[tuple[str, bool]] = []
    highlighted = False
    current: list[str] = []
    for ch in snippet:
        if ch in (HIGHLIGHT_START, HIGHLIGHT_END):
            if current:
                parts.append(("".join(current), highlighted))
                current = []
            highlighted = ch == HIGHLIGHT_START
        else:
            current.append(ch)
    if current:
        parts.append(("".join(current), highlighted))
    return parts


def bracketed(snippet: str) -> str:
    """A snippet for plain text: matched words in [brackets], line breaks as spaces."""
    text = "".join(f"[{t}]" if hit else t for t, hit in snippet_parts(snippet))
    return " ".join(text.split())
