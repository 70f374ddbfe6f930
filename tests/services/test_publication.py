"""The publication check through the services: findings in context, one-click fixes made through
the ordinary services, and deliberate overrides recorded in the audit trail."""

from __future__ import annotations

from datetime import date

import pytest

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.identifiers import Kind
from reviewdesk.services.publication import IdentifiersFoundError


@pytest.fixture
def review(services, record):  # type: ignore[no-untyped-def]
    summary = services.reviews.create(record)
    hv = services.reviews.add_contributor(summary.id, "Rowan Tell", "Health visitor", "Health")
    framework = services.reviews.get(summary.id).framework
    theme = framework.themes[0]
    services.reviews.save_answer(
        hv.id,
        theme.prompts[0].id,
        "Quinn Harper was seen at 14 Harbour View Road on 12/01/2026. Call 07700 900123.",
        "HV record, NHS number 943 476 5919",
    )
    services.reviews.save_assessment(hv.id, theme.id, None, "Email jo.bloggs@example.org.")
    services.names.add(summary.id, "Quinn Harper", "Child Q")
    return summary, hv, theme


def test_the_check_finds_each_kind_in_its_place_after_the_name_key(services, review) -> None:
    summary, _hv, _theme = review
    report = services.publication.check(summary.id)
    kinds = {f.kind for f in report.findings}
    assert kinds == {Kind.ADDRESS, Kind.EXACT_DATE, Kind.PHONE, Kind.NHS_NUMBER, Kind.EMAIL}
    assert all("Quinn" not in f.context for f in report.findings)
    by_kind = {f.kind: f for f in report.findings}
    assert by_kind[Kind.EXACT_DATE].place.field == "answer"
    assert "Child Q was seen" in by_kind[Kind.ADDRESS].context
    assert by_kind[Kind.NHS_NUMBER].place.field == "evidence"
    assert by_kind[Kind.EMAIL].place.field == "key_learning"
    assert "answer by Health visitor, Health" in by_kind[Kind.EXACT_DATE].place.label
    assert report.summary().startswith("5 possible identifying details")
    lines = report.lines()
    assert any(line.startswith("Exact date (1):") for line in lines)


def test_one_click_fixes_change_the_stored_text_and_are_audited(services, review) -> None:
    summary, hv, theme = review
    report = services.publication.check(summary.id)
    for finding in report.findings:
        assert services.publication.fix(summary.id, finding)
    assert services.publication.check(summary.id).clear
    answer = services.reviews.get(summary.id).work_of(hv.id).answer(theme.prompts[0].id)
    assert answer is not None
    assert answer.text == (
        "Quinn Harper was seen at [address removed] on January 2026. Call [phone number removed]."
    )  # the real name stays in the stored text: the key replaces it in every document
    assert answer.evidence == "HV record, NHS number [NHS number removed]"
    assert services.publication.fix(summary.id, report.findings[0]) is False  # already done
    actions = [e.action for e in services.audit.entries(reference=summary.reference)]
    assert "answer.saved" in actions and "assessment.saved" in actions


def test_case_record_findings_are_fixed_through_the_case_record(services, review) -> None:
    summary, _hv, _theme = review
    doc = services.reviews.get(summary.id)
    from dataclasses import replace

    from reviewdesk.domain.review import HouseholdMember

    services.reviews.update_record(
        summary.id,
        replace(doc.record, household=(HouseholdMember("Mother", "Lives at 7 Elm Close"),)),
    )
    finding = next(
        f for f in services.publication.check(summary.id).findings if f.place.field == "household"
    )
    assert services.publication.fix(summary.id, finding)
    record = services.reviews.get(summary.id).record
    assert record.household[0].description == "Lives at [address removed]"


