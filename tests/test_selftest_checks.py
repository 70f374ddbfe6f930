"""The self-test's report and file checks, without Qt (the run itself: tests/gui)."""

from __future__ import annotations

import io
import os
import py_compile
import zipfile
from importlib.util import cache_from_source
from pathlib import Path
from types import ModuleType

import pytest

from reviewdesk.selftest import (
    Report,
    Skipped,
    check_docx,
    check_pdf,
    check_signature_support,
    export_formats,
)


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


def test_signature_support_must_be_loaded_from_the_bundles_byte_code(tmp_path: Path) -> None:
    """The installed app's check that shiboken6 used files.dir (installers/shiboken_files.py)."""
    package = tmp_path / "shiboken6" / "files.dir" / "shibokensupport"
    package.mkdir(parents=True)
    source = package / "__init__.py"
    source.write_text("SUPPORT = True\n", encoding="utf-8")
    cached = cache_from_source(str(source))
    unchecked = py_compile.PycInvalidationMode.UNCHECKED_HASH
    py_compile.compile(str(source), cfile=cached, invalidation_mode=unchecked)
    from_files = ModuleType("shibokensupport")
    from_files.__file__, from_files.__cached__ = str(source), cached
    assert check_signature_support({"shibokensupport": from_files, "os": os}) == (
        f"1 module, in {Path(cached).parent}"
    )

    # As shiboken6 loads it without files.dir: from the zip inside libshiboken6, compiled.
    from_zip = ModuleType("shibokensupport.signature")
    from_zip.__file__ = "shibokensupport/signature/__init__.py"
    modules = {"shibokensupport": from_files, "shibokensupport.signature": from_zip}
    with pytest.raises(Skipped, match="signature was compiled at start-up"):
        check_signature_support(modules)
    # Byte-code checked against the source's time: not what the bundle ships.
    py_compile.compile(
        str(source), cfile=cached, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP
    )
    with pytest.raises(Skipped, match="shibokensupport was compiled at start-up"):
        check_signature_support({"shibokensupport": from_files})
    with pytest.raises(AssertionError, match="without loading shibokensupport"):
        check_signature_support({"os": os})
