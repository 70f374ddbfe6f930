"""The rapid review as a Word document (issue 18, point 3), in the shape of the Panel's rapid
review template: the case facts, nine sections and the safeguarding partners' sign-off. The
sections and where they come from are described in reviewdesk/domain/rapid_review.py.

Written from a :class:`RapidReviewDraft` exactly as the lead left it (the dialog lets them edit
each section first); A4, British English and the protective marking on every page, as every
ReviewDesk Word file (exports/word_common.py). Lines starting "- " become bullets; blank lines
separate paragraphs.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from reviewdesk import __version__
from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.rapid_review import SECTIONS, RapidReviewDraft
from reviewdesk.exports import word_common as word
from reviewdesk.exports.summary_docx import MUTED, _table, new_document
from reviewdesk.exports.text import clean, one_line
from reviewdesk.exports.word_scripts import set_scripts

KIND = "Rapid review"
NOT_WRITTEN = "Not yet written."


def render_rapid_review_docx(draft: RapidReviewDraft) -> bytes:
    doc = new_document()
    word.set_properties(
        doc,
        title=f"{one_line(draft.reference)} rapid review",
        subject="Rapid review for the Child Safeguarding Practice Review Panel",
        keywords="rapid review; child safeguarding practice review",
        category=draft.marking,
    )
    _header_footer(doc, draft)
    doc.add_paragraph("Rapid review", style="Title")
    p = doc.add_paragraph()
    run = p.add_run(one_line(f"{draft.reference}: {draft.title}"))
    run.bold = True
    _muted(
        doc,
        "For the Child Safeguarding Practice Review Panel, within 15 working days of the Serious "
        "Incident Notification. Prepared with ReviewDesk "
        f"{__version__} on {date_label(draft.prepared_on) or 'the day it was exported'}.",
    )
    doc.add_heading("Case details", level=1)
    _table(doc, ["Detail", "As recorded"], [list(row) for row in draft.facts])
    for spec in SECTIONS:
        doc.add_heading(spec.heading, level=1)
        _muted(doc, spec.hint)
        _body(doc, draft.text(spec.key))
    doc.add_heading("10. Sign-off by the safeguarding partners", level=1)
    _muted(doc, "The three safeguarding partners agree this rapid review and its decision.")
    _table(
        doc,
        ["Safeguarding partner", "Signed off by (role)", "Date"],
        [[partner, who or " ", when or " "] for partner, who, when in draft.sign_off],
    )
    set_scripts(doc)  # Arabic, Urdu, Hebrew right to left; fonts for other scripts
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _muted(doc, text: str) -> None:
    """A section's hint, kept on the page with what follows it."""
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    run = p.add_run(one_line(text))
    run.italic, run.font.size, run.font.color.rgb = True, Pt(9), MUTED


def _body(doc, text: str) -> None:
    """The section's text: blank lines part paragraphs, "- " lines are bullets."""
    text = clean(text).strip()
    if not text:
        doc.add_paragraph(NOT_WRITTEN).runs[0].italic = True
        return
    for block in text.split("\n\n"):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        plain: list[str] = []
        for line in lines:
            if line.lstrip().startswith(("- ", "• ")):
                if plain:
                    doc.add_paragraph("\n".join(plain))
                    plain = []
                doc.add_paragraph(line.lstrip()[2:].strip(), style="List Bullet")
            else:
                plain.append(line)
        if plain:
            doc.add_paragraph("\n".join(plain))


def _header_footer(doc, draft: RapidReviewDraft) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if draft.marking:
        header.add_run(draft.marking).bold = True
    sub = section.header.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = sub.add_run(f"{one_line(draft.reference)}  ·  {KIND}")
    run.font.size, run.font.color.rgb = Pt(8), MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    word.field(footer, "PAGE")
    footer.add_run(" of ")
    word.field(footer, "NUMPAGES")
    for r in footer.runs:
        r.font.size, r.font.color.rgb = Pt(8), MUTED
    if draft.marking:
        mark = section.footer.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.add_run(draft.marking).bold = True
