"""Text is wrapped, never cut, and review references never break (issue 17, point 5).

Read back with poppler's pdftotext and python-docx: a long chronology entry cited as a finding's
evidence prints in full with no ellipsis of ours, in the PDF and in Word; a long agency name is
printed whole beside the timeline; and in the learning report's tables every review reference
prints on one line, however narrow its column.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from datetime import date

from docx import Document

from reviewdesk.domain.analysis import (
    Action,
    ChronologyEntry,
    EvidenceKind,
    EvidenceLink,
    Finding,
    Recommendation,
)
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.domain.review import CaseRecord, KeyDates, ReviewStatus, ReviewType
from tests.learning_fixture import FY
from tests.learning_fixture import build as build_fixture

ON = date(2026, 11, 28)
LONG_ENTRY = (
    "Health visitor calls to rearrange the missed contact; Mother says the baby is staying with "
    "her partner's sister for a few days while the flat is repaired, and gives a new address "
    "that nobody records on the child's file until the following week (fictional closing words)"
)
LONG_AGENCY = "Eastmere and Northvale Integrated Community Health Services Trust"


def pdftotext(data: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def squash(text: str) -> str:
    return "".join(text.split())


def test_long_evidence_prints_in_full_in_pdf_and_word(services, record) -> None:
    summary = services.reviews.create(replace(record, agencies=(*record.agencies, LONG_AGENCY)))
    entry = services.chronology.add_entry(
        summary.id, ChronologyEntry(date(2026, 1, 12), LONG_ENTRY, agency=LONG_AGENCY)
    )
    services.findings.add_finding(
        summary.id,
        Finding(
            "",
            "Where a baby was staying was not known to every agency.",
            links=(EvidenceLink(EvidenceKind.ENTRY, entry.id),),
        ),
    )
    pdf = pdftotext(
        services.exports.render(summary.id, ExportFormat.PDF, ExportOptions(prepared_on=ON))
    )
    findings = pdf[pdf.rindex("Findings") :]
    assert squash(f"Chronology entry: 12 Jan 2026, {LONG_AGENCY}: {LONG_ENTRY}") in squash(findings)
    assert "…" not in pdf  # nothing of ours is shortened with an ellipsis
    assert squash(LONG_AGENCY) in squash(pdf[pdf.index("Timeline") : pdf.index("Entries")])

    doc = Document(
        io.BytesIO(
            services.exports.render(summary.id, ExportFormat.DOCX, ExportOptions(prepared_on=ON))
        )
    )
    words = "\n".join(p.text for p in doc.paragraphs)
    words += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert f"12 Jan 2026, {LONG_AGENCY}: {LONG_ENTRY}" in words
    assert "…" not in words


def test_review_references_never_break_in_the_learning_report() -> None:
    library = build_fixture()
    s = library.services
    references = ("SAR-2024-01/07", "LCSPR-2025-0107-NV", "CPRE-2025-00042")
    try:
        for reference in references:
            review = s.reviews.create(
                CaseRecord(
                    reference=reference,
                    title=f"Review {reference} (fictional)",
                    review_type=ReviewType.SINGLE_AGENCY,
                    status=ReviewStatus.ANALYSIS,
                    dates=KeyDates(notification=date(2025, 9, 1)),
                )
            )
            finding = s.findings.add_finding(
                review.id, Finding("", "Plans were not shared.", theme_ids=("whole-family",))
            )
            rec = s.findings.add_recommendation(
                review.id, Recommendation("", "Share every plan.", finding_ids=(finding.id,))
            )
            s.actions.add_action(
                review.id,
                Action(
                    "Audit a sample of plans for sharing with every agency involved.",
                    due=date(2025, 12, 1),
                    recommendation_id=rec.id,
                    owner_agency="Children's social care",
                    owner_role="Head of service",
                    impact_evidence="Audit in November: most plans shared.",
                ),
            )
        _, data = s.learning_report.render(FY, ReportFormat.PDF)
        _, word = s.learning_report.render(FY, ReportFormat.DOCX)
    finally:
        s.close()
    # Word: each reference cell reads as the reference, its hyphens Word's non-breaking ones.
    cells = [c for t in Document(io.BytesIO(word)).tables for row in t.rows for c in row.cells]
    for reference in references:
        held = [c for c in cells if c.text == reference]
        assert held, reference
        assert all(c._tc.xml.count("<w:noBreakHyphen/>") == reference.count("-") for c in held)
    text = pdftotext(data)
    for reference in references:
        printed = squash(text).count(squash(reference))
        assert printed >= 4, reference  # the reviews table and the actions, impact, open tables
        on_one_line = sum(line.count(reference) for line in text.splitlines())
        assert on_one_line == printed, f"{reference} breaks across lines"
    # Every reference of the fixture's own reviews, too.
    for broken in re.findall(r"\b[A-Z]{2,6}-\d{4}-?\s*\n\s*\d", text):
        raise AssertionError(f"a reference breaks: {broken!r}")
