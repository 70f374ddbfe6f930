"""The timeline's layout, in plain Python: agency lanes, where each chronology entry and key
practice episode falls on the time axis, and the axis's ticks.

The app's timeline view (Qt) and the PDF summary's timeline drawing (ReportLab) both draw this
layout, so the two always agree. Positions are fractions of the axis (0 at the start, 1 at the
end); the renderers scale them to their own width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from reviewdesk.domain.analysis import ChronologyEntry, DatePrecision, PracticeEpisode
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

NO_AGENCY = "Agency not recorded"


class Marker(StrEnum):
    """How an event is drawn: a shape, not only a colour, tells them apart."""

    EVENT = "event"  # a circle
    SIGNIFICANT = "significant"  # a diamond
    POSITIVE = "positive"  # a square (positive practice)
    BOTH = "both"  # significant and positive practice: a diamond with a square inside

    @property
    def label(self) -> str:
        return {
            "event": QT_TRANSLATE_NOOP("Labels", "Entry"),
            "significant": QT_TRANSLATE_NOOP("Labels", "Significant"),
            "positive": QT_TRANSLATE_NOOP("Labels", "Positive practice"),
            "both": QT_TRANSLATE_NOOP("Labels", "Significant, positive practice"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    entry: ChronologyEntry
    lane: int
    x: float  # where the entry's date falls
    x_end: float  # the end of the period a month- or year-precise date covers (== x for a day)
    marker: Marker


@dataclass(frozen=True, slots=True)
class TimelineBand:
    episode: PracticeEpisode
    number: int  # its place in the list of episodes, from 1
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    major: bool  # a year boundary


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    lanes: tuple[str, ...]
    events: tuple[TimelineEvent, ...]  # in date order (left to right)
    bands: tuple[TimelineBand, ...]
    ticks: tuple[Tick, ...]
    start: date
    end: date

    @property
    def is_empty(self) -> bool:
        return not self.events and not self.bands

    def neighbour(self, index: int, step: int) -> int:
        """The event ``step`` places along the axis from ``index`` (clamped)."""
        if not self.events:
            return -1
        return max(0, min(len(self.events) - 1, index + step))

    def nearest_in_lane(self, index: int, step: int) -> int:
        """The event in the lane above (``step`` -1) or below (+1) nearest in time."""
        if not self.events or index < 0:
            return index
        here = self.events[index]
        lane = here.lane + step
        candidates = [i for i, e in enumerate(self.events) if e.lane == lane]
        if not candidates:
            return index
        return min(candidates, key=lambda i: abs(self.events[i].x - here.x))


def _period_end(entry: ChronologyEntry) -> date:
    when = entry.when
    if entry.precision is DatePrecision.YEAR:
        return date(when.year, 12, 31)
    if entry.precision is DatePrecision.MONTH:
        following = date(when.year + (when.month == 12), when.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return when


def _marker(entry: ChronologyEntry) -> Marker:
    if entry.significant and entry.positive_practice:
        return Marker.BOTH
    if entry.significant:
        return Marker.SIGNIFICANT
    if entry.positive_practice:
        return Marker.POSITIVE
    return Marker.EVENT


def _ticks(start: date, end: date, span_days: int) -> list[tuple[date, str, bool]]:
    months = span_days < 3 * 366
    step = 1 if span_days < 550 else 3 if months else 12
    out = []
    first = date(start.year, start.month, 1)
    year, month = first.year, first.month
    while True:
        at = date(year, month, 1)
        if at > end:
            break
        if at >= start and (month - 1) % step == 0:
            major = month == 1
            label = str(year) if major or not months else at.strftime("%b")
            out.append((at, label, major))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def layout(
    entries: Sequence[ChronologyEntry],
    episodes: Sequence[PracticeEpisode] = (),
    *,
    agency_order: Sequence[str] = (),
) -> TimelineLayout:
    """Lay out the current entries and episodes. Lanes follow ``agency_order`` (the case
    record's agencies) and then the order in which other agencies first appear."""
    entries = sorted((e for e in entries if e.removed_on is None), key=lambda e: e.sort_key)
    numbered = [
        (n, ep)
        for n, ep in enumerate((e for e in episodes if e.removed_on is None), start=1)
        if ep.start or ep.end
    ]
    dates = [e.when for e in entries] + [_period_end(e) for e in entries]
    dates += [d for _, ep in numbered for d in (ep.start, ep.end) if d]
    if not dates:
        today = date.today()
        return TimelineLayout((), (), (), (), today, today)
    first, last = min(dates), max(dates)
    pad = max(7, (last - first).days // 30)
    start, end = first - timedelta(days=pad), last + timedelta(days=pad)
    span = max(1, (end - start).days)

    def x(when: date) -> float:
        return (when - start).days / span

    lanes: list[str] = []
    keys: dict[str, int] = {}
    present = {(e.agency.strip() or NO_AGENCY).casefold() for e in entries}
    for name in [*agency_order, *(e.agency.strip() or NO_AGENCY for e in entries)]:
        key = name.casefold()
        if key in present and key not in keys:
            keys[key] = len(lanes)
            lanes.append(name)
    events = tuple(
        TimelineEvent(
            e,
            keys[(e.agency.strip() or NO_AGENCY).casefold()],
            x(e.when),
            x(_period_end(e)),
            _marker(e),
        )
        for e in entries
    )

    def band(n: int, ep: PracticeEpisode) -> TimelineBand:
        begins, ends = ep.start or ep.end, ep.end or ep.start
        assert begins is not None and ends is not None  # numbered holds dated episodes only
        return TimelineBand(ep, n, x(begins), x(ends + timedelta(days=1)))

    bands = tuple(band(n, ep) for n, ep in numbered)
    ticks = tuple(Tick(x(at), label, major) for at, label, major in _ticks(start, end, span))
    return TimelineLayout(tuple(lanes), events, bands, ticks, start, end)
