"""The privacy commands, run as a user runs them: names, publication exports, retention,
settings, and encryption with a passphrase file (and the environment variable)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.store.sqlite_file import SQLITE_HEADER
from tests.cli.test_cli import run

REF = "DEMO-2026-01"


def test_names_add_list_remove(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0
    added = run("names", REF, "--add", "Jayden Price=Child D", "--add", "Zoë=Mother", data_dir=data)
    assert added.returncode == 0, added.stderr
    assert "Added 2 names" in added.stdout
    listed = run("names", REF, "--list", data_dir=data)
    assert listed.stdout.splitlines() == ["Jayden Price  ->  Child D", "Zoë           ->  Mother"]
    assert "never exported" in listed.stderr
    bad = run("names", REF, "--add", "no equals sign", data_dir=data)
    assert bad.returncode == 1 and "REAL=PSEUDONYM" in bad.stderr
    assert run("names", REF, "--remove", "zoë", data_dir=data).returncode == 0
    assert "Zoë" not in run("names", REF, "--list", data_dir=data).stdout
    assert run("names", REF, data_dir=data).returncode == 2  # one action is required


def test_publication_export_lists_findings_then_allows_them_deliberately(tmp_path: Path) -> None:
    data, out = tmp_path / "lib", tmp_path / "summary.pdf"
    assert run("demo", data_dir=data).returncode == 0
    # The summary prints the contributors' dated answers (the briefing prints none of them).
    args = ("export", REF, "--format", "pdf", "--output", str(out), "--publication")
    refused = run(*args, data_dir=data)
    assert refused.returncode == 1 and not out.exists()
    assert "Exact date (" in refused.stderr
    assert re.search(r"Page \d+, 1\. Critical thinking", refused.stderr)  # where it is printed
    assert "fix: January 2026" in refused.stderr
    assert "Nothing has been written" in refused.stderr and "Traceback" not in refused.stderr
    allowed = run(
        *args, "--allow-identifiers", "--reason", "Record dates agreed", "--draft", data_dir=data
    )
    assert allowed.returncode == 0, allowed.stderr
    assert out.read_bytes().startswith(b"%PDF") and "recorded in the audit trail" in allowed.stderr
    trail = run("audit", "show", "--limit", "2", data_dir=data).stdout
    assert "Published despite the publication check" in trail and "Record dates agreed" in trail
    lonely = run("export", REF, "--format", "pdf", "-o", str(tmp_path / "x.pdf"),
                 "--allow-identifiers", data_dir=data)  # fmt: skip
    assert lonely.returncode == 1 and "--publication" in lonely.stderr


def test_retention_and_settings(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0
    assert run("retention", "--set", REF, "2020-01-31", data_dir=data).returncode == 0
    due = run("retention", "--due", data_dir=data)
    assert due.returncode == 0 and REF in due.stdout and "(due)" in due.stdout
    bad = run("retention", "--set", REF, "31/01/2020", data_dir=data)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    assert run("delete", REF, data_dir=data).returncode == 0
    assert run("purge", REF, "--yes", data_dir=data).returncode == 0
    log = run("retention", "--deletions", data_dir=data).stdout
    assert REF in log and " answer" in log and "(s)" not in log
    shown = run("settings", "--marking", "official", "--idle-minutes", "5", data_dir=data)
    assert "Default protective marking: official" in shown.stdout
    assert "5 minutes" in shown.stdout and "Library encrypted: no" in shown.stdout


def test_encrypt_use_change_and_decrypt_headless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The documented test seam (sealed.FAST_TEST_KDF, still within the bounds a reader
    # accepts): each unlock below would otherwise spend about a second in scrypt. The real
    # parameters are checked in tests/services/test_packs.py and used end to end by
    # tests/cli/test_pack_cli.py.
    monkeypatch.setattr(sealed, "DEFAULT_KDF", FAST_TEST_KDF)  # read when a key file is made
    data = tmp_path / "lib"
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("quiet harbour lantern 42\n", encoding="utf-8")
    second.write_text("seven amber kites drifting\n", encoding="utf-8")
    assert run("demo", data_dir=data).returncode == 0
    unconfirmed = run("encrypt", "--passphrase-file", str(first), data_dir=data)
    assert unconfirmed.returncode == 1 and "--recovery-key-file" in unconfirmed.stderr
    assert (data / "reviewdesk.sqlite3").read_bytes().startswith(SQLITE_HEADER)
    kept = tmp_path / "recovery-key.txt"
    enc = run(
        "encrypt", "--passphrase-file", str(first), "--recovery-key-file", str(kept), data_dir=data
    )
    assert enc.returncode == 0, enc.stderr
    recovery = kept.read_text("ascii").strip()
    assert len(recovery) == 39 and recovery.count("-") == 7 and str(kept) in enc.stdout
    db = data / "reviewdesk.sqlite3"
    assert not db.read_bytes().startswith(SQLITE_HEADER)

    locked = run("list", data_dir=data)  # no terminal, no passphrase: a clear refusal
    assert locked.returncode == 1 and "--passphrase-file" in locked.stderr
    assert run("--passphrase-file", str(second), "list", data_dir=data).returncode == 1
    listed = run("--passphrase-file", str(first), "list", data_dir=data)
    assert listed.returncode == 0 and REF in listed.stdout
    via_env = run("list", data_dir=data, env={"REVIEWDESK_PASSPHRASE_FILE": str(first)})
    assert via_env.returncode == 0 and REF in via_env.stdout

    recovery_file = tmp_path / "recovery.txt"
    recovery_file.write_text(recovery + "\n", encoding="utf-8")
    changed = run(
        "change-passphrase", "--passphrase-file", str(recovery_file),
        "--new-passphrase-file", str(second), data_dir=data,
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert run("--passphrase-file", str(first), "list", data_dir=data).returncode == 1
    backup = run("--passphrase-file", str(second), "backup", data_dir=data)
    assert backup.returncode == 0, backup.stderr
    taken = backup.stdout.split(" to ", 1)[1].split(" (")[0]
    restored = run("--passphrase-file", str(second), "restore", taken, data_dir=data)
    assert restored.returncode == 0, restored.stderr

    dec = run("decrypt", "--passphrase-file", str(second), data_dir=data)
    assert dec.returncode == 0, dec.stderr
    assert db.read_bytes().startswith(SQLITE_HEADER)
    assert run("list", data_dir=data).returncode == 0
