"""The structure of ReviewDesk's PDFs, page by page: headings that become bookmarks and contents
entries, the contents drawn in one pass, the running header and footer with the protective
marking, the canvas that holds pages back so each can say "Page x of y", and the document
template that binds them. The house style they draw with (fonts, colours, paragraph styles,
tables) is in :mod:`reviewdesk.exports.pdf_common`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import PDFObjectReference
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, KeepTogether, Table
from reportlab.platypus.doctemplate import BaseDocTemplate
from reportlab.platypus.flowables import _listWrapOn

from reviewdesk import __version__
from reviewdesk.exports import printed, tagging
from reviewdesk.exports.fonts import fonts
from reviewdesk.exports.pdf_common import INK, MARGIN_TOP, MARGIN_X, MUTED, RULE, rich
from reviewdesk.exports.scripts import ScriptParagraph
from reviewdesk.exports.text import one_line


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
