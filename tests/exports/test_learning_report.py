"""The yearly learning report (PDF, Word, CSV) over the hand-worked fixture library
(tests/learning_fixture.py): every theme, the right counts, no real names, no private notes."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from reviewdesk.domain.analysis import Finding
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.files import OutputExistsError
from tests.learning_fixture import (
    CONTRIBUTOR_NAME,
    FY,
    PRIVATE_CANARY,
    PSEUDONYM,
    REAL_NAME,
    build,
)

THEME_TITLES = (
    "Critical thinking and professional challenge through effective leadership and culture",
    "A whole-family approach to risk assessment and support",
    "Racial, ethnic and cultural identity and its impact on the child's lived experience",
    "Recognising and responding to the vulnerability of babies",
    "Domestic abuse and harm to children: working across services",
    "Keeping a focus on risks outside the family",
)


@pytest.fixture(scope="module")
def lib():
    library = build()
    yield library
    library.services.close()


@pytest.fixture(scope="module")
def rendered(lib) -> dict[ReportFormat, bytes]:
    return {fmt: lib.services.learning_report.render(FY, fmt)[1] for fmt in ReportFormat}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(data: bytes) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _no_leaks(text: str) -> None:
    assert REAL_NAME not in text and "Quillfeather" not in text
    assert PRIVATE_CANARY not in text
    assert CONTRIBUTOR_NAME not in text


def test_pdf_holds_every_theme_and_the_right_counts(rendered) -> None:
    reader = PdfReader(io.BytesIO(rendered[ReportFormat.PDF]))
    text = _pdf_text(rendered[ReportFormat.PDF])
    for title in THEME_TITLES:
        assert title in text, title
    # The chart's labels: significant in 2, 1, 0, 1, 1, 0 of the 4 reviews (worked out in
    # tests/services/test_dashboard.py).
    for label in ("2 of 4 (50%)", "1 of 4 (25%)", "0 of 4 (0%)"):
        assert label in text
    assert text.count("1 of 4 (25%)") == 3 and text.count("0 of 4 (0%)") == 1
    # The sixth theme nobody rated at all: "not rated", never 0% (issue 18, point 6).
    assert text.count("Not rated in any review") == 1
    # The table beside it: theme, significant, share, some relevance, findings.
    assert re.search(r"leadership and culture 2 50% 0 2", text)
    assert re.search(r"vulnerability of babies 1 25% 1 1", text)
    assert "Reviews covered 4" in text and "Actions 4 (2 overdue)" in text
    # The reviews covered, by reference (LCSPR-D is outside the period, SA-E is in the Trash).
    for ref in ("AUD-F", "LCSPR-A", "LCSPR-C", "RR-B"):
        assert ref in text
    assert "LCSPR-D" not in text and "SA-E" not in text
    # Still open: 3 actions not complete, 2 overdue; the impact evidence is there.
    assert "3 actions are not complete, 2 of them overdue." in text
    assert "9 of 10 files show reflection" in text
    # The name key applied, contributors by role, private notes never read.
    assert f"{PSEUDONYM} was seen rarely" in text
    _no_leaks(text)
    # The marking on every page; "Page x of y"; bookmarks; metadata without names.
    pages = reader.pages
    for n, page in enumerate(pages, start=1):
        page_text = page.extract_text()
        assert "OFFICIAL-SENSITIVE" in page_text
        assert f"Page {n} of {len(pages)}" in page_text
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Theme prevalence" in outline and "What is still open" in outline
    meta = reader.metadata
    assert meta.title == "Learning report: 1 April 2025 to 31 March 2026"
    _no_leaks(" ".join(str(v) for v in meta.values()))


def test_word_has_real_headings_and_tables(rendered) -> None:
    doc = Document(io.BytesIO(rendered[ReportFormat.DOCX]))
    headings = {p.text: p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert headings["Theme prevalence"] == "Heading 1"
    assert headings["What is still open"] == "Heading 1"
    for i, title in enumerate(THEME_TITLES, start=1):
        assert headings[f"{i}. {title}"] == "Heading 2"
    tables = {t.rows[0].cells[0].text: t for t in doc.tables}
    themes = tables["Theme"]
    rows = [[c.text for c in r.cells] for r in themes.rows[1:]]
    assert [r[1:] for r in rows] == [
        ["2", "50%", "0", "2"],
        ["1", "25%", "0", "1"],
        ["0", "0%", "0", "0"],
        ["1", "25%", "1", "1"],
        ["1", "25%", "0", "1"],
        ["0", "Not rated", "0", "0"],  # nobody rated it: not a 0% (issue 18, point 6)
    ]
    reviews = [r.cells[0].text for r in tables["Reference"].rows[1:]]
    assert reviews == ["AUD-F", "LCSPR-A", "LCSPR-C", "RR-B"]
    everything = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert f"{PSEUDONYM}'s home" in everything
    _no_leaks(everything)
    header = doc.sections[0].header.paragraphs[0].text
    assert header == "OFFICIAL-SENSITIVE"
    _no_leaks(doc.core_properties.title + doc.core_properties.author)


def test_csv_is_one_tidy_table(rendered) -> None:
    data = rendered[ReportFormat.CSV]
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert all(None not in r and len(r) == 11 for r in rows)  # every row fills the 11 columns
    prevalence = {
        (r["Theme"], r["Item"]): int(r["Count"]) if r["Count"] else None
        for r in rows
        if r["Section"] == "Theme prevalence"
    }
    assert prevalence[(THEME_TITLES[0], "Rated significant")] == 2
    assert prevalence[(THEME_TITLES[0], "Share rated significant (%)")] == 50
    assert prevalence[(THEME_TITLES[3], "Some relevance")] == 1
    assert prevalence[(THEME_TITLES[4], "Findings")] == 1
    assert prevalence[(THEME_TITLES[5], "Reviews in the period")] == 4
    assert prevalence[(THEME_TITLES[5], "Share rated significant (%)")] is None  # not rated
    assert prevalence[(THEME_TITLES[2], "Share rated significant (%)")] == 0  # rated, not sig.
    sections = [r["Section"] for r in rows]
    assert sections.count("Review") == 4
    # Findings: A's F1 (2 themes) + A's F2 + B's F1 (2 themes) = 5 rows; the removed F3 is out.
    assert sections.count("Finding") == 5
    assert sections.count("Action") == 4
    overdue = [r["Text"] for r in rows if r["Section"] == "Action" and r["Overdue"] == "Yes"]
    assert sorted(overdue) == ["Audit supervision records.", "Share call-outs with schools."]
    _no_leaks(data.decode("utf-8-sig"))


def test_csv_cells_cannot_run_as_formulas(lib) -> None:
    s = lib.services
    s.findings.add_finding(
        lib.ids["RR-B"],
        Finding("", "=HYPERLINK(1)", theme_ids=("identity",)),
    )
    _, data = s.learning_report.render(FY, ReportFormat.CSV)
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert not any(line.startswith("=") or ",=" in line for line in text.splitlines())


def test_export_writes_once_and_is_audited(lib, tmp_path: Path) -> None:
    s = lib.services
    out = tmp_path / "report.pdf"
    s.learning_report.export(FY, ReportFormat.PDF, out)
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(OutputExistsError):
        s.learning_report.export(FY, ReportFormat.PDF, out)
    entry = s.audit.entries(limit=1)[0]
    assert entry.action == "report.exported" and entry.label == "Learning report exported"
    assert "period 2025-04-01 to 2026-03-31" in entry.details
    assert "LCSPR-A" in entry.details and "SA-E" not in entry.details


def test_an_empty_period_is_refused_kindly(lib, tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    with pytest.raises(ValidationError, match="no reviews in the period"):
        lib.services.learning_report.export(
            Period(date(2010, 1, 1), date(2010, 12, 31)), ReportFormat.CSV, out
        )
    assert not out.exists()
