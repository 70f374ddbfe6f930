"""Twenty people saving answers and analysis at once for a bounded time: nothing acknowledged is
lost and the audit trail verifies (issue 22, point 7); leads editing one shared answer meet
conflicts, resolve them by combining, and every acknowledged addition is in its final text
(point 5). The figures are printed (-s shows them); benchmarks/server_load.py runs the same by
hand. REVIEWDESK_LOAD_SECONDS changes the time."""

from __future__ import annotations

import os

import psycopg
import pytest

from benchmarks.server_load import run
from tests.pg import OWNER


@pytest.mark.slow
def test_twenty_clients_lose_nothing(services_as, pg_server, pg_database, record) -> None:
    def owner_sql(sql: str) -> list[tuple]:
        with psycopg.connect(**pg_server.args(pg_database, OWNER)) as conn:
            return conn.execute(sql).fetchall()  # type: ignore[arg-type]

    def invite(review: int, account: str, kind: str, cid: int | None) -> None:
        pg_server.account(account, kind)
        with psycopg.connect(**pg_server.args(pg_database, "load_lead_0")) as conn:
            conn.execute(
                "INSERT INTO review_member VALUES (%s, %s, %s, %s)", (review, account, kind, cid)
            )

    outcome = run(
        lambda account, kind: services_as(account, kind, pool_size=1),
        owner_sql,
        invite,
        record,
        seconds=float(os.environ.get("REVIEWDESK_LOAD_SECONDS", "10")),
        clients=20,
    )
    print("\n" + "\n".join(outcome.lines()))
    assert outcome.failures == []
    assert outcome.lost == []
    assert outcome.audit_ok
    # one entry per save (repeated answer saves within a minute share one), and one for each
    # conflict met (both texts kept in the answer's history)
    assert 0 < outcome.audit_added <= outcome.saves + outcome.conflicts
    assert outcome.shared_saves > 0  # the leads' versioned edits of one shared answer
    assert outcome.saves >= 20  # every client saved at least once (on average)
