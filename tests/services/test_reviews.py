from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reviewdesk.domain.errors import DuplicateReviewError, NotFoundError, ValidationError
from reviewdesk.domain.progress import ThemeState
from reviewdesk.domain.review import Child, KeyDates, Profile, Relevance, ReviewStatus
from tests.engines import assert_notes_kept_where_they_belong


def test_create_freezes_the_default_framework(services, record) -> None:
    summary = services.reviews.create(record)
    doc = services.reviews.get(summary.id)
    assert doc.record.reference == "LCSPR-2026-07"
    assert doc.record.children == (Child("Child Q", "9 months"),)
    assert len(doc.framework.themes) == 6
    assert summary.progress.total == 0  # no contributors yet


def test_edit_case_record_keeps_it_editable(services, record) -> None:
    summary = services.reviews.create(record)
    edited = replace(
        record,
        title="Child Q (renamed)",
        status=ReviewStatus.ANALYSIS,
        agencies=("Police", "police", "Housing"),
    )
    services.reviews.update_record(summary.id, edited)
    doc = services.reviews.get(summary.id)
    assert doc.record.title == "Child Q (renamed)"
    assert doc.record.status is ReviewStatus.ANALYSIS
    assert doc.record.agencies == ("Police", "Housing")  # duplicates folded


def test_duplicate_reference_is_refused(services, record) -> None:
    services.reviews.create(record)
    with pytest.raises(DuplicateReviewError, match="already in this library"):
        services.reviews.create(replace(record, reference="lcspr-2026-07"))


def test_invalid_record_is_refused_with_field_problems(services, record) -> None:
    with pytest.raises(ValidationError) as err:
        services.reviews.create(replace(record, reference=""))
    assert "reference" in err.value.problems
    assert services.reviews.list_reviews() == []


def test_cautions_need_confirmation(services, record) -> None:
    odd = replace(record, dates=KeyDates(incident=date(2026, 3, 5), notification=date(2026, 3, 1)))
    with pytest.raises(ValidationError, match="Please confirm"):
        services.reviews.create(odd, confirmed_cautions=False)
    assert services.reviews.create(odd, confirmed_cautions=True).reference == record.reference


def test_answers_assessments_and_progress(services, record) -> None:
    summary = services.reviews.create(record)
    doc = services.reviews.get(summary.id)
    theme = doc.framework.themes[3]
    hv = services.reviews.add_contributor(summary.id, "Alex Moor", "Health visitor", "Health")
    sw = services.reviews.add_contributor(summary.id, "Jo Lake", "Social worker", "CSC")
    for prompt in theme.prompts:
        services.reviews.save_answer(hv.id, prompt.id, f"What I knew about {prompt.id}")
    services.reviews.save_answer(sw.id, theme.prompts[0].id, "   ")  # blank does not count
    services.reviews.save_assessment(hv.id, theme.id, Relevance.SIGNIFICANT, "Safer sleep")
    services.reviews.save_assessment(sw.id, doc.framework.themes[5].id, Relevance.NOT_RELEVANT)

    progress = services.reviews.progress(summary.id)
    per_prompt_total = doc.framework.prompt_count
    assert progress.progress.answered == len(theme.prompts)
    assert progress.progress.total == 2 * per_prompt_total
    hv_progress = progress.contributors[0]
    assert hv_progress.theme(theme.id).state is ThemeState.COMPLETE
    assert hv_progress.theme(doc.framework.themes[0].id).state is ThemeState.NOT_STARTED
    assert progress.contributors[1].theme(doc.framework.themes[5].id).state is (
        ThemeState.NOT_RELEVANT
    )
    listed = services.reviews.list_reviews()[0]
    assert listed.progress == progress.progress

    # saving again replaces, never duplicates
    services.reviews.save_answer(hv.id, theme.prompts[0].id, "Revised", "HV record 3/2")
    work = services.reviews.get(summary.id).work_of(hv.id)
    assert work.answer(theme.prompts[0].id).text == "Revised"
    assert work.answer(theme.prompts[0].id).evidence == "HV record 3/2"
    assert len(work.answers) == len(theme.prompts)
    assert work.assessment(theme.id).key_learning == "Safer sleep"


def test_saving_touches_last_edited(services, record) -> None:
    summary = services.reviews.create(record)
    c = services.reviews.add_contributor(summary.id, "Alex Moor")
    prompt = services.reviews.get(summary.id).framework.themes[0].prompts[0]
    saved_at = services.reviews.save_answer(c.id, prompt.id, "text")
    assert services.reviews.summary(summary.id).updated_at == saved_at
    assert saved_at.tzinfo is not None  # UTC, aware


def test_unknown_prompt_and_theme_are_refused(services, record) -> None:
    summary = services.reviews.create(record)
    c = services.reviews.add_contributor(summary.id, "Alex Moor")
    with pytest.raises(NotFoundError):
        services.reviews.save_answer(c.id, "no-such-prompt", "text")
    with pytest.raises(NotFoundError):
        services.reviews.save_assessment(c.id, "no-such-theme", Relevance.SOME)
    with pytest.raises(NotFoundError):
        services.reviews.save_answer(9999, "x", "text")


def test_overlong_text_is_refused_kindly(services, record) -> None:
    summary = services.reviews.create(record)
    c = services.reviews.add_contributor(summary.id, "Alex Moor")
    prompt = services.reviews.get(summary.id).framework.themes[0].prompts[0]
    with pytest.raises(ValidationError, match="split it"):
        services.reviews.save_answer(c.id, prompt.id, "x" * 200_001)


def test_archive_and_restore(services, record) -> None:
    summary = services.reviews.create(record)
    assert services.reviews.archive(summary.id).archived
    assert services.reviews.list_reviews(include_archived=False) == []
    assert not services.reviews.restore(summary.id).archived
    assert len(services.reviews.list_reviews(include_archived=False)) == 1


def test_find_by_reference_is_case_insensitive(services, record) -> None:
    services.reviews.create(record)
    assert services.reviews.find("  lcspr-2026-07 ").reference == "LCSPR-2026-07"
    with pytest.raises(NotFoundError, match="reviewdesk list"):
        services.reviews.find("NOPE")


def test_private_notes_are_kept_per_theme(services, record, every_row) -> None:
    summary = services.reviews.create(record)
    c = services.reviews.add_contributor(summary.id, "Alex Moor")
    services.reviews.save_private_note(c.id, "I found this hard.")
    services.reviews.save_private_note(c.id, "Check the HV notes.", theme_id="babies")
    assert services.reviews.private_note(c.id) == "I found this hard."
    assert services.reviews.private_note(c.id, "babies") == "Check the HV notes."
    assert services.reviews.private_notes(c.id) == {
        "": "I found this hard.",
        "babies": "Check the HV notes.",
    }
    # in the library file; on a server, in the file on this computer and nowhere on the server
    assert_notes_kept_where_they_belong(
        services, every_row, "I found this hard.", "Check the HV notes."
    )


def test_profile_is_stored_and_changeable(services) -> None:
    assert not services.profile.get().is_set
    services.profile.save(Profile(" Alex Moor ", "Health visitor", "Eastmere Health"))
    assert services.profile.get() == Profile("Alex Moor", "Health visitor", "Eastmere Health")
    services.profile.save(Profile("Alex Moor", "Named nurse", ""))
    assert services.profile.get().role == "Named nurse"
    with pytest.raises(ValidationError):
        services.profile.save(Profile(""))
