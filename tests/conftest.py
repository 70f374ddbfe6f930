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
def services(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[object]:
    """The services over a library file, or over a fresh server database signed in as a lead
    when the run is for PostgreSQL only (``--engine postgresql``)."""
    if _engines(request.config) == ["postgresql"]:
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _engines(config) == ["postgresql"]:
        from tests.pg import mark_server_differences

        mark_server_differences(items)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", _engines(metafunc.config))


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
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store

    pg = request.getfixturevalue("pg_server")
    database = request.getfixturevalue("pg_database")
    store = open_server_store(pg.args(database, pg.account("rd_test_lead", "lead")))
    svc = Services.over(store)
    yield svc
    svc.close()


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
