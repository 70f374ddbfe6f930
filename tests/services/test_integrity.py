"""``reviewdesk check``: SQLite's checks, the links between records, and ReviewDesk's own rules."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

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
        assert report.lines()[3] == "The search index (every word of every field findable): ok"


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


def test_the_rules_read_the_reviews_a_chunk_at_a_time(tmp_path: Path) -> None:
    """ReviewDesk's own rules over many reviews: one query per rule for a chunk of reviews that
    share a framework, not seven per review (17 s at 10,000 reviews; issue 20), and what breaks
    them still said review by review, in order."""
    from sqlalchemy import event

    from benchmarks.make_library import build_library
    from reviewdesk.store import consistency

    data = tmp_path / "data"
    build_library(data, reviews=24, seed=5)
    conn = sqlite3.connect(data / "reviewdesk.sqlite3", isolation_level=None)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM review ORDER BY id")]
        refs = dict(conn.execute("SELECT id, reference FROM review"))
        conn.execute(  # a stray answer in the 4th review, a stray theme note in the 2nd
            "UPDATE answer SET prompt_id = 'ghost' WHERE id = (SELECT min(a.id) FROM answer AS a "
            "JOIN contributor AS c ON a.contributor_id = c.id WHERE c.review_id = ?)",
            (ids[3],),
        )
        conn.execute(
            "UPDATE theme_assessment SET theme_id = 'astrology' WHERE id = (SELECT min(t.id) "
            "FROM theme_assessment AS t JOIN contributor AS c ON t.contributor_id = c.id "
            "WHERE c.review_id = ?)",
            (ids[1],),
        )
    finally:
        conn.close()
    services = open_services(resolve_paths(data), daily_backup=False)
    statements: list[str] = []
    try:
        event.listen(
            services.store.engine,
            "before_cursor_execute",
            lambda *args: statements.append(args[2]),
        )
        with services.store.read() as session:
            findings = consistency.app_findings(session)
    finally:
        services.close()
    named = [f.split(":")[0] for f in findings]
    assert named == [f"Review {refs[ids[1]]}", f"Review {refs[ids[3]]}"]
    assert "theme 'astrology'" in findings[0] and "prompt 'ghost'" in findings[1]
    assert len(statements) <= 10, len(statements)  # 24 reviews: 170 statements before


def test_check_says_what_it_is_checking_at_a_terminal(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's own check reads every page (about 15 s at 10,000 reviews): at a terminal,
    ``reviewdesk check`` says what it is checking as each part starts; a script's stderr stays
    quiet."""
    from reviewdesk import cli

    services = open_services(resolve_paths(data_dir))
    try:
        services.exchange.add_demo()
    finally:
        services.close()
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 0
    quiet = capsys.readouterr()
    assert "Everything checks out." in quiet.out and "Checking" not in quiet.err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 0
    told = capsys.readouterr()
    assert [line for line in told.err.splitlines() if line.startswith("Checking")] == [
        "Checking the library file, page by page, and the links between records…",
        "Checking ReviewDesk's own rules…",
        "Checking the search index, word by word…",
        "Checking the audit trail, the schema and the backups…",
    ]
    assert told.out == quiet.out  # what the check found is said as before, on stdout


def _found(data_dir: Path, typed: str) -> list[str]:
    services = open_services(resolve_paths(data_dir), daily_backup=False)
    try:
        return [h.snippet for h in services.search.search(typed).hits]
    finally:
        services.close()


# A page of the index's word lists zeroed (the first segment's first leaf): searches then miss
# some fields without an error, and FTS5's own check says the index is malformed.
_ZERO_A_PAGE_OF_THE_INDEX = (
    "UPDATE search_index_data SET block = zeroblob(length(block)) WHERE id = "
    "(SELECT min(id) FROM search_index_data WHERE id > 10)"
)
_WORDS = ("immunis", "grandm", "notific", "appoint", "strategy", "health")


def _counts(data_dir: Path) -> dict[str, int]:
    services = open_services(resolve_paths(data_dir), daily_backup=False)
    try:
        return {typed: services.search.search(typed).count for typed in _WORDS}
    finally:
        services.close()


