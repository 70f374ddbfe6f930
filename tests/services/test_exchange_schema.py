"""Every imported file is checked against its published JSON Schema first (issue 21, point 3):
a file that fails gets one kind sentence naming where the problem is, and nothing changes."""

from __future__ import annotations

import copy
import json
from datetime import date

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from referencing import Registry, Resource

from reviewdesk.domain.analysis import (
    Action,
    ActionStatus,
    ChronologyEntry,
    DatePrecision,
    Finding,
    FindingKind,
    Recommendation,
)
from reviewdesk.domain.errors import ExchangeFormatError, ReviewDeskError
from reviewdesk.domain.review import CaseRecord, Child, ReviewType
from reviewdesk.resources import resource
from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.schema import SCHEMAS, check_document, inlined
from tests.exchange_loop import PASSPHRASE, dump, library, members, reflect

REF = "DEMO-2026-01"


def _schemas() -> dict[str, dict]:
    return {
        fmt: json.loads(resource("schemas", file).read_text("utf-8"))
        for fmt, (file, _) in SCHEMAS.items()
    }


def _registry() -> Registry:
    return Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in _schemas().values()
    )


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_each_published_schema_is_valid_and_its_references_resolve() -> None:
    registry = _registry()
    for fmt, schema in _schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert "$ref" not in json.dumps(inlined(SCHEMAS[fmt][0]))  # compiled: nothing to follow
        resolver = registry.resolver(base_uri=schema["$id"])
        refs = _refs(schema)
        assert refs
        for ref in refs:  # an outside tool (jsonschema) finds every reference too
            assert resolver.lookup(ref).contents


@pytest.fixture
def lead(tmp_path):
    svc = library(tmp_path, "lead")
    yield svc
    svc.close()


@pytest.fixture
def other(tmp_path):
    svc = library(tmp_path, "other")
    yield svc
    svc.close()


@pytest.fixture
def exported(lead) -> dict:
    demo, _ = lead.exchange.add_demo()
    return json.loads(lead.exchange.export_json_bytes(demo.id))


def _answer(doc: dict) -> dict:
    return doc["contributors"][0]["answers"][0]


