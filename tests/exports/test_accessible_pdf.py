"""Every PDF is a tagged, accessible PDF (PDF/UA-1) that a screen reader can read in order.

Checked with tools we did not write:

- ``page`` (PyPI ``page-validation``), an independent PDF/UA-1 and PDF/A validator written in
  Rust that passes veraPDF's test corpus: every rule of its PDF/UA-1 profile must pass;
- pikepdf (qpdf) reads the structure tree, the content streams and the catalog back: every
  marked-content sequence on a page belongs to exactly one structure element, all text is
  either tagged or an artifact, figures have alternative text, table headers have a scope, the
  running header and footer are artifacts, and links are in the tree;
- pypdf says which words each marked-content sequence prints, so the headings' words, read in
  the structure tree's order, are compared with the order poppler's ``pdftotext`` prints them;
- poppler's ``pdfinfo`` (Tagged: yes, the title) and ``pdffonts`` (every font embedded).

The learning summary and the briefing of the demo review and the yearly learning report over
the hand-worked fixture are each checked.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import page
import pikepdf
import pytest
from pypdf import PdfReader

from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from tests.learning_fixture import FY
from tests.learning_fixture import build as build_fixture

ON = date(2026, 11, 28)
KINDS = ("summary", "briefing", "report")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder: Path = tmp_path_factory.mktemp("accessible") / "lib"
    services = open_services(resolve_paths(folder))
    try:
        demo, _ = services.exchange.add_demo()
        options = ExportOptions(prepared_on=ON)
        out = {
            "summary": services.exports.render(demo.id, ExportFormat.PDF, options),
            "briefing": services.exports.render(demo.id, ExportFormat.BRIEFING, options),
        }
    finally:
        services.close()
    library = build_fixture()
    try:
        _, out["report"] = library.services.learning_report.render(FY, ReportFormat.PDF)
    finally:
        library.services.close()
    return out


# --- reading the structure tree back ------------------------------------------------------------


class Element:
    def __init__(self, obj: pikepdf.Dictionary, pages: dict[tuple[int, int], int]) -> None:
        self.obj = obj
        self.role = str(obj.S)[1:]
        self.kids: list[Element] = []
        self.mcids: list[tuple[int, int]] = []  # (page index, MCID)
        self.objrs: list[pikepdf.Dictionary] = []
        default_page = pages[obj.Pg.objgen] if "/Pg" in obj else None
        kids = obj.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        for kid in items:
            if isinstance(kid, int):
                self.mcids.append((default_page, int(kid)))
            elif kid.get("/Type") == "/MCR":
                where = pages[kid.Pg.objgen] if "/Pg" in kid else default_page
                self.mcids.append((where, int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                self.objrs.append(kid)
            else:
                self.kids.append(Element(kid, pages))

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_mcids(self) -> list[tuple[int, int]]:
        return [m for e in self.walk() for m in e.mcids]


def tree(pdf: pikepdf.Pdf) -> Element:
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot
    kids = root.K
    assert not isinstance(kids, pikepdf.Array), "one Document element at the top"
    return Element(kids, pages)


_SHOW = {"Tj", "TJ", "'", '"'}


def marked_content(pdf: pikepdf.Pdf) -> tuple[list[list[int]], int, int]:
    """Per page, the MCIDs of its marked-content sequences; and how many text-showing operators
    sat in tagged content and in artifacts. Fails on text that is in neither."""
    per_page = []
    tagged = artifacts = 0
    for number, pg in enumerate(pdf.pages, start=1):
        stack: list[str] = []  # "mcid" or "artifact" or "other"
        mcids = []
        for operands, operator in pikepdf.parse_content_stream(pg):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                if tag == "/Artifact":
                    stack.append("artifact")
                elif (
                    op == "BDC"
                    and isinstance(operands[1], pikepdf.Dictionary)
                    and ("/MCID" in operands[1])
                ):
                    mcids.append(int(operands[1].MCID))
                    stack.append("mcid")
                else:
                    stack.append("other")
            elif op == "EMC":
                stack.pop()
            elif op in _SHOW and any(operand for operand in operands):
                assert stack, f"page {number}: text that is neither tagged nor an artifact"
                if "artifact" in stack:
                    artifacts += 1
                else:
                    assert "mcid" in stack, f"page {number}: text outside any MCID"
                    tagged += 1
        assert not stack, f"page {number}: a marked-content sequence left open"
        per_page.append(mcids)
    return per_page, tagged, artifacts


def words_by_mcid(data: bytes) -> tuple[dict[tuple[int, int], str], list[str]]:
    """What each marked-content sequence prints (pypdf), and per page what artifacts print."""
    words: dict[tuple[int, int], str] = {}
    furniture = [
        _page_words(pg, index, words) for index, pg in enumerate(PdfReader(io.BytesIO(data)).pages)
    ]
    return words, furniture


def _page_words(pg, index: int, words: dict[tuple[int, int], str]) -> str:  # type: ignore[no-untyped-def]
    stack: list[tuple[str, int | None]] = []
    found: list[str] = []

    def before(op, args, cm, tm) -> None:  # type: ignore[no-untyped-def]
        if op in (b"BDC", b"BMC"):
            mcid = args[1].get("/MCID") if op == b"BDC" and hasattr(args[1], "get") else None
            stack.append((str(args[0]), mcid))
        elif op == b"EMC":
            stack.pop()

    def text(t, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if not stack:
            return
        tag, mcid = stack[-1]
        if tag == "/Artifact":
            found.append(t)
        elif mcid is not None:
            key = (index, int(mcid))
            words[key] = words.get(key, "") + t

    pg.extract_text(visitor_operand_before=before, visitor_text=text)
    return " ".join(found)


def letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def poppler(tool: str, data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    args = [tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# --- the checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_an_independent_pdf_ua_checker_passes_every_rule(pdfs, kind) -> None:
    report = page.validate_pdf_bytes(pdfs[kind], profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert not failures, "\n".join(failures[:20])
    assert report.is_compliant
    assert report.rules.total >= 100 and report.rules.failed == 0


@pytest.mark.parametrize("kind", KINDS)
def test_tagged_titled_in_british_english_with_every_font_embedded(pdfs, kind, tmp_path) -> None:
    data = pdfs[kind]
    info = poppler("pdfinfo", data, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    title = re.search(r"^Title:\s+(.+)$", info, re.M).group(1)
    assert title.startswith(("Learning summary: ", "7-minute briefing: ", "Learning report: "))
    fonts = poppler("pdffonts", data, tmp_path).splitlines()[2:]
    assert fonts
    for line in fonts:
        assert "Helvetica" not in line and "Times" not in line, line
        name = line.split()[0]
        emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s", line).group(1)
        assert emb == "yes", f"{name} is not embedded"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert str(root.Lang) == "en-GB"
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == title
            assert xmp["pdfuaid:part"] == "1"
        for pg in pdf.pages:
            assert pg.obj.Tabs == "/S"
            assert "/StructParents" in pg.obj


@pytest.mark.parametrize("kind", KINDS)
def test_every_marked_sequence_belongs_to_exactly_one_element(pdfs, kind) -> None:
    with pikepdf.open(io.BytesIO(pdfs[kind])) as pdf:
        per_page, tagged, artifacts = marked_content(pdf)
        assert tagged > 0 and artifacts > 0
        document = tree(pdf)
        assert document.role == "Document"
        owned = Counter(document.all_mcids())
        twice = [m for m, n in owned.items() if n > 1]
        assert not twice, f"MCIDs owned by more than one element: {twice[:5]}"
        drawn = {(i, m) for i, mcids in enumerate(per_page) for m in mcids}
        assert len(drawn) == sum(len(m) for m in per_page), "an MCID used twice on a page"
        assert set(owned) == drawn
        # The parent tree says the same, MCID by MCID.
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        owner = {m: e.obj.objgen for e in document.walk() for m in e.mcids}
        for index, pg in enumerate(pdf.pages):
            row = parents[int(pg.obj.StructParents)]
            for mcid, element in enumerate(row):
                assert owner[(index, mcid)] == element.objgen


@pytest.mark.parametrize("kind", KINDS)
def test_headings_are_read_in_the_order_they_are_printed(pdfs, kind, tmp_path) -> None:
    data = pdfs[kind]
    words, _ = words_by_mcid(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        headings = [
            (e.role, "".join(words.get(m, "") for m in e.all_mcids()))
            for e in tree(pdf).walk()
            if re.fullmatch(r"H\d", e.role)
        ]
    assert len(headings) >= (6 if kind == "briefing" else 10)
    assert headings[0][0] == "H1"
    levels = [int(role[1]) for role, _ in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), "a level skipped"
    for role, text in headings:
        assert letters(text), f"an empty {role}"
    if kind == "briefing":
        # Two columns, which pdftotext reads across: its sections are read as its bookmarks
        # list them (test_navigation proves each bookmark lands on its heading, column by
        # column), after the title.
        outline = [letters(item.title) for item in PdfReader(io.BytesIO(data)).outline]
        sections = [letters(text) for role, text in headings if role == "H2"]
        assert sections == outline
        assert {role for role, _ in headings} >= {"H1", "H2"}  # the title, the seven sections
        return
    printed = letters(poppler("pdftotext", data, tmp_path).replace("\f", " "))
    at = 0
    for role, text in headings:
        found = printed.find(letters(text), at)
        assert found >= 0, f"{role} {text!r} is not printed after the heading before it"
        at = found + len(letters(text))


def test_figures_have_alternative_text(pdfs) -> None:
    alts = {}
    for kind in KINDS:
        with pikepdf.open(io.BytesIO(pdfs[kind])) as pdf:
            figures = [e for e in tree(pdf).walk() if e.role == "Figure"]
            for figure in figures:
                assert figure.mcids, "a figure with no content"
                assert "/BBox" in figure.obj.A
            alts[kind] = [str(f.obj.Alt) for f in figures]
    timeline = alts["summary"]
    assert len(timeline) == 1 and timeline[0].startswith("Timeline of the chronology from ")
    assert "key practice episodes" in timeline[0]
    (chart,) = alts["report"]
    assert chart.startswith("Bar chart of the reviews where each theme was rated significant")
    assert re.search(r"\d+ of \d+ \(\d+%\)", chart) and "same numbers" in chart


def test_tables_have_header_cells_with_a_scope_and_even_rows(pdfs) -> None:
    with pikepdf.open(io.BytesIO(pdfs["summary"])) as pdf:
        tables = [e for e in tree(pdf).walk() if e.role == "Table"]
    assert len(tables) >= 8
    for table in tables:
        rows = table.kids
        assert rows and all(r.role == "TR" for r in rows)
        assert len({len(r.kids) for r in rows}) == 1, "rows of different lengths"
        heads = [c for r in rows for c in r.kids if c.role == "TH"]
        assert heads, "a table without header cells"
        for th in heads:
            assert str(th.obj.A.Scope) in ("/Column", "/Row")
        assert all(c.role in ("TH", "TD") for r in rows for c in r.kids)
    # The chronology runs over pages: one table, its header row read once.
    chronology = max(tables, key=lambda t: len(t.kids))
    assert len({p for p, _ in chronology.all_mcids()}) >= 2
    assert sum(c.role == "TH" for r in chronology.kids for c in r.kids) == 4


def test_lists_are_lists_of_items(pdfs) -> None:
    with pikepdf.open(io.BytesIO(pdfs["summary"])) as pdf:
        lists = [e for e in tree(pdf).walk() if e.role == "L"]
    assert lists
    for lst in lists:
        assert all(item.role == "LI" for item in lst.kids)
        for item in lst.kids:
            assert [k.role for k in item.kids] in (["Lbl", "LBody"], ["LBody"])


@pytest.mark.parametrize("kind", KINDS)
def test_running_heads_and_page_numbers_are_artifacts(pdfs, kind) -> None:
    data = pdfs[kind]
    words, furniture = words_by_mcid(data)
    total = len(furniture)
    content = " ".join(words.values())
    for number, printed in enumerate(furniture, start=1):
        assert f"Page {number} of {total}" in printed
        assert "Prepared with ReviewDesk" in printed
    assert not re.search(r"Page \d+ of \d+", content), "a page number read as content"


def test_contents_links_are_in_the_structure_with_a_description(pdfs) -> None:
    words, _ = words_by_mcid(pdfs["summary"])
    with pikepdf.open(io.BytesIO(pdfs["summary"])) as pdf:
        document = tree(pdf)
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        links = 0
        for pg in pdf.pages:
            for annot in pg.obj.get("/Annots", []):
                if annot.Subtype != "/Link":
                    continue
                links += 1
                assert str(annot.Contents).strip()
                element = parents[int(annot.StructParent)]
                assert element.S == "/Link"
                assert any(
                    k.get("/Obj") == annot for k in element.K if isinstance(k, pikepdf.Dictionary)
                )
        toc = [e for e in document.walk() if e.role == "TOC"]
        assert links >= 12
        assert len(toc) == 1 and all(item.role == "TOCI" for item in toc[0].kids)
        assert len(toc[0].kids) == links
        # Read straight after the "Contents" heading, though drawn once every page was known.
        before = document.kids[document.kids.index(toc[0]) - 1]
        assert before.role == "H1"
        assert "".join(words[m] for m in before.mcids).strip() == "Contents"


def test_a_summary_in_many_scripts_passes_and_reads_back_its_emoji(services, record) -> None:
    from tests.exports.test_scripts import (
        ARABIC,
        DEBIAN_FONTS,
        FONT_FILES,
        HEBREW,
        OPTIONS,
        OTHERS,
        URDU,
        _review,
    )

    if not all(Path(DEBIAN_FONTS, name).is_file() for name in FONT_FILES):
        pytest.skip("needs fonts-noto-core, fonts-wqy-zenhei and fonts-symbola (.ci/run)")
    review = _review(services, record, ARABIC, URDU, HEBREW, *OTHERS.values())
    data = services.exports.render(review.id, ExportFormat.PDF, OPTIONS)
    report = page.validate_pdf_bytes(data, profile="ua1")
    assert not [f"{f.rule_id}: {f.message}" for f in report.failures]
    # A character beyond U+FFFF is mapped to its UTF-16 pair, so it reads back as typed.
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    assert "🏠" in text.stdout.decode()
