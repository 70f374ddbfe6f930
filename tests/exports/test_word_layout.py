"""Word files that look made for an English council (issue 17, point 4), read back with
python-docx and, where it is installed, converted by LibreOffice and read with poppler.

The demo summary (with the demo's chronology and episodes) and the learning report over the
hand-worked fixture library: A4 with 2.54 cm margins on every section, true core properties and
no template leftovers, en-GB, a real TOC field with its entries, tables whose columns fit their
content with rows kept whole and the header repeated, and the timeline as a picture with alt text.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from reviewdesk.domain.exporting import ExportOptions
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.exports import printed
from reviewdesk.exports.summary_docx import render_summary_docx
from tests.learning_fixture import FY, build

TOC = 'TOC \\o "1-3" \\h \\z \\u'
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    library = build()
    try:
        return library.services.learning_report.render(FY, ReportFormat.DOCX)[1]
    finally:
        library.services.close()


@pytest.fixture
def summary_docx(demo_input) -> bytes:
    assert demo_input.chronology, "the demo review has a chronology"
    return render_summary_docx(demo_input, ExportOptions(marking="OFFICIAL"))


def _both(summary_docx: bytes, report_docx: bytes) -> list[tuple[str, bytes]]:
    return [("summary", summary_docx), ("learning report", report_docx)]


def test_a4_uk_margins_true_properties_and_no_template_leftovers(
    summary_docx, report_docx, demo_input
) -> None:
    for name, data in _both(summary_docx, report_docx):
        document = Document(io.BytesIO(data))
        for section in document.sections:
            assert (section.page_width.twips, section.page_height.twips) == (11906, 16838), name
            for margin in ("top", "bottom", "left", "right"):
                assert abs(getattr(section, f"{margin}_margin") - Cm(2.54)) < 400, (name, margin)
        props = document.core_properties
        now = datetime.now(UTC)
        for when in (props.created, props.modified):
            assert when is not None and abs(when.replace(tzinfo=UTC) - now) < timedelta(minutes=5)
        assert props.author == "" and props.last_modified_by == "", name
        assert "python-docx" not in (props.comments or "")
        assert props.language == "en-GB"
        package = zipfile.ZipFile(io.BytesIO(data))
        app = package.read("docProps/app.xml").decode()
        assert "Macintosh" not in app and "<Application>ReviewDesk</Application>" in app
        leftovers = {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/item1.xml"}
        assert not leftovers & set(package.namelist()), name
        settings = document.settings.element
        update = settings.find(qn("w:updateFields"))
        assert update is not None and update.get(qn("w:val")) == "true"
        mode = '//w:compatSetting[@w:name="compatibilityMode"]/@w:val'
        assert etree.ElementBase.xpath(settings, mode, namespaces=NS) == ["15"]
        defaults = document.styles.element.find(qn("w:docDefaults"))
        lang = "w:rPrDefault/w:rPr/w:lang/@w:val"
        assert etree.ElementBase.xpath(defaults, lang, namespaces=NS) == ["en-GB"]
        for heading in ("Heading 1", "Heading 2", "Heading 3"):
            assert document.styles[heading].paragraph_format.keep_with_next, heading
    summary = Document(io.BytesIO(summary_docx)).core_properties
    assert summary.title == f"Learning summary: {demo_input.document.record.title}"
    report = Document(io.BytesIO(report_docx)).core_properties
    assert report.title.startswith("Learning from our reviews: ")


def test_contents_is_a_real_toc_field_listing_every_heading(summary_docx, report_docx) -> None:
    for name, data in _both(summary_docx, report_docx):
        document = Document(io.BytesIO(data))
        body = document.element.body
        instructions = ["".join(t.text for t in body.iter(qn("w:instrText")))]
        assert TOC in instructions[0], name
        headings = [
            " ".join(p.text.split())
            for p in document.paragraphs
            if p.style.name in ("Heading 1", "Heading 2", "Heading 3") and p.text.strip()
        ]
        entries = [
            " ".join(p.text.split()) for p in document.paragraphs if p.style.name.startswith("toc ")
        ]
        assert entries == headings and len(entries) > 10, name
        bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
        anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
        assert anchors and set(anchors) <= bookmarks, name
        assert not any("right-click" in p.text for p in document.paragraphs), name


def _twips(element, path: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(v) for v in element.xpath(path)]


def test_tables_fit_their_content_rows_never_split_header_repeats(
    summary_docx, report_docx
) -> None:
    for name, data in _both(summary_docx, report_docx):
        document = Document(io.BytesIO(data))
        section = document.sections[0]
        room = (section.page_width - section.left_margin - section.right_margin) / 635
        assert document.tables, name
        for table in document.tables:
            tbl = table._tbl
            assert tbl.xpath("w:tblPr/w:tblLayout/@w:type") == ["fixed"], name
            grid = _twips(tbl, "w:tblGrid/w:gridCol/@w:w")
            assert abs(sum(grid) - room) < 20, (name, grid, room)
            assert _twips(tbl, "w:tblPr/w:tblW/@w:w") == [sum(grid)]
            for row in tbl.tr_lst:
                assert row.xpath("w:trPr/w:cantSplit"), name
                assert _twips(row, "w:tc/w:tcPr/w:tcW/@w:w") == grid, name
            assert tbl.tr_lst[0].xpath("w:trPr/w:tblHeader"), name
    chronology = next(
        t
        for t in Document(io.BytesIO(summary_docx)).tables
        if [c.text for c in t.rows[0].cells] == ["Date", "Agency", "What happened", "Source"]
    )
    widths = _twips(chronology._tbl, "w:tblGrid/w:gridCol/@w:w")
    assert widths[2] == max(widths) and widths[2] > 0.4 * sum(widths), widths
    assert widths[0] > 0.13 * sum(widths), "a date such as 'September 2025' fits on one line"


def test_the_timeline_is_a_picture_with_alt_text_the_check_reads(summary_docx) -> None:
    document = Document(io.BytesIO(summary_docx))
    pictures = document.inline_shapes
    assert len(pictures) == 1
    section = document.sections[0]
    assert abs(pictures[0].width - (section.page_width - 2 * section.left_margin)) < 12700
    doc_pr = pictures[0]._inline.find(f"{WP}docPr")
    assert doc_pr.get("title") == "Timeline of the chronology"
    alt = doc_pr.get("descr")
    assert alt.startswith("Timeline of the chronology from March 2025 to ")
    assert "Health visiting" in alt and "key practice episodes" in alt
    blob = pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    png = document.part.related_parts[blob].blob
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.width > 1000  # 200 dpi across the page
    dark = sum(image.histogram()[:128])
    assert dark > 2000  # marks, labels and the axis were painted
    frame = next(p for p in document.paragraphs if p._p.xpath(".//w:drawing"))
    assert frame.paragraph_format.keep_with_next  # with its legend
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Timeline" in headings and "Entries" in headings
    # The publication check reads the alt text as part of the document.
    parts = printed.docx_parts(summary_docx)
    assert any(p.where.startswith("Picture") and alt in p.text for p in parts)


@pytest.mark.slow  # LibreOffice converts two files: its file runs first (tests/conftest.py)
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
def test_libreoffice_converts_both_without_repair(summary_docx, report_docx, tmp_path) -> None:
    files = []
    for name, data in (("summary", summary_docx), ("report", report_docx)):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        files.append(path)
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + [str(f) for f in files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    for path in files:
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), result.stdout + result.stderr
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "(A4)" in info, info
        pages = _pages(pdf)
        contents = next(p for p in pages if "Contents" in [line.strip() for line in p.split("\n")])
        assert "Case overview" in contents or "The reviews covered" in contents
    summary = _pages(tmp_path / "summary.pdf")
    chronology = next(p for p in summary if "What happened" in p and "Timeline" in p)
    assert "Each row is an agency" in " ".join(chronology.split())


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return text.stdout.split("\f")
