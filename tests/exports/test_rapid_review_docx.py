"""The rapid review for the Panel (issue 18, point 3), written through the real command line on
the demo with a decision in its log, then read with tools we did not write: python-docx for the
headings in the template's order and the tables, LibreOffice (headless) converting it without
repair, and poppler's pdftotext for the text a reader sees."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from reviewdesk.cli import main
from reviewdesk.domain.decisions import Decision, DecisionKind, Outcome, PanelResponse, Partner
from reviewdesk.domain.rapid_review import SECTIONS
from reviewdesk.services.analysis.rapid_review import RapidReviewService

REASONS = "Jordan Vale's presence was unknown to three agencies; the learning is multi-agency."


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    summary, _ = services.exchange.add_demo()
    for d in services.decisions.decisions(summary.id):  # the test's own decision stands alone
        services.decisions.delete_decision(d.id)
    services.decisions.add_decision(
        summary.id,
        Decision(
            kind=DecisionKind.RAPID_REVIEW,
            decided_on=date(2026, 3, 10),
            outcome=Outcome.LOCAL_REVIEW,
            reasons=REASONS,
            partners=tuple(Partner),
            taken_by="Director of Children's Services; Chief Nurse; Detective Superintendent",
            panel_response=PanelResponse.AGREED,
            panel_response_on=date(2026, 3, 24),
        ),
    )
    services.names.add(summary.id, "Jordan Vale", "Mother's partner")
    return summary


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_command_line_writes_the_template_filled_from_the_review(
    services, demo, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "rapid.docx"
    services.close()  # the command line opens the library itself
    code = main(["export", demo.reference, "--format", "rapid-review", "--output", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "rapid review" in capsys.readouterr().out

    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Case details",
        *(s.heading for s in SECTIONS),
        "10. Sign-off by the safeguarding partners",
    ]
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = _docx_text(out)
    # the case record, the chronology, the key practice episodes, the findings, the decision log
    assert "18 Feb 2026" in text  # the notification
    assert "within the 15 working days allowed" in text
    assert "Health visiting: 5 entries" in text
    assert "The bruise and the strategy discussion" in text
    assert "Information about a domestic-abuse incident" in text
    assert "A local child safeguarding practice review" in text
    assert "Agreed" in text and "Its final report is due by 10 Sep 2026" in text
    assert "Mother's partner's presence was unknown" in text  # the name key applied
    assert "Jordan Vale" not in text
    signed = [[c.text for c in row.cells] for row in doc.tables[-1].rows[1:]]
    assert [r[0] for r in signed] == ["Local authority", "Integrated care board", "Police"]
    assert all("Director of Children's Services" in r[1] and r[2] == "10 Mar 2026" for r in signed)
    assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_it_without_repair_and_all_the_text_is_there(
    services, demo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rapid = RapidReviewService(services)
    edited = {"context": "Child D's days were spent at home with Mother and Maternal grandmother."}
    out = rapid.export(demo.id, tmp_path / "rapid.docx", edits=edited)
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "rapid.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert "repair" not in (done.stdout + done.stderr).lower()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for spec in SECTIONS:
        assert spec.heading in flat
    assert "Child D's days were spent at home with Mother and Maternal grandmother." in flat
    assert "[What was daily life like" not in flat  # the edit replaced the prompt
    assert "Integrated care" in flat and "Detective Superintendent" in flat  # the sign-off
    assert "Page 1 of" in flat


def test_a_section_too_long_is_refused_kindly_and_nothing_is_written(
    services, demo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.errors import ValidationError

    rapid = RapidReviewService(services)
    out = tmp_path / "rapid.docx"
    with pytest.raises(ValidationError, match="can be up to 20,000 characters"):
        rapid.export(demo.id, out, edits={"learning": "x" * 20_001})
    assert not out.exists()
