"""Write failures: another program holding the library, and a full disk.

Each gives a clear :class:`SaveFailedError` (or :class:`StorageError` on open), the transaction is
rolled back, nothing half-written remains, and everything saved before is intact.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reviewdesk.domain.errors import SaveFailedError, StorageError
from reviewdesk.domain.review import CaseRecord
from reviewdesk.services.audit import AuditService
from reviewdesk.services.reviews import ReviewService
from reviewdesk.store.engine import open_store
from tests.reliability.harness import ROOT, integrity

BUSY_MS = 400


def _library(db: Path) -> tuple[int, str]:
    store = open_store(db)
    try:
        reviews = ReviewService(store, audit=AuditService(store, who="test"))
        review = reviews.create(CaseRecord("BUSY-1", "Busy library (fictional)"))
        contributor = reviews.add_contributor(review.id, "Alex Moor")
        prompt = reviews.get(review.id).framework.themes[0].prompts[0].id
        reviews.save_answer(contributor.id, prompt, "Saved before the trouble began.")
        return contributor.id, prompt
    finally:
        store.close()


def _holder(db: Path, sql: str) -> subprocess.Popen[str]:
    """Another program that takes a lock on the library and keeps it."""
    code = textwrap.dedent(
        f"""
        import sqlite3, sys, time
        conn = sqlite3.connect({str(db)!r}, isolation_level=None)
        {sql}
        print("holding", flush=True)
        sys.stdin.read()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout and proc.stdout.readline().strip() == "holding"
    return proc


def _stop(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin
    proc.stdin.close()
    proc.wait(timeout=10)


def test_a_library_held_by_another_program_says_in_use_within_the_busy_timeout(
    tmp_path: Path,
) -> None:
    db = tmp_path / "reviewdesk.sqlite3"
    contributor_id, prompt = _library(db)
    holder = _holder(db, 'conn.execute("BEGIN IMMEDIATE")')
    store = open_store(db, busy_timeout_ms=BUSY_MS)
    try:
        reviews = ReviewService(store, audit=AuditService(store, who="test"))
        began = time.monotonic()
        with pytest.raises(SaveFailedError) as err:
            reviews.save_answer(contributor_id, prompt, "Typed while the other program held it.")
        waited = time.monotonic() - began
        assert BUSY_MS / 1000 * 0.8 <= waited < BUSY_MS / 1000 + 2.0
        assert err.value.reason == "in_use" and err.value.retryable
        assert "in use by another program" in str(err.value)
        assert "Everything saved before is safe" in str(err.value)
        # Reading still works meanwhile (WAL), and once the other program lets go, the retry saves.
        doc = reviews.get(reviews.list_reviews()[0].id)
        assert doc.work_of(contributor_id).answer(prompt).text == "Saved before the trouble began."
        _stop(holder)
        reviews.save_answer(contributor_id, prompt, "Typed while the other program held it.")
        doc = reviews.get(reviews.list_reviews()[0].id)
        assert doc.work_of(contributor_id).answer(prompt).text.startswith("Typed while")
    finally:
        if holder.poll() is None:
            _stop(holder)
        store.close()


def test_opening_a_library_locked_exclusively_says_in_use(tmp_path: Path) -> None:
    db = tmp_path / "reviewdesk.sqlite3"
    _library(db)
    holder = _holder(
        db,
        'conn.execute("PRAGMA locking_mode = EXCLUSIVE"); conn.execute("BEGIN EXCLUSIVE")',
    )
    try:
        began = time.monotonic()
        with pytest.raises(StorageError) as err:
            open_store(db, busy_timeout_ms=BUSY_MS)
        assert time.monotonic() - began < BUSY_MS / 1000 + 2.0
        assert err.value.reason == "in_use"
        assert "in use by another program" in str(err.value)
    finally:
        _stop(holder)
    open_store(db).close()  # and it opens once the other program has gone


DISK_FULL = """
import os, resource, signal, sys
from pathlib import Path
from reviewdesk.domain.errors import SaveFailedError
from reviewdesk.services.audit import AuditService
from reviewdesk.services.reviews import ReviewService
from reviewdesk.store.engine import open_store

db = Path(sys.argv[1])
contributor_id, prompt = int(sys.argv[2]), sys.argv[3]
store = open_store(db)
reviews = ReviewService(store, audit=AuditService(store, who="test"))
doc = reviews.get(reviews.list_reviews()[0].id)
prompts = [p.id for t in doc.framework.themes for p in t.prompts]
for i, p in enumerate(prompts[1:6]):
    reviews.save_answer(contributor_id, p, f"saved {i}")
    print(f"saved {p}", flush=True)
# The disk is now "full": the write-ahead log, where a save is written, may not grow past its
# current size plus a little (measured from the log, not the library file, whose size depends on
# how many tables the schema has).
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
wal = db.with_name(db.name + "-wal")
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
room = (wal.stat().st_size if wal.exists() else 0) + 64 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (room, hard))
try:
    reviews.save_answer(contributor_id, prompts[7], "FULL-DISK-CANARY " * (200_000 // 17))
    print("no error", flush=True)
except SaveFailedError as exc:
    print(f"error {exc.reason} {exc.retryable}: {exc}", flush=True)
# Space is freed: the same save, retried, goes through.
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
reviews.save_answer(contributor_id, prompts[7], "retried after freeing space")
print("retried", flush=True)
store.close()
"""


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_loses_nothing_saved_and_says_so_clearly(tmp_path: Path) -> None:
    db = tmp_path / "reviewdesk.sqlite3"
    contributor_id, prompt = _library(db)
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(db), str(contributor_id), prompt],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    saved = [line.split()[1] for line in lines if line.startswith("saved ")]
    assert len(saved) == 5
    error = next(line for line in lines if line.startswith(("error", "no error")))
    assert error.startswith(("error disk_full True", "error disk_error True")), error
    assert "Everything saved before is safe" in error
    assert lines[-1] == "retried"

    conn = sqlite3.connect(db)
    try:
        assert integrity(conn) == []
        texts = dict(conn.execute("SELECT prompt_id, text FROM answer").fetchall())
    finally:
        conn.close()
    assert texts[prompt] == "Saved before the trouble began."
    assert all(texts[p].startswith("saved ") for p in saved)
    assert "retried after freeing space" in texts.values()
    assert not any("FULL-DISK-CANARY" in t for t in texts.values())  # nothing half-written
