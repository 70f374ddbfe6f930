"""The learning summary ends with a glossary (issue 17, point 9): the acronyms the document's own
text prints, whole words and capitals as written, expanded from the shipped list
(resources/glossary/acronyms.toml) with a partnership's glossary.toml in the data folder over
it. Read back with poppler's pdftotext and python-docx."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.glossary import glossary_for
from reviewdesk.resources import FIRST_FRAMEWORK
from reviewdesk.services.frameworks import shipped_framework

OPTIONS = ExportOptions(prepared_on=date(2026, 11, 28))
ANSWER = (
    "The MASH passed the referral to children's social care and an ICPC was held within 15 "
    "working days. CAMHS declined the referral.\n\n"
    "Nobody mashed up the plan; we did not send (or SENDS) anything, and Mash is a word."
)
NEVER_WRITTEN = ("LADO", "EHCP", "SUDI", "NAI", "RCPC", "NRM", "SW")


def _review(services, record):  # type: ignore[no-untyped-def]
    review = services.reviews.create(record)
    person = services.reviews.add_contributor(review.id, "Alex Moor", "Social worker", "Council")
    services.reviews.save_answer(person.id, "babies-seen", ANSWER, "Case notes, CP file")
    return review


def _pdf_glossary(data: bytes) -> dict[str, str]:
    """The glossary's rows as pdftotext reads them: "MASH  Multi-Agency Safeguarding Hub"."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert text.count("Glossary") >= 2  # in the contents and as the heading
    lines = [" ".join(ln.split()) for ln in text[text.rindex("Glossary") :].splitlines()]
    lines = [ln for ln in lines if ln]
    assert lines[2] == "Acronym What it stands for"
    rows = [ln.split(" ", 1) for ln in lines[3:] if re.fullmatch(r"[A-Z0-9&]+ .+", ln)]
    return {acronym: meaning for acronym, meaning in rows}


def _docx_glossary(data: bytes) -> list[tuple[str, str]]:
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Glossary"
    table = document.tables[-1]
    rows = [tuple(c.text for c in row.cells) for row in table.rows]
    assert rows[0] == ("Acronym", "What it stands for")
    return rows[1:]


def test_the_glossary_lists_the_acronyms_the_summary_prints(services, record) -> None:
    review = _review(services, record)
    listed = _pdf_glossary(services.exports.render(review.id, ExportFormat.PDF, OPTIONS))
    for acronym, meaning in (
        ("CAMHS", "Child and Adolescent Mental Health Services"),
        ("CP", "Child Protection"),  # in the evidence note
        ("ICPC", "Initial Child Protection Conference"),
        ("MASH", "Multi-Agency Safeguarding Hub"),
    ):
        assert listed[acronym] == meaning
    # Version 2 of the framework (new reviews) says "disability, SEND and neurodiversity" in
    # its description, which the summary prints.
    assert "Special Educational Needs" in listed["SEND"]
    for acronym in NEVER_WRITTEN:  # not in this document (nor "mashed", "send", "SENDS")
        assert acronym not in listed
    order = [a for a in listed if a in {"CAMHS", "CP", "ICPC", "MASH"}]
    assert order == sorted(order)

    rows = _docx_glossary(services.exports.render(review.id, ExportFormat.DOCX, OPTIONS))
    word = dict(rows)
    assert word["MASH"] == "Multi-Agency Safeguarding Hub"
    assert {"CAMHS", "CP", "ICPC", "MASH"} <= set(word)
    assert not set(NEVER_WRITTEN) & set(word)
    assert [a for a, _ in rows] == sorted((a for a, _ in rows), key=str.casefold)
    assert set(word) == set(listed)  # the two formats list the same acronyms


def test_a_partnership_list_in_the_data_folder_extends_and_overrides(
    services, record, data_dir
) -> None:
    review = _review(services, record)
    services.reviews.save_answer(
        services.reviews.contributors(review.id)[0].id,
        "babies-seen",
        ANSWER + " The SPA took the call.",
    )
    (data_dir / "glossary.toml").write_text(
        '[acronyms]\nMASH = "Children\'s Front Door (Multi-Agency Safeguarding Hub)"\n'
        'SPA = "Single Point of Access"\nCAMHS = ""\n',
        encoding="utf-8",
    )
    word = dict(_docx_glossary(services.exports.render(review.id, ExportFormat.DOCX, OPTIONS)))
    assert word["MASH"] == "Children's Front Door (Multi-Agency Safeguarding Hub)"
    assert word["SPA"] == "Single Point of Access"
    assert "CAMHS" not in word  # taken out by the partnership
    assert word["ICPC"] == "Initial Child Protection Conference"  # the shipped list still counts

    (data_dir / "glossary.toml").write_text("[acronyms]\nMASH = Multi-Agency\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"glossary\.toml could not be read"):
        services.exports.render(review.id, ExportFormat.PDF, OPTIONS)


def test_a_summary_with_no_acronyms_has_no_glossary(services, record) -> None:
    # Version 1 of the framework: its description and first theme use no acronym (version 2's
    # description names SEND, so every summary of a version-2 review has a glossary).
    first = shipped_framework(FIRST_FRAMEWORK)
    review = services.reviews.create(replace(record, reference="Q-2026-07"), first)
    one_theme = ExportOptions(prepared_on=OPTIONS.prepared_on, theme_ids=("critical-thinking",))
    data = services.exports.render(review.id, ExportFormat.DOCX, one_theme)
    assert "Glossary" not in [p.text for p in Document(io.BytesIO(data)).paragraphs]
    everything = services.exports.render(review.id, ExportFormat.DOCX, OPTIONS)
    assert "MARAC" in dict(_docx_glossary(everything))  # a theme's "why it matters" says it


def test_acronyms_match_whole_words_with_their_capitals() -> None:
    acronyms = {"A&E": "Accident and Emergency", "ED": "Emergency Department", "SEN": "x"}
    texts = ["Seen in A&E, then the ED. EDs, ed, SEND, FED and SEN-support"]
    assert glossary_for(texts, acronyms) == (
        ("A&E", "Accident and Emergency"),
        ("ED", "Emergency Department"),
        ("SEN", "x"),
    )
    assert glossary_for(["nothing here"], acronyms) == ()
