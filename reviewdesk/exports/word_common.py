"""Word documents that look made for an English council: the page, the properties, the contents
and the tables every ReviewDesk Word file shares.

python-docx starts from a template made on a Mac in 2013 for US Letter: its properties say
"python-docx", 23 December 2013 and "Microsoft Macintosh Word", it carries a thumbnail of an
empty page, its language is US English and Word opens it in Compatibility Mode. Here each of
those is put right, once per document, before anything is written:

- every section A4 with the UK's usual 2.54 cm margins;
- core properties true to the file (its title; created and modified now; no author, as the app
  knows no partnership's name, and never a person's);
- the extended properties name ReviewDesk (no Mac Word, no 2013 statistics), no stale thumbnail;
- British English on the default run properties and the theme, so spelling is checked in en-GB;
- headings kept with what follows them; Word 2013+ layout rather than Compatibility Mode;
- ``w:updateFields``, so Word and LibreOffice fill in the Contents field when the file opens.

Tables (:func:`table`) get column widths that fit what they hold, rows that never split across
pages and a header row repeated on every page.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.document import CT_Body
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.run import _RunContentAppender
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shape import InlineShape
from docx.shared import Cm, Emu, Mm, Twips
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from reviewdesk import __version__

A4 = (Mm(210), Mm(297))
MARGIN = Cm(2.54)
LANGUAGE = "en-GB"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TWIPS_PER_EMU = 1 / 635
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>ReviewDesk</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


# --- the page and the package -------------------------------------------------------------------


def a4_pages(doc: DocxDocument) -> None:
    """Every section portrait A4, 2.54 cm margins, headers and footers 1.25 cm from the edge."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        section.top_margin = section.bottom_margin = MARGIN
        section.left_margin = section.right_margin = MARGIN
        section.header_distance = section.footer_distance = Cm(1.25)
        section.gutter = 0
    if hasattr(doc, _TEXT_WIDTH):
        delattr(doc, _TEXT_WIDTH)


_TEXT_WIDTH = "_reviewdesk_text_width"


def text_width(doc: DocxDocument) -> int:
    """The width between the margins of the last section, in EMU. Worked out once per document
    (and again after :func:`a4_pages`): python-docx finds the sections by an XPath search of the
    whole body, so asking for every table made a long document take quadratic time."""
    width = getattr(doc, _TEXT_WIDTH, None)
    if width is None:
        section = doc.sections[-1]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        assert page is not None and left is not None and right is not None  # a4_pages set them
        width = int(page - left - right)
        setattr(doc, _TEXT_WIDTH, width)
    return int(width)


def _insert_in_body(self: Any, element: Any) -> Any:
    """``w:body``'s insertion of a new paragraph or table, in constant time: before the body's
    ``w:sectPr``, which the schema puts last, else at the end. (python-docx looks for the
    ``w:sectPr`` among every child of the body each time, so a document of N paragraphs took
    N²/2 steps to write: 16 s for a learning report over 811 reviews.) Same result."""
    last = next(self.iterchildren(reversed=True), None)  # from the end: len() counts them all
    if last is not None and last.tag == _SECT_PR:
        last.addprevious(element)
    else:
        self.append(element)
    return element


_SECT_PR = qn("w:sectPr")
# Put in place of python-docx's own (setattr: the stubs type each as taking only its element).
setattr(CT_Body, "_insert_p", _insert_in_body)  # noqa: B010
setattr(CT_Body, "_insert_tbl", _insert_in_body)  # noqa: B010
_add_text_by_character = _RunContentAppender.add_text


def _add_text(self: Any, text: str) -> None:
    """A run's text in one ``w:t`` when it holds no tab or line break (python-docx otherwise
    feeds it through a state machine one character at a time: the largest cost of a long
    report after the quadratic scans). Text with tabs or breaks goes the old way. Same XML."""
    if "\t" in text or "\n" in text or "\r" in text:
        _add_text_by_character(self, text)
        return
    self.flush()
    if text:
        self._r.add_t(text)


setattr(_RunContentAppender, "add_text", _add_text)  # noqa: B010


