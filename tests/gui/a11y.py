"""Find focusable inputs that nobody could name: no visible buddy label, no accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


def _describe(widget: QWidget) -> str:
    chain = []
    w: QWidget | None = widget
    while w is not None and len(chain) < 4:
        chain.append(f"{type(w).__name__}({w.objectName() or '-'})")
        w = w.parentWidget()
    text = widget.property("placeholderText") or widget.property("text") or ""
    return " < ".join(chain) + (f" showing {text!r}" if text else "")


def labelled_by_buddy(window: QWidget) -> set[int]:
    """Ids of widgets that a visible label names (through its buddy, or its buddy's proxy)."""
    named = set()
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or not label.isVisible() or not label.text().replace("&", "").strip():
            continue
        while buddy is not None:
            named.add(id(buddy))
            buddy = buddy.focusProxy()
    return named


def unlabelled_inputs(window: QWidget) -> list[str]:
    """Every visible widget that takes the focus with Tab but has no name to announce."""
    named = labelled_by_buddy(window)
    problems = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if widget.focusProxy() is not None:
            continue  # the proxy takes the focus and is checked itself
        own_text = ""
        if isinstance(widget, QAbstractButton | QLabel):
            own_text = widget.text().replace("&", "").strip()
        explicit = widget.accessibleName().strip()
        if not (explicit or own_text or id(widget) in named):
            problems.append(_describe(widget))
            continue
        iface = QAccessible.queryAccessibleInterface(widget)
        if iface is not None and not iface.text(QAccessible.Text.Name).strip():
            problems.append(_describe(widget) + " (assistive technology hears no name)")
    return problems


def all_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]
