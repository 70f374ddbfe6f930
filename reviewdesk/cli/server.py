"""``reviewdesk server init|upgrade|check|add-user``: for IT, as the database's owner (issue 22);
``reviewdesk server import-library PATH``: for a lead, moving a laptop library to the server;
``reviewdesk --server SETTINGS list|export``: a person's own reading of the server's library.

The app never changes a server's schema: these commands do, signed in as the account that owns
the database. Connections over the network use TLS with the server's certificate checked
(``--sslmode verify-full`` by default); a host that is a folder is a Unix socket on this
machine. The password is read from ``--password-file`` (its first line), from ``PGPASSWORD``
(libpq's own variable), or asked for without echo. docs/server.md explains the set-up.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_USER_ERROR = 0, 1


def add_server_command(sub) -> None:  # type: ignore[no-untyped-def]
    p_server = sub.add_parser(
        "server",
        help="set up and look after a shared PostgreSQL server (for IT; docs/server.md)",
        description=(
            "Partnership mode: one library on a PostgreSQL server that several people use at "
            "once. These commands are for IT, signed in as the database's owner (import-library: "
            "as the lead who will lead the reviews)."
        ),
    )
    actions = p_server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    for name, text in (
        ("init", "make ReviewDesk's schema and rules in an empty database"),
        ("upgrade", "bring the schema and rules to this version of ReviewDesk"),
        ("check", "report the schema, TLS, the audit trail and row-level security"),
        ("add-user", "make a sign-in account for a person (admin, lead or contributor)"),
        ("import-library", "copy every review of a library on this computer to the server"),
    ):
        p = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        _connection_options(p)
        if name == "import-library":
            p.add_argument(
                "library",
                type=Path,
                metavar="PATH",
                help="the library's data folder (or its reviewdesk.sqlite3 file); sign in with "
                "--user as the lead who will lead the reviews",
            )
        if name == "add-user":
            p.add_argument("account", help="the person's account name, e.g. sam.field")
            p.add_argument(
                "--role",
                required=True,
                choices=("admin", "lead", "contributor"),
                help="what the person may do (docs/server.md: 'Who may do what')",
            )
            p.add_argument(
                "--new-password-file",
                type=Path,
                metavar="FILE",
                help="the new account's password, the first line of FILE (otherwise asked twice)",
            )
            p.add_argument(
                "--no-password",
                action="store_true",
                help="no password: the person signs in with Kerberos single sign-on only",
            )


def _connection_options(p: argparse.ArgumentParser) -> None:
    env = os.environ
    p.add_argument(
        "--host",
        default=env.get("PGHOST"),
        required="PGHOST" not in env,
        help="the server's name (or a Unix-socket folder on this machine)",
    )
    p.add_argument("--port", type=int, default=env.get("PGPORT"), help="default 5432")
    p.add_argument(
        "--database", default=env.get("PGDATABASE", "reviewdesk"), help="default reviewdesk"
    )
    p.add_argument(
        "--user", default=env.get("PGUSER"), required="PGUSER" not in env, help="the owner"
    )
    p.add_argument(
        "--sslmode",
        default="verify-full",
        choices=("verify-full", "verify-ca"),
        help="how the server's TLS certificate is checked (default verify-full)",
    )
    p.add_argument("--sslrootcert", metavar="FILE", help="the certificate authority's file")
    p.add_argument(
        "--password-file", type=Path, metavar="FILE", help="the owner's password (first line)"
    )
    p.add_argument(
        "--kerberos", action="store_true", help="sign in with Kerberos (GSSAPI), no password"
    )


def _first_line(path: Path) -> str:
    from reviewdesk.domain.errors import ReviewDeskError

    try:
        return path.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, UnicodeDecodeError, IndexError):
        raise ReviewDeskError(
            f"The password file {path} could not be read (or is empty). Nothing was changed."
        ) from None


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from reviewdesk.store.server import connect_args, make_server_engine

    password = None
    if args.password_file is not None:
        password = _first_line(args.password_file)
    elif not args.kerberos and "PGPASSWORD" not in os.environ:
        password = getpass.getpass(f"Password for {args.user}: ")
    settings = connect_args(
        host=args.host,
        dbname=args.database,
        user=args.user,
        password=password,
        port=args.port,
        sslmode=args.sslmode,
        sslrootcert=args.sslrootcert,
        gss=args.kerberos,
    )
    return make_server_engine(settings, pool_size=1)


def _new_password(args: argparse.Namespace) -> str | None:
    from reviewdesk.domain.errors import ReviewDeskError

    if args.no_password:
        return None
    if args.new_password_file is not None:
        return _first_line(args.new_password_file)
    first = getpass.getpass(f"New password for {args.account}: ")
    if getpass.getpass("The same password again: ") != first:
        raise ReviewDeskError("The two passwords were not the same. Nothing was changed.")
    return first


def server(args: argparse.Namespace) -> int:
    """Run one ``reviewdesk server`` action; messages for IT, never a traceback."""
    from sqlalchemy.exc import DBAPIError

    from reviewdesk.domain.errors import DatabaseError
    from reviewdesk.store import server as server_store

    engine = _engine(args)
    try:
        if args.server_command in ("init", "upgrade"):
            found = server_store.revision(engine)
            if args.server_command == "init" and found is not None:
                print(
                    f"This database already has ReviewDesk's schema (revision {found}). Nothing "
                    "was changed. To bring it up to date, use 'reviewdesk server upgrade'."
                )
                return EXIT_USER_ERROR
            if args.server_command == "upgrade" and found is None:
                print("This database has no ReviewDesk schema yet: use 'reviewdesk server init'.")
                return EXIT_USER_ERROR
            before, after = server_store.migrate(engine)
            if before == after:
                print(f"The schema was already at revision {after}; the rules were laid again.")
            else:
                print(
                    f"The schema is now at revision {after} (it was {before or 'empty'}), with "
                    "the rules for admins, leads and contributors. Next: 'reviewdesk server "
                    "add-user' for each person, then 'reviewdesk server check'."
                )
            return EXIT_OK
        if args.server_command == "import-library":
            return _import_library(engine, args)
        if args.server_command == "add-user":
            server_store.add_user(engine, args.account, args.role, _new_password(args))
            print(f"The account '{args.account}' can now sign in as a {args.role}.")
            return EXIT_OK
        results = server_store.check(engine)
        width = max(len(what) for what, _, _ in results)
        for what, ok, detail in results:
            print(f"{what:<{width}}  {'ok' if ok else 'PROBLEM'}  {detail}")
        return EXIT_OK if all(ok for _, ok, _ in results) else EXIT_USER_ERROR
    except DBAPIError as exc:
        raise DatabaseError(server_store.sign_in_problem(exc)) from None
    finally:
        engine.dispose()
        sys.stdout.flush()


def _import_library(engine, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """Every review of a local library into the server, all or nothing (issue 22, point 2)."""
    from reviewdesk.domain.audit import COMMAND_LINE
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import Services, open_services
    from reviewdesk.services.partnership import move_library
    from reviewdesk.store import server as server_store
    from reviewdesk.store.engine import Store, head_revision

    folder = args.library.parent if args.library.is_file() else args.library
    if not resolve_paths(folder).database.is_file():
        print(f"There is no ReviewDesk library in {folder}. Nothing was changed.")
        return EXIT_USER_ERROR
    found = server_store.revision(engine)
    if found != head_revision():
        print(server_store.WRONG_REVISION.format(found=found or "none", wanted=head_revision()))
        return EXIT_USER_ERROR
    with engine.connect() as conn:
        leads = conn.exec_driver_sql(
            "SELECT pg_has_role(current_user, 'reviewdesk_lead', 'MEMBER')"
        ).scalar()
    if not leads:
        print(
            f"The account '{args.user}' does not lead reviews on this server, so the reviews "
            "would belong to nobody. Nothing was changed. Please sign in (--user) as the lead "
            "who will lead them (made with 'reviewdesk server add-user NAME --role lead')."
        )
        return EXIT_USER_ERROR
    local = open_services(
        resolve_paths(folder),
        who=COMMAND_LINE,
        daily_backup=False,
        secret=lambda: getpass.getpass("The library's passphrase: "),
    )
    try:
        on_server = Services.over(Store(engine, None))
        moved = move_library(local, on_server, source=str(folder))
    finally:
        local.close()
    for summary in moved:
        print(f"Copied {summary.reference}: {summary.title}")
    print(
        f"{len(moved)} review{'s' if len(moved) != 1 else ''} copied to the server. The library "
        f"in {folder} is unchanged."
    )
    return EXIT_OK


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--server",
        dest="server_conninfo",
        metavar="SETTINGS",
        help="work on a partnership server instead of this computer's library, e.g. "
        '"host=db.council.example dbname=reviewdesk user=sam.field sslrootcert=ca.pem" '
        "(password from PGPASSWORD, or asked for); for 'list' and 'export'",
    )


SERVER_COMMANDS = ("list", "export")


def open_server_services(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The services over a server, signed in with the person's own account (``--server``).
    Never changes the schema: refuses a server at another revision."""
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.services.bundle import Services
    from reviewdesk.services.partnership import require_server_support
    from reviewdesk.store.server import connect_args, open_server_store

    require_server_support()
    from psycopg.conninfo import conninfo_to_dict

    if args.command not in SERVER_COMMANDS:
        raise ReviewDeskError(
            f"'reviewdesk {args.command}' works on this computer's library only; with --server "
            f"ReviewDesk can {' and '.join(SERVER_COMMANDS)}. Nothing was changed."
        )
    try:
        given = conninfo_to_dict(args.server_conninfo)
    except Exception:
        raise ReviewDeskError(
            "The --server settings could not be read: give them as "
            '"host=... dbname=... user=... sslrootcert=...". Nothing was changed.'
        ) from None
    password = given.get("password") or os.environ.get("PGPASSWORD")
    if password is None and not given.get("gssencmode"):
        password = getpass.getpass(f"Password for {given.get('user', '')}: ")
    settings = connect_args(
        host=str(given.get("host") or os.environ.get("PGHOST") or ""),
        dbname=str(given.get("dbname") or "reviewdesk"),
        user=str(given.get("user") or os.environ.get("PGUSER") or ""),
        password=password,
        port=int(given["port"]) if given.get("port") else None,
        sslmode=given.get("sslmode"),
        sslrootcert=given.get("sslrootcert"),
    )
    return Services.over(open_server_store(settings, pool_size=1))
