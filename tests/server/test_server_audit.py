"""The audit trail on a server: only ever added to, never forked, and "who" is the account
that signed in (issue 22, point 4)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import psycopg
import pytest

from reviewdesk.domain.audit import verify_chain
from reviewdesk.domain.review import Profile
from reviewdesk.store import audit as audit_store


def test_people_may_only_add_to_the_trail(services_as, as_account, owner, record) -> None:
    services_as("audit_lead", "lead").reviews.create(record)
    lead = as_account("audit_lead", "lead")
    for statement in (
        "UPDATE audit_log SET who = 'someone else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            lead.execute(statement)
    # Not even the database's owner, who has every grant: the triggers refuse.
    for statement in ("UPDATE audit_log SET who = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            owner.execute(statement)
    count = owner.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert count == 2  # library.created, review.created: untouched


def test_who_is_the_signed_in_account(services_as, as_account, record) -> None:
    s = services_as("sam_lead", "lead")
    s.profile.save(Profile(name="Somebody Else Typed Here"))  # a name typed into the profile
    s.reviews.create(record)
    newest = s.audit.entries()[0]
    assert newest.action == "review.created"
    assert newest.who == "sam_lead"
    # and a hand-written entry naming someone else is refused by the server
    conn = as_account("sam_lead", "lead")
    seq, prev = conn.execute(
        "SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="signed-in account"):
        conn.execute(
            "INSERT INTO audit_log (seq, at, who, action, what, change_hash, prev_hash, "
            "row_hash, account, computer, hash_version) VALUES (%s, now(), 'the_director', "
            "'x', '{}', '', %s, '', '', '', 2)",
            (seq + 1, prev),
        )


def test_an_entry_that_does_not_follow_the_newest_is_refused(services_as, as_account, record):
    services_as("fork_lead", "lead").reviews.create(record)
    conn = as_account("fork_lead", "lead")
    seq, prev = conn.execute(
        "SELECT seq, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    # a second entry after the same predecessor (a fork), and one leaving a gap
    for bad_seq, bad_prev in ((seq, prev), (seq + 2, "0" * 64)):
        with pytest.raises(psycopg.errors.SerializationFailure, match="must follow"):
            conn.execute(
                "INSERT INTO audit_log (seq, at, who, action, what, change_hash, prev_hash, "
                "row_hash, account, computer, hash_version) VALUES (%s, now(), current_user, "
                "'x', '{}', '', %s, '', '', '', 2)",
                (bad_seq, bad_prev),
            )


def test_two_connections_appending_at_once_make_one_chain(services_as, record, owner) -> None:
    """Two people's apps append 60 entries each at the same moment: every entry is kept, in
    one unbroken chain (the advisory lock orders them; nothing forks or fails)."""
    first = services_as("chain_one", "lead", pool_size=1)
    second = services_as("chain_two", "lead", pool_size=1)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def append_many(store, n: int) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait()
            for i in range(60):
                with store.write() as session:
                    audit_store.append(
                        session,
                        at=datetime.now(UTC),
                        who="ignored on a server",
                        action="test.appended",
                        what={"writer": n, "i": i},
                    )
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [
        threading.Thread(target=append_many, args=(svc.store, n))
        for n, svc in enumerate((first, second))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures, failures
    with first.store.read() as session:  # a lead verifies the whole chain
        records = audit_store.records_to_verify(session)
        anchor = audit_store.anchor(session)
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    # as the owner (who reads every entry; each lead reads only their own here)
    rows = owner.execute("SELECT who, action FROM audit_log ORDER BY seq").fetchall()
    appended = [who for who, action in rows if action == "test.appended"]
    assert len(appended) == 120 == len(records) - (len(rows) - 120)
    assert set(appended) == {"chain_one", "chain_two"}
    # they really did interleave: both writers appear before the other finished
    writers = appended
    assert writers.index("chain_two") < len(writers) - writers[::-1].index("chain_one") - 1
    assert verify_chain(records, anchor).ok
