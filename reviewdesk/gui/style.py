"""The look of ReviewDesk: a calm palette with one restrained accent, clear type, generous spacing.

Three appearances, chosen from the system (or ``REVIEWDESK_APPEARANCE`` for testing):

* **light** and **dark**: our own palettes, warm neutrals and a deep teal accent;
* **high-contrast**: the system's own palette is left exactly as it is and the style sheet only
  adds spacing, type sizes and thicker borders drawn in palette colours.

Text size is one number (:attr:`Appearance.scale`, 100% by default, up to 250%); every size in the
style sheet is derived from it, so the whole window grows together.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from PySide6.QtCore import QDir, QObject, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from reviewdesk.resources import resource

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractSpinBox

ENV_APPEARANCE = "REVIEWDESK_APPEARANCE"
LIGHT, DARK, HIGH_CONTRAST = "light", "dark", "high-contrast"
LOOKS = (LIGHT, DARK, HIGH_CONTRAST)
SCALES = (0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
MIN_BASE_POINTS = 10.0


class Colours(NamedTuple):  # not a dataclass: defined before the first paint, and cheaper
    window: str
    surface: str
    text: str
    muted: str
    border: str
    strong_border: str
    accent: str
    accent_hover: str
    accent_text: str
    accent_soft: str
    selection: str
    private_bg: str
    private_border: str
    private_text: str
    warning_bg: str
    warning_border: str
    error: str
    success: str
    border_width: int = 1
    selection_text: str = ""  # text on the selection colour ("": the text colour)


LIGHT_COLOURS = Colours(
    window="#F5F3EE",
    surface="#FFFFFF",
    text="#1E2326",
    muted="#586168",
    border="#DAD6CC",
    strong_border="#89857B",  # 3:1 on the window and on cards: the outline of every control
    accent="#1F6F6B",
    accent_hover="#175854",
    accent_text="#FFFFFF",
    accent_soft="#E2EFEC",
    selection="#CFE5E1",
    private_bg="#FBF4E6",
    private_border="#A78443",  # 3:1 on the private pane
    private_text="#6B4E16",
    warning_bg="#FFF3E0",
    warning_border="#B45A00",
    error="#A4262C",
    success="#2E6B3A",
)

DARK_COLOURS = Colours(
    window="#1C1F21",
    surface="#25292C",
    text="#E9E6E1",
    muted="#A9B0B5",
    border="#3A4045",
    strong_border="#78838F",  # 3:1 on the window and on cards
    accent="#63B5AD",
    accent_hover="#7CC6BF",
    accent_text="#10201F",
    accent_soft="#213B39",
    selection="#2C4F4C",
    private_bg="#302B22",
    private_border="#B8995C",
    private_text="#E8CF9C",
    warning_bg="#3A2C1A",
    warning_border="#E0A04F",
    error="#F08A8F",
    success="#8FCB99",
)

# High contrast: every colour is a palette role, so the system's choice is what is drawn.
HIGH_CONTRAST_COLOURS = Colours(
    window="palette(window)",
    surface="palette(base)",
    text="palette(text)",
    muted="palette(text)",
    border="palette(text)",
    strong_border="palette(text)",
    accent="palette(highlight)",
    accent_hover="palette(highlight)",
    accent_text="palette(highlighted-text)",
    accent_soft="palette(base)",
    selection="palette(highlight)",
    private_bg="palette(base)",
    private_border="palette(text)",
    private_text="palette(text)",
    warning_bg="palette(base)",
    warning_border="palette(text)",
    error="palette(text)",
    success="palette(text)",
    border_width=2,
    selection_text="palette(highlighted-text)",
)


# The palette roles the high-contrast style sheet names, as Qt spells them in ``palette(...)``.
PALETTE_ROLES = {
    "window": QPalette.ColorRole.Window,
    "window-text": QPalette.ColorRole.WindowText,
    "base": QPalette.ColorRole.Base,
    "alternate-base": QPalette.ColorRole.AlternateBase,
    "text": QPalette.ColorRole.Text,
    "button": QPalette.ColorRole.Button,
    "button-text": QPalette.ColorRole.ButtonText,
    "highlight": QPalette.ColorRole.Highlight,
    "highlighted-text": QPalette.ColorRole.HighlightedText,
    "link": QPalette.ColorRole.Link,
}

# The chosen radio button's mark: a filled circle in ``currentColor``.
_DOT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">'
    '<circle cx="12" cy="12" r="6.5" fill="currentColor"/></svg>'
)


def forced_appearance() -> str | None:
    """The look ``REVIEWDESK_APPEARANCE`` asks for (light, dark or high-contrast), if any."""
    forced = os.environ.get(ENV_APPEARANCE, "").strip().lower()
    return forced if forced in LOOKS else None


def system_appearance(app: QGuiApplication, system_palette: QPalette | None = None) -> str:
    """light, dark or high-contrast, as the system asks (``REVIEWDESK_APPEARANCE`` overrides).
    When the system does not say light or dark, the system's own palette tells (the one the
    app had before ours replaced it: ``system_palette``).

    Asking builds Qt's namespace in Python (``Qt.ColorScheme`` is one of its 93 enums, about
    15 ms): the first paint uses the look remembered from the last start instead, and this is
    asked once the window is drawn (:meth:`Appearance.apply`, :meth:`Appearance.confirm`)."""
    forced = forced_appearance()
    if forced is not None:
        return forced
    from PySide6.QtCore import Qt

    hints = app.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    preference = getattr(Qt, "ContrastPreference", None)
    if (
        accessibility is not None
        and preference is not None
        and accessibility().contrastPreference() == preference.HighContrast
    ):
        return HIGH_CONTRAST
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    if scheme == Qt.ColorScheme.Dark:
        return DARK
    if scheme == Qt.ColorScheme.Light:
        return LIGHT
    palette = app.palette() if system_palette is None else system_palette
    return DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


_MODE_PROPERTY = "reviewdeskAppearance"


def applied_mode(app: QObject | None) -> str:
    """The look last applied to ``app`` (light, dark or high-contrast), for widgets that draw
    their own text: in high contrast their muted text is the text colour, as in the sheet."""
    mode = app.property(_MODE_PROPERTY) if app is not None else None
    return mode if isinstance(mode, str) else LIGHT


def palette_for(colours: Colours) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole

    def put(r: QPalette.ColorRole, value: str, disabled: str | None = None) -> None:
        p.setColor(r, QColor(value))
        if disabled:
            p.setColor(QPalette.ColorGroup.Disabled, r, QColor(disabled))

    put(role.Window, colours.window)
    put(role.WindowText, colours.text, colours.muted)
    put(role.Base, colours.surface)
    put(role.AlternateBase, colours.window)
    put(role.Text, colours.text, colours.muted)
    put(role.PlaceholderText, colours.muted)
    put(role.Button, colours.surface)
    put(role.ButtonText, colours.text, colours.muted)
    put(role.BrightText, colours.error)
    put(role.Highlight, colours.selection)
    put(role.HighlightedText, colours.text)
    put(role.Link, colours.accent)
    put(role.LinkVisited, colours.accent)
    put(role.ToolTipBase, colours.surface)
    put(role.ToolTipText, colours.text)
    put(role.Mid, colours.border)
    put(role.Midlight, colours.border)
    put(role.Dark, colours.strong_border)
    put(role.Shadow, colours.strong_border)
    put(role.Light, colours.surface)
    if hasattr(role, "Accent"):
        put(role.Accent, colours.accent)
    return p


# Type is set in code, not in the style sheet, so a change of text size is a change of fonts
# (quick) rather than a restyling of every widget (slow with a thousand widgets).
# role: (size relative to body text, weight, extra letter spacing in points)
ROLE_FONTS: dict[str, tuple[float, QFont.Weight | None, float]] = {
    "h1": (1.75, QFont.Weight.DemiBold, 0.0),
    "h2": (1.3, QFont.Weight.DemiBold, 0.0),
    "h3": (1.08, QFont.Weight.DemiBold, 0.0),
    "prompt": (1.08, QFont.Weight.DemiBold, 0.0),
    "small": (0.92, None, 0.0),
    "eyebrow": (0.86, QFont.Weight.DemiBold, 0.8),
    "chip": (0.88, None, 0.0),
    "badge": (0.82, QFont.Weight.Bold, 0.8),
    "strong": (1.0, QFont.Weight.DemiBold, 0.0),
}
_body_points = [MIN_BASE_POINTS]


def role_font(role: str) -> QFont | None:
    """The font for a text role at the current text size (None: plain body text)."""
    spec = ROLE_FONTS.get(role)
    if spec is None:
        return None
    factor, weight, spacing = spec
    font = QFont()
    font.setPointSizeF(_body_points[0] * factor)
    if weight is not None:
        font.setWeight(weight)
    if spacing:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing)
    return font


def apply_role_font(widget: QWidget) -> None:
    font = role_font(str(widget.property("role") or ""))
    if font is not None:
        widget.setFont(font)


_OWN_FONT = "_q_styleSheetWidgetFont"  # where Qt's style sheet keeps a widget's own font


def _refresh_fonts(widget: QWidget) -> None:
    """``widget`` and its children follow the application font (see Appearance._apply_fonts)."""
    if role_font(str(widget.property("role") or "")) is not None:
        apply_role_font(widget)
    else:  # plain body text, and roles that are only a colour (muted, error...)
        own = widget.property(_OWN_FONT)
        if isinstance(own, QFont):
            widget.setFont(own)
    for child in widget.children():
        if isinstance(child, QWidget):
            _refresh_fonts(child)


# A string bound: QAbstractSpinBox (1.5 ms of enums) is not imported before the first paint.
_Box = TypeVar("_Box", bound="QAbstractSpinBox")


def roomy(box: _Box) -> _Box:
    """``box`` with its text clear of the left border, as in a line edit: Qt's style sheets
    place a spin box's text field at its very edge, whatever its padding says."""
    box.lineEdit().setTextMargins(7, 0, 0, 0)
    return box


