"""The demo review's analysis, read from the library, in every document: each section of the
PDF summary (with the timeline drawing), the Word tables and the briefing's findings."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from pypdf import PdfReader

from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from tests.exports.conftest import pdf_pages, squash

ON = date(2026, 11, 28)


def test_the_pdf_shows_each_section_of_the_analysis(services, demo) -> None:
    data = services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(prepared_on=ON))
    pages = pdf_pages(data)
    text = squash("\n".join(pages))
    for phrase in (
        "Chronology",
        "Timeline",
        "KPE 1",  # the drawing's labels are text in the PDF
        "Children's social care",
        "Officers attend after a neighbour reports shouting",
        "Key practice episodes",
        "The police call-out and where the information went",
        "Standard-risk notifications went to children's social care only",
        "Findings",
        "F4. Good practice",
        "Question for the partnership: How can the partnership make sure",
        "Chronology entry: 22 Nov 2025, Police",
        "Recommendations and actions",
        "R3",
        "(from F3, F4)",
        "Action plan",
        "Not started (overdue)",
        "July 2026 audit: 23 of 23",
    ):
        assert squash(phrase) in text, phrase
    assert "Morwenna" not in text  # evidence names contributors by role, never by name
    timeline_page = next(i for i, p in enumerate(pages) if "KPE 1" in p)
    assert PdfReader(io.BytesIO(data)).pages[timeline_page].extract_text().count("KPE") >= 2
    outline = [o.title for o in PdfReader(io.BytesIO(data)).outline if not isinstance(o, list)]
    assert {"Chronology", "Key practice episodes", "Findings"} <= set(outline)


def test_the_word_document_and_briefing_carry_the_analysis(services, demo) -> None:
    data = services.exports.render(demo.id, ExportFormat.DOCX, ExportOptions(prepared_on=ON))
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert {"Chronology", "Key practice episodes", "Findings", "Action plan"} <= set(headings)
    tables = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Date", "Agency", "What happened", "Source"] in tables
    chronology = next(t for t in doc.tables if t.rows[0].cells[0].text == "Date")
    assert len(chronology.rows) == 1 + len(services.chronology.entries(demo.id))
    briefing = squash("\n".join(pdf_pages(services.exports.render(demo.id, ExportFormat.BRIEFING))))
    assert squash("What the partnership has agreed to do") in briefing
    assert squash("How do our services keep an up-to-date picture") in briefing
