"""The lead's 7-minute briefing as the services keep it (issue 17, point 3): saved section by
section (audited by section, never the words), travelling in the review's JSON file, and
refused kindly when a file's briefing is not right."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from sqlalchemy import text

from reviewdesk.domain.briefing import MAX_SECTION
from reviewdesk.domain.errors import ExchangeFormatError, ValidationError
from reviewdesk.resources import resource
from tests.exchange_loop import library


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    summary, _ = services.exchange.add_demo()
    return summary


def test_sections_are_saved_audited_by_name_and_checked(services, demo) -> None:
    services.briefings.save_section(demo.id, "found", "- A finding in the lead's words.")
    services.briefings.save_section(demo.id, "found", "- A finding in the lead's words, again.")
    assert services.briefings.get(demo.id).found == "- A finding in the lead's words, again."
    with services.store.read() as session:
        rows = (
            session.execute(text("SELECT what FROM audit_log WHERE action = 'briefing.saved'"))
            .scalars()
            .all()
        )
    assert len(rows) == 1 and '"section":"found"' in rows[0].replace(" ", "")  # one per edit
    assert "lead's words" not in rows[0]
    with pytest.raises(ValidationError, match="up to 20,000 characters"):
        services.briefings.save_section(demo.id, "found", "x" * (MAX_SECTION + 1))
    with pytest.raises(ValidationError, match="no section called"):
        services.briefings.save_section(demo.id, "nonsense", "x")
    with pytest.raises(ValidationError):
        services.briefings.set_marking(demo.id, "X" * 61)
    assert services.briefings.get(demo.id).found == "- A finding in the lead's words, again."


def test_the_briefing_travels_in_the_review_json(services, demo, tmp_path) -> None:
    services.briefings.save_section(demo.id, "todo", "- Ask who lives in the home.")
    services.briefings.save_title(demo.id, "Child D: seeing the whole household")
    services.briefings.set_marking(demo.id, "OFFICIAL-SENSITIVE")
    services.briefings.set_two_pages(demo.id, True)
    document = services.exchange.export_dict(demo.id)
    schema = json.loads(resource("schemas", "reviewdesk-review-1.schema.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    assert document["briefing"]["what_to_do"] == "- Ask who lives in the home."
    assert document["briefing"]["questions"] is None  # still follows the review

    other = library(tmp_path, "elsewhere")
    try:
        broken = copy.deepcopy(document)
        broken["briefing"]["two_pages"] = "yes"
        with pytest.raises(ExchangeFormatError, match=r"briefing\.two_pages"):
            other.exchange.import_document(broken)
        assert other.reviews.list_reviews() == []  # all or nothing
        summary = other.exchange.import_document(document)
        assert other.briefings.get(summary.id) == services.briefings.get(demo.id)
    finally:
        other.close()
