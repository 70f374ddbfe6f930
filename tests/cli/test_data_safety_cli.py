"""The data-safety commands, run as a user runs them."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import run


def test_backup_check_audit_and_restore(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0

    taken = run("backup", data_dir=data)
    assert taken.returncode == 0, taken.stderr
    assert "checked and complete" in taken.stdout
    chosen = tmp_path / "copy.sqlite3"
    assert run("backup", "--output", str(chosen), data_dir=data).returncode == 0
    assert chosen.read_bytes().startswith(b"SQLite format 3\x00")
    again = run("backup", "-o", str(chosen), data_dir=data)
    assert again.returncode == 1 and "already exists" in again.stderr

    listed = run("backups", data_dir=data)
    names = [line.split()[0] for line in listed.stdout.splitlines() if line.startswith("  ")]
    assert any(n.startswith("manual-") for n in names) and listed.returncode == 0

    checked = run("check", data_dir=data)
    assert checked.returncode == 0, checked.stderr
    assert "Everything checks out." in checked.stdout

    verified = run("audit", "verify", data_dir=data)
    assert verified.returncode == 0 and "intact" in verified.stdout
    shown = run("audit", "show", "--review", "demo-2026-01", data_dir=data)
    assert "Review imported" in shown.stdout and "command line" in shown.stdout

    deleted = run("delete", "DEMO-2026-01", data_dir=data)
    assert deleted.returncode == 0 and "Trash" in deleted.stdout
    assert "DEMO-2026-01" in run("trash", data_dir=data).stdout
    unconfirmed = run("purge", "DEMO-2026-01", data_dir=data)
    assert unconfirmed.returncode == 1 and "--yes" in unconfirmed.stderr
    purged = run("purge", "DEMO-2026-01", "--yes", data_dir=data)
    assert purged.returncode == 0 and "for good" in purged.stdout

    manual = next(n for n in names if n.startswith("manual-"))
    restored = run("restore", manual, data_dir=data)
    assert restored.returncode == 0, restored.stderr
    assert "kept in before-restore-" in restored.stdout
    assert "DEMO-2026-01" in run("list", data_dir=data).stdout
    assert run("restore", str(tmp_path / "absent.sqlite3"), data_dir=data).returncode == 1
