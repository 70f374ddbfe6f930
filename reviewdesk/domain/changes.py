"""What an operation changed, said once so every view can decide for itself whether to read
again (issue 21, point 2; the model is Anki's ``OpChanges``).

A write path in the GUI (an autosave, a lead's saved finding, an import) announces a
:class:`Changes` through the window's one hub (``gui/changes.py``); the library, the review
workspace, the lead toolkit, search and the dashboard each look at it and refresh only what they
show. Plain Python: the core never imports Qt.

    Changes.of(review_id, Kind.ANALYSIS)           # a finding saved in one review
    Changes.of(review_id, *Kind)                   # everything about one review (an import)
    Changes.library()                              # any review, any kind (a library setting)
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    REVIEW = "review"  # the review's details: case record, title, type, stage, dates
    ANSWERS = "answers"  # answers, relevance and key learning, the citations under answers
    CONTRIBUTORS = "contributors"  # who contributes, their names and roles
    ANALYSIS = "analysis"  # chronology, episodes, findings, recommendations, decisions, papers
    ACTIONS = "actions"  # the action plan
    BRIEFING = "briefing"  # the 7-minute briefing
    LIBRARY = "library"  # which reviews the library holds (added, imported, archived, restored)


class Changes:
    """Which reviews (``reviews``; None: any of them) and which kinds of thing changed.
    ``source`` is the view that made the change (None: not a view), so it can let its own
    announcement pass: it has already shown what it saved. Equal when the kinds and reviews
    are; never changed once made.

    Written out rather than a frozen dataclass: this module is imported before the window's
    first paint, where ``dataclasses`` and making the class cost about 2 ms (issue 20)."""

    __slots__ = ("kinds", "reviews", "source")
    kinds: frozenset[Kind]
    reviews: frozenset[int] | None
    source: object | None

    def __init__(
        self,
        kinds: frozenset[Kind] = frozenset(),
        reviews: frozenset[int] | None = frozenset(),
        source: object | None = None,
    ) -> None:
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "reviews", reviews)
        object.__setattr__(self, "source", source)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Changes cannot be changed once made ({name})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Changes):
            return NotImplemented
        return (self.kinds, self.reviews) == (other.kinds, other.reviews)

    def __hash__(self) -> int:
        return hash((self.kinds, self.reviews))

    def __repr__(self) -> str:
        return f"Changes(kinds={self.kinds!r}, reviews={self.reviews!r}, source={self.source!r})"

    @classmethod
    def of(cls, review_id: int, *kinds: Kind, source: object | None = None) -> Changes:
        return cls(frozenset(kinds), frozenset((review_id,)), source)

    @classmethod
    def library(cls, *kinds: Kind, source: object | None = None) -> Changes:
        """A change that may touch any review (all kinds unless some are named)."""
        return cls(frozenset(kinds or Kind), None, source)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        """Both changes at once (for a view that was hidden while they were announced)."""
        reviews = (
            None if self.reviews is None or other.reviews is None else self.reviews | other.reviews
        )
        source = self.source if self.source is other.source else None
        return Changes(self.kinds | other.kinds, reviews, source)

    def touches(self, *kinds: Kind) -> bool:
        """Did any of these kinds change (in any review)?"""
        return not self.kinds.isdisjoint(kinds)

    def about(self, review_id: int, *kinds: Kind) -> bool:
        """Did something about this review change (of these kinds, when named)?"""
        in_review = self.reviews is None or review_id in self.reviews
        return in_review and (self.touches(*kinds) if kinds else bool(self.kinds))
