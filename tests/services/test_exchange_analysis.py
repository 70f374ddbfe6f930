"""The lead's analysis in the JSON exchange document: every link survives the round trip, older
files without the sections still import, broken links are refused."""

from __future__ import annotations

import copy
import json
from datetime import date

import jsonschema
import pytest

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.domain.errors import ExchangeFormatError
from reviewdesk.paths import resolve_paths
from reviewdesk.resources import resource
from reviewdesk.services.bundle import open_services


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    return services.exchange.add_demo()[0]


def _links(services, review_id):  # type: ignore[no-untyped-def]
    """Every link of the analysis, named by content rather than by id (ids differ across
    libraries)."""
    a = services.findings.analysis(review_id)
    entry = {e.id: (e.when, e.what_happened) for e in a.chronology}
    episode = {e.id: e.title for e in a.episodes}
    finding = {f.id: f.statement for f in a.findings}
    rec = {r.id: r.text for r in a.recommendations}
    people = {
        w.contributor.id: w.contributor.uid for w in services.reviews.get(review_id).contributors
    }
    return {
        "episodes": sorted(
            (e.title, tuple(sorted(entry[i] for i in e.entry_ids))) for e in a.episodes
        ),
        "evidence": sorted(
            (
                f.ref,
                link.kind.value,
                str(
                    entry.get(link.target_id)
                    if link.kind.value == "entry"
                    else episode.get(link.target_id)
                    if link.kind.value == "episode"
                    else (people[link.target_id], link.prompt_id)
                ),
                link.removed,
            )
            for f in a.findings
            for link in f.links
        ),
        "recommendations": sorted(
            (r.ref, tuple(sorted(finding[i] for i in r.finding_ids))) for r in a.recommendations
        ),
        "actions": sorted((x.description, rec.get(x.recommendation_id or 0)) for x in a.actions),
        "citations": sorted(
            (people[c.contributor_id], c.prompt_id, entry[c.entry_id]) for c in a.citations
        ),
        "removed": sorted(str(e.when) for e in a.chronology if e.removed_on),
    }


def test_round_trip_keeps_every_link(services, demo, tmp_path) -> None:
    # A removed entry that a finding cites, and an imported batch, travel too.
    cited = next(
        e
        for e in services.findings.analysis(demo.id).chronology
        if e.what_happened.startswith("Officers")
    )
    services.chronology.delete_entry(cited.id, confirm=True)
    before = _links(services, demo.id)
    assert before["evidence"] and before["citations"] and before["removed"] == ["2025-11-22"]
    assert any(removed for *_, removed in before["evidence"])
    first = tmp_path / "first.json"
    services.exchange.export_json(demo.id, first)
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert {
        "chronology",
        "episodes",
        "findings",
        "recommendations",
        "actions",
        "citations",
    } <= doc.keys()
    other = open_services(resolve_paths(tmp_path / "other"))
    try:
        imported = other.exchange.import_file(first)
        assert _links(other, imported.id) == before
        again = json.loads(other.exchange.export_json_bytes(imported.id))
        for d in (doc, again):
            d.pop("exported_at"), d.pop("audit_chain_hash", None)
        assert again == doc
    finally:
        other.close()


def test_a_file_without_the_new_sections_still_imports(services, demo, tmp_path) -> None:
    doc = services.exchange.export_dict(demo.id)
    for section in (
        "chronology",
        "episodes",
        "findings",
        "recommendations",
        "actions",
        "citations",
    ):
        doc.pop(section)
    other = open_services(resolve_paths(tmp_path / "other"))
    try:
        imported = other.exchange.import_document(doc)
        assert other.findings.analysis(imported.id).is_empty
        assert "chronology" not in other.exchange.export_dict(imported.id)  # nothing to write
    finally:
        other.close()


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("episodes", 0, "entries", 0), "00000000-0000-4000-8000-000000000000", "not in this file"),
        (
            ("findings", 0, "evidence", 0),
            {"entry": "00000000-0000-4000-8000-000000000000"},
            "not in this file",
        ),
        (
            ("findings", 0, "evidence", 0),
            {"contributor": "00000000-0000-4000-8000-000000000000", "prompt_id": "babies-seen"},
            "contributor who is not in this file",
        ),
        (("citations", 0, "prompt_id"), "nope", "not a prompt"),
        (("chronology", 0, "theme_ids"), ["nope"], "not a theme"),
        (("chronology", 0, "precision"), "week", "not one of"),
        (("actions", 0, "status"), "done", "not one of"),
        (("chronology", 1, "uid"), None, "used twice"),
    ],
)
def test_broken_links_are_refused(services, demo, tmp_path, path, value, problem) -> None:
    doc = copy.deepcopy(services.exchange.export_dict(demo.id))
    if value is None:
        value = doc["chronology"][0]["uid"]
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    other = open_services(resolve_paths(tmp_path / "other"))
    try:
        with pytest.raises(ExchangeFormatError, match=problem):
            other.exchange.import_document(doc)
        assert other.reviews.list_reviews() == []
    finally:
        other.close()


def test_the_schema_describes_the_sections(services, demo) -> None:
    services.chronology.add_entry(demo.id, ChronologyEntry(date(2025, 1, 1), "Year only"))
    schema = json.loads(resource("schemas", "reviewdesk-review-1.schema.json").read_text())
    doc = json.loads(services.exchange.export_json_bytes(demo.id))
    jsonschema.validate(doc, schema)
    doc["findings"][0]["evidence"][0] = {"entry": "x"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
