"""After the library is listed (issue 20): the day's backup and the routine whole-file check run
in the background, never before the list and never holding up the window; the whole file is
checked after an unclean shutdown, and not on an ordinary open once checked this week."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import reviewdesk.services.library.integrity as integrity_module
from reviewdesk.app import build_gui, finish_background_work
from reviewdesk.oslock import LOCK_NAME
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.library.backups import BackupService
from tests.gui.conftest import ME


@pytest.fixture
def library(data_dir: Path, record) -> Path:  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(data_dir), daily_backup=False)
    services.profile.save(ME)
    services.reviews.create(record)
    services.close()
    return data_dir


@pytest.fixture
def whole_file_checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    ran: list[bool] = []
    real = integrity_module.problems_of

    def recording(conn, *, full=False, limit=20):  # type: ignore[no-untyped-def]
        ran.append(full)
        return real(conn, full=full, limit=limit)

    monkeypatch.setattr(integrity_module, "problems_of", recording)
    return ran


def _start(qtbot, data_dir: Path):  # type: ignore[no-untyped-def]
    _app, window = build_gui(str(data_dir))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "upkeep", None) is not None, timeout=20_000)
    return window


def _finish(window) -> None:  # type: ignore[no-untyped-def]
    finish_background_work()
    window.close()
    window.services.close()


def test_the_backup_follows_the_list_and_the_window_works_while_it_runs(
    qtbot, library: Path, monkeypatch: pytest.MonkeyPatch, whole_file_checks: list[bool]
) -> None:
    listed_first: list[bool] = []
    release = threading.Event()
    real = BackupService.take_daily_if_due
    window_box: list = []

    def slow_backup(self):  # type: ignore[no-untyped-def]
        window = window_box[0] if window_box else None
        listed_first.append(window is not None and window.services is not None)
        assert release.wait(20), "the test never let the backup go on"
        return real(self)

    monkeypatch.setattr(BackupService, "take_daily_if_due", slow_backup)
    _app, window = build_gui(str(library))
    window_box.append(window)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.services is not None, timeout=20_000)
        assert window.library.proxy.rowCount() == 1  # listed before any backup was made
        # progress is counted after the list is shown (it reads every answer)
        qtbot.waitUntil(
            lambda: window.library.proxy.index(0, 4).data() == "No contributors yet",
            timeout=10_000,
        )
        assert not list(resolve_paths(library).backups_dir.glob("daily-*.sqlite3"))
        qtbot.waitUntil(lambda: bool(listed_first), timeout=10_000)
        assert listed_first == [True]
        task = window.upkeep
        assert task.running
        # the backup is "running": the window answers, typing filters the list
        window.library.filter.setFocus()
        qtbot.keyClicks(window.library.filter, "no such review")
        assert window.library.proxy.rowCount() == 0
        qtbot.keyClick(window.library.filter, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window.library.filter, Qt.Key.Key_Delete)
        assert window.library.proxy.rowCount() == 1
        assert task.running
        release.set()
        qtbot.waitUntil(lambda: not task.running, timeout=30_000)
        assert list(resolve_paths(library).backups_dir.glob("daily-*.sqlite3"))
        assert whole_file_checks == [True]  # never checked before: checked now, in the background
        assert "all is well" not in window.statusBar().currentMessage()  # only problems are told
    finally:
        release.set()
        _finish(window)


def test_the_whole_file_is_checked_after_an_unclean_shutdown_only(
    qtbot, library: Path, whole_file_checks: list[bool]
) -> None:
    window = _start(qtbot, library)  # the first open checks it (never checked yet)
    qtbot.waitUntil(lambda: not window.upkeep.running, timeout=30_000)
    _finish(window)
    assert whole_file_checks == [True]

    whole_file_checks.clear()
    window = _start(qtbot, library)  # an ordinary open, checked this week: not again
    qtbot.waitUntil(lambda: not window.upkeep.running, timeout=30_000)
    _finish(window)
    assert whole_file_checks == []

    lock = library / LOCK_NAME  # as a run that stopped without closing leaves it
    lock.write_text(json.dumps({"pid": 1, "host": "elsewhere", "started_at": "", "state": "open"}))
    window = _start(qtbot, library)
    qtbot.waitUntil(lambda: not window.upkeep.running, timeout=30_000)
    _finish(window)
    assert whole_file_checks == [True]
