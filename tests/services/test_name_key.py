"""The name key: kept in the library, applied to every document at one place, never exported."""

from __future__ import annotations

import zipfile

import pytest

from reviewdesk.domain.errors import NotFoundError, ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.services.names import parse_entry
from tests.exports.conftest import squash
from tests.exports.test_private_notes import _all_text

REAL = "Kestrel Amberley"  # fictional; written by a practitioner while reflecting
KEY_ONLY = "Quillon Marsh"  # a name that is only ever in the key: it must never leave


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    return services.exchange.add_demo()[0]


@pytest.fixture
def keyed(services, demo):  # type: ignore[no-untyped-def]
    """The demo review with real names written into answers, a key learning, the title and a
    contributor's name, and a name key that covers them."""
    doc = services.reviews.get(demo.id)
    work = doc.contributors[0]
    theme = doc.framework.themes[0]
    prompt = theme.prompts[0]
    services.reviews.save_answer(
        work.contributor.id,
        prompt.id,
        f"I visited {REAL} at home. KESTREL'S cot was in the hall; kestrel’s sister was there. "
        "Mrs Amberley-Jones (a neighbour) called.",
    )
    services.reviews.save_assessment(
        work.contributor.id, theme.id, None, f"What {REAL.upper()} needed was a plan."
    )
    services.names.add(demo.id, REAL, "Child D")
    services.names.add(demo.id, "Kestrel", "Child D")
    services.names.add(demo.id, KEY_ONLY, "Grandfather")
    services.names.add(demo.id, work.contributor.name, "Health Visitor 1")
    return demo, work, prompt


@pytest.mark.parametrize("fmt", [ExportFormat.PDF, ExportFormat.BRIEFING, ExportFormat.DOCX])
@pytest.mark.parametrize("names", [False, True])
def test_documents_never_hold_a_real_name_from_the_key(services, keyed, fmt, names) -> None:
    demo, work, _prompt = keyed
    options = ExportOptions(show_names=names, theme_ids=None)
    text = _all_text(fmt, services.exports.render(demo.id, fmt, options))
    for leaked in ("Kestrel", "KESTREL", "kestrel", "Amberley Jones", KEY_ONLY, "Quillon"):
        assert leaked not in text.replace("Amberley-Jones", ""), (fmt, leaked)
    if fmt is ExportFormat.DOCX:
        assert "Child D’s sister" in text and "Child D's cot" in text
        assert "Mrs Amberley-Jones" in text  # another person's name is not touched
    if names:  # the contributor's own name is in the key as well
        assert work.contributor.name not in text


def test_the_pseudonymised_copy_is_what_renderers_get(services, keyed) -> None:
    demo, work, prompt = keyed
    source = services.exports.input_for(demo.id)
    answer = source.document.work_of(work.contributor.id).answer(prompt.id)
    assert answer is not None
    assert answer.text.startswith("I visited Child D at home. Child D's cot")
    assert source.document.work_of(work.contributor.id).contributor.name == "Health Visitor 1"
    assert source.document.framework == services.reviews.get(demo.id).framework  # untouched
    # ... while the stored text is exactly what was written
    stored = services.reviews.get(demo.id).work_of(work.contributor.id).answer(prompt.id)
    assert stored is not None and REAL in stored.text


def test_the_key_is_never_in_json_or_packs(services, keyed, tmp_path) -> None:
    demo, _work, _prompt = keyed
    json_text = services.exports.render(demo.id, ExportFormat.JSON).decode("utf-8")
    assert KEY_ONLY not in json_text and "Grandfather" not in json_text
    assert "name_key" not in json_text
    pack = tmp_path / "pack.rdpack"
    services.packs.make_pack(demo.id, "New Contributor", pack, None, role="GP")
    with zipfile.ZipFile(pack) as z:
        body = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert KEY_ONLY not in body and "Grandfather" not in body


def test_entries_add_change_remove_and_audit_without_names(services, demo) -> None:
    services.names.add(demo.id, "  Mary   Ann Lowe ", "Grandmother")
    services.names.add(demo.id, "Ann", "Aunt")
    entries = services.names.entries(demo.id)
    assert [(e.real_name, e.pseudonym) for e in entries] == [
        ("Mary Ann Lowe", "Grandmother"),  # longest first: the order of replacement
        ("Ann", "Aunt"),
    ]
    services.names.add(demo.id, "ann", "Maternal aunt")  # same name, any case: a change
    assert [e.pseudonym for e in services.names.entries(demo.id)] == [
        "Grandmother",
        "Maternal aunt",
    ]
    services.names.remove(demo.id, "MARY ANN LOWE")
    assert [e.real_name for e in services.names.entries(demo.id)] == ["ann"]
    with pytest.raises(NotFoundError):
        services.names.remove(demo.id, "Nobody")
    with pytest.raises(ValidationError):
        services.names.add(demo.id, "Ann", "ANN")
    with pytest.raises(ValidationError):
        services.names.add(demo.id, "", "Mother")
    actions = [e.action for e in services.audit.entries(reference=demo.reference, limit=10)]
    assert {"name_key.added", "name_key.changed", "name_key.removed"} <= set(actions)
    trail = "".join(
        str(e.details) + e.reference for e in services.audit.entries(reference=demo.reference)
    )
    assert "Lowe" not in trail and "Grandmother" not in trail


def test_command_line_entry_form() -> None:
    assert parse_entry(" Jo Bloggs = Mother ") == ("Jo Bloggs", "Mother")
    assert parse_entry("A=B=C") == ("A", "B=C")
    for bad in ("Jo Bloggs", "=Mother", "Jo="):
        with pytest.raises(ValidationError):
            parse_entry(bad)


def test_a_deleted_review_takes_its_key_with_it(services, demo) -> None:
    services.names.add(demo.id, KEY_ONLY, "Grandfather")
    services.reviews.delete(demo.id)
    services.reviews.purge(demo.id, confirm=True)
    raw = services.store.path.read_bytes()
    assert KEY_ONLY.encode() not in raw
    assert squash(KEY_ONLY) not in raw.decode("latin-1")
