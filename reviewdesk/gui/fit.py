"""Windows that fit the screen they open on.

Council laptops often have a 1366x768 or 1280x720 screen at 125% scaling: after the taskbar that
leaves as little as 1024x536 logical pixels. Every window and dialog is fitted to its screen's
*available* area (the screen less the taskbar and docks) the first time it is shown: no larger
than the area, placed over its parent window, and wholly inside it, title bar included, so the
status bar and a dialog's buttons are on screen. Dialogs too long for a small screen keep their
buttons outside a scroll area (:func:`scrolling`).

The main window calls :func:`fit_to_screen` itself, before it is first drawn and after its
remembered size is restored; dialogs call :func:`fit_when_shown` in their constructor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # made on first use (scrolling): QScrollArea is not imported at start-up
    # QEvent neither: its enums cost about 3 ms before the main window's first paint, which
    # needs only fit_to_screen (the dialogs' event filters import it when they first run).
    # Nor Qt's namespace, whose enums cost about 15 ms (widgets/basics.py): imported where used.
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QScrollArea

# The title bar and borders the window system adds, until it says what they are: a Windows title
# bar is about 31 logical pixels high, with a thin border; generous rather than exact.
FRAME_ALLOWANCE = QMargins(8, 32, 8, 8)


def available_area(widget: QWidget) -> QRect:
    """The part of the screen ``widget`` opens on that windows may use (without the taskbar):
    its parent window's screen, else its own, else the primary screen."""
    parent = widget.parentWidget()
    screen = parent.window().screen() if parent is not None else widget.screen()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 536)


def frame_margins(widget: QWidget) -> QMargins:
    """The frame around ``widget``'s contents: the window system's once it has been shown (if
    larger than nothing), otherwise :data:`FRAME_ALLOWANCE`."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    if widget.isVisible() and frame != inner:
        return QMargins(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            frame.right() - inner.right(),
            frame.bottom() - inner.bottom(),
        )
    return QMargins(FRAME_ALLOWANCE)


def room_in(area: QRect, margins: QMargins) -> QSize:
    """The largest content size whose frame fits in ``area``."""
    return QSize(
        max(1, area.width() - margins.left() - margins.right()),
        max(1, area.height() - margins.top() - margins.bottom()),
    )


def fit_to_screen(
    widget: QWidget,
    area: QRect | None = None,
    *,
    sized: bool | None = None,
    placed: bool | None = None,
) -> QRect:
    """Shrink ``widget`` (a window) to fit ``area`` (by default the available area of its
    screen), centre it over its parent window (or the area), and move it wholly inside the
    area. Returns the area used. A maximised or full-screen window is left to the window system.
    ``sized`` and ``placed``: whether the window has been given a size and a place (a size
    and place remembered, say); asked of the window when not said (the main window says, so
    that its first paint does not need Qt's namespace: widgets/basics.py).
    """
    if area is None:
        area = available_area(widget)
    if widget.isMaximized() or widget.isFullScreen():
        return area
    if sized is None or placed is None:
        from PySide6.QtCore import Qt

        if sized is None:
            sized = widget.testAttribute(Qt.WidgetAttribute.WA_Resized)
        if placed is None:
            placed = widget.testAttribute(Qt.WidgetAttribute.WA_Moved)
    margins = frame_margins(widget)
    room = room_in(area, margins)
    if widget.minimumSizeHint().width() > room.width():
        narrow_combo_boxes(widget)
    if widget.minimumSizeHint().width() > room.width() and not widget.findChild(
        QWidget, SCROLLS_SIDEWAYS
    ):  # still too wide: the window's contents scroll sideways rather than leave the screen
        scroll_body(widget, _buttons_at_end(widget), sideways=True)
    size = widget.size() if sized else None
    if size is None or size.isEmpty():
        size = widget.sizeHint().expandedTo(widget.minimumSizeHint())
    size = size.boundedTo(room).expandedTo(widget.minimumSize())
    if size != widget.size():
        widget.resize(size)
    size = widget.size()  # the window's own minimum may have won
    outer = QSize(
        size.width() + margins.left() + margins.right(),
        size.height() + margins.top() + margins.bottom(),
    )
    parent = widget.parentWidget()
    was_placed = placed
    if parent is not None and not was_placed:
        centre = parent.window().frameGeometry().center()
        top_left = QPoint(centre.x() - outer.width() // 2, centre.y() - outer.height() // 2)
    elif not was_placed:
        centre = area.center()
        top_left = QPoint(centre.x() - outer.width() // 2, centre.y() - outer.height() // 2)
    else:
        top_left = widget.frameGeometry().topLeft()
    # Wholly inside: the right and bottom edges first, then the left and top (which win, so the
    # title bar stays reachable even if the window's minimum is larger than the area).
    x = max(area.left(), min(top_left.x(), area.right() + 1 - outer.width()))
    y = max(area.top(), min(top_left.y(), area.bottom() + 1 - outer.height()))
    if QPoint(x, y) != widget.frameGeometry().topLeft() or not was_placed:
        widget.move(x, y)
    return area


def narrow_combo_boxes(window: QWidget, characters: int = 14) -> int:
    """Let the drop-down lists in ``window`` be narrower than their longest choice (which they
    show in full when opened), for a window too wide for its screen: a row of filters with long
    theme and agency names is what makes most windows wide. Returns how many were changed."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QComboBox

    policy = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
    changed = 0
    for box in window.findChildren(QComboBox):
        if box.sizeAdjustPolicy() != policy and box.minimumContentsLength() <= characters:
            box.setMinimumContentsLength(characters)
            box.setSizeAdjustPolicy(policy)
            changed += 1
    if changed:
        for _ in range(8):  # each level of layout asks the one above it, by a posted event
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout = window.layout()
        if layout is not None:
            layout.activate()
    return changed


class _FitOnFirstShow(QObject):
    """Fits its window the first time it is shown, then removes itself."""

    def __init__(self, window: QWidget, scroll_keep: int | None) -> None:
        super().__init__(window)
        self._scroll_keep = scroll_keep

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            self.deleteLater()
            if self._scroll_keep is not None:
                scroll_body(watched, self._scroll_keep)
            fit_to_screen(watched)
        return False


def fit_when_shown(window: QWidget, *, scroll_keep: int | None = None) -> None:
    """Fit ``window`` (a dialog or a window of its own) to its screen when it is first shown:
    after its layout has given it its size, before it is drawn. With ``scroll_keep``, the
    dialog is a long one: everything in its layout but the last ``scroll_keep`` items (its
    buttons, and a message line if it has one) goes into a scroll area first (:func:`scroll_body`).
    """
    from PySide6.QtCore import Qt

    waiting = window.findChild(_FitOnFirstShow, "", Qt.FindChildOption.FindDirectChildrenOnly)
    if waiting is not None:  # asked again (by a subclass, say): the last word counts
        waiting._scroll_keep = scroll_keep
        return
    window.installEventFilter(_FitOnFirstShow(window, scroll_keep))


SCROLLS_SIDEWAYS = "scrollsSideways"


def _buttons_at_end(window: QWidget) -> int:
    """1 if the last item of ``window``'s layout is a button box (kept in view), else 0."""
    from PySide6.QtWidgets import QDialogButtonBox

    layout = window.layout()
    if layout is None or layout.count() == 0:
        return 0
    last = layout.itemAt(layout.count() - 1)
    return int(last is not None and isinstance(last.widget(), QDialogButtonBox))


def scroll_body(dialog: QWidget, keep: int = 1, *, sideways: bool = False) -> QWidget | None:
    """Move everything in ``dialog``'s vertical layout except its last ``keep`` items into a
    scroll area (:func:`scrolling`) at the top of that layout, so that on a short screen the
    body scrolls and the buttons stay in view. Tab order and what is hidden are kept. Returns
    the scroll area (None if the layout is not a vertical box or has nothing to move)."""
    from PySide6.QtWidgets import QBoxLayout, QVBoxLayout

    outer = dialog.layout()
    if not isinstance(outer, QBoxLayout) or outer.direction() != QBoxLayout.Direction.TopToBottom:
        return None
    count = outer.count() - keep
    if count <= 0:
        return None
    body = QWidget(dialog)
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 6, 0)  # a little air beside the scroll bar
    inner.setSpacing(outer.spacing())
    body_stretch = 0
    for _ in range(count):
        item = outer.itemAt(0)
        assert item is not None  # count() items are there
        stretch = outer.stretch(0)
        body_stretch = max(body_stretch, stretch)
        widget, layout = item.widget(), item.layout()
        if widget is not None:
            alignment = item.alignment()
            outer.removeWidget(widget)
            inner.addWidget(widget, stretch, alignment)
        elif layout is not None:
            outer.removeItem(layout)
            inner.addLayout(layout, stretch)
        else:  # a stretch or a spacing
            spacer = item.spacerItem()
            hint = spacer.sizeHint() if spacer is not None else QSize()
            outer.takeAt(0)
            if stretch:
                inner.addStretch(stretch)
            elif hint.height() > 0:
                inner.addSpacing(hint.height())
    area = scrolling(body, dialog, sideways=sideways)
    outer.insertWidget(0, area, 1)
    area.show()  # new children of a window being shown are not shown with it
    outer.activate()  # the window's minimum size is worked out again, now that it can scroll
    return area


