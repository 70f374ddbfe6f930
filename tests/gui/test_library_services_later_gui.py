"""Opening the library builds only the services the list needs before it is shown; the others
(the exports, the reports, the exchange formats...) are built after it, off the GUI thread, one
at a time (issue 20: importing every service on the opening thread held Python's lock for 0.3
to 0.5 s while the window wanted to paint, and delayed the list).

Each service's construction is watched through the bundle (``Services``): which ones were built
when the list appeared, and on which thread each was built."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reviewdesk.app import build_gui
from reviewdesk.gui.models.reviews_table import ID_ROLE
from reviewdesk.gui.settings import AppSettings
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import Services, _Service, open_services
from tests.cli.runner import run
from tests.gui.conftest import ME

# Not needed to list the reviews: built after the list is shown.
LATER = {"exports", "learning_report", "dashboard", "exchange", "packs", "search", "briefings"}


@pytest.fixture
def built_on(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """(service, on the GUI thread) for each service the bundle builds, in order."""
    seen: list[tuple[str, bool]] = []
    for name, attribute in vars(Services).items():
        if isinstance(attribute, _Service):
            build = attribute.build

            def watched(services, _name=name, _build=build):  # type: ignore[no-untyped-def]
                seen.append((_name, threading.current_thread() is threading.main_thread()))
                return _build(services)

            monkeypatch.setattr(attribute, "build", watched)
    return seen


@pytest.fixture
def library(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    made = run("demo", data_dir=data)  # the demo library, made in this process
    assert made.returncode == 0, made.stderr
    services = open_services(resolve_paths(data), daily_backup=False)
    services.profile.save(ME)  # someone has used it: no first-run welcome
    services.close()
    return data


def _open(qtbot, library: Path):  # type: ignore[no-untyped-def]
    ready: dict[str, object] = {}
    _app, window = build_gui(str(library))
    qtbot.addWidget(window)
    window.library_ready.connect(lambda: ready.setdefault("rows", window.library.proxy.rowCount()))
    qtbot.waitUntil(lambda: bool(ready), timeout=60_000)
    return window, ready


def test_the_list_is_shown_before_the_other_services_are_built_off_the_gui_thread(
    qtbot, library: Path, built_on: list[tuple[str, bool]]
) -> None:
    listed_with: set[str] = set()
    window = None
    try:
        window, ready = _open(qtbot, library)
        listed_with = {name for name, _gui in built_on}
        assert ready["rows"] == 1  # the demo review, listed
        assert "reviews" in listed_with and "profile" in listed_with
        assert not LATER & listed_with, sorted(LATER & listed_with)
        # ...then every other service is built in the background, none on the GUI thread.
        qtbot.waitUntil(lambda: not window.services.unbuilt(), timeout=60_000)
        assert {name for name, _gui in built_on} >= LATER
        assert [name for name, gui in built_on if gui] == []
        # and the window works as before: the review opens (its services are there already)
        assert window.open_review(window.library.proxy.index(0, 0).data(ID_ROLE))
        assert window.workspace is not None
        assert [name for name, gui in built_on if gui] == []
    finally:
        if window is not None and window.services is not None:
            window.close_review()
            window.services.close()


def test_a_review_to_open_at_once_has_every_service_built_before_it_opens(
    qtbot, library: Path, built_on: list[tuple[str, bool]]
) -> None:
    """The last open review opens with the library: its services are built on the opening
    thread, as before, not one by one on the GUI thread as the review opens."""
    services = open_services(resolve_paths(library), daily_backup=False)
    (summary,) = services.reviews.list_reviews(count_answers=False)
    services.close()
    AppSettings(resolve_paths(library).settings_file).last_review = summary.uid
    built_on.clear()
    window = None
    try:
        window, _ready = _open(qtbot, library)
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=60_000)
        assert {name for name, _gui in built_on} >= LATER
        assert [name for name, gui in built_on if gui] == []
    finally:
        if window is not None and window.services is not None:
            window.close_review()
            window.services.close()
