"""The 7-minute briefing as a PDF: a title band as tall as its title needs, then seven numbered
sections in two columns, laid out to be printed and read in a team meeting. One page, or two
when the lead chooses the two-page form.

Nothing is cut: the lead's words are printed whole, and a briefing longer than its form runs on
to another page rather than lose a sentence. :func:`measure` lays the briefing out exactly as
:func:`render_briefing_pdf` does and says how full its form is (the Briefing page's fit meter).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.briefing import SECTION_KEYS, BriefingText, blocks
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.exports.briefing import LEVELS, Briefing, compose
from reviewdesk.exports.fonts import fonts
from reviewdesk.exports.pdf_common import ACCENT, ACCENT_SOFT, INK, PAGE, LayoutTable

# Every script prints (issue 17, point 7): user text is joined, set in a font found for it and
# drawn right to left where it is written so; English takes the old path.
from reviewdesk.exports.pdf_common import rich as markup
from reviewdesk.exports.pdf_pages import Anchor, Decor, canvas_maker, metadata
from reviewdesk.exports.scripts import ScriptParagraph as Paragraph

Progress = Callable[[int, str], None]
KIND = "7-minute briefing"
SIDE = 1.6 * cm
TOP = 2.0 * cm
BOTTOM = 2.0 * cm
GAP = 0.8 * cm
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]']")
_LABEL = re.compile(r"^([^:]{2,48}):\s")


@dataclass(frozen=True, slots=True)
class Fit:
    """How full the briefing's form is, from the real layout."""

    fill: float  # 0.62: 62% of the form's room used; over 1.0: it runs past the form
    pages: int  # pages the briefing takes
    form_pages: int  # pages of the chosen form (1, or 2)

    @property
    def fits(self) -> bool:
        return self.pages <= self.form_pages and self.fill <= 1.0

    @property
    def percent(self) -> int:
        return round(self.fill * 100)


def render_briefing_pdf(
    source: ExportInput, options: ExportOptions, progress: Progress | None = None
) -> bytes:
    """The briefing's PDF: the lead's sections as written, the others as rich as still fits the
    form. Never cut: when even the leanest does not fit, it runs on to another page."""
    report = progress or (lambda _percent, _message: None)
    data = b""
    for step, level in enumerate(LEVELS):
        report(10 + 80 * step // len(LEVELS), "Fitting the briefing to its page")
        briefing = compose(source, options, level)
        data, fit = _render(briefing)
        if fit.fits or briefing.all_edited:
            break
    report(100, "Done")
    return data


def fitted(source: ExportInput, options: ExportOptions) -> tuple[Briefing, Fit]:
    """The briefing :func:`render_briefing_pdf` would print, and how full its form is."""
    briefing, fit = compose(source, options, LEVELS[0]), Fit(0, 0, 1)
    for level in LEVELS:
        briefing = compose(source, options, level)
        fit = _render(briefing)[1]
        if fit.fits or briefing.all_edited:
            break
    return briefing, fit


def measure(briefing: Briefing) -> Fit:
    """How full ``briefing``'s form is, laid out as it would print."""
    return _render(briefing)[1]


def _styles() -> dict[str, ParagraphStyle]:
    f = fonts()
    body = ParagraphStyle(
        "b_body",
        fontName=f.regular,
        bulletFontName=f.regular,
        fontSize=8.6,
        leading=12.2,
        textColor=INK,
        spaceAfter=3,
    )
    return {
        "body": body,
        "bullet": ParagraphStyle("b_bullet", parent=body, leftIndent=10, bulletIndent=1),
        "section": ParagraphStyle(
            "b_section", parent=body, fontName=f.bold, fontSize=11.5, leading=14, textColor=ACCENT
        ),
        "number": ParagraphStyle(
            "b_number",
            parent=body,
            fontName=f.bold,
            fontSize=11,
            leading=14,
            textColor=colors.white,
            alignment=1,
        ),
        "kicker": ParagraphStyle(
            "b_kicker", parent=body, fontName=f.bold, fontSize=8, leading=10, textColor=ACCENT_SOFT
        ),
        "title": ParagraphStyle(
            "b_title",
            parent=body,
            fontName=f.bold,
            fontSize=16,
            leading=20,
            textColor=colors.white,
        ),
        "subtitle": ParagraphStyle(
            "b_subtitle", parent=body, fontSize=9, leading=12, textColor=ACCENT_SOFT
        ),
    }


def _band(b: Briefing, st: dict[str, ParagraphStyle], width: float) -> Table:
    """The title band: the title wraps within it, however long (a 200-character title takes
    three or four lines, and the band grows to hold them)."""
    cell = [
        Paragraph(KIND.upper(), st["kicker"]),
        Spacer(1, 3),
        Paragraph(markup(b.title), st["title"]),
        Spacer(1, 2),
        Paragraph(
            markup(b.subtitle) + f"  ·  {date_label(b.prepared_on)}",
            st["subtitle"],
        ),
    ]
    table = Table([[cell]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def _heading(number: int, title: str, st: dict[str, ParagraphStyle], width: float) -> Table:
    # Laid out as a table, read as one heading: "1 Background".
    table = LayoutTable(
        [[Paragraph(str(number), st["number"]), Paragraph(markup(title), st["section"])]],
        colWidths=[0.62 * cm, width - 0.62 * cm],
        tag_role="H2",
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, ACCENT_SOFT),
            ]
        )
    )
    return table


