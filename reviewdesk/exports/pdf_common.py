"""The house style shared by ReviewDesk's PDFs: fonts, colours, paragraph styles, the running
header and footer with the protective marking, headings that become bookmarks, and tables whose
long cells continue on the next row instead of overflowing a page.

User text enters a Paragraph only through :func:`para` (or :func:`reviewdesk.exports.text.markup`),
so it is always escaped.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import PDFName, PDFObjectReference
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate
from reportlab.platypus.flowables import _listWrapOn

from reviewdesk import __version__
from reviewdesk.exports import printed, tagging
from reviewdesk.exports.fonts import fonts
from reviewdesk.exports.scripts import ScriptParagraph, joined, needs_care, with_fonts
from reviewdesk.exports.text import markup, one_line

PAGE = A4
MARGIN_X = 2.3 * cm
MARGIN_TOP = 2.6 * cm
MARGIN_BOTTOM = 2.3 * cm

INK = colors.HexColor("#1d2731")
ACCENT = colors.HexColor("#1f4e6b")
MUTED = colors.HexColor("#59656f")
RULE = colors.HexColor("#c5d0d8")
TINT = colors.HexColor("#eef3f6")
ACCENT_SOFT = colors.HexColor("#d9e6ee")

CELL_LIMIT = 1400  # characters of one table cell before it continues on the next row


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    who: ParagraphStyle
    note: ParagraphStyle
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    stage: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    boxed: ParagraphStyle
    bullet: ParagraphStyle
    toc0: ParagraphStyle
    toc1: ParagraphStyle


def styles(base_size: float = 9.5) -> Styles:
    f = fonts()
    lead = base_size * 1.5
    body = ParagraphStyle(
        "body",
        fontName=f.regular,
        bulletFontName=f.regular,  # not ReportLab's default Helvetica, which is not embedded
        fontSize=base_size,
        leading=lead,
        textColor=INK,
        spaceAfter=base_size * 0.6,
    )
    small = ParagraphStyle(
        "small", parent=body, fontSize=base_size - 1.5, leading=(base_size - 1.5) * 1.4
    )
    return Styles(
        body=body,
        small=small,
        who=ParagraphStyle(
            "who",
            parent=small,
            fontName=f.bold,
            textColor=MUTED,
            spaceBefore=base_size * 0.5,
            spaceAfter=2,
            keepWithNext=1,
        ),
        note=ParagraphStyle("note", parent=small, fontName=f.italic, textColor=MUTED),
        kicker=ParagraphStyle(
            "kicker",
            parent=small,
            fontName=f.bold,
            textColor=ACCENT,
            spaceAfter=4,
            keepWithNext=1,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=f.bold, fontSize=24, leading=30, spaceAfter=10
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=12, leading=17, textColor=MUTED, spaceAfter=6
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=f.bold,
            fontSize=17,
            leading=22,
            textColor=ACCENT,
            spaceAfter=10,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=f.bold,
            fontSize=base_size + 2.5,
            leading=(base_size + 2.5) * 1.35,
            spaceBefore=base_size * 1.3,
            spaceAfter=base_size * 0.5,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=f.bold,
            textColor=ACCENT,
            spaceBefore=2,
            spaceAfter=base_size * 0.3,
            keepWithNext=1,
        ),
        stage=ParagraphStyle(
            "stage",
            parent=small,
            textColor=MUTED,
            spaceBefore=base_size * 1.1,
            spaceAfter=0,
            keepWithNext=1,
        ),
        cell=ParagraphStyle(
            "cell",
            parent=body,
            fontSize=base_size - 1,
            leading=(base_size - 1) * 1.35,
            spaceAfter=0,
        ),
        cell_head=ParagraphStyle(
            "cell_head",
            parent=body,
            fontName=f.bold,
            fontSize=base_size - 1,
            leading=(base_size - 1) * 1.35,
            textColor=ACCENT,
            spaceAfter=0,
        ),
        boxed=ParagraphStyle(
            "boxed",
            parent=body,
            backColor=TINT,
            leftIndent=10,
            rightIndent=10,
            borderPadding=(8, 10, 8, 10),
            spaceBefore=8,
            spaceAfter=16,
        ),
        bullet=ParagraphStyle(
            "bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=base_size * 0.35
        ),
        toc0=ParagraphStyle(
            "toc0",
            parent=body,
            fontSize=10.5,
            leading=15,
            spaceBefore=9,
            leftIndent=16,
            firstLineIndent=-16,
        ),
        toc1=ParagraphStyle(
            "toc1", parent=body, fontSize=9.5, leading=13, leftIndent=14, textColor=MUTED
        ),
    )


def rich(text: str) -> str:
    """User text as paragraph markup (escaped, :func:`markup`) that prints in any script:
    Arabic and Urdu letters joined, and runs the main font lacks set in a font found on this
    computer (reviewdesk/exports/scripts.py). English text is simply escaped."""
    if not needs_care(text):
        return markup(text)
    return with_fonts(markup(joined(text)))


def para(text: str, style: ParagraphStyle, *, prefix: str = "") -> Paragraph:
    """A Paragraph of user text (escaped). ``prefix`` is our own trusted markup."""
    return ScriptParagraph(prefix + rich(text), style)


def bullet(text: str, style: ParagraphStyle, *, label: str = "") -> Paragraph:
    """A bulleted paragraph; ``label`` (user text too) is set in bold before the text."""
    lead = f"<b>{rich(label)}:</b> " if label else ""
    return ScriptParagraph(lead + rich(text), style, bulletText="•")


class Heading(ScriptParagraph):
    """A heading that becomes a PDF bookmark and, optionally, a contents entry."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        level: int,
        key: str,
        toc: bool = True,
        outline: str = "",
    ) -> None:
        super().__init__(rich(text), style)
        self.plain = one_line(outline or text)  # the bookmark's and contents entry's words
        self.outline_level = level
        self.key = key
        self.in_toc = toc
        self.tag_role = f"H{min(level, 2) + 1}"  # bookmark level 0 is H1

    def draw(self) -> None:
        mark_section(self.canv, self.plain, self.outline_level)
        super().draw()


