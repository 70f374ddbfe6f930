"""Building blocks used on every screen: styled labels, cards, buttons and a labelled field."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.gui.icons import icon
from reviewdesk.gui.style import apply_role_font
from reviewdesk.gui.widgets.flow import ShorteningButton

if TYPE_CHECKING:  # QDialog itself is not needed to draw the first window
    from PySide6.QtWidgets import QDialog

# Qt's own namespace (PySide6.QtCore.Qt) is imported where it is used, not here: naming any
# of its values builds all 93 of its enums in Python, about 15 ms, and this module draws the
# library window's first paint (issue 20). set_by_name sets such a value by its name instead.

SPACING = 12


def label(text: str, role: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A label with a style role: h1, h2, h3, prompt, muted, small, eyebrow, chip, error."""
    widget = QLabel(text, parent)
    if role:
        set_role(widget, role)
    widget.setWordWrap(wrap)
    set_by_name(widget, "textFormat", "PlainText")  # never read as HTML: it may be a title
    return widget


def set_by_name(widget: QWidget, prop: str, key: str) -> None:
    """Set one of Qt's enum properties (``textFormat``, ``alignment``) by the value's name, as
    Qt Designer and style sheets do, without naming the value in Python (see above)."""
    if not widget.setProperty(prop, key):
        raise ValueError(f"{type(widget).__name__}.{prop} has no value {key}")


def buddy(text: str, target: QWidget, parent: QWidget | None = None, role: str = "") -> QLabel:
    """A visible label for ``target`` (its buddy), so screen readers and Alt+letter find it."""
    widget = QLabel(text, parent)
    widget.setWordWrap(True)
    if role:
        set_role(widget, role)
    widget.setBuddy(target)
    return widget


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a text role (h1, h2, h3, prompt, small, eyebrow, chip, badge, muted...):
    its font follows the text size, its colour comes from the style sheet."""
    widget.setProperty("role", role)
    apply_role_font(widget)


def weighted(weight: QFont.Weight) -> QFont:
    font = QFont()
    font.setWeight(weight)
    return font


def card(parent: QWidget | None = None, *, margins: int = 18) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setProperty("card", True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(margins, margins - 2, margins, margins)
    layout.setSpacing(SPACING - 2)
    return frame, layout


def button(
    text: str,
    parent: QWidget | None = None,
    *,
    icon_name: str = "",
    primary: bool = False,
    link: bool = False,
    tip: str = "",
    short: str = "",
) -> QPushButton:
    """A push button; with ``short``, fewer words shown when there is no room for ``text`` (a
    large text size on a small screen), keeping the same access key."""
    widget = ShorteningButton(text, short, parent) if short else QPushButton(text, parent)
    if icon_name:
        # On the accent-filled primary button the icon takes the base colour, like its text.
        widget.setIcon(icon(icon_name, QPalette.ColorRole.Base if primary else None))
    if primary:
        widget.setProperty("primary", True)
        widget.setFont(weighted(QFont.Weight.DemiBold))
    if link:
        widget.setProperty("link", True)
        from PySide6.QtCore import Qt

        widget.setCursor(Qt.CursorShape.PointingHandCursor)
    if tip:
        widget.setToolTip(tip)
    return widget


def link(
    text: str, on_click: Callable[[], object], parent: QWidget | None = None, *, name: str = ""
) -> QLabel:
    """A link that wraps like text, reachable with Tab and followed with Enter."""
    import html

    from PySide6.QtCore import Qt

    widget = QLabel(f'<a href="go">{html.escape(text)}</a>', parent)
    widget.setTextFormat(Qt.TextFormat.RichText)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse
        | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.setAccessibleName(name or text)
    widget.linkActivated.connect(lambda _href: on_click())
    return widget


def close_row(dialog: QDialog, text: str = "Close") -> QHBoxLayout:
    """A row with the dialog's one (default) button on the right, which accepts it."""
    close = button(dialog.tr(text), dialog, primary=True)
    close.setDefault(True)
    close.clicked.connect(dialog.accept)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(close)
    return row


def logo_heading(parent: QWidget, title: str, *lines: QWidget) -> QHBoxLayout:
    """The app's logo beside a large title and the lines under it (welcome, About)."""
    from PySide6.QtCore import Qt

    from reviewdesk.gui.icons import app_icon

    top = QHBoxLayout()
    logo = label("", "", parent)
    logo.setPixmap(app_icon().pixmap(60, 60))
    top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
    heading = QVBoxLayout()
    heading.addWidget(label(title, "h1", parent))
    for line in lines:
        heading.addWidget(line)
    top.addLayout(heading, 1)
    return top
