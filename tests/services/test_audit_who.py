"""Who did what (issue 19 point 4): every audit entry records the operating-system account and
the computer's name beside the profile name, inside the entry's fingerprint; libraries made
before still verify after upgrading; tampering with the new fields shows; the command line
prints them; exported documents' metadata never holds them."""

from __future__ import annotations

import getpass
import io
import platform
import shutil
import socket
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from reviewdesk.cli import main
from reviewdesk.domain.audit import CHAIN_VERSION, LEGACY_CHAIN_VERSION, verify_chain
from reviewdesk.domain.exporting import ExportFormat
from reviewdesk.domain.review import Profile
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.store.engine import head_revision
from tests.engines import who

FIXTURES = Path(__file__).resolve().parents[1] / "store" / "fixtures"
ACCOUNT, COMPUTER = "priya.natarajan", "NV-LAPTOP-2291"  # fictional


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fictional account and computer, and no way to reach the network: a DNS lookup (what
    socket.getfqdn does) fails the test."""

    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("recording who did what must not touch the network")

    monkeypatch.setattr(getpass, "getuser", lambda: ACCOUNT)
    monkeypatch.setattr(platform, "node", lambda: COMPUTER)
    for name in ("getfqdn", "gethostbyname", "gethostbyaddr", "getaddrinfo"):
        monkeypatch.setattr(socket, name, no_network)


def _rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT seq, who, action, account, computer, hash_version FROM audit_log ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()


def test_an_entry_made_by_the_services_has_the_account_and_computer(
    signed_in, services, record
) -> None:
    services.profile.save(Profile("Priya Natarajan", "Health visitor", "Northvale Health"))
    summary = services.reviews.create(record)
    services.reviews.archive(summary.id)
    newest = services.audit.entries(limit=2)
    assert [e.action for e in newest] == ["review.archived", "review.created"]
    for entry in newest:  # on a server "who" is the signed-in account, not a typed name
        expected = (who(services, "Priya Natarajan"), ACCOUNT, COMPUTER)
        assert (entry.who, entry.account, entry.computer) == expected
    assert services.audit.verify().ok


def test_the_real_account_and_computer_are_found_without_help(services, record) -> None:
    services.reviews.create(record)
    entry = services.audit.entries(limit=1)[0]
    assert entry.account and entry.computer
    assert entry.computer == platform.node().strip()


def test_an_account_that_cannot_be_found_is_said_kindly_and_the_change_is_kept(
    monkeypatch, services, record
) -> None:
    def no_user() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_user)
    monkeypatch.setattr(platform, "node", lambda: "")
    services.reviews.create(record)
    entry = services.audit.entries(limit=1)[0]
    assert entry.label == "Review created"
    assert (entry.account, entry.computer) == ("(account not known)", "(computer not known)")
    assert services.audit.verify().ok


def _tamper(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "change",
    [
        "account = 'someone.else'",
        "computer = 'ANOTHER-PC'",
        # relabelled as an old entry, to take the account out of the fingerprint
        "hash_version = 1, account = '', computer = ''",
    ],
)
def test_changing_the_account_or_computer_breaks_the_chain_there(
    signed_in, services, record, tamper, change
) -> None:
    services.reviews.create(record)
    seq = services.audit.entries(limit=1)[0].seq
    # in the file with its trigger dropped; on a server as its superuser with triggers off
    tamper(f"UPDATE audit_log SET {change} WHERE seq = {seq}")
    verdict = services.audit.verify()
    assert verdict.broken is not None and verdict.broken.seq == seq
    assert "changed after it was written" in verdict.message()


def test_old_libraries_still_verify_after_upgrading_and_new_entries_carry_who(
    signed_in, tmp_path
) -> None:
    """A library made by the release before (schema 0007), entries without account: they keep
    their fingerprints and verify; the upgrade's own entry and later ones have the account."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "schema-0007.sqlite3", data / "reviewdesk.sqlite3")
    svc = open_services(resolve_paths(data))
    try:
        assert svc.audit.verify().ok, svc.audit.verify().message()
        demo = svc.reviews.find("DEMO-2026-01")
        svc.reviews.archive(demo.id)
        assert svc.audit.verify().ok
    finally:
        svc.close()
    rows = _rows(data / "reviewdesk.sqlite3")
    assert rows[:2] == [
        (1, "ReviewDesk", "library.created", "", "", LEGACY_CHAIN_VERSION),
        (2, "command line", "review.imported", "", "", LEGACY_CHAIN_VERSION),
    ]
    assert [r[2:] for r in rows[2:]] == [
        ("library.upgraded", ACCOUNT, COMPUTER, CHAIN_VERSION),
        ("review.archived", ACCOUNT, COMPUTER, CHAIN_VERSION),
    ]
    # An old entry given an account afterwards is noticed, as is an old-form entry after a new
    # one (nobody can write new entries in the old form to leave the account out).
    db = data / "reviewdesk.sqlite3"
    _tamper(db, "UPDATE audit_log SET account = 'someone' WHERE seq = 2")
    svc = open_services(resolve_paths(data))
    try:
        assert svc.audit.verify().broken.seq == 2  # type: ignore[union-attr]
    finally:
        svc.close()


