from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewdesk.domain.errors import ExchangeFormatError, ReviewDeskError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from tests.engines import assert_notes_kept_where_they_belong


def _dump(db: Path) -> list:
    """Every row of every table of a library file (tests/exchange_loop.py uses it; the tests
    here use the ``every_row`` fixture, which reads a server too)."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"')))) for t in tables]
    finally:
        conn.close()


def _without_stamp(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    doc.pop("exported_at")
    doc.pop("audit_chain_hash", None)  # each library has its own audit chain
    return doc


@pytest.fixture
def demo(services):
    summary, added = services.exchange.add_demo()
    assert added
    return summary


def test_demo_is_added_once_with_partial_progress(services, demo) -> None:
    again, added = services.exchange.add_demo()
    assert not added and again.id == demo.id
    assert 0 < demo.progress.answered < demo.progress.total
    doc = services.reviews.get(demo.id)
    assert "fictional" in doc.title.lower()
    assert len(doc.contributors) >= 2


def test_round_trip_into_an_empty_library_loses_nothing(services, demo, tmp_path) -> None:
    c = services.reviews.get(demo.id).contributors[0].contributor
    services.reviews.save_assessment(c.id, "identity", None, "Unrated, with learning")
    services.reviews.archive(demo.id)
    first = tmp_path / "first.json"
    services.exchange.export_json(demo.id, first)

    other = open_services(resolve_paths(tmp_path / "other"))
    try:
        imported = other.exchange.import_file(first)
        second = tmp_path / "second.json"
        other.exchange.export_json(imported.id, second)
        assert imported.archived
        assert imported.progress == services.reviews.summary(demo.id).progress
    finally:
        other.close()
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(second.read_text(encoding="utf-8"))
    assert _without_stamp(a) == _without_stamp(b)
    assert services.reviews.get(demo.id) is not None


def test_private_notes_never_leave_in_json(services, demo, tmp_path, every_row) -> None:
    c = services.reviews.get(demo.id).contributors[0].contributor
    services.reviews.save_private_note(c.id, "CANARY-PRIVATE-7731")
    services.reviews.save_private_note(c.id, "CANARY-PRIVATE-8842", theme_id="babies")
    out = services.exchange.export_json(demo.id, tmp_path / "out.json")
    assert "CANARY-PRIVATE" not in out.read_text(encoding="utf-8")
    # in the library file's own table; on a server, only in the file on this computer
    assert_notes_kept_where_they_belong(
        services, every_row, "CANARY-PRIVATE-7731", "CANARY-PRIVATE-8842"
    )


def test_export_is_atomic_and_complete_json(services, demo, tmp_path) -> None:
    out = tmp_path / "out.json"
    services.exchange.export_json(demo.id, out)
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "reviewdesk-review"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def _valid(services, demo) -> dict:
    doc = services.exchange.export_dict(demo.id)
    doc["review"]["reference"] = "OTHER-1"
    doc["review"]["uid"] = "00000000-0000-4000-8000-000000000001"
    for i, c in enumerate(doc["contributors"]):
        c["uid"] = f"00000000-0000-4000-8000-00000000010{i}"
    return doc


BAD_DOCUMENTS = {
    "wrong format": lambda d: d.update(format="something-else"),
    "newer version": lambda d: d.update(format_version=2),
    "version as text": lambda d: d.update(format_version="1"),
    "missing review": lambda d: d.pop("review"),
    "unknown field": lambda d: d.update(surprise=True),
    "reference missing": lambda d: d["review"].pop("reference"),
    "reference not text": lambda d: d["review"].update(reference=12),
    "blank title": lambda d: d["review"].update(title="  "),
    "bad review type": lambda d: d["review"].update(review_type="inquest"),
    "impossible date": lambda d: d["review"]["dates"].update(incident="2026-02-30"),
    "date wrong shape": lambda d: d["review"]["dates"].update(incident="14/02/2026"),
    "naive time": lambda d: d["review"].update(created_at="2026-01-01T10:00:00"),
    "bad uid": lambda d: d["review"].update(uid="not-a-uid"),
    "scope backwards": lambda d: d["review"]["scope"].update(start="2026-01-01", end="2025-01-01"),
    "children not list": lambda d: d["review"].update(children="Child D"),
    "unknown prompt": lambda d: d["contributors"][0]["answers"][0].update(prompt_id="nope"),
    "prompt twice": lambda d: d["contributors"][0]["answers"].append(
        dict(d["contributors"][0]["answers"][0])
    ),
    "bad relevance": lambda d: d["contributors"][0]["assessments"][0].update(relevance="high"),
    "unknown theme": lambda d: d["contributors"][0]["assessments"][0].update(theme_id="x"),
    "contributor uid twice": lambda d: d["contributors"][1].update(uid=d["contributors"][0]["uid"]),
    "contributor without name": lambda d: d["contributors"][0].update(name=""),
    "answer too long": lambda d: d["contributors"][0]["answers"][0].update(text="x" * 200_001),
    "broken framework": lambda d: d["framework"]["themes"][0].pop("prompts"),
    "framework not object": lambda d: d.update(framework=[]),
    "too many agencies": lambda d: d["review"].update(agencies=["A"] * 1001),
}


@pytest.mark.parametrize("name", sorted(BAD_DOCUMENTS))
def test_bad_documents_are_refused_and_change_nothing(services, demo, every_row, tmp_path, name):
    doc = _valid(services, demo)
    BAD_DOCUMENTS[name](doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = every_row()
    with pytest.raises(ExchangeFormatError) as err:
        services.exchange.import_file(path)
    assert "Nothing has been changed" in str(err.value)
    assert every_row() == before


BAD_BYTES = {
    "empty": b"",
    "whitespace": b"  \n ",
    "truncated": b'{"format": "reviewdesk-review", "format_versi',
    "not utf-8": b"\xff\xfe\x00{\x00",
    "random bytes": bytes(range(256)) * 4,
    "a list": b"[1, 2, 3]",
    "NaN": b'{"format": NaN}',
    "duplicate keys": b'{"format": "reviewdesk-review", "format": "x"}',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
}


@pytest.mark.parametrize("name", sorted(BAD_BYTES))
def test_unreadable_files_are_refused_and_change_nothing(services, demo, every_row, tmp_path, name):
    path = tmp_path / "bad.json"
    path.write_bytes(BAD_BYTES[name])
    before = every_row()  # (the library file's rows; on a server, every row of its database)
    with pytest.raises(ExchangeFormatError):
        services.exchange.import_file(path)
    assert every_row() == before


def test_importing_the_same_review_twice_is_refused(services, demo, tmp_path) -> None:
    out = services.exchange.export_json(demo.id, tmp_path / "out.json")
    with pytest.raises(ReviewDeskError, match="already in this library"):
        services.exchange.import_file(out)
    assert len(services.reviews.list_reviews()) == 1


def test_missing_file_and_folder_are_readable_errors(services, tmp_path) -> None:
    with pytest.raises(ReviewDeskError, match="There is no file"):
        services.exchange.import_file(tmp_path / "absent.json")
    with pytest.raises(ReviewDeskError, match="is a folder"):
        services.exchange.import_file(tmp_path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(garbage=json_values)
def test_arbitrary_json_never_crashes_the_importer(services, garbage) -> None:
    with pytest.raises(ExchangeFormatError):
        services.exchange.import_document(garbage)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.lists(
        st.sampled_from(
            [
                "review",
                "contributors",
                0,
                "answers",
                "dates",
                "scope",
                "framework",
                "themes",
                "prompts",
                "text",
                "uid",
            ]
        ),
        min_size=1,
        max_size=4,
    ),
    value=json_values,
)
def test_a_valid_document_with_one_value_replaced_is_handled(services, demo, path, value) -> None:
    doc = _valid(services, demo)
    target = doc
    for key in path[:-1]:
        if isinstance(target, dict) and isinstance(key, str) and key in target:
            target = target[key]
        elif isinstance(target, list) and isinstance(key, int) and target:
            target = target[0]
    last = path[-1]
    if isinstance(target, dict) and isinstance(last, str):
        target[last] = value
    try:
        summary = services.exchange.import_document(doc)
    except ReviewDeskError:
        return
    # accepted: then it must read back as a whole review
    assert services.reviews.get(summary.id).reference == summary.reference


def test_an_absurdly_large_file_is_refused_without_reading_it_all(services, tmp_path) -> None:
    from reviewdesk.services.exchange import document as exchange

    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(exchange.MAX_FILE_BYTES + 10)  # sparse: costs no disk
    with pytest.raises(ExchangeFormatError, match="too large"):
        services.exchange.import_file(big)


def test_exported_json_matches_the_published_schema(services, demo) -> None:
    import jsonschema

    from reviewdesk.resources import resource

    schema = json.loads(resource("schemas", "reviewdesk-review-1.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = services.exchange.export_dict(demo.id)
    jsonschema.validate(document, schema)
    document["review"]["review_type"] = "inquest"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
