"""The learning report's data as one tidy CSV table, for a spreadsheet or the partnership's own
analysis.

One table, one fact a row, so it can be filtered and pivoted: the ``Section`` column says what a
row is (``Theme prevalence``, ``Review``, ``Key learning``, ``Finding``, ``Recommendation``,
``Action``, ``Evidence of impact``); the other columns are filled where they apply. A finding
linked to two themes has a row under each. Numbers are in ``Count``; text in ``Text``. Cells that
a spreadsheet would run as a formula are quoted (exports/tables_csv.py).
"""

from __future__ import annotations

from datetime import date

from reviewdesk.domain.learning_report import LearningReport, month_label
from reviewdesk.exports.tables_csv import csv_bytes

HEADER = (
    "Section",
    "Theme",
    "Review",
    "Review type",
    "Stage",
    "Item",
    "Text",
    "Status",
    "Due",
    "Overdue",
    "Count",
)


def _uk(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def recorded(value: date | None) -> str:
    return f"Recorded {_uk(value)}" if value else ""


def render_learning_report_csv(report: LearningReport) -> bytes:
    rows: list[tuple[object, ...]] = []
    total = report.dashboard.reviews.count
    blank = ("",) * 4  # Text, Status, Due, Overdue
    for t in report.themes:
        for item, count in (
            ("Reviews in the period", total),
            ("Rated significant", t.significant.count),
            # blank when nobody rated the theme: not a 0% (issue 18, point 6)
            ("Share rated significant (%)", "" if t.unrated else t.share(total)),
            ("Some relevance", t.some.count),
            ("Findings", t.findings.count),
        ):
            rows.append(("Theme prevalence", t.title, "", "", "", item, *blank, count))
    for r in report.reviews:
        rows.append(
            (
                "Review",
                "",
                r.reference,
                r.review_type.label,
                r.status.label,
                "Published" if r.published else "Not yet published",
                month_label(r.period_date),
                "",
                "",
                "",
                "",
            )
        )
    for k in report.key_learning:
        rows.append(
            (
                "Key learning",
                report.theme_title(k.theme_id),
                k.reference,
                "",
                "",
                k.who,
                k.text,
                "",
                "",
                "",
                "",
            )
        )
    for f in report.findings:
        for theme_id in f.theme_ids or ("",):
            rows.append(
                (
                    "Finding",
                    report.theme_title(theme_id) if theme_id else "",
                    f.reference,
                    "",
                    "",
                    f.ref,
                    f.statement,
                    f.kind.label,
                    "",
                    "",
                    "",
                )
            )
    for rec in report.recommendations:
        rows.append(
            ("Recommendation", "", rec.reference, "", "", rec.ref, rec.text, "", "", "", "")
        )
    today = report.today
    for a in report.actions:
        act = a.action
        rows.append(
            (
                "Action",
                "",
                a.reference,
                "",
                "",
                act.recommendation_ref,
                act.description,
                act.status.label,
                _uk(act.due),
                "Yes" if act.is_overdue(today) else "No",
                "",
            )
        )
    for reference, description, evidence, recorded_on in report.impact_entries:
        rows.append(
            (
                "Evidence of impact",
                "",
                reference,
                "",
                "",
                description,
                evidence,
                recorded(recorded_on),
                "",
                "",
                "",
            )
        )
    return csv_bytes(HEADER, rows)
