"""Helpers for the server tests: stores and plain SQL connections as particular accounts."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest


@pytest.fixture
def as_account(pg_server, pg_database) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """``as_account(name, kind)``: a plain psycopg connection (autocommit) signed in as a
    person's own account on this test's database."""
    import psycopg

    opened = []

    def connect(name: str, kind: str):  # type: ignore[no-untyped-def]
        pg_server.account(name, kind)
        conn = psycopg.connect(**pg_server.args(pg_database, name), autocommit=True)
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()


@pytest.fixture
def services_as(pg_server, pg_database) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """``services_as(name, kind)``: the app's services signed in as that account."""
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store

    opened = []

    def open_as(name: str, kind: str, pool_size: int = 2):  # type: ignore[no-untyped-def]
        store = open_server_store(
            pg_server.args(pg_database, pg_server.account(name, kind)), pool_size=pool_size
        )
        svc = Services.over(store)
        opened.append(svc)
        return svc

    yield open_as
    for svc in opened:
        svc.close()


@pytest.fixture
def owner(pg_server, pg_database) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A psycopg connection as the database's owner (IT's account)."""
    import psycopg

    from tests.pg import OWNER

    conn = psycopg.connect(**pg_server.args(pg_database, OWNER), autocommit=True)
    yield conn
    conn.close()
