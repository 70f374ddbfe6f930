"""The yearly learning report across a period's reviews, as PDF, Word or CSV.

Read in one transaction (the figures and the text come from the same moment), with each review's
name key applied to every piece of user text (the same rule as the single-review exports: no
document can hold a name from a key) and contributors named by role and agency only. Private
notes are never read. The file is written atomically, never over an existing one unless asked,
and the export is recorded in the audit trail (the period, the format, the references covered
and the file's fingerprint; never its content).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import FindingKind, review_period_date
from reviewdesk.domain.casefile import DIMENSIONS, FIELD_LABELS, case_figures, suppressed_rows
from reviewdesk.domain.clocks import WorkingCalendar
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.exporting import checked_marking
from reviewdesk.domain.learning_report import (
    CaseCountTable,
    KeyLearning,
    LearningReport,
    ReportAction,
    ReportFinding,
    ReportFormat,
    ReportRecommendation,
    ReportReview,
)
from reviewdesk.domain.publication import pseudonymise
from reviewdesk.domain.review import ReviewStatus, ReviewType
from reviewdesk.domain.yearly import (
    ActionFact,
    DecisionFact,
    ReviewDates,
    events_in,
    year_figures,
)
from reviewdesk.files import check_destination, safe_file_name, write_atomically
from reviewdesk.services.analysis.case_details import details_of
from reviewdesk.services.audit import AuditService
from reviewdesk.services.dashboard import dashboard_in
from reviewdesk.services.settings import SettingsService
from reviewdesk.store import audit as audit_store
from reviewdesk.store import learning_stats as stats
from reviewdesk.store.analysis import ids_of
from reviewdesk.store.engine import Store

Progress = Callable[[int, str], None]


def _renderer(fmt: ReportFormat) -> Callable[[LearningReport], bytes]:
    # Imported when first used: ReportLab and python-docx stay out of the app's start-up time.
    if fmt is ReportFormat.PDF:
        from reviewdesk.exports.learning_report_pdf import render_learning_report_pdf

        return render_learning_report_pdf
    if fmt is ReportFormat.DOCX:
        from reviewdesk.exports.learning_report_docx import render_learning_report_docx

        return render_learning_report_docx
    from reviewdesk.exports.learning_report_csv import render_learning_report_csv

    return render_learning_report_csv


def report_file_name(period: Period, fmt: ReportFormat) -> str:
    return safe_file_name(
        f"Learning report {period.date_from.isoformat()} to {period.date_to.isoformat()}",
        fmt.extension,
        fallback="learning report",
    )


def _dates(r) -> ReviewDates:
    return ReviewDates(
        r.reference,
        r.review_type,
        r.status,
        r.incident_date,
        r.notification_date,
        r.rapid_review_date,
        r.decision_date,
        r.publication_date,
        r.created_at.date() if r.created_at else None,
    )


def _case_counts(session: Session, review_ids: tuple[int, ...]) -> tuple[CaseCountTable, ...]:
    """The period's reviews counted by each category of the case record for analysis, as the
    dashboard counts them (case_figures), small numbers suppressed for a shared document."""
    rows = stats.report_reviews(session, review_ids)
    details = {r.id: details_of(session, r) for r in rows}
    return tuple(
        CaseCountTable(FIELD_LABELS[dim], suppressed_rows(case_figures(details, dim)))
        for dim in DIMENSIONS
    )


class LearningReportService:
    def __init__(
        self,
        store: Store,
        audit: AuditService,
        settings: SettingsService,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._store = store
        self._audit = audit
        self._settings = settings
        self._today = today

    def default_file_name(self, period: Period, fmt: ReportFormat) -> str:
        """A file name from the period and the format (valid on Windows)."""
        return report_file_name(period, fmt)

    def build(
        self, period: Period, *, marking: str | None = None, case_record: bool = False
    ) -> LearningReport:
        """The report's read model (nothing written). ``case_record``: include the counts by
        the case record for analysis (special-category data), small numbers suppressed."""
        if marking is None:
            marking = self._settings.default_marking()
        marking = checked_marking(marking)
        today = self._today()
        # A review is in the report's period by what happened in it then (issue 18, point 6).
        period = replace(period, by_activity=True)
        with self._store.read() as session:
            dashboard = dashboard_in(session, period, today)
            ids = dashboard.reviews.review_ids
            rows = stats.report_reviews(session, ids)
            decision_rows = stats.decisions_of(session, ids)
            keys = stats.name_keys(session, ids)
            learning = stats.key_learning(session, ids)
            findings = stats.current_findings(session, ids)
            recommendations = stats.current_recommendations(session, ids)
            actions = stats.actions_of(session, ids)
            chain_hash = audit_store.head(session)[1]
            case_counts = _case_counts(session, ids) if case_record else ()
            refs = {r.id: r.reference for r in rows}
            dates = {r.id: _dates(r) for r in rows}
            decided = [
                DecisionFact(
                    refs[d.review_id], d.kind, d.outcome, d.decided_on, d.reasons,
                    d.panel_response_on,
                )
                for d in decision_rows
            ]  # fmt: skip
            completed = stats.completed_on(session, ids)
            acted = [
                ActionFact(refs[rid], a.due, completed.get(a.id), a.impact_recorded_on)
                for rid, a in actions
            ]
            # each review's own decisions and actions, found once (issue 20: looking through
            # all of them for each review took 2.5 s of CPU at 2,000 reviews)
            decided_by: dict[str, list[DecisionFact]] = defaultdict(list)
            for d in decided:
                decided_by[d.reference].append(d)
            acted_by: dict[str, list[ActionFact]] = defaultdict(list)
            for a in acted:
                acted_by[a.reference].append(a)
            reviews = tuple(
                ReportReview(
                    id=r.id,
                    reference=r.reference,
                    review_type=ReviewType(r.review_type),
                    status=ReviewStatus(r.status),
                    period_date=review_period_date(
                        r.notification_date, r.incident_date, r.created_at
                    ),
                    archived=r.archived_at is not None,
                    published_on=r.publication_date,
                    events=events_in(
                        period,
                        dates[r.id],
                        decided_by.get(r.reference, ()),
                        acted_by.get(r.reference, ()),
                    ),
                )
                for r in rows
            )
            found = tuple(
                pseudonymise(
                    ReportFinding(
                        refs[f.review_id],
                        f.ref,
                        f.statement,
                        FindingKind(f.kind),
                        ids_of(f.theme_ids),
                        f.question,
                    ),
                    keys.get(f.review_id, ()),
                )
                for f in findings
            )
            recs = tuple(
                pseudonymise(
                    ReportRecommendation(refs[r.review_id], r.ref, r.text),
                    keys.get(r.review_id, ()),
                )
                for r in recommendations
            )
        said = tuple(
            pseudonymise(
                KeyLearning(
                    theme,
                    refs[rid],
                    ", ".join(p for p in (role, agency) if p) or "Contributor",
                    text,
                ),
                keys.get(rid, ()),
            )
            for rid, theme, role, agency, text in learning
        )
        done = tuple(
            ReportAction(refs[rid], pseudonymise(action, keys.get(rid, ())))
            for rid, action in actions
        )
        id_of = {reference: rid for rid, reference in refs.items()}  # references are unique
        figures = year_figures(
            period,
            today,
            list(dates.values()),
            [pseudonymise(d, keys.get(id_of[d.reference], ())) for d in decided],
            WorkingCalendar.england_and_wales(self._settings.closure_days()),
            months=self._settings.final_report_months(),
        )
        return LearningReport(
            dashboard=dashboard,
            figures=figures,
            reviews=reviews,
            key_learning=said,
            findings=found,
            recommendations=recs,
            actions=done,
            marking=marking,
            prepared_on=today,
            audit_chain_hash=chain_hash,
            case_counts=case_counts,
        )

    def render(
        self,
        period: Period,
        fmt: ReportFormat,
        *,
        marking: str | None = None,
        progress: Progress | None = None,
        case_record: bool = False,
    ) -> tuple[LearningReport, bytes]:
        report = progress or (lambda _percent, _message: None)
        report(0, "Reading the reviews")
        content = self.build(period, marking=marking, case_record=case_record)
        if content.dashboard.is_empty:
            raise ValidationError(
                f"There are no reviews in the period {period.label}: nothing happened in any "
                "review then (no incident, notification, rapid review, decision, publication, "
                "action due or completed, or impact recorded). Please choose a wider period."
            )
        report(30, "Writing the report")
        data = _renderer(fmt)(content)
        report(100, "Done")
        return content, data

    def export(
        self,
        period: Period,
        fmt: ReportFormat,
        output: Path,
        *,
        marking: str | None = None,
        overwrite: bool = False,
        progress: Progress | None = None,
        case_record: bool = False,
    ) -> Path:
        """Build the report and write it to ``output`` atomically (never over an existing file
        unless ``overwrite``); record the export in the audit trail."""
        check_destination(output, overwrite=overwrite)
        content, data = self.render(
            period, fmt, marking=marking, progress=progress, case_record=case_record
        )
        written = write_atomically(output, data, overwrite=overwrite)
        with self._store.write() as session:
            self._audit.record(
                session,
                "report.exported",
                {
                    "format": fmt.value,
                    "period": f"{period.date_from.isoformat()} to {period.date_to.isoformat()}",
                    "reviews": [r.reference for r in content.reviews],
                    "file_sha256": hashlib.sha256(data).hexdigest(),
                    "case_record_counts": bool(content.case_counts),
                },
            )
        return written
