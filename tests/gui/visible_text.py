"""Is every message in a window fully visible? Each shown label must have the room its text
needs (the height for its width when it wraps, its width when it does not), lie inside the
window and every widget holding it, and overlap no other label."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget


def _shown_labels(window: QWidget) -> list[QLabel]:
    return [
        label
        for label in window.findChildren(QLabel)
        if label.isVisibleTo(window)
        and label.window() is window
        and label.text().strip()
        and not _in_scroll_area(label, window)
    ]


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    """Text inside a scroll area may scroll out of sight on purpose: not a clipped message."""
    w = widget.parentWidget()
    while w is not None and w is not window:
        if isinstance(w, QAbstractScrollArea):
            return True
        w = w.parentWidget()
    return False


def _rect_in(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def _name(label: QLabel) -> str:
    text = " ".join(label.text().split())
    return repr(text[:60] + ("…" if len(text) > 60 else ""))


def hidden_text(window: QWidget) -> list[str]:
    """What is wrong, one line per problem (empty when every message can be read whole)."""
    for _ in range(3):  # a label's change reaches the window's layout through its parents
        QApplication.processEvents()
    problems = []
    labels = _shown_labels(window)
    for label in labels:
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height():
                problems.append(
                    f"{_name(label)} needs {needed}px of height at {label.width()}px wide, "
                    f"has {label.height()}px"
                )
        else:
            hint = label.sizeHint()
            if hint.width() > label.width() + 1 or hint.height() > label.height() + 1:
                problems.append(
                    f"{_name(label)} needs {hint.width()}x{hint.height()}px, has "
                    f"{label.width()}x{label.height()}px"
                )
        rect = _rect_in(window, label)
        holder = label.parentWidget()
        while holder is not None:
            room = _rect_in(window, holder) if holder is not window else window.rect()
            if not room.contains(rect):
                problems.append(f"{_name(label)} reaches outside {type(holder).__name__}")
                break
            if holder is window:
                break
            holder = holder.parentWidget()
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if _rect_in(window, a).intersects(_rect_in(window, b)):
                problems.append(f"{_name(a)} overlaps {_name(b)}")
    return problems
