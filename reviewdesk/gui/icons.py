"""Our own SVG icons (resources/icons), drawn in the palette's colours.

The icons are line drawings that use ``currentColor``; :func:`icon` fills that in with a colour
from the active palette when the icon is drawn, so they follow light, dark and high-contrast
palettes instead of staying default grey. They are rendered by Qt's SVG image plugin at exactly
the size asked for (crisp at any scale), without loading the QtSvg Python module at start-up.
"""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QImageReader,
    QPainter,
    QPalette,
    QPixmap,
)

from reviewdesk.resources import resource


@cache
def _svg_source(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


@lru_cache(maxsize=512)
def _render(name: str, colour: str, background: str, side_w: int, side_h: int) -> QImage:
    source = _svg_source(name).replace("currentBackground", background)
    data = QByteArray(source.replace("currentColor", colour).encode())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(side_w, side_h))
    image = reader.read()
    buffer.close()
    return image


class _TintedSvgEngine(QIconEngine):
    """Renders one SVG at whatever size is asked for, in the palette colour for the mode."""

    def __init__(self, name: str, role: QPalette.ColorRole | None, *, tinted: bool = True) -> None:
        super().__init__()
        self._name = name
        self._role = role
        self._tinted = tinted

    def _colours(self, mode: QIcon.Mode) -> tuple[str, str]:
        if not self._tinted:  # a full-colour drawing (the app's own icon)
            return "", ""
        palette = QGuiApplication.palette()
        role = QPalette.ColorRole.ButtonText if self._role is None else self._role
        disabled = mode == QIcon.Mode.Disabled
        group = QPalette.ColorGroup.Disabled if disabled else QPalette.ColorGroup.Active
        background = palette.color(group, QPalette.ColorRole.Base).name()
        if mode == QIcon.Mode.Selected:
            return palette.color(group, QPalette.ColorRole.HighlightedText).name(), background
        return palette.color(group, role).name(), background

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        app = QGuiApplication.instance()
        ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
        width, height = round(rect.width() * ratio), round(rect.height() * ratio)
        image = _render(self._name, *self._colours(mode), max(1, width), max(1, height))
        painter.drawImage(rect, image)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        width, height = max(1, size.width()), max(1, size.height())
        return QPixmap.fromImage(_render(self._name, *self._colours(mode), width, height))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = self.pixmap(
            QSize(round(size.width() * scale), round(size.height() * scale)), mode, state
        )
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._name, self._role, tinted=self._tinted)


def icon(name: str, role: QPalette.ColorRole | None = None) -> QIcon:
    """An icon from resources/icons, tinted with ``role`` of the palette (default: button text)."""
    return QIcon(_TintedSvgEngine(name, role))


@cache
def app_icon() -> QIcon:
    """The application's own (full-colour) icon, drawn at the sizes the system asks for (the
    title bar and task bar need two or three), not rendered at every size at start-up."""
    return QIcon(_TintedSvgEngine("app", None, tinted=False))
