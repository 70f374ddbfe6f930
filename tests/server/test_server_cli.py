"""``reviewdesk server init|upgrade|check|add-user`` run by IT as the database's owner, and the
app refusing a server whose schema is not its own revision (issue 22, point 2)."""

from __future__ import annotations

import secrets

import psycopg
import pytest

from reviewdesk.cli import main
from reviewdesk.domain.errors import DatabaseError
from reviewdesk.store import server
from reviewdesk.store.engine import head_revision
from tests.pg import OWNER, TEST_PASSWORD


@pytest.fixture
def empty_database(pg_server):  # type: ignore[no-untyped-def]
    name = "e_" + secrets.token_hex(6)
    pg_server.cluster.sql(f"CREATE DATABASE {name} OWNER {OWNER}")
    yield name
    pg_server.drop_database(name)


@pytest.fixture
def owner_options(pg_server, tmp_path):  # type: ignore[no-untyped-def]
    secret = tmp_path / "owner-password"
    secret.write_text(TEST_PASSWORD + "\n", encoding="utf-8")
    return [
        "--host",
        str(pg_server.cluster.socket_dir),
        "--user",
        OWNER,
        "--password-file",
        str(secret),
    ]


def test_init_then_check_then_add_a_person(
    pg_server, empty_database, owner_options, tmp_path, capsys
) -> None:
    db = ["--database", empty_database]
    assert main(["server", "init", *owner_options, *db]) == 0
    assert f"revision {head_revision()}" in capsys.readouterr().out
    # a second init changes nothing and says what to do instead
    assert main(["server", "init", *owner_options, *db]) == 1
    assert "reviewdesk server upgrade" in capsys.readouterr().out
    assert main(["server", "upgrade", *owner_options, *db]) == 0
    assert f"already at revision {head_revision()}" in capsys.readouterr().out

    assert main(["server", "check", *owner_options, *db]) == 1  # this test cluster has no TLS
    report = capsys.readouterr().out
    lines = {line.split("  ")[0].strip(): line for line in report.splitlines()}
    assert "PROBLEM" in lines["TLS on the server"]
    for what in (
        "Schema revision",
        "Audit trail protection",
        "Audit trail grants",
        "Audit trail chain",
        "Row-level security",
    ):
        assert "  ok  " in lines[what], report

    name = "lee_" + secrets.token_hex(3)
    password = tmp_path / "new"
    password.write_text("a quite long fictional passphrase\n", encoding="utf-8")
    argv = ["server", "add-user", *owner_options, *db, name, "--role", "contributor"]
    assert main([*argv, "--new-password-file", str(password)]) == 0
    assert f"'{name}' can now sign in as a contributor" in capsys.readouterr().out
    with psycopg.connect(pg_server.cluster.dsn(empty_database)) as su:
        stored = su.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,))
        assert stored.fetchone()[0].startswith("SCRAM-SHA-256$")  # never the password itself
    with psycopg.connect(
        **pg_server.args(empty_database, name, "a quite long fictional passphrase")
    ) as person:
        assert person.execute("SELECT current_user").fetchone()[0] == name
        assert person.execute("SELECT count(*) FROM review").fetchone()[0] == 0
    # the same name again, a short password, a name that is not one: refused kindly
    assert main([*argv, "--new-password-file", str(password)]) == 1
    assert "already an account" in capsys.readouterr().err
    password.write_text("short\n", encoding="utf-8")
    assert (
        main([*argv[:-3], "other_" + name, "--role", "lead", "--new-password-file", str(password)])
        == 1
    )
    assert "too short" in capsys.readouterr().err
    assert main([*argv[:-3], "bad name; drop", "--role", "lead", "--no-password"]) == 1
    assert "cannot be an account name" in capsys.readouterr().err


def test_a_wrong_password_is_a_sentence_not_a_traceback(
    pg_server, empty_database, owner_options, tmp_path, capsys
) -> None:
    (tmp_path / "owner-password").write_text("not the password\n", encoding="utf-8")
    assert main(["server", "check", *owner_options, "--database", empty_database]) == 1
    err = capsys.readouterr().err
    assert "did not accept that account name and password" in err
    assert "Traceback" not in err and "not the password" not in err


def test_the_app_refuses_a_server_at_another_revision(pg_server, empty_database) -> None:
    args = pg_server.args(empty_database, OWNER)
    with pytest.raises(DatabaseError, match="reviewdesk server init"):
        server.open_server_store(args)
    # IT migrated only part of the way (an older ReviewDesk's schema)
    from alembic import command

    from reviewdesk.store.engine import _alembic_config

    engine = server.make_server_engine(args)
    with engine.connect() as conn, conn.begin():
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
    engine.dispose()
    wanted = rf"revision 0007.*needs revision {head_revision()}.*server upgrade"
    with pytest.raises(DatabaseError, match=wanted):
        server.open_server_store(args)
    assert server.revision(server.make_server_engine(args)) == "0007"  # the app changed nothing


def test_over_a_network_the_server_must_prove_who_it_is() -> None:
    args = server.connect_args(host="db.council.example", dbname="rd", user="sam")
    assert args["sslmode"] == "verify-full"
    for weak in ("disable", "allow", "prefer", "require"):
        with pytest.raises(server.ServerSettingsError, match="certificate checked"):
            server.connect_args(host="db.council.example", dbname="rd", user="s", sslmode=weak)
    local = server.connect_args(host="/run/postgresql", dbname="rd", user="sam")
    assert "sslmode" not in local  # a Unix socket on this machine
