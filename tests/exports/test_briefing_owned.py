"""The 7-minute briefing the lead owns (issue 17, point 3): a 200-character title and the demo's
text fit one page with nothing cut, every finding once (good practice too), the lead's own words
printed exactly, PDF and Word, the marking chosen for circulation. Read back with poppler's
pdftotext, pypdf and python-docx, and LibreOffice for Word."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace

import docx
import pytest
from pypdf import PdfReader

from reviewdesk.domain.analysis import FindingKind
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.exports.briefing_pdf import render_briefing_pdf
from tests.exports.conftest import pdftotext, squash

TITLE = (
    "Child D, Eastmere: how a domestic-abuse call-out, a new adult in the household and an early "
    "explanation of a bruise in a baby of seven months never came together for the "
    "practitioners near the family."
)
SENTENCE = re.compile(r"(?<=[.!?])\s+")


@pytest.fixture
def long_title_demo(services, demo):  # type: ignore[no-untyped-def]
    assert len(TITLE) == 200
    record = services.reviews.get(demo.id).record
    services.reviews.update_record(demo.id, replace(record, title=TITLE))
    return demo


def test_a_200_character_title_and_the_demo_s_text_fit_one_page_with_nothing_cut(
    services, long_title_demo, tmp_path
) -> None:
    """Fails on the old briefing: it shortened the title to 110 characters and cut eight
    sentences with '…' to squeeze the demo onto its page."""
    source = services.exports.input_for(long_title_demo.id)
    data = render_briefing_pdf(source, ExportOptions())
    text = pdftotext(data, tmp_path)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert "…" not in text
    assert squash(TITLE) in squash(text)  # the title band wraps the whole title
    # Every finding the review holds is printed whole, once, good practice included.
    assert len(source.findings) == 4
    assert any(f.kind is FindingKind.GOOD_PRACTICE for f in source.findings)
    stream = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    for finding in source.findings:
        assert squash(finding.statement) in squash(text)
        assert stream.count(squash(finding.statement)) == 1  # never under two themes


def test_every_sentence_the_lead_wrote_is_printed_whole(
    services, long_title_demo, tmp_path
) -> None:
    review = long_title_demo.id
    draft = services.briefings.draft(review)
    # The lead takes over every section, starting from the demo's text, and adds her own.
    own = {key: draft.texts[key] for key in draft.texts}
    own["found"] += "\n\nNo agency held the whole picture; no meeting joined the parts."
    for key, text in own.items():
        services.briefings.save_section(review, key, text)
    assert services.briefings.draft(review).edited == frozenset(own)
    data = services.exports.render(review, ExportFormat.BRIEFING)
    printed = squash(pdftotext(data, tmp_path))
    for text in own.values():
        for line in text.splitlines():
            for sentence in SENTENCE.split(line.removeprefix("- ")):
                assert squash(sentence) in printed, sentence
    assert "…" not in printed
    fit = services.briefings.draft(review)
    assert len(PdfReader(io.BytesIO(data)).pages) == fit.pages  # the meter is the real layout
    assert fit.pages == 1 and fit.fits, fit.percent


def test_too_long_runs_on_never_cut_and_the_two_page_form(services, demo, tmp_path) -> None:
    review = demo.id
    long = " ".join(f"Point {n} of what the team should hold in mind." for n in range(1, 70))
    services.briefings.save_section(review, "todo", long)
    draft = services.briefings.draft(review)
    assert not draft.fits and draft.percent > 100 and draft.form_pages == 1
    data = services.exports.render(review, ExportFormat.BRIEFING)
    assert len(PdfReader(io.BytesIO(data)).pages) == 2  # runs on rather than lose a word
    printed = squash(pdftotext(data, tmp_path))
    assert squash("Point 69 of what the team should hold in mind.") in printed
    services.briefings.set_two_pages(review, True)
    two = services.briefings.draft(review)
    assert two.form_pages == 2 and two.fits and two.percent < draft.percent


def test_the_marking_for_circulation_defaults_to_official_and_can_be_chosen(
    services, demo, tmp_path
) -> None:
    data = services.exports.render(demo.id, ExportFormat.BRIEFING)
    text = pdftotext(data, tmp_path)
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    services.briefings.set_marking(demo.id, "OFFICIAL-SENSITIVE")
    text = pdftotext(services.exports.render(demo.id, ExportFormat.BRIEFING), tmp_path)
    assert text.count("OFFICIAL-SENSITIVE") == 2  # top and bottom of the page
    # The summary keeps the library's marking.
    assert services.exports.default_options(demo.id, ExportFormat.PDF).marking == (
        "OFFICIAL-SENSITIVE"
    )


def test_reset_a_section_from_the_review(services, demo) -> None:
    services.briefings.save_section(demo.id, "questions", "- Our own question?")
    assert services.briefings.draft(demo.id).texts["questions"] == "- Our own question?"
    services.briefings.reset_section(demo.id, "questions")
    draft = services.briefings.draft(demo.id)
    assert "questions" not in draft.edited
    assert draft.texts["questions"].startswith("Talk these through in your team:")


def test_the_publication_check_reads_the_lead_s_words(services, demo) -> None:
    services.briefings.save_section(demo.id, "happened", "- Seen at home on 14 March 2025.")
    report = services.publication.check(demo.id, fmt=ExportFormat.BRIEFING)
    dates = [f for f in report.findings if f.finding.text == "14 March 2025"]
    assert dates and dates[0].place.label == "7-minute briefing: What happened"
    assert dates[0].where.startswith("Page 1")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_word_briefing_converts_without_repair_and_holds_every_word(
    services, long_title_demo, tmp_path
) -> None:
    review = long_title_demo.id
    services.briefings.save_section(
        review, "more", "- Local procedures: https://example.org/eastmere/procedures"
    )
    data = services.exports.render(review, ExportFormat.BRIEFING_DOCX)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.header.paragraphs[0].text == "OFFICIAL"
    assert document.core_properties.title == f"7-minute briefing: {TITLE}"
    draft = services.briefings.draft(review)
    word = tmp_path / "briefing.docx"
    word.write_bytes(data)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path / "lo"), str(word)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    converted = tmp_path / "lo" / "briefing.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr
    assert "repair" not in (result.stdout + result.stderr).casefold()
    # Hyphens left out of the comparison: pdftotext joins "standard-" at a line's end to "risk".
    text = squash(pdftotext(converted.read_bytes(), tmp_path)).replace("-", "")
    assert squash(TITLE).replace("-", "") in text
    for body in draft.texts.values():
        for line in body.splitlines():
            assert squash(line.removeprefix("- ")).replace("-", "") in text, line


def test_with_no_episodes_what_happened_lists_the_significant_entries_by_month(
    services, demo, demo_input
) -> None:
    """A review whose chronology has significant entries but no key practice episodes yet: the
    prefilled "What happened" gives each significant entry with its month (it used to raise
    AttributeError: a chronology entry's date is ``when``)."""
    from datetime import date

    from reviewdesk.domain.analysis import ChronologyEntry
    from reviewdesk.exports.briefing import prefill

    entry = ChronologyEntry(
        date(2024, 11, 5), "Health visitor could not gain entry.", significant=True
    )
    source = replace(demo_input, episodes=(), chronology=(entry,))
    options = services.exports.default_options(demo.id, ExportFormat.BRIEFING)
    happened = prefill(source, options)["happened"]
    assert "November 2024: Health visitor could not gain entry." in happened
