"""Search all reviews: a box that searches as one types, filters, and the hits grouped by review
and then by theme, each with its matched words in bold. Enter or a double click on a hit opens it
(``open_hit(location)``, given by the main window: the exact prompt, the key learning, or the
lead toolkit at the item). Built from services only (``services.search``).

The search runs off the GUI thread (a :class:`~reviewdesk.gui.tasks.Task`), 200 ms after the last
key (Enter searches at once), with "Searching…" said meanwhile: typing never waits on it, however
big the library (issue 20). Only the newest search's results are shown; Down waits for them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.dashboard import EARLIEST, LATEST
from reviewdesk.domain.review import DEFAULT_AGENCIES, ReviewStatus, ReviewType
from reviewdesk.domain.search import SearchHit, SearchLocation, SearchResults, snippet_parts
from reviewdesk.domain.search_query import parse_query
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.tasks import Task
from reviewdesk.gui.widgets.basics import buddy
from reviewdesk.gui.widgets.period_picker import ALL_TIME, PeriodPicker
from reviewdesk.services.frameworks import default_framework

if TYPE_CHECKING:
    from reviewdesk.gui.changes import Changes, ChangesHub
    from reviewdesk.services.bundle import Services

OpenHit = Callable[[SearchLocation], Any]
Index = QModelIndex | QPersistentModelIndex
DEBOUNCE_MS = 200
HTML_ROLE = Qt.ItemDataRole.UserRole + 1  # the rich text a row is drawn with
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # the SearchHit of a hit row


def snippet_html(snippet: str) -> str:
    """A snippet as HTML: every piece escaped, the matched words in bold."""
    return "".join(
        f"<b>{html.escape(text)}</b>" if hit else html.escape(text)
        for text, hit in snippet_parts(" ".join(snippet.split()))
    )


def hit_html(hit: SearchHit) -> str:
    label, where = hit.kind.label, " · ".join(p for p in (hit.where, hit.who) if p)
    # "Finding F2", "Chronology entry, 3 Mar 2024": the kind is said once, not twice.
    rest = where[len(label) :] if where.startswith(label) else " — " + where if where else ""
    return (
        f"<span style='font-weight:600'>{html.escape(label)}</span>"
        f"{html.escape(rest)}<br>{snippet_html(hit.snippet)}"
    )


def plain_text(snippet: str) -> str:
    return " ".join("".join(t for t, _ in snippet_parts(snippet)).split())


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = (item.child(i) for i in range(item.childCount()))
    return [child for child in found if child is not None]  # never None: PySide6's stubs


class _Filters(TypedDict):
    """What a search asks besides its words (SearchService.search's filters)."""

    themes: list[str]
    review_types: list[str]
    statuses: list[str]
    agencies: list[str]
    date_from: date | None
    date_to: date | None


class RichTextDelegate(QStyledItemDelegate):
    """Draws a row's HTML (HTML_ROLE) wrapped to the column; rows without it are drawn as usual."""

    def _document(self, option: QStyleOptionViewItem, text: str, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(text)
        doc.setTextWidth(max(width, 120.0))
        return doc

    def _width(self, option: QStyleOptionViewItem, index: Index) -> float:
        view = self.parent()
        if isinstance(view, QTreeWidget):
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            return view.viewport().width() - view.indentation() * (depth + 1) - 8
        return option.rect.width()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = index.data(HTML_ROLE)
        if not text:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, text, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        text = index.data(HTML_ROLE)
        if not text:
            return super().sizeHint(option, index)
        doc = self._document(option, text, self._width(option, index))
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class _SearchBox(QLineEdit):
    """Down moves into the results."""

    def __init__(self, down: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._down = down

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self._down()
            return
        super().keyPressEvent(event)


class SearchWindow(QDialog):
    arrived = Signal()  # the newest search's results are shown

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        open_hit: OpenHit | None = None,
        changes: ChangesHub | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._open_hit = open_hit
        self.results: SearchResults | None = None
        self.searching = False  # a search under way in the background
        self._asked = 0
        self._running = False  # a Task under way (one at a time)
        self._again = False  # asked again meanwhile
        self._key: tuple | None = None  # what the newest search asked (shown or under way)
        self.setWindowTitle(self.tr("Search all reviews"))
        self.setModal(False)
        self.resize(980, 760)
        layout = QVBoxLayout(self)

        self.box = _SearchBox(self.focus_results, self)
        self.box.setPlaceholderText(self.tr("Words from an answer, a finding, an action…"))
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(self.tr("Search all reviews"))
        layout.addWidget(buddy(self.tr("&Search for:"), self.box, self))
        layout.addWidget(self.box)
        layout.addLayout(self._build_filters())

        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAccessibleName(self.tr("Matches, by review and theme"))
        self.tree.setToolTip(self.tr("Enter or a double click opens a match"))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setItemDelegate(RichTextDelegate(self.tree))
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.tree.viewport().installEventFilter(self)
        layout.addWidget(self.tree, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):  # as a dialog's buttons all are
                button.setAutoDefault(False)  # Enter in the box searches, never closes
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.box.textChanged.connect(lambda _text: self._timer.start())
        self.box.returnPressed.connect(self.search_now)
        self.picker.changed.connect(self.search_now)
        for combo in (self.theme, self.status):
            combo.currentIndexChanged.connect(self.search_now)
        self.agency.currentTextChanged.connect(lambda _text: self._timer.start())
        self.box.setFocus()
        self._show_nothing()
        if changes is not None:
            changes.follow(self, self._changes_seen)

    def _changes_seen(self, changes: Changes) -> None:
        """Words were saved or a review came in elsewhere: the search shown is run again (when
        hidden, as the window is next shown)."""
        from reviewdesk.gui.changes import Kind

        if self.box.text().strip() and changes.touches(
            Kind.REVIEW, Kind.ANSWERS, Kind.ANALYSIS, Kind.ACTIONS, Kind.BRIEFING, Kind.LIBRARY
        ):
            self.search_now(again=True)

    def _build_filters(self) -> QGridLayout:
        grid = QGridLayout()
        self.theme = QComboBox(self)
        self.theme.addItem(self.tr("All themes"), "")
        for theme in default_framework().themes:
            self.theme.addItem(theme.short_title, theme.id)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Any stage"), "")
        for status in ReviewStatus:
            self.status.addItem(translate_label(status.label), status.value)
        self.agency = QComboBox(self)
        self.agency.setEditable(True)
        self.agency.addItem("")
        self.agency.addItems(list(DEFAULT_AGENCIES))
        self.agency.setCurrentIndex(0)
        agency_edit = self.agency.lineEdit()
        if agency_edit is not None:  # editable, so it has one
            agency_edit.setPlaceholderText(self.tr("Any agency"))
        self.agency.setAccessibleName(self.tr("Agency involved"))
        self.picker = PeriodPicker(parent=self)
        self.picker.quick.setCurrentIndex(ALL_TIME)
        grid.addWidget(buddy(self.tr("T&heme:"), self.theme, self), 0, 0)
        grid.addWidget(self.theme, 0, 1)
        grid.addWidget(buddy(self.tr("St&age:"), self.status, self), 0, 2)
        grid.addWidget(self.status, 0, 3)
        grid.addWidget(buddy(self.tr("A&gency:"), self.agency, self), 0, 4)
        grid.addWidget(self.agency, 0, 5)
        grid.addWidget(self.picker, 1, 0, 1, 6)
        grid.setColumnStretch(5, 1)
        return grid

    # --- searching ----------------------------------------------------------------------------

    def search_now(self, again: bool = False) -> None:
        """Search for what is typed, with the filters chosen; unless ``again``, not when that is
        the very search already shown or under way (a space or a comma typed after a word, Enter
        pressed twice): the words to find and the filters decide it."""
        self._timer.stop()
        text = self.box.text()
        if not text.strip():
            self._show_nothing()
            return
        period = self.picker.period()
        if period is None:
            self.summary.setText("⚠ " + self.picker.problem())
            self._key = None  # the summary no longer tells of the search shown
            if self.searching and not self._running:
                self.searching = False
                self.arrived.emit()
            return
        search = self._services.search.search
        asked = _Filters(
            themes=[self.theme.currentData()] if self.theme.currentData() else [],
            review_types=[str(t) for t in period.review_types],
            statuses=[self.status.currentData()] if self.status.currentData() else [],
            agencies=[self.agency.currentText()] if self.agency.currentText().strip() else [],
            date_from=None if period.date_from <= EARLIEST else period.date_from,
            date_to=None if period.date_to >= LATEST else period.date_to,
        )
        key = (
            parse_query(text).match,
            tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in asked.items()),
        )
        if key == self._key and not again:
            return  # the same search: its results are shown, or on their way
        self._key = key
        self._asked += 1
        number = self._asked
        self.searching = True
        self.summary.setText(self.tr("Searching…"))
        if self._running:  # one at a time: the newest search follows when this one is done
            self._again = True
            return
        self._running = True
        task = Task(lambda _progress: search(text, **asked), self)
        task.succeeded.connect(lambda results: self._arrived(number, results))
        task.failed.connect(lambda message: self._arrived(number, None, message))
        task.start()

    def _arrived(self, number: int, results: SearchResults | None, problem: str = "") -> None:
        self._running = False
        if self._again:
            self._again = False
            if self.searching:
                self.search_now(again=True)  # what was typed meanwhile
            return
        if number != self._asked:
            return  # typed on meanwhile: the newest search's results follow
        self.searching = False
        if results is None:
            self._key = None  # asking again tries again
            self.summary.setText("⚠ " + problem)
        else:
            self.results = results
            self._fill(results)
        self.arrived.emit()

    def wait_for_results(self, timeout_ms: int = 10_000) -> None:
        """Wait (the window still drawing) for the search under way, if any."""
        if not self.searching:
            return
        loop = QEventLoop(self)
        self.arrived.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.arrived.disconnect(loop.quit)

    def _show_nothing(self) -> None:
        self._asked += 1  # a search still under way is no longer wanted
        self._key = None
        if self.searching:
            self.searching = False
            self.arrived.emit()
        self.results = None
        self.tree.clear()
        self.summary.setText(
            self.tr("Type a few words to search every review's answers, key learning and analysis.")
        )

    def _fill(self, results: SearchResults) -> None:
        self.tree.clear()
        typed = " ".join(results.text.split())
        if not results.searched:
            self._show_nothing()
            return
        if not results.reviews:
            self.summary.setText(
                self.tr("No matches for “%s”. Try fewer or shorter words.") % typed
                + self._filter_hint()
            )
            return
        count, reviews = results.count, len(results.reviews)
        text = self.tr("%s in %s") % (
            self.tr("1 match") if count == 1 else self.tr("%d matches") % count,
            self.tr("1 review") if reviews == 1 else self.tr("%d reviews") % reviews,
        )
        if results.truncated and not results.ranked:
            text += (
                self.tr(
                    " (these words are in very many places, so the newest %d are shown; "
                    "add words to narrow it)"
                )
                % count
            )
        elif results.truncated:
            text += self.tr(" (the best %d are shown; add words to narrow it)") % count
        self.summary.setText(text + ".")
        for review in results.reviews:
            stage = translate_label(ReviewStatus(review.status).label)
            if review.archived:
                stage += self.tr(", archived")
            head = QTreeWidgetItem(self.tree)
            kind = translate_label(ReviewType(review.review_type).label)
            head.setText(
                0, f"{review.reference}: {review.title} ({kind}, {stage}) · {review.count}"
            )
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for theme in review.themes:
                group = QTreeWidgetItem(head)
                group.setText(0, f"{theme.title} · {len(theme.hits)}")
                for hit in theme.hits:
                    row = QTreeWidgetItem(group)
                    row.setText(
                        0,
                        f"{hit.kind.label}: {hit.where}. {plain_text(hit.snippet)}",
                    )
                    row.setData(0, HTML_ROLE, hit_html(hit))
                    row.setData(0, HIT_ROLE, hit)
            head.setExpanded(True)
            for group in _children(head):
                group.setExpanded(True)
        self.tree.setCurrentItem(self.first_hit())  # type: ignore[arg-type]  # None: no current item (not in PySide6's stubs)

    def _filter_hint(self) -> str:
        filtered = (
            self.theme.currentIndex() > 0
            or self.status.currentIndex() > 0
            or bool(self.agency.currentText().strip())
            or self.picker.quick.currentIndex() != ALL_TIME
            or bool(self.picker.types and self.picker.types.currentIndex() > 0)
        )
        return self.tr(" The filters may be hiding some: try “All”.") if filtered else ""

    # --- moving and opening -------------------------------------------------------------------

    def first_hit(self) -> QTreeWidgetItem | None:
        item = self.tree.topLevelItem(0)
        while item is not None and item.data(0, HIT_ROLE) is None and item.childCount():
            item = item.child(0)
        return item if item is not None and item.data(0, HIT_ROLE) is not None else None

    def hit_items(self) -> list[QTreeWidgetItem]:
        found = []
        for review in _children(self.tree.invisibleRootItem()):
            for theme in _children(review):
                found += _children(theme)
        return found

    def focus_results(self) -> None:
        if self._timer.isActive():
            self.search_now()
        self.wait_for_results()
        if self.tree.topLevelItemCount():
            self.tree.setFocus()
            if self.tree.currentItem() is None:
                self.tree.setCurrentItem(self.first_hit())  # type: ignore[arg-type]  # None: no current item

    def open_item(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is None:  # a review or theme heading: Enter folds or unfolds it
            item.setExpanded(not item.isExpanded())
            return
        if self._open_hit is not None:
            self._open_hit(hit.location)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self.tree.doItemsLayout()  # wrapped rows take their new height
        return super().eventFilter(watched, event)
