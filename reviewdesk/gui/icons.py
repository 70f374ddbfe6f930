"""Our own SVG icons (resources/icons), drawn in the palette's colours.

The icons are line drawings that use ``currentColor``; :func:`icon` fills that in with a colour
from the active palette when the icon is drawn, so they follow light, dark and high-contrast
palettes instead of staying default grey.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from reviewdesk.resources import resource


@cache
def _svg_source(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


@cache
def _renderer(name: str, colour: str, background: str) -> QSvgRenderer:
    source = _svg_source(name).replace("currentBackground", background)
    return QSvgRenderer(QByteArray(source.replace("currentColor", colour).encode()))


class _TintedSvgEngine(QIconEngine):
    """Renders one SVG at whatever size is asked for, in the palette colour for the mode."""

    def __init__(self, name: str, role: QPalette.ColorRole | None) -> None:
        super().__init__()
        self._name = name
        self._role = role

    def _colours(self, mode: QIcon.Mode) -> tuple[str, str]:
        palette = QGuiApplication.palette()
        role = QPalette.ColorRole.ButtonText if self._role is None else self._role
        disabled = mode == QIcon.Mode.Disabled
        group = QPalette.ColorGroup.Disabled if disabled else QPalette.ColorGroup.Active
        background = palette.color(group, QPalette.ColorRole.Base).name()
        if mode == QIcon.Mode.Selected:
            return palette.color(group, QPalette.ColorRole.HighlightedText).name(), background
        return palette.color(group, role).name(), background

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self._name, *self._colours(mode)).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._name, self._role)


def icon(name: str, role: QPalette.ColorRole | None = None) -> QIcon:
    """An icon from resources/icons, tinted with ``role`` of the palette (default: button text)."""
    return QIcon(_TintedSvgEngine(name, role))


def app_icon() -> QIcon:
    """The application's own (full-colour) icon."""
    result = QIcon()
    renderer = QSvgRenderer(QByteArray(_svg_source("app").encode()))
    for side in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, side, side))
        painter.end()
        result.addPixmap(pixmap)
    return result
