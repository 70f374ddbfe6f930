"""Helpers for the crash trials: drive a fork server, snapshot a killed library, check it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from reviewdesk.domain.audit import ChainVerdict, verify_chain
from reviewdesk.store.backups import plain_audit_records

ROOT = Path(__file__).resolve().parents[2]
DB = "reviewdesk.sqlite3"


class ForkServer:
    """One warm ``tests.reliability.forkserver`` process; :meth:`run` does one trial."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.forkserver"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, **cmd: object) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server stopped")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin
            self.proc.stdin.write(json.dumps({"task": "quit"}) + "\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


def snapshot(data_dir: Path, dest: Path) -> Path | None:
    """Copy the library and its write-ahead log exactly as the killed process left them (not the
    shared-memory index: a fresh opener rebuilds it, as after a reboot). None if no library."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    src = data_dir / DB
    if not src.exists():
        return None
    shutil.copyfile(src, dest / DB)
    wal = data_dir / f"{DB}-wal"
    if wal.exists():
        shutil.copyfile(wal, dest / f"{DB}-wal")
    return dest / DB


def integrity(conn: sqlite3.Connection) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def audit_verdict(conn: sqlite3.Connection) -> ChainVerdict:
    """Verify the audit chain of a library opened with plain sqlite3."""

    rows = list(plain_audit_records(conn))
    anchor = conn.execute("SELECT value FROM setting WHERE key = 'audit.head'").fetchone()
    parsed = None
    if anchor:
        seq, _, digest = anchor[0].partition(":")
        parsed = (int(seq), digest)
    return verify_chain(rows, parsed)


def schema_of(db: Path) -> dict[str, str]:
    """Every table, index and trigger with its SQL: what "old or new, never a mix" compares."""
    conn = sqlite3.connect(db)
    try:
        return dict(
            conn.execute(
                "SELECT type || ' ' || name, coalesce(sql, '') FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%' ORDER BY 1"
            ).fetchall()
        )
    finally:
        conn.close()
