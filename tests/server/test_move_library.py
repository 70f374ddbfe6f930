"""Moving a laptop library to the partnership server and a review back (issue 22, point 2):
``reviewdesk server import-library PATH`` copies every review, all or nothing, and
``reviewdesk --server ... export REF --format json`` brings one back to a library file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from reviewdesk.cli import main
from reviewdesk.domain.analysis import ChronologyEntry, Finding
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from tests.pg import OWNER, TEST_PASSWORD


@pytest.fixture
def laptop(tmp_path, record):  # type: ignore[no-untyped-def]
    """A library file with the demo review and a review of its own (answers, analysis)."""
    folder = tmp_path / "laptop"
    svc = open_services(resolve_paths(folder), daily_backup=False)
    try:
        svc.exchange.add_demo()
        review = svc.reviews.create(record)
        theme = svc.reviews.get(review.id).framework.themes[0]
        kit = svc.reviews.add_contributor(review.id, "Kit Moor", "Health visitor", "Health")
        svc.reviews.save_answer(kit.id, theme.prompts[0].id, "Kit's answer about the wombat")
        svc.reviews.save_private_note(kit.id, "A private aardvark note", theme.id)
        svc.chronology.add_entry(
            review.id, ChronologyEntry(when=date(2026, 1, 5), what_happened="Strategy meeting")
        )
        svc.findings.add_finding(review.id, Finding(ref="", statement="A finding about timing"))
        documents = {
            r.reference: json.loads(svc.exchange.export_json_bytes(r.id))
            for r in svc.reviews.list_reviews()
        }
    finally:
        svc.close()
    return folder, documents


@pytest.fixture
def sign_in(pg_server, pg_database, tmp_path):  # type: ignore[no-untyped-def]
    def options(account: str) -> list[str]:
        if account != OWNER:
            pg_server.account(account, "lead")
        secret = tmp_path / f"{account}-password"
        secret.write_text(TEST_PASSWORD + "\n", encoding="utf-8")
        return [
            "--host",
            str(pg_server.cluster.socket_dir),
            "--database",
            pg_database,
            "--user",
            account,
            "--password-file",
            str(secret),
        ]

    return options


def _comparable(document: dict) -> dict:  # type: ignore[type-arg]
    """A JSON document without what is allowed to differ between two libraries."""
    drop = {"exported_at", "audit_chain_hash", "app_version"}
    return {k: v for k, v in document.items() if k not in drop}


def test_a_library_moves_to_the_server_and_a_review_comes_back(
    laptop, sign_in, services_as, owner, pg_server, pg_database, tmp_path, capsys, monkeypatch
) -> None:
    folder, documents = laptop
    assert main(["server", "import-library", str(folder), *sign_in("ash_lead")]) == 0
    out = capsys.readouterr().out
    assert f"{len(documents)} reviews copied to the server" in out

    ash = services_as("ash_lead", "lead")
    on_server = {r.reference: r for r in ash.reviews.list_reviews()}
    assert sorted(on_server) == sorted(documents)  # the references kept, and Ash leads them
    for reference, document in documents.items():
        back = json.loads(ash.exchange.export_json_bytes(on_server[reference].id))
        assert _comparable(back) == _comparable(document), reference
    # the counts, by plain SQL as the owner
    assert owner.execute("SELECT count(*) FROM review").fetchone() == (len(documents),)
    assert owner.execute(
        "SELECT count(*) FROM answer WHERE text = 'Kit''s answer about the wombat'"
    ).fetchone() == (1,)
    assert owner.execute("SELECT count(*) FROM finding").fetchone()[0] >= 1
    # private notes stay on the laptop
    assert owner.execute("SELECT count(*) FROM private_note").fetchone() == (0,)
    imported = owner.execute(
        "SELECT who, what FROM audit_log WHERE action = 'review.imported'"
    ).fetchall()
    assert len(imported) == len(documents)
    assert all(
        who == "ash_lead" and json.loads(what)["source"] == f"imported from {folder}"
        for who, what in imported
    )

    # and back: `reviewdesk --server ... export REF --format json`, into another library
    monkeypatch.setenv("PGPASSWORD", TEST_PASSWORD)
    server = f"host={pg_server.cluster.socket_dir} dbname={pg_database} user=ash_lead"
    exported = tmp_path / "back.json"
    assert main(["--server", server, "export", "LCSPR-2026-07", "-o", str(exported)]) == 0
    monkeypatch.delenv("PGPASSWORD")
    elsewhere = tmp_path / "elsewhere"
    assert main(["--data-dir", str(elsewhere), "import", str(exported)]) == 0
    svc = open_services(resolve_paths(elsewhere), daily_backup=False)
    try:
        (summary,) = svc.reviews.list_reviews()
        again = json.loads(svc.exchange.export_json_bytes(summary.id))
    finally:
        svc.close()
    assert _comparable(again) == _comparable(documents["LCSPR-2026-07"])
    assert "wombat" in exported.read_text(encoding="utf-8")
    assert "aardvark" not in exported.read_text(encoding="utf-8")


def test_a_reference_already_on_the_server_refuses_the_lot(
    laptop, sign_in, services_as, owner, record, capsys
) -> None:
    folder, _documents = laptop
    # Blake already leads a review with one of the laptop's references (hidden from Ash)
    blake = services_as("blake_lead", "lead")
    blake.reviews.create(replace(record, title="Blake's own review (fictional)"))
    entries = owner.execute("SELECT count(*) FROM audit_log").fetchone()
    assert main(["server", "import-library", str(folder), *sign_in("ash_lead")]) == 1
    told = capsys.readouterr()
    out = told.out + told.err
    assert "LCSPR-2026-07" in out and "Nothing has been changed" in out
    assert owner.execute("SELECT reference FROM review").fetchall() == [("LCSPR-2026-07",)]
    assert owner.execute("SELECT count(*) FROM audit_log").fetchone() == entries
    # the owner (IT) leads nothing: the reviews would belong to nobody
    assert main(["server", "import-library", str(folder), *sign_in(OWNER)]) == 1
    assert "does not lead reviews on this server" in capsys.readouterr().out
    assert owner.execute("SELECT count(*) FROM review").fetchone() == (1,)
