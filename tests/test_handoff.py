"""Handing a double-clicked file to the ReviewDesk already open (reviewdesk.handoff, oslock)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reviewdesk import handoff, oslock
from reviewdesk.services.library.instance import acquire_instance_lock


def test_requests_are_taken_oldest_first_and_removed(tmp_path: Path) -> None:
    first = handoff.send(tmp_path, tmp_path / "from a colleague.rdpack")
    os.utime(first, ns=(time.time_ns() - 10**9, time.time_ns() - 10**9))  # clearly older
    handoff.send(tmp_path, None)  # "come to the front"
    (handoff.inbox(tmp_path) / f"broken{handoff.SUFFIX}").write_text("{not json")
    (handoff.inbox(tmp_path) / f"odd{handoff.SUFFIX}").write_text('["a list"]')
    taken = handoff.take(tmp_path)
    assert taken == [(tmp_path / "from a colleague.rdpack").absolute(), None]
    assert list(handoff.inbox(tmp_path).iterdir()) == []  # unreadable ones are removed too
    assert handoff.take(tmp_path) == []


def test_a_request_not_taken_in_time_is_withdrawn(tmp_path: Path) -> None:
    request = handoff.send(tmp_path, tmp_path / "x.json")
    assert not handoff.taken(request, timeout=0.1)
    handoff.withdraw(request)
    assert not request.exists()
    assert handoff.take(tmp_path) == []


def test_the_lock_probe_sees_another_holder_and_leaves_a_free_lock_free(tmp_path: Path) -> None:
    assert not oslock.held_elsewhere(tmp_path)  # no lock file yet
    lock = acquire_instance_lock(tmp_path)
    try:
        assert oslock.held_elsewhere(tmp_path)
    finally:
        lock.release()
    assert not oslock.held_elsewhere(tmp_path)
    again = acquire_instance_lock(tmp_path)  # the probe did not keep it
    again.release()
