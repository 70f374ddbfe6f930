"""The learning summary PDF, opened and read back as a person (or pypdf) would."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from reviewdesk.domain.analysis import (
    Action,
    ActionStatus,
    ChronologyEntry,
    Finding,
    PracticeEpisode,
    Recommendation,
)
from reviewdesk.domain.exporting import ExportOptions
from reviewdesk.exports.summary_pdf import render_summary_pdf
from tests.exports.conftest import pdf_pages, pdf_text, squash

ON = date(2026, 5, 1)


def test_every_theme_title_the_key_learning_and_the_marking_are_in_the_text(demo_input) -> None:
    data = render_summary_pdf(demo_input, ExportOptions(prepared_on=ON))
    pages = pdf_pages(data)
    text = squash("\n".join(pages))
    for theme in demo_input.document.framework.themes:
        assert squash(theme.title) in text, theme.title
    for work in demo_input.document.contributors:
        for assessment in work.assessments:
            if assessment.key_learning:
                assert squash(assessment.key_learning) in text
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)  # every page, top and bottom
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "1 May 2026" in pages[0]


def test_contributors_are_shown_by_role_unless_names_are_asked_for(demo_input) -> None:
    names = [w.contributor.name for w in demo_input.document.contributors]
    by_role = squash(pdf_text(render_summary_pdf(demo_input, ExportOptions())))
    assert not [n for n in names if squash(n) in by_role]
    assert squash("Health visitor, Eastmere Community Health") in by_role
    named = squash(pdf_text(render_summary_pdf(demo_input, ExportOptions(show_names=True))))
    assert all(squash(n) in named for n in names)


def test_metadata_and_bookmarks(demo_input) -> None:
    reader = PdfReader(io.BytesIO(render_summary_pdf(demo_input, ExportOptions())))
    meta = reader.metadata
    assert meta.title == "Learning summary: DEMO-2026-01"
    assert meta.author == "ReviewDesk"
    everything = " ".join(str(v) for v in meta.values())
    for work in demo_input.document.contributors:
        assert work.contributor.name.split()[-1] not in everything
    assert "Child D" not in everything  # the title is not in the metadata either
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:2] == ["Contents", "Case overview"]
    first_theme = demo_input.document.framework.themes[0].title
    assert f"1. {first_theme}" in outline
    assert outline[-2:] == ["Appendix: the framework and method", "Glossary"]
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert any(child.title == "Key learning" for group in nested for child in group)


def test_choosing_themes_and_unanswered_prompts(demo_input) -> None:
    fw = demo_input.document.framework
    only = ExportOptions(theme_ids=("babies",), include_unanswered=True)
    text = squash(pdf_text(render_summary_pdf(demo_input, only)))
    assert squash(fw.theme("babies").why_it_matters) in text
    assert squash(fw.theme("domestic-abuse").why_it_matters) not in text
    assert squash("Themes left out of this document") in text
    works = demo_input.document.contributors
    unanswered = [
        p
        for p in fw.theme("babies").prompts
        if not any((a := w.answer(p.id)) and a.is_answered for w in works)
    ]
    assert unanswered, "the demo should leave some prompt unanswered"
    assert squash(unanswered[0].text) in text
    assert "Notyetansweredby" in text
    default = squash(pdf_text(render_summary_pdf(demo_input, ExportOptions(theme_ids=("babies",)))))
    assert squash(unanswered[0].text) not in default


def test_lead_sections_appear_only_when_there_is_data(demo_input) -> None:
    demo_input = replace(
        demo_input, chronology=(), episodes=(), findings=(), recommendations=(), actions=()
    )
    plain = squash(pdf_text(render_summary_pdf(demo_input, ExportOptions())))
    for heading in ("Chronology", "Keypracticeepisodes", "Findings", "Recommendationsandactions"):
        assert heading not in plain
    full = replace(
        demo_input,
        chronology=(
            ChronologyEntry(date(2025, 11, 22), "Police call-out to a verbal argument.", "Police",
                            "Incident log", significant=True),
        ),
        episodes=(PracticeEpisode("The strategy discussion", what_happened="Held by phone.",
                                  contributory_factors=("High caseloads",)),),
        findings=(Finding("F1", "Information about new adults arrives late.",
                          theme_ids=("whole-family",), question="How do we learn of new adults?"),),
        recommendations=(Recommendation("R1", "Ask about household members at every contact.",
                                        ("F1",)),),
        actions=(Action("Add a household question to the contact template", "R1",
                        "Health visiting", "Service lead", date(2026, 1, 1),
                        ActionStatus.IN_PROGRESS, "Audit of 20 records"),),
    )  # fmt: skip
    text = squash(pdf_text(render_summary_pdf(full, ExportOptions(prepared_on=ON))))
    for phrase in (
        "Chronology",
        "Police call-out to a verbal argument.",
        "Significant",
        "Key practice episodes",
        "High caseloads",
        "Information about new adults arrives late.",
        "Question for the partnership: How do we learn of new adults?",
        "Ask about household members at every contact.",
        "In progress (overdue)",
        "Audit of 20 records",
    ):
        assert squash(phrase) in text, phrase


def test_a_50000_character_answer_paginates(services, record) -> None:
    summary = services.reviews.create(record)
    c = services.reviews.add_contributor(summary.id, "Jan Kowalski", "Social worker", "Council")
    words = [f"word{i}" for i in range(7000)]
    long_answer = " ".join(words)[:50_000]
    services.reviews.save_answer(c.id, "babies-seen", long_answer)
    data = render_summary_pdf(services.exports.input_for(summary.id), ExportOptions())
    pages = pdf_pages(data)
    assert len(pages) >= 10
    text = squash("\n".join(pages))
    last_whole_word = long_answer.split()[-2]
    assert "word0word1word2" in text and last_whole_word in text


def test_an_empty_review_exports_gracefully(services, record) -> None:
    summary = services.reviews.create(record)
    data = render_summary_pdf(services.exports.input_for(summary.id), ExportOptions(marking=""))
    text = pdf_text(data)
    assert "No one has contributed reflections to this review yet." in text
    assert "OFFICIAL" not in text  # no marking asked for


def test_exports_pull_in_no_images(demo_input) -> None:
    reader = PdfReader(io.BytesIO(render_summary_pdf(demo_input, ExportOptions())))
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not xobjects
