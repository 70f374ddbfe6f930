"""A lead on a server verifies the whole chain although some entries are not theirs to read:
those count by their place in the chain (sequence and hashes), which is still checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from reviewdesk.domain.audit import GENESIS_HASH, HiddenEntry, new_record, verify_chain


def _chain(n: int):  # type: ignore[no-untyped-def]
    records, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        rec = new_record(
            seq=seq,
            at=datetime(2026, 5, seq, tzinfo=UTC),
            who=f"person_{seq % 2}",
            action="answer.saved",
            what={"review": f"LCSPR-2026-0{seq % 2}"},
            prev=prev,
        )
        records.append(rec)
        prev = rec.row_hash
    return records


def _hide(records, seqs):  # type: ignore[no-untyped-def]
    return [HiddenEntry(r.seq, r.prev_hash, r.row_hash) if r.seq in seqs else r for r in records]


def test_hidden_entries_keep_their_place_and_the_chain_verifies() -> None:
    records = _chain(6)
    verdict = verify_chain(_hide(records, {2, 3, 5}), (6, records[-1].row_hash))
    assert verdict.ok and verdict.checked == 6


def test_a_hidden_entry_that_does_not_link_breaks_the_chain_there() -> None:
    chain = _hide(_chain(6), {2, 3, 5})
    chain[2] = replace(chain[2], prev_hash="f" * 64)  # entry 3, rewritten unseen
    verdict = verify_chain(chain)
    assert not verdict.ok and verdict.broken is not None and verdict.broken.seq == 3


def test_a_visible_entry_after_a_rewritten_hidden_one_is_caught() -> None:
    records = _chain(4)
    chain = _hide(records, {2})
    chain[1] = HiddenEntry(2, records[0].row_hash, "e" * 64)  # entry 2 replaced by another
    verdict = verify_chain(chain)
    assert verdict.broken is not None and verdict.broken.seq == 3
