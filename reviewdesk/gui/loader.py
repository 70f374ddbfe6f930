"""Open the library off the GUI thread at start-up, so the window is usable at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from reviewdesk.domain.errors import ReviewDeskError

if TYPE_CHECKING:
    from reviewdesk.gui.tasks import Task


class LibraryOpener(QObject):
    """Runs ``open_library`` (which imports SQLAlchemy, checks the schema and opens the file) in
    a background thread; ``opened(result)`` (what ``open_library`` returned) or
    ``failed(message)`` arrive on the GUI thread."""

    opened = Signal(object)
    failed = Signal(str)

    def start(self, open_library: Callable[[], object]) -> None:
        threading.Thread(
            target=self._run, args=(open_library,), name="reviewdesk-open", daemon=True
        ).start()

    def _run(self, open_library: Callable[[], object]) -> None:
        try:
            services = open_library()
        except ReviewDeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # anything else is still told, never swallowed
            self.failed.emit(
                f"ReviewDesk could not open your library ({type(exc).__name__}: {exc})."
            )
        else:
            self.opened.emit(services)


# Between two services built in the background: long enough for the GUI thread to take Python's
# lock and a core (the machine may have two, shared), short enough to finish in a second or two.
PAUSE_BETWEEN_SERVICES = 0.03


def build_the_rest(
    parent: QObject, services: Any, *, pause: float = PAUSE_BETWEEN_SERVICES
) -> Task | None:
    """Once the list is shown: build (and import) the services that listing the reviews did
    not need, one at a time on a worker thread, with a pause after each, so none is imported
    later on the GUI thread when a review, an export or the dashboard is first opened
    (issue 20: importing every service before the list was shown held Python's lock on the
    opening thread for 0.3 to 0.5 s while the window wanted to paint).

    A service that fails to build here is left for its first use, which tells the person as
    usual. Stops between services when the application is quitting. Then the objects made
    so far are left out of the collector's full collections (``gc.freeze``), as the rows are.
    Returns the :class:`~reviewdesk.gui.tasks.Task`, or None when there is nothing to build."""
    import gc
    import logging
    import time

    from PySide6.QtCore import QCoreApplication

    from reviewdesk.gui.tasks import Task

    unbuilt = getattr(services, "unbuilt", None)
    app = QCoreApplication.instance()
    if unbuilt is None or app is None or app.property("reviewdesk_quitting"):
        return None
    names = unbuilt()
    if not names:
        return None
    quitting = threading.Event()
    app.aboutToQuit.connect(quitting.set)

    def build(_progress: object) -> list[str]:
        built: list[str] = []
        for name in names:
            if quitting.is_set():
                break
            try:
                getattr(services, name)
            except Exception:  # left for its first use, which tells the person
                logging.getLogger(__name__).exception("The %s service could not be built", name)
            else:
                built.append(name)
            time.sleep(pause)  # Python's lock (and the core) back to the GUI thread
        gc.freeze()
        return built

    task = Task(build, parent)
    task.start()
    return task
