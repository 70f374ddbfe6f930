"""The identity theme asks what was considered (issue 18, point 7): in version 2 of the
framework, the prompt 'identity-considered' refuses a bare "not relevant", and the theme cannot
be marked not relevant while that prompt has no reason. The message is kind and nothing is
saved; a review started on version 1 is unaffected."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import Relevance
from reviewdesk.resources import FIRST_FRAMEWORK
from reviewdesk.services.frameworks import shipped_framework

PROMPT = "identity-considered"


def _me(services, record, framework=None):  # type: ignore[no-untyped-def]
    review = services.reviews.create(record, framework)
    me = services.reviews.add_contributor(review.id, "Alex Morgan", "Social worker")
    return review, me


def _answer(services, review_id: int, contributor_id: int, prompt_id: str) -> str:
    work = services.reviews.get(review_id).work_of(contributor_id)
    answer = work.answer(prompt_id) if work else None
    return answer.text if answer else ""


def _rating(services, review_id: int, contributor_id: int):  # type: ignore[no-untyped-def]
    work = services.reviews.get(review_id).work_of(contributor_id)
    assessment = work.assessment("identity") if work else None
    return assessment.relevance if assessment else None


@pytest.mark.parametrize("bare", ["Not relevant", "  not relevant.  ", "N/A", "None", "n/a!"])
def test_a_bare_not_relevant_is_refused_and_the_earlier_answer_kept(
    services, record, bare: str
) -> None:
    review, me = _me(services, record)
    services.reviews.save_answer(me.id, PROMPT, "We thought about the family's faith.")
    with pytest.raises(ValidationError) as refused:
        services.reviews.save_answer(me.id, PROMPT, bare)
    message = str(refused.value)
    assert "what led you to that view" in message and "short reason is enough" in message
    assert refused.value.problems == {"text": message}
    assert _answer(services, review.id, me.id, PROMPT) == "We thought about the family's faith."


def test_not_relevant_with_a_reason_is_saved(services, record) -> None:
    review, me = _me(services, record)
    reason = "Not relevant: the baby was three weeks old; we asked about language and faith."
    services.reviews.save_answer(me.id, PROMPT, reason)
    assert _answer(services, review.id, me.id, PROMPT) == reason


def test_the_theme_is_marked_not_relevant_only_with_a_reason(services, record) -> None:
    review, me = _me(services, record)
    with pytest.raises(ValidationError, match="please write a short reason"):
        services.reviews.save_assessment(me.id, "identity", Relevance.NOT_RELEVANT, "")
    assert _rating(services, review.id, me.id) is None  # nothing saved
    services.reviews.save_answer(me.id, PROMPT, "We considered culture; nothing arose.")
    services.reviews.save_assessment(me.id, "identity", Relevance.NOT_RELEVANT, "")
    assert _rating(services, review.id, me.id) is Relevance.NOT_RELEVANT
    # With the theme marked not relevant, the reason cannot be emptied.
    with pytest.raises(ValidationError, match="keeps its reason"):
        services.reviews.save_answer(me.id, PROMPT, "   ")
    assert _answer(services, review.id, me.id, PROMPT) == "We considered culture; nothing arose."
    # Other ratings need no reason, and other prompts take any answer.
    services.reviews.save_assessment(me.id, "identity", Relevance.SOME, "")
    services.reviews.save_answer(me.id, PROMPT, "")
    services.reviews.save_answer(me.id, "identity-own-words", "Not relevant")
    assert _answer(services, review.id, me.id, "identity-own-words") == "Not relevant"


def test_a_version_one_review_is_unaffected(services, record) -> None:
    first = shipped_framework(FIRST_FRAMEWORK)
    review, me = _me(services, replace(record, reference="V1-2026-01"), first)
    services.reviews.save_assessment(me.id, "identity", Relevance.NOT_RELEVANT, "")
    assert _rating(services, review.id, me.id) is Relevance.NOT_RELEVANT
