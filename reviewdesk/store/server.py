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

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from reviewdesk.domain.audit import SYSTEM
from reviewdesk.domain.errors import DatabaseError, ReviewDeskError
from reviewdesk.store import audit as audit_store
from reviewdesk.store.core_tables import utcnow

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
    from reviewdesk.store.tables import for_postgresql

    for_postgresql()  # the mapped schema's PostgreSQL-only spellings
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


def open_server_store(args: Mapping[str, Any], *, pool_size: int = 5):
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
    store = Store(engine, None)
    store.server_args = dict(args)
    return store


def review_taken(session: Any, reference: str, uid: str) -> bool:
    """On a server: is this reference (any case) or identifier taken by any review, even one
    hidden from the caller by row-level security (``rd_review_taken``)? False elsewhere."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    found = session.execute(text("SELECT to_regprocedure('rd_review_taken(text, text)')")).scalar()
    if found is None:  # rules laid by an older 'server upgrade': the unique index still refuses
        return False
    return bool(
        session.execute(
            text("SELECT rd_review_taken(:reference, :uid)"), {"reference": reference, "uid": uid}
        ).scalar()
    )


def is_server_session(session: Any) -> bool:
    return bool(session.get_bind().dialect.name == "postgresql")


def my_contributor_id(session: Any, review_id: int) -> int | None:
    """The contributor the signed-in account writes as in a review (``review_member``)."""
    return session.execute(
        text(
            "SELECT contributor_id FROM review_member WHERE review_id = :r "
            "AND role_name = current_user AND contributor_id IS NOT NULL "
            "ORDER BY kind LIMIT 1"
        ),
        {"r": review_id},
    ).scalar()


def shared_entry(session: Any, review_id: int, contributor_id: int) -> bool:
    """Whether more than one account writes as this contributor entry (the review team's
    joint reflections, say: two leads given the same entry)."""
    count = session.execute(
        text(
            "SELECT count(DISTINCT role_name) FROM review_member "
            "WHERE review_id = :r AND contributor_id = :c"
        ),
        {"r": review_id, "c": contributor_id},
    ).scalar()
    return (count or 0) > 1


def account_kind(session: Any) -> str:
    """The signed-in account's kind on the server: 'admin', 'lead' or 'contributor' (the
    group role it belongs to; 'contributor' when it belongs to none of them)."""
    from reviewdesk.store.server_policy import KINDS

    for kind in ("admin", "lead"):
        member = session.execute(
            text("SELECT pg_has_role(current_user, :g, 'MEMBER')"), {"g": KINDS[kind]}
        ).scalar()
        if member:
            return kind
    return "contributor"


def leads_review(session: Any, review_id: int) -> bool:
    return bool(
        session.execute(text("SELECT rd_leads(:r, current_user::text)"), {"r": review_id}).scalar()
    )


def claim_contributor(session: Any, review_id: int, contributor_id: int) -> None:
    """A lead writing in their own review: the contributor entry they write as, for their
    account alone (two leads of one review never share one)."""
    session.execute(
        text(
            "INSERT INTO review_member (review_id, role_name, kind, contributor_id) "
            "VALUES (:r, current_user, 'contributor', :c) ON CONFLICT (review_id, role_name, "
            "kind) DO UPDATE SET contributor_id = excluded.contributor_id"
        ),
        {"r": review_id, "c": contributor_id},
    )


def server_error(orig: BaseException, *, writing: bool) -> ReviewDeskError | None:
    """The error a person reads for a server's refusal or a lost connection (the store's
    ``_translate`` asks), or None when it is neither."""
    from reviewdesk.domain.errors import NotAllowedError, SaveFailedError, StorageError

    module = type(orig).__module__ or ""
    if not module.startswith("psycopg"):
        return None
    state = getattr(orig, "sqlstate", None) or ""
    if state == "42501":  # insufficient_privilege: grants or row-level security said no
        return NotAllowedError(
            "The server did not allow this for your account, so nothing was changed. If you "
            "should be able to, please ask the review's lead (or your administrator)."
        )
    if state.startswith("08") or state in ("57P01", "57P02", "57P03") or not state:
        if writing:
            return SaveFailedError(
                "Your latest changes could not be saved because the connection to the server "
                "was lost. Everything saved before is safe. ReviewDesk will try again when the "
                "connection is back.",
                reason="disconnected",
                retryable=True,
            )
        return StorageError(
            "The server could not be reached just now. Please try again in a moment.",
            reason="disconnected",
            retryable=True,
        )
    return None


def sign_in_problem(exc: DBAPIError) -> str:
    """A sentence for a failed connection, without the password or the server's raw text."""
    detail = str(exc.orig or exc).lower()
    if "password authentication failed" in detail or "no password supplied" in detail:
        return (
            "The server did not accept that account name and password. Nothing was changed. "
            "Please check them and try again (IT can reset a password)."
        )
    if "gssapi" in detail or "kerberos" in detail:
        return (
            "The server did not accept your Windows sign-in (Kerberos single sign-on) for this "
            "account. Nothing was changed. Please check the account name; if you signed in to "
            "Windows a long time ago, locking and unlocking the computer may help. If it keeps "
            "happening, tell IT."
        )
    if "certificate" in detail or "ssl" in detail:
        return (
            "ReviewDesk could not confirm the server's identity (its TLS certificate did not "
            "check out), so it did not sign in. Please tell IT."
        )
    if "permission denied" in detail or "must have createrole" in detail:
        return (
            "The server refused this for the account used (it is not allowed to). Nothing was "
            "changed. 'reviewdesk server' commands need the database's owner, with CREATEROLE."
        )
    if "does not exist" in detail:
        return "The server has no such database or account. Please check the settings with IT."
    return (
        "ReviewDesk could not reach the server just now. Nothing was changed. Please check the "
        "network connection and try again; if it keeps happening, tell IT."
    )


