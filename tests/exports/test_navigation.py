"""Every bookmark and every Contents link of every PDF goes to the heading it names.

Read back with tools we did not write: pypdf reads each outline item's and each link's
destination (page and height), poppler's pdftotext reads what is printed where. A destination
passes only when the words printed just below it, on its page, are the heading's own words, and
a Contents line also prints the number of the page its link goes to.

Each kind of PDF is checked on the demo review and on larger libraries: the learning summary
and the briefing of a generated review with every section filled, and the yearly learning
report over the hand-worked fixture and over a generated library of forty reviews.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from benchmarks.make_library import build_library
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from tests.learning_fixture import FY
from tests.learning_fixture import build as build_fixture

ON = date(2026, 11, 28)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass(frozen=True)
class Word:
    x0: float
    top: float  # from the top of the page, as poppler measures
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Printed:
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def printed_pages(data: bytes) -> list[Printed]:
    """Every word of every page with its box, in poppler's reading order."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    pages = []
    for chunk in out.split("<page ")[1:]:
        height = float(_PAGE.match("<page " + chunk).group(2))
        words = [
            Word(float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in _WORD.findall(chunk)
        ]
        pages.append(Printed(height, words))
    return pages


def letters(text: str) -> str:
    """Letters and digits only: wrapping, punctuation and spacing never hide a heading."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass(frozen=True)
class Target:
    page: int  # from 0
    top: float | None  # PDF units from the bottom, when the destination gives one
    left: float


def _target(reader: PdfReader, page_ref, kind: str, args: list) -> Target:  # type: ignore[no-untyped-def]
    numbers = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    page = numbers[page_ref.idnum]
    if kind == "/XYZ":
        left = float(args[0] or 0)
        top = None if args[1] is None else float(args[1])
        return Target(page, top, left)
    return Target(page, None, 0.0)


def outline_targets(reader: PdfReader) -> list[tuple[str, Target]]:
    out: list[tuple[str, Target]] = []

    def walk(items) -> None:  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            assert isinstance(item, Destination)
            args = [item.get("/Left"), item.get("/Top")]
            out.append((item.title, _target(reader, item.page, item.typ, args)))

    walk(reader.outline)
    return out


def link_targets(reader: PdfReader) -> list[tuple[int, tuple[float, ...], Target]]:
    """(page the link is on, its rectangle, where it goes) for every internal link."""
    out = []
    for number, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/A" in annot and annot["/A"].get("/S") == "/URI":
                continue  # a web address the lead wrote (the briefing's links): not internal
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot:
                dest = annot["/A"].get("/D")
            assert dest is not None, "a link with no destination"
            if isinstance(dest, str):
                named = reader.named_destinations[dest]
                target = _target(reader, named.page, named.typ, [named.left, named.top])
            else:
                target = _target(reader, dest[0], str(dest[1]), list(dest[2:]))
            out.append((number, tuple(float(v) for v in annot["/Rect"]), target))
    return out


def printed_at(pages: list[Printed], target: Target, right: float = float("inf")) -> str:
    """The words printed from the destination downwards, between its left edge and ``right``
    (the next column's left edge, when a page has columns)."""
    page = pages[target.page]
    below = 0.0 if target.top is None else page.height - target.top - 1
    words = [w for w in page.words if w.top >= below and target.left - 1 <= w.x0 and w.x1 < right]
    # Line by line within the column: poppler's reading order can interleave two columns.
    return " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0)))


def lands_on(pages: list[Printed], title: str, target: Target, right: float = float("inf")) -> bool:
    """The heading named ``title`` is printed where ``target`` goes: first in what follows the
    destination, or (for a whole-page destination) anywhere on that page."""
    want = {letters(title), letters(re.sub(r"^\d+\.\s*", "", title))}  # "3. X" may print as "X"
    here = letters(printed_at(pages, target, right))
    if target.top is None:
        return any(w in here for w in want)
    return any(here.startswith(w) for w in want)


def column_edge(target: Target, others: list[Target]) -> float:
    """Where the column of ``target`` ends: the left edge of the next column of destinations."""
    edges = [t.left for t in others if t.page == target.page and t.left > target.left + 20]
    return min(edges, default=float("inf"))


def check_navigation(data: bytes, *, expect_links: bool) -> int:
    """Assert every bookmark and link lands on its heading; returns how many were checked."""
    reader = PdfReader(io.BytesIO(data))
    pages = printed_pages(data)
    assert len(pages) == len(reader.pages)
    wrong = []
    outline = outline_targets(reader)
    assert outline, "no bookmarks at all"
    targets = [t for _, t in outline]
    for title, target in outline:
        if not lands_on(pages, title, target, column_edge(target, targets)):
            wrong.append(f"bookmark {title!r} goes to page {target.page + 1}")
    # In reading order: each bookmark at or after the one before it (column by column).
    places = [(t.page, t.left, -(t.top or 0)) for _, t in outline]
    assert places == sorted(places), "bookmarks out of document order"

    links = link_targets(reader)
    for page, rect, target in links:
        x0, y0, x1, y1 = rect
        height = pages[page].height
        inside = " ".join(
            w.text
            for w in pages[page].words
            if x0 - 1 <= w.x0
            and w.x1 <= x1 + 1
            and height - y1 - 1 <= w.top
            and w.bottom <= height - y0 + 1
        )
        printed = re.fullmatch(r"(.*?)\s*(\d+)", inside)
        assert printed, f"a Contents line without a page number: {inside!r}"
        title, number = printed.group(1), int(printed.group(2))
        if number != target.page + 1:
            wrong.append(
                f"Contents says {title!r} is on page {number}, its link goes to "
                f"page {target.page + 1}"
            )
        if not lands_on(pages, title, target):
            wrong.append(f"Contents link {title!r} goes to page {target.page + 1}")
    assert bool(links) == expect_links
    assert not wrong, "\n".join(wrong[:12]) + f"\n({len(wrong)} wrong)"
    return len(outline) + len(links)


# --- the demo review -----------------------------------------------------------------------------


def test_the_demo_summary_bookmarks_and_contents_go_to_their_headings(services, demo) -> None:
    data = services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(prepared_on=ON))
    assert check_navigation(data, expect_links=True) > 50


def test_the_demo_briefing_bookmarks_each_section(services, demo) -> None:
    data = services.exports.render(demo.id, ExportFormat.BRIEFING, ExportOptions(prepared_on=ON))
    assert check_navigation(data, expect_links=False) >= 6


# --- larger libraries ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("generated") / "lib"
    build_library(folder, reviews=40, seed=7)
    services = open_services(resolve_paths(folder))
    yield services
    services.close()


def _richest(services) -> int:  # type: ignore[no-untyped-def]
    """The generated review with the most chronology entries and findings."""

    def size(review_id: int) -> int:
        analysis = services.findings.analysis(review_id)
        return len(analysis.findings) + len(services.chronology.entries(review_id))

    return max((s.id for s in services.reviews.list_reviews()), key=size)


def test_a_full_generated_review_navigates_in_the_summary_and_briefing(generated) -> None:
    review_id = _richest(generated)
    summary = generated.exports.render(review_id, ExportFormat.PDF, ExportOptions(prepared_on=ON))
    assert len(PdfReader(io.BytesIO(summary)).pages) > 20
    assert check_navigation(summary, expect_links=True) >= 60
    briefing = generated.exports.render(
        review_id, ExportFormat.BRIEFING, ExportOptions(prepared_on=ON)
    )
    check_navigation(briefing, expect_links=False)


def test_the_learning_report_over_forty_reviews_navigates(generated) -> None:
    whole = Period(date(2020, 1, 1), date(2026, 12, 31))
    _, data = generated.learning_report.render(whole, ReportFormat.PDF)
    assert len(PdfReader(io.BytesIO(data)).pages) > 40
    check_navigation(data, expect_links=False)


def test_the_learning_report_over_the_fixture_navigates() -> None:
    library = build_fixture()
    try:
        _, data = library.services.learning_report.render(FY, ReportFormat.PDF)
    finally:
        library.services.close()
    check_navigation(data, expect_links=False)