def clear_template_leftovers(doc: DocxDocument) -> None:
    """No 'Microsoft Macintosh Word' 2013 statistics, no thumbnail of an empty page, no
    bibliography store, no Word 2010 copy of the styles (430 KB), no document id shared by every
    python-docx file, no Compatibility Mode."""
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel.rId)
        elif rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _APP_XML.encode()
    for rel in list(doc.part.rels.values()):
        if rel.reltype in (RT.CUSTOM_XML, _STYLES_WITH_EFFECTS):
            doc.part.drop_rel(rel.rId)
    settings = doc.settings.element
    for stale in settings.xpath("w:rsids | w14:docId | w:attachedTemplate | w:proofState"):
        settings.remove(stale)
    for compat in settings.xpath('w:compat/w:compatSetting[@w:name="compatibilityMode"]'):
        compat.set(qn("w:val"), "15")
    for theme_lang in settings.xpath("w:themeFontLang"):
        theme_lang.set(qn("w:val"), LANGUAGE)
    # Fill in the Contents (and every other field) when the file is opened.
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        _insert_in_order(settings, update)
    update.set(qn("w:val"), "true")


# The order CT_Settings needs near w:updateFields (ECMA-376 17.15.1.78): everything listed here
# comes before it, so it goes after the last of these present.
_SETTINGS_BEFORE = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
]


def _insert_in_order(settings: BaseOxmlElement, element: BaseOxmlElement) -> None:
    before = {qn(f"w:{name}") for name in _SETTINGS_BEFORE}
    last = None
    for child in settings.iterchildren():
        if child.tag in before:
            last = child
    if last is None:
        settings.insert(0, element)
    else:
        last.addnext(element)


def british_english(doc: DocxDocument) -> None:
    """en-GB on the document's default run properties (every style inherits it)."""
    styles = doc.styles.element
    r_pr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if r_pr is None:
        return
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def headings_keep_with_next(doc: DocxDocument) -> None:
    """A heading never ends a page: it stays with the paragraph or table after it."""
    for name in (*HEADINGS, "Title", "TOC Heading"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.keep_together = True


def prepare(doc: DocxDocument) -> None:
    """Everything above, on a new document."""
    clear_template_leftovers(doc)
    a4_pages(doc)
    british_english(doc)
    headings_keep_with_next(doc)


def set_properties(
    doc: DocxDocument,
    *,
    title: str,
    subject: str,
    keywords: str = "",
    category: str = "",
    now: datetime | None = None,
) -> None:
    """Core properties true to this file: its title, made and last changed now, no author (the
    app knows no partnership's name and never writes a person's)."""
    when = (now or datetime.now(UTC)).replace(microsecond=0)
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = ""
    props.last_modified_by = ""
    props.comments = f"Prepared with ReviewDesk {__version__}"
    props.keywords = keywords
    props.category = category
    props.language = LANGUAGE
    props.created = when
    props.modified = when
    props.revision = 1


# --- fields and the contents --------------------------------------------------------------------


def field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC...) that Word fills in when it lays out the page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # out of date: work it out again on opening
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def contents(doc: DocxDocument, *, title: str = "Contents") -> Paragraph:
    """A Contents heading and a real TOC field over headings 1 to 3, hyperlinked. Word and
    LibreOffice work it out again on opening (``w:updateFields``, the field marked dirty);
    :func:`fill_contents` writes its entries in beforehand, so it is never a placeholder."""
    has_toc_heading = any(s.name == "TOC Heading" for s in doc.styles)
    doc.add_paragraph(title, style="TOC Heading" if has_toc_heading else None)
    p = doc.add_paragraph()
    field(
        p,
        TOC_INSTRUCTION,
        "The contents are filled in when the document is opened. If they are not, right-click "
        "here and choose Update Field.",
    )
    return p


_HEADING_IDS = {"Heading1": 1, "Heading2": 2, "Heading3": 3}