def test_publication_export_refuses_then_records_a_deliberate_override(
    services, review, tmp_path
) -> None:
    summary, _hv, _theme = review
    out = tmp_path / "summary.pdf"
    with pytest.raises(IdentifiersFoundError) as caught:
        services.publication.export(summary.id, ExportFormat.PDF, out)
    assert not out.exists() and len(caught.value.report.findings) == 5
    with pytest.raises(ValidationError):  # an override needs a reason
        services.publication.export(
            summary.id, ExportFormat.PDF, out, allow_identifiers=True, reason="  "
        )
    written, report = services.publication.export(
        summary.id, ExportFormat.PDF, out, allow_identifiers=True, reason="Agreed with family"
    )
    assert written.exists() and not report.clear
    entries = services.audit.entries(reference=summary.reference, limit=2)
    assert [e.action for e in entries] == ["review.exported", "publication.overridden"]
    assert "reason: Agreed with family" in entries[1].details
    with services.store.read() as session:
        from sqlalchemy import text

        what = session.execute(
            text("SELECT what FROM audit_log WHERE action = 'publication.overridden'")
        ).scalar_one()
    assert '"exact_date":1' in what and "Harbour" not in what and "07700" not in what


def test_a_clean_review_exports_for_publication_with_month_and_year_dates(
    services, record, tmp_path
) -> None:
    from tests.exports.conftest import pdf_text

    summary = services.reviews.create(record)
    out = tmp_path / "clean.pdf"
    written, report = services.publication.export(summary.id, ExportFormat.PDF, out)
    assert report.clear and written == out
    text = pdf_text(out.read_bytes())
    assert "March 2026" in text and "2 Mar 2026" not in text  # the incident date, generalised
    assert "2 Mar 2026" in pdf_text(services.exports.render(summary.id, ExportFormat.PDF))
    entry = services.audit.entries(reference=summary.reference, limit=1)[0]
    assert entry.action == "review.exported"
    with pytest.raises(ValidationError):
        services.publication.export(summary.id, ExportFormat.JSON, tmp_path / "x.json")


def test_library_default_marking_and_draft(services, record) -> None:
    from tests.exports.conftest import pdf_text

    summary = services.reviews.create(record)
    assert services.settings.default_marking() == "OFFICIAL-SENSITIVE"
    services.settings.set_default_marking("OFFICIAL")
    text = pdf_text(services.exports.render(summary.id, ExportFormat.PDF))
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    services.settings.set_default_marking("none")
    assert services.settings.default_marking() == ""
    text = pdf_text(services.exports.render(summary.id, ExportFormat.PDF))
    assert "OFFICIAL" not in text and "DRAFT" not in text
    # The briefing has its own marking for circulation (OFFICIAL unless the lead changes it).
    text = pdf_text(services.exports.render(summary.id, ExportFormat.BRIEFING))
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    services.briefings.set_marking(summary.id, "")
    text = pdf_text(services.exports.render(summary.id, ExportFormat.BRIEFING))
    assert "OFFICIAL" not in text and "DRAFT" not in text
    draft = services.exports.render(summary.id, ExportFormat.BRIEFING, ExportOptions(draft=True))
    assert "DRAFT" in pdf_text(draft)
    with pytest.raises(ValidationError):
        services.settings.set_default_marking("X" * 61)
    assert services.settings.idle_lock_minutes() == 15
    assert services.settings.set_idle_lock_minutes(5) == 5
    with pytest.raises(ValidationError):
        services.settings.set_idle_lock_minutes(-1)


def test_word_documents_carry_draft_in_the_header(services, record) -> None:
    import io

    from docx import Document

    summary = services.reviews.create(record)
    plain = Document(io.BytesIO(services.exports.render(summary.id, ExportFormat.DOCX)))
    draft = Document(
        io.BytesIO(
            services.exports.render(summary.id, ExportFormat.DOCX, ExportOptions(draft=True))
        )
    )

    def header(doc) -> str:  # type: ignore[no-untyped-def]
        return " ".join(p.text for p in doc.sections[0].header.paragraphs)

    assert "DRAFT" not in header(plain)
    assert "DRAFT: not for circulation" in header(draft)
    assert "OFFICIAL-SENSITIVE" in header(draft)


