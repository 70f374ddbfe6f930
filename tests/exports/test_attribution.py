"""Documents that leave the review team protect the people who wrote in them (issue 17, point 8):
contributors by role alone (never a name, never an agency beside the role), no counts of what
each answered, and a publication check that warns when a role and agency is one person.
Read back with poppler's pdftotext and python-docx."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

from docx import Document

from reviewdesk.domain.exporting import ExportFormat, ExportOptions

ON = date(2026, 11, 28)
COUNT = re.compile(r"\b\d+ of \d+\b(?! (?:practice )?themes)")  # "9 of 42" (not "4 of the 6...")


def pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _answer_counts(text: str) -> list[str]:
    """Every "x of y" that is not a page number, a share of contributors' ratings, or the
    lead's own words (the demo's impact evidence: "audit: 23 of 23 notifications")."""
    text = re.sub(r"Page \d+ of \d+", "", text)
    text = text.replace("audit: 23 of 23", "")
    text = re.sub(r"(?:for|by) \d+ of \d+", "", text)  # "Significant for 1 of 3" (ratings)
    return COUNT.findall(text)


def test_a_summary_for_publication_shows_roles_alone_and_no_answer_counts(services, demo) -> None:
    document = services.reviews.get(demo.id)
    people = [w.contributor for w in document.contributors]
    inside = pdftotext(
        services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(prepared_on=ON))
    )
    assert "Prompts answered" in inside and _answer_counts(inside)  # the team's own copy
    # Asked for names too: a document for publication still shows roles alone.
    options = ExportOptions(prepared_on=ON, publication=True, show_names=True)
    text = pdftotext(services.exports.render(demo.id, ExportFormat.PDF, options))
    assert "Prompts answered" not in text
    assert _answer_counts(text) == []
    for person in people:
        assert person.name.split()[0] not in text and person.name.split()[-1] not in text
        assert f"{person.role}, {person.agency}" not in text  # the pair that singles out
        assert person.role in text
    assert "by their role alone, never by name or agency" in text


def test_a_word_summary_for_publication_has_no_answer_counts(services, demo) -> None:
    options = ExportOptions(prepared_on=ON, publication=True)
    doc = Document(io.BytesIO(services.exports.render(demo.id, ExportFormat.DOCX, options)))
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Contributor"] in headers and ["Contributor", "Relevance"] in headers
    assert not any("Prompts answered" in h for h in headers)
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert _answer_counts(cells) == []


def test_the_briefing_names_no_one_even_when_names_are_asked_for(services, demo) -> None:
    document = services.reviews.get(demo.id)
    options = ExportOptions(prepared_on=ON, show_names=True)
    text = pdftotext(services.exports.render(demo.id, ExportFormat.BRIEFING, options))
    assert "Reflections from" in text
    for work in document.contributors:
        assert work.contributor.name.split()[-1] not in text
        assert work.contributor.role in text
    assert _answer_counts(text) == []


def test_the_check_warns_when_a_role_and_agency_is_one_person(services, demo) -> None:
    report = services.publication.check(demo.id, None, ExportFormat.BRIEFING)
    assert report.clear  # a warning never stops the export
    assert any(
        "'Health visitor' at Eastmere Community Health is one person" in w
        for w in (report.warnings)
    )
    assert any("is one person" in line for line in report.lines())
    # Two health visitors from one agency: neither is singled out by the role.
    hv = next(w.contributor for w in services.reviews.get(demo.id).contributors)
    services.reviews.add_contributor(demo.id, "Ada Fenwick", hv.role, hv.agency)
    again = services.publication.check(demo.id, None, ExportFormat.BRIEFING)
    assert not any("'Health visitor'" in w for w in again.warnings)
    assert len(again.warnings) == len(report.warnings) - 1
