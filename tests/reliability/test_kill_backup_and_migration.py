"""Kills during a backup and during a schema upgrade.

- A backup killed at any moment leaves no file under a backup name unless that file is complete
  and checked, and never touches older backups.
- A schema upgrade killed at any moment leaves the old schema or the new one, never a mix, with
  all the data; once the upgrade has begun, the verified pre-upgrade backup exists; and the next
  open finishes the job.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.library.backups import BackupService, check_backup, list_backups
from reviewdesk.store.backups import parse_name
from reviewdesk.store.engine import head_revision, open_store
from tests.reliability.harness import ForkServer, integrity, schema_of

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="fork and SIGKILL are POSIX"),
    pytest.mark.slow,
]

FIXTURE_0001 = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "schema-0001.sqlite3"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def server():
    s = ForkServer()
    yield s
    s.close()


def _big_library(data_dir: Path) -> None:
    """A library of about 2 MB, so that copying it takes many backup steps."""
    services = open_services(resolve_paths(data_dir), daily_backup=False)
    try:
        demo, _ = services.exchange.add_demo()
        doc = services.reviews.get(demo.id)
        c = services.reviews.add_contributor(demo.id, "Bulk writer (fictional)")
        for i, prompt in enumerate(
            doc.framework.themes[0].prompts + doc.framework.themes[1].prompts
        ):
            services.reviews.save_answer(c.id, prompt.id, f"bulk {i} " + "reflection " * 12_000)
    finally:
        services.close()


def test_a_killed_backup_leaves_no_partial_backup_and_older_ones_intact(
    tmp_path: Path, server: ForkServer
) -> None:
    data = tmp_path / "data"
    _big_library(data)
    store = open_store(data / "reviewdesk.sqlite3", data / "backups")
    try:
        for day in (28, 29):  # older backups, kept by the rotation
            clock = lambda day=day: datetime(2026, 4, day, 9, 0, tzinfo=UTC)  # noqa: E731
            BackupService(store, data / "backups", clock=clock).take("daily")
    finally:
        store.close()
    known = {p.name: _digest(p.path) for p in list_backups(data / "backups")}
    assert len(known) >= 2

    calibration = server.run(task="backup", dir=str(data), delay=60)
    assert calibration["lines"][-1] == "END", calibration["lines"]
    made = calibration["lines"][-2].split()[1]
    known[made] = _digest(data / "backups" / made)
    full = calibration["seconds"]

    rnd = random.Random(7)
    mid_copy = 0
    for _ in range(30):
        result = server.run(task="backup", dir=str(data), delay=rnd.uniform(0.0, full * 1.1))
        assert not [x for x in result["lines"] if x.startswith("ERROR")], result["lines"]
        folder = data / "backups"
        partial = [p for p in folder.iterdir() if p.name.startswith(".")]
        mid_copy += bool(partial) and result["killed"]
        for p in folder.iterdir():
            if parse_name(p.name) is None:
                assert p.name.startswith(".") and ".part" in p.name, p.name
                continue
            if p.name in known:
                assert _digest(p) == known[p.name], f"an older backup changed: {p.name}"
            else:  # a new backup under its final name must be complete and verified
                assert check_backup(p).ok, p.name
                known[p.name] = _digest(p)
    assert mid_copy >= 3, "too few kills landed in the middle of a copy to prove anything"
    # The next backup clears what the killed ones left behind.
    BackupService(None, data / "backups", database=data / "reviewdesk.sqlite3").take()
    assert not [p for p in (data / "backups").iterdir() if p.name.startswith(".")]


def test_a_killed_upgrade_leaves_the_old_or_the_new_schema_never_a_mix(
    tmp_path: Path, server: ForkServer
) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(FIXTURE_0001, reference / "old.sqlite3")
    shutil.copy(FIXTURE_0001, reference / "new.sqlite3")
    old_schema = schema_of(reference / "old.sqlite3")
    open_store(reference / "new.sqlite3", reference / "backups").close()
    new_schema = schema_of(reference / "new.sqlite3")
    assert old_schema != new_schema

    def trial(n: int, delay: float) -> dict:
        data = tmp_path / f"trial-{n}"
        data.mkdir()
        shutil.copy(FIXTURE_0001, data / "reviewdesk.sqlite3")
        result = server.run(task="migrate", dir=str(data), delay=delay)
        assert not [x for x in result["lines"] if x.startswith("ERROR")], result["lines"]
        result["dir"] = data
        return result

    calibration = trial(0, 60)
    assert calibration["lines"][-1] == "END"
    full = calibration["seconds"]

    rnd = random.Random(11)
    outcomes = {"old": 0, "new": 0, "mid_upgrade": 0}
    for n in range(1, 31):
        result = trial(n, rnd.uniform(0.0, full * 1.1))
        data = result["dir"]
        db = data / "reviewdesk.sqlite3"
        conn = sqlite3.connect(db)
        try:
            assert integrity(conn) == []
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            assert conn.execute("SELECT reference FROM review").fetchall() == [("DEMO-2026-01",)]
            answers = conn.execute("SELECT count(*) FROM answer").fetchone()[0]
        finally:
            conn.close()
        schema = schema_of(db)
        if revision == "0001":
            assert schema == old_schema, "a half-applied upgrade"
            outcomes["old"] += 1
        else:
            assert revision == head_revision() and schema == new_schema, "a half-applied upgrade"
            outcomes["new"] += 1
        began = any(x.endswith("BEGIN IMMEDIATE") for x in result["lines"])
        if began and "M" not in result["lines"]:
            outcomes["mid_upgrade"] += 1
        backups = [b for b in list_backups(data / "backups") if b.kind == "before-upgrade-0001"]
        if revision != "0001" or began:
            assert backups, "the upgrade began without a pre-upgrade backup"
        for b in backups:
            assert check_backup(b.path).revision == "0001"
        store = open_store(db, data / "backups")  # the next start finishes the job
        store.close()
        assert schema_of(db) == new_schema
        assert answers > 0
        assert [b for b in list_backups(data / "backups") if b.kind == "before-upgrade-0001"]
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1, outcomes
    assert outcomes["mid_upgrade"] >= 3, outcomes
