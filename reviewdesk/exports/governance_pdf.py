"""The note for the data protection officer as a PDF: the library's own settings first, then the
note itself (docs/information-governance.md), drawn from its Markdown.

Only the Markdown the note uses is read: ``#`` headings (bookmarked), paragraphs, ``-`` lists,
``|`` tables, and inline ``**bold**``, ``code`` and ``[text](link)`` (the link's text is kept).
Everything is escaped first (exports/text.py), so the note's words are text, never markup.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Frame, PageTemplate, Spacer

from reviewdesk.exports.pdf_common import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE,
    data_table,
    fact_table,
    styles,
)
from reviewdesk.exports.pdf_pages import BookmarkedDoc, Decor, Heading, canvas_maker
from reviewdesk.exports.scripts import ScriptParagraph
from reviewdesk.exports.text import markup, one_line

KIND = "Information governance"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def inline(text: str) -> str:
    """One line of the note's Markdown as paragraph markup (escaped first)."""
    text = _LINK.sub(r"\1", text)
    safe = markup(text)
    safe = _BOLD.sub(r"<b>\1</b>", safe)
    return _CODE.sub(r'<font face="Courier">\1</font>', safe)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """The note as (kind, lines) blocks: "h1".."h3", "p", "list", "table"."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            blocks.append(("blank", []))
            continue
        heading = re.match(r"(#{1,3}) (.*)", line)
        if heading:
            blocks.append((f"h{len(heading.group(1))}", [heading.group(2)]))
        elif line.startswith("|"):
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(line)
            else:
                blocks.append(("table", [line]))
        elif line.startswith("- "):
            blocks.append(("list", [line[2:]]))
        elif line.startswith("  ") and blocks and blocks[-1][0] == "list":
            blocks[-1][1][-1] += " " + line.strip()
        elif blocks and blocks[-1][0] == "p":
            blocks[-1][1][0] += " " + line.strip()
        else:
            blocks.append(("p", [line.strip()]))
    return [b for b in blocks if b[0] != "blank"]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(lines: list[str], st, width: float) -> Flowable:
    header = _cells(lines[0])
    rows = [_cells(line) for line in lines[2:]]  # the second line is the |---| rule
    plain = [[_LINK.sub(r"\1", c).replace("**", "").replace("`", "") for c in r] for r in rows]
    widths = [width / len(header)] * len(header)
    return data_table([h.replace("**", "") for h in header], plain, widths, st)


def story(text: str, facts: Sequence[tuple[str, str]], st, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    blocks = _blocks(text)
    title = blocks[0][1][0] if blocks and blocks[0][0] == "h1" else KIND
    out.append(Heading(title, st.title, level=0, key="title", toc=False))
    out.append(Spacer(1, 8))
    out.append(Heading("This library", st.h2, level=1, key="this-library"))
    out.append(
        ScriptParagraph(
            markup(
                "The settings of the library this document was made from, as they were when "
                "it was made. It holds no review content."
            ),
            st.body,
        )
    )
    out.append(Spacer(1, 4))
    out.append(fact_table([(one_line(a), one_line(b)) for a, b in facts], st, width))
    out.append(Spacer(1, 10))
    for n, (kind, lines) in enumerate(blocks[1:] if title != KIND else blocks):
        if kind in ("h1", "h2", "h3"):
            style = {"h1": st.h1, "h2": st.h2, "h3": st.h3}[kind]
            out.append(Heading(lines[0], style, level=int(kind[1]) - 1, key=f"s{n}"))
        elif kind == "p":
            out.append(ScriptParagraph(inline(lines[0]), st.body))
            out.append(Spacer(1, 4))
        elif kind == "list":
            out.append(ScriptParagraph(inline(lines[0]), st.bullet, bulletText="•"))
        elif kind == "table":
            out.append(_table(lines, st, width))
            out.append(Spacer(1, 6))
    return out


def render_governance_pdf(
    text: str, facts: Sequence[tuple[str, str]], *, marking: str = ""
) -> bytes:
    """The PDF of the note ``text`` (Markdown), with ``facts`` about the library first."""
    st = styles()
    width, height = PAGE
    inner = width - 2 * MARGIN_X
    buffer = io.BytesIO()
    doc = BookmarkedDoc(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=KIND,
        author="ReviewDesk",
        subject="What ReviewDesk stores, where, and how it is protected",
        creator="ReviewDesk",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, inner, height - MARGIN_TOP - MARGIN_BOTTOM, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    decor = Decor(marking=marking, left_header=KIND)
    doc.build(story(text, facts, st, inner), canvasmaker=canvas_maker(decor))
    return buffer.getvalue()


__all__ = ["KIND", "ParagraphStyle", "render_governance_pdf"]
