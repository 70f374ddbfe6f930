"""The review papers in the learning summary (issue 18, point 4): terms of reference and key
lines of enquiry, the family's involvement (not by name unless chosen), the parallel processes,
a finding's pattern evidence, a recommendation's owner and response, and each action's impact
log, in the PDF (poppler's pdftotext) and Word (python-docx); none of it in the 7-minute
briefing."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from reviewdesk.domain.analysis import ImpactEntry, ImpactKind
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.papers import (
    FamilyContribution,
    FamilyWay,
    ParallelProcess,
    ProcessKind,
    TermsOfReference,
)

OPTIONS = ExportOptions(prepared_on=date(2026, 11, 28))
NAME = "Elsie Varga-Thorne"  # a fictional grandmother, written by name in the log
VIEWS = "She felt nobody asked who was living in the flat."
TERMS = "The review looks at the twelve months before the incident."
LINE = "How did agencies learn who lived in the household?"
PROCESS_NOTE = "Police asked that interviews wait until charging decisions."
PATTERN = "The same gap appeared in two other local reviews this year."
IMPACT = "Audit of 20 files: 18 recorded the household at every contact."


@pytest.fixture
def review(services, tmp_path: Path):  # type: ignore[no-untyped-def]
    summary, _new = services.exchange.add_demo()
    rid = summary.id
    services.papers.save_terms(
        rid, TermsOfReference(TERMS, (LINE, "What helped the family?"), date(2026, 4, 2))
    )
    services.papers.add_family(
        rid,
        FamilyContribution(
            "Mother", date(2026, 4, 10), FamilyWay.MET_REVIEWER, date(2026, 5, 1), VIEWS,
            notes="LEAD-ONLY-NOTE about support offered",
        ),
    )  # fmt: skip
    services.papers.add_family(rid, FamilyContribution(NAME, date(2026, 4, 10), FamilyWay.DECLINED))
    services.papers.add_process(
        rid,
        ParallelProcess(
            ProcessKind.CRIMINAL, "Eastmere Police", date(2026, 3, 1), notes=PROCESS_NOTE
        ),
    )
    action = next(a for a in services.actions.actions(rid) if "who lives here" in a.description)
    services.papers.add_impact(
        action.id, ImpactEntry(date(2026, 10, 30), IMPACT, ImpactKind.AUDIT_6_MONTHS)
    )
    finding = services.findings.analysis(rid).findings[0]
    services.findings.edit_finding(finding.id, replace(finding, pattern_evidence=PATTERN))
    return rid


def _pdf(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_the_summary_pdf_prints_the_papers(services, review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = _pdf(services.exports.render(review, ExportFormat.PDF, OPTIONS), tmp_path, "s.pdf")
    for expected in (
        "Terms of reference", TERMS, "Key lines of enquiry", LINE, "Agreed 2 Apr 2026",
        "Family involvement", "2 of the 2 family members in the log were invited", "1 took part",
        "Family member 1", "Met the reviewer", VIEWS, "Family member 2", "Chose not to take part",
        "Parallel processes", "Criminal", "Eastmere Police", PROCESS_NOTE,
        "Impact log", IMPACT, "Audit at 6 months",
        "How we know it is a pattern", PATTERN,
    ):  # fmt: skip
        assert expected in text, expected
    assert NAME not in text  # no family member's name unless chosen
    assert "LEAD-ONLY-NOTE" not in text  # the lead's notes stay in the library
    named = services.exports.render(review, ExportFormat.PDF, replace(OPTIONS, family_names=True))
    assert NAME in _pdf(named, tmp_path, "named.pdf")


def test_the_summary_word_prints_the_papers_in_sections(services, review) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(services.exports.render(review, ExportFormat.DOCX, OPTIONS)))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("The review", "Terms of reference", "Family involvement",
                    "Parallel processes", "Impact log"):  # fmt: skip
        assert heading in heads, heading
    assert heads.index("The review") < heads.index("Findings")
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert TERMS in body and LINE in body
    assert VIEWS in cells and PROCESS_NOTE in cells and IMPACT in cells
    assert "Family member 2" in cells and NAME not in cells and NAME not in body


def test_the_briefing_holds_none_of_the_papers(services, review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = _pdf(services.exports.render(review, ExportFormat.BRIEFING, OPTIONS), tmp_path, "b.pdf")
    data = services.exports.render(review, ExportFormat.BRIEFING_DOCX, OPTIONS)
    doc = Document(io.BytesIO(data))
    word = " ".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )
    for text in (pdf, word):
        for absent in (TERMS, LINE, VIEWS, PROCESS_NOTE, IMPACT, "Family involvement",
                       "Parallel processes", "Terms of reference", NAME):  # fmt: skip
            assert absent not in text, absent
