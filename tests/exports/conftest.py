"""Helpers for opening what was exported (pypdf for PDF, python-docx for Word)."""

from __future__ import annotations

import io

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


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    summary, _ = services.exchange.add_demo()
    return summary


@pytest.fixture
def demo_input(services, demo) -> ExportInput:  # type: ignore[no-untyped-def]
    return services.exports.input_for(demo.id)
