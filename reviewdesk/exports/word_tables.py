"""Tables in ReviewDesk's Word files: column widths that fit what they hold (set without
visiting every cell), rows that never split across pages, a header row repeated on every page,
and rows written in bulk as XML. The page, properties and contents are in
:mod:`reviewdesk.exports.word_common`."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Emu, Twips
from docx.table import Table, _Row

from reviewdesk.exports.word_common import TWIPS_PER_EMU, text_width
from reviewdesk.exports.word_xml import insert_in_body

# --- tables -------------------------------------------------------------------------------------

# WordprocessingML's tag names, as word_xml.py writes them.
_TR, _TC, _TC_PR, _TC_W = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_TYPE, _W, _GRID_COL, _TBL_W = qn("w:type"), qn("w:w"), qn("w:gridCol"), qn("w:tblW")
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
        insert_in_body(doc.element.body, tbl)
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
