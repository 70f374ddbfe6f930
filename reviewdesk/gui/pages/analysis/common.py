"""Pieces the review lead's pages share: the page base (services, a message line, a
confirmation hook tests can answer), a UK date field, checklists and the table view."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QWidget,
)

from reviewdesk.domain.analysis import DatePrecision, date_label
from reviewdesk.domain.chronology_import import DATE_FORMS, DateProblem, parse_uk_date
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.models.table import ID_ROLE, RowsModel
from reviewdesk.gui.wording import plural  # noqa: F401 (the lead's pages import it from here)

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from reviewdesk.services.bundle import Services

Confirm = Callable[[QWidget, str, str], bool]


def ask(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question; "No" is the default (Enter does not delete anything)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class LeadPage(QWidget):
    """A page of the toolkit. ``changed`` is emitted after every saved change, so the other
    pages can read again; ``confirm`` asks before anything is removed (tests replace it)."""

    changed = Signal()

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.review_id = review_id
        self.confirm: Confirm = ask
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setObjectName("leadMessage")

    def theme_titles(self) -> dict[str, str]:
        framework = self.services.reviews.get(self.review_id).framework
        return {t.id: t.short_title for t in framework.themes}

    def say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(("⚠ " if problem else "") + text)  # never "Problem: Please…"
        self.message.setAccessibleDescription(self.tr("Problem") if problem else "")
        self.message.setStyleSheet("font-weight: 600;" if problem else "")

    def attempt(self, work: Callable[[], Any], done: str = "") -> Any:
        """Run a service call; a ReviewDeskError is shown on the message line (None returned)."""
        try:
            result = work()
        except ReviewDeskError as exc:
            self.say(str(exc), problem=True)
            return None
        if done:
            self.say(done)
        self.changed.emit()
        return result

    def refresh(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError


def table_view(model: RowsModel, name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    return view


class MasterDetail(QSplitter):
    """A table beside the form that edits its selected row; when the window is too narrow for
    the form to have its width beside the table (a small screen, a large text size), the form
    goes under the table, so it is never cut off at the side nor reached by scrolling sideways.
    """

    def __init__(
        self, parent: QWidget, table: QWidget, scroll: QScrollArea, sizes: tuple[int, int]
    ):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._sizes = list(sizes)
        self.table, self.form_area = table, scroll
        self.addWidget(table)
        self.addWidget(scroll)
        self.setSizes(self._sizes)
        self.setChildrenCollapsible(False)

    def _form_width(self) -> int:
        """The width the form needs to show its fields whole, with its scroll bar."""
        scroll = self.form_area
        form = scroll.widget()
        need = form.minimumSizeHint().width() if form is not None else 0
        return need + scroll.verticalScrollBar().sizeHint().width() + 2 * scroll.frameWidth()

    def _side_by_side_width(self) -> int:
        table = self.table.minimumSizeHint().width()
        table = max(table, 12 * self.fontMetrics().averageCharWidth())
        return table + self.handleWidth() + self._form_width()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()  # side by side: both widths; one above the other: heights
        width = max(self.table.minimumSizeHint().width(), self._form_width())
        return QSize(width, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self._side_by_side_width()
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        # Beside the table the form keeps its width (the splitter would squeeze it, cutting
        # off its right-hand side); under the table it has the window's width.
        self.form_area.setMinimumWidth(self._form_width() if wide else 0)
        if wanted != self.orientation():
            self.setOrientation(wanted)
            if wide:
                self.setSizes(self._sizes)
            else:  # the form has the larger part: it is where the person works
                height = max(1, event.size().height())
                self.setSizes([height * 2 // 5, height - height * 2 // 5])
        super().resizeEvent(event)


def master_detail(
    parent: QWidget, table: QWidget, form: QWidget, sizes: tuple[int, int] = (560, 720)
) -> QSplitter:
    """A table beside the form that edits its selected row (the form scrolls if it must; it
    goes under the table when the window is too narrow for both side by side)."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(form)
    scroll.setAccessibleName(scroll.tr("The selected item, to read and edit"))
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which it scrolls to
    return MasterDetail(parent, table, scroll, sizes)


def stretch(view: QTableView, column: int, widths: dict[int, int] | None = None) -> None:
    """Columns fit their contents, ``column`` takes the room left, and those in ``widths``
    start at that many pixels (the person can drag them)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    for col, px in (widths or {}).items():
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, max(px, header.sectionSizeHint(col)))  # the heading whole


def selected_id(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(ID_ROLE) if rows else None


def select_id(view: QTableView, model: RowsModel, item_id: int | None) -> bool:
    row = model.row_of(item_id) if item_id is not None else -1
    if row < 0:
        return False
    index = model.index(row, 0)
    view.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    view.scrollTo(index)
    return True


class DateField(QLineEdit):
    """A date typed as people in the UK write it; month or year alone gives that precision."""

    def __init__(self, parent: QWidget | None = None, *, required: bool = True) -> None:
        super().__init__(parent)
        self.required = required
        self.setPlaceholderText(self.tr("e.g. 14/03/2025, March 2025 or 2025"))
        self.setToolTip(self.tr("Write %s.") % DATE_FORMS)

    def value(self) -> tuple[date, DatePrecision] | None:
        """The date and its precision; None when empty and not required. Raises DateProblem."""
        if not self.text().strip() and not self.required:
            return None
        return parse_uk_date(self.text())

    def day(self) -> date | None:
        value = self.value()
        return value[0] if value else None

    def set_value(self, when: date | None, precision: DatePrecision = DatePrecision.DAY) -> None:
        if when is None:
            self.clear()
        elif precision is DatePrecision.DAY:
            self.setText(when.strftime("%d/%m/%Y"))
        else:
            self.setText(date_label(when, precision))


def date_problem(label: str, exc: DateProblem) -> str:
    return f"{label}: {exc}."


class CheckList(QListWidget):
    """Items with check boxes (Space toggles the current one): themes, entries, findings."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)

    def set_items(self, items: Iterable[tuple[Any, str]], checked: Iterable[Any] = ()) -> None:
        chosen = set(checked)
        self.clear()
        for key, label in items:
            item = QListWidgetItem(label, self)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)

    def set_checked(self, keys: Iterable[Any]) -> None:
        chosen = set(keys)
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> list[Any]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def check(self, key: Any, on: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def plain(items: Sequence[str]) -> str:
    return "\n".join(items)