class _ScrollingBody:  # the QScrollArea subclass is made on first use (see scrolling)
    cls: type[QScrollArea] | None = None


def scrolling(
    body: QWidget, parent: QWidget | None = None, *, sideways: bool = False
) -> QScrollArea:
    """``body`` in a frameless scroll area, for the long part of a dialog: as tall as the body
    when the screen has room, scrolling vertically when it has not (the dialog's buttons stay
    outside it, always visible). Never narrower than the body, so nothing is cut off sideways."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame, QScrollArea

    if _ScrollingBody.cls is None:

        class ScrollingBody(QScrollArea):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                # The body's size changed its needs (a new text size, say): so do ours.
                if watched is self.widget() and event.type() == event.Type.LayoutRequest:
                    self.updateGeometry()
                return super().eventFilter(watched, event)

            def _extra(self) -> int:
                return self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

            def sizeHint(self) -> QSize:
                body = self.widget()
                if body is None:
                    return super().sizeHint()
                hint = body.sizeHint().expandedTo(body.minimumSizeHint())
                return QSize(hint.width() + self._extra(), hint.height() + 2 * self.frameWidth())

            def minimumSizeHint(self) -> QSize:
                body = self.widget()
                if body is None:
                    return super().minimumSizeHint()
                lines = 6 * self.fontMetrics().lineSpacing()
                hint = body.minimumSizeHint()
                width = hint.width() + self._extra()
                if self.objectName() == SCROLLS_SIDEWAYS:
                    width = min(width, 40 * self.fontMetrics().averageCharWidth())
                return QSize(width, min(hint.height(), lines))

        _ScrollingBody.cls = ScrollingBody
    area = _ScrollingBody.cls(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if sideways:  # only for a window that cannot be made narrow enough otherwise
        area.setObjectName(SCROLLS_SIDEWAYS)
    else:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which it scrolls to
    if not body.objectName():
        body.setObjectName("scrollBody")  # transparent, like the dialog (see style.py)
    area.setWidget(body)
    return area
