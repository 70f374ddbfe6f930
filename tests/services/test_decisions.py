"""The decision log through the services (issue 18, point 2): a rapid review outcome agreed by
the Panel, a publication decision with reasons, and each thing that stops a decision being kept
(told plainly, nothing changed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reviewdesk.domain.decisions import (
    Decision,
    DecisionKind,
    Outcome,
    PanelResponse,
    Partner,
)
from reviewdesk.domain.errors import ValidationError
from reviewdesk.services import Services

ALL = tuple(Partner)
LOCAL = Decision(
    kind=DecisionKind.RAPID_REVIEW,
    decided_on=date(2026, 3, 10),
    outcome=Outcome.LOCAL_REVIEW,
    reasons="Agencies could have worked together more effectively; learning is likely.",
    partners=ALL,
    taken_by="Director of Children's Services; ICB Chief Nurse; Detective Superintendent",
)


@pytest.fixture
def review_id(services: Services) -> int:
    """The demo, its own decision log cleared (it ships with the rapid review's outcome)."""
    review = services.exchange.add_demo()[0].id
    for d in services.decisions.decisions(review):
        services.decisions.delete_decision(d.id)
    return review


def test_a_decision_and_the_panels_response_are_kept(services: Services, review_id: int) -> None:
    saved = services.decisions.add_decision(review_id, LOCAL)
    assert saved.id > 0 and saved.uid
    assert services.decisions.decisions(review_id) == [saved]
    assert saved.partners_label == "All three partners"
    assert saved.outcome_label == "A local child safeguarding practice review"

    answered = replace(
        saved,
        panel_response=PanelResponse.AGREED,
        panel_response_on=date(2026, 3, 24),
        panel_comments="The Panel agrees a local review is appropriate.",
    )
    services.decisions.edit_decision(saved.id, answered)
    (kept,) = services.decisions.decisions(review_id)
    assert kept.panel_response is PanelResponse.AGREED
    assert kept.panel_response_on == date(2026, 3, 24)
    actions = [e.action for e in services.audit.entries()][:2]
    assert actions == ["decision.edited", "decision.added"]


def test_the_publication_decision_needs_reasons(services: Services, review_id: int) -> None:
    summary = Decision(
        kind=DecisionKind.PUBLICATION,
        decided_on=date(2027, 1, 12),
        outcome=Outcome.PUBLISH_SUMMARY,
        partners=(Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH),
    )
    with pytest.raises(ValidationError, match="reasons for the decision") as err:
        services.decisions.add_decision(review_id, summary)
    assert "reasons" in err.value.problems
    assert services.decisions.decisions(review_id) == []
    saved = services.decisions.add_decision(
        review_id,
        replace(summary, reasons="The family asked that the full report not be published."),
    )
    assert [d.id for d in services.decisions.decisions(review_id)] == [saved.id]
    assert services.decisions.delete_decision(saved.id).message == "Deleted."
    assert services.decisions.decisions(review_id) == []


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (dict(decided_on=None), "decided_on", "date of the decision"),
        (dict(outcome=Outcome.PUBLISH), "outcome", "choose the outcome"),
        (dict(outcome=Outcome.NO_LOCAL_REVIEW, reasons=" "), "reasons", "reasons"),
        (dict(partners=()), "partners", "tick the safeguarding partners"),
        (dict(panel_response_on=date(2026, 3, 24)), "panel_response", "whether the Panel agreed"),
        (dict(panel_response=PanelResponse.NOT_AGREED), "panel_response_on", "date of the Panel"),
        (
            dict(panel_response=PanelResponse.AGREED, panel_response_on=date(2026, 3, 1)),
            "panel_response_on",
            "dated before the decision",
        ),
        (dict(kind=DecisionKind.OTHER, outcome=None), "summary", "in a line what was decided"),
        (dict(decided_on=date(1850, 1, 1)), "decided_on", "between 1900 and 2100"),
    ],
)
def test_what_stops_a_decision_is_told_and_nothing_changes(
    services: Services, review_id: int, change: dict, field: str, words: str
) -> None:
    before = services.decisions.add_decision(review_id, LOCAL)
    with pytest.raises(ValidationError, match=words) as err:
        services.decisions.add_decision(review_id, replace(LOCAL, **change))
    assert field in err.value.problems
    with pytest.raises(ValidationError):
        services.decisions.edit_decision(before.id, replace(LOCAL, **change))
    assert services.decisions.decisions(review_id) == [before]


def test_an_other_decision_is_described_in_a_line(services: Services, review_id: int) -> None:
    pause = Decision(
        kind=DecisionKind.OTHER,
        decided_on=date(2026, 5, 2),
        summary="Pause family involvement until the criminal trial ends",
        partners=(Partner.POLICE,),
    )
    saved = services.decisions.add_decision(review_id, pause)
    assert saved.outcome is None
    assert saved.outcome_label == "Pause family involvement until the criminal trial ends"
    assert saved.partners_label == "Police"


def test_deleting_a_review_for_good_takes_its_decisions(services: Services, review_id: int) -> None:
    from sqlalchemy import text

    services.decisions.add_decision(review_id, LOCAL)
    services.reviews.delete(review_id)  # to the Trash first
    services.reviews.purge(review_id, confirm=True)
    with services.store.read() as session:
        assert session.execute(text("SELECT count(*) FROM decision")).scalar() == 0


def test_the_decision_log_travels_in_the_review_json(
    services: Services, review_id: int, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import copy
    import json

    import jsonschema

    from reviewdesk.domain.errors import ExchangeFormatError
    from reviewdesk.resources import resource
    from tests.exchange_loop import library

    saved = services.decisions.add_decision(
        review_id,
        replace(LOCAL, panel_response=PanelResponse.AGREED, panel_response_on=date(2026, 3, 24)),
    )
    document = services.exchange.export_dict(review_id)
    schema = json.loads(resource("schemas", "reviewdesk-review-1.schema.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    (item,) = document["decisions"]
    assert item["outcome"] == "local_review" and item["partners"] == [
        "local_authority",
        "health",
        "police",
    ]

    other = library(tmp_path, "elsewhere")
    try:
        broken = copy.deepcopy(document)
        broken["decisions"][0]["outcome"] = "not_publish"
        with pytest.raises(ExchangeFormatError, match=r"decisions\[0\]"):
            other.exchange.import_document(broken)
        assert other.reviews.list_reviews() == []  # all or nothing

        summary = other.exchange.import_document(document)
        (arrived,) = other.decisions.decisions(summary.id)
        assert replace(arrived, id=0) == replace(saved, id=0, panel_response=PanelResponse.AGREED,
                                                 panel_response_on=date(2026, 3, 24))  # fmt: skip
    finally:
        other.close()