# --- the database owner's checks and accounts ---------------------------------------------------

ACCOUNT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")
MIN_PASSWORD = 12


def add_user(engine: Engine, name: str, kind: str, password: str | None) -> None:
    """Make a sign-in account of ``kind`` (admin, lead or contributor). With a password it is
    stored as a SCRAM-SHA-256 verifier (never in clear); without one the account can sign in
    only as the server's pg_hba.conf allows otherwise (Kerberos/GSSAPI single sign-on)."""
    from psycopg import sql

    from reviewdesk.store.server_policy import KINDS

    if kind not in KINDS:
        raise ServerSettingsError(f"'{kind}' is not a kind of account: admin, lead or contributor.")
    if not ACCOUNT_NAME.match(name):
        raise ServerSettingsError(
            f"'{name}' cannot be an account name here: use letters, digits, '.', '_', '-' or "
            "'@' (up to 63), starting with a letter. Nothing was changed."
        )
    if password is not None and len(password) < MIN_PASSWORD:
        raise ServerSettingsError(
            f"That password is too short: please use at least {MIN_PASSWORD} characters (a few "
            "unrelated words are easy to remember). Nothing was changed."
        )
    with engine.connect() as conn, conn.begin():
        raw = conn.connection.driver_connection
        raw.execute("SET LOCAL password_encryption = 'scram-sha-256'")  # type: ignore[union-attr]
        exists = raw.execute(  # type: ignore[union-attr]
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)
        ).fetchone()
        if exists:
            raise ServerSettingsError(
                f"There is already an account called '{name}' on this server. Nothing was changed."
            )
        statement = sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
            sql.Identifier(name), sql.Identifier(KINDS[kind])
        )
        if password is not None:
            statement = statement + sql.SQL(" PASSWORD {}").format(sql.Literal(password))
        raw.execute(statement)  # type: ignore[union-attr]
        raw.execute(  # type: ignore[union-attr]
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(raw.info.dbname),  # type: ignore[union-attr]
                sql.Identifier(name),
            )
        )


def check(engine: Engine) -> list[tuple[str, bool, str]]:
    """(what, ok, detail) for each thing IT should know about the server: the schema's
    revision, TLS, the audit trail's protection and chain, row-level security, grants."""
    from reviewdesk.domain.audit import verify_chain
    from reviewdesk.store import server_policy
    from reviewdesk.store.engine import head_revision

    out: list[tuple[str, bool, str]] = []
    found, wanted = revision(engine), head_revision()
    out.append(("Schema revision", found == wanted, f"{found or 'none'} (this version: {wanted})"))
    with engine.connect() as conn:
        ssl = conn.execute(text("SHOW ssl")).scalar()
        out.append(
            (
                "TLS on the server",
                ssl == "on",
                "on" if ssl == "on" else "off: people's computers cannot connect over the network",
            )
        )
        if found is None:
            return out
        missing = audit_store.missing_protection(conn)
        out.append(
            (
                "Audit trail protection",
                not missing,
                "triggers in place" if not missing else "missing: " + ", ".join(missing),
            )
        )
        changes = [
            p
            for p in ("UPDATE", "DELETE", "TRUNCATE")
            if conn.execute(
                text("SELECT has_table_privilege(:r, 'audit_log', :p)"),
                {"r": server_policy.USER, "p": p},
            ).scalar()
        ]
        out.append(
            (
                "Audit trail grants",
                not changes,
                "people may only add entries" if not changes else "may also " + ", ".join(changes),
            )
        )
        records = list(audit_store.records(conn))
        verdict = verify_chain(records, audit_store.anchor(conn))
        out.append(("Audit trail chain", verdict.ok, f"{len(records)} entries"))
        bare = server_policy.tables_without_rls(conn)
        out.append(
            (
                "Row-level security",
                not bare,
                "every table" if not bare else "not on: " + ", ".join(bare),
            )
        )
    return out
