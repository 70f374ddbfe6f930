"""Over a network ReviewDesk signs in only with TLS and the server's certificate checked against
its name (sslmode=verify-full): tried against a cluster listening on the loopback address only,
with a certificate authority made for the test (issue 22, point 2)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from reviewdesk.domain.errors import DatabaseError
from reviewdesk.store import server
from tests.pg import SUPERUSER, Cluster, require_binaries


def _authority(name: str):  # type: ignore[no-untyped-def]
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _pem(cert) -> bytes:  # type: ignore[no-untyped-def]
    return cert.public_bytes(serialization.Encoding.PEM)


def server_certificate(folder: Path, authority: str):  # type: ignore[no-untyped-def]
    """A key and certificate for "localhost", signed by a new authority named ``authority``
    whose certificate is written to ``folder / "ca.pem"`` (what IT gives each person)."""
    ca_key, ca = _authority(authority)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(_pem(ca))
    return key, cert


@pytest.fixture(scope="module")
def tls_cluster(tmp_path_factory, pytestconfig):  # type: ignore[no-untyped-def]
    found = require_binaries(pytestconfig)
    folder = tmp_path_factory.mktemp("tls")
    key, cert = server_certificate(folder, "ReviewDesk test CA (fictional council)")
    (folder / "other-ca.pem").write_bytes(_pem(_authority("Someone else's CA")[1]))
    with socket.socket() as probe:  # a free port on the loopback address
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def prepare(data: Path) -> None:
        (data / "server.crt").write_bytes(_pem(cert))
        (data / "server.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        (data / "server.key").chmod(0o600)
        # TLS connections from the loopback address only (first: the first line that fits
        # decides; initdb's own 'host ... reject' lines refuse everything else)
        hba = data / "pg_hba.conf"
        hba.write_text(
            "hostssl all all 127.0.0.1/32 scram-sha-256\n" + hba.read_text(), encoding="utf-8"
        )

    cluster = Cluster(found)
    cluster.port = port
    cluster.start("listen_addresses=127.0.0.1", f"port={port}", "ssl=on", prepare=prepare)
    assert ipaddress.ip_address("127.0.0.1").is_loopback
    yield cluster, folder, port
    cluster.stop()


def _args(cluster, folder, port, *, host="localhost", ca="ca.pem", mode=None):  # type: ignore[no-untyped-def]
    return server.connect_args(
        host=host,
        port=port,
        dbname="postgres",
        user=SUPERUSER,
        password=cluster.password,
        sslmode=mode,
        sslrootcert=str(folder / ca),
    )


def test_verify_full_connects_encrypted_to_the_right_server(tls_cluster) -> None:
    cluster, folder, port = tls_cluster
    engine = server.make_server_engine(_args(cluster, folder, port))
    try:
        with engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            ).one()
        assert row[0] is True and row[1].startswith("TLSv1.")
        checks = {what: ok for what, ok, _ in server.check(engine)}
        assert checks["TLS on the server"] is True
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("host", "ca"),
    [
        ("127.0.0.1", "ca.pem"),  # the certificate names localhost, not this address
        ("localhost", "other-ca.pem"),  # signed by an authority we were not told to trust
    ],
)
def test_a_server_that_cannot_prove_its_name_is_refused(tls_cluster, host, ca) -> None:
    cluster, folder, port = tls_cluster
    with pytest.raises(DatabaseError, match="could not confirm the server's identity"):
        server.open_server_store(_args(cluster, folder, port, host=host, ca=ca))
