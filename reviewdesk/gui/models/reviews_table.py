"""The library table: one row per review, sortable and filterable."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from reviewdesk.gui.i18n import translate_label

if TYPE_CHECKING:  # the library screen loads before the rest of the domain
    from reviewdesk.domain.clocks import DueStep
    from reviewdesk.domain.review import ReviewSummary


Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


SHORT_TYPES = {  # the table's Type column; the full name is in the tooltip and the filter
    "rapid_review": "Rapid review",
    "lcspr": "LCSPR",
    "single_agency": "Single-agency",
    "multi_agency_audit": "Multi-agency audit",
    "learning_event": "Learning event",
    "appreciative_inquiry": "Appreciative inquiry",
    "welsh_cpr_concise": "CPR (concise)",
    "welsh_cpr_extended": "CPR (extended)",
}


def when(at: datetime, now: datetime | None = None) -> str:
    """'Today 14:02', 'Yesterday 09:15' or '14 Feb 2026', in the person's own time zone."""
    local = at.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    if local.date() == today:
        return f"Today {local:%H:%M}"
    if (today - local.date()).days == 1:
        return f"Yesterday {local:%H:%M}"
    return f"{local.day} {local:%b %Y}"


class ReviewsTableModel(QAbstractTableModel):
    COLUMNS = ("Reference", "Title", "Type", "Status", "Answered", "Last edited", "Next due")
    PROGRESS = 4
    NEXT_DUE = 6

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[ReviewSummary] = []
        self._due: dict[int, DueStep] = {}

    def set_rows(self, rows: list[ReviewSummary], due: dict[int, DueStep] | None = None) -> None:
        """``due``: each review's next step (ClockService.next_due_by_review, one read for the
        whole table); a review without one shows nothing in "Next due"."""
        self.beginResetModel()
        self._rows = list(rows)
        self._due = dict(due or {})
        self.endResetModel()

    def next_due(self, review_id: int) -> DueStep | None:
        return self._due.get(review_id)

    def summary(self, row: int) -> ReviewSummary:
        return self._rows[row]

    def row_of(self, review_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == review_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def _text(self, r: ReviewSummary, column: int) -> str:
        if column == 0:
            return r.reference
        if column == 1:
            return r.title
        if column == 2:
            return self.tr(SHORT_TYPES.get(r.review_type.value, r.review_type.label))
        if column == 3:
            status = translate_label(r.status.label)
            return status + self.tr(" (archived)") if r.archived else status
        if column == 4:
            p = r.progress
            if p.total == 0:
                return self.tr("No contributors yet")
            if p.whose == "yours":
                return self.tr("Your prompts: %d of %d") % (p.answered, p.total)
            return self.tr("Everyone's prompts: %d of %d") % (p.answered, p.total)
        if column == self.NEXT_DUE:
            step = self._due.get(r.id)
            if step is None:
                return ""
            return f"{self.tr(step.short_step)}: {self.tr(step.when).lower()}"
        return when(r.updated_at)

    def _due_tooltip(self, r: ReviewSummary) -> str | None:
        step = self._due.get(r.id)
        if step is None:
            return self.tr("Nothing is due")
        due = f"{step.due_date:%a} {step.due_date.day} {step.due_date:%B %Y}"
        return self.tr("%s, due %s (%s). %s.") % (
            self.tr(step.step),
            due,
            step.basis,
            self.tr(step.when),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(r, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return r.title
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return translate_label(r.review_type.label)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NEXT_DUE:
            return self._due_tooltip(r)
        if role == Qt.ItemDataRole.FontRole and column == self.NEXT_DUE:
            step = self._due.get(r.id)
            if step is not None and step.overdue:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == SORT_ROLE:
            if column == 4:
                return r.progress.fraction
            if column == 5:
                return r.updated_at.timestamp()
            if column == self.NEXT_DUE:
                step = self._due.get(r.id)
                return step.due_date.toordinal() if step is not None else 10**7
            return self._text(r, column).casefold()
        if role == ID_ROLE:
            return r.id
        return None


class ReviewsFilter(QSortFilterProxyModel):
    """Filters on any column's text, and hides archived reviews unless asked."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.show_archived = False
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _refilter(self, change) -> None:  # type: ignore[no-untyped-def]
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_words", text.casefold().split()))

    def set_show_archived(self, show: bool) -> None:
        self._refilter(lambda: setattr(self, "show_archived", show))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ReviewsTableModel)
        summary = model.summary(source_row)
        if summary.archived and not self.show_archived:
            return False
        if not self._words:
            return True
        haystack = " ".join(
            [str(model.data(model.index(source_row, c))) for c in range(model.columnCount())]
            + [summary.review_type.label]
        ).casefold()
        return all(word in haystack for word in self._words)
