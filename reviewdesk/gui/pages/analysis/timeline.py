"""The timeline: chronology entries on a horizontal time axis, one lane per agency, key practice
episodes as shaded bands. Zoom with Ctrl+wheel or + and -; move between entries with the arrow
keys (left and right along time, up and down between agencies); Enter opens the entry. The same
entries are offered as a table, and the picture can be saved as a PNG image.

Shapes, not only colours, tell entries apart: a circle for an entry, a diamond for a significant
one, a square for positive practice (the legend says so in words).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import ChronologyEntry, PracticeEpisode
from reviewdesk.domain.timeline import Marker, TimelineLayout, layout
from reviewdesk.gui.models.analysis import ChronologyModel, flags
from reviewdesk.gui.pages.analysis.common import LeadPage, select_id, stretch, table_view

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

# The timeline's own colours, one set for a light background and one for a dark one (the dark
# look, high contrast black), each at WCAG AA on it: labels 4.5:1, markers and lines 3:1
# (tests/gui/test_contrast_gui.py).
ON_LIGHT = {"accent": "#1f4e6b", "positive": "#2f6b4f", "muted": "#59656f", "focus": "#c2410c"}
ON_DARK = {"accent": "#8cc4e6", "positive": "#8fcb99", "muted": "#a9b0b5", "focus": "#f59e6b"}
BAND = QColor(31, 78, 107, 38)


def marks(base: QColor | None = None) -> dict[str, QColor]:
    """The timeline's colours for the background ``base`` (default: the palette's base)."""
    if base is None:
        base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    chosen = ON_DARK if base.lightnessF() < 0.5 else ON_LIGHT
    return {name: QColor(value) for name, value in chosen.items()}


LABEL_W, LANE_H, TOP, AXIS_H, BASE_W = 170.0, 46.0, 34.0, 34.0, 900.0
ZOOMS = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


class EventItem(QGraphicsItem):
    """One chronology entry: its shape says what kind of entry it is."""

    R = 7.0

    def __init__(self, index: int, marker: Marker, span: float) -> None:
        super().__init__()
        self.index, self.marker, self.span = index, marker, span
        self.current = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        pad = self.R + 5
        return QRectF(-pad, -pad, 2 * pad + self.span, 2 * pad)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.R
        m = marks()
        if self.span > 0:
            painter.setPen(QPen(m["muted"], 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(0, 0), QPointF(self.span, 0))
        painter.setPen(QPen(QColor("white"), 1.2))
        if self.marker in (Marker.SIGNIFICANT, Marker.BOTH):
            painter.setBrush(m["accent"])
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(0, -r - 1), QPointF(r + 1, 0), QPointF(0, r + 1), QPointF(-r - 1, 0)]
                )
            )
        if self.marker in (Marker.POSITIVE, Marker.BOTH):
            s = r * (0.55 if self.marker is Marker.BOTH else 0.85)
            painter.setBrush(m["positive"])
            painter.drawRect(QRectF(-s, -s, 2 * s, 2 * s))
        if self.marker is Marker.EVENT:
            painter.setBrush(m["muted"])
            painter.drawEllipse(QPointF(0, 0), r * 0.75, r * 0.75)
        if self.current:  # the keyboard focus: a thick ring, visible in any palette
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(m["focus"], 2.5))
            painter.drawEllipse(QPointF(0, 0), r + 4, r + 4)

    def mousePressEvent(self, event) -> None:
        view = self.scene().views()[0] if self.scene() and self.scene().views() else None
        if isinstance(view, TimelineView):
            view.set_current(self.index)
            view.setFocus()
        event.accept()


class TimelineView(QGraphicsView):
    current_changed = Signal(object)  # the ChronologyEntry now current (or None)
    activated = Signal(int)  # Enter (or a double click) on an entry: its id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Timeline of the chronology"))
        self.setAccessibleDescription(
            self.tr("Arrow keys move between entries; plus and minus zoom; Enter opens the entry.")
        )
        self.plan: TimelineLayout = layout(())
        self.event_items: list[EventItem] = []
        self.current = -1
        self.zoom_step = ZOOMS.index(1.0)

    @property
    def zoom(self) -> float:
        return ZOOMS[self.zoom_step]

    def set_data(
        self,
        entries: list[ChronologyEntry],
        episodes: list[PracticeEpisode],
        agency_order: tuple[str, ...] = (),
    ) -> None:
        current = self.current_entry()
        keep = current.id if current else None
        self.plan = layout(entries, episodes, agency_order=agency_order)
        self.rebuild()
        ids = [e.entry.id for e in self.plan.events]
        self.set_current(ids.index(keep) if keep in ids else (0 if ids else -1))

    def current_entry(self) -> ChronologyEntry | None:
        if 0 <= self.current < len(self.plan.events):
            return self.plan.events[self.current].entry
        return None

    # --- drawing ------------------------------------------------------------------------------

    def rebuild(self) -> None:
        scene = self.scene()
        scene.clear()
        self.event_items = []
        plan = self.plan
        text = self.palette().text().color()
        fit = max(BASE_W * 0.6, self.viewport().width() - LABEL_W - 40)
        width = fit * self.zoom
        lanes = max(1, len(plan.lanes))
        bottom = TOP + lanes * LANE_H
        scene.setBackgroundBrush(self.palette().base())
        m = marks(self.palette().base().color())
        font = QFont(self.font())
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))

        def sx(frac: float) -> float:
            return LABEL_W + frac * width

        for band in plan.bands:
            x0 = sx(band.x0)
            w = max(sx(band.x1) - x0, 4.0)
            scene.addRect(QRectF(x0, TOP, w, bottom - TOP), QPen(Qt.PenStyle.NoPen), BAND)
            label = scene.addSimpleText(f"KPE {band.number}", small)
            label.setBrush(m["accent"])
            label.setPos(x0, 6)
            label.setToolTip(band.episode.title)
        for i, name in enumerate(plan.lanes):
            y = TOP + (i + 0.5) * LANE_H
            scene.addLine(
                LABEL_W,
                y,
                LABEL_W + width,
                y,
                QPen(self.palette().color(QPalette.ColorRole.Mid), 1),
            )
            label = scene.addSimpleText(name if len(name) <= 24 else name[:23] + "…", font)
            label.setBrush(text)
            label.setPos(
                LABEL_W - 12 - label.boundingRect().width(), y - label.boundingRect().height() / 2
            )
        scene.addLine(LABEL_W, bottom, LABEL_W + width, bottom, QPen(m["muted"], 1))
        for tick in plan.ticks:
            x = sx(tick.x)
            scene.addLine(x, bottom, x, bottom + (7 if tick.major else 4), QPen(m["muted"], 1))
            label = scene.addSimpleText(tick.label, small)
            f = QFont(small)
            f.setBold(tick.major)
            label.setFont(f)
            label.setBrush(text)
            label.setPos(x - label.boundingRect().width() / 2, bottom + 8)
        for index, ev in enumerate(plan.events):
            item = EventItem(index, ev.marker, max(0.0, (ev.x_end - ev.x) * width))
            item.setPos(sx(ev.x), TOP + (ev.lane + 0.5) * LANE_H)
            item.setToolTip(f"{ev.entry.date_label}, {ev.entry.agency}: {ev.entry.what_happened}")
            scene.addItem(item)
            self.event_items.append(item)
        if plan.is_empty:
            empty = self.tr(
                "The chronology is empty: add entries, or import an agency's chronology, to "
                "see them here."
            )
            note = scene.addSimpleText(empty, font)
            note.setBrush(text)
            note.setPos(LABEL_W, TOP)
        scene.setSceneRect(QRectF(0, 0, LABEL_W + width + 24, bottom + AXIS_H))
        if 0 <= self.current < len(self.event_items):
            self.event_items[self.current].current = True

    # --- keyboard, wheel and mouse ------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.rebuild()  # zoom 1 fits the width of the view

    def set_current(self, index: int) -> None:
        if 0 <= self.current < len(self.event_items):
            self.event_items[self.current].current = False
            self.event_items[self.current].update()
        self.current = index if 0 <= index < len(self.event_items) else -1
        if self.current >= 0:
            item = self.event_items[self.current]
            item.current = True
            item.update()
            self.ensureVisible(item, 60, 30)
        self.current_changed.emit(self.current_entry())

    def set_zoom(self, step: int) -> None:
        step = max(0, min(len(ZOOMS) - 1, step))
        if step != self.zoom_step:
            self.zoom_step = step
            self.rebuild()
            if self.current >= 0:
                self.ensureVisible(self.event_items[self.current], 60, 30)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, plan = event.key(), self.plan
        moves: dict[int, Callable[[], int]] = {
            Qt.Key.Key_Right: lambda: plan.neighbour(self.current, 1),
            Qt.Key.Key_Left: lambda: plan.neighbour(self.current, -1),
            Qt.Key.Key_Down: lambda: plan.nearest_in_lane(self.current, 1),
            Qt.Key.Key_Up: lambda: plan.nearest_in_lane(self.current, -1),
            Qt.Key.Key_Home: lambda: 0,
            Qt.Key.Key_End: lambda: len(plan.events) - 1,
        }
        if key in moves and plan.events:
            self.set_current(moves[key]())
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self.zoom_step + 1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.set_zoom(self.zoom_step - 1)
        elif key == Qt.Key.Key_0 and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(ZOOMS.index(1.0))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_entry():
            self.activated.emit(self.current_entry().id)  # type: ignore[union-attr]
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom_step + (1 if event.angleDelta().y() > 0 else -1))
            event.accept()
        else:
            super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        super().mouseDoubleClickEvent(event)
        if self.current_entry():
            self.activated.emit(self.current_entry().id)  # type: ignore[union-attr]

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if self.current < 0 and self.event_items:
            self.set_current(0)

    # --- the picture --------------------------------------------------------------------------

    def image(self, scale: float = 1.0) -> QImage:
        """The whole timeline (not just what is scrolled into view) as an image."""
        rect = self.scene().sceneRect()
        image = QImage(
            int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_RGB32
        )
        image.fill(self.palette().base().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.scene().render(painter, QRectF(image.rect()), rect)
        painter.end()
        return image


def legend_text() -> str:
    return (
        "● entry   ◆ significant   ■ positive practice   ▬ a date known only to the month or "
        "year   shaded band: a key practice episode (KPE)"
    )


class TimelinePage(LeadPage):
    entry_activated = Signal(int)

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.view = TimelineView(self)
        self.model = ChronologyModel(self.theme_titles(), self)
        self.table = table_view(self.model, self.tr("Chronology entries, in date order"), self)
        stretch(self.table, 2)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.table)

        self.zoom_in = QPushButton(self.tr("Zoom &in (+)"), self)
        self.zoom_out = QPushButton(self.tr("Zoom &out (−)"), self)
        self.as_table = QPushButton(self.tr("Show as a &table"), self)
        self.as_table.setCheckable(True)
        self.save_image = QPushButton(self.tr("&Save as image…"), self)
        bar = QHBoxLayout()
        for b in (self.zoom_in, self.zoom_out, self.as_table):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.save_image)
        # Tab reads from the top: the buttons above the timeline, then the timeline (made first)
        order = [self.zoom_in, self.zoom_out, self.as_table, self.save_image, self.view]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("The entry in focus"))
        self.details.setMinimumHeight(40)
        self.legend = QLabel(self.tr(legend_text()), self)
        self.legend.setWordWrap(True)
        layout_ = QVBoxLayout(self)
        layout_.addLayout(bar)
        layout_.addWidget(self.stack, 1)
        layout_.addWidget(self.details)
        layout_.addWidget(self.legend)
        layout_.addWidget(self.message)

        self.zoom_in.clicked.connect(lambda: self.view.set_zoom(self.view.zoom_step + 1))
        self.zoom_out.clicked.connect(lambda: self.view.set_zoom(self.view.zoom_step - 1))
        self.as_table.toggled.connect(self._toggle_table)
        self.save_image.clicked.connect(self._save_image)
        self.view.current_changed.connect(self._show_details)
        self.view.activated.connect(self.entry_activated)
        self.refresh()

    def refresh(self) -> None:
        analysis = self.services.chronology.analysis(self.review_id)
        record = self.services.reviews.get(self.review_id).record
        entries = list(analysis.current_chronology)
        self.view.set_data(entries, list(analysis.current_episodes), record.agencies)
        self.model.set_rows(entries)
        self.save_image.setEnabled(bool(entries))
        bands = "; ".join(
            f"KPE {b.number}: {b.episode.title} ({b.episode.period_label})"
            for b in self.view.plan.bands
        )
        self.legend.setText(self.tr(legend_text()) + (f"\n{bands}" if bands else ""))

    def _toggle_table(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.table if on else self.view)
        self.as_table.setText(self.tr("Show as a &timeline") if on else self.tr("Show as a &table"))
        entry = self.view.current_entry()
        if on and entry:
            select_id(self.table, self.model, entry.id)
        (self.table if on else self.view).setFocus()

    def _show_details(self, entry: ChronologyEntry | None) -> None:
        if entry is None:
            self.details.clear()
            return
        extra = flags(entry)
        self.details.setText(
            f"<b>{entry.date_label}</b> · {_escape(entry.agency)}"
            + (f" · <b>{_escape(extra)}</b>" if extra else "")
            + f"<br>{_escape(entry.what_happened)}"
        )

    def export_png(self, path: Path) -> Path:
        # PySide6 takes the format as a str at run time, whatever its stubs say
        if not self.view.image(scale=1.0).save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"could not write {path}")
        return path

    def _save_image(self) -> None:
        from reviewdesk.gui.dialogs.file_writing import documents_folder, may_write_here

        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the timeline as an image"),
            str(documents_folder() / "timeline.png"),
            "PNG (*.png)",
        )
        if name and may_write_here(self, Path(name)):
            try:
                self.export_png(Path(name))
            except OSError as exc:
                self.say(self.tr("The image could not be saved: %s") % exc, problem=True)
            else:
                self.say(self.tr("Saved the timeline to %s.") % name)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