def fill_contents(doc: DocxDocument, toc: Paragraph) -> int:
    """Write the TOC field's entries: each heading 1-3 gets a bookmark, and the field's result
    becomes one paragraph per heading (styles "toc 1" to "toc 3") linking to it, so the contents
    read right before anything updates them. Page numbers only a layout knows: Word adds them
    when it updates the field on opening (LibreOffice 7.4 keeps the entries as written, without
    numbers; its PDF export still links each entry). One pass over the body; returns the number
    of entries."""
    styles = _toc_styles(doc)
    body = doc.element.body
    entries: list[tuple[int, str, str]] = []
    for child in body.iterchildren(_P):
        # child.pPr.pStyle.val, found with lxml directly (a report has 100,000 paragraphs)
        p_pr = child.find(_P_PR)
        p_style = p_pr.find(_P_STYLE) if p_pr is not None else None
        style = p_style.get(_VAL) if p_style is not None else None
        level = _HEADING_IDS.get(style or "")
        if level is None:
            continue
        text = "".join(t.text or "" for t in child.iter(qn("w:t")))
        if not text.strip():
            continue
        name = f"_Toc{len(entries) + 1:06d}"
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(len(entries) + 1))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(len(entries) + 1))
        p_pr.addnext(start)  # a heading always has its style in its pPr
        child.append(end)
        entries.append((level, " ".join(text.split()), name))
    # The TOC paragraph keeps the field's begin, instruction and separator; its placeholder and
    # end move out: the entries follow it, and the last paragraph closes the field.
    runs = toc._p.findall(qn("w:r"))
    placeholder, closing = runs[-2], runs[-1]
    toc._p.remove(placeholder)
    toc._p.remove(closing)
    anchor = toc._p
    for level, text, name in entries:
        p = OxmlElement("w:p")
        p_pr = p.get_or_add_pPr()
        p_pr.style = styles[level]
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), name)
        link.set(qn("w:history"), "1")
        link.append(_run(text))
        p.append(link)
        anchor.addnext(p)
        anchor = p
    last = OxmlElement("w:p")
    last.append(closing)
    anchor.addnext(last)
    return len(entries)


def _run(text: str) -> BaseOxmlElement:
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _toc_styles(doc: DocxDocument) -> dict[int, str]:
    """The style ids of "toc 1" to "toc 3" (Word's own names, so Word uses them when it
    rebuilds the contents), made if the template lacks them: indented, a dotted tab to the
    right margin for the page number."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    ids = {}
    right = Emu(text_width(doc))
    for level in (1, 2, 3):
        name = f"toc {level}"
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            fmt = style.paragraph_format
            fmt.left_indent = Cm(0.5 * (level - 1))
            fmt.space_after = Cm(0.08)
            fmt.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            style.font.bold = level == 1
        ids[level] = style.style_id
    return ids


# --- tables -------------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")
UNBROKEN = 14  # a cell this short (a date such as "September 2025", a status) stays on one line


def fit_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: int,
    char: float = 10.5 * 12700 * 0.58,
    pad: float = 2.5,
) -> list[int]:
    """Column widths (EMU, adding up to ``total``) that fit what each column holds: every column
    at least as wide as its longest word (or its whole text, for a short cell such as a date),
    the room left shared in proportion to how much text each column holds, so the chronology's
    "What happened" takes most of the page and a date column stays one line wide. ``char`` is
    the width of an average character: a little over half an em of 10.5 pt, as LibreOffice
    without Calibri sets the text in a wider font (Noto Sans, DejaVu Sans)."""
    cols = len(header)
    least = [4.0] * cols
    mass = [0.0] * cols
    for row in (header, *rows):
        for col, text in enumerate(row):
            text = " ".join(str(text).split())
            if not text:
                continue
            short = len(text) <= UNBROKEN
            fit = len(text) if short else max(len(w) for w in _WORD.findall(text))
            least[col] = max(least[col], fit + pad)
            mass[col] += len(text)
    need = [min(n * char, total * 0.4) for n in least]
    if sum(need) >= total:
        return _round([total * n / sum(need) for n in need], total)
    rows_n = max(1, len(rows))
    average = [m / rows_n for m in mass]
    want = [max(n, a * char) for n, a in zip(need, average, strict=True)]
    if sum(want) <= total:
        spare = total - sum(want)
        weight = sum(average) or 1.0
        widths = [w + spare * a / weight for w, a in zip(want, average, strict=True)]
        return _round(widths, total)
    over = [w - n for w, n in zip(want, need, strict=True)]
    share = (total - sum(need)) / (sum(over) or 1.0)
    return _round([n + o * share for n, o in zip(need, over, strict=True)], total)


def _round(widths: Sequence[float], total: int) -> list[int]:
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)
    return out


def apply_widths(table: Table, widths: Sequence[int]) -> None:
    """Fixed layout, the table's width, its grid and every cell's width, all in whole twips that
    add up exactly, so Word and LibreOffice lay it out alike. Cells added later by
    ``table.add_row`` take the grid's widths."""
    table.autofit = False
    twips = _twips(widths)
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")
    if _simple_grid(table, len(twips)):  # the same attributes, set directly (much faster)
        _set_widths_directly(table, twips)
        return
    for column, width in zip(table.columns, twips, strict=True):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, twips, strict=True):
            cell.width = Twips(width)


