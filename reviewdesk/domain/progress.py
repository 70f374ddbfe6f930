"""What "complete" means for a prompt, a theme, a contributor and a review.

A prompt counts as answered when its answer holds some non-blank text. A theme is complete for a
contributor when every prompt is answered *and* they have rated its relevance; a theme rated "not
relevant" is complete without answers (the contributor has said it does not apply). Review
progress is summed over contributors, so a lead can see how far the whole review has come.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP


class ThemeState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    NOT_RELEVANT = "not_relevant"

    @property
    def label(self) -> str:
        return {
            "not_started": QT_TRANSLATE_NOOP("Labels", "Not started"),
            "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
            "complete": QT_TRANSLATE_NOOP("Labels", "Complete"),
            "not_relevant": QT_TRANSLATE_NOOP("Labels", "Marked not relevant"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class Progress:
    answered: int
    total: int
    # Whose prompts are counted: "yours" (the person writing on this computer) or "everyone"
    # (all contributors together, in a review where nobody writes on this computer).
    whose: str = "everyone"

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.fraction)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered >= self.total

    def __add__(self, other: Progress) -> Progress:
        whose = self.whose if self.whose == other.whose else "everyone"
        return Progress(self.answered + other.answered, self.total + other.total, whose)

    def __str__(self) -> str:
        return f"{self.answered} of {self.total}"


NO_PROGRESS = Progress(0, 0)


@dataclass(frozen=True, slots=True)
class ThemeProgress:
    theme_id: str
    progress: Progress
    state: ThemeState


def theme_progress(
    theme_id: str,
    prompt_ids: Iterable[str],
    answered_prompt_ids: Iterable[str],
    relevance: str | None,
) -> ThemeProgress:
    """Progress of one contributor on one theme.

    ``relevance`` is the contributor's rating value (``"not_relevant"``, ``"some"``,
    ``"significant"``) or ``None`` when not yet rated.
    """
    ids = list(prompt_ids)
    answered = set(answered_prompt_ids)
    count = sum(1 for pid in ids if pid in answered)
    progress = Progress(count, len(ids))
    if relevance == "not_relevant":
        state = ThemeState.NOT_RELEVANT
    elif count == len(ids) and relevance is not None:
        state = ThemeState.COMPLETE
    elif count == 0 and relevance is None:
        state = ThemeState.NOT_STARTED
    else:
        state = ThemeState.IN_PROGRESS
    return ThemeProgress(theme_id, progress, state)


def contributor_progress(
    themes: Mapping[str, Iterable[str]],
    answered_prompt_ids: Iterable[str],
    relevance_by_theme: Mapping[str, str | None],
) -> tuple[Progress, tuple[ThemeProgress, ...]]:
    """Overall and per-theme progress of one contributor. ``themes`` maps theme id -> prompt ids."""
    answered = set(answered_prompt_ids)
    per_theme = tuple(
        theme_progress(tid, pids, answered, relevance_by_theme.get(tid))
        for tid, pids in themes.items()
    )
    total = NO_PROGRESS
    for tp in per_theme:
        total = total + tp.progress
    return total, per_theme
