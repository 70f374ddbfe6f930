"""docs/information-governance.md, the note for the data protection officer, is kept true to the
code: every fact it states that the code decides is checked here against the code itself, and
the PDF that Help, For your data protection officer saves is read with poppler's pdftotext."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reviewdesk import errorlog, handoff, oslock
from reviewdesk.domain.exporting import DEFAULT_MARKING
from reviewdesk.paths import DATABASE_NAME, PORTABLE_FOLDER, PORTABLE_MARKER, resolve_paths
from reviewdesk.services.exchange import sealed
from reviewdesk.services.library import encryption, key_change
from reviewdesk.services.library.backups import plan_thinning
from reviewdesk.services.settings import DEFAULT_IDLE_MINUTES
from reviewdesk.store.audit import outside_anchor_path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "information-governance.md"
SHIPPED = ROOT / "resources" / "governance" / "information-governance.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_app_ships_the_very_same_note() -> None:
    assert SHIPPED.read_bytes() == DOC.read_bytes()


def test_the_files_it_lists_are_the_files_the_code_writes(doc: str) -> None:
    table = doc.split("| file in the data folder |", 1)[1].split("\n\n", 1)[0]
    listed = set()
    for row in table.splitlines()[2:]:
        listed |= set(re.findall(r"`([^`]+)`", row.split("|")[1]))
    paths = resolve_paths(Path("/data"))
    database = paths.database
    expected = {
        DATABASE_NAME,
        DATABASE_NAME + "-wal",
        DATABASE_NAME + "-shm",
        encryption.KEY_FILE_NAME,
        key_change.JOURNAL_NAME,
        paths.backups_dir.name + "/",
        paths.settings_file.name,
        outside_anchor_path(database).name,
        oslock.LOCK_NAME,
        f"{errorlog.log_folder(paths.data_dir).name}/{errorlog.LOG_NAME}",
        handoff.INBOX + "/",
        paths.frameworks_dir.name + "/",
        paths.look_dir.name + "/",
    }
    assert listed == expected
    settings_code = (ROOT / "reviewdesk" / "gui" / "settings.py").read_text(encoding="utf-8")
    assert "`person/work_mode`" in doc and '"person/work_mode"' in settings_code
    assert f"`{PORTABLE_MARKER}`" in doc and f"`{PORTABLE_FOLDER}`" in doc


def test_the_cipher_and_the_key_derivation_are_the_code_s(doc: str) -> None:
    text = flat(doc)
    assert f"`{encryption.CIPHER}`" in text
    assert "SQLCipher 4" in text and encryption.CIPHER.startswith("sqlcipher4-aes-256")
    found = re.search(r"scrypt \(N = 2\^(\d+), r = (\d+), p = (\d+): (\d+) MiB", text)
    assert found, "the scrypt parameters are stated"
    kdf = sealed.DEFAULT_KDF
    assert isinstance(kdf, sealed.ScryptParams)
    assert (2 ** int(found[1]), int(found[2]), int(found[3])) == (kdf.n, kdf.r, kdf.p)
    assert int(found[4]) * 1024 * 1024 == 128 * kdf.n * kdf.r  # scrypt's memory
    bits = re.search(
        r"recovery key\*\* of (\d+) random bits, printed as (\d+) groups of (\d+)", text
    )
    assert bits and int(bits[1]) == encryption.RECOVERY_BYTES * 8
    shown = encryption.format_recovery_key(bytes(encryption.RECOVERY_BYTES)).split("-")
    assert (int(bits[2]), int(bits[3])) == (len(shown), len(shown[0]))
    assert "HKDF-SHA256" in text and "hkdf-sha256" in inspect.getsource(encryption)
    assert "AES-256-GCM" in text and "AESGCM" in inspect.getsource(encryption)
    assert "AESGCM" in inspect.getsource(sealed)  # packs and contributions too
    assert "32-byte data key" in text and encryption.DATA_KEY_BYTES == 32


def test_retention_and_defaults_are_the_code_s(doc: str) -> None:
    text = flat(doc)
    found = re.search(
        r"everything from the last (\d+) hours, then the newest of each of the last (\d+) days, "
        r"(\d+) weeks and (\d+) months, and the (\d+) newest taken before an upgrade",
        text,
    )
    assert found, "the backup rotation is stated"
    defaults = {k: v.default for k, v in inspect.signature(plan_thinning).parameters.items()}
    stated = tuple(int(g) for g in found.groups())
    code = ("recent_hours", "daily", "weekly", "monthly", "upgrades")
    assert stated == tuple(defaults[k] for k in code)
    assert f"after {DEFAULT_IDLE_MINUTES} minutes without use" in text
    assert f"({DEFAULT_MARKING} unless the partnership sets another)" in text


def test_the_tests_it_names_exist(doc: str) -> None:
    named = set(re.findall(r"`(tests/[^`]+\.py)`", doc))
    assert len(named) >= 5
    assert sorted(n for n in named if not (ROOT / n).is_file()) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_for_the_dpo_carries_the_note_and_this_library_s_settings(
    data_dir: Path, tmp_path: Path
) -> None:
    from reviewdesk.services.bundle import open_services
    from reviewdesk.services.library.encryption import LibraryKeys

    paths = resolve_paths(data_dir)
    services = open_services(paths, kdf=sealed.FAST_TEST_KDF, daily_backup=False)
    services.exchange.add_demo()
    services.settings.set_idle_lock_minutes(7)
    services.settings.set_default_marking("OFFICIAL")
    services.close()
    LibraryKeys(paths.database, paths.backups_dir, kdf=sealed.FAST_TEST_KDF).encrypt(
        "copper kettle orchard 42", confirm=lambda _key: True
    )
    services = open_services(paths, kdf=sealed.FAST_TEST_KDF, secret="copper kettle orchard 42")
    try:
        out = services.governance.export_pdf(paths, tmp_path / "dpo.pdf")
    finally:
        services.close()
    text = flat(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout)
    assert "a note for the data protection officer" in text
    assert "This library" in text
    assert str(paths.data_dir) in text.replace(" ", "") or str(paths.data_dir) in text
    assert "yes: sqlcipher4-aes-256" in text
    assert "scrypt (N = 2^14, r = 8, p = 1)" in text  # this library's own key file (tests')
    assert "after 7 minutes without use" in text and "forgets its key" in text
    assert "OFFICIAL" in text and "Reviews in the library 1" in text
    assert "What remains the partnership's responsibility" in text  # the note itself follows
    assert "Child D" not in text  # no review content
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Information governance" in info
