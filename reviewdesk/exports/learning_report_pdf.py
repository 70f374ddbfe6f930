"""The yearly learning report as a PDF: cover, the reviews covered, theme prevalence (a bar chart
with the same numbers in a table beneath it), key learning and findings by theme,
recommendations and actions, evidence of impact, what is still open, and how it was counted.

Built from :class:`LearningReport` alone. The marking is on every page, pages say "Page x of y",
headings are bookmarks, and the metadata holds the period, never a name.
"""

from __future__ import annotations

import io

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from reviewdesk import __version__
from reviewdesk.domain.learning_report import KIND, LearningReport
from reviewdesk.exports import learning_report_content as content
from reviewdesk.exports.fonts import fonts
from reviewdesk.exports.pdf_common import (
    ACCENT,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE,
    RULE,
    Figure,
    Styles,
    bullet,
    data_table,
    fact_table,
    para,
    styles,
)
from reviewdesk.exports.pdf_pages import BookmarkedDoc, Decor, Heading, canvas_maker
from reviewdesk.exports.scripts import ScriptParagraph as Paragraph  # tagged as it is drawn
from reviewdesk.exports.text import markup, one_line

WIDTH = PAGE[0] - 2 * MARGIN_X


def render_learning_report_pdf(report: LearningReport) -> bytes:
    st = styles()
    buffer = io.BytesIO()
    doc = BookmarkedDoc(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{KIND}: {report.period_label}",
        author="ReviewDesk",
        subject=f"{KIND} across child safeguarding practice reviews",
        creator=f"ReviewDesk {__version__}",
        keywords=f"audit-chain-hash:{report.audit_chain_hash}" if report.audit_chain_hash else "",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    decor = Decor(marking=report.marking, left_header=f"{KIND}  ·  {report.period_label}")
    doc.build(_story(report, st), canvasmaker=canvas_maker(decor))
    return buffer.getvalue()


def _story(report: LearningReport, st: Styles) -> list[Flowable]:
    out = _cover(report, st)
    out += _reviews(report, st)
    out += _prevalence(report, st)
    out += _by_theme(report, st)
    out += _recommendations(report, st)
    out += _impact(report, st)
    out += _still_open(report, st)
    out += _case_record(report, st)
    out += [Heading("How the figures were counted", st.h1, level=0, key="method")]
    out += [para(text, st.body) for text in content.method(report)]
    return out


def _case_record(report: LearningReport, st: Styles) -> list[Flowable]:
    """Counts by the case record for analysis, only when chosen (special-category data)."""
    if not report.case_counts:
        return []
    out: list[Flowable] = [
        Heading(content.CASE_TITLE, st.h1, level=0, key="case-record"),
        para(content.CASE_INTRO, st.boxed),
    ]
    for table in report.case_counts:
        out.append(
            KeepTogether(
                [
                    Heading(table.title, st.h2, level=1, key=f"case-{table.title}"),
                    data_table(content.CASE_HEADER, table.rows, (WIDTH * 0.7, WIDTH * 0.3), st),
                ]
            )
        )
    return out


def _cover(report: LearningReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [
        Spacer(1, 2.6 * cm),
        Paragraph(KIND.upper(), st.kicker),
        Paragraph(content.TITLE, st.title),
        para(report.period_label, st.subtitle),
        HRFlowable(width="18%", thickness=3, color=ACCENT, hAlign="LEFT", spaceAfter=0.8 * cm),
        fact_table(content.facts(report), st, WIDTH),
        Spacer(1, 0.8 * cm),
    ]
    if report.marking:
        out.append(
            Paragraph(
                f"This document is marked <b>{markup(report.marking)}</b>"
                + markup(content.MARKING_NOTE),
                st.boxed,
            )
        )
    out += [para(content.NOT_BLAME, st.body), para(content.intro(report), st.body), PageBreak()]
    return out


def _reviews(report: LearningReport, st: Styles) -> list[Flowable]:
    widths = (WIDTH * 0.18, WIDTH * 0.24, WIDTH * 0.16, WIDTH * 0.28, WIDTH * 0.14)
    out: list[Flowable] = [
        Heading("The reviews covered", st.h1, level=0, key="reviews"),
        data_table(content.REVIEWS_HEADER, content.review_rows(report), widths, st),
    ]
    rows = content.figure_rows(report)
    if rows:  # the yearly counts (issue 18, point 6)
        out += [
            Heading("Reviews in numbers", st.h1, level=0, key="figures"),
            para(content.FIGURES_INTRO, st.body),
            data_table(content.FIGURES_HEADER, rows, (WIDTH * 0.5, WIDTH * 0.14, WIDTH * 0.36), st),
            para("", st.body, prefix="<b>Decisions not to commission a local review</b>"),
        ]
        lines = content.not_commissioned_lines(report) or [content.NO_REASONS_DECISIONS]
        out += [para(line, st.body) for line in lines]
    return out


def _prevalence(report: LearningReport, st: Styles) -> list[Flowable]:
    widths = (WIDTH * 0.44, WIDTH * 0.14, WIDTH * 0.14, WIDTH * 0.14, WIDTH * 0.14)
    # Kept on one page: the chart, and the table that says the same in numbers, read together.
    return [
        KeepTogether(
            [
                Heading("Theme prevalence", st.h1, level=0, key="themes"),
                para(
                    content.PREVALENCE + " The table beneath the chart holds the same numbers.",
                    st.body,
                ),
                Figure(prevalence_chart(report), chart_alt(report)),
                Spacer(1, 0.4 * cm),
                data_table(content.THEMES_HEADER, content.theme_rows(report), widths, st),
            ]
        )
    ]


def prevalence_chart(report: LearningReport) -> Drawing:
    """Horizontal bars, one per theme, each labelled with its number and share (never colour
    alone)."""
    f = fonts()
    themes = report.themes
    row, label_w, pad = 26, WIDTH * 0.36, 4
    height = row * len(themes) + 24
    drawing = Drawing(WIDTH, height)
    total = max(1, report.dashboard.reviews.count)
    bar_room = WIDTH - label_w - 3.2 * cm
    top = height - 6
    for i, theme in enumerate(themes):
        y = top - (i + 1) * row + pad
        name = one_line(f"{i + 1}. {theme.short_title}")
        drawing.add(String(0, y + 6, name, fontName=f.regular, fontSize=8.5, fillColor=INK))
        length = bar_room * theme.significant.count / total
        drawing.add(
            Rect(
                label_w, y, max(length, 0.6), row - 2 * pad - 4, fillColor=ACCENT, strokeColor=None
            )
        )
        drawing.add(
            String(
                label_w + length + 5,
                y + 6,
                content.chart_label(report, i),
                fontName=f.bold,
                fontSize=8.5,
                fillColor=INK,
            )
        )
    drawing.add(Line(label_w, 14, label_w, top, strokeColor=RULE, strokeWidth=0.8))
    drawing.add(
        String(
            label_w,
            2,
            "Reviews where the theme was rated significant",
            fontName=f.italic,
            fontSize=7.5,
            fillColor=MUTED,
        )
    )
    return drawing


def chart_alt(report: LearningReport) -> str:
    """The chart in words: each theme's bar, as a screen reader reads it."""
    bars = "; ".join(
        f"{i + 1}. {one_line(theme.short_title)}: {content.chart_label(report, i)}"
        for i, theme in enumerate(report.themes)
    )
    return (
        "Bar chart of the reviews where each theme was rated significant"
        + (f": {bars}." if bars else ": no themes.")
        + " The table after the chart gives the same numbers."
    )


def _by_theme(report: LearningReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [
        PageBreak(),
        Heading("Key learning and findings by theme", st.h1, level=0, key="by-theme"),
    ]
    for i, theme in enumerate(report.themes, start=1):
        out.append(Heading(f"{i}. {theme.title}", st.h2, level=1, key=f"theme-{theme.theme_id}"))
        findings, learning = (
            report.findings_for(theme.theme_id),
            report.learning_for(theme.theme_id),
        )
        if not findings and not learning:
            out.append(para(content.NO_THEME_CONTENT, st.note))
            continue
        if findings:
            out.append(Paragraph("Findings", st.h3))
            out += [
                bullet(content.finding_text(f), st.bullet, label=f"{f.reference} {f.ref}")
                for f in findings
            ]
        if learning:
            out.append(Paragraph("Key learning from contributors", st.h3))
            out += [bullet(k.text, st.bullet, label=f"{k.reference}, {k.who}") for k in learning]
    return out


def _recommendations(report: LearningReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [
        PageBreak(),
        Heading("Recommendations and actions", st.h1, level=0, key="recommendations"),
    ]
    groups = content.recommendation_groups(report)
    if not groups:
        out.append(para(content.NO_RECOMMENDATIONS, st.note))
    widths = (WIDTH * 0.13, WIDTH * 0.39, WIDTH * 0.2, WIDTH * 0.13, WIDTH * 0.15)
    for rec, rows in groups:
        if rec is None:
            out.append(Paragraph("Actions not linked to a recommendation", st.h3))
        else:
            out.append(
                para(
                    rec.text, st.body, prefix=f"<b>{markup(rec.reference)} {markup(rec.ref)}:</b> "
                )
            )
        if rows:
            out.append(data_table(content.ACTIONS_HEADER, rows, widths, st))
            out.append(Spacer(1, 0.3 * cm))
        else:
            out.append(para("No actions yet.", st.note))
    return out


def _impact(report: LearningReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Heading("Evidence of impact", st.h1, level=0, key="impact")]
    rows = content.impact_rows(report)
    if not rows:
        return [*out, para(content.NO_IMPACT, st.body)]
    widths = (WIDTH * 0.14, WIDTH * 0.3, WIDTH * 0.4, WIDTH * 0.16)
    return [*out, data_table(content.IMPACT_HEADER, rows, widths, st)]


def _still_open(report: LearningReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Heading("What is still open", st.h1, level=0, key="open")]
    rows = content.open_rows(report)
    out.append(para(content.open_summary(report), st.body))
    if rows:
        widths = (WIDTH * 0.15, WIDTH * 0.5, WIDTH * 0.15, WIDTH * 0.2)
        out.append(data_table(content.OPEN_HEADER, rows, widths, st))
    unpublished = report.unpublished
    out.append(Paragraph("Reviews not yet published", st.h3))
    if unpublished:
        out += [
            bullet(content.unpublished_line(r), st.bullet, label=r.reference) for r in unpublished
        ]
    else:
        out.append(para(content.ALL_PUBLISHED, st.body))
    return out