def stylesheet(c: Colours, arrow: str = "", tick: str = "", dot: str = "", up: str = "") -> str:
    """The application style sheet for colours ``c``; ``arrow`` is the drop-down arrow image
    (and a spin box's down arrow), ``up`` a spin box's up arrow, ``tick`` and ``dot`` the marks
    of a ticked box and a chosen radio button."""
    bw = c.border_width
    focus = bw + 1
    on_selection = c.selection_text or c.text
    return f"""
QMainWindow, QDialog, QStackedWidget#pages, QWidget#page {{ background: {c.window}; }}
QScrollArea, QScrollArea > QWidget > QWidget#scrollBody {{ background: transparent; border: none; }}
QLabel {{ color: {c.text}; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="small"], QLabel[role="eyebrow"] {{ color: {c.muted}; }}
QLabel[role="chip"], QFrame[card="true"] QLabel[role="chip"] {{ background: {c.accent_soft};
    color: {c.text}; border-radius: 9px; padding: 2px 9px; }}
QLabel[role="error"] {{ color: {c.error}; }}
QLabel[role="success"] {{ color: {c.success}; }}
QFrame[card="true"] {{ background: {c.surface}; border: {bw}px solid {c.border};
    border-radius: 10px; }}
QFrame[card="true"] QLabel {{ background: transparent; }}
QFrame#header {{ background: {c.surface}; border: none; border-bottom: {bw}px solid {c.border}; }}

QPushButton, QToolButton[button="true"] {{ background: {c.surface}; color: {c.text};
    border: {bw}px solid {c.strong_border}; border-radius: 6px; padding: 6px 14px; }}
QPushButton:hover, QToolButton[button="true"]:hover {{ border-color: {c.accent}; }}
QPushButton:pressed {{ background: {c.accent_soft}; }}
QPushButton:focus, QToolButton:focus {{ border: {focus}px solid {c.accent}; }}
QPushButton:disabled {{ color: {c.muted}; border-color: {c.border}; }}
QPushButton[primary="true"] {{ background: {c.accent}; color: {c.accent_text};
    border: {bw}px solid {c.accent}; }}
QPushButton[primary="true"]:hover {{ background: {c.accent_hover}; }}
QPushButton[primary="true"]:focus {{ border: {focus}px solid {c.text}; }}
QPushButton[primary="true"]:disabled {{ background: {c.border}; color: {c.muted};
    border-color: {c.border}; }}
QPushButton[link="true"] {{ background: transparent; border: {bw}px solid transparent;
    color: {c.accent}; padding: 3px 4px; text-align: left; text-decoration: underline; }}
QPushButton[link="true"]:focus {{ border: {focus}px solid {c.accent}; }}
QToolButton {{ background: transparent; border: {bw}px solid transparent; border-radius: 6px;
    padding: 4px; color: {c.text}; }}
QToolButton:hover {{ border-color: {c.border}; }}
QToolButton[disclosure="true"] {{ padding: 4px 6px; }}

QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox {{
    background: {c.surface}; color: {c.text}; border: {bw}px solid {c.strong_border};
    border-radius: 6px; padding: {focus}px 7px; selection-background-color: {c.selection};
    selection-color: {on_selection}; }}
QPlainTextEdit, QTextEdit {{ padding: {focus + 3}px 6px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus,
QAbstractSpinBox:focus {{ border: {focus}px solid {c.accent}; padding: {bw}px 7px; }}
QPlainTextEdit:focus, QTextEdit:focus {{ padding: {bw + 3}px 6px; }}
QPlainTextEdit[readOnly="true"], QLineEdit[readOnly="true"] {{ background: {c.window};
    border-style: dashed; }}
QLineEdit[invalid="true"] {{ border: {focus}px solid {c.error}; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
    width: 26px; border: none; }}
QComboBox::down-arrow {{ image: url("{arrow}"); width: 14px; height: 14px; }}
QAbstractSpinBox {{ padding: {focus}px 28px {focus}px 7px; }}
QAbstractSpinBox:focus {{ padding: {bw}px 28px {bw}px 7px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: border;
    width: 24px; border: none; border-left: 1px solid {c.border}; background: transparent; }}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-arrow {{ image: url("{up}"); width: 12px; height: 12px; }}
QAbstractSpinBox::down-arrow {{ image: url("{arrow}"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{ background: {c.surface}; selection-background-color:
    {c.selection}; selection-color: {on_selection}; }}

QCheckBox, QRadioButton {{ spacing: 8px; color: {c.text}; padding: 3px 2px; }}
QCheckBox:focus, QRadioButton:focus {{ border: {bw}px dotted {c.accent}; border-radius: 4px; }}
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator {{ width: 14px;
    height: 14px; border: {bw + 1}px solid {c.strong_border}; background: {c.surface}; }}
QCheckBox::indicator, QAbstractItemView::indicator {{ border-radius: 3px; }}
QRadioButton::indicator {{ border-radius: {bw + 8}px; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{ background: {c.accent};
    border-color: {c.accent}; image: url("{tick}"); }}
QRadioButton::indicator:checked {{ border-color: {c.accent}; image: url("{dot}"); }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {c.border}; }}

QTableView {{ background: {c.surface}; alternate-background-color: {c.window}; color: {c.text};
    border: {bw}px solid {c.border}; border-radius: 8px; gridline-color: transparent;
    selection-background-color: {c.selection}; selection-color: {on_selection}; }}
QTableView:focus {{ border: {focus}px solid {c.accent}; }}
QTableView {{ outline: 0; }}
QTableView::item {{ padding: 6px 8px; border: none; }}
QHeaderView::section {{ background: {c.surface}; color: {c.muted}; border: none;
    border-bottom: {bw}px solid {c.border}; padding: 8px; }}

QListWidget#navigator {{ background: {c.window}; border: none; outline: none; padding: 6px; }}
QListWidget#navigator:focus {{ border: {focus}px solid {c.accent}; border-radius: 8px; }}
QListWidget#navigator::item {{ border-radius: 8px; margin: 1px 0; }}
QListWidget#navigator::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QListWidget#steps {{ background: transparent; border: none; }}
QListWidget#steps::item {{ padding: 7px 6px; border-radius: 6px; }}
QListWidget#steps::item:selected {{ background: {c.accent_soft}; color: {c.text};
    }}
QListWidget {{ background: {c.surface}; border: {bw}px solid {c.border}; border-radius: 6px; }}

QFrame#privatePane {{ background: {c.private_bg}; border: {bw + 1}px dashed {c.private_border};
    border-radius: 10px; }}
QFrame#privatePane QLabel {{ background: transparent; color: {c.private_text}; }}
QFrame#privatePane QLabel[role="badge"] {{ border: {bw}px solid {c.private_border};
    border-radius: 4px; padding: 1px 6px; }}
QFrame#privatePane QPlainTextEdit {{ border-color: {c.private_border}; }}

QFrame#banner {{ background: {c.warning_bg}; border: {bw}px solid {c.warning_border};
    border-left: 5px solid {c.warning_border}; border-radius: 6px; }}
QFrame#banner QLabel {{ background: transparent; }}
QFrame#findBar {{ background: {c.surface}; border-top: {bw}px solid {c.border}; }}
QFrame#fieldMessage[kind="problem"] {{ border-left: 3px solid {c.error}; }}
QFrame#fieldMessage[kind="caution"] {{ border-left: 3px solid {c.warning_border}; }}
QFrame#fieldMessage QLabel {{ background: transparent; }}

QStatusBar {{ background: {c.surface}; border-top: {bw}px solid {c.border}; color: {c.muted}; }}
QStatusBar QLabel {{ color: {c.muted}; padding: 0 6px; }}
QMenuBar {{ background: {c.surface}; color: {c.text};
    border-bottom: {bw}px solid {c.border}; }}
QMenuBar::item {{ padding: 5px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: {c.accent_soft}; }}
QMenu {{ background: {c.surface}; color: {c.text}; border: {bw}px solid {c.border};
    padding: 4px; }}
QMenu::item {{ padding: 6px 24px 6px 12px; border-radius: 4px; }}
QMenu::item:selected {{ background: {c.selection}; color: {on_selection}; }}
QMenu::item:disabled {{ color: {c.muted}; }}
QMenu::separator {{ height: {bw}px; background: {c.border}; margin: 4px 8px; }}
QToolTip {{ background: {c.surface}; color: {c.text}; border: {bw}px solid {c.border};
    padding: 4px; }}
QSplitter::handle {{ background: {c.border}; }}
QProgressBar {{ border: none; background: {c.border}; border-radius: 3px; max-height: 6px; }}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
"""


