"""``reviewdesk server init|upgrade|check|add-user``: for IT, as the database's owner (issue 22).

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
            "once. These commands are for IT, signed in as the database's owner."
        ),
    )
    actions = p_server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    for name, text in (
        ("init", "make ReviewDesk's schema and rules in an empty database"),
        ("upgrade", "bring the schema and rules to this version of ReviewDesk"),
        ("check", "report the schema, TLS, the audit trail and row-level security"),
        ("add-user", "make a sign-in account for a person (admin, lead or contributor)"),
    ):
        p = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        _connection_options(p)
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
