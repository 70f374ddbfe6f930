"""Library-wide settings kept with the data (the ``setting`` table): the protective marking that
documents carry unless an export asks for another, and how long the app may sit idle before it
locks."""

from __future__ import annotations

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.exporting import DEFAULT_MARKING, checked_marking, printable_marking
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import SettingRow

MARKING_KEY = "export.default_marking"
IDLE_KEY = "privacy.idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15
IDLE_CHOICES = (0, 5, 10, 15, 30, 60)  # 0: never lock when idle


class SettingsService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _get(self, key: str) -> str | None:
        with self._store.read() as session:
            row = session.get(SettingRow, key)
            return None if row is None else row.value

    def _set(self, key: str, value: str) -> None:
        with self._store.write() as session:
            row = session.get(SettingRow, key)
            if row is None:
                session.add(SettingRow(key=key, value=value))
            else:
                row.value = value

    def default_marking(self) -> str:
        """The marking documents carry unless an export says otherwise ("" for none)."""
        value = self._get(MARKING_KEY)
        return DEFAULT_MARKING if value is None else printable_marking(value)

    def set_default_marking(self, marking: str) -> str:
        clean = checked_marking(marking)
        if clean.casefold() == "none":
            clean = ""
        self._set(MARKING_KEY, clean)
        return clean

    def idle_lock_minutes(self) -> int:
        value = self._get(IDLE_KEY)
        try:
            minutes = int(value) if value is not None else DEFAULT_IDLE_MINUTES
        except ValueError:
            minutes = DEFAULT_IDLE_MINUTES
        return minutes if 0 <= minutes <= 24 * 60 else DEFAULT_IDLE_MINUTES

    def set_idle_lock_minutes(self, minutes: int) -> int:
        if not 0 <= minutes <= 24 * 60:
            raise ValidationError("The idle lock can be from 0 (never) to 1,440 minutes.")
        self._set(IDLE_KEY, str(minutes))
        return minutes
