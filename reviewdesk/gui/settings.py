"""Window and view settings, kept in ``settings.ini`` inside the data folder.

An INI file (never the Windows registry), so a portable copy of ReviewDesk carries its settings
with it and removing the data folder removes everything. Values that must survive a crash (the
review that is open) are written through at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from reviewdesk.domain.partnership import ServerChoice

CONTRIBUTOR, LEAD = "contributor", "lead"
WORK_MODES = (CONTRIBUTOR, LEAD)

T = TypeVar("T")


class AppSettings:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._q = QSettings(str(path), QSettings.Format.IniFormat)

    def _get(self, key: str, default: T, kind: Callable[[Any], T]) -> T:
        value = self._q.value(key, default)
        try:
            return kind(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    # --- window -------------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @property
    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)

    @property
    def splitter(self) -> QByteArray | None:
        value = self._q.value("workspace/splitter")
        return value if isinstance(value, QByteArray) else None

    @splitter.setter
    def splitter(self, value: QByteArray) -> None:
        self._q.setValue("workspace/splitter", value)

    # --- view ---------------------------------------------------------------------------------

    @property
    def text_scale(self) -> float:
        return self._get("view/text_scale", 1.0, float)

    @text_scale.setter
    def text_scale(self, value: float) -> None:
        self._q.setValue("view/text_scale", round(value, 2))
        self._q.sync()

    @property
    def system_look(self) -> str:
        """The look (light, dark, high-contrast) the system asked for when last asked: the
        first paint uses it (gui/style.py Appearance.apply). Empty until asked once."""
        return self._get("view/system_look", "", str)

    @system_look.setter
    def system_look(self, value: str) -> None:
        self._q.setValue("view/system_look", value)
        self._q.sync()

    @property
    def notes_visible(self) -> bool:
        return self._get("view/private_notes", "true", str).lower() == "true"

    @notes_visible.setter
    def notes_visible(self, value: bool) -> None:
        self._q.setValue("view/private_notes", "true" if value else "false")

    @property
    def why_expanded(self) -> bool:
        return self._get("view/why_it_matters", "true", str).lower() == "true"

    @why_expanded.setter
    def why_expanded(self, value: bool) -> None:
        self._q.setValue("view/why_it_matters", "true" if value else "false")

    @property
    def show_archived(self) -> bool:
        return self._get("library/show_archived", "false", str).lower() == "true"

    @show_archived.setter
    def show_archived(self, value: bool) -> None:
        self._q.setValue("library/show_archived", "true" if value else "false")

    @property
    def library_sort(self) -> tuple[int, int]:
        return self._get("library/sort_column", 5, int), self._get("library/sort_order", 1, int)

    def save_library_sort(self, column: int, order: int) -> None:
        self._q.setValue("library/sort_column", int(column))
        self._q.setValue("library/sort_order", int(order))

    # --- how this person works ---------------------------------------------------------------

    @property
    def work_mode(self) -> str:
        """ "contributor" (contributing to a review), "lead" (leading reviews), or "" when not
        chosen yet (treated as a lead: nothing is hidden from someone who set up ReviewDesk
        before the choice existed). Written through at once."""
        value = self._get("person/work_mode", "", str)
        return value if value in WORK_MODES else ""

    @work_mode.setter
    def work_mode(self, value: str) -> None:
        if value not in WORK_MODES:
            raise ValueError(f"work mode {value!r}")
        self._q.setValue("person/work_mode", value)
        self._q.sync()

    @property
    def is_lead(self) -> bool:
        return self.work_mode != CONTRIBUTOR

    # --- the open review ----------------------------------------------------------------------

    @property
    def last_review(self) -> str:
        return self._get("session/last_review", "", str)

    @last_review.setter
    def last_review(self, uid: str) -> None:
        """Written through at once: after a crash the review is reopened where it was."""
        self._q.setValue("session/last_review", uid)
        self._q.sync()

    # --- partnership mode (issue 22): the server last signed in to, never the password ------

    @property
    def server_choice(self) -> ServerChoice | None:
        from reviewdesk.domain.partnership import ServerChoice

        host = self._get("partnership/host", "", str)
        if not host:
            return None
        return ServerChoice(
            host=host,
            account=self._get("partnership/account", "", str),
            port=self._get("partnership/port", 5432, int),
            database=self._get("partnership/database", "reviewdesk", str),
            ca_file=self._get("partnership/ca_file", "", str),
            kerberos=self._get("partnership/kerberos", "false", str).lower() == "true",
        )

    @server_choice.setter
    def server_choice(self, choice: ServerChoice | None) -> None:
        if choice is None:  # forget the server
            self._q.remove("partnership")
            self._q.sync()
            return
        for key, value in (
            ("host", choice.host),
            ("account", choice.account),
            ("port", choice.port),
            ("database", choice.database),
            ("ca_file", choice.ca_file),
            ("kerberos", "true" if choice.kerberos else "false"),
        ):
            self._q.setValue(f"partnership/{key}", value)
        self._q.sync()

    def sync(self) -> None:
        self._q.sync()
