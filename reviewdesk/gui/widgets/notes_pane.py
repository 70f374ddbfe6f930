"""Private notes: for the writer alone. Never exported, never in a JSON file, never shown to
anyone else. The pane says so in words, with a lock, a dashed border and its own colour."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.gui.style import role_font
from reviewdesk.gui.widgets.basics import buddy, label
from reviewdesk.gui.widgets.editors import WritingEdit
from reviewdesk.gui.widgets.feedback import icon_label

BADGE_BESIDE_UP_TO = 300  # pixels: the title row's width, beyond which the badge goes under it


class NotesPane(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("privatePane")
        self.setAccessibleName(self.tr("Private notes, never exported or shared"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(icon_label("lock", 20, self))
        self.title = label(self.tr("Private notes"), "h3", self)
        top.addWidget(self.title, 1)
        badge = label(self.tr("PRIVATE"), "badge", self, wrap=False)
        badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self._top, self.badge = top, badge
        about = label(
            self.tr(
                "Only for you, on this computer. Never exported or shared, not even with the lead."
            ),
            "small",
            self,
        )
        about.setToolTip(
            self.tr(
                "Private notes are never exported, never included in files you share and never "
                "shown to anyone else, including the review lead. A place for feelings, "
                "reminders and things to check."
            )
        )
        layout.addWidget(about)
        self.stack = QStackedWidget(self)
        self.editors: dict[str, WritingEdit] = {}
        self.caption = buddy("", self.stack, self, "small")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        self._follow_text_size()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._follow_text_size()

    def _follow_text_size(self) -> None:
        """Room for the words at the current text size: the title is never narrower than its
        longest word (which would be cut off, not wrapped), so neither is the pane."""
        metrics = QFontMetrics(role_font("h3") or self.font())
        words = self.title.text().split()
        longest = max(map(metrics.horizontalAdvance, words), default=0) + 2
        self.title.setMinimumWidth(longest)
        # At a large text size the badge goes under the title, so that the pane (and with it
        # the page beside it) need not be so wide.
        badge = QFontMetrics(role_font("badge") or self.font()).horizontalAdvance("PRIVATE")
        under = 20 + 8 + longest + 8 + badge + 12 > BADGE_BESIDE_UP_TO
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # the pane's column (made in __init__)
        if under and self._top.indexOf(self.badge) >= 0:
            self._top.removeWidget(self.badge)
            layout.insertWidget(1, self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        elif not under and self._top.indexOf(self.badge) < 0:
            layout.removeWidget(self.badge)
            self._top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)

    def add_scope(self, scope: str, title: str, text: str) -> WritingEdit:
        editor = WritingEdit(self, grow=False)
        editor.setPlaceholderText(self.tr("Write anything here. Only you will see it."))
        editor.setAccessibleName(self.tr("Private notes about %s") % title)
        editor.setProperty("scopeTitle", title)
        editor.set_text_quietly(text)
        self.editors[scope] = editor
        self.stack.addWidget(editor)
        return editor

    def show_scope(self, scope: str) -> None:
        editor = self.editors[scope]
        self.stack.setCurrentWidget(editor)
        self.caption.setText(self.tr("About: %s") % editor.property("scopeTitle"))
        self.caption.setBuddy(editor)

    def current(self) -> WritingEdit:
        editor = self.stack.currentWidget()
        assert isinstance(editor, WritingEdit)
        return editor
