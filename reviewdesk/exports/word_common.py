"""Word documents that look made for an English council: the page, the properties and the
contents every ReviewDesk Word file shares.

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

Tables are in :mod:`reviewdesk.exports.word_tables`; elements written directly as XML (and
python-docx's body insertion and run text, put right for long documents) in
:mod:`reviewdesk.exports.word_xml`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Mm
from docx.text.paragraph import Paragraph

from reviewdesk import __version__
from reviewdesk.exports import word_xml  # noqa: F401 - puts python-docx's body insertion and run text right

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
_P, _P_PR, _P_STYLE, _VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")


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
