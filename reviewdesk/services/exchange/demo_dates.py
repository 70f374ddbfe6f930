"""The demo review's dates, moved so that it is always seen as on the day it was written for
(issue 18, point 8): its clocks (the final report, actions due, what is overdue) stand the same
way relative to today whenever it is added, and never look stale.

Every date moves by the same whole number of weeks (so a Saturday stays a Saturday and working
days line up with the week): the case record's dates, the chronology, the key practice
episodes, the actions and the decision log, and the dates written in the words (12/01/2026,
"12 January", "July 2026"). The demo's words name no month or season without a day, so nothing
is left saying "around Christmas" in May.

``REVIEWDESK_DEMO_DATE`` (YYYY-MM-DD) dates the demo to a fixed day instead of today: for
reproducible screenshots and tests.
"""

from __future__ import annotations

import copy
import os
import re
from datetime import date, timedelta
from typing import Any

DEMO_DATE_VARIABLE = "REVIEWDESK_DEMO_DATE"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH = "|".join(_MONTHS)
_NUMERIC = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\b(?: (\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"(?<!\d )\b({_MONTH}) (\d{{4}})\b")


def demo_today(default: date) -> date:
    """The day the demo is seen on: ``REVIEWDESK_DEMO_DATE`` when set and readable, else
    ``default`` (the library's today)."""
    text = os.environ.get(DEMO_DATE_VARIABLE, "").strip()
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return default


def weeks_between(written_for: date, today: date) -> timedelta:
    """The whole weeks nearest to the time from ``written_for`` to ``today``."""
    return timedelta(weeks=round((today - written_for).days / 7))


def shifted(raw: dict[str, Any], today: date) -> dict[str, Any]:
    """A copy of the demo file's content with every date moved for ``today``. A file without
    ``dates_written_for`` is returned unchanged (copied)."""
    out = copy.deepcopy(raw)
    written = out.pop("dates_written_for", None)
    if not written:
        return out
    delta = weeks_between(date.fromisoformat(written), today)
    if not delta:
        return out
    scope = out.get("review", {}).get("scope", {})
    start = date.fromisoformat(scope.get("start") or written) - timedelta(days=31)
    end = date.fromisoformat(scope.get("end") or written) + timedelta(days=31)
    return _walk(out, delta, (start, end))


def _walk(value: Any, delta: timedelta, story: tuple[date, date]) -> Any:
    if isinstance(value, dict):
        moved = {k: _walk(v, delta, story) for k, v in value.items()}
        precision = value.get("precision")
        if precision in ("month", "year") and isinstance(value.get("date"), str):
            moved["date"] = _snap(value["date"], delta, precision)
        return moved
    if isinstance(value, list):
        return [_walk(v, delta, story) for v in value]
    if isinstance(value, str):
        if _ISO.match(value):
            return (date.fromisoformat(value) + delta).isoformat()
        return _text(value, delta, story)
    return value


def _snap(iso: str, delta: timedelta, precision: str) -> str:
    """A date known only to the month (or year) moves from the middle of it, then is written
    as the first day of the month (or year) it lands in."""
    when = date.fromisoformat(iso)
    middle = when.replace(day=15) if precision == "month" else when.replace(month=7, day=1)
    landed = middle + delta
    return (
        landed.replace(day=1) if precision == "month" else landed.replace(month=1, day=1)
    ).isoformat()


def _text(text: str, delta: timedelta, story: tuple[date, date]) -> str:
    def numeric(m: re.Match[str]) -> str:
        try:
            when = date(int(m[3]), int(m[2]), int(m[1])) + delta
        except ValueError:
            return m[0]
        return f"{when.day:02d}/{when.month:02d}/{when.year}"

    def day_month(m: re.Match[str]) -> str:
        day, month = int(m[1]), _MONTHS.index(m[2]) + 1
        # without a year: the year the story's dates fall in
        years = [int(m[3])] if m[3] else list(range(story[0].year, story[1].year + 1))
        for year in years:
            try:
                when = date(year, month, day)
            except ValueError:
                continue
            if m[3] or story[0] <= when <= story[1]:
                moved = when + delta
                return f"{moved.day} {moved:%B}" + (f" {moved.year}" if m[3] else "")
        return m[0]

    def month_year(m: re.Match[str]) -> str:
        middle = date(int(m[2]), _MONTHS.index(m[1]) + 1, 15) + delta
        return f"{middle:%B} {middle.year}"

    text = _NUMERIC.sub(numeric, text)
    text = _DAY_MONTH.sub(day_month, text)
    return _MONTH_YEAR.sub(month_year, text)
