"""The name key: kept in the library, applied to every document at one place, never exported."""

from __future__ import annotations

import zipfile

import pytest

from reviewdesk.domain.errors import NotFoundError, ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.services.names import parse_entry
from tests.engines import on_server
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


def test_a_deleted_review_takes_its_key_with_it(services, demo, every_row) -> None:
    services.names.add(demo.id, KEY_ONLY, "Grandfather")
    assert KEY_ONLY in repr(every_row())  # (the check below can fail)
    services.reviews.delete(demo.id)
    services.reviews.purge(demo.id, confirm=True)
    # the library file's bytes; on a server, every row of every table as its superuser sees
    raw = repr(every_row()).encode() if on_server(services) else services.store.path.read_bytes()
    assert KEY_ONLY.encode() not in raw
    assert squash(KEY_ONLY) not in raw.decode("latin-1")


# --- issue 16, part 4: names written with invisible characters or other spacing ---------------

DISGUISED = "Kes\u00adtrel\u00a0 Am\u200bberley"  # soft hyphen, no-break space, zero-width space


@pytest.mark.parametrize("fmt", [ExportFormat.PDF, ExportFormat.BRIEFING, ExportFormat.DOCX])
def test_a_name_with_invisible_characters_never_reaches_a_document(
    services, demo, tmp_path, fmt
) -> None:
    from reviewdesk.domain.normalise import normalise

    work = services.reviews.get(demo.id).contributors[0]
    theme = services.reviews.get(demo.id).framework.themes[0]
    services.reviews.save_answer(
        work.contributor.id, theme.prompts[0].id, f"I visited {DISGUISED} at home."
    )
    services.reviews.save_assessment(
        work.contributor.id, theme.id, None, f"Ｋｅｓｔｒｅｌ's cot; {DISGUISED}’s sleep."
    )
    services.names.add(demo.id, REAL, "Child D")
    services.names.add(demo.id, "Kestrel", "Child D")
    report = services.publication.check(demo.id)
    assert not [f for f in report.findings if f.kind.value == "name"]
    out, _ = services.publication.export(
        demo.id, fmt, tmp_path / f"pub.{fmt.extension}", allow_identifiers=True, reason="test"
    )
    printed = normalise(_all_text(fmt, out.read_bytes()))
    assert "Kestrel" not in printed and "Amberley" not in printed
    assert "Kestrel" not in squash(printed) and "Ｋｅｓｔｒｅｌ" not in printed
    assert "Child D" in printed


def test_a_name_in_an_imported_frameworks_text_is_replaced_and_checked(services) -> None:
    from dataclasses import replace

    from reviewdesk.domain.review import CaseRecord
    from reviewdesk.services.frameworks import default_framework

    base = default_framework()
    theme = base.themes[0]
    prompt = replace(theme.prompts[0], text="What did you know about Kestrel's sleep?")
    framework = replace(
        base,
        id="kestrel-review",
        description="Written for the review of Kestrel Amberley.",
        themes=(replace(theme, prompts=(prompt, *theme.prompts[1:])), *base.themes[1:]),
    )
    review = services.reviews.create(CaseRecord(reference="LCSPR-K1", title="Child D"), framework)
    c = services.reviews.add_contributor(review.id, "Rowan Tell", "Health visitor")
    services.reviews.save_answer(c.id, prompt.id, "Seen at home.")
    before = services.exports.render(review.id, ExportFormat.PDF, ExportOptions())
    assert "Kestrel" in _all_text(ExportFormat.PDF, before)  # the framework's own words print
    services.names.add(review.id, REAL, "Child D")
    services.names.add(review.id, "Kestrel", "Child D")
    for fmt in (ExportFormat.PDF, ExportFormat.DOCX):
        text = _all_text(fmt, services.exports.render(review.id, fmt, ExportOptions()))
        assert "Kestrel" not in text, fmt
        assert "Child D's sleep" in text or "Child D’s sleep" in text, fmt
    assert services.publication.check(review.id).clear


def test_the_key_is_kept_as_read_and_never_holds_the_name_in_its_pseudonym(services, demo) -> None:
    entry = services.names.add(demo.id, "Kes\u00adtrel  Am\u200bberley", "Child D")
    assert entry.real_name == "Kestrel Amberley"
    services.names.remove(demo.id, "KESTREL AMBERLEY")
    with pytest.raises(ValidationError, match="must not contain the real name"):
        services.names.add(demo.id, "Ann", "Ann's aunt")
