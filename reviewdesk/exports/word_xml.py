"""WordprocessingML written directly, for speed: python-docx's body insertion and run text put
right for long documents (constant time, one ``w:t``), and runs, rows and paragraphs written
with lxml, byte for byte as python-docx writes them (tests/exports/test_word_scales.py)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.document import CT_Body
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.run import _RunContentAppender
from docx.table import Table


def insert_in_body(self: Any, element: Any) -> Any:
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
setattr(CT_Body, "_insert_p", insert_in_body)  # noqa: B010
setattr(CT_Body, "_insert_tbl", insert_in_body)  # noqa: B010
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
    insert_in_body(doc._body._element, p)  # doc.element.body, without python-docx's search
    return p


_PARAGRAPHS: dict[tuple[str | None, tuple[tuple[bool, bool], ...]], Any] = {}
_QUOTE = {'"': "&quot;"}


def add_styled_paragraph(doc: DocxDocument, style_id: str | None = None) -> Any:
    """``doc.add_paragraph(style=...)``'s empty ``w:p`` with its style, given the style's id
    (``doc.add_paragraph()``'s, with no style, for None)."""
    p = OxmlElement("w:p")
    if style_id is not None:
        sub_element(sub_element(p, _P_PR), _P_STYLE).set(_VAL, style_id)
    insert_in_body(doc.element.body, p)
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
