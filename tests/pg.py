"""A throwaway PostgreSQL cluster for the tests (issue 22).

:class:`Cluster` runs Debian's ``initdb`` into a temporary folder (in memory where there is
one: tests/memory.py) and starts the server listening only on a Unix socket in that folder
(``listen_addresses = ''``: no network at all), then stops it and removes the folder. One
cluster per test session (per xdist worker); each test gets its own database, copied from a
template database that was migrated once (``CREATE DATABASE ... TEMPLATE``), so no test
migrates.

PostgreSQL refuses to run as root. When the tests run as root (as in this project's CI), the
cluster runs as a dedicated unprivileged system user, ``rdpg`` (made with ``useradd --system``
the first time: no home, no shell, no password), through ``runuser``; the folder is given to
that user. Otherwise it runs as whoever runs the tests.

Sign-in is SCRAM (``--auth-local=scram-sha-256``): the bootstrap superuser ``postgres`` has a
random password, and every role the tests make signs in with its own password, as on a council's
server. The engine the suite runs against is chosen by ``--engine`` or ``REVIEWDESK_TEST_ENGINE``
(tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.memory import memory_folder

SUPERUSER = "postgres"
SYSTEM_USER = "rdpg"


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout), or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if not found:
        on_path = shutil.which("initdb")
        return Path(on_path).parent if on_path else None
    return Path(found[-1]).parent


def _ensure_system_user() -> None:
    try:
        import pwd

        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )


class Cluster:
    """A running throwaway cluster; ``dsn(...)`` gives libpq connection strings for it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        # In memory where there is a tmpfs (tests/memory.py): a throwaway cluster's files need
        # no disk, and every test makes and drops a database.
        self.root = Path(tempfile.mkdtemp(prefix="rd-pg-", dir=memory_folder()))
        self.data = self.root / "data"
        self.socket_dir = self.root  # the socket lives beside the data, in the private folder
        self.password = secrets.token_urlsafe(18)
        self.as_root = os.geteuid() == 0
        self._stopped = False
        self.port = 5432  # only names the socket file (.s.PGSQL.5432): nothing listens on TCP

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", SYSTEM_USER, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self, *settings: str, prepare=None) -> Cluster:  # type: ignore[no-untyped-def]
        """Start it; ``settings`` are extra ``-c name=value`` options, and ``prepare(data)``
        may change the data folder's files (pg_hba.conf, certificates) before the start.
        A cluster that fails to start is removed again (and the error raised)."""
        try:
            return self._start(settings, prepare)
        except BaseException:
            self.stop()
            raise

    def _start(self, settings, prepare) -> Cluster:  # type: ignore[no-untyped-def]
        if self.as_root:
            _ensure_system_user()
            shutil.chown(self.root, SYSTEM_USER, SYSTEM_USER)
        self.root.chmod(0o700)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if self.as_root:
            shutil.chown(pwfile, SYSTEM_USER, SYSTEM_USER)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth-local=scram-sha-256",
            "--auth-host=reject",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        pwfile.unlink()
        if prepare is not None:
            prepare(self.data)
            if self.as_root:
                for path in self.data.iterdir():
                    if path.is_file():
                        shutil.chown(path, SYSTEM_USER, SYSTEM_USER)
        options = " ".join(
            [
                "-c listen_addresses=''",
                f"-c unix_socket_directories={self.socket_dir}",
                "-c fsync=off",  # a throwaway cluster: nothing here must survive a power cut
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=60",
                "-c shared_buffers=32MB",
                *(f"-c {setting}" for setting in settings),
            ]
        )
        self._options = options
        self._pg_ctl_start()
        return self

    def _pg_ctl_start(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            self._options,
            "-w",
            "start",
        )

    def halt(self) -> None:
        """Stop the server, keeping its data for :meth:`resume`: to the app, every connection
        is dropped at once and new ones are refused, as when the server or the network goes
        down. A fast shutdown, not an immediate one: this throwaway cluster runs with
        ``synchronous_commit=off``, so a crash could forget commits the app was told of (a
        council's server keeps it on)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server again after :meth:`halt`, with the same settings and data."""
        self._pg_ctl_start()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def dsn(
        self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None
    ) -> str:
        password = self.password if password is None and user == SUPERUSER else password
        parts = [f"host={self.socket_dir}", f"port={self.port}", f"dbname={dbname}", f"user={user}"]
        if password is not None:
            parts.append(f"password={password}")
        return " ".join(parts)

    def url(self, dbname: str, user: str = SUPERUSER, password: str | None = None) -> str:
        """A SQLAlchemy URL (psycopg 3) over the Unix socket."""
        from urllib.parse import quote

        password = self.password if password is None and user == SUPERUSER else password
        auth = quote(user) + (":" + quote(password) if password else "")
        return f"postgresql+psycopg://{auth}@/{dbname}?host={quote(str(self.socket_dir))}"

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE ...)."""
        import psycopg

        with psycopg.connect(self.dsn(dbname), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]


# --- the suite's server: one cluster per session, one database per test ------------------------

OWNER = "reviewdesk_owner"  # IT's account: owns the database, runs `reviewdesk server ...`
TEMPLATE = "rd_template"
TEST_PASSWORD = "correct horse battery staple 22"  # every test account's (fictional) password


class Server:
    """The session's cluster with a migrated template database and a few accounts."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._made: set[str] = set()

    def prepare(self) -> Server:
        from reviewdesk.store import server

        self.cluster.sql(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{TEST_PASSWORD}'")
        self.cluster.sql(f"CREATE DATABASE {TEMPLATE} OWNER {OWNER}")
        self.cluster.sql(f"REVOKE ALL ON DATABASE {TEMPLATE} FROM PUBLIC", TEMPLATE)
        engine = server.make_server_engine(self.args(TEMPLATE, OWNER))
        try:
            server.migrate(engine)
        finally:
            engine.dispose()
        return self

    def args(self, dbname: str, user: str, password: str | None = TEST_PASSWORD) -> dict:
        args = {"host": str(self.cluster.socket_dir), "dbname": dbname, "user": user}
        if password is not None:
            args["password"] = password
        return args

    def new_database(self) -> str:
        name = "t_" + secrets.token_hex(6)
        self.cluster.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} OWNER {OWNER}")
        self.cluster.sql(f"GRANT CONNECT ON DATABASE {name} TO reviewdesk_user")
        return name

    def drop_database(self, name: str) -> None:
        self.cluster.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def account(self, name: str, kind: str) -> str:
        """A sign-in account of ``kind`` (admin, lead, contributor); roles are the cluster's,
        so each is made once per session and shared by the tests' databases."""
        from reviewdesk.store.server_policy import KINDS

        if name not in self._made:
            self.cluster.sql(
                f"CREATE ROLE {name} LOGIN PASSWORD '{TEST_PASSWORD}' IN ROLE {KINDS[kind]}"
            )
            self._made.add(name)
        return name


