"""Single sign-on with Kerberos (GSSAPI), tried for real (issue 22, point 2).

A throwaway Kerberos realm in a temporary folder (MIT Kerberos' KDC, listening on the loopback
address only), a cluster that accepts GSSAPI sign-in over TLS from 127.0.0.1 with its own keytab
for ``postgres/localhost``, a ticket got with ``kinit``, and ReviewDesk's own sign-in path
(:func:`reviewdesk.services.partnership.sign_in` with ``kerberos=True``: no password at all).
docs/server.md describes the same steps for IT.

Skipped with a reason when MIT Kerberos' tools are not installed (``apt-get install krb5-kdc
krb5-admin-server krb5-user``) or this libpq was built without GSSAPI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import text

from reviewdesk.domain.errors import DatabaseError
from reviewdesk.domain.partnership import ServerChoice
from reviewdesk.services import partnership
from reviewdesk.store import server
from tests.pg import OWNER, Cluster, Server, require_binaries
from tests.server.test_tls import _pem, server_certificate

REALM = "REVIEWDESK.TEST"  # fictional
PERSON, PERSON_PASSWORD = "sfield", "fictional-kerberos-pw-1"
OTHER, OTHER_PASSWORD = "kmoor", "fictional-kerberos-pw-2"
TOOLS = ("kdb5_util", "kadmin.local", "krb5kdc", "kinit", "kdestroy")


def _tool(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write_config(folder: Path, kdc_port: int) -> dict[str, str]:
    (folder / "krb5.conf").write_text(
        "[libdefaults]\n"
        f"    default_realm = {REALM}\n"
        "    dns_lookup_kdc = false\n"
        "    dns_lookup_realm = false\n"
        "    dns_canonicalize_hostname = false\n"
        "    rdns = false\n"
        "    udp_preference_limit = 1\n"  # TCP to the KDC
        "[realms]\n"
        f"    {REALM} = {{\n        kdc = 127.0.0.1:{kdc_port}\n    }}\n"
        "[domain_realm]\n"
        f"    localhost = {REALM}\n",
        encoding="utf-8",
    )
    (folder / "kdc.conf").write_text(
        "[kdcdefaults]\n"
        f"    kdc_listen = 127.0.0.1:{kdc_port}\n"
        f"    kdc_tcp_listen = 127.0.0.1:{kdc_port}\n"
        "[realms]\n"
        f"    {REALM} = {{\n"
        f"        database_name = {folder}/principal\n"
        f"        key_stash_file = {folder}/stash\n"
        f"        acl_file = {folder}/kadm5.acl\n"
        "    }\n"
        "[logging]\n"
        f"    kdc = FILE:{folder}/kdc.log\n",
        encoding="utf-8",
    )
    (folder / "kadm5.acl").write_text("", encoding="utf-8")
    return {
        "KRB5_CONFIG": str(folder / "krb5.conf"),
        "KRB5_KDC_PROFILE": str(folder / "kdc.conf"),
        "KRB5CCNAME": f"FILE:{folder}/ccache",
    }


def _run(env: dict[str, str], *command: str, stdin: str | None = None) -> None:
    subprocess.run(
        [_tool(command[0]) or command[0], *command[1:]],
        input=stdin,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _kdc_ready(port: int) -> None:
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)  # the KDC's start-up, polled (no fixed sleep)
    raise RuntimeError("the test KDC did not start")


def _server_certificate(folder: Path):  # type: ignore[no-untyped-def]
    return server_certificate(folder, "ReviewDesk Kerberos test CA (fictional council)")


@pytest.fixture(scope="module")
def realm(tmp_path_factory, pytestconfig) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The realm, its KDC, a cluster that accepts Kerberos, and a migrated database."""
    found = require_binaries(pytestconfig)
    missing = [t for t in TOOLS if _tool(t) is None]
    if missing:
        message = (
            "MIT Kerberos' tools are not installed ("
            + ", ".join(missing)
            + "): apt-get install krb5-kdc krb5-admin-server krb5-user"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": CI must try Kerberos sign-in", pytrace=False)
        pytest.skip(message)
    if not partnership.kerberos_available():
        pytest.skip("this libpq was built without GSSAPI, so it cannot sign in with Kerberos")
    # Its own folder under /tmp, readable by the cluster's unprivileged user (which reads
    # krb5.conf); the secrets in it (keytab, ticket cache) stay readable by their owner only.
    folder = Path(tempfile.mkdtemp(prefix="rd-krb-"))
    folder.chmod(0o755)
    kdc_port, pg_port = _free_port(), _free_port()
    env = _write_config(folder, kdc_port)
    _run(env, "kdb5_util", "create", "-s", "-r", REALM, "-P", "fictional-master-key")
    for name, password in ((PERSON, PERSON_PASSWORD), (OTHER, OTHER_PASSWORD)):
        _run(env, "kadmin.local", "-q", f"addprinc -pw {password} {name}")
    _run(env, "kadmin.local", "-q", "addprinc -randkey postgres/localhost")
    _run(env, "kadmin.local", "-q", f"ktadd -k {folder}/server.keytab postgres/localhost")
    kdc = subprocess.Popen(
        [_tool("krb5kdc") or "krb5kdc", "-n"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    key, cert = _server_certificate(folder)

    def prepare(data: Path) -> None:
        (data / "server.crt").write_bytes(_pem(cert))
        (data / "server.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        shutil.copyfile(folder / "server.keytab", data / "server.keytab")
        for secret in ("server.key", "server.keytab"):
            (data / secret).chmod(0o600)
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"krb_server_keyfile = '{data / 'server.keytab'}'\n")
        # Kerberos over TLS from the loopback address only: the principal's name without its
        # realm is the account's (include_realm=0), and only this realm's tickets count.
        hba = data / "pg_hba.conf"
        hba.write_text(
            f"hostssl all all 127.0.0.1/32 gss include_realm=0 krb_realm={REALM}\n"
            + hba.read_text(),
            encoding="utf-8",
        )

    cluster = Cluster(found)
    cluster.port = pg_port
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        mp.setenv("PGPORT", str(pg_port))  # the Unix socket's name for the owner's set-up
        try:
            _kdc_ready(kdc_port)
            cluster.start(
                "listen_addresses=127.0.0.1", f"port={pg_port}", "ssl=on", prepare=prepare
            )
            pg = Server(cluster).prepare()
            database = pg.new_database()
            owner = server.make_server_engine(pg.args(database, OWNER))
            try:  # IT's own command: an account with no password, for single sign-on
                server.add_user(owner, PERSON, "lead", None)
                server.add_user(owner, OTHER, "contributor", None)
            finally:
                owner.dispose()
            yield {"env": env, "folder": folder, "port": pg_port, "database": database}
        finally:
            cluster.stop()
            kdc.terminate()
            kdc.wait(timeout=10)
            shutil.rmtree(folder, ignore_errors=True)


def _kinit(realm: dict[str, Any], name: str, password: str) -> None:
    _run(realm["env"], "kinit", name, stdin=password + "\n")


def _choice(realm: dict[str, Any], account: str = PERSON) -> ServerChoice:
    return ServerChoice(
        "localhost",
        account,
        port=realm["port"],
        database=realm["database"],
        ca_file=str(realm["folder"] / "ca.pem"),
        kerberos=True,
    )


def test_a_person_with_a_ticket_signs_in_without_a_password(realm, tmp_path, record) -> None:
    _kinit(realm, PERSON, PERSON_PASSWORD)
    services = partnership.sign_in(_choice(realm), None, data_dir=tmp_path)
    try:
        with services.store.read() as session:
            row = session.execute(
                text(
                    "SELECT current_user, s.ssl, g.gss_authenticated, g.principal "
                    "FROM pg_stat_ssl s JOIN pg_stat_gssapi g USING (pid) "
                    "WHERE pid = pg_backend_pid()"
                )
            ).one()
        assert tuple(row) == (PERSON, True, True, f"{PERSON}@{REALM}")
        services.reviews.create(record)
        newest = services.audit.entries()[0]
        assert (newest.action, newest.who) == ("review.created", PERSON)  # the ticket's owner
    finally:
        services.close()


def test_without_a_ticket_signing_in_is_refused_kindly(realm, tmp_path) -> None:
    _run(realm["env"], "kdestroy", "-q")
    with pytest.raises(DatabaseError) as refused:
        partnership.sign_in(_choice(realm), None, data_dir=tmp_path)
    message = str(refused.value)
    assert "did not accept your Windows sign-in" in message and "Nothing was changed" in message
    assert "GSSAPI" not in message and "krb5" not in message.lower()


def test_a_ticket_for_someone_else_does_not_open_this_account(realm, tmp_path) -> None:
    _kinit(realm, OTHER, OTHER_PASSWORD)  # signed in to Windows as someone else
    with pytest.raises(DatabaseError, match="did not accept your Windows sign-in"):
        partnership.sign_in(_choice(realm, PERSON), None, data_dir=tmp_path)
    services = partnership.sign_in(_choice(realm, OTHER), None, data_dir=tmp_path)
    try:  # the same ticket opens its own account, and only as that account
        with services.store.read() as session:
            assert session.execute(text("SELECT current_user")).scalar() == OTHER
    finally:
        services.close()
