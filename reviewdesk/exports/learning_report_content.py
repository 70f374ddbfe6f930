"""What the learning report says, shared by its PDF, Word and CSV versions: the wording, and the
rows of each table, built from :class:`reviewdesk.domain.learning_report.LearningReport` only."""

from __future__ import annotations

from datetime import date

from reviewdesk.domain.analysis import ACTIVITY_RULE, date_label
from reviewdesk.domain.dashboard import FIGURES_RULE
from reviewdesk.domain.learning_report import (
    LearningReport,
    ReportAction,
    ReportFinding,
    ReportRecommendation,
    ReportReview,
    month_label,
)

ActionRow = tuple[str, str, str, str, str]  # reference, description, owner, due, status

TITLE = "Learning from our reviews"
REVIEWS_HEADER = ("Reference", "Type of review", "Stage", "In this period", "Published")
FIGURES_HEADER = ("In this period", "Number", "Reviews")
FIGURES_INTRO = (
    "The counts a partnership's yearly report needs, for what happened in the period. Working "
    "days leave out weekends, England and Wales bank holidays and the partnership's closure days."
)
NO_REASONS_DECISIONS = "None in this period."
THEMES_HEADER = ("Theme", "Rated significant", "Share of reviews", "Some relevance", "Findings")
ACTIONS_HEADER = ("Review", "Action", "Owner", "Due", "Status")
IMPACT_HEADER = ("Review", "Action", "Evidence of impact", "Recorded")
OPEN_HEADER = ("Review", "Action", "Due", "Status")
CASE_TITLE = "The case record for analysis (special-category data)"
CASE_HEADER = ("Group", "Reviews")
CASE_INTRO = (
    "SPECIAL-CATEGORY DATA. This section is in the report because the person who prepared it "
    "chose to include it. Each table counts the period's reviews by one category of the case "
    "record for analysis; a review with two children counts once under each child's category. "
    "To protect children's identities, a count from 1 to 4 is shown as 'fewer than 5'. Share "
    "this section only with people who need it."
)
NOT_BLAME = (
    "This report brings together what the partnership's reviews found, to support learning, not "
    "to find fault. Reviews are named by their reference only; children and family members "
    "appear by pseudonym or role, and contributors by role and agency."
)


def intro(report: LearningReport) -> str:
    n = len(report.reviews)
    return (
        f"This report covers {n} {'review' if n == 1 else 'reviews'} (period: "
        f"{report.period_label}). It shows which of the practice themes the reviews found "
        "significant, the key learning and findings under each theme, the recommendations and "
        "how their actions stand, the evidence of impact recorded so far, and what is still open."
    )


def method(report: LearningReport) -> list[str]:
    return [
        ACTIVITY_RULE,
        FIGURES_RULE,
        f"Actions are described as they stood on {date_label(report.today)}. Dates of reviews "
        "are given to the month, as in a published report.",
    ]


def facts(report: LearningReport) -> list[tuple[str, str]]:
    d = report.dashboard
    return [
        ("Period", report.period_label),
        ("Reviews covered", str(d.reviews.count)),
        ("Findings", str(len(report.findings))),
        ("Recommendations", str(len(report.recommendations))),
        ("Actions", f"{d.actions.count} ({d.overdue.count} overdue)"),
        ("Prepared on", date_label(report.prepared_on or report.today)),
    ]


def review_rows(report: LearningReport) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            r.reference,
            r.review_type.label,
            r.status.label + (" (archived)" if r.archived else ""),
            "; ".join(r.events) or month_label(r.period_date),
            month_label(r.published_on)
            if r.published_on
            else ("Yes" if r.published else "Not yet"),
        )
        for r in report.reviews
    ]


def theme_rows(report: LearningReport) -> list[tuple[str, str, str, str, str]]:
    total = report.dashboard.reviews.count
    return [
        (
            f"{i}. {t.title}",
            str(t.significant.count),
            t.share_label(total),
            str(t.some.count),
            str(t.findings.count),
        )
        for i, t in enumerate(report.themes, start=1)
    ]


def owner(a: ReportAction) -> str:
    return ", ".join(p for p in (a.action.owner_agency, a.action.owner_role) if p)


def action_row(a: ReportAction, today: date) -> ActionRow:
    return (
        a.reference,
        a.action.description,
        owner(a),
        date_label(a.action.due) or "No date",
        a.action.status_label(today),
    )


def impact_rows(report: LearningReport) -> list[tuple[str, str, str, str]]:
    return [
        (reference, description, evidence, date_label(recorded_on))
        for reference, description, evidence, recorded_on in report.impact_entries
    ]


def open_rows(report: LearningReport) -> list[tuple[str, str, str, str]]:
    return [
        (
            a.reference,
            a.action.description,
            date_label(a.action.due) or "No date",
            a.action.status_label(report.today),
        )
        for a in report.open_actions
    ]


def recommendation_groups(
    report: LearningReport,
) -> list[tuple[ReportRecommendation | None, list[ActionRow]]]:
    """(recommendation, its action rows) in reference order; then actions of no recommendation
    as ``(None, rows)`` when there are any."""
    today = report.today
    # Each recommendation's actions, found in one pass (asking report.actions_for for each
    # recommendation read every action each time: 40 million comparisons over 2,000 reviews)
    of: dict[tuple[str, str], list[ReportAction]] = {}
    for a in report.actions:
        of.setdefault((a.reference, a.action.recommendation_ref), []).append(a)
    out: list[tuple[ReportRecommendation | None, list[ActionRow]]] = [
        (rec, [action_row(a, today) for a in of.get((rec.reference, rec.ref), ())])
        for rec in report.recommendations
    ]
    known = {(r.reference, r.ref) for r in report.recommendations}
    loose = [
        action_row(a, today)
        for a in report.actions
        if (a.reference, a.action.recommendation_ref) not in known
    ]
    if loose:
        out.append((None, loose))
    return out


def chart_label(report: LearningReport, theme_index: int) -> str:
    t = report.themes[theme_index]
    total = report.dashboard.reviews.count
    if t.unrated:
        return "Not rated in any review"
    return f"{t.significant.count} of {total} ({t.share(total)}%)"


PREVALENCE = (
    "How many of the period's reviews had each theme rated significant by at least one "
    "contributor, with the reviews where it was of some relevance and the findings linked to it."
)
NO_THEME_CONTENT = "No findings or key learning were recorded for this theme."
NO_RECOMMENDATIONS = "No recommendations or actions were recorded in this period."
NO_IMPACT = "No evidence of impact has been recorded for these reviews yet."
ALL_PUBLISHED = "Every review in the period has been published."
MARKING_NOTE = (
    ". It draws on reviews about children and families: share it as your organisation's policy "
    "for that marking says."
)


def open_summary(report: LearningReport) -> str:
    n = len(report.open_actions)
    return (
        f"{n} {'action is' if n == 1 else 'actions are'} not complete, "
        f"{report.dashboard.overdue.count} of them overdue."
    )


def unpublished_line(review: ReportReview) -> str:
    return f"{review.review_type.label}, {review.status.label.lower()}"


def finding_text(finding: ReportFinding) -> str:
    return finding.statement + (f" Question: {finding.question}" if finding.question else "")


def figure_rows(report: LearningReport) -> list[tuple[str, str, str]]:
    return report.figures.rows() if report.figures is not None else []


def not_commissioned_lines(report: LearningReport) -> list[str]:
    from reviewdesk.domain.yearly import reasons_lines

    return reasons_lines(report.figures) if report.figures is not None else []