def test_an_old_form_entry_after_a_new_one_is_a_broken_link() -> None:
    from datetime import UTC, datetime

    from reviewdesk.domain.audit import GENESIS_HASH, new_record, row_hash

    at = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    first = new_record(
        seq=1, at=at, who="a", action="review.edited", what={}, prev=GENESIS_HASH, account="x"
    )
    # the second entry written, correctly hashed, in the old form
    legacy = replace(
        first, seq=2, prev_hash=first.row_hash, account="", computer="", version=1, row_hash=""
    )
    legacy = replace(
        legacy,
        row_hash=row_hash(
            seq=2,
            at=at,
            who="a",
            action="review.edited",
            what=legacy.what,
            change=legacy.change_hash,
            prev=first.row_hash,
            version=1,
        ),
    )
    assert verify_chain([first]).ok
    assert verify_chain([first, legacy]).broken.seq == 2  # type: ignore[union-attr]
    assert verify_chain([replace(legacy, seq=1, prev_hash=GENESIS_HASH)]).broken.seq == 1  # type: ignore[union-attr]


def test_audit_show_prints_the_account_and_computer(signed_in, data_dir, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "audit", "show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    imported = next(line for line in lines if "Review imported" in line)
    assert f"command line ({ACCOUNT} on {COMPUTER})" in imported


def test_exported_documents_metadata_hold_no_account_or_computer(
    signed_in, services, data_dir, tmp_path
) -> None:
    services.profile.save(Profile("Priya Natarajan", "Health visitor", "Northvale Health"))
    demo, _ = services.exchange.add_demo()
    names = (ACCOUNT, COMPUTER, getpass.getuser(), "Priya Natarajan")
    pdf = services.exports.export(demo.id, ExportFormat.PDF, tmp_path / "summary.pdf")
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    info = " ".join(str(v) for v in (reader.metadata or {}).values())
    xmp = reader.xmp_metadata
    info += "" if xmp is None else str(xmp.rdf_root.toxml())
    assert "ReviewDesk" in info  # the metadata was read
    for name in names:
        assert name not in info
    word = services.exports.export(demo.id, ExportFormat.DOCX, tmp_path / "summary.docx")
    props = Document(str(word)).core_properties
    fields = [
        props.author,
        props.last_modified_by,
        props.title,
        props.subject,
        props.keywords,
        props.comments,
        props.category,
    ]
    text = " ".join(f for f in fields if f)
    assert "ReviewDesk" in text
    for name in names:
        assert name not in text
    # ... while the export's own audit entry does say who exported it
    exported = services.audit.entries(limit=1)[0]
    assert (exported.action, exported.account, exported.computer) == (
        "review.exported",
        ACCOUNT,
        COMPUTER,
    )


@pytest.mark.parametrize(
    "fixture", sorted(p.name for p in FIXTURES.glob("schema-*.sqlite3") if p.name >= "schema-0002")
)
def test_every_past_schema_s_trail_verifies_after_upgrading(signed_in, tmp_path, fixture) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / fixture, data / "reviewdesk.sqlite3")
    svc = open_services(resolve_paths(data))
    try:
        verdict = svc.audit.verify()
        assert verdict.ok and verdict.checked >= 2, verdict.message()
        newest = svc.audit.entries(limit=1)[0]
        if fixture != f"schema-{head_revision()}.sqlite3":  # the upgrade is recorded, with who
            assert (newest.action, newest.account) == ("library.upgraded", ACCOUNT)
    finally:
        svc.close()