def linked(text: str) -> str:
    """User text as paragraph markup, web addresses made links (escaped first: a typed tag
    prints as itself), and a short "Label:" at the start of a point set in bold."""
    out = markup(text)
    label = _LABEL.match(text)
    out = _URL.sub(lambda m: f'<a href="{m.group(0)}" color="#1f4e79"><u>{m.group(0)}</u></a>', out)
    if label and not _URL.search(label.group(1)) and markup(label.group(1)) == label.group(1):
        head = label.group(1)
        out = f"<b>{head}:</b>" + out[len(head) + 1 :]
    return out


class _Whole(Paragraph):
    """A point or paragraph kept whole in one column: a reader never has to look for the rest
    of a sentence. One taller than a whole column (``column``) still flows on."""

    def __init__(self, text, style, column: float = 0.0, **kwargs) -> None:
        super().__init__(text, style, **kwargs)
        self._column = column  # 0: the parts of a split paragraph flow freely

    def split(self, avail_width: float, avail_height: float):
        _, height = self.wrap(avail_width, avail_height)
        if height <= self._column:
            return []  # moves on whole to the next column
        return super().split(avail_width, avail_height)


def _content(text: str, st: dict[str, ParagraphStyle], column: float) -> list[Flowable]:
    out: list[Flowable] = []
    for kind, words in blocks(text):
        if kind == "point":
            out.append(_Whole(linked(words), st["bullet"], column, bulletText="•"))
        else:
            out.append(_Whole(linked(words), st["body"], column))
    return out


def _sections(
    b: Briefing, st: dict[str, ParagraphStyle], col: float, column: float
) -> list[Flowable]:
    out: list[Flowable] = []
    for number, section in enumerate(b.sections, start=1):
        head = _heading(number, section.heading, st, col)
        content = _content(section.text, st, column)
        if number > 1:
            out.append(Spacer(1, 10))  # between sections only: a trailing space could add a page
        # Keep each heading with the start of its section, and a bookmark for each.
        anchor = Anchor(f"{number}. {section.heading}", f"section-{number}")
        out.append(KeepTogether([anchor, head, Spacer(1, 5), *content[:1]]))
        out += content[1:]
    return out