@pytest.mark.parametrize("harm", ["a word left out of the list", "a page of the index damaged"])
def test_a_search_index_that_would_miss_words_is_found_and_built_again(
    data_dir: Path, capsys: pytest.CaptureFixture[str], harm: str
) -> None:
    """A library file's search index must hold every word of the text it indexes, and its list
    of words (store/search_terms.py) every word of the index, or a search misses fields without
    a word said. ``reviewdesk check`` says so; ``check --fix`` builds both again from the
    index's own copy of each text, and the search finds every field again."""
    from reviewdesk import cli

    services = open_services(resolve_paths(data_dir), daily_backup=False)
    try:
        services.exchange.add_demo()
    finally:
        services.close()
    everywhere = _counts(data_dir)
    assert everywhere["immunis"] == 5  # "immunisation" and "immunisations", by their start
    if harm == "a word left out of the list":
        _tamper(data_dir, "DELETE FROM search_terms WHERE term = 'immunisations'")
        said = "1 of the search index's words is not in its list of words"
        assert _counts(data_dir)["immunis"] == 3  # the fields with only the plural are missed
    else:
        _tamper(data_dir, _ZERO_A_PAGE_OF_THE_INDEX)
        said = "the search index does not match the text it indexes"
        missed = _counts(data_dir)
        assert all(missed[w] <= everywhere[w] for w in _WORDS) and missed != everywhere
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    out = capsys.readouterr()
    assert said in out.out
    assert "The search index (every word of every field findable): 1 problem" in out.out
    assert "Nothing has been changed." in out.err

    assert cli.main(["--data-dir", str(data_dir), "check", "--fix"]) == 0
    out = capsys.readouterr()
    assert "Built the search index again" in out.out
    after = out.out.split("Checked again:")[1]
    assert "The search index (every word of every field findable): ok" in after
    assert "Everything checks out." in after
    assert _counts(data_dir) == everywhere


def _encrypted_demo(data_dir: Path):  # type: ignore[no-untyped-def]
    """The demo review in a library then encrypted (SQLCipher's SQLite, 3.44 or later), open."""
    _plain_demo(data_dir)
    _encrypt(data_dir)
    return _reopen_encrypted(data_dir)


def _plain_demo(data_dir: Path) -> dict[str, int]:
    """The demo review in a plain library, closed; what each of _WORDS finds in it."""
    services = open_services(resolve_paths(data_dir))
    try:
        services.exchange.add_demo()
        return {typed: services.search.search(typed).count for typed in _WORDS}
    finally:
        services.close()


def _encrypt(data_dir: Path) -> None:
    from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
    from reviewdesk.services.library.encryption import LibraryKeys

    paths = resolve_paths(data_dir)
    LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF).encrypt(
        "quiet harbour 42", confirm=lambda _key: True
    )


def _no_partial_copies(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if ".part" in p.name]


def _reopen_encrypted(data_dir: Path):  # type: ignore[no-untyped-def]
    from reviewdesk.services.exchange.sealed import FAST_TEST_KDF

    return open_services(resolve_paths(data_dir), kdf=FAST_TEST_KDF, secret="quiet harbour 42")


def test_an_encrypted_librarys_index_is_checked_by_sqlites_own_check(data_dir: Path) -> None:
    """SQLCipher's SQLite (3.44 or later) checks FTS5's index itself in ``integrity_check``:
    what it finds about the search index is told with the index (and built again by
    ``--fix``), not as damage to the file."""
    services = _encrypted_demo(data_dir)
    try:
        everywhere = {typed: services.search.search(typed).count for typed in _WORDS}
        with services.store.raw() as conn:
            assert conn.execute("SELECT sqlite_version()").fetchone()[0] >= "3.44"
            conn.execute(_ZERO_A_PAGE_OF_THE_INDEX)
        report = services.integrity.run()
        file, index = report.sections[0], report.sections[3]
        assert file.ok and not index.ok
        assert len(index.findings) == 1
        assert index.findings[0].startswith(
            "the search index does not match the text it indexes (SQLite's check: "
        )
        services.integrity.rebuild_search_index()
        assert services.integrity.run().ok
        assert {typed: services.search.search(typed).count for typed in _WORDS} == everywhere
    finally:
        services.close()


