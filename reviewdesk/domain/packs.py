"""Read models for the exchange loop: case packs sent by a review lead, contributions returned by
practitioners, and what an import did. Frozen dataclasses, built by the services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from reviewdesk.domain.framework import Framework
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP
from reviewdesk.domain.review import (
    Answer,
    Contributor,
    Relevance,
    ReviewSummary,
    ThemeAssessment,
)


class FileKind(StrEnum):
    REVIEW = "review"
    PACK = "pack"
    CONTRIBUTION = "contribution"

    @property
    def label(self) -> str:
        return {
            "review": QT_TRANSLATE_NOOP("Labels", "a ReviewDesk review (JSON)"),
            "pack": QT_TRANSLATE_NOOP("Labels", "a case pack"),
            "contribution": QT_TRANSLATE_NOOP("Labels", "a returned contribution"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What a file offered for import turned out to be (from its content, never its name)."""

    kind: FileKind
    encrypted: bool


class MergeOutcome(StrEnum):
    APPLIED = "applied"  # the first contribution from this person
    SUPERSEDED = "superseded"  # newer than the one in place, which is kept as an earlier version
    KEPT_AS_OLDER = "older"  # older than the one in place: kept as an earlier version only
    DUPLICATE = "duplicate"  # already here: nothing changed


