"""Automatic, verified backups: when, how many, and going back to one."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reviewdesk.domain.errors import BackupError, ExchangeFormatError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.library.backups import (
    BackupInfo,
    BackupService,
    list_backups,
    newest_good_backup,
    plan_thinning,
)
from tests.engines import on_server


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def _info(when: datetime, kind: str = "daily") -> BackupInfo:
    return BackupInfo(Path(f"{kind}-{when:%Y%m%dT%H%M%SZ}.sqlite3"), kind, when, 1)


def test_thinning_keeps_7_daily_4_weekly_12_monthly() -> None:
    last = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)  # a Tuesday
    backups = [_info(last - timedelta(days=d)) for d in range(400)]
    keep = {
        b.taken_at.date()
        for b in backups
        if b.path in plan_thinning(backups, now=last + timedelta(hours=1), tz=UTC)
    }
    days = {last.date() - timedelta(days=d) for d in range(7)}
    assert days <= keep  # the last 7 days
    sundays = {datetime(2026, 6, d).date() for d in (14, 21, 28)}  # ends of the 3 weeks before
    assert sundays <= keep

    def month_end(y: int, m: int) -> object:
        return (datetime(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)).date()

    month_ends = {
        month_end(y, m)
        for y, m in [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 6)]
    }
    assert month_ends <= keep  # the newest of each of the 11 months before June
    assert min(keep) == datetime(2025, 7, 31).date()  # nothing older than 12 months
    assert len(keep) == len(days | sundays | month_ends)  # and nothing else


def test_thinning_keeps_the_last_day_and_recent_upgrade_backups() -> None:
    now = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
    imports = [_info(now - timedelta(hours=h), "before-import") for h in (1, 3, 5, 40)]
    upgrades = [
        _info(now - timedelta(days=d), "before-upgrade-0001") for d in (500, 900, 1200, 1500)
    ]
    daily = [_info(now - timedelta(days=d, hours=10)) for d in range(1, 400)]
    keep = plan_thinning(imports + upgrades + daily, now=now, tz=UTC)
    assert {b.path for b in imports[:3]} <= keep  # everything from the last 24 hours
    assert imports[3].path not in keep  # yesterday's: a daily backup of that day is newer
    assert {b.path for b in upgrades[:3]} <= keep and upgrades[3].path not in keep


@pytest.fixture
def library(data_dir: Path, record) -> Path:
    services = open_services(resolve_paths(data_dir))
    try:
        services.exchange.add_demo()
    finally:
        services.close()
    for p in (data_dir / "backups").iterdir():
        p.unlink()
    return data_dir


def test_the_first_launch_of_a_day_takes_a_backup_and_the_rotation_runs(library: Path) -> None:
    clock = Clock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    for day in range(30):
        for hour in (8, 13, 17):  # three launches a day: one backup
            clock.now = datetime(2026, 3, 1, hour, tzinfo=UTC) + timedelta(days=day)
            open_services(resolve_paths(library), clock=clock).close()
    found = list_backups(library / "backups")
    assert {b.kind for b in found} == {"daily"}
    taken = sorted(b.taken_at.date() for b in found)
    assert all(b.taken_at.hour == 8 for b in found)  # the first launch of each day
    last = datetime(2026, 3, 30).date()  # a Monday
    week_ends = [datetime(2026, 3, d).date() for d in (15, 22)]  # Sundays of earlier weeks
    assert taken == [*week_ends, *(last - timedelta(days=d) for d in range(6, -1, -1))]


def test_a_backup_is_a_checked_self_contained_private_copy(library: Path) -> None:
    services = open_services(resolve_paths(library))
    try:
        info = services.backups.take()
    finally:
        services.close()
    assert info.kind == "manual" and info.path.parent == library / "backups"
    assert info.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one file, no -wal
    conn = sqlite3.connect(info.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT reference FROM review").fetchall() == [("DEMO-2026-01",)]
    finally:
        conn.close()
    if os.name == "posix":
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert not [p for p in info.path.parent.iterdir() if p.name.startswith(".")]


def test_backup_to_a_chosen_file_never_replaces_one(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"mine")
    services = open_services(resolve_paths(library))
    try:
        with pytest.raises(BackupError, match="already exists"):
            services.backups.take(destination=target)
        assert target.read_bytes() == b"mine"
        target.unlink()
        assert services.backups.take(destination=target).path == target
    finally:
        services.close()


def test_imports_are_preceded_by_a_backup_but_refused_files_are_not(
    services, tmp_path, every_row
) -> None:
    services.exchange.add_demo()
    # a library file is backed up on this computer first; a server's backups are IT's (pg_dump)
    expected = [] if on_server(services) else ["before-import"]
    assert [b.kind for b in services.backups.list()] == expected
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    before = every_row()
    with pytest.raises(ExchangeFormatError):
        services.exchange.import_file(bad)
    assert len(services.backups.list()) == len(expected)
    assert every_row() == before  # and the refused file changed nothing, on either engine


def test_restore_backs_up_first_and_reopens_the_library(library: Path) -> None:
    services = open_services(resolve_paths(library))
    try:
        review = services.reviews.list_reviews()[0]
        before = services.backups.take()
        services.reviews.delete(review.id)
        assert services.reviews.list_reviews() == []
        result = services.backups.restore(before.path)
        assert [r.reference for r in services.reviews.list_reviews()] == ["DEMO-2026-01"]
        assert result.safety_copy is not None and result.safety_copy.exists()
        conn = sqlite3.connect(result.safety_copy)  # the state before the restore is kept
        try:
            assert conn.execute("SELECT deleted_at IS NOT NULL FROM review").fetchone() == (1,)
        finally:
            conn.close()
        assert services.audit.entries(limit=1)[0].action == "library.restored"
        assert services.audit.verify().ok
        services.reviews.archive(review.id)  # the reopened library takes changes as before
    finally:
        services.close()


def test_restore_refuses_a_bad_backup_and_changes_nothing(library: Path, tmp_path: Path) -> None:
    db = library / "reviewdesk.sqlite3"
    not_a_backup = tmp_path / "holiday.sqlite3"
    not_a_backup.write_bytes(b"photos" * 1000)
    services = open_services(resolve_paths(library))
    try:
        before = db.read_bytes()
        with pytest.raises(BackupError, match="not a database"):
            services.backups.restore(not_a_backup)
        newer = services.backups.take()
        conn = sqlite3.connect(newer.path)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
        with pytest.raises(BackupError, match="newer version"):
            services.backups.restore(newer.path)
        assert services.reviews.list_reviews()[0].reference == "DEMO-2026-01"
    finally:
        services.close()
    assert db.read_bytes() == before


def test_the_newest_good_backup_skips_damaged_ones(library: Path) -> None:
    clock = Clock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    service = BackupService(None, library / "backups", database=library / "reviewdesk.sqlite3")
    service._clock = clock
    good = service.take()
    clock.now += timedelta(hours=1)
    damaged = service.take()
    damaged.path.write_bytes(damaged.path.read_bytes()[:5000])
    assert newest_good_backup(library / "backups") == good
    assert list_backups(library / "backups")[0].path == damaged.path


def test_restoring_a_backup_from_an_older_version_upgrades_it(library: Path) -> None:
    old = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "schema-0001.sqlite3"
    services = open_services(resolve_paths(library))
    try:
        result = services.backups.restore(old)
        assert result.restored_from == old and result.safety_copy is not None
        assert [r.reference for r in services.reviews.list_reviews()] == ["DEMO-2026-01"]
        actions = [e.action for e in services.audit.entries()]
        assert actions == ["library.restored", "library.upgraded"]
        assert any(b.kind == "before-upgrade-0001" for b in services.backups.list())
    finally:
        services.close()