class Callout(Flowable):
    """A paragraph with an accent bar down its left side; splits across pages."""

    def __init__(self, paragraph: Paragraph, *, bar: colors.Color = ACCENT) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.bar = bar
        self.pad = 11

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.paragraph.wrap(avail_width - self.pad, avail_height)
        self.width, self.height = avail_width, height
        return avail_width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.paragraph.split(avail_width - self.pad, avail_height)
        return [Callout(p, bar=self.bar) for p in parts]

    def getSpaceBefore(self) -> float:
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.paragraph.getSpaceAfter()

    def draw(self) -> None:
        self.canv.setFillColor(self.bar)
        self.canv.rect(0, 0, 2.5, self.height, stroke=0, fill=1)
        self.paragraph.drawOn(self.canv, self.pad, 0)


class Figure(Flowable):
    """A drawing (the timeline, a chart) tagged as a Figure with its alternative text: what a
    person who cannot see it needs to know from it."""

    def __init__(self, drawing: Flowable, alt: str) -> None:
        super().__init__()
        self.drawing = drawing
        self.alt = alt
        self.hAlign = getattr(drawing, "hAlign", "LEFT")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.drawing.wrap(avail_width, avail_height)
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        box = (x, y, x + self.width, y + self.height)
        with tagging.figure(canvas, self.alt, box):
            self.drawing.drawOn(canvas, x, y, _sW)


