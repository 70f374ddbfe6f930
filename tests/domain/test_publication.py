"""What a document would publish: the pseudonymised copy, the pieces and their places, and fixes
made back in the stored text."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reviewdesk.domain.analysis import ChronologyEntry, Finding, FindingKind
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.identifiers import Kind
from reviewdesk.domain.pseudonyms import NameMapping
from reviewdesk.domain.publication import find_identifiers, fix_text, pseudonymise, segments
from reviewdesk.domain.review import (
    Answer,
    CaseRecord,
    Child,
    Contributor,
    ContributorWork,
    HouseholdMember,
    Relevance,
    ReviewDocument,
    ThemeAssessment,
)
from reviewdesk.services.frameworks import default_framework

NOW = datetime(2026, 5, 1, tzinfo=UTC)
KEY = (NameMapping("Ada Quint", "Child A"), NameMapping("Ada", "Child A"))


def _input(framework: Framework) -> ExportInput:
    theme = framework.themes[0]
    prompt = theme.prompts[0]
    work = ContributorWork(
        Contributor(7, "uid-7", "Rowan Tell", "Health visitor", "Eastmere Health"),
        (Answer(7, prompt.id, "Ada Quint was seen on 12/01/2026 at EM4 2XY.", "HV record", NOW),),
        (ThemeAssessment(7, theme.id, Relevance.SOME, "Ada's sleep was unsafe.", NOW),),
    )
    doc = ReviewDocument(
        id=1,
        uid="uid-1",
        record=CaseRecord(
            reference="R-1",
            title="Child A (Ada), Eastmere",
            children=(Child("Child A", "7 months"),),
            household=(HouseholdMember("Mother", "Lives at 7 Elm Close"),),
        ),
        framework=framework,
        contributors=(work,),
        archived=False,
        created_at=NOW,
        updated_at=NOW,
    )
    return ExportInput(
        document=doc,
        chronology=(ChronologyEntry(date(2026, 1, 12), "Ada seen by the GP", "GP"),),
        findings=(Finding("F1", "Ada's story shows...", FindingKind.IMPROVEMENT),),
    )


def test_pseudonymise_changes_user_text_only() -> None:
    framework = default_framework()
    source = _input(framework)
    copy = pseudonymise(source, KEY)
    work = copy.document.contributors[0]
    assert work.answers[0].text.startswith("Child A was seen")
    assert work.assessments[0].key_learning == "Child A's sleep was unsafe."
    assert work.assessments[0].relevance is Relevance.SOME  # enums are codes, not prose
    assert copy.document.record.title == "Child A (Child A), Eastmere"
    assert copy.chronology[0].what_happened == "Child A seen by the GP"
    assert copy.findings[0].statement == "Child A's story shows..."
    assert copy.findings[0].ref == "F1"
    assert copy.document.framework is framework  # the frozen framework is never touched
    assert work.answers[0].prompt_id == source.document.contributors[0].answers[0].prompt_id
    assert pseudonymise(source, ()) is source


def test_segments_have_places_and_follow_the_options() -> None:
    framework = default_framework()
    source = pseudonymise(_input(framework), KEY)
    places = [s.place.field for s in segments(source, ExportOptions())]
    assert "contributor_name" not in places  # names withheld by default
    assert {"title", "household", "answer", "evidence", "key_learning", "chronology"} <= set(places)
    with_names = [s.place.field for s in segments(source, ExportOptions(show_names=True))]
    assert "contributor_name" in with_names
    other_theme = framework.themes[1].id
    only_other = segments(source, ExportOptions(theme_ids=(other_theme,)))
    assert not any(s.place.field in ("answer", "key_learning") for s in only_other)


def test_findings_say_where_they_are_and_fix_the_stored_text() -> None:
    framework = default_framework()
    raw = _input(framework)
    published = pseudonymise(raw, KEY)
    found = find_identifiers(segments(published, ExportOptions()), KEY)
    kinds = {(f.place.field, f.kind) for f in found}
    assert ("answer", Kind.EXACT_DATE) in kinds
    assert ("answer", Kind.POSTCODE) in kinds
    assert ("household", Kind.ADDRESS) in kinds
    assert not any(f.kind is Kind.NAME for f in found)  # the key already replaced them
    date_finding = next(f for f in found if f.kind is Kind.EXACT_DATE)
    assert "Child A was seen" in date_finding.context
    assert date_finding.place.fixable and date_finding.place.prompt_id
    stored = raw.document.contributors[0].answers[0].text
    assert fix_text(stored, date_finding, KEY) == (
        "Ada Quint was seen on January 2026 at EM4 2XY."  # the real name stays where it is
    )
    assert fix_text("Already changed.", date_finding, KEY) == "Already changed."


def test_the_nth_occurrence_is_the_one_fixed() -> None:
    framework = default_framework()
    raw = _input(framework)
    text = "Seen 01/02/2026, again 01/02/2026."
    answer = raw.document.contributors[0].answers[0]
    work = raw.document.contributors[0]
    from dataclasses import replace

    work = replace(work, answers=(replace(answer, text=text),))
    raw = replace(raw, document=replace(raw.document, contributors=(work,)))
    found = [
        f for f in find_identifiers(segments(raw, ExportOptions())) if f.place.field == "answer"
    ]
    assert [f.occurrence for f in found] == [0, 1]
    assert fix_text(text, found[1]) == "Seen 01/02/2026, again February 2026."


def test_the_frameworks_prose_is_pseudonymised_and_checked_for_names_only() -> None:
    from dataclasses import replace

    base = default_framework()
    theme = base.themes[0]
    prompt = replace(theme.prompts[0], text="Ada\u00ad's cot, seen on 12/01/2026?")
    framework = replace(
        base, themes=(replace(theme, prompts=(prompt, *theme.prompts[1:])), *base.themes[1:])
    )
    raw = _input(framework)
    found = [f for f in find_identifiers(segments(raw, ExportOptions()), KEY)]
    in_framework = [f for f in found if f.place.field == "framework"]
    assert [f.kind for f in in_framework] == [Kind.NAME]  # the date is guidance, not the child
    assert not in_framework[0].fixable
    published = pseudonymise(raw, KEY)
    assert published.document.framework.themes[0].prompts[0].text == (
        "Child A's cot, seen on 12/01/2026?"
    )
    assert published.document.framework.themes[0].prompts[0].id == prompt.id
    assert not [
        f
        for f in find_identifiers(segments(published, ExportOptions()), KEY)
        if f.place.field == "framework"
    ]
