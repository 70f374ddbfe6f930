"""Open the library off the GUI thread at start-up, so the window is usable at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from reviewdesk.domain.errors import ReviewDeskError


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