@cache
def _passing_folder() -> Path:
    """A folder for the style sheet's pictures when there is no lasting one (a test, or a data
    folder that cannot be written): one per process, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="ReviewDesk-look-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def _picture_source(name: str) -> str:
    return _DOT if name == "dot" else resource("icons", f"{name}.svg").read_text(encoding="utf-8")


def _picture_places(folder: Path | None) -> Iterator[Path]:
    """``folder``, then a passing one: made only when the first would not do."""
    if folder is not None:
        yield folder
    yield _passing_folder()


def sheet_picture(name: str, colour: str, folder: Path | None = None) -> str:
    """An icon (or the radio button's dot) drawn in ``colour``, as a file for the style sheet
    (a sheet names its pictures by file). In ``folder`` (AppPaths.look_dir), written once and
    kept: its name says what it holds (a checksum of the drawing), so each start finds it and
    writes nothing (writing four small files cost about 3 ms of the first paint here, more
    where a virus scanner looks at each new file), and a changed drawing gets a new name."""
    svg = _picture_source(name).replace("currentColor", colour)
    file = f"{name}-{zlib.crc32(svg.encode()):08x}.svg"
    for place in _picture_places(folder):
        path = place / file
        if path.exists():
            return path.as_posix()
        try:
            place.mkdir(parents=True, exist_ok=True)
            part = place / f".{file}.part"  # whole or not there: a half-written one would stay
            part.write_text(svg, encoding="utf-8")
            os.replace(part, path)
        except OSError:
            continue
        return path.as_posix()
    raise OSError(f"ReviewDesk could not write {file} to a temporary folder")


# The style sheet names its pictures through this Qt search path ("reviewdesklook:check-....svg"),
# not by their folder: the sheet's text is then the same whichever data folder holds them, so a
# window made in a process whose earlier windows used another data folder (the GUI tests: the
# contribution journey opens six) finds the sheet already set, and does not restyle every
# widget alive (17 of that test's 41 s under cProfile). Each folder used is added to the path;
# a picture's name says what it draws (a checksum), so any folder holding it holds the drawing.
_LOOK = "reviewdesklook"


def _sheet_name(path: Path) -> str:
    folder = path.parent.as_posix()  # Qt takes forward slashes on every system
    if folder not in QDir.searchPaths(_LOOK):
        QDir.addSearchPath(_LOOK, folder)
    return f"{_LOOK}:{path.name}"


class Appearance(QObject):
    """Applies palette, style sheet and text size to the application, and changes them live."""

    changed = Signal()

    def __init__(
        self,
        app: QApplication,
        scale: float = 1.0,
        mode: str | None = None,
        *,
        fusion: bool = False,
        pictures: Path | None = None,
    ) -> None:
        """``pictures``: where the style sheet's pictures are kept (AppPaths.look_dir); without
        it, a temporary folder removed at exit."""
        super().__init__(app)
        self._pictures = pictures
        self._fusion = fusion  # True when the application was started with -style fusion
        self._app = app
        self._forced_mode = mode
        self._system_font = app.font()  # a copy (QFont's own copy would build Qt's namespace)
        size = self._system_font.pointSizeF()
        self._base_points = max(size if size > 0 else MIN_BASE_POINTS, MIN_BASE_POINTS)
        self._system_palette = app.palette()  # a copy, as the font
        self.scale = self._nearest(scale)
        self.mode = LIGHT
        self.system_look: str | None = None  # what the system last said (None: not asked yet)
        self.colours = LIGHT_COLOURS
        hints = app.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda *_: self.apply())
        accessibility = getattr(hints, "accessibility", None)
        if accessibility is not None:
            accessibility().contrastPreferenceChanged.connect(lambda *_: self.apply())

    def _arrow(self, colour: str) -> str:
        """The drop-down arrow drawn in ``colour``, as a file the style sheet can point to."""
        return self._image("chevron-down", colour)

    def _image(self, name: str, colour: str) -> str:
        """An icon (or the radio button's dot) drawn in ``colour``, as a file for the sheet
        (named through Qt's search path, :data:`_LOOK`)."""
        return _sheet_name(Path(sheet_picture(name, colour, self._pictures)))

    def _resolved(self, colour: str) -> str:
        """A colour of :class:`Colours` as #rrggbb (``palette(role)`` read from the palette)."""
        if not colour.startswith("palette("):
            return colour
        role = PALETTE_ROLES[colour[len("palette(") : -1]]
        return self._app.palette().color(role).name()

    @staticmethod
    def _nearest(scale: float) -> float:
        return min(SCALES, key=lambda s: abs(s - scale))

    @property
    def base_points(self) -> float:
        return self._base_points * self.scale

    def apply(self, likely: str | None = None) -> None:
        """Palette, style sheet and text size for the look the system asks for; or, with
        ``likely`` (the look it asked for when last asked: AppSettings.system_look), that
        look without asking: the first paint does not wait for Qt's namespace to be built
        (system_appearance); :meth:`confirm` asks once the window is drawn."""
        app = self._app
        if not self._fusion:  # one look everywhere (app.py asks for it on the command line)
            self._fusion = True
            styles = [name.lower() for name in QStyleFactory.keys()]  # noqa: SIM118 (a Qt list)
            # (setting it again when it is already set restyles every widget alive)
            if "fusion" in styles and app.style().name().lower() != "fusion":
                app.setStyle("Fusion")
        mode = self._forced_mode or forced_appearance()
        if mode is None and likely in LOOKS:
            mode = likely
        elif mode is None:
            mode = self.system_look = system_appearance(app, self._system_palette)
        self.mode = mode
        app.setProperty(_MODE_PROPERTY, self.mode)  # for what draws itself (applied_mode)
        if self.mode == HIGH_CONTRAST:
            self.colours = HIGH_CONTRAST_COLOURS
            app.setPalette(self._system_palette)
        else:
            self.colours = DARK_COLOURS if self.mode == DARK else LIGHT_COLOURS
            app.setPalette(palette_for(self.colours))
        text = app.palette().color(QPalette.ColorRole.Text).name()
        sheet = stylesheet(
            self.colours,
            self._arrow(text),
            up=self._image("chevron-up", text),
            tick=self._image("check", self._resolved(self.colours.accent_text)),
            dot=self._image("dot", self._resolved(self.colours.accent)),
        )
        if sheet != app.styleSheet():
            app.setStyleSheet(sheet)
        self._apply_fonts()
        self.changed.emit()

    def confirm(self) -> str | None:
        """Ask the system for its look now and follow it if it is not the one drawn (the look
        remembered from the last start, :meth:`apply`): a changed look is drawn again at once.
        Returns what the system said (None when the look is chosen for it: the environment
        or the ``mode`` given)."""
        if self._forced_mode or forced_appearance():
            return None
        if system_appearance(self._app, self._system_palette) != self.mode:
            self.apply()
        else:
            self.system_look = self.mode
        return self.system_look

    def _apply_fonts(self) -> None:
        _body_points[0] = self.base_points
        font = QFont(self._system_font)
        font.setPointSizeF(self.base_points)
        self._app.setFont(font)
        # A widget the style sheet has styled keeps the font it had then: Qt does not pass a new
        # application font down to it (and the answer being typed, the navigator and every
        # field stayed small until a restart). Each widget is given back its own font (what
        # the code set, which Qt keeps for the style sheet), now resolved against the new text
        # size, parents before children; text roles get theirs.
        for window in QApplication.topLevelWidgets():
            _refresh_fonts(window)

    def set_scale(self, scale: float) -> float:
        self.scale = self._nearest(scale)
        self._apply_fonts()
        self.changed.emit()
        return self.scale

    def larger(self) -> float:
        i = SCALES.index(self.scale)
        return self.set_scale(SCALES[min(i + 1, len(SCALES) - 1)])

    def smaller(self) -> float:
        i = SCALES.index(self.scale)
        return self.set_scale(SCALES[max(i - 1, 0)])

    def reset(self) -> float:
        return self.set_scale(1.0)