def _twips(widths: Sequence[int]) -> list[int]:
    """Widths in EMU as whole twips adding up to their total."""
    twips = [round(w * TWIPS_PER_EMU) for w in widths]
    twips[-1] += round(sum(widths) * TWIPS_PER_EMU) - sum(twips)
    return twips


def _simple_grid(table: Table, columns: int) -> bool:
    """Every row has one cell per grid column, each already holding its ``w:tcW`` (as a new
    table's do), none spanning or merged: python-docx's cells are then the ``w:tc`` elements."""
    tbl = table._tbl
    if len(list(tbl.tblGrid.iterchildren(_GRID_COL))) != columns:
        return False
    for tr in tbl.iterchildren(_TR):
        cells = list(tr.iterchildren(_TC))
        if len(cells) != columns:
            return False
        for tc in cells:
            tc_pr = tc.find(_TC_PR)
            if tc_pr is None or tc_pr.find(_TC_W) is None:
                return False
            if tc_pr.find(qn("w:gridSpan")) is not None or tc_pr.find(qn("w:vMerge")) is not None:
                return False
    return True


def _set_widths_directly(table: Table, twips: Sequence[int]) -> None:
    """What ``column.width = Twips(w)`` and ``cell.width = Twips(w)`` write on a simple grid:
    the grid column's ``w:w``, and each cell's ``w:tcW`` as ``w:type="dxa"`` and ``w:w``."""
    tbl = table._tbl
    for col, width in zip(tbl.tblGrid.iterchildren(_GRID_COL), twips, strict=True):
        col.set(_W, str(width))
    for tr in tbl.iterchildren(_TR):
        for tc, width in zip(tr.iterchildren(_TC), twips, strict=True):
            tc_w = tc.find(_TC_PR).find(_TC_W)
            tc_w.set(_TYPE, "dxa")
            tc_w.set(_W, str(width))


def keep_rows_whole(row: _Row) -> None:
    """A row never splits across two pages."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        cant = OxmlElement("w:cantSplit")
        tr_pr.insert(0, cant)


def repeat_header(row: _Row) -> None:
    """The row is repeated at the top of each page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def new_table(
    doc: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    style: str | None = None,
) -> Table:
    """A table of ``len(header)`` columns sized to fit ``rows``, its header row repeated and kept
    whole, in table style ``style`` (the document's default for None); the caller fills the rows
    (each made with :func:`add_row`).

    The first table of a document with so many columns and that style is made through
    python-docx; the next ones are copies of it as it was made (lxml's copy: python-docx took
    about 1 ms a table, a report has 3,000), given their own widths as :func:`apply_widths`
    gives them. So each is the same XML as python-docx would write."""
    width = text_width(doc)
    widths = fit_widths(header, rows, width)
    templates: dict[tuple[int, str | None], Any] = getattr(doc, _TABLES, None) or {}
    setattr(doc, _TABLES, templates)
    template = templates.get((len(header), style))
    if template is not None:
        tbl = copy.deepcopy(template)
        _insert_in_body(doc.element.body, tbl)
        table = Table(tbl, doc._body)
        twips = _twips(widths)
        tbl_w = tbl.tblPr.find(_TBL_W)
        tbl_w.set(_W, str(sum(twips)))
        tbl_w.set(_TYPE, "dxa")
        _set_widths_directly(table, twips)
        return table
    # doc.add_table(...) would look for the last section again (a search of the whole body).
    table = doc._body.add_table(1, len(header), Emu(width))
    table.style = None  # as doc.add_table does: the document's default table style
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    apply_widths(table, widths)
    head = table.rows[0]
    keep_rows_whole(head)
    repeat_header(head)
    if style is not None:
        table.style = style
    if _simple_grid(table, len(header)) and table._tbl.tblPr.find(_TBL_W) is not None:
        templates[(len(header), style)] = copy.deepcopy(table._tbl)
    return table


