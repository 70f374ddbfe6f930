"""The learning report's counts by the case record for analysis (issue 18, point 5): special
category data, so left out unless the person writing the report chooses them; when chosen, a
marked section counts the period's reviews by each category as the dashboard does, with counts
from 1 to 4 printed as "fewer than 5". Read back with poppler's pdftotext and python-docx."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document

from reviewdesk.domain.casefile import CaseDetails, HarmType, IncidentKind
from reviewdesk.domain.dashboard import Period
from reviewdesk.domain.learning_report import ReportFormat
from reviewdesk.domain.review import CaseRecord, KeyDates
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF

FY = Period(date(2025, 4, 1), date(2026, 3, 31))
TITLE = "The case record for analysis (special-category data)"


@pytest.fixture
def lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    now = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    s = open_services(resolve_paths(tmp_path / "lib"), kdf=FAST_TEST_KDF, clock=lambda: now)
    # Six reviews notified in 2025/26: five of neglect (serious harm), one physical abuse (a
    # death). Neglect, 5, is printed; physical abuse and death, 1 each, are not.
    for n in range(6):
        review = s.reviews.create(
            CaseRecord(
                f"CR-{n}",
                f"Review CR-{n} (fictional)",
                dates=KeyDates(notification=date(2025, 6, 1 + n)),
            )
        )
        details = (
            CaseDetails(IncidentKind.DEATH, HarmType.PHYSICAL_ABUSE)
            if n == 0
            else CaseDetails(IncidentKind.SERIOUS_HARM, HarmType.NEGLECT)
        )
        s.case_details.save_details(review.id, details)
    yield s
    s.close()


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_pdf_leaves_the_case_record_out_unless_chosen(lib, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plain = _pdf_text(lib.learning_report.export(FY, ReportFormat.PDF, tmp_path / "plain.pdf"))
    assert "Reviews covered 6" in plain
    for absent in (TITLE, "SPECIAL-CATEGORY DATA", "Neglect", "fewer than 5", "Harm type"):
        assert absent not in plain, absent
    chosen = _pdf_text(
        lib.learning_report.export(FY, ReportFormat.PDF, tmp_path / "chosen.pdf", case_record=True)
    )
    assert TITLE in chosen and "SPECIAL-CATEGORY DATA" in chosen
    assert "chose to include it" in chosen
    assert "Neglect 5" in chosen and "Serious harm 5" in chosen
    assert (
        "Physical abuse or non-accidental injury fewer than 5" in chosen
        and "Death fewer than 5" in chosen
    )
    assert "non-accidental injury 1" not in chosen and "Death 1" not in chosen
    assert "Ethnicity" in chosen and "Legal status" in chosen  # every category, even unrecorded
    assert "Not recorded 6" in chosen  # nobody recorded the children's categories


def test_word_leaves_it_out_unless_chosen_and_suppresses_small_numbers(lib) -> None:  # type: ignore[no-untyped-def]
    def tables(data: bytes) -> tuple[list[str], list[list[str]]]:
        doc = Document(io.BytesIO(data))
        heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
        return heads, rows

    _report, plain = lib.learning_report.render(FY, ReportFormat.DOCX)
    heads, rows = tables(plain)
    assert TITLE not in heads and ["Neglect", "5"] not in rows
    _report, chosen = lib.learning_report.render(FY, ReportFormat.DOCX, case_record=True)
    heads, rows = tables(chosen)
    assert TITLE in heads and "Harm type" in heads
    assert ["Neglect", "5"] in rows and [
        "Physical abuse or non-accidental injury",
        "fewer than 5",
    ] in rows
    assert ["Physical abuse or non-accidental injury", "1"] not in rows