class _MeasuredDoc(BaseDocTemplate):
    """Notes each column frame the briefing's text flows into, to say how full the form is."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.columns: list[Frame] = []

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):
        super().handle_frameBegin(resume, pageTopFlowables)
        if self.frame.id != "band":
            self.columns.append(self.frame)


def _render(b: Briefing) -> tuple[bytes, Fit]:
    """The briefing's PDF and how full its form is."""
    st = _styles()
    width, height = PAGE
    inner = width - 2 * SIDE
    col = (inner - GAP) / 2
    band = _band(b, st, inner)
    _, band_height = band.wrap(inner, height)
    band_top = height - TOP
    body_top = band_top - band_height - 0.4 * cm
    first = [
        Frame(SIDE, body_top + 0.4 * cm - 1, inner, band_height + 1, id="band", **_no_pad()),
        Frame(SIDE, BOTTOM, col, body_top - BOTTOM, id="left", **_no_pad()),
        Frame(SIDE + col + GAP, BOTTOM, col, body_top - BOTTOM, id="right", **_no_pad()),
    ]
    later = [
        Frame(SIDE, BOTTOM, col, height - TOP - BOTTOM, id="left2", **_no_pad()),
        Frame(SIDE + col + GAP, BOTTOM, col, height - TOP - BOTTOM, id="right2", **_no_pad()),
    ]
    buffer = io.BytesIO()
    doc = _MeasuredDoc(
        buffer,
        pagesize=PAGE,
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        **metadata(KIND, b.reference, b.audit_chain_hash),
    )
    doc.addPageTemplates(
        [PageTemplate(id="first", frames=first), PageTemplate(id="later", frames=later)]
    )
    story: list[Flowable] = [NextPageTemplate("later"), band]
    story += _sections(b, st, col, body_top - BOTTOM)
    decor = Decor(
        marking=b.marking,
        draft=b.draft,
        left_header=f"{b.reference}  ·  {KIND}",
        header_from_page=99,
        margin=SIDE,
    )
    doc.build(story, canvasmaker=canvas_maker(decor))
    return buffer.getvalue(), _fit(doc, b.form_pages, [f._height for f in first[1:]], later)


def _fit(doc: _MeasuredDoc, form_pages: int, first: list[float], later: list[Frame]) -> Fit:
    room = sum(first) + (sum(f._height for f in later) if form_pages == 2 else 0)
    used = sum(f._height for f in doc.columns[:-1])
    if doc.columns:
        last = doc.columns[-1]
        used += last._y2 - last._y
    return Fit(fill=used / room if room else 0.0, pages=doc.page, form_pages=form_pages)


def _no_pad() -> dict[str, float]:
    return {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}


@dataclass(frozen=True, slots=True)
class BriefingDraft:
    """The briefing as it would print now: each section's text (the lead's, or drawn from the
    review), which are the lead's own, and how full its form is."""

    texts: dict[str, str]
    edited: frozenset[str]
    title: str
    own: BriefingText
    percent: int
    pages: int
    form_pages: int

    @property
    def fits(self) -> bool:
        return self.pages <= self.form_pages and self.percent <= 100


def draft_of(source: ExportInput, options: ExportOptions) -> BriefingDraft:
    """The briefing ``source`` would print, with how full its form is (the real layout)."""
    briefing, fit = fitted(source, options)
    return BriefingDraft(
        texts={s.key: s.text for s in briefing.sections},
        edited=frozenset(s.key for s in briefing.sections if s.edited),
        title=briefing.title,
        own=source.briefing,
        percent=fit.percent,
        pages=fit.pages,
        form_pages=fit.form_pages,
    )


def with_text(source: ExportInput, texts: dict[str, str | None], **changes: object) -> ExportInput:
    """``source`` with the briefing's sections as typed so far (for the fit meter)."""
    own = source.briefing
    for key in SECTION_KEYS:
        if key in texts:
            own = own.with_section(key, texts[key])
    return replace(source, briefing=replace(own, **changes))  # type: ignore[arg-type]
