"""A fixture the GUI tests and the journeys share (imported by their conftest files)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def library_closed_as_the_app_closes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests close a library as the app does on quitting (reviewdesk/app.py run_gui): after the
    work still running off the GUI thread has finished (the day's backup, the routine check, a
    list being read). Closing it under a running task crashed a worker now and then on a
    loaded machine (a first-run test, its import's upkeep still reading)."""
    from reviewdesk.app import finish_background_work
    from reviewdesk.services.bundle import Services

    close = Services.close

    def after_background_work(self: Services) -> None:
        finish_background_work()
        close(self)

    monkeypatch.setattr(Services, "close", after_background_work)