class DataTable(LongTable):
    """A table tagged as one: rows (TR) of header cells (TH, with their scope) and data cells
    (TD). Parts of a table split over pages stay one table; the header row repeated at the top
    of a later page is page furniture (an artifact), read once."""

    header_rows = 1  # rows of column headers at the top
    row_headers = False  # the first column heads its row (label and value tables)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tag_holder: list = []
        self.continued = False

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            if isinstance(part, DataTable):
                part.tag_holder = self.tag_holder
                part.header_rows, part.row_headers = self.header_rows, self.row_headers
                part.continued = self.continued or i > 0
        return parts

    def draw(self) -> None:
        self._row = -1
        self._row_at: float | None = None
        self._tr: tagging.Node | None = None
        with tagging.element(self.canv, "Table", holder=self.tag_holder):
            super().draw()
            self._end_row()

    def _end_row(self) -> None:
        tags = tagging.tags_of(self.canv)
        if tags is not None and self._tr is not None:
            tags.close(self._tr)
        self._tr = None

    def _drawCell(self, cellval, cellstyle, pos, size) -> None:
        tags = tagging.tags_of(self.canv)
        if tags is None:
            return super()._drawCell(cellval, cellstyle, pos, size)
        if pos[1] != self._row_at:
            self._row_at = pos[1]
            self._row += 1
            self._end_row()
            self._col = -1
            if not self._repeated():
                self._tr = tags.open("TR")
        self._col += 1
        if self._repeated():
            with tagging.artifact(self.canv, "Pagination"):
                return super()._drawCell(cellval, cellstyle, pos, size)
        if self._row < self.header_rows:
            role, scope = "TH", "Column"
        elif self.row_headers and self._col == 0:
            role, scope = "TH", "Row"
        else:
            role, scope = "TD", ""
        attrs = {"Scope": PDFName(scope)} if scope else {}
        with tagging.element(self.canv, role, attrs=attrs):
            return super()._drawCell(cellval, cellstyle, pos, size)

    def _repeated(self) -> bool:
        return self.continued and self._row < self.header_rows


