"""The Trash: soft delete and restore; purging is confirmed, logged, and erases the text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reviewdesk.domain.analysis import Finding
from reviewdesk.domain.errors import DuplicateReviewError, NotFoundError, ValidationError
from tests.engines import on_server

CANARY = "CANARY-PURGE-7a9c41e0"
INDEXED = "Zzcanaryzz"
INDEXED_TAIL = b"canaryzz"


def test_delete_moves_to_the_trash_and_undelete_brings_it_back(services, record) -> None:
    review = services.reviews.create(record)
    services.reviews.delete(review.id)
    assert services.reviews.list_reviews() == []
    trash = services.reviews.trash()
    assert [r.reference for r in trash] == [record.reference] and trash[0].in_trash
    assert services.reviews.find(record.reference, in_trash=True).id == review.id
    with pytest.raises(NotFoundError, match="no review"):
        services.reviews.find(record.reference)
    c = None
    with pytest.raises(NotFoundError, match="in the Trash"):
        c = services.reviews.add_contributor(review.id, "Alex Moor")
    assert c is None
    with pytest.raises(DuplicateReviewError, match="Trash"):
        services.reviews.create(replace(record, title="Another"))
    restored = services.reviews.undelete(review.id)
    assert not restored.in_trash
    assert [r.id for r in services.reviews.list_reviews()] == [review.id]
    assert services.reviews.trash() == []


def test_purge_needs_confirmation_and_a_review_in_the_trash(services, record) -> None:
    review = services.reviews.create(record)
    with pytest.raises(ValidationError, match="in the Trash"):
        services.reviews.purge(review.id, confirm=True)
    services.reviews.delete(review.id)
    with pytest.raises(ValidationError, match="confirmation"):
        services.reviews.purge(review.id)
    assert services.reviews.trash()


def _library_bytes(data_dir: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in sorted(data_dir.glob("reviewdesk.sqlite3*")) if p.is_file()
    )


def test_purge_erases_the_text_from_the_database_and_its_log(
    services, record, data_dir, every_row
) -> None:
    def held() -> bytes:
        """The library file and its log; on a server, every row of every table, as its
        superuser reads them (the server's own files keep dead row versions until its VACUUM:
        the server's housekeeping, not something the app can reach)."""
        if on_server(services):
            return repr(every_row()).encode("utf-8")
        return _library_bytes(data_dir)

    review = services.reviews.create(record)
    c = services.reviews.add_contributor(review.id, "Alex Moor")
    prompts = services.reviews.get(review.id).framework.themes[0].prompts
    for i, prompt in enumerate(prompts[:3]):
        services.reviews.save_answer(c.id, prompt.id, f"{CANARY} {i} " + "reflection " * 600)
    services.reviews.save_private_note(c.id, f"private {CANARY}")
    # The search index holds the words too (folded to lower case: "zzcanaryzz" sorts last, so
    # FTS5's prefix compression keeps its tail whole), in answers and in a lead's finding.
    services.reviews.save_answer(c.id, prompts[3].id, f"{INDEXED} in an answer")
    services.findings.add_finding(review.id, Finding(ref="", statement=f"{INDEXED} finding"))
    assert services.search.search(INDEXED).count == 2
    services.store.checkpoint()  # some copies in the file itself,
    services.reviews.save_answer(c.id, prompts[0].id, f"{CANARY} again")  # some in the log
    assert CANARY.encode() in held()
    assert INDEXED_TAIL in held()  # the check below can fail
    hooked: list[int] = []
    services.reviews.purge_hooks.append(lambda session, review_id: hooked.append(review_id))

    services.reviews.delete(review.id)
    result = services.reviews.purge(review.id, confirm=True)

    assert result.scrubbed and result.reference == record.reference
    assert hooked == [review.id]  # the search index's place to forget the text
    assert services.reviews.trash() == [] and services.reviews.list_reviews() == []
    assert CANARY.encode() not in held()
    assert CANARY.encode("utf-16-le") not in held()
    assert services.search.search(INDEXED).count == 0
    assert INDEXED_TAIL not in held()  # not even in the index's old segments
    if on_server(services):  # the review's entries are no longer its lead's to read there
        audit = dict(every_row())["audit_log"]
        assert [r for r in audit if "'review.purged'" in r and record.reference in r]
    else:
        entry = services.audit.entries(limit=1)[0]
        assert entry.action == "review.purged" and entry.reference == record.reference
    assert services.audit.verify().ok
    services.reviews.create(record)  # the reference is free again
