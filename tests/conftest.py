"""Shared fixtures. Qt is never imported here: the core tests run where PySide6 cannot be."""

from __future__ import annotations

import os

# Before anything can import Qt: no window ever appears, and no test touches a real profile.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The demo review is seen on the day it was written for, so its dates are the file's whatever
# the date, in every fixture (services/exchange/demo_dates.py; tests/services/test_demo.py
# moves it).
os.environ.setdefault("REVIEWDESK_DEMO_DATE", "2026-08-03")

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.domain.review import CaseRecord, Child, HouseholdMember, KeyDates


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):  # type: ignore[no-untyped-def]
    """When a test's body ends, dialog-answering polls it started stop (tests/running.py)."""
    from tests import running

    try:
        return (yield)
    finally:
        running.test_over()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):  # type: ignore[no-untyped-def]
    """When a test is over, the windows it made are really gone before the next one starts.

    pytest-qt closes each window a test registered and calls ``deleteLater()``, but with no
    event loop running between tests Qt never carries the deletion out: every window (with its
    menus, pages and the lock screen's application-wide event filter) stayed alive for the rest
    of the worker's run. Each test's ``Appearance.apply()`` then restyled every widget of every
    earlier test, and every event passed through every earlier lock screen, so a GUI test got
    slower the later it ran (the 10th demo window took 4.3 s of CPU, the 2nd 0.6 s). Qt itself
    is imported only by tests that use it; this does nothing where it is not loaded."""
    import sys

    try:
        return (yield)
    finally:
        if "PySide6.QtWidgets" in sys.modules:
            from PySide6.QtCore import QEvent
            from PySide6.QtWidgets import QApplication

            if QApplication.instance() is not None:
                QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(data))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    return data


@pytest.fixture(autouse=True)
def _ready_made_libraries(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """New libraries are copied from one made by the real migrations once per session
    (tests/ready_made.py); a test that asks for ``real_migrations`` runs them every time."""
    if "real_migrations" in request.fixturenames:
        return
    from tests.ready_made import install

    install(monkeypatch)


@pytest.fixture
def real_migrations() -> None:
    """Ask for this to make every new library by running each migration (see above)."""


@pytest.fixture
def data_dir(_isolated_data_dir: Path) -> Path:
    return _isolated_data_dir


def _file_services(data_dir: Path) -> Iterator[object]:
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    svc = open_services(resolve_paths(data_dir))
    yield svc
    svc.close()


@pytest.fixture
def services_engine(request: pytest.FixtureRequest) -> str:
    """The engine ``services`` is over. The services' own tests (tests/services) run on each
    selected engine in turn (this fixture is their parameter: see pytest_generate_tests);
    elsewhere it is PostgreSQL when the run is for PostgreSQL only, else SQLite."""
    param = getattr(request, "param", None)
    if param is not None:
        return str(param)
    return "postgresql" if _engines(request.config) == ["postgresql"] else "sqlite"


@pytest.fixture
def services(
    services_engine: str, request: pytest.FixtureRequest, data_dir: Path
) -> Iterator[object]:
    """The services over a library file, or over a fresh server database signed in as a lead
    (``services_engine``, above)."""
    if services_engine == "postgresql":
        yield from _server_services(request)
    else:
        yield from _file_services(data_dir)


# --- two engines (issue 22): --engine sqlite|postgresql|both, or REVIEWDESK_TEST_ENGINE -----


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql", "both"),
        default=None,
        help="the database engine(s) tests run against (default: both; env REVIEWDESK_TEST_ENGINE)",
    )


def _engines(config: pytest.Config) -> list[str]:
    from tests.pg import selected_engines

    return selected_engines(config)


def _workers_steal_work(config: pytest.Config) -> None:
    """With ``-n 2`` a worker that runs out of tests takes some from the other's queue (xdist's
    ``worksteal``; ``load`` hands them out in advance, and a run could end with one worker idle
    while the other still had a queue). With the files holding slow tests run first (below),
    neither waits long for the other at the end. An explicit ``--dist`` is kept; without
    pytest-xdist (``-p no:xdist``) there is nothing to do."""
    explicit = any(str(a).startswith("--dist") for a in config.invocation_params.args)
    if getattr(config.option, "dist", "no") == "load" and not explicit:
        config.option.dist = "worksteal"


def pytest_configure(config: pytest.Config) -> None:
    _workers_steal_work(config)
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): about the library file itself; skipped, with the reason, when the "
        "run is for PostgreSQL only (tests/engines.py)",
    )


def _slow_files_first(items: list[pytest.Item]) -> None:
    """Every file holding a test marked ``slow`` runs first, whole and in its own order (so a
    module's fixtures are still made once), the others after them as collected. With two
    workers stealing work from each other (``worksteal``, above), the long
    tests are then over early and the run ends on short ones, instead of one worker idling
    while the other finishes a minute-long test. The order is the same in every worker, as
    pytest-xdist requires."""
    slow = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow)  # stable: files keep their order


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _slow_files_first(items)
    postgresql_only = _engines(config) == ["postgresql"]
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is None:
            continue
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("services_engine") if callspec is not None else None
        if engine == "postgresql" or (postgresql_only and engine is None):
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


