"""Helpers for opening what was exported (pypdf for PDF, python-docx for Word)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewdesk.domain.exporting import ExportInput


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def squash(text: str) -> str:
    """Text without any whitespace: line wrapping never hides a phrase from a test."""
    return "".join(text.split())


def pdftotext(data: bytes, tmp_path: Path) -> str:
    """The text of each page, read by poppler column by column (the left half of the page, then
    the right: pdftotext's own reading order mixes two columns' lines), after the whole page's
    (the title band spans both columns)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(data)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    out = [whole]  # the title band spans the page
    for page in range(1, pages + 1):
        for x in (0, 298):  # A4 is 595 points wide
            crop = ["-f", str(page), "-l", str(page), "-x", str(x), "-y", "0", "-W", "297"]
            command = ["pdftotext", *crop, "-H", "842", str(pdf), "-"]
            out.append(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return "\n".join(out)


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    summary, _ = services.exchange.add_demo()
    return summary


@pytest.fixture
def demo_input(services, demo) -> ExportInput:  # type: ignore[no-untyped-def]
    return services.exports.input_for(demo.id)