class LayoutTable(Table):
    """A table that only lays things out (the briefing's section bars): no table to a screen
    reader. With ``tag_role`` all it holds is read as one element (a heading)."""

    def __init__(self, *args, tag_role: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tag_role = tag_role

    def draw(self) -> None:
        with tagging.element(self.canv, self.tag_role):
            super().draw()


def _chunks(text: str, limit: int) -> list[str]:
    """Split long text into pieces of at most ``limit`` characters at spaces where possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit)
        cut = limit if cut < 0 else cut
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    st: Styles,
    *,
    limit: int = CELL_LIMIT,
) -> Table:
    """A readable table of user text: bold header repeated on each page, hairline rules.

    A table row cannot break across pages, so a very long cell continues in the next row
    (marked "continued") rather than overflowing the page.
    """
    data: list[list[Paragraph | str]] = [[ScriptParagraph(rich(h), st.cell_head) for h in header]]
    widths = fit_widths(header, rows, widths, st)
    room = [w - 10 for w in widths]  # less the cell padding
    for row in rows:
        split = [_chunks(cell.strip(), limit) for cell in row]
        depth = max(len(parts) for parts in split)
        for i in range(depth):
            line: list[Paragraph | str] = []
            for col, parts in enumerate(split):
                if i < len(parts):
                    line.append(_cell(parts[i], st.cell, room[col]))
                elif col == 0:
                    line.append(Paragraph("<i>(continued)</i>", st.cell))
                else:
                    line.append("")
            data.append(line)
    table = DataTable(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 1), (-1, -1), st.cell.fontName, st.cell.fontSize, st.cell.leading),
                ("TEXTCOLOR", (0, 1), (-1, -1), st.cell.textColor),
                ("BACKGROUND", (0, 0), (-1, 0), TINT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def fit_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    st: Styles,
    pad: float = 10.5,
) -> list[float]:
    """Column widths in which no word has to break: a column whose longest word (a review's
    reference such as "LCSPR-2024-0007", a date's month) is wider than the column takes the
    room it needs from the columns that can spare it, so references never break across lines.
    The total width never changes; when there is not room enough, the widths stay as given."""
    widths = list(widths)
    need = []
    for col in range(len(widths)):
        words = [
            (word, st.cell.fontName) for row in rows for word in one_line(row[col]).split()
        ] + [(word, st.cell_head.fontName) for word in one_line(header[col]).split()]
        widest = max(
            (stringWidth(w, font, st.cell.fontSize) for w, font in words if len(w) > 3),
            default=0.0,
        )
        need.append(min(widest + pad, sum(widths) / 2))
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
    if short <= 0 or spare < short:
        return widths
    share = short / spare
    return [n if n > w else w - (w - n) * share for n, w in zip(need, widths, strict=True)]


def _cell(text: str, style: ParagraphStyle, room: float) -> Paragraph | str:
    """A short single line as a plain string (quick to lay out; never parsed as markup), anything
    longer as an escaped, wrapping Paragraph."""
    if "\n" not in text and len(text) < 60 and not needs_care(text):
        line = one_line(text)
        if stringWidth(line, style.fontName, style.fontSize) <= room:
            return line
    return ScriptParagraph(rich(text), style)


def fact_table(facts: Sequence[tuple[str, str]], st: Styles, width: float) -> Table:
    """Label and value pairs (the case record's facts), labels muted."""
    label_style = ParagraphStyle("fact_label", parent=st.cell, textColor=MUTED)
    data = [
        [ScriptParagraph(rich(label), label_style), ScriptParagraph(rich(value), st.cell)]
        for label, value in facts
    ]
    table = DataTable(data, colWidths=[width * 0.34, width * 0.66], hAlign="LEFT")
    table.header_rows, table.row_headers = 0, True
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


# --- contents, drawn in one pass ---------------------------------------------------------------


@dataclass
class Contents:
    """The contents page(s), filled in when the document is saved.

    Headings report their page as they are laid out; the pages set aside for the contents are
    drawn last, once every page number is known. One layout pass instead of ReportLab's usual
    two (``multiBuild``) halves the time a large summary takes.
    """

    style: ParagraphStyle
    first_page: int = 2
    per_page: int = 18
    top_offset: float = 1.6 * cm  # room for the "Contents" heading on the first page
    entries: list[tuple[str, int, str]] = field(default_factory=list)  # text, page, key
    node: tagging.Node | None = None  # the contents' place in the structure tree

    def slot(self) -> Flowable:
        """Marks where the contents are read (after their heading) though drawn last."""
        return _ContentsSlot(self)

    def pages_for(self, count: int) -> int:
        return max(1, -(-count // self.per_page))

    def draw(self, canv: Canvas, page: int) -> None:
        index = page - self.first_page
        chunk = self.entries[index * self.per_page : (index + 1) * self.per_page]
        if index < 0 or not chunk:
            return
        width, height = canv._pagesize
        left, right = MARGIN_X, width - MARGIN_X
        y = height - MARGIN_TOP - (self.top_offset if index == 0 else 0)
        st = self.style
        tags = tagging.tags_of(canv)
        if tags is not None:
            if self.node is None:
                self.node = tags.root.add("TOC")
            tags.reopen(self.node)
        canv.saveState()
        for text, target, key in chunk:
            with tagging.element(canv, "TOCI"), tagging.element(canv, "Link"):
                para = ScriptParagraph(rich(text), st)
                avail = right - left - 1.2 * cm
                _, h = para.wrapOn(canv, avail, height)
                y -= st.spaceBefore + h
                para.drawOn(canv, left, y)
                baseline = y + st.leading - st.fontSize
                last = para.blPara.lines[-1]
                extra = last[0] if isinstance(last, tuple) else getattr(last, "extraSpace", 0)
                canv.setStrokeColor(RULE)
                canv.setDash(1, 3)
                canv.line(left + avail - extra + 6, baseline + 1, right - 0.9 * cm, baseline + 1)
                canv.setDash()
                canv.setFont(st.fontName, st.fontSize)
                canv.setFillColor(INK)
                canv.drawRightString(right, baseline, str(target))
                described = f"{one_line(text)}, page {target}"  # what the link says it does
                canv.linkAbsolute(described, key, Rect=(left, y, right, y + h))
        canv.restoreState()
        if tags is not None:
            tags.close(self.node)


class _ContentsSlot(Flowable):
    _ZEROSIZE = True

    def __init__(self, contents: Contents) -> None:
        super().__init__()
        self.contents = contents
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        tags = tagging.tags_of(self.canv)
        if tags is not None and self.contents.node is None:
            self.contents.node = tags.current.add("TOC")


# --- running header and footer ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decor:
    """What every page carries: the protective marking top and bottom, the document's name and
    reference, and "Page x of y"."""

    marking: str
    left_header: str
    left_footer: str = f"Prepared with ReviewDesk {__version__}"
    header_from_page: int = 2  # the cover carries the marking but no running header
    margin: float = MARGIN_X
    contents: Contents | None = None
    draft: bool = False  # a diagonal DRAFT watermark on every page

    def draw(self, canv: Canvas, page: int, total: int) -> None:
        if self.contents is not None:
            mark_section(canv, "Contents")
            self.contents.draw(canv, page)
        mark_section(canv, printed.FURNITURE)
        # Page furniture, which a screen reader skips: the marking, running header, footer and
        # page number, and the watermark.
        if self.draft:
            with tagging.artifact(canv, "Pagination", "Watermark"):
                self._watermark(canv, *canv._pagesize)
        with tagging.artifact(canv, "Pagination"):
            self._furniture(canv, page, total)

    def _furniture(self, canv: Canvas, page: int, total: int) -> None:
        f = fonts()
        width, height = canv._pagesize
        canv.saveState()
        if self.marking:
            canv.setFillColor(INK)
            canv.setFont(f.bold, 9)
            canv.drawCentredString(width / 2, height - 1.25 * cm, self.marking)
            canv.drawCentredString(width / 2, 0.9 * cm, self.marking)
        canv.setFont(f.regular, 7.5)
        canv.setFillColor(MUTED)
        if page >= self.header_from_page:
            canv.drawString(self.margin, height - 1.85 * cm, self.left_header)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(self.margin, height - 1.95 * cm, width - self.margin, height - 1.95 * cm)
        if page >= self.header_from_page:
            canv.line(self.margin, 1.55 * cm, width - self.margin, 1.55 * cm)
        canv.drawString(self.margin, 1.25 * cm, self.left_footer)
        canv.drawRightString(width - self.margin, 1.25 * cm, f"Page {page} of {total}")
        canv.restoreState()

    @staticmethod
    def _watermark(canv: Canvas, width: float, height: float) -> None:
        canv.saveState()
        canv.setFillColor(colors.Color(0.55, 0.55, 0.6, alpha=0.18))
        canv.setFont(fonts().bold, min(width, height) / 4.2)
        canv.translate(width / 2, height / 2)
        canv.rotate(45)
        canv.drawCentredString(0, -min(width, height) / 12, "DRAFT")
        canv.restoreState()


class DecoratedCanvas(tagging.TaggingCanvas):
    """Holds pages back until the end, so each can say "Page x of y" (and the contents can list
    every heading's page) without laying the document out twice.

    A held page is not yet a page of the PDF: ReportLab would bind a destination made on it to
    the PDF's current page, which stays the first until the held pages are written. So each
    destination is bound here to the page the canvas is really drawing, by the name the page
    will have once written ("Page" + its number), and bookmarks and contents links land where
    their headings are printed.
    """

    def __init__(self, *args: Any, decor: Decor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._held: list[dict] = []
        # What each page prints, under which heading, for the publication check
        # (reviewdesk/exports/printed.py): noted only while someone is recording.
        self._recorder = printed.current()
        self._printed: list[tuple[int, str, int, str]] = []
        self._groups = 0
        self.section = ""
        self.chapter = ""  # the level-0 heading the section is in

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        if self._recorder is None:
            return super().beginText(x, y, direction=direction)
        return _NotedText(self, x, y, direction=direction)

    def note_printed(self, group: int, text: str) -> None:
        self._printed.append((self._pageNumber, self.section, group, text))

    def note_group(self) -> int:
        """A number for one text object (one paragraph, one cell, one label)."""
        self._groups += 1
        return self._groups

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> Any:
        dest = super().bookmarkPage(key, *args, **kwargs)
        dest.setPage(PDFObjectReference(f"Page{self._pageNumber}"))
        return dest

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._decor.draw(self, self._pageNumber, total)
            super().showPage()
        super().save()
        if self._recorder is not None and isinstance(self._filename, io.BytesIO):
            self._recorder.add_pdf(self._filename.getvalue(), self._printed)


class _NotedText(tagging.TaggedText):
    """A text object that tells its canvas each string it prints (one paragraph's lines are
    read together, so a date wrapped over two lines is still one date)."""

    def __init__(self, canvas: DecoratedCanvas, *args: Any, **kwargs: Any) -> None:
        super().__init__(canvas, *args, **kwargs)
        self._group = canvas.note_group()

    def _formatText(self, text: str) -> str:
        self._canvas.note_printed(self._group, text)
        return super()._formatText(text)


def mark_section(canv: Canvas, title: str, level: int = 0) -> None:
    """Say which heading what is drawn next falls under (for the publication check):
    "1. Critical thinking… › Reflections"."""
    if not isinstance(canv, DecoratedCanvas):
        return
    title = printed.short(title)
    if level == 0:
        canv.chapter = canv.section = title
    else:
        canv.section = f"{canv.chapter} › {title}" if canv.chapter else title


def canvas_maker(decor: Decor) -> Callable[..., DecoratedCanvas]:
    return partial(DecoratedCanvas, decor=decor)


class KeepWithStart(KeepTogether):
    """Keeps a heading with the start of the table after it, not with all of it.

    ReportLab keeps a heading (``keepWithNext``) together with the whole of what follows, so a
    table longer than what is left of a page moved to the next page with its heading and left
    the rest blank (the chronology after the timeline left 60% of its page empty). Here, when
    the whole does not fit, the table is split where the page ends, as long as its heading, its
    header row and at least one row of it fit; otherwise all of it moves on as before.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:
        *heads, last = self._content
        if isinstance(last, Table) and heads and getattr(self, "_H", 0) > aH:
            _, used = _listWrapOn(heads, aW, self.canv)
            room = aH - used - last.getSpaceBefore()
            parts = last.split(aW, room) if room > 0 else []
            if parts:
                return [*heads, *parts]
        return super().split(aW, aH)


class BookmarkedDoc(BaseDocTemplate):
    """A document template that turns each :class:`Heading` into a bookmark, an outline entry
    and (when asked) an entry in ``contents``."""

    contents: Contents | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("keepTogetherClass", KeepWithStart)
        super().__init__(*args, **kwargs)

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        canv = self.canv
        # The heading's top edge, so a reader jumps to the heading itself, not just its page.
        top = self.frame._y + flowable.getSpaceAfter() + flowable.height + 4
        canv.bookmarkHorizontalAbsolute(flowable.key, top)
        canv.addOutlineEntry(
            flowable.plain, flowable.key, level=flowable.outline_level, closed=True
        )
        if flowable.in_toc and self.contents is not None:
            self.contents.entries.append((flowable.plain, self.page, flowable.key))


class Anchor(Flowable):
    """A bookmark and outline entry at the place it is drawn, for a heading that is not a
    :class:`Heading` (the briefing's numbered section bars). Takes no room; keep it together
    with the heading it names so both land on the same page."""

    _ZEROSIZE = True

    def __init__(self, title: str, key: str, *, level: int = 0) -> None:
        super().__init__()
        self.title = one_line(title)
        self.key = key
        self.level = level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        mark_section(self.canv, self.title)
        self.canv.bookmarkHorizontal(self.key, 0, 4)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


class Reserve(Flowable):
    """Holds a page (for the contents) that is drawn later."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 1

    def draw(self) -> None:
        pass


def metadata(kind: str, reference: str, chain_hash: str = "") -> dict[str, str]:
    """PDF metadata: the document kind, the review reference and the audit trail's newest hash,
    never a person's name."""
    return {
        "title": f"{kind}: {one_line(reference)}",
        "author": "ReviewDesk",
        "subject": f"{kind} of a child safeguarding practice review",
        "creator": f"ReviewDesk {__version__}",
        "keywords": f"audit-chain-hash:{chain_hash}" if chain_hash else "",
    }