_SERVICES_TESTS = Path(__file__).parent / "services"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", _engines(metafunc.config))
    elif (
        "services" in metafunc.fixturenames
        and _SERVICES_TESTS in metafunc.definition.path.parents
        and len(_engines(metafunc.config)) > 1
    ):
        # The services' tests run on both engines in the one run (the README's test command,
        # so CI's too): each gets a second item, [postgresql], scheduled among all the others.
        metafunc.parametrize("services_engine", _engines(metafunc.config), indirect=True)


@pytest.fixture(scope="session")
def pg_server(pytestconfig: pytest.Config) -> Iterator[object]:
    """The session's throwaway PostgreSQL cluster (tests/pg.py), with a migrated template."""
    from tests.pg import start_server

    server = start_server(pytestconfig)
    yield server
    server.cluster.stop()


@pytest.fixture
def pg_database(pg_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh database for this test, copied from the migrated template."""
    name = pg_server.new_database()
    yield name
    pg_server.drop_database(name)


def _server_services(request: pytest.FixtureRequest) -> Iterator[object]:
    """As the app's sign-in makes them (services/partnership.py): private notes are kept in
    the file on this computer (the test's data folder), never on the server."""
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.local_notes import LocalNotes
    from reviewdesk.store.server import open_server_store
    from tests.engines import LEAD

    pg = request.getfixturevalue("pg_server")
    database = request.getfixturevalue("pg_database")
    store = open_server_store(pg.args(database, pg.account(LEAD, "lead")))
    svc = Services.over(store)
    data_dir = request.getfixturevalue("data_dir")
    svc.reviews.local_notes = LocalNotes(data_dir, f"test-server/{database}", LEAD)
    yield svc
    svc.close()


def _on_server(request: pytest.FixtureRequest) -> bool:
    """Is this test's ``services`` over a server (its [postgresql] item, or a run for
    PostgreSQL only)?"""
    return bool(request.getfixturevalue("services_engine") == "postgresql")


@pytest.fixture
def every_row(request: pytest.FixtureRequest, data_dir: Path):  # type: ignore[no-untyped-def]
    """``every_row()``: every row of every table of the ``services`` fixture's library, read
    behind the app's back (the file with sqlite3; the server's database as its superuser, whom
    row-level security does not hide anything from): what "nothing was written" is checked
    against, and where a text that must be gone is looked for."""
    if not _on_server(request):
        import sqlite3

        def file_rows() -> list[tuple[str, list[str]]]:
            conn = sqlite3.connect(data_dir / "reviewdesk.sqlite3")
            try:
                tables = [
                    r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                ]
                return [
                    (t, sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"')))) for t in tables
                ]
            finally:
                conn.close()

        return file_rows
    import psycopg

    pg = request.getfixturevalue("pg_server")
    database = request.getfixturevalue("pg_database")

    def server_rows() -> list[tuple[str, list[str]]]:
        with psycopg.connect(pg.cluster.dsn(database)) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    "'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
                )
            ]
            return [
                (t, sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))))  # type: ignore[arg-type]
                for t in tables
            ]

    return server_rows


@pytest.fixture
def tamper(request: pytest.FixtureRequest, data_dir: Path):  # type: ignore[no-untyped-def]
    """``tamper(sql)``: change the library behind the app's back with its own protections
    switched off: the audit trail's update trigger dropped in the file; on a server, as its
    superuser with triggers off (``session_replication_role = replica``), which is what it
    would take there."""
    if not _on_server(request):
        import sqlite3

        def in_the_file(sql: str) -> None:
            conn = sqlite3.connect(data_dir / "reviewdesk.sqlite3")
            try:
                conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
                conn.execute(sql)
                conn.commit()
            finally:
                conn.close()

        return in_the_file
    import psycopg

    pg = request.getfixturevalue("pg_server")
    database = request.getfixturevalue("pg_database")

    def on_the_server(sql: str) -> None:
        with psycopg.connect(pg.cluster.dsn(database)) as conn:
            conn.execute("SET session_replication_role = replica")
            conn.execute(sql)  # type: ignore[arg-type]

    return on_the_server


@pytest.fixture
def any_services(engine: str, request: pytest.FixtureRequest, data_dir: Path) -> Iterator[object]:
    """The services over each selected engine in turn (the ``engine`` parameter)."""
    if engine == "postgresql":
        yield from _server_services(request)
    else:
        yield from _file_services(data_dir)


@pytest.fixture
def record() -> CaseRecord:
    from datetime import date

    return CaseRecord(
        reference="LCSPR-2026-07",
        title="Child Q, Northvale (fictional)",
        dates=KeyDates(incident=date(2026, 3, 2), notification=date(2026, 3, 5)),
        scope_start=date(2025, 6, 1),
        scope_end=date(2026, 3, 2),
        lead="Independent reviewer",
        children=(Child("Child Q", "9 months"),),
        household=(HouseholdMember("Mother"), HouseholdMember("Mother's partner")),
        agencies=("Health visiting", "Police"),
    )