# (how the file is spoiled, what the message must say)
CORRUPT = {
    "an answer with no text": (
        lambda d: _answer(d).pop("text"),
        "the answer to prompt '{prompt}' by {name}, in review DEMO-2026-01, has no text "
        "(at contributors[0].answers[0])",
    ),
    "an answer that is a number": (
        lambda d: _answer(d).update(text=42),
        "the text of the answer to prompt '{prompt}' by {name}, in review DEMO-2026-01, "
        "should be text",
    ),
    "a title nested in objects": (
        lambda d: d["review"].update(title={"a": {"b": {"c": ["Child D"]}}}),
        "the title of the case record, in review DEMO-2026-01, should be text",
    ),
    "a huge answer": (
        lambda d: _answer(d).update(text="x" * 1_000_000),
        "is longer than 200,000 characters (at contributors[0].answers[0].text)",
    ),
    "a huge reference": (
        lambda d: d["review"].update(reference="R" * 100_000),
        "the reference of the case record, in review "
        + "R" * 60
        + ", is longer than 60 characters",
    ),
    "a newer version": (
        lambda d: d.update(format_version=2),
        "uses version 2 of its format; this version of ReviewDesk reads version 1. "
        "Please update ReviewDesk",
    ),
    "a field from the future": (
        lambda d: d["findings"][0].update(severity="high"),
        "has fields this version of ReviewDesk does not know: severity",
    ),
    "a finding of an unknown kind": (
        lambda d: d["findings"][0].update(kind="bad"),
        "the kind of finding F1, in review DEMO-2026-01, 'bad' is not one of improvement, "
        "good_practice",
    ),
    "a blank action": (
        lambda d: d["actions"][0].update(description="   "),
        "the description of action 1, in review DEMO-2026-01, is empty",
    ),
    "a date in words": (
        lambda d: d["chronology"][0].update(date="last Tuesday"),
        "should be a date like 2026-03-14 (at chronology[0].date)",
    ),
    "a prompt of the framework with no text": (
        lambda d: d["framework"]["themes"][1]["prompts"][0].pop("text"),
        "prompt '{fw_prompt}' of theme '{fw_theme}', in review DEMO-2026-01, has no text",
    ),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_a_corrupt_review_file_is_refused_by_the_schema_in_words(
    exported, other, tmp_path, case
) -> None:
    spoil, said = CORRUPT[case]
    doc = copy.deepcopy(exported)
    spoil(doc)
    path = tmp_path / "review.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    theme = exported["framework"]["themes"][1]
    said = said.format(
        prompt=_answer(exported)["prompt_id"],
        name=exported["contributors"][0]["name"],
        fw_prompt=theme["prompts"][0]["id"],
        fw_theme=theme["id"],
    )
    db = tmp_path / "other" / "reviewdesk.sqlite3"
    before = dump(db)
    with pytest.raises(ExchangeFormatError) as err:
        other.imports.import_file(path)
    assert said in str(err.value)
    assert str(err.value).endswith("Nothing has been changed.")
    assert "data." not in str(err.value)  # never the validator's own words
    assert dump(db) == before
    assert other.reviews.list_reviews() == []
    # the same file unspoilt imports: it was the one change that was refused
    path.write_text(json.dumps(exported), encoding="utf-8")
    assert other.imports.import_file(path).review.reference == REF


def test_a_corrupt_pack_and_contribution_are_refused_by_the_schema(tmp_path) -> None:
    lead, priya = library(tmp_path, "lead"), library(tmp_path, "priya")
    try:
        review = lead.exchange.add_demo()[0]
        pack = tmp_path / "p.rdpack"
        lead.packs.make_pack(review.id, "Priya Shah", pack, None)
        payload = json.loads(members(pack.read_bytes())["payload.json"])
        payload["start"]["answers"] = [{"prompt_id": "babies-seen", "text": ["a", "list"]}]
        bad = tmp_path / "bad.rdpack"
        bad.write_bytes(sealed.seal("pack", json.dumps(payload).encode(), None))
        before = dump(tmp_path / "priya" / "reviewdesk.sqlite3")
        with pytest.raises(ReviewDeskError, match="answer to prompt 'babies-seen'") as err:
            priya.imports.import_file(bad, None)
        assert "in review DEMO-2026-01" in str(err.value)
        assert dump(tmp_path / "priya" / "reviewdesk.sqlite3") == before

        opened = priya.imports.import_file(pack, None).review.id
        reflect(priya, opened, "Seen at home")
        back = tmp_path / "back.rdreturn"
        priya.contributions.write(opened, back, PASSPHRASE)
        inner = json.loads(sealed.unseal(sealed.peek(back.read_bytes()), PASSPHRASE))
        inner["contribution"]["written_by"]["name"] = ""
        bad_back = tmp_path / "bad.rdreturn"
        bad_back.write_bytes(
            sealed.seal(
                "contribution", json.dumps(inner).encode(), PASSPHRASE, sealed.FAST_TEST_KDF
            )
        )
        before = dump(tmp_path / "lead" / "reviewdesk.sqlite3")
        with pytest.raises(ReviewDeskError) as err:
            lead.imports.import_file(bad_back, PASSPHRASE)
        assert "the name of who wrote it, in review DEMO-2026-01, is empty" in str(err.value)
        assert dump(tmp_path / "lead" / "reviewdesk.sqlite3") == before
    finally:
        lead.close()
        priya.close()


def test_what_is_not_a_review_at_all_is_told_plainly(other) -> None:
    for value, said in (
        ([1, 2], "it is not a ReviewDesk review (the file holds a list, not an object)"),
        ({}, "it is not a ReviewDesk review (it does not say what format it is)"),
        ({"format": "reviewdesk-pack"}, "it is not a ReviewDesk review (format 'reviewdesk-pack')"),
        ({"format": "reviewdesk-review", "format_version": "1"}, "should be a whole number"),
    ):
        with pytest.raises(ExchangeFormatError, match=None) as err:
            other.exchange.import_document(value)
        assert said in str(err.value)


# --- the schema is exactly what the exporter writes ------------------------------------------

_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)
_words = _text.filter(lambda s: s.strip())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=_words,
    lead_name=_text,
    pseudonym=_words,
    answer=_text,
    what=_words,
    when=st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    precision=st.sampled_from(DatePrecision),
    significant=st.booleans(),
    kind=st.sampled_from(FindingKind),
    status=st.sampled_from(ActionStatus),
    due=st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31)),
)
def test_any_review_the_app_makes_exports_to_a_file_the_schema_accepts(
    services, title, lead_name, pseudonym, answer, what, when, precision, significant, kind,
    status, due,
) -> None:  # fmt: skip
    summary = services.reviews.create(
        CaseRecord(
            reference=f"GEN-{len(services.reviews.list_reviews()) + 1}",
            title=title,
            review_type=ReviewType.LCSPR,
            lead=lead_name,
            children=(Child(pseudonym, "3 years"),),
        )
    )
    doc = services.reviews.get(summary.id)
    me = doc.contributors[0].contributor if doc.contributors else None
    if me is None:
        me = services.reviews.add_contributor(summary.id, "Alex Example", "Nurse", "Health")
    prompt = doc.framework.themes[0].prompts[0].id
    services.reviews.save_answer(me.id, prompt, answer, "")
    services.chronology.add_entry(
        summary.id,
        ChronologyEntry(
            when=when,
            what_happened=what,
            agency="Police",
            precision=precision,
            significant=significant,
        ),
    )
    theme = doc.framework.themes[0].id
    finding = services.findings.add_finding(
        summary.id,
        Finding(ref="F1", statement=what, kind=kind, theme_ids=(theme,), question=answer),
    )
    recommendation = services.findings.add_recommendation(
        summary.id, Recommendation(ref="R1", text=what, finding_ids=(finding.id,))
    )
    services.actions.add_action(
        summary.id,
        Action(
            description=what,
            recommendation_id=recommendation.id,
            owner_agency="Health",
            owner_role=lead_name[:100],
            due=due,
            status=status,
            how_we_will_know=answer,
        ),
    )
    exported = json.loads(services.exchange.export_json_bytes(summary.id))
    assert exported["findings"] and exported["recommendations"] and exported["actions"]
    check_document(exported, "reviewdesk-review")  # ReviewDesk's own check
    schema = _schemas()["reviewdesk-review"]
    jsonschema.Draft202012Validator(schema, registry=_registry()).validate(exported)
