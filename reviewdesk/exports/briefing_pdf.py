"""The 7-minute briefing as a PDF: a title band, then six numbered sections in two columns,
laid out to be printed and read in a team meeting. One page, two at most."""

from __future__ import annotations

import io
from collections.abc import Callable

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

from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.domain.learning import date_label
from reviewdesk.exports.briefing import BUDGETS, Briefing, Point, build_briefing
from reviewdesk.exports.fonts import fonts
from reviewdesk.exports.pdf_common import (
    ACCENT,
    ACCENT_SOFT,
    INK,
    MUTED,
    PAGE,
    Anchor,
    Decor,
    LayoutTable,
    canvas_maker,
    metadata,
)

# Every script prints (issue 17, point 7): user text is joined, set in a font found for it and
# drawn right to left where it is written so; English takes the old path.
from reviewdesk.exports.pdf_common import rich as markup
from reviewdesk.exports.scripts import ScriptParagraph as Paragraph

Progress = Callable[[int, str], None]
KIND = "7-minute briefing"
SIDE = 1.6 * cm
TOP = 2.0 * cm
BOTTOM = 2.0 * cm
GAP = 0.8 * cm
BAND = 2.9 * cm


def render_briefing_pdf(
    source: ExportInput, options: ExportOptions, progress: Progress | None = None
) -> bytes:
    """Build the briefing, as rich as still fits one page (two at most), and return its bytes."""
    report = progress or (lambda _percent, _message: None)
    fallback: bytes | None = None
    for step, budget in enumerate(BUDGETS):
        report(10 + 80 * step // len(BUDGETS), "Fitting the briefing to one page")
        data, pages = _render(build_briefing(source, options, budget))
        if pages == 1:
            report(100, "Done")

            return data
        if pages <= 2 and fallback is None:
            fallback = data
    report(100, "Done")
    return fallback if fallback is not None else data


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
        "intro": ParagraphStyle("b_intro", parent=body, textColor=MUTED, fontName=f.italic),
        "theme": ParagraphStyle(
            "b_theme", parent=body, fontName=f.bold, textColor=ACCENT, spaceBefore=4, spaceAfter=2
        ),
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


def _points(points: tuple[Point, ...], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    for p in points:
        lead = f"<b>{markup(p.label)}:</b> " if p.label else ""
        out.append(Paragraph(lead + markup(p.text), st["bullet"], bulletText="•"))
    return out


def _sections(b: Briefing, st: dict[str, ParagraphStyle], col: float) -> list[Flowable]:
    learning: list[Flowable] = []
    for theme in b.learning:
        learning.append(Paragraph(markup(theme.title), st["theme"]))
        learning += _points(theme.points, st)
    if not b.learning:
        learning.append(
            Paragraph("No key learning has been recorded yet.", st["intro"]),
        )
    if b.themes_not_shown:
        learning.append(
            Paragraph(
                f"Learning on {b.themes_not_shown} more "
                f"{'theme is' if b.themes_not_shown == 1 else 'themes is'} in the full summary.",
                st["intro"],
            )
        )
    questions = [Paragraph("Talk these through in your team:", st["intro"])] + [
        Paragraph(markup(q), st["bullet"], bulletText="•") for q in b.questions
    ]
    to_do = [Paragraph(markup(b.to_do_intro), st["intro"]), *_points(b.to_do, st)]
    blocks = [
        ("Background", _points(b.background, st)),
        ("Why it matters", _points(b.why_it_matters, st)),
        ("Key learning", learning),
        ("Questions for teams", questions),
        ("What to do", to_do),
        ("Where to find more", _points(b.find_more, st)),
    ]
    out: list[Flowable] = []
    for number, (title, content) in enumerate(blocks, start=1):
        head = _heading(number, title, st, col)
        if number > 1:
            out.append(Spacer(1, 10))  # between sections only: a trailing space could add a page
        # Keep each heading with the start of its section.
        anchor = Anchor(f"{number}. {title}", f"section-{number}")  # a bookmark for each
        out.append(KeepTogether([anchor, head, Spacer(1, 5), *content[:1]]))
        out += content[1:]
    return out


def _render(b: Briefing) -> tuple[bytes, int]:
    """The briefing's PDF and its number of pages."""
    st = _styles()
    width, height = PAGE
    inner = width - 2 * SIDE
    col = (inner - GAP) / 2
    body_top = height - TOP - BAND - 0.4 * cm
    band = Frame(SIDE, height - TOP - BAND, inner, BAND, id="band", showBoundary=0, **_no_pad())
    first = [
        band,
        Frame(SIDE, BOTTOM, col, body_top - BOTTOM, id="left", **_no_pad()),
        Frame(SIDE + col + GAP, BOTTOM, col, body_top - BOTTOM, id="right", **_no_pad()),
    ]
    later = [
        Frame(SIDE, BOTTOM, col, height - TOP - BOTTOM, id="left2", **_no_pad()),
        Frame(SIDE + col + GAP, BOTTOM, col, height - TOP - BOTTOM, id="right2", **_no_pad()),
    ]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
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
    story: list[Flowable] = [NextPageTemplate("later"), _band(b, st, inner)]
    story += _sections(b, st, col)
    decor = Decor(
        marking=b.marking,
        draft=b.draft,
        left_header=f"{b.reference}  ·  {KIND}",
        header_from_page=99,
        margin=SIDE,
    )
    doc.build(story, canvasmaker=canvas_maker(decor))
    return buffer.getvalue(), doc.page


def _no_pad() -> dict[str, float]:
    return {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
