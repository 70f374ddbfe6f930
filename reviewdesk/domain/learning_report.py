"""The yearly learning report's read model: what a safeguarding partnership's yearly report needs
from a period's reviews (issue 8).

Built by reviewdesk/services/learning_report.py in one read transaction, with each review's name
key already applied to every piece of user text and contributors named by role and agency only
(the defaults of the single-review exports). The exporters (PDF, Word, CSV) draw from it alone.
Reviews appear by reference, type and stage: never by title, which may hold a child's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewdesk.domain.analysis import Action, FindingKind
from reviewdesk.domain.dashboard import Dashboard, ThemeFigures
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP
from reviewdesk.domain.review import ReviewStatus, ReviewType
from reviewdesk.domain.yearly import YearFigures


class ReportFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    CSV = "csv"

    @property
    def label(self) -> str:
        return {
            "pdf": QT_TRANSLATE_NOOP("Labels", "Learning report (PDF)"),
            "docx": QT_TRANSLATE_NOOP("Labels", "Learning report (Word)"),
            "csv": QT_TRANSLATE_NOOP("Labels", "Learning report data (CSV)"),
        }[self.value]

    @property
    def extension(self) -> str:
        return self.value


KIND = "Learning report"


@dataclass(frozen=True, slots=True)
class ReportReview:
    id: int
    reference: str
    review_type: ReviewType
    status: ReviewStatus
    period_date: date  # the date that places it in the period (domain.analysis.PERIOD_RULE)
    archived: bool = False
    published_on: date | None = None
    events: tuple[str, ...] = ()  # what happened in it during the period (domain/yearly.py)

    @property
    def published(self) -> bool:
        return self.published_on is not None or self.status in {
            ReviewStatus.PUBLISHED,
            ReviewStatus.CLOSED,
        }


@dataclass(frozen=True, slots=True)
class KeyLearning:
    theme_id: str
    reference: str
    who: str  # the contributor's role and agency, never their name
    text: str


@dataclass(frozen=True, slots=True)
class ReportFinding:
    reference: str
    ref: str
    statement: str
    kind: FindingKind = FindingKind.IMPROVEMENT
    theme_ids: tuple[str, ...] = ()
    question: str = ""


@dataclass(frozen=True, slots=True)
class ReportRecommendation:
    reference: str
    ref: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportAction:
    reference: str
    action: Action


@dataclass(frozen=True, slots=True)
class CaseCountTable:
    """The period's reviews counted by one category of the case record for analysis (special
    category data), small numbers already suppressed: (group, reviews) rows."""

    title: str  # e.g. "Ethnicity"
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class LearningReport:
    dashboard: Dashboard
    reviews: tuple[ReportReview, ...]
    key_learning: tuple[KeyLearning, ...] = ()
    findings: tuple[ReportFinding, ...] = ()
    recommendations: tuple[ReportRecommendation, ...] = ()
    actions: tuple[ReportAction, ...] = ()
    marking: str = "OFFICIAL-SENSITIVE"
    prepared_on: date | None = None
    audit_chain_hash: str = ""
    figures: YearFigures | None = None  # the yearly counts (domain/yearly.py)
    # Counts by the case record for analysis: only when the person writing the report chose
    # them (special-category data; off by default).
    case_counts: tuple[CaseCountTable, ...] = ()

    @property
    def today(self) -> date:
        return self.dashboard.today

    @property
    def period_label(self) -> str:
        return self.dashboard.period.label

    @property
    def themes(self) -> tuple[ThemeFigures, ...]:
        return self.dashboard.themes

    def theme_title(self, theme_id: str) -> str:
        for t in self.themes:
            if t.theme_id == theme_id:
                return t.title
        return theme_id

    def learning_for(self, theme_id: str) -> tuple[KeyLearning, ...]:
        return tuple(k for k in self.key_learning if k.theme_id == theme_id)

    def findings_for(self, theme_id: str) -> tuple[ReportFinding, ...]:
        return tuple(f for f in self.findings if theme_id in f.theme_ids)

    def actions_for(self, reference: str, recommendation_ref: str) -> tuple[ReportAction, ...]:
        return tuple(
            a
            for a in self.actions
            if a.reference == reference and a.action.recommendation_ref == recommendation_ref
        )

    @property
    def impact(self) -> tuple[ReportAction, ...]:
        """Actions with evidence of impact recorded (as text, or in the dated impact log)."""
        return tuple(a for a in self.actions if a.action.has_impact_evidence)

    @property
    def impact_entries(self) -> tuple[tuple[str, str, str, date | None], ...]:
        """(review, action, evidence, date recorded) for each piece of evidence of impact: the
        action's impact text, then each entry of its dated impact log (an audit at 6 or 12
        months, other evidence), oldest first."""
        out = []
        for a in self.impact:
            act = a.action
            if act.impact_evidence.strip():
                out.append(
                    (a.reference, act.description, act.impact_evidence, act.impact_recorded_on)
                )
            for entry in act.impact_log:
                said = f"{entry.kind.label}: {entry.evidence}"
                out.append((a.reference, act.description, said, entry.recorded_on))
        return tuple(out)

    @property
    def open_actions(self) -> tuple[ReportAction, ...]:
        """Actions not complete, overdue ones first (then by due date)."""
        today = self.today
        found = [a for a in self.actions if a.action.status.value != "complete"]
        return tuple(
            sorted(
                found,
                key=lambda a: (
                    not a.action.is_overdue(today),
                    a.action.due or date.max,
                    a.reference,
                ),
            )
        )

    @property
    def unpublished(self) -> tuple[ReportReview, ...]:
        return tuple(r for r in self.reviews if not r.published)


def month_label(when: date | None) -> str:
    """Dates in a report meant for publication are generalised to the month."""
    return when.strftime("%B %Y") if when else ""