@pytest.mark.parametrize(
    ("finding", "about_the_index"),
    [
        ("malformed inverted index for FTS5 table main.search_index", True),  # SQLite 3.44+
        ('fts5: checksum mismatch for table "search_index"', True),  # SQLite 3.53
        ('fts5: corruption found reading blob 137438953473 from table "search_index"', True),
        ('fts5: checksum mismatch for table "search_index_old"', False),
        ("Page 12: btreeInitPage() returns error code 11", False),
        ("row 3 missing from index ix_review_search", False),
    ],
)
def test_what_sqlites_own_check_says_about_the_index_is_known(
    finding: str, about_the_index: bool
) -> None:
    from reviewdesk.store.search_check import is_index_finding

    assert is_index_finding(finding) is about_the_index


def test_a_library_whose_only_fault_is_its_search_index_opens_with_the_index_built_again(
    data_dir: Path,
) -> None:
    """SQLCipher's SQLite (3.44 or later) checks FTS5's index in the ``quick_check`` a small
    library gets on opening. A broken search index is derived data (the text itself is sound),
    so the library opens with the index built again and says so, rather than being refused as
    damaged, when its newest backup may be older than the work in it."""
    from reviewdesk.store.engine import INDEX_REBUILT

    services = _encrypted_demo(data_dir)
    try:
        everywhere = {typed: services.search.search(typed).count for typed in _WORDS}
        with services.store.raw() as conn:
            conn.execute(_ZERO_A_PAGE_OF_THE_INDEX)
            assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    finally:
        services.close()
    services = _reopen_encrypted(data_dir)
    try:
        assert INDEX_REBUILT in services.notices
        assert {typed: services.search.search(typed).count for typed in _WORDS} == everywhere
        assert services.integrity.run().ok
    finally:
        services.close()
    assert list(data_dir.glob("damaged-*")) == []


def test_a_backup_of_a_library_whose_search_index_is_broken_is_made_with_the_index_built_again(
    data_dir: Path,
) -> None:
    """Every backup's copy must pass ``integrity_check``, and SQLCipher's SQLite (3.44 or later)
    checks FTS5's index there too. A broken search index is derived data (the text is sound), so
    the backup is still made, with its own index built again from its own copy of the text:
    it checks out, and restored, it finds every word. Refusing it would leave the library
    without a new backup each day until someone ran ``reviewdesk check --fix``."""
    services = _encrypted_demo(data_dir)
    try:
        everywhere = {typed: services.search.search(typed).count for typed in _WORDS}
        with services.store.raw() as conn:
            conn.execute(_ZERO_A_PAGE_OF_THE_INDEX)
        backup = services.backups.take("manual")
        assert services.backups.check(backup.path).ok
        restored = services.backups.restore(backup.path)
        assert {typed: services.search.search(typed).count for typed in _WORDS} == everywhere
        assert services.integrity.run().ok
        # The library it replaced was backed up first, as a sound one is (not set aside as
        # damaged), and that backup checks out too.
        assert restored.safety_copy is not None and restored.kept_aside is None
        assert services.backups.check(restored.safety_copy).ok
    finally:
        services.close()
    assert list(data_dir.glob("damaged-*")) == []


def test_a_library_whose_search_index_is_broken_can_be_encrypted(data_dir: Path) -> None:
    """This machine's SQLite (3.40) does not look inside FTS5's index when it checks a file, so
    a plain library can carry a broken search index unnoticed; the encrypted copy is checked by
    SQLCipher's SQLite (3.44 or later), which does. The copy's index is built again from its own
    copy of the text, instead of the change being refused, and the encrypted library finds
    every word."""
    everywhere = _plain_demo(data_dir)
    _tamper(data_dir, _ZERO_A_PAGE_OF_THE_INDEX)
    assert _counts(data_dir) != everywhere
    _encrypt(data_dir)
    services = _reopen_encrypted(data_dir)
    try:
        assert services.notices == ()
        assert {typed: services.search.search(typed).count for typed in _WORDS} == everywhere
        assert services.integrity.run().ok
    finally:
        services.close()


