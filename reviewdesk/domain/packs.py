"""Read models for the exchange loop: case packs sent by a review lead, contributions returned by
practitioners, and what an import did. Frozen dataclasses, built by the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from reviewdesk.domain.review import Answer, Contributor, ReviewSummary, ThemeAssessment


class FileKind(StrEnum):
    REVIEW = "review"
    PACK = "pack"
    CONTRIBUTION = "contribution"

    @property
    def label(self) -> str:
        return {
            "review": "a ReviewDesk review (JSON)",
            "pack": "a case pack",
            "contribution": "a returned contribution",
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
        return {"current": "In use", "superseded": "Earlier version"}[self.value]


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
class ContributionPreview:
    """What "Return my contribution" would send, before it is written."""

    review_id: int
    reference: str
    contributor: Contributor
    pack_uid: str
    answered: int
    themes_rated: int
    written_by: str


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


@dataclass(frozen=True, slots=True)
class ContributorExchange:
    """For one contributor: the packs sent to them and the contributions they returned."""

    contributor: Contributor
    packs: tuple[PackSent, ...]  # oldest first
    versions: tuple[ContributionVersion, ...]  # newest written first

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


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``import`` did, whatever the file was."""

    kind: FileKind
    review: ReviewSummary
    message: str
    pack: OpenedPack | None = None
    merge: MergeResult | None = None