_TABLES = "_reviewdesk_tables"  # a document's first table of each shape (new_table)


def add_row(table: Table) -> _Row:
    """A new row, kept whole, with the grid's widths (python-docx copies them to each cell)."""
    row = table.add_row()
    keep_rows_whole(row)
    return row


def describe_picture(shape: InlineShape, *, title: str, description: str) -> None:
    """Alt text on a picture (``wp:docPr``'s ``descr`` and ``title``), which Word shows under
    Alt Text and screen readers read out."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", description)
    doc_pr.set("title", title)


# --- rows and paragraphs written as XML -----------------------------------------------------------
# python-docx builds each element through its generic element classes (a child's place found by
# searching its siblings, every tag name parsed again): a learning report over 2,000 reviews has
# about 60,000 table cells and 30,000 bullets, which took most of its 24 s. The functions below
# write the same elements directly with lxml, so the XML is the same, byte for byte, as
# python-docx's (tests/exports/test_word_scales.py compares them); text holding a tab or a line
# break is left to python-docx (``plain`` says which).

_TR, _TR_PR, _CANT_SPLIT = qn("w:tr"), qn("w:trPr"), qn("w:cantSplit")
_TC, _TC_PR, _TC_W = qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_P, _P_PR, _P_STYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
_R, _R_PR, _B, _T = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:t")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_TYPE, _W, _VAL, _SPACE = qn("w:type"), qn("w:w"), qn("w:val"), qn("xml:space")
_GRID_COL, _TBL_W = qn("w:gridCol"), qn("w:tblW")


def header_cells(table: Table, header: Sequence[str]) -> None:
    """``cell.text = text`` for each cell of the table's first row (a header of plain text):
    the cell's content replaced by one paragraph with one run, its ``w:tcPr`` kept."""
    tr = next(table._tbl.iterchildren(_TR))
    for tc, text in zip(tr.iterchildren(_TC), header, strict=True):
        if not plain(text):
            from docx.table import _Cell

            _Cell(tc, table).text = text
            continue
        for child in list(tc):
            if child.tag != _TC_PR:
                tc.remove(child)
        add_run(sub_element(tc, _P), text)


def sub_element(parent: Any, tag: str) -> Any:
    """A new last child of ``parent`` (lxml's ``SubElement``, of python-docx's element classes)."""
    child = parent.makeelement(tag)
    parent.append(child)
    return child


def plain(text: str) -> bool:
    """Text python-docx writes as one ``w:t`` (no tab, no line break)."""
    return "\t" not in text and "\n" not in text and "\r" not in text


def add_t(run: Any, text: str) -> None:
    """``CT_R.add_t``: a ``w:t`` holding ``text``, its spaces kept at either end."""
    t = sub_element(run, _T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")


def add_run(paragraph: Any, text: str = "", *, bold: bool = False) -> Any:
    """``paragraph.add_run(text)`` (with ``.bold = True``) for plain text: a ``w:r``, its ``w:rPr``
    first, and one ``w:t`` unless the text is empty."""
    run = sub_element(paragraph, _R)
    if bold:
        sub_element(sub_element(run, _R_PR), _B)
    if text:
        add_t(run, text)
    return run


def grid_widths(table: Table) -> list[str] | None:
    """The table grid's column widths as written (twips), or None when a column has none."""
    widths = [col.get(_W) for col in table._tbl.tblGrid.iterchildren(_GRID_COL)]
    return None if any(w is None for w in widths) else widths


def append_row(table: Table, widths: Sequence[str]) -> list[Any]:
    """:func:`add_row`'s row (kept whole, each cell the grid's width) without its cells'
    paragraphs; returns each cell's ``w:tc``, for the caller to give a ``w:p``."""
    tr = sub_element(table._tbl, _TR)
    sub_element(sub_element(tr, _TR_PR), _CANT_SPLIT)
    cells = []
    for width in widths:
        tc = sub_element(tr, _TC)
        tc_w = sub_element(sub_element(tc, _TC_PR), _TC_W)
        tc_w.set(_TYPE, "dxa")
        tc_w.set(_W, width)
        cells.append(tc)
    return cells


# The same elements again, as XML text parsed by lxml in one go: six times faster than making
# each element from Python (a learning report over 2,000 reviews has about 850,000 of them).
# Only for text :func:`plain` accepts, cleaned (exports/text.py ``clean``: nothing XML cannot
# hold); lxml drops the fragment's own namespace declaration when its elements join the
# document, so the XML is the same, byte for byte (tests/exports/test_word_scales.py).

_FRAGMENT = f"<w:fragment {nsdecls('w')}>{{}}</w:fragment>"


def t_xml(text: str) -> str:
    """:func:`add_t`'s ``w:t`` as XML text."""
    keep = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{keep}>{escape(text)}</w:t>"


def run_xml(text: str = "", *, bold: bool = False) -> str:
    """:func:`add_run`'s ``w:r`` as XML text."""
    return f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}{t_xml(text) if text else ''}</w:r>"


