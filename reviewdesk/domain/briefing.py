"""The 7-minute briefing the review lead owns (issue 17, point 3).

Seven sections, as partnerships circulate them. Each starts prefilled from the review and becomes
the lead's own as soon as it is edited: a section the lead has written is stored and printed
exactly as written (never shortened); a section left alone (``None``) follows the review, so it
stays current as the analysis grows. "Reset this section from the review" sets it back to
``None``.

The text of a section is plain: lines starting with "- " or "• " are points of a list, blank
lines separate paragraphs, and web addresses become links in the PDF and Word documents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

# The section keys, in the order they are printed, with their headings.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("case", QT_TRANSLATE_NOOP("Labels", "The case in brief")),
    ("happened", QT_TRANSLATE_NOOP("Labels", "What happened")),
    ("matters", QT_TRANSLATE_NOOP("Labels", "Why it matters")),
    ("found", QT_TRANSLATE_NOOP("Labels", "What we found")),
    ("todo", QT_TRANSLATE_NOOP("Labels", "What practitioners should do")),
    ("questions", QT_TRANSLATE_NOOP("Labels", "Questions for teams")),
    ("more", QT_TRANSLATE_NOOP("Labels", "Where to find more")),
)
SECTION_KEYS: tuple[str, ...] = tuple(key for key, _ in SECTIONS)
HEADINGS: dict[str, str] = dict(SECTIONS)
# A briefing goes round teams: OFFICIAL unless the lead chooses otherwise (a review's own
# documents default to OFFICIAL-SENSITIVE).
BRIEFING_MARKING = "OFFICIAL"
MAX_SECTION = 20_000  # characters: far more than two pages hold; the fit meter says so first
MAX_TITLE = 400


@dataclass(frozen=True, slots=True)
class BriefingText:
    """What the lead has written (``None``: not edited, follows the review)."""

    case: str | None = None
    happened: str | None = None
    matters: str | None = None
    found: str | None = None
    todo: str | None = None
    questions: str | None = None
    more: str | None = None
    title: str | None = None  # None: the review's title
    marking: str = BRIEFING_MARKING
    two_pages: bool = False  # the lead wants the two-page form

    def section(self, key: str) -> str | None:
        check_key(key)
        return getattr(self, key)

    def with_section(self, key: str, text: str | None) -> BriefingText:
        check_key(key)
        # One of the seven sections (checked above), each a str | None field.
        change: dict[str, Any] = {key: text}
        return replace(self, **change)

    @property
    def edited(self) -> tuple[str, ...]:
        return tuple(k for k in SECTION_KEYS if getattr(self, k) is not None)


NO_BRIEFING = BriefingText()  # nothing written yet: every section follows the review


def check_key(key: str) -> None:
    if key not in HEADINGS:
        raise ValidationError(f"A briefing has no section called '{key}'.")


def checked_section(text: str) -> str:
    if not isinstance(text, str):
        raise ValidationError("A briefing section holds text.")
    if len(text) > MAX_SECTION:
        raise ValidationError(
            f"A section of the briefing can be up to {MAX_SECTION:,} characters; this one has "
            f"{len(text):,}. Nothing was changed."
        )
    return text


def checked_title(text: str) -> str:
    clean = " ".join(text.split())
    if len(clean) > MAX_TITLE:
        raise ValidationError(f"The briefing's title can be up to {MAX_TITLE} characters.")
    return clean


def bullet_text(line: str) -> str | None:
    """The point a line of a section holds when it is one ("- text" or "• text"), else None."""
    stripped = line.strip()
    for mark in ("- ", "• ", "* ", "– "):
        if stripped.startswith(mark):
            return stripped[len(mark) :].strip()
    return None


def blocks(text: str) -> list[tuple[str, str]]:
    """A section's text as ("point" | "para", text) blocks: every line of a list is a point,
    other lines run together into paragraphs (a blank line ends one)."""
    out: list[tuple[str, str]] = []
    para: list[str] = []

    def end_para() -> None:
        if para:
            out.append(("para", " ".join(para)))
            para.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        point = bullet_text(line)
        if point is not None:
            end_para()
            if point:
                out.append(("point", point))
        elif not line.strip():
            end_para()
        else:
            para.append(line.strip())
    end_para()
    return out