# --- the check reads the document being made (issue 17, point 6) -------------------------------


def _pdftotext_pages(data: bytes) -> list[str]:
    import subprocess

    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return [" ".join(page.split()) for page in out.stdout.decode().split("\f")]


def _page_of(where: str) -> int:
    import re

    found = re.match(r"Page (\d+)", where)
    assert found, where
    return int(found.group(1))


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    summary, _ = services.exchange.add_demo()
    return summary


def test_a_briefing_is_not_stopped_by_dates_it_does_not_print(services, demo, tmp_path) -> None:
    # The demo's answers hold many exact dates: the summary prints them, the briefing none.
    summary_dates = services.publication.check(demo.id)  # the learning summary, by default
    assert summary_dates.by_kind().get(Kind.EXACT_DATE, 0) > 50
    out = tmp_path / "briefing.pdf"
    written, report = services.publication.export(demo.id, ExportFormat.BRIEFING, out)
    assert report.clear and written.exists()
    assert "publication.overridden" not in [e.action for e in services.audit.entries()]


def test_each_finding_is_where_the_document_prints_it(services, demo) -> None:
    options = ExportOptions(prepared_on=date(2026, 11, 28))
    report = services.publication.check(demo.id, options, ExportFormat.PDF)
    data = services.publication._inspect(demo.id, options, ExportFormat.PDF)[1]
    pages = _pdftotext_pages(data)
    for f in report.findings:
        assert f.finding.text in pages[_page_of(f.where) - 1], (f.where, f.finding.text)
        assert " › " in f.where  # the heading it falls under, with its chapter
    # Each is traced to the words as the review holds them (due dates print as month and year).
    assert all(f.place.field != "document" for f in report.findings)
    assert all(f.place.label for f in report.findings)


def test_a_postcode_the_briefing_prints_is_found_where_it_is_printed(
    services, demo, tmp_path
) -> None:
    from dataclasses import replace

    record = services.reviews.get(demo.id).record
    agencies = ("Eastmere Family Hub, EM4 7QT", *record.agencies)
    services.reviews.update_record(demo.id, replace(record, agencies=agencies))
    out = tmp_path / "briefing.pdf"
    services.publication.export(
        demo.id, ExportFormat.BRIEFING, out, allow_identifiers=True, reason="Public building"
    )
    from tests.exports.conftest import pdftotext  # column by column: the briefing has two

    assert "EM4 7QT" in " ".join(pdftotext(out.read_bytes(), tmp_path / "read").split())
    with services.store.read() as session:
        from sqlalchemy import text

        what = session.execute(
            text("SELECT what FROM audit_log WHERE action = 'publication.overridden'")
        ).scalar_one()
    assert '"findings":{"postcode":1}' in what.replace(" ", "")  # only what was printed
    report = services.publication.check(demo.id, None, ExportFormat.BRIEFING)
    assert [(f.kind, f.finding.text) for f in report.findings] == [(Kind.POSTCODE, "EM4 7QT")]
    (finding,) = report.findings
    assert finding.where == "Page 1, 1. The case in brief"
    assert finding.place.field == "agency" and finding.fixable  # fixed where it is written
    assert "Eastmere Family Hub, EM4 7QT" in finding.context


def test_a_word_document_names_the_paragraph(services, demo) -> None:
    import io

    from docx import Document

    report = services.publication.check(demo.id, None, ExportFormat.DOCX)
    data = services.publication._inspect(demo.id, None, ExportFormat.DOCX)[1]
    paragraphs = Document(io.BytesIO(data)).paragraphs
    assert report.findings
    for f in report.findings:
        assert f.where.startswith(("Paragraph ", "Table ")), f.where
        if f.where.startswith("Paragraph "):
            number = int(f.where.split()[1].rstrip(","))
            assert f.finding.text in paragraphs[number - 1].text
