"""A library on a shared PostgreSQL server (partnership mode, issue 22).

The same schema as a library file (the same Alembic chain, with PostgreSQL's spelling of the few
things SQLite does its own way: see migrations 0002, 0004 and 0006), reached with psycopg 3.

Who may change what:

- The **database owner** (IT's account, used only through ``reviewdesk server ...``) makes and
  upgrades the schema (:func:`migrate`), then lays the server's own rules over it
  (:mod:`reviewdesk.store.server_policy`: roles, grants, row-level security, the audit trail's
  rules). The app itself never migrates a server.
- **The app** (:func:`open_server_store`) signs in with a person's own database account and
  refuses a server whose schema is not the revision it was built for, with a message for IT.

Connections go over TLS with the server's certificate checked against the expected host name
(``sslmode=verify-full``) unless they use a Unix socket on the same machine (:func:`connect_args`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from reviewdesk.domain.audit import SYSTEM
from reviewdesk.domain.errors import DatabaseError
from reviewdesk.store import audit as audit_store
from reviewdesk.store.tables import utcnow

Clock = Callable[[], datetime]

# TLS modes that check who the server is. Anything weaker is refused over a network.
CHECKED_TLS = ("verify-full", "verify-ca")
DEFAULT_TLS = "verify-full"


class ServerSettingsError(DatabaseError):
    """The connection settings are unsafe or incomplete (the message says which)."""


def is_local_socket(host: str | None) -> bool:
    """A Unix-socket folder (libpq reads a host starting with '/' as one)."""
    return bool(host) and str(host).startswith("/")


def connect_args(
    *,
    host: str,
    dbname: str,
    user: str,
    password: str | None = None,
    port: int | None = None,
    sslmode: str | None = None,
    sslrootcert: str | None = None,
    gss: bool = False,
) -> dict[str, Any]:
    """libpq connection keywords for a server. Over a network TLS is required and the
    server's certificate is checked (``verify-full`` by default; ``verify-ca`` only when asked);
    a weaker mode is refused with a message. Without a password libpq signs in with Kerberos
    (GSSAPI) when ``gss`` is set and the server accepts it."""
    args: dict[str, Any] = {"host": host, "dbname": dbname, "user": user}
    if port is not None:
        args["port"] = int(port)
    if password is not None:
        args["password"] = password
    if is_local_socket(host):
        return args  # the same machine, through a socket file only its users can reach
    mode = sslmode or DEFAULT_TLS
    if mode not in CHECKED_TLS:
        raise ServerSettingsError(
            f"ReviewDesk connects to a server over the network only with TLS and the server's "
            f"certificate checked (sslmode verify-full, or verify-ca), not '{mode}'. Nothing was "
            "sent. Please ask IT for the server's certificate authority file."
        )
    args["sslmode"] = mode
    if sslrootcert:
        args["sslrootcert"] = sslrootcert
    if gss:
        args["gssencmode"] = "disable"  # TLS carries the connection; GSSAPI only signs in
    return args


def make_server_engine(args: Mapping[str, Any], *, pool_size: int = 5) -> Engine:
    """An engine for a server; every connection made with ``args`` (see :func:`connect_args`)."""
    engine = create_engine(
        "postgresql+psycopg://",
        connect_args=dict(args),
        pool_size=pool_size,
        max_overflow=2,
        pool_pre_ping=True,  # a connection the server dropped is noticed before it is used
    )
    return engine


def revision(engine: Engine) -> str | None:
    """The schema's revision on the server, or None when it has no ReviewDesk schema."""
    with engine.connect() as conn:
        if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, *, clock: Clock = utcnow) -> tuple[str | None, str]:
    """Bring the server's schema to the newest revision and lay the server's rules over it
    (:mod:`reviewdesk.store.server_policy`), in one transaction, as the database owner
    (``reviewdesk server init|upgrade``). Refuses a schema from a newer ReviewDesk. Returns
    (revision before, revision after)."""
    from alembic import command
    from sqlalchemy.orm import Session

    from reviewdesk.store import search as search_index
    from reviewdesk.store import server_policy
    from reviewdesk.store.engine import _alembic_config, _scripts

    scripts = _scripts()
    head = scripts.get_current_head()
    assert head is not None
    current = revision(engine)
    known = {rev.revision for rev in scripts.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"The server's ReviewDesk schema is at revision {current}, newer than this version "
            f"of ReviewDesk knows ({head}). Nothing was changed. Please use the newer version."
        )
    cfg = _alembic_config()
    with engine.connect() as conn, conn.begin():
        if current != head:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            with Session(bind=conn) as session:  # rows the migrations queued for the index
                search_index.apply_pending(session)
        # The server's own rules, laid again each time (a newer version may change them).
        server_policy.apply(conn)
        if current != head:
            audit_store.append(
                conn,
                at=clock(),
                who=SYSTEM,
                action="library.upgraded" if current else "library.created",
                what={"from_revision": current, "to_revision": head},
            )
    return current, head


WRONG_REVISION = (
    "The ReviewDesk server's database is at revision {found}, but this version of ReviewDesk "
    "needs revision {wanted}. Nothing was changed. Please ask IT to run 'reviewdesk server "
    "upgrade' (or to install the matching version of ReviewDesk on this computer)."
)
NOT_SET_UP = (
    "The server's database has no ReviewDesk schema yet. Nothing was changed. Please ask IT to "
    "run 'reviewdesk server init' (see docs/server.md)."
)


def open_server_store(args: Mapping[str, Any], *, pool_size: int = 5):  # type: ignore[no-untyped-def]
    """Open a library on a server with a person's own account. Never changes the schema:
    refuses one at another revision with a message for IT."""
    from reviewdesk.store.engine import Store, head_revision

    engine = make_server_engine(args, pool_size=pool_size)
    try:
        found = revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseError(sign_in_problem(exc)) from exc
    wanted = head_revision()
    if found != wanted:
        engine.dispose()
        if found is None:
            raise DatabaseError(NOT_SET_UP)
        raise DatabaseError(WRONG_REVISION.format(found=found, wanted=wanted))
    return Store(engine, None)


def sign_in_problem(exc: DBAPIError) -> str:
    """A sentence for a failed connection, without the password or the server's raw text."""
    detail = str(exc.orig or exc).lower()
    if "password authentication failed" in detail or "no password supplied" in detail:
        return (
            "The server did not accept that account name and password. Nothing was changed. "
            "Please check them and try again (IT can reset a password)."
        )
    if "certificate" in detail or "ssl" in detail:
        return (
            "ReviewDesk could not confirm the server's identity (its TLS certificate did not "
            "check out), so it did not sign in. Please tell IT."
        )
    if "does not exist" in detail:
        return "The server has no such database or account. Please check the settings with IT."
    return (
        "ReviewDesk could not reach the server just now. Nothing was changed. Please check the "
        "network connection and try again; if it keeps happening, tell IT."
    )