def row_xml(widths: Sequence[str], paragraphs: Sequence[str]) -> str:
    """:func:`append_row`'s ``w:tr`` as XML text, each cell holding one ``w:p`` whose content
    (runs as XML text) ``paragraphs`` gives."""
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{content}</w:p></w:tc>'
        for width, content in zip(widths, paragraphs, strict=True)
    )
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"


def elements(xml: str) -> list[Any]:
    """The elements of ``xml`` (XML text of WordprocessingML elements, the ``w:`` prefix
    undeclared), parsed in one go, python-docx's element classes and all."""
    return list(parse_xml(_FRAGMENT.format(xml)))


def append_rows(table: Table, rows: Sequence[str]) -> None:
    """Rows made by :func:`row_xml` added at the end of ``table``."""
    if rows:
        table._tbl.extend(elements("".join(rows)))


def add_paragraph_runs(
    doc: DocxDocument, style_id: str | None, runs: Sequence[tuple[str, bool]]
) -> Any:
    """:func:`add_styled_paragraph` with a run for each (text, bold) of ``runs``, as
    :func:`add_run` writes them. Copied from a paragraph of the same shape parsed once (lxml's
    copy is quicker still than parsing each: a report has 30,000 bullets), then its texts set."""
    shape = (style_id, tuple((bold, bool(text)) for text, bold in runs))
    template = _PARAGRAPHS.get(shape)
    if template is None:
        style = f'<w:pPr><w:pStyle w:val="{escape(style_id, _QUOTE)}"/></w:pPr>' if style_id else ""
        content = "".join(run_xml("-" if text else "", bold=bold) for text, bold in runs)
        (template,) = elements(f"<w:p>{style}{content}</w:p>")
        _PARAGRAPHS[shape] = template
    p = copy.deepcopy(template)
    for t, text in zip(p.iter(_T), [text for text, _bold in runs if text], strict=True):
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_SPACE, "preserve")
    _insert_in_body(doc._body._element, p)  # doc.element.body, without python-docx's search
    return p


_PARAGRAPHS: dict[tuple[str | None, tuple[tuple[bool, bool], ...]], Any] = {}
_QUOTE = {'"': "&quot;"}


def add_styled_paragraph(doc: DocxDocument, style_id: str | None = None) -> Any:
    """``doc.add_paragraph(style=...)``'s empty ``w:p`` with its style, given the style's id
    (``doc.add_paragraph()``'s, with no style, for None)."""
    p = OxmlElement("w:p")
    if style_id is not None:
        sub_element(sub_element(p, _P_PR), _P_STYLE).set(_VAL, style_id)
    _insert_in_body(doc.element.body, p)
    return p


def paragraph_style_id(doc: DocxDocument, name: str) -> str:
    """The id of a paragraph style by its name ("List Bullet" is "ListBullet"), looked up once
    a document (python-docx reads through the styles each time)."""
    from docx.enum.style import WD_STYLE_TYPE

    known: dict[str, str] | None = getattr(doc, _STYLE_IDS, None)
    if known is None:
        known = {}
        setattr(doc, _STYLE_IDS, known)
    if name not in known:
        style_id = doc.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        assert style_id is not None  # only ever asked for a style the template has
        known[name] = str(style_id)
    return known[name]


_STYLE_IDS = "_reviewdesk_style_ids"
