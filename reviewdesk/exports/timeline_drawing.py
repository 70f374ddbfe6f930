"""The timeline as a ReportLab drawing, for the PDF summary's chronology section: the same
layout as the app's timeline view (reviewdesk/domain/timeline.py), drawn with vector shapes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from reviewdesk.domain.analysis import ChronologyEntry, PracticeEpisode
from reviewdesk.domain.timeline import Marker, TimelineLayout, layout
from reviewdesk.exports.fonts import fonts
from reviewdesk.exports.pdf_common import ACCENT, ACCENT_SOFT, INK, MUTED, RULE, TINT, Figure
from reviewdesk.exports.text import one_line

LABEL_W = 92.0
LANE_H = 22.0
AXIS_H = 18.0
BAND_H = 14.0
POSITIVE = colors.HexColor("#2f6b4f")


def _marker(d: Drawing, kind: Marker, x: float, y: float) -> None:
    r = 3.6
    if kind in (Marker.SIGNIFICANT, Marker.BOTH):
        d.add(Polygon([x, y + r + 1, x + r + 1, y, x, y - r - 1, x - r - 1, y],
                      fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.6))  # fmt: skip
    if kind in (Marker.POSITIVE, Marker.BOTH):
        s = r * 0.8 if kind is Marker.BOTH else r
        d.add(Rect(x - s, y - s, 2 * s, 2 * s, fillColor=POSITIVE, strokeColor=colors.white,
                   strokeWidth=0.6))  # fmt: skip
    if kind is Marker.EVENT:
        d.add(Circle(x, y, r * 0.8, fillColor=MUTED, strokeColor=colors.white, strokeWidth=0.6))


def _lane_label(name: str, font: str) -> tuple[list[str], float]:
    """An agency's name over as many lines as it needs (never cut), and the size to set it in."""
    for size in (7.0, 6.3, 5.6):
        lines = simpleSplit(one_line(name), font, size, LABEL_W - 8)
        if len(lines) <= 2:
            return lines, size
    return lines, size


def draw_layout(plan: TimelineLayout, width: float) -> Drawing:
    f = fonts()
    lanes = max(1, len(plan.lanes))
    labels = [_lane_label(name, f.regular) for name in plan.lanes]
    lane_h = max([LANE_H] + [len(lines) * size * 1.15 + 6 for lines, size in labels])
    height = BAND_H + lanes * lane_h + AXIS_H
    d = Drawing(width, height)
    plot_x, plot_w = LABEL_W, width - LABEL_W - 6
    top = height - BAND_H

    def sx(frac: float) -> float:
        return plot_x + frac * plot_w

    for band in plan.bands:
        x0, x1 = sx(band.x0), max(sx(band.x1), sx(band.x0) + 3)
        d.add(Rect(x0, AXIS_H, x1 - x0, top - AXIS_H, fillColor=ACCENT_SOFT, strokeColor=None))
        d.add(String(x0 + 1, top + 4, f"KPE {band.number}", fontName=f.bold, fontSize=6.5,
                     fillColor=ACCENT))  # fmt: skip
    for i, (lines, size) in enumerate(labels):
        y = top - (i + 0.5) * lane_h
        if i % 2:
            d.add(Rect(plot_x, y - lane_h / 2, plot_w, lane_h, fillColor=TINT, strokeColor=None,
                       fillOpacity=0.55))  # fmt: skip
        d.add(Line(plot_x, y, plot_x + plot_w, y, strokeColor=RULE, strokeWidth=0.4))
        leading = size * 1.15
        first = y - size * 0.36 + (len(lines) - 1) * leading / 2
        for n, line in enumerate(lines):
            d.add(String(plot_x - 5, first - n * leading, line, fontName=f.regular,
                         fontSize=size, fillColor=INK, textAnchor="end"))  # fmt: skip
    d.add(Line(plot_x, AXIS_H, plot_x + plot_w, AXIS_H, strokeColor=MUTED, strokeWidth=0.6))
    for tick in plan.ticks:
        x = sx(tick.x)
        d.add(Line(x, AXIS_H, x, AXIS_H - (4 if tick.major else 2.5), strokeColor=MUTED,
                   strokeWidth=0.6))  # fmt: skip
        d.add(String(x, AXIS_H - 12, tick.label, fontName=f.bold if tick.major else f.regular,
                     fontSize=6.5, fillColor=MUTED, textAnchor="middle"))  # fmt: skip
    for ev in plan.events:
        y = top - (ev.lane + 0.5) * lane_h
        if ev.x_end > ev.x:
            d.add(Line(sx(ev.x), y, sx(ev.x_end), y, strokeColor=MUTED, strokeWidth=2.2,
                       strokeLineCap=1))  # fmt: skip
        _marker(d, ev.marker, sx(ev.x), y)
    return d


def timeline_drawing(
    entries: Sequence[ChronologyEntry],
    episodes: Sequence[PracticeEpisode],
    agency_order: Sequence[str],
    width: float,
) -> Drawing | None:
    plan = layout(entries, episodes, agency_order=agency_order)
    return None if plan.is_empty else draw_layout(plan, width)


def timeline_figure(
    entries: Sequence[ChronologyEntry],
    episodes: Sequence[PracticeEpisode],
    agency_order: Sequence[str],
    width: float,
) -> Figure | None:
    """The timeline tagged as a figure, with the words a screen reader reads in its place (the
    same text as the Word document's picture)."""
    from reviewdesk.exports.timeline_picture import alt_text

    plan = layout(entries, episodes, agency_order=agency_order)
    return None if plan.is_empty else Figure(draw_layout(plan, width), alt_text(plan))


LEGEND = (
    "Each row is an agency; each mark an entry in the chronology, placed by its date: a circle "
    "for an entry, a diamond for a significant one, a square for positive practice. A line after "
    "a mark shows a date known only to the month or year. Shaded bands are the key practice "
    "episodes (KPE), numbered as below."
)
