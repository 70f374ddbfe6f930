"""The audit trail cannot be quietly rewritten.

ReviewDesk itself cannot change or delete entries (triggers refuse); and when someone goes behind
its back with another tool (dropping the triggers first), ``reviewdesk audit verify`` names the
first broken link and exits 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from reviewdesk.domain.audit import change_hash, row_hash
from reviewdesk.domain.errors import AuditLogError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from tests.cli.runner import Ran, run
from tests.reliability.harness import audit_verdict


@pytest.fixture
def library(tmp_path: Path, record) -> Path:
    data = tmp_path / "data"
    services = open_services(resolve_paths(data), who="command line")
    try:
        review = services.reviews.create(record)
        services.reviews.update_record(review.id, replace(record, title="Child Q (renamed)"))
        c = services.reviews.add_contributor(review.id, "Alex Moor")
        prompt = services.reviews.get(review.id).framework.themes[0].prompts[0].id
        services.reviews.save_answer(c.id, prompt, "first draft")
        services.reviews.save_answer(c.id, prompt, "second draft")  # coalesced
        services.reviews.archive(review.id)
        # library created, review created, edited, contributor added, answer saved, archived
        assert services.audit.count() == 6
        assert services.audit.verify().ok
    finally:
        services.close()
    return data


def _raw(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / "reviewdesk.sqlite3", isolation_level=None)


def _behind_the_apps_back(data: Path, *statements: str) -> None:
    conn = _raw(data)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _verify(data: Path) -> Ran:
    return run("audit", "verify", data_dir=data)  # main(argv) in this process (tests/cli/runner.py)


def test_the_triggers_refuse_changes_and_deletions(library: Path) -> None:
    conn = _raw(library)
    try:
        for sql in ("UPDATE audit_log SET who = 'someone else'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()
    services = open_services(resolve_paths(library))
    try:
        with pytest.raises(AuditLogError, match="append-only"), services.store.write() as s:
            s.execute(text("DELETE FROM audit_log WHERE seq = 2"))
        assert services.audit.count() == 6  # nothing was removed
    finally:
        services.close()


def _forge_entry_3(data: Path) -> str:
    """Rewrite entry 3 (the edit) with freshly computed hashes, as a careful forger would."""
    conn = _raw(data)
    try:
        seq, at, who, action, what, _c, prev, _r, account, computer, version = conn.execute(
            "SELECT * FROM audit_log WHERE seq = 3"
        ).fetchone()
    finally:
        conn.close()
    from datetime import UTC, datetime

    stamp = datetime.fromisoformat(at).replace(tzinfo=UTC)
    new_what = what.replace('"title"', '"lead"')
    assert new_what != what
    change = change_hash(action, new_what)
    digest = row_hash(
        seq=seq,
        at=stamp,
        who=who,
        action=action,
        what=new_what,
        change=change,
        prev=prev,
        account=account,
        computer=computer,
        version=version,
    )
    new_what = new_what.replace("'", "''")
    return (
        f"UPDATE audit_log SET what = '{new_what}', change_hash = '{change}', "
        f"row_hash = '{digest}' WHERE seq = 3"
    )


TAMPERING: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "edited what": (
        lambda d: ["UPDATE audit_log SET what = replace(what, 'LCSPR', 'XXXXX') WHERE seq = 3"],
        "entry 3 was changed after it was written",
    ),
    "edited who": (
        lambda d: ["UPDATE audit_log SET who = 'someone else' WHERE seq = 2"],
        "entry 2 was changed after it was written",
    ),
    "edited time": (
        lambda d: ["UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE seq = 4"],
        "entry 4 was changed after it was written",
    ),
    "deleted from the middle": (
        lambda d: ["DELETE FROM audit_log WHERE seq = 2"],
        "entry 2 is missing",
    ),
    "deleted from the end": (
        lambda d: ["DELETE FROM audit_log WHERE seq = 6"],
        "the newest entries are missing",
    ),
    "rewritten with fresh hashes": (
        lambda d: [_forge_entry_3(d)],
        "entry 4 does not follow on from entry 3",
    ),
    "forged entry added at the end": (
        lambda d: [
            "INSERT INTO audit_log SELECT seq + 1, at, who, action, what, change_hash, "
            "row_hash, row_hash, account, computer, hash_version FROM audit_log WHERE seq = 6"
        ],
        "entry 7",
    ),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_audit_verify_names_the_first_broken_link(library: Path, kind: str) -> None:
    make, expected = TAMPERING[kind]
    _behind_the_apps_back(library, *make(library))
    conn = _raw(library)
    try:
        verdict = audit_verdict(conn)
    finally:
        conn.close()
    assert not verdict.ok
    result = _verify(library)
    assert result.returncode == 1, result.stdout
    assert "reviewdesk: The audit trail is broken at entry" in result.stderr
    assert expected in result.stderr
    # the dropped append-only triggers were noticed and put back on opening (issue 16)
    assert "found missing and put back when the library was opened" in result.stderr
    assert "Traceback" not in result.stderr
