"""The words a document prints, place by place: what the publication check reads.

The check looks at the document being made, not at the review it came from: a briefing that
leaves out a contributor's dated answer must not be stopped by that date, and a postcode a
document does print must be found, with where it is printed.

- A PDF says what it prints as it is drawn: every string ReviewDesk's canvas puts on a page
  (paragraphs, table cells, drawings, the running header and footer, the contents) is noted
  with its page and the heading it falls under. Inside :func:`recording`, each PDF made leaves
  its notes with the recorder, keyed by the document's own bytes, so the notes always belong
  to the very file that was made (the briefing tries several layouts before it keeps one).
- A Word document is read back with python-docx: each paragraph, table row, header and footer.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

FURNITURE = "running header and footer"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


@dataclass(frozen=True, slots=True)
class PrintedPart:
    """Some words a document prints and where: "Page 3, Case overview" or
    "Paragraph 12, under 'Findings'"."""

    where: str
    text: str


class Recorder:
    """Collects what each PDF made while it is current prints."""

    def __init__(self) -> None:
        self._pdfs: dict[str, list[PrintedPart]] = {}

    def add_pdf(self, data: bytes, notes: Sequence[tuple[int, str, int, str]]) -> None:
        self._pdfs[_digest(data)] = pdf_parts(notes)

    def parts(self, data: bytes) -> list[PrintedPart]:
        """What ``data`` (a PDF made while recording, or any Word document) prints."""
        if data[:5] == b"%PDF-":
            try:
                return self._pdfs[_digest(data)]
            except KeyError:
                msg = "This PDF was not made while its text was being recorded."
                raise LookupError(msg) from None
        return docx_parts(data)


_CURRENT: ContextVar[Recorder | None] = ContextVar("reviewdesk_printed", default=None)


@contextmanager
def recording() -> Iterator[Recorder]:
    recorder = Recorder()
    token = _CURRENT.set(recorder)
    try:
        yield recorder
    finally:
        _CURRENT.reset(token)


def current() -> Recorder | None:
    return _CURRENT.get()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf_parts(notes: Sequence[tuple[int, str, int, str]]) -> list[PrintedPart]:
    """Notes of (page, heading, text object, string) gathered into one part per text object
    (a paragraph, a table cell, a label), in page order."""
    grouped: dict[tuple[int, str, int], list[str]] = {}
    for page, section, group, text in notes:
        grouped.setdefault((page, section, group), []).append(text)
    out = []
    for (page, section, _group), texts in sorted(grouped.items(), key=lambda item: item[0][0]):
        where = f"Page {page}" + (f", {section}" if section else "")
        out.append(PrintedPart(where, " ".join(" ".join(texts).split())))
    return out


def short(title: str, limit: int = 48) -> str:
    """A heading short enough to name a place in a list."""
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def docx_parts(data: bytes) -> list[PrintedPart]:
    """Each paragraph and table row of a Word document, with the heading it falls under."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    out: list[PrintedPart] = []
    for section in document.sections:
        for label, part in (("Page header", section.header), ("Page footer", section.footer)):
            text = " ".join(p.text for p in part.paragraphs if p.text.strip())
            if text.strip():
                out.append(PrintedPart(label, text))
    chapter, heading, paragraph, table = "", "", 0, 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        under = " › ".join(h for h in dict.fromkeys((chapter, heading)) if h)
        under = f", under {under}" if under else ""
        if tag == "p":
            para = Paragraph(child, document._body)
            paragraph += 1
            for picture in child.iter(_DOC_PR):  # a picture's alt text is printed words too
                described = " ".join((picture.get("title", ""), picture.get("descr", "")))
                if described.strip():
                    out.append(PrintedPart(f"Picture in paragraph {paragraph}{under}", described))
            if not para.text.strip():
                continue
            style = para.style.name if para.style is not None else ""
            if style.startswith("Heading") or style == "Title":
                heading = short(para.text)
                if style in ("Heading 1", "Title"):
                    chapter = heading
                under = f", under {chapter}" if chapter and chapter != heading else ""
            out.append(PrintedPart(f"Paragraph {paragraph}{under}", para.text))
        elif tag == "tbl":
            table += 1
            for number, row in enumerate(Table(child, document._body).rows, start=1):
                cells = list(dict.fromkeys(c.text for c in row.cells))  # merged cells repeat
                text = "  ".join(c for c in cells if c.strip())
                if text:
                    out.append(PrintedPart(f"Table {table}, row {number}{under}", text))
    return out
