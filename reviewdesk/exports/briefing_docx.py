"""The 7-minute briefing as a Word document, for partnerships that put it in their own template
or edit it further: the same seven sections as the PDF, every word the lead wrote, on A4 with
the document made as reviewdesk/exports/word_common.py makes every ReviewDesk Word file.

The title sits in a shaded band (a one-cell table, so it wraps however long it is); the seven
sections follow in two newspaper columns; web addresses are real links; the marking chosen for
circulation is in the header and footer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.briefing import blocks
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.exports import word_common as word
from reviewdesk.exports import word_tables
from reviewdesk.exports.briefing import LEVELS, Briefing, compose
from reviewdesk.exports.text import clean, one_line
from reviewdesk.exports.word_scripts import set_scripts

Progress = Callable[[int, str], None]
KIND = "7-minute briefing"
ACCENT_HEX = "1F4E79"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x5A, 0x64, 0x6E)
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]']")
_LABEL = re.compile(r"^([^:]{2,48}):\s")


def render_briefing_docx(
    source: ExportInput, options: ExportOptions, progress: Progress | None = None
) -> bytes:
    """The briefing the PDF would print (the same sections, the same fitting), as Word."""
    report = progress or (lambda _percent, _message: None)
    report(10, "Fitting the briefing to its page")
    from reviewdesk.exports.briefing_pdf import fitted  # the same choice of what to print

    try:
        briefing = fitted(source, options)[0]
    except Exception:
        briefing = compose(source, options, LEVELS[-1])
    report(60, "Writing the Word document")
    data = build(briefing)
    report(100, "Done")
    return data


def build(b: Briefing) -> bytes:
    doc = Document()
    word.prepare(doc)
    for section in doc.sections:  # a handout: A4 still, with the margins of the PDF briefing
        section.left_margin = section.right_margin = Cm(1.6)
        section.top_margin = section.bottom_margin = Cm(2.0)
    _style(doc)
    word.set_properties(
        doc,
        title=f"{KIND}: {b.title}",
        subject=f"{KIND} of a child safeguarding practice review ({b.reference})",
        keywords=f"audit-chain-hash:{b.audit_chain_hash}" if b.audit_chain_hash else "",
        category=b.marking,
    )
    _header_footer(doc, b)
    _band(doc, b)
    # The sections in two columns, from here to the end (a continuous section break).
    columns = doc.add_section(WD_SECTION.CONTINUOUS)
    cols = OxmlElement("w:cols")
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), "454")  # 0.8 cm between the columns, as in the PDF
    columns._sectPr.append(cols)
    for number, part in enumerate(b.sections, start=1):
        doc.add_paragraph(f"{number}. {part.heading}", style="Heading 2")
        for kind, words in blocks(part.text):
            p = doc.add_paragraph(style="List Bullet" if kind == "point" else None)
            _words(p, words)
    set_scripts(doc)  # Arabic, Urdu, Hebrew right to left; fonts for other scripts
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _style(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.0
    # A point is never split between columns or pages (as in the PDF): the reader never has
    # to look for the rest of a sentence.
    normal.paragraph_format.keep_together = True
    heading = styles["Heading 2"]
    heading.font.name = "Calibri"
    heading.font.size = Pt(12)
    heading.font.color.rgb = ACCENT
    heading.paragraph_format.space_before = Pt(8)
    heading.paragraph_format.space_after = Pt(3)
    bullet = styles["List Bullet"]
    bullet.font.size = Pt(9)
    bullet.paragraph_format.space_after = Pt(2)
    bullet.paragraph_format.keep_together = True


def _header_footer(doc: DocxDocument, b: Briefing) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if b.marking:
        header.add_run(b.marking).bold = True
    if b.draft:
        draft = section.header.add_paragraph()
        draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = draft.add_run("DRAFT: not for circulation")
        run.bold, run.font.size = True, Pt(11)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{b.reference}  ·  {KIND}  ·  Page ")
    word.field(footer, "PAGE")
    footer.add_run(" of ")
    word.field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size, run.font.color.rgb = Pt(8), MUTED
    if b.marking:
        mark = section.footer.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.add_run(b.marking).bold = True


def _band(doc: DocxDocument, b: Briefing) -> None:
    """The title in a shaded one-cell table as wide as the page: it wraps, however long."""
    table = doc.add_table(rows=1, cols=1)
    table.autofit = False
    cell = table.rows[0].cells[0]
    cell.width = word.text_width(doc)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), ACCENT_HEX)
    cell._tc.get_or_add_tcPr().append(shading)
    kicker = cell.paragraphs[0]
    run = kicker.add_run(KIND.upper())
    run.bold, run.font.size, run.font.color.rgb = True, Pt(8), RGBColor(0xC9, 0xDC, 0xEE)
    title = cell.add_paragraph()
    run = title.add_run(clean(b.title))
    run.bold, run.font.size = True, Pt(16)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    title.paragraph_format.space_after = Pt(2)
    sub = cell.add_paragraph()
    run = sub.add_run(f"{one_line(b.subtitle)}  ·  {date_label(b.prepared_on)}")
    run.font.size, run.font.color.rgb = Pt(9), RGBColor(0xC9, 0xDC, 0xEE)
    word_tables.keep_rows_whole(table.rows[0])
    gap = doc.add_paragraph()  # a little room under the band
    gap.paragraph_format.space_after = Pt(0)
    gap.add_run().font.size = Pt(4)


def _words(p: Paragraph, text: str) -> None:
    """The lead's words in a paragraph: a short "Label:" in bold, web addresses as links."""
    text = clean(text)
    label = _LABEL.match(text)
    if label and not _URL.search(label.group(1)):
        p.add_run(label.group(1) + ":").bold = True
        text = text[len(label.group(1)) + 1 :]
    at = 0
    for match in _URL.finditer(text):
        if match.start() > at:
            p.add_run(text[at : match.start()])
        _link(p, match.group(0))
        at = match.end()
    if at < len(text):
        p.add_run(text[at:])


def _link(p: Paragraph, url: str) -> None:
    r_id = p.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), ACCENT_HEX)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(color)
    props.append(underline)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = url
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    p._p.append(link)