@pytest.mark.parametrize(
    "found",
    [
        ["Page 12: btreeInitPage() returns error code 11"],
        ['fts5: checksum mismatch for table "search_index"', "row 3 missing from index ix_x"],
    ],
)
def test_a_backups_copy_with_anything_else_wrong_is_still_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, found: list[str]
) -> None:
    """Only a search index found broken, and nothing else, is built again in a backup's copy:
    any other finding (with or without the index's) refuses the backup as before, leaves no
    file behind, and builds nothing."""
    from reviewdesk.domain.errors import BackupError
    from reviewdesk.store import search_check, sqlite_file

    services = open_services(resolve_paths(data_dir))
    rebuilt: list[object] = []
    monkeypatch.setattr(search_check, "rebuild_file_index", rebuilt.append)
    monkeypatch.setattr(sqlite_file, "problems_of", lambda *_a, **_k: list(found))
    try:
        with pytest.raises(BackupError, match="did not pass SQLite's integrity check"):
            services.backups.take("manual")
        assert services.backups.list() == []
        assert rebuilt == []
        assert _no_partial_copies(services.backups.folder)
    finally:
        services.close()


def test_an_encrypted_copy_with_anything_else_wrong_is_still_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for encrypting: a finding besides the index's refuses the change, and the
    library is left a plain file, as it was."""
    from reviewdesk.services.library.key_change import KeyChangeStopped
    from reviewdesk.store import cipher, search_check
    from reviewdesk.store.file_header import looks_encrypted

    everywhere = _plain_demo(data_dir)
    rebuilt: list[object] = []
    monkeypatch.setattr(search_check, "rebuild_file_index", rebuilt.append)
    monkeypatch.setattr(
        cipher,
        "problems_of",
        lambda *_a, **_k: ['fts5: checksum mismatch for table "search_index"', "row 3 missing"],
    )
    with pytest.raises(KeyChangeStopped, match="Nothing has been changed"):
        _encrypt(data_dir)
    assert rebuilt == []
    assert not looks_encrypted(resolve_paths(data_dir).database)
    assert _counts(data_dir) == everywhere


def _disk_full(_conn: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def test_a_backup_whose_index_cannot_be_built_again_is_refused_and_leaves_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills while the copy's index is being built again: the backup is refused in
    words a person can act on, no part of the copy is left, and the library is as it was."""
    from reviewdesk.domain.errors import BackupError
    from reviewdesk.store import search_check

    services = _encrypted_demo(data_dir)
    try:
        with services.store.raw() as conn:
            conn.execute(_ZERO_A_PAGE_OF_THE_INDEX)
        earlier = services.backups.list()
        monkeypatch.setattr(search_check, "rebuild_file_index", _disk_full)
        with pytest.raises(BackupError, match="Your library has not been changed"):
            services.backups.take("manual")
        assert services.backups.list() == earlier
        assert _no_partial_copies(services.backups.folder)
    finally:
        services.close()


def test_an_encryption_whose_copys_index_cannot_be_built_again_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same while encrypting: the change stops, and the library is the plain file it was,
    with the same text (its index as broken as before, for ``check --fix`` to mend)."""
    from reviewdesk.services.library.key_change import KeyChangeStopped
    from reviewdesk.store import search_check
    from reviewdesk.store.file_header import looks_encrypted

    _plain_demo(data_dir)
    _tamper(data_dir, _ZERO_A_PAGE_OF_THE_INDEX)
    before = _counts(data_dir)
    monkeypatch.setattr(search_check, "rebuild_file_index", _disk_full)
    with pytest.raises(KeyChangeStopped, match="Nothing has been changed"):
        _encrypt(data_dir)
    assert not looks_encrypted(resolve_paths(data_dir).database)
    assert _no_partial_copies(data_dir)
    assert _counts(data_dir) == before
