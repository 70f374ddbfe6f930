"""The self-test's report and file checks, without Qt (the run itself: tests/gui)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reviewdesk.selftest import Report, Skipped, check_docx, check_pdf, export_formats


def test_a_skip_is_never_a_pass() -> None:
    def not_yet() -> str:
        raise Skipped("not in this version")

    out = io.StringIO()
    report = Report(out)
    report.check("PDF export", not_yet)
    assert report.finish(0.1) == 1  # nothing passed: that is not a working install
    assert "SKIP  PDF export: not in this version" in out.getvalue()
    assert "Result: FAIL. 0 passed, 0 failed, 1 skipped" in out.getvalue()


def test_one_failure_fails_the_whole_report() -> None:
    out = io.StringIO()
    report = Report(out)
    assert report.check("Library", lambda: "fine") is True
    assert report.check("Window", lambda: 1 / 0) is False
    assert report.finish(0.1) == 1
    text = out.getvalue()
    assert "PASS  Library: fine" in text and "FAIL  Window: ZeroDivisionError" in text
    assert "Details for 'Window'" in text


def test_a_console_that_cannot_show_a_character_still_gets_the_line() -> None:
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    report = Report(console)
    report.add("PASS", "Library", "C:\\Users\\Siân\\AppData")
    console.flush()
    assert b"PASS  Library: C:\\Users\\Si?n\\AppData" in raw.getvalue()


def test_pdf_check(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "a.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(3):
        pdf.drawString(72, 720, "Child D (fictional)")
        pdf.showPage()
    pdf.save()
    assert check_pdf(path).endswith("3 pages")
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(AssertionError, match="cut short"):
        check_pdf(path)
    path.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(AssertionError, match="%PDF"):
        check_pdf(path)


def test_docx_check(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("word/document.xml", "<w:document><w:body><w:t>Child D</w:t></w:body>")
    assert "1 runs of text" in check_docx(path)
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(AssertionError, match=r"word/document\.xml"):
        check_docx(path)
    path.write_text("plain text", encoding="utf-8")
    with pytest.raises(AssertionError, match="not a Word"):
        check_docx(path)


def test_export_formats_are_read_from_the_command_line() -> None:
    from reviewdesk.cli import build_parser

    assert "json" in export_formats(build_parser)
