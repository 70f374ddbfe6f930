"""What the shared services tests need to say the right thing on each engine (issue 22).

With ``--engine postgresql`` the ordinary ``services`` fixture is a server database signed in as
a lead (tests/conftest.py), set up as the app's sign-in sets it up: private notes go to the
local file on this computer (store/local_notes.py). A test that differs by engine asks
:func:`on_server` and asserts the behaviour each engine must have; the fixtures ``every_row``
and ``tamper`` (tests/conftest.py) look at and change the library behind the app's back, as a
file on SQLite and as the server's superuser on PostgreSQL.

A test that is about the library *file* itself, with nothing a server could be checked for,
is marked ``@pytest.mark.sqlite_only(reason=...)``: with ``--engine postgresql`` it is skipped
with that reason (never an expected failure).
"""

from __future__ import annotations

from typing import Any

import pytest

LEAD = "rd_test_lead"  # the account the server's ``services`` fixture signs in as


def on_server(services: Any) -> bool:
    return bool(services.store.engine.dialect.name == "postgresql")


def who(services: Any, profile_name: str) -> str:
    """Whom the audit trail names: the profile's name in a library file, the signed-in
    account on a server."""
    return LEAD if on_server(services) else profile_name


def sqlite_only(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.sqlite_only(reason=reason)


def private_notes_in_the_library(services: Any) -> list[str]:
    """The private notes the library's database holds, as its owner sees them (the server's
    ``private_note`` table must stay empty in partnership mode)."""
    from sqlalchemy import text

    with services.store.read() as session:
        return sorted(r[0] for r in session.execute(text("SELECT text FROM private_note")))


def assert_notes_kept_where_they_belong(
    services: Any, every_row: Any, *texts: str, only_in_notes: bool = True
) -> None:
    """In a library file the notes are in its ``private_note`` table; on a server they are in
    the file on this computer instead, the server's ``private_note`` table is empty (as its
    superuser sees it), and, when the texts were written ``only_in_notes``, not one of them is
    in any row of any table there."""
    notes = services.reviews.local_notes
    if on_server(services):
        assert notes is not None
        assert set(texts) <= set(_local_texts(notes.path))
        rows = dict(every_row())
        assert rows["private_note"] == []
        if only_in_notes:
            everything = repr(rows)
            assert not [t for t in texts if t in everything]
        assert private_notes_in_the_library(services) == []
    else:
        assert notes is None
        assert set(texts) <= set(private_notes_in_the_library(services))


def _local_texts(path: Any) -> list[str]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT text FROM private_note")]