class VersionStatus(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return {
            "current": QT_TRANSLATE_NOOP("Labels", "In use"),
            "superseded": QT_TRANSLATE_NOOP("Labels", "Earlier version"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class PackSent:
    id: int
    uid: str
    review_id: int
    contributor: Contributor
    theme_ids: tuple[str, ...]
    encrypted: bool
    created_at: datetime
    file_sha256: str
    return_by: date | None = None  # the date the lead asked for the contribution back by


@dataclass(frozen=True, slots=True)
class OpenedPack:
    """A pack opened in a practitioner's library: the review and their own space in it."""

    pack_uid: str
    review: ReviewSummary
    contributor: Contributor
    theme_ids: tuple[str, ...]
    made_at: datetime


@dataclass(frozen=True, slots=True)
class ThemeContent:
    """What one contribution holds for one theme."""

    theme_id: str
    title: str
    prompts: int  # prompts in the theme
    answered: int
    rating: str  # the relevance label, or "" when not rated
    key_learning: bool
    citations: int

    @property
    def empty(self) -> bool:
        return not (self.answered or self.rating or self.key_learning or self.citations)


@dataclass(frozen=True, slots=True)
class ContentSummary:
    """What a contribution holds, theme by theme: shown before it is returned and after the
    lead imports it, so both sides see exactly what travelled."""

    themes: tuple[ThemeContent, ...]

    @property
    def answered(self) -> int:
        return sum(t.answered for t in self.themes)

    @property
    def rated(self) -> int:
        return sum(1 for t in self.themes if t.rating)

    @property
    def key_learning(self) -> int:
        return sum(1 for t in self.themes if t.key_learning)

    @property
    def citations(self) -> int:
        return sum(t.citations for t in self.themes)

    @property
    def empty(self) -> bool:
        return all(t.empty for t in self.themes)

    def sentence(self) -> str:
        """One plain line: "5 answers, 2 themes rated, key learning for 1 theme, 3 citations"."""
        if self.empty:
            return "nothing written yet"
        parts = [
            plural(self.answered, "answer", "answers"),
            plural(self.rated, "theme rated", "themes rated"),
            "key learning for " + plural(self.key_learning, "theme", "themes"),
            plural(self.citations, "chronology citation", "chronology citations"),
        ]
        return ", ".join(parts)


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


@dataclass(frozen=True, slots=True)
class ContributionPreview:
    """What "Return my contribution" would send, before it is written."""

    review_id: int
    reference: str
    contributor: Contributor
    pack_uid: str
    answered: int
    themes_rated: int
    written_by: str
    content: ContentSummary = ContentSummary(())


@dataclass(frozen=True, slots=True)
class ContributionWritten:
    pack_uid: str
    contribution_uid: str
    content_sha256: str
    written_at: datetime
    answered: int
    themes_rated: int


@dataclass(frozen=True, slots=True)
class ContributionVersion:
    """One contribution as the lead received it, with its provenance and content."""

    id: int
    uid: str
    contributor_id: int
    pack_uid: str
    status: VersionStatus
    written_by: str  # name, role and agency as the practitioner gave them
    written_at: datetime
    imported_at: datetime
    content_sha256: str
    file_sha256: str
    answers: tuple[Answer, ...]
    assessments: tuple[ThemeAssessment, ...]
    citations: tuple[tuple[str, str], ...] = ()  # (prompt id, chronology entry uid)
    # What it holds, theme by theme (recomputed from the stored content; issue 19)
    content: ContentSummary = ContentSummary(())


@dataclass(frozen=True, slots=True)
class ReturnDue:
    """How a contribution still awaited stands against the date it was asked back by, counted
    in working days (reviewdesk/domain/clocks.py)."""

    return_by: date
    working_days_left: int  # negative: working days overdue
    overdue: bool

    @property
    def phrase(self) -> str:
        """'Due today', '3 working days left', 'Overdue by 2 working days'."""
        from reviewdesk.domain.clocks import due_phrase

        return due_phrase(self.working_days_left, self.overdue)


@dataclass(frozen=True, slots=True)
class ContributorExchange:
    """For one contributor: the packs sent to them and the contributions they returned."""

    contributor: Contributor
    packs: tuple[PackSent, ...]  # oldest first
    versions: tuple[ContributionVersion, ...]  # newest written first
    due: ReturnDue | None = None  # only while nothing has come back and a date was asked for

    @property
    def return_by(self) -> date | None:
        """The date the newest pack asked for the contribution back by (None if none)."""
        return self.packs[-1].return_by if self.packs else None

    @property
    def last_sent(self) -> datetime | None:
        return self.packs[-1].created_at if self.packs else None

    @property
    def current(self) -> ContributionVersion | None:
        for v in self.versions:
            if v.status is VersionStatus.CURRENT:
                return v
        return None

    @property
    def returned(self) -> bool:
        return self.current is not None


@dataclass(frozen=True, slots=True)
class MergeResult:
    outcome: MergeOutcome
    review: ReviewSummary
    contributor: Contributor
    version: ContributionVersion
    message: str
    content: ContentSummary = ContentSummary(())


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``import`` did, whatever the file was."""

    kind: FileKind
    review: ReviewSummary
    message: str
    pack: OpenedPack | None = None
    merge: MergeResult | None = None


def summarise(
    framework: Framework,
    theme_ids: Iterable[str],
    answers: Iterable[Mapping[str, Any]],
    assessments: Iterable[Mapping[str, Any]],
    citations: Iterable[Mapping[str, Any]] = (),
) -> ContentSummary:
    """What answers, assessments and citations (in their file form) hold, for the given themes
    in the framework's order."""
    scope = set(theme_ids)
    written = {a["prompt_id"] for a in answers if str(a.get("text", "")).strip()}
    by_theme = {a["theme_id"]: a for a in assessments}
    cited: dict[str, int] = {}
    for c in citations:
        cited[c["prompt_id"]] = cited.get(c["prompt_id"], 0) + 1
    themes = []
    for theme in framework.themes:
        if theme.id not in scope:
            continue
        a = by_theme.get(theme.id, {})
        relevance = a.get("relevance")
        themes.append(
            ThemeContent(
                theme_id=theme.id,
                title=theme.short_title,
                prompts=len(theme.prompts),
                answered=sum(1 for p in theme.prompts if p.id in written),
                rating=Relevance(relevance).label if relevance else "",
                key_learning=bool(str(a.get("key_learning", "")).strip()),
                citations=sum(cited.get(p.id, 0) for p in theme.prompts),
            )
        )
    return ContentSummary(tuple(themes))
