"""The audit trail records who changed what and when, in the change's own transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from reviewdesk.domain.audit import GENESIS_HASH, AuditRecord, new_record, verify_chain
from reviewdesk.domain.errors import NotFoundError
from reviewdesk.domain.review import Profile, Relevance
from reviewdesk.paths import resolve_paths
from reviewdesk.services.audit import UNNAMED
from reviewdesk.services.bundle import Services, open_services
from reviewdesk.store.engine import open_memory_store
from tests.engines import assert_notes_kept_where_they_belong, on_server, who

CANARY = "CANARY-REFLECTION-5517"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_each_kind_of_change_is_recorded_without_any_text(
    services, record, tmp_path, every_row
) -> None:
    s = services
    review = s.reviews.create(record)
    s.reviews.update_record(review.id, replace(record, title="Child Q (renamed)", lead="Panel"))
    c = s.reviews.add_contributor(review.id, "Alex Moor", "Health visitor")
    theme = s.reviews.get(review.id).framework.themes[0]
    s.reviews.save_answer(c.id, theme.prompts[0].id, CANARY)
    s.reviews.save_assessment(c.id, theme.id, Relevance.SOME, CANARY)
    s.reviews.save_private_note(c.id, CANARY)  # private: not in the trail at all
    s.reviews.archive(review.id)
    s.reviews.restore(review.id)
    out = s.exchange.export_json(review.id, tmp_path / "out.json")
    s.reviews.delete(review.id)
    s.reviews.undelete(review.id)
    s.exchange.add_demo()

    entries: list = list(reversed(s.audit.entries()))
    if on_server(s):  # the library's first entry is the owner's ('reviewdesk server init'): a
        # lead reads the entries of the reviews they lead (row-level security), so it is
        # looked for as the owner sees the trail
        assert any("'library.created'" in row for row in dict(every_row())["audit_log"])
        entries.insert(0, SimpleNamespace(action="library.created", details="", reference=""))
    assert [e.action for e in entries] == [
        "library.created",
        "review.created",
        "review.edited",
        "contributor.added",
        "answer.saved",
        "assessment.saved",
        "review.archived",
        "review.unarchived",
        "review.exported",
        "review.deleted",
        "review.undeleted",
        "review.imported",
    ]
    assert all(e.reference == "LCSPR-2026-07" for e in entries[1:-1])
    assert entries[2].details == "changed: title, lead"
    assert entries[4].details == f"contributor {c.id}; prompt {theme.prompts[0].id}"
    assert {e.who for e in entries[1:]} == {who(services, UNNAMED)}  # (a server: the account)
    assert CANARY not in json.dumps([e.details for e in entries])
    with s.store.read() as session:
        from reviewdesk.store import audit as audit_store

        stored = " ".join(r.what for r in audit_store.records(session))
    stored += repr(dict(every_row())["audit_log"])  # and every entry, as the owner sees them
    assert CANARY not in stored and "Alex Moor" not in stored
    exported = next(e for e in entries if e.action == "review.exported")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["audit_chain_hash"] == entries[7].row_hash  # the hash just before it
    with s.store.read() as session:
        what = json.loads(
            next(r for r in audit_store.records(session) if r.seq == exported.seq).what
        )
    assert what["file_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert s.audit.verify().ok
    # (on a server: on this computer; the same words are in the answer, so not looked for)
    assert_notes_kept_where_they_belong(s, every_row, CANARY, only_in_notes=False)


def test_the_profile_name_or_command_line_is_who(data_dir: Path, record) -> None:
    services = open_services(resolve_paths(data_dir))
    try:
        services.profile.save(Profile("Sam Reid", "Review lead"))
        services.reviews.create(record)
        assert services.audit.entries(limit=1)[0].who == "Sam Reid"
    finally:
        services.close()
    services = open_services(resolve_paths(data_dir), who="command line")
    try:
        services.reviews.archive(services.reviews.list_reviews()[0].id)
        assert services.audit.entries(limit=1)[0].who == "command line"
    finally:
        services.close()


def test_answer_saves_are_coalesced_per_contributor_and_prompt(record) -> None:
    clock = Clock()
    services = Services.over(open_memory_store(), clock=clock)
    review = services.reviews.create(record)
    a = services.reviews.add_contributor(review.id, "Alex Moor")
    b = services.reviews.add_contributor(review.id, "Jo Lake")
    p1, p2 = (p.id for p in services.reviews.get(review.id).framework.themes[0].prompts[:2])
    before = services.audit.count()
    for _ in range(20):  # a debounced save every 20 seconds for over 6 minutes
        services.reviews.save_answer(a.id, p1, "typing...")
        clock.now += timedelta(seconds=20)
    assert services.audit.count() == before + 1
    services.reviews.save_answer(a.id, p2, "another prompt")
    services.reviews.save_answer(b.id, p1, "another contributor")
    assert services.audit.count() == before + 3
    clock.now += timedelta(minutes=10)
    services.reviews.save_answer(a.id, p1, "a new editing session")
    assert services.audit.count() == before + 4
    assert services.audit.verify().ok


def test_a_refused_change_writes_no_entry(services, record) -> None:
    review = services.reviews.create(record)
    c = services.reviews.add_contributor(review.id, "Alex Moor")
    before = services.audit.count()
    with pytest.raises(NotFoundError):
        services.reviews.save_answer(c.id, "no-such-prompt", "text")
    assert services.audit.count() == before


def test_upgrading_and_creating_libraries_start_the_chain() -> None:
    services = Services.over(open_memory_store())
    entry = services.audit.entries()[0]
    assert entry.seq == 1 and entry.action == "library.created" and entry.who == "ReviewDesk"
    assert services.audit.latest_chain_hash() == entry.row_hash != GENESIS_HASH


def _chain(n: int) -> list[AuditRecord]:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    records, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        rec = new_record(
            seq=seq, at=at, who="x", action="review.edited", what={"n": seq}, prev=prev
        )
        records.append(rec)
        prev = rec.row_hash
    return records


def test_the_chain_rules_in_plain_python() -> None:
    chain = _chain(5)
    assert verify_chain(chain, (5, chain[-1].row_hash)).ok
    assert verify_chain([], None).ok and verify_chain([], None).latest_hash == GENESIS_HASH
    assert verify_chain(chain[:2] + chain[3:]).broken.seq == 3  # type: ignore[union-attr]
    reordered = [chain[0], chain[2], chain[1], *chain[3:]]
    assert verify_chain(reordered).broken.seq == 2  # type: ignore[union-attr]
    edited = [*chain[:3], replace(chain[3], who="y"), chain[4]]
    assert verify_chain(edited).broken.seq == 4  # type: ignore[union-attr]
    tail_cut = verify_chain(chain[:4], (5, chain[-1].row_hash))
    assert tail_cut.broken.seq == 5 and "missing" in tail_cut.message()  # type: ignore[union-attr]
    message = verify_chain(edited).message()
    assert message.startswith("The audit trail is broken at entry 4") and "1 to 3" in message
