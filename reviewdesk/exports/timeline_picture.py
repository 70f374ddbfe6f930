"""The timeline as a picture for Word: the PDF's own drawing (exports/timeline_drawing.py), the
same shapes painted with Pillow into a PNG, and a text alternative a screen reader reads.

ReportLab's bitmap renderer needs a native add-on (rl_renderPM or pycairo) that the app does not
ship; Pillow already comes with ReportLab, and the timeline is made of five kinds of shape
(rectangles, lines, polygons, circles and strings), each painted here at twice the size and
scaled down, so edges are smooth.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.pdfbase import pdfmetrics

from reviewdesk.domain.analysis import ChronologyEntry, DatePrecision, PracticeEpisode, date_label
from reviewdesk.domain.timeline import Marker, TimelineLayout, layout
from reviewdesk.exports.text import one_line
from reviewdesk.exports.timeline_drawing import draw_layout

DPI = 200
_SUPER = 2  # painted at twice the size, then scaled down: smooth edges


def _rgba(color: Any, opacity: float | None = None) -> tuple[int, int, int, int] | None:
    if color is None:
        return None
    alpha = getattr(color, "alpha", 1.0) if opacity is None else opacity
    return (
        round(color.red * 255),
        round(color.green * 255),
        round(color.blue * 255),
        round(alpha * 255),
    )


@cache
def _font(name: str, size_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    face = getattr(pdfmetrics.getFont(name), "face", None)
    path = getattr(face, "filename", None)
    if path:
        return ImageFont.truetype(path, size_px)
    return ImageFont.load_default(size_px)


def drawing_png(drawing: Drawing, dpi: int = DPI) -> bytes:
    """The drawing as PNG bytes at ``dpi``. Raises TypeError for a shape it cannot paint, so a
    new kind of shape in the timeline is noticed in the tests rather than left out."""
    scale = dpi / 72 * _SUPER
    width, height = round(drawing.width * scale), round(drawing.height * scale)
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image, "RGBA")

    def xy(x: float, y: float) -> tuple[float, float]:
        return x * scale, (drawing.height - y) * scale

    def paint(shapes: Sequence[object]) -> None:
        for shape in shapes:
            if isinstance(shape, Group):
                paint(shape.contents)
            elif isinstance(shape, Rect):
                x0, y1 = xy(shape.x, shape.y)
                x1, y0 = xy(shape.x + shape.width, shape.y + shape.height)
                fill = _rgba(shape.fillColor, getattr(shape, "fillOpacity", None))
                outline = _rgba(shape.strokeColor)
                stroke = max(1, round((shape.strokeWidth or 0) * scale)) if outline else 0
                pen.rectangle((x0, y0, x1, y1), fill=fill, outline=outline, width=stroke)
            elif isinstance(shape, Line):
                colour = _rgba(shape.strokeColor)
                stroke = max(1, round(shape.strokeWidth * scale))
                a, b = xy(shape.x1, shape.y1), xy(shape.x2, shape.y2)
                pen.line((a, b), fill=colour, width=stroke)
                if getattr(shape, "strokeLineCap", 0) == 1:  # round ends
                    r = stroke / 2
                    for cx, cy in (a, b):
                        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
            elif isinstance(shape, Polygon):
                points = [
                    xy(shape.points[i], shape.points[i + 1]) for i in range(0, len(shape.points), 2)
                ]
                outline = _rgba(shape.strokeColor)
                pen.polygon(
                    points,
                    fill=_rgba(shape.fillColor),
                    outline=outline,
                    width=max(1, round((shape.strokeWidth or 0) * scale)) if outline else 0,
                )
            elif isinstance(shape, Circle):
                cx, cy = xy(shape.cx, shape.cy)
                r = shape.r * scale
                outline = _rgba(shape.strokeColor)
                pen.ellipse(
                    (cx - r, cy - r, cx + r, cy + r),
                    fill=_rgba(shape.fillColor),
                    outline=outline,
                    width=max(1, round((shape.strokeWidth or 0) * scale)) if outline else 0,
                )
            elif isinstance(shape, String):
                anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(shape.textAnchor, "ls")
                font = _font(shape.fontName, max(1, round(shape.fontSize * scale)))
                pen.text(
                    xy(shape.x, shape.y),
                    shape.text,
                    fill=_rgba(shape.fillColor),
                    font=font,
                    anchor=anchor,
                )
            else:
                msg = f"The timeline picture cannot paint a {type(shape).__name__}."
                raise TypeError(msg)

    paint(drawing.contents)
    image = image.resize((width // _SUPER, height // _SUPER), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()


def _month(entry: ChronologyEntry) -> str:
    precision = DatePrecision.MONTH if entry.precision is DatePrecision.DAY else entry.precision
    return date_label(entry.when, precision)


def alt_text(plan: TimelineLayout) -> str:
    """What the timeline shows, in words, for someone who cannot see it: the span (to the month,
    so a document for publication gives no day), the agencies, how many entries and of which
    kind, and the key practice episodes. The entries themselves are in the table after it."""
    events = plan.events
    count = len(events)
    lanes = [one_line(lane) for lane in plan.lanes]
    parts = ["Timeline of the chronology"]
    if events:
        first, last = _month(events[0].entry), _month(events[-1].entry)
        span = f"from {first} to {last}" if first != last else f"in {first}"
        parts[0] += f" {span}"
    parts[0] += (
        f": {count} {'entry' if count == 1 else 'entries'} across {len(lanes)} "
        f"{'agency' if len(lanes) == 1 else 'agencies'}"
        + (f" ({', '.join(lanes)})" if lanes else "")
        + "."
    )
    significant = sum(e.marker in (Marker.SIGNIFICANT, Marker.BOTH) for e in events)
    positive = sum(e.marker in (Marker.POSITIVE, Marker.BOTH) for e in events)
    if significant or positive:
        parts.append(f"{significant} marked significant and {positive} marked positive practice.")
    if plan.bands:
        names = "; ".join(f"{b.number}. {one_line(b.episode.title)}" for b in plan.bands)
        parts.append(f"Shaded bands show {len(plan.bands)} key practice episodes: {names}.")
    parts.append("Every entry is listed in full in the table that follows.")
    return " ".join(parts)


def timeline_picture(
    entries: Sequence[ChronologyEntry],
    episodes: Sequence[PracticeEpisode],
    agency_order: Sequence[str],
    width_pt: float,
) -> tuple[bytes, str] | None:
    """(PNG bytes, alt text) of the timeline ``width_pt`` points wide, or None if it is empty."""
    plan = layout(entries, episodes, agency_order=agency_order)
    if plan.is_empty:
        return None
    return drawing_png(draw_layout(plan, width_pt)), alt_text(plan)
