"""The 7-minute briefing (one page, two at most) and the Word summary (real headings, tables)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import docx
from pypdf import PdfReader

from reviewdesk.domain.analysis import Action, ChronologyEntry, Finding
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.exports.briefing_pdf import fitted, render_briefing_pdf
from reviewdesk.exports.summary_docx import render_summary_docx
from tests.exports.conftest import pdf_pages, squash

SECTIONS = (
    "The case in brief",
    "What happened",
    "Why it matters",
    "What we found",
    "What practitioners should do",
    "Questions for teams",
    "Where to find more",
)


def test_the_demo_briefing_is_one_page_with_every_section(demo_input) -> None:
    pages = pdf_pages(render_briefing_pdf(demo_input, ExportOptions()))
    assert len(pages) == 1
    text = pages[0]
    for heading in SECTIONS:
        assert heading in text
    assert text.count("OFFICIAL-SENSITIVE") == 2
    assert "February 2026" in text  # dates generalised to month and year
    assert "14 Feb 2026" not in text
    assert "Risks outside the family" not in text  # rated not relevant by everyone who rated it


def test_findings_and_actions_lead_the_briefing_when_they_exist(demo_input) -> None:
    full = replace(
        demo_input,
        findings=(
            Finding("F1", "New adults in a household reach the record late.",
                    theme_ids=("whole-family",), question="How do we hear about new adults?"),
        ),
        actions=(Action("Ask who lives in and visits the home at every contact.",
                        owner_agency="Health visiting"),),
    )  # fmt: skip
    text = squash(pdf_pages(render_briefing_pdf(full, ExportOptions()))[0])
    assert squash("New adults in a household reach the record late.") in text
    assert squash("How do we hear about new adults?") in text
    assert squash("What the partnership has agreed to do:") in text
    assert squash("Ask who lives in and visits the home at every contact.") in text


def test_a_huge_review_is_never_cut_and_says_it_does_not_fit(services, demo_input) -> None:
    doc = demo_input.document
    long = "A very long piece of key learning that goes on. " * 400
    contributors = (
        tuple(
            replace(
                w,
                assessments=tuple(replace(a, key_learning=long) for a in w.assessments),
            )
            for w in doc.contributors
        )
        * 30
    )
    record = replace(doc.record, agencies=tuple(f"Agency {i}" for i in range(300)))
    huge = ExportInput(
        replace(doc, contributors=contributors, record=record),
        findings=tuple(
            Finding(f"F{i}", long, theme_ids=("babies",), question=long) for i in range(40)
        ),
        actions=tuple(Action(long) for _ in range(50)),
        chronology=tuple(ChronologyEntry(date(2025, 1, 1), long) for _ in range(100)),
    )
    data = render_briefing_pdf(huge, ExportOptions())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "…" not in text  # nothing shortened: it runs on instead, and the lead is told
    # Three findings, each printed whole (a sentence split by a page break counts once less).
    assert squash(text).count(squash("A very long piece of key learning that goes on.")) >= 1190
    assert "37 more findings are in the full review." in text
    assert not fitted(huge, ExportOptions())[1].fits


def test_an_empty_review_briefs_gracefully(services, record) -> None:
    summary = services.reviews.create(record)
    pages = pdf_pages(render_briefing_pdf(services.exports.input_for(summary.id), ExportOptions()))
    assert len(pages) == 1
    assert "No findings or key learning have been recorded yet." in pages[0]


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_word_has_real_headings_tables_and_the_marking(demo_input) -> None:
    full = replace(
        demo_input,
        chronology=(ChronologyEntry(date(2025, 11, 22), "Police call-out.", "Police"),),
        actions=(Action("Add a household question", owner_agency="Health visiting"),),
    )
    document = _open(render_summary_docx(full, ExportOptions(marking="OFFICIAL")))
    styles = [p.style.name for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Heading 2" in styles and "Heading 3" in styles
    for theme in demo_input.document.framework.themes:
        assert theme.title in headings
    assert {"Case overview", "Chronology", "Recommendations and actions"} <= set(headings)
    tables = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Date", "Agency", "What happened", "Source"] in tables
    assert ["Action", "Owner", "Due", "Status", "How we will know it worked"] in tables
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL"
    footer = [p.text for p in section.footer.paragraphs]
    assert "OFFICIAL" in footer
    assert any(p.startswith("Page ") for p in footer)
    props = document.core_properties
    assert props.title == f"Learning summary: {demo_input.document.record.title}"
    assert "DEMO-2026-01" in props.subject
    assert props.author == "" and props.last_modified_by == ""  # never a person
    body = "\n".join(p.text for p in document.paragraphs)
    for work in demo_input.document.contributors:
        assert work.contributor.name not in body  # by role by default
        for a in work.assessments:
            if a.key_learning:
                assert a.key_learning in body


def test_word_accepts_text_python_docx_would_refuse(services, record) -> None:
    summary = services.reviews.create(record)
    c = services.reviews.add_contributor(summary.id, "A", "Role\x07", "Agency")
    services.reviews.save_answer(c.id, "babies-seen", "Bell\x07 and \x1b escape <b>bold</b> & co")
    document = _open(render_summary_docx(services.exports.input_for(summary.id), ExportOptions()))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Bell and  escape <b>bold</b> & co" in body
