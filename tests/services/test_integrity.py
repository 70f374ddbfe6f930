"""``reviewdesk check``: SQLite's checks, the links between records, and ReviewDesk's own rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from tests.engines import on_server


def test_a_healthy_library_checks_out(services) -> None:
    services.exchange.add_demo()
    report = services.integrity.run()
    assert report.ok and report.problems == []
    assert report.lines()[2].startswith("ReviewDesk's own rules: ok (1 review, ")
    assert report.audit.ok and report.audit.checked == 2
    if on_server(services):  # the file's checks are the server's own there, and said so
        assert report.lines()[0] == "The database on the server (PostgreSQL checks its own): ok"
        assert "none on this computer" in report.lines()[-1]
    else:
        assert report.lines()[0] == "The database file (SQLite integrity check): ok"


def _tamper(data_dir: Path, *statements: str) -> None:
    conn = sqlite3.connect(data_dir / "reviewdesk.sqlite3", isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def test_stray_answers_broken_frameworks_and_broken_links_are_found(data_dir: Path) -> None:
    services = open_services(resolve_paths(data_dir))
    try:
        services.exchange.add_demo()
    finally:
        services.close()
    _tamper(
        data_dir,
        "UPDATE answer SET prompt_id = 'a-prompt-nobody-wrote' WHERE id = 1",
        "UPDATE theme_assessment SET theme_id = 'astrology' WHERE id = 1",
        "INSERT INTO review (uid, reference, title, review_type, status, lead, framework_id, "
        "framework_version, framework_json, created_at, updated_at) VALUES ('u2', 'BROKEN-1', "
        "'Broken (fictional)', 'lcspr', 'setup', '', 'x', '1', '{\"themes\": 3}', "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO review_agency (review_id, position, name) VALUES (999, 0, 'Police')",
    )
    services = open_services(resolve_paths(data_dir))
    try:
        report = services.integrity.run()
    finally:
        services.close()
    assert not report.ok
    text = "\n".join(report.problems)
    assert "Review DEMO-2026-01: 1 answer belongs to prompts that are not" in text
    assert "'a-prompt-nobody-wrote'" in text
    assert "theme 'astrology'" in text
    assert "Review BROKEN-1: its practice framework can no longer be read" in text
    assert "'review_agency'" in text and "missing row in 'review'" in text
    assert report.lines()[0] == "The database file (SQLite integrity check): ok"
