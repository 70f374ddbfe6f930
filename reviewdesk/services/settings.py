"""Library-wide settings kept with the data (the ``setting`` table): the protective marking that
documents carry unless an export asks for another, how long the app may sit idle before it
locks, and the partnership's part of the working-day clocks (its closure days, and the months a
local review has for its final report)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from reviewdesk.domain.clocks import DEFAULT_FINAL_REPORT_MONTHS, MAX_FINAL_REPORT_MONTHS
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.exporting import DEFAULT_MARKING, checked_marking, printable_marking
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import SettingRow

MARKING_KEY = "export.default_marking"
IDLE_KEY = "privacy.idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15
IDLE_CHOICES = (0, 5, 10, 15, 30, 60)  # 0: never lock when idle
CLOSURES_KEY = "clocks.closure_days"  # ISO dates, one on each line
FINAL_REPORT_KEY = "clocks.final_report_months"
MAX_CLOSURE_DAYS = 400


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

    # --- the working-day clocks (issue 18) -------------------------------------------------------

    def closure_days(self) -> tuple[date, ...]:
        """Days the partnership is closed besides weekends and bank holidays."""
        days = []
        for line in (self._get(CLOSURES_KEY) or "").splitlines():
            try:
                days.append(date.fromisoformat(line.strip()))
            except ValueError:
                continue  # never stored by this app; ignored rather than stopping the clocks
        return tuple(days)

    def set_closure_days(self, days: Iterable[date]) -> tuple[date, ...]:
        clean = tuple(sorted(set(days)))
        if len(clean) > MAX_CLOSURE_DAYS:
            raise ValidationError(f"Up to {MAX_CLOSURE_DAYS} closure days can be kept.")
        self._set(CLOSURES_KEY, "\n".join(d.isoformat() for d in clean))
        return clean

    def final_report_months(self) -> int:
        """The months a local review has from the decision to its final report."""
        value = self._get(FINAL_REPORT_KEY)
        try:
            months = int(value) if value is not None else DEFAULT_FINAL_REPORT_MONTHS
        except ValueError:
            months = DEFAULT_FINAL_REPORT_MONTHS
        return months if 1 <= months <= MAX_FINAL_REPORT_MONTHS else DEFAULT_FINAL_REPORT_MONTHS

    def set_final_report_months(self, months: int) -> int:
        if not 1 <= months <= MAX_FINAL_REPORT_MONTHS:
            raise ValidationError(
                f"The time for a final report can be from 1 to {MAX_FINAL_REPORT_MONTHS} months.",
                {"final_report_months": "Out of range."},
            )
        self._set(FINAL_REPORT_KEY, str(months))
        return months
