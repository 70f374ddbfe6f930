"""Find within the review: answers, evidence, key learning and the prompts themselves.

The search runs over text, not widgets, so themes not yet shown (their pages are built the first
time they are visited) are searched too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QTextEdit, QWidget

from reviewdesk.gui.widgets.find_bar import FindBar

PROMPT, ANSWER, EVIDENCE, LEARNING = "prompt", "answer", "evidence", "learning"
OTHER = "other"  # another contributor's answer (shown beside one's own to find it)


@dataclass(frozen=True)
class Field:
    theme: int  # index of the theme
    kind: str  # PROMPT, ANSWER, EVIDENCE, LEARNING or OTHER
    prompt: int  # index of the prompt (-1 for the key learning)
    text: str
    contributor: int = 0  # for OTHER: whose answer


@dataclass(frozen=True)
class Match:
    field: Field
    start: int  # in UTF-16 code units, as Qt counts
    length: int


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def find_matches(fields: Iterable[Field], query: str) -> list[Match]:
    """Every place ``query`` occurs (ignoring case), in reading order."""
    query = query.strip()
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    matches = []
    for field in fields:
        for found in pattern.finditer(field.text):
            start = _utf16(field.text[: found.start()])
            matches.append(Match(field, start, _utf16(found.group())))
    return matches


class FindHighlighter:
    """Shows one match at a time: its page, scrolled into view, the words selected."""

    def __init__(self, show_field: Callable[[Field], tuple[QScrollArea, QWidget]]) -> None:
        self._show_field = show_field
        self._marked: QPlainTextEdit | None = None

    def clear(self) -> None:
        if self._marked is not None:
            self._marked.setExtraSelections([])
            self._marked = None

    def show(self, match: Match) -> QWidget:
        self.clear()
        page, widget = self._show_field(match.field)
        if isinstance(widget, QPlainTextEdit):
            cursor = QTextCursor(widget.document())
            cursor.setPosition(match.start)
            cursor.setPosition(match.start + match.length, QTextCursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
            mark = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#F6D77A"))
            fmt.setForeground(QColor("#1E2326"))
            mark.format = fmt
            mark.cursor = cursor
            widget.setExtraSelections([mark])
            widget.ensureCursorVisible()
            self._marked = widget
        elif isinstance(widget, QLineEdit | QLabel):
            widget.setSelection(match.start, match.length)
        page.ensureWidgetVisible(widget, 40, 80)
        return widget


class FindInReview:
    """Ctrl+F within the open review: the find bar, the matches, the one shown.

    ``fields()`` lists the review's text in reading order, ``show_field(field)`` brings a field
    into view (returning its page and widget), ``theme_shown()`` is the index of the theme on
    screen (-1 before the first theme), so a new search starts from where the person is.
    """

    def __init__(
        self,
        bar: FindBar,
        fields: Callable[[], list[Field]],
        show_field: Callable[[Field], tuple[QScrollArea, QWidget]],
        theme_shown: Callable[[], int],
    ) -> None:
        self.bar = bar
        self._fields = fields
        self._show_field = show_field
        self._theme_shown = theme_shown
        self._highlighter = FindHighlighter(show_field)
        self._matches: list[Match] = []
        self._match = -1
        bar.search.connect(self.search)
        bar.next.connect(lambda: self.step(1))
        bar.previous.connect(lambda: self.step(-1))
        bar.closed.connect(self.hide)

    def show(self, initial: str = "") -> None:
        self.bar.show()
        if initial:
            self.bar.line.setText(initial)
        self.bar.line.setFocus()
        self.bar.line.selectAll()
        self.bar.search_now()

    def hide(self) -> None:
        """Close the bar, leaving the focus in the field of the match last shown."""
        self._highlighter.clear()
        self.bar.hide()
        if 0 <= self._match < len(self._matches):
            self._show_field(self._matches[self._match].field)[1].setFocus()

    def search(self, query: str) -> None:
        self._matches = find_matches(self._fields(), query)
        self._match = -1
        self._highlighter.clear()
        if self._matches:
            here = self._theme_shown()
            self._match = next((i for i, m in enumerate(self._matches) if m.field.theme >= here), 0)
            self._highlighter.show(self._matches[self._match])
        self.bar.show_count(self._match, len(self._matches))

    def step(self, delta: int) -> None:
        """The next (1) or previous (-1) match, opening the bar if it is closed."""
        if not self.bar.isVisible():
            self.show()
            return
        if not self._matches:
            self.bar.search_now()
            return
        self._match = (self._match + delta) % len(self._matches)
        self._highlighter.show(self._matches[self._match])
        self.bar.show_count(self._match, len(self._matches))
