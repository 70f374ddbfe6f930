"""The house style shared by ReviewDesk's PDFs: fonts, colours, paragraph styles, callouts and
figures, and tables whose long cells continue on the next row instead of overflowing a page.
Headings, contents, the running header and footer and the document template are in
:mod:`reviewdesk.exports.pdf_pages`.

User text enters a Paragraph only through :func:`para` (or :func:`reviewdesk.exports.text.markup`),
so it is always escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Paragraph, Table, TableStyle

from reviewdesk.exports import tagging
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
