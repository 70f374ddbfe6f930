"""What an export is asked for: the format, the options, and the read model it is built from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewdesk.domain.analysis import (
    Action,
    ChronologyEntry,
    Finding,
    PracticeEpisode,
    Recommendation,
)
from reviewdesk.domain.briefing import NO_BRIEFING, BriefingText
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP
from reviewdesk.domain.normalise import invisible
from reviewdesk.domain.papers import FamilyContribution, ParallelProcess, TermsOfReference
from reviewdesk.domain.review import ReviewDocument

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
MARKINGS: tuple[str, ...] = ("OFFICIAL-SENSITIVE", "OFFICIAL", "")  # "" prints no marking
MAX_MARKING = 60


def checked_marking(marking: str) -> str:
    """A protective marking as typed, spacing folded; refused (kindly) when it is too long or
    holds a control or invisible character, which every page would have to print."""
    clean = " ".join(marking.split())
    if any(invisible(ch) for ch in clean):
        raise ValidationError(
            "The protective marking can only hold letters, numbers, spaces and punctuation "
            "(it is printed on every page). Please type it again.",
            {"marking": "Holds a character that cannot be printed."},
        )
    if len(clean) > MAX_MARKING:
        raise ValidationError(
            f"The protective marking can be up to {MAX_MARKING} characters.",
            {"marking": "Too long."},
        )
    return clean


def printable_marking(stored: str) -> str:
    """A marking read back from a library: anything that cannot be printed left out (a library
    may hold one saved before markings were checked)."""
    return " ".join("".join(ch for ch in stored if not invisible(ch)).split())[:MAX_MARKING]


class ExportFormat(StrEnum):
    PDF = "pdf"
    BRIEFING = "briefing"
    BRIEFING_DOCX = "briefing-docx"
    DOCX = "docx"
    JSON = "json"

    @property
    def label(self) -> str:
        return {
            "pdf": QT_TRANSLATE_NOOP("Labels", "Learning summary (PDF)"),
            "briefing": QT_TRANSLATE_NOOP("Labels", "7-minute briefing (PDF)"),
            "briefing-docx": QT_TRANSLATE_NOOP("Labels", "7-minute briefing (Word)"),
            "docx": QT_TRANSLATE_NOOP("Labels", "Learning summary (Word)"),
            "json": QT_TRANSLATE_NOOP("Labels", "Review data for another ReviewDesk (JSON)"),
        }[self.value]

    @property
    def extension(self) -> str:
        return {
            "pdf": "pdf",
            "briefing": "pdf",
            "briefing-docx": "docx",
            "docx": "docx",
            "json": "json",
        }[self.value]

    @property
    def document_name(self) -> str:
        """The words used in a default file name."""
        return {
            "pdf": "learning summary",
            "briefing": "7-minute briefing",
            "briefing-docx": "7-minute briefing",
            "docx": "learning summary",
            "json": "review data",
        }[self.value]

    @property
    def is_briefing(self) -> bool:
        return self in (ExportFormat.BRIEFING, ExportFormat.BRIEFING_DOCX)

    @property
    def uses_options(self) -> bool:
        """JSON carries the whole review (never private notes); the options shape documents."""
        return self is not ExportFormat.JSON


class TableExport(StrEnum):
    """The lead's tables as CSV, for a spreadsheet (not documents: no options apply)."""

    ACTIONS_CSV = "actions-csv"
    CHRONOLOGY_CSV = "chronology-csv"

    @property
    def label(self) -> str:
        return {
            "actions-csv": QT_TRANSLATE_NOOP("Labels", "Action plan (CSV)"),
            "chronology-csv": QT_TRANSLATE_NOOP("Labels", "Chronology (CSV)"),
        }[self.value]

    @property
    def extension(self) -> str:
        return "csv"

    @property
    def document_name(self) -> str:
        return {"actions-csv": "action plan", "chronology-csv": "chronology"}[self.value]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    show_names: bool = False  # default: contributors shown by role and agency only
    include_unanswered: bool = False
    theme_ids: tuple[str, ...] | None = None  # None: every theme of the review's framework
    marking: str = DEFAULT_MARKING  # "" for none
    prepared_on: date | None = None  # the date printed on the document (default: today)
    draft: bool = False  # a DRAFT watermark (PDF) or header (Word)
    publication: bool = False  # meant for publication: key dates shown as month and year
    # The family involvement summary names each family member as the log records them only
    # when chosen; otherwise "Family member 1", "Family member 2"...
    family_names: bool = False

    def checked(self, framework: Framework) -> ExportOptions:
        """These options, checked against a review's framework (a readable error if not)."""
        marking = checked_marking(self.marking)
        if self.theme_ids is None:
            themes = None
        else:
            known = {t.id for t in framework.themes}
            unknown = [t for t in self.theme_ids if t not in known]
            if unknown:
                raise ValidationError(
                    f"This review has no theme called '{unknown[0]}'. Its themes are: "
                    + ", ".join(t.id for t in framework.themes)
                    + ".",
                    {"themes": "Unknown theme."},
                )
            if not self.theme_ids:
                raise ValidationError(
                    "Please choose at least one theme to include.", {"themes": "None chosen."}
                )
            themes = tuple(t.id for t in framework.themes if t.id in set(self.theme_ids))
        return ExportOptions(
            show_names=self.show_names,
            include_unanswered=self.include_unanswered,
            theme_ids=themes,
            marking=marking,
            prepared_on=self.prepared_on,
            draft=self.draft,
            publication=self.publication,
            family_names=self.family_names,
        )


@dataclass(frozen=True, slots=True)
class ExportInput:
    """Everything a document is built from, read in one transaction.

    Private notes are not here (nor in :class:`ReviewDocument`), so no export can contain them.
    The lead's analysis (chronology, episodes, findings, recommendations, actions) is optional:
    each document shows a section for it only when it holds something.
    """

    document: ReviewDocument
    chronology: tuple[ChronologyEntry, ...] = ()
    episodes: tuple[PracticeEpisode, ...] = ()
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    actions: tuple[Action, ...] = ()
    # The audit trail's newest hash when the document was made: written into its metadata so a
    # file can later be matched against the library's trail.
    audit_chain_hash: str = ""
    # The acronyms a document's glossary may expand (acronym, what it stands for): the shipped
    # list with the partnership's own over it. Only those the document prints are listed.
    acronyms: tuple[tuple[str, str], ...] = ()
    # The lead's 7-minute briefing as written so far (issue 17, point 3): sections not yet
    # edited follow the review.
    briefing: BriefingText = NO_BRIEFING
    # The review papers (issue 18, point 4), printed in the learning summary only (never in the
    # 7-minute briefing): terms of reference, the family involvement log, parallel processes.
    terms: TermsOfReference | None = None
    family: tuple[FamilyContribution, ...] = ()
    processes: tuple[ParallelProcess, ...] = ()