def require_binaries(config=None) -> Path:  # type: ignore[no-untyped-def]
    """PostgreSQL's bin folder; the test is skipped without one, except in CI (CI=true), where
    a missing PostgreSQL fails it. Skipped too when the run is for SQLite only."""
    import pytest

    if config is not None and "postgresql" not in selected_engines(config):
        pytest.skip("the run is for SQLite only (--engine sqlite)")
    found = binaries()
    if found is None:
        message = "PostgreSQL is not installed (apt-get install postgresql)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(message)
    return found


def start_server(config) -> Server:  # type: ignore[no-untyped-def]
    """Start the session's server, or skip (fail in CI) when PostgreSQL is not installed. The
    caller stops it (``server.cluster.stop()``); should the process end first, ``atexit`` does."""
    import atexit

    cluster = Cluster(require_binaries(config)).start()
    atexit.register(cluster.stop)
    try:
        return Server(cluster).prepare()
    except BaseException:
        cluster.stop()
        raise


def selected_engines(config) -> list[str]:  # type: ignore[no-untyped-def]
    """``--engine`` (or REVIEWDESK_TEST_ENGINE): sqlite, postgresql or both (the default)."""
    chosen = config.getoption("--engine") or os.environ.get("REVIEWDESK_TEST_ENGINE") or "both"
    return ["sqlite", "postgresql"] if chosen == "both" else [chosen]
