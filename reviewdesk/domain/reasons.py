"""Prompts that ask for a reason: "not relevant" is an answer only with what led to that view.

Version 2 of the Panel's themes asks, in the identity theme, what was considered about the child's
and family's identity, culture, faith, language, disability or neurodiversity
(``identity-considered``), rather than letting the theme be waved away. An answer that is only
"not relevant" (or "N/A", "none"...), and a theme marked *not relevant* while that prompt is
empty, say nothing others can learn from; both are refused with a kind message and nothing is
saved. Version 1 has no such prompt, so reviews started on it are unaffected.
"""

from __future__ import annotations

import re

from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

# prompt id -> the theme whose "not relevant" rating needs it answered
REASON_PROMPTS: dict[str, str] = {"identity-considered": "identity"}

# Answers that are only a verdict, not a reason (compared lower-case, without punctuation).
_BARE = {
    "not relevant",
    "not relevant to this case",
    "not applicable",
    "n a",
    "na",
    "none",
    "nil",
    "irrelevant",
    "not needed",
    "not required",
}

ANSWER_NEEDS_REASON = QT_TRANSLATE_NOOP(
    "Labels",
    "Please add a few words about what led you to that view: 'not relevant' on its own does "
    "not tell others what was considered. A short reason is enough, and 'not considered at "
    "the time' is an honest answer. Your words are still here.",
)
RATING_NEEDS_REASON = QT_TRANSLATE_NOOP(
    "Labels",
    "Before this theme is marked not relevant, please write a short reason in the prompt "
    "'What did you consider about the child's and family's identity…'. Nothing else has "
    "changed.",
)
KEEP_THE_REASON = QT_TRANSLATE_NOOP(
    "Labels",
    "This theme is marked not relevant, so this prompt keeps its reason. Please change the "
    "rating first if you want to empty it. Your earlier answer is kept.",
)


def is_bare_verdict(text: str) -> bool:
    """True for an answer that is empty or only says "not relevant" in some form."""
    words = re.sub(r"[^\w]+", " ", text.casefold()).strip()
    return not words or words in _BARE


def answer_problem(prompt_id: str, text: str, *, theme_marked_not_relevant: bool) -> str:
    """Why an answer to ``prompt_id`` cannot be saved as given ("" when it can)."""
    if prompt_id not in REASON_PROMPTS:
        return ""
    if not text.strip():
        return KEEP_THE_REASON if theme_marked_not_relevant else ""
    return ANSWER_NEEDS_REASON if is_bare_verdict(text) else ""


def rating_problem(
    theme_id: str, prompt_ids: frozenset[str], not_relevant: bool, answers: dict[str, str]
) -> str:
    """Why a theme cannot be marked not relevant yet ("" when it can): one of its reason
    prompts (``prompt_ids`` are the review's framework's) has no reason written."""
    if not not_relevant:
        return ""
    for prompt_id, owner in REASON_PROMPTS.items():
        needed = owner == theme_id and prompt_id in prompt_ids
        if needed and is_bare_verdict(answers.get(prompt_id, "")):
            return RATING_NEEDS_REASON
    return ""
