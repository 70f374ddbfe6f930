"""The yearly learning report as a Word document a partnership can paste into its yearly report:
the same content as the PDF, with real heading styles (Word's navigation pane lists each
section), tables for every set of numbers, and the marking in every header and footer."""

from __future__ import annotations

import io

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from reviewdesk.domain.learning_report import KIND, LearningReport
from reviewdesk.exports import learning_report_content as content
from reviewdesk.exports import word_common as word
from reviewdesk.exports import word_xml
from reviewdesk.exports.summary_docx import (
    ACCENT,
    _bullet,
    _field,
    _note,
    _page_break,
    _table,
    new_document,
)
from reviewdesk.exports.text import one_line
from reviewdesk.exports.word_scripts import set_scripts


def render_learning_report_docx(report: LearningReport) -> bytes:
    doc = new_document()
    _properties(doc, report)
    _header_footer(doc, report)
    _cover(doc, report)
    toc = word.contents(doc)
    _page_break(doc)
    doc.add_heading("The reviews covered", level=1)
    _table(doc, content.REVIEWS_HEADER, content.review_rows(report))
    _year_figures(doc, report)
    doc.add_heading("Theme prevalence", level=1)
    doc.add_paragraph(content.PREVALENCE)
    _table(doc, content.THEMES_HEADER, content.theme_rows(report))
    _by_theme(doc, report)
    _recommendations(doc, report)
    doc.add_heading("Evidence of impact", level=1)
    rows = content.impact_rows(report)
    if rows:
        _table(doc, content.IMPACT_HEADER, rows)
    else:
        doc.add_paragraph(content.NO_IMPACT)
    _still_open(doc, report)
    _case_record(doc, report)
    doc.add_heading("How the figures were counted", level=1)
    for text in content.method(report):
        doc.add_paragraph(text)
    word.fill_contents(doc, toc)
    set_scripts(doc)  # Arabic, Urdu, Hebrew right to left; fonts for other scripts
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _case_record(doc: DocxDocument, report: LearningReport) -> None:
    """Counts by the case record for analysis, only when chosen (special-category data)."""
    if not report.case_counts:
        return
    doc.add_heading(content.CASE_TITLE, level=1)
    doc.add_paragraph(content.CASE_INTRO)
    for table in report.case_counts:
        doc.add_heading(table.title, level=2)
        _table(doc, content.CASE_HEADER, table.rows)


def _year_figures(doc: DocxDocument, report: LearningReport) -> None:
    """Notifications, rapid reviews, local reviews commissioned or not, timeliness, published
    (issue 18, point 6)."""
    rows = content.figure_rows(report)
    if not rows:
        return
    doc.add_heading("Reviews in numbers", level=1)
    doc.add_paragraph(content.FIGURES_INTRO)
    _table(doc, content.FIGURES_HEADER, rows)
    doc.add_heading("Decisions not to commission a local review", level=3)
    lines = content.not_commissioned_lines(report)
    if not lines:
        doc.add_paragraph(content.NO_REASONS_DECISIONS)
    for line in lines:
        _bullet(doc, line)


def _properties(doc: DocxDocument, report: LearningReport) -> None:
    """The document's own title and period, made now, never a person's name."""
    chain = report.audit_chain_hash
    word.set_properties(
        doc,
        title=f"{content.TITLE}: {report.period_label}",
        subject=f"{KIND} across child safeguarding practice reviews",
        keywords=f"audit-chain-hash:{chain}" if chain else "",
        category=report.marking,
    )


def _header_footer(doc: DocxDocument, report: LearningReport) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.marking:
        header.add_run(report.marking).bold = True
    sub = section.header.add_paragraph(f"{KIND}  ·  {report.period_label}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    if report.marking:
        mark = section.footer.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.add_run(report.marking).bold = True


def _cover(doc: DocxDocument, report: LearningReport) -> None:
    kicker = doc.add_paragraph()
    run = kicker.add_run(KIND.upper())
    run.bold, run.font.color.rgb = True, ACCENT
    doc.add_paragraph(content.TITLE, style="Title")
    doc.add_paragraph(report.period_label)
    _table(doc, ("About this report", ""), content.facts(report))
    if report.marking:
        p = doc.add_paragraph("This document is marked ")
        p.add_run(report.marking).bold = True
        p.add_run(content.MARKING_NOTE)
    doc.add_paragraph(content.NOT_BLAME)
    doc.add_paragraph(content.intro(report))
    _page_break(doc)


def _by_theme(doc: DocxDocument, report: LearningReport) -> None:
    _page_break(doc)
    doc.add_heading("Key learning and findings by theme", level=1)
    for i, theme in enumerate(report.themes, start=1):
        doc.add_heading(f"{i}. {theme.title}", level=2)
        findings, learning = (
            report.findings_for(theme.theme_id),
            report.learning_for(theme.theme_id),
        )
        if not findings and not learning:
            _note(doc, content.NO_THEME_CONTENT)
            continue
        if findings:
            doc.add_heading("Findings", level=3)
            for f in findings:
                _bullet(doc, content.finding_text(f), label=f"{f.reference} {f.ref}")
        if learning:
            doc.add_heading("Key learning from contributors", level=3)
            for k in learning:
                _bullet(doc, k.text, label=f"{k.reference}, {k.who}")


def _recommendations(doc: DocxDocument, report: LearningReport) -> None:
    doc.add_heading("Recommendations and actions", level=1)
    groups = content.recommendation_groups(report)
    if not groups:
        _note(doc, content.NO_RECOMMENDATIONS)
    for rec, rows in groups:
        if rec is None:
            doc.add_heading("Actions not linked to a recommendation", level=3)
        else:  # one per recommendation: written as XML directly (exports/word_common.py)
            label = f"{one_line(rec.reference)} {one_line(rec.ref)}: "
            text = one_line(rec.text)
            p = word_xml.add_styled_paragraph(doc)
            word_xml.add_run(p, label, bold=True)
            word_xml.add_run(p, text)
        if rows:
            _table(doc, content.ACTIONS_HEADER, rows)
        else:
            _note(doc, "No actions yet.")


def _still_open(doc: DocxDocument, report: LearningReport) -> None:
    doc.add_heading("What is still open", level=1)
    rows = content.open_rows(report)
    doc.add_paragraph(content.open_summary(report))
    if rows:
        _table(doc, content.OPEN_HEADER, rows)
    doc.add_heading("Reviews not yet published", level=3)
    if not report.unpublished:
        doc.add_paragraph(content.ALL_PUBLISHED)
    for r in report.unpublished:
        _bullet(doc, content.unpublished_line(r), label=r.reference)
