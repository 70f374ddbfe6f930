"""The library table: one row per review, sortable and filterable."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
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
from reviewdesk.gui.models.review_rows import (
    Prepared,
    Row,
    Shown,
    Snapshot,
    kept_rows,
    lasting,  # noqa: F401  (benchmarks import it from here, to run on older trees as well)
)

if TYPE_CHECKING:  # the library screen loads before the rest of the domain
    from PySide6.QtCore import QObject

    from reviewdesk.domain.clocks import DueStep
    from reviewdesk.domain.progress import Progress
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


class _Texts:
    """The texts that repeat from row to row, worked out once per :meth:`prepare`."""

    def __init__(self, model: ReviewsTableModel) -> None:
        self.tr = model.tr
        self._types: dict[object, tuple[str, str]] = {}
        self._statuses: dict[tuple[object, bool], tuple[str, str]] = {}
        self._days: dict[tuple[int, int, int], str] = {}
        self._months: dict[int, str] = {}
        self._dues: dict[tuple[object, int, bool], str] = {}
        today = datetime.now(UTC).astimezone().date()
        yesterday = date.fromordinal(today.toordinal() - 1)
        self._today = (today.year, today.month, today.day)
        self._yesterday = (yesterday.year, yesterday.month, yesterday.day)
        self._counting = model.tr("Counting…")
        self._nobody = model.tr("No contributors yet")
        self._yours = model.tr("Your prompts: %d of %d")
        self._everyone = model.tr("Everyone's prompts: %d of %d")

    def type(self, r: ReviewSummary) -> tuple[str, str]:
        found = self._types.get(r.review_type)
        if found is None:
            text = self.tr(SHORT_TYPES.get(r.review_type.value, r.review_type.label))
            found = self._types[r.review_type] = (text, text.casefold())
        return found

    def status(self, r: ReviewSummary) -> tuple[str, str]:
        found = self._statuses.get((r.status, r.archived))
        if found is None:
            text = translate_label(r.status.label)
            if r.archived:
                text += self.tr(" (archived)")
            found = self._statuses[(r.status, r.archived)] = (text, text.casefold())
        return found

    def progress(self, p: Progress) -> str:
        if p.whose == "counting":  # listed first, counted in the background
            return self._counting
        if p.total == 0:
            return self._nobody
        if p.whose == "yours":
            return self._yours % (p.answered, p.total)
        return self._everyone % (p.answered, p.total)

    def due(self, step: DueStep) -> str:
        """The Next due column's words for ``step``: 'Action: 3 working days left'."""
        key = (step.kind, step.working_days_left, step.overdue)
        found = self._dues.get(key)
        if found is None:
            found = self._dues[key] = f"{self.tr(step.short_step)}: {self.tr(step.when).lower()}"
        return found

    def when(self, stamp: float) -> str:
        """:func:`when` for a POSIX time, by ``time.localtime`` (a C call) and a text made once
        per day: ``astimezone`` and ``strftime`` (which imports ``time`` through PySide6's
        import hook on every call) were most of the cost of preparing a row."""
        local = time.localtime(stamp)
        day = local[:3]
        text = self._days.get(day)
        if text is not None:
            return text
        if day == self._today:
            return f"Today {local.tm_hour:02d}:{local.tm_min:02d}"
        if day == self._yesterday:
            return f"Yesterday {local.tm_hour:02d}:{local.tm_min:02d}"
        month = self._months.get(local.tm_mon)
        if month is None:
            month = self._months[local.tm_mon] = f"{date(2000, local.tm_mon, 1):%b}"
        text = self._days[day] = f"{local.tm_mday} {month} {local.tm_year}"
        return text


class ReviewsTableModel(QAbstractTableModel):
    """Answers every question from rows prepared once per load (:meth:`prepare`, which may run
    on a worker thread). Sorting is done here, on the prepared keys, in one Python sort; the
    proxy (:class:`ReviewsFilter`) only filters, and keeps this model's order."""

    COLUMNS = ("Reference", "Title", "Type", "Status", "Answered", "Last edited", "Next due")
    PROGRESS = 4
    NEXT_DUE = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Row] = []  # every review, in the chosen order
        self._rows: list[Row] = []  # those the filter shows (the model's rows)
        self._where: dict[int, int] = {}  # review id -> row shown
        self._due: dict[int, DueStep] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._words: list[str] = []
        self._samples: dict[int, list[str]] | None = None
        self.show_archived = False
        self.archived = 0
        # One more each time the rows change (set, one replaced, "Next due" filled): a
        # :meth:`complete` worked out from an older :meth:`snapshot` is not used.
        self.generation = 0

    # --- filling ------------------------------------------------------------------------------

    def prepare(
        self,
        rows: list[ReviewSummary],
        due: dict[int, DueStep] | None = None,
        sort: tuple[int, int] | None = None,
        shown: tuple[list[str], bool] | None = None,
    ) -> Prepared:
        """The rows' texts and keys, worked out once; touches nothing of the model's own, so a
        worker thread may call it. What repeats (a type's or a status's words, a day's date)
        is worked out once per call, not once per row: 10,000 rows took 0.3 s of CPU before.
        ``sort``: put them in this order; ``shown``: the filter's words and whether archived
        reviews show, to work out which rows it shows (:meth:`set_prepared` uses them when the
        filter is still that)."""
        due = due or {}
        texts_of = _Texts(self)
        prepared = Prepared()
        add = prepared.append
        fill_due = self._fill_due
        for r in rows:
            reference, title = r.reference, r.title
            stamp = r.updated_at.timestamp()
            type_text, type_key = texts_of.type(r)
            status_text, status_key = texts_of.status(r)
            answered = texts_of.progress(r.progress)
            edited = texts_of.when(stamp)
            row = Row(
                r,
                [reference, title, type_text, status_text, answered, edited, ""],
                [
                    reference.casefold(),
                    title.casefold(),
                    type_key,
                    status_key,
                    r.progress.fraction,
                    stamp,
                    0,
                ],
            )
            fill_due(row, due.get(r.id), texts_of)
            add(row)
        prepared.samples = {
            c: self._samples_of(prepared, c) for c in range(len(self.COLUMNS)) if c != 1
        }  # the title takes the room left (ReviewTable.fit_columns)
        prepared.arrange(sort, shown)
        return prepared

    def snapshot(self) -> Snapshot:
        """The rows as they stand, for :meth:`complete` on a worker thread (a copy of the list:
        the GUI thread may sort it meanwhile)."""
        samples = None if self._samples is None else dict(self._samples)
        return Snapshot(list(self._all), samples, self.generation)

    def complete(
        self,
        snapshot: Snapshot,
        progress: dict[int, Progress],
        due: dict[int, DueStep] | None = None,
        sort: tuple[int, int] | None = None,
        shown: tuple[list[str], bool] | None = None,
    ) -> Prepared:
        """What :meth:`prepare` makes of the library read again with its progress counted
        (``progress``: ReviewService.progress_by_review) and each review's next step
        (``due``), from the rows listed before with progress "counting" (``snapshot``):
        only the Answered and Next due columns are worked out again; the rest of each row, and
        each other column's sample texts, are the snapshot's. Reading and preparing every row
        again was a third of a second of CPU at 10,000 reviews, holding Python's lock while the
        person began to sort and filter (issue 20). Touches nothing of the model's own, so a
        worker thread may call it; a review with no count in ``progress`` keeps its own."""
        due = due or {}
        texts_of = _Texts(self)
        prepared = Prepared()
        add = prepared.append
        fill_due = self._fill_due
        column = self.PROGRESS
        for was in snapshot.rows:
            summary = was.summary
            counted = progress.get(summary.id)
            if counted is not None:
                summary = type(summary)(
                    summary.id,
                    summary.uid,
                    summary.reference,
                    summary.title,
                    summary.review_type,
                    summary.status,
                    summary.archived,
                    counted,
                    summary.created_at,
                    summary.updated_at,
                    summary.deleted_at,
                )
            texts, keys = was.texts.copy(), was.keys.copy()
            texts[column] = texts_of.progress(summary.progress)
            keys[column] = summary.progress.fraction
            row = Row(summary, texts, keys)
            fill_due(row, due.get(summary.id), texts_of)
            add(row)
        # The order the list was read in (newest first), as prepare is given it: the sort
        # below then breaks ties as it would in rows read again.
        prepared.sort(key=lambda r: (r.keys[5], r.summary.id), reverse=True)  # 5: Last edited
        kept = snapshot.samples or {}
        prepared.samples = {
            c: kept[c] if c in kept else self._samples_of(prepared, c)
            for c in range(len(self.COLUMNS))
            if c != 1
        }
        for c in (self.PROGRESS, self.NEXT_DUE):
            prepared.samples[c] = self._samples_of(prepared, c)
        prepared.arrange(sort, shown)
        return prepared

    def set_rows(self, rows: list[ReviewSummary], due: dict[int, DueStep] | None = None) -> None:
        """``due``: each review's next step (ClockService.next_due_by_review, one read for the
        whole table); a review without one shows nothing in "Next due"."""
        self.set_prepared(self.prepare(rows, due), due)

    def set_prepared(self, prepared: list[Row], due: dict[int, DueStep] | None = None) -> None:
        self.beginResetModel()
        self.generation += 1
        self._all = list(prepared)
        self._samples = getattr(prepared, "samples", None)
        self._due = dict(due or {})
        sorted_by = getattr(prepared, "sorted_by", None)
        ready: Shown | None = getattr(prepared, "shown", None)
        if (
            ready is not None
            and (self._sort is None or self._sort == sorted_by)
            and ready.words == tuple(self._words)
            and ready.show_archived == self.show_archived
        ):  # in order and filtered off the GUI thread (10 ms at 10,000 reviews: issue 20)
            self._rows, self._where, self.archived = ready.rows, ready.where, ready.archived
        else:
            self._sort_rows(sorted_by=sorted_by)
            self.archived = sum(1 for r in self._all if r.summary.archived)
        self.endResetModel()

    @property
    def total(self) -> int:
        """Every review, whatever the filter shows."""
        return len(self._all)

    def set_filter(self, words: list[str], show_archived: bool) -> None:
        """Show the reviews whose prepared text holds every word (archived ones only when
        asked): one pass in Python over prepared text, then Qt rebuilds its view in C++, with
        no call back into Python for each row (issue 20)."""
        if words == self._words and show_archived == self.show_archived:
            return
        # Typing on narrows what is shown: only the rows shown now need looking at again.
        narrower = show_archived == self.show_archived and all(
            any(old in new for new in words) for old in self._words
        )
        self.beginResetModel()
        self._words, self.show_archived = list(words), show_archived
        self._rows = self._keep(self._rows if narrower else self._all)
        self._where = {r.summary.id: n for n, r in enumerate(self._rows)}
        self.endResetModel()

    def _keep(self, rows: list[Row]) -> list[Row]:
        """The rows the filter shows, in one pass (no call per row: this runs for each key)."""
        return kept_rows(rows, self._words, self.show_archived)

    @property
    def filter_now(self) -> tuple[list[str], bool]:
        """The filter's words and whether archived reviews show, for :meth:`complete`."""
        return list(self._words), self.show_archived

    def set_due(self, due: dict[int, DueStep]) -> None:
        """Each review's next step, read after the list (it takes longer): only "Next due"
        changes."""
        self.generation += 1
        self._due = dict(due)
        if self._samples is not None:
            self._samples.pop(self.NEXT_DUE, None)
        texts = _Texts(self)
        for row in self._all:
            self._fill_due(row, self._due.get(row.summary.id), texts)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, self.NEXT_DUE), self.index(len(self._rows) - 1, self.NEXT_DUE)
            )
        if self._sort is not None and self._sort[0] == self.NEXT_DUE:
            self.sort(*self._sort)

    def replace(self, summary: ReviewSummary, steps: list[DueStep] | None = None) -> None:
        """One review read again (back from it): its row only, then the order."""
        self.generation += 1
        number = self._where.get(summary.id)
        if steps is not None:
            from reviewdesk.domain.clocks import next_due

            step = next_due(steps)
            if step is None:
                self._due.pop(summary.id, None)
            else:
                self._due[summary.id] = step
        (row,) = self.prepare([summary], self._due)
        at = next((n for n, r in enumerate(self._all) if r.summary.id == summary.id), None)
        if at is None:
            self.set_prepared([*self._all, row], self._due)
            return
        was = self._all[at]
        self._samples = None  # one row changed: worked out again when next asked
        self.archived += int(summary.archived) - int(was.summary.archived)
        self._all[at] = row
        if number is not None and self._shows(row):
            self._rows[number] = row
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.COLUMNS) - 1))
            if self._sort is not None and not self._in_order(at):
                self._relayout(lambda: self._move_into_place(at))
        else:  # it comes into or goes out of view
            self.beginResetModel()
            self._sort_rows()
            self.endResetModel()

    def _fill_due(self, row: Row, step: DueStep | None, texts: _Texts | None = None) -> None:
        if step is None:
            row.texts[self.NEXT_DUE], row.overdue = "", False
            row.keys[self.NEXT_DUE] = 10**7
        else:
            row.texts[self.NEXT_DUE] = (texts or _Texts(self)).due(step)
            row.overdue = step.overdue
            row.keys[self.NEXT_DUE] = step.due_date.toordinal()
        row.haystack = " ".join([*row.texts, row.summary.review_type.label]).casefold()

    # --- order --------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """One sort of the prepared keys (stable, so equal keys keep the newest first)."""
        self._sort = (column, Qt.SortOrder(order))
        if not self._all:
            return
        self._relayout(self._sort_rows)

    def _relayout(self, reorder: Callable[[], None]) -> None:
        """Put the rows in a new order (``reorder``) as one layout change, with persistent
        indexes (the selection) following their reviews."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].summary.id for i in before]
        reorder()
        self.changePersistentIndexList(
            before,
            [self.index(self._where[i], p.column()) for i, p in zip(ids, before, strict=True)],
        )
        self.layoutChanged.emit()

    def _descending(self) -> bool:
        return self._sort is not None and self._sort[1] == Qt.SortOrder.DescendingOrder

    def _in_order(self, at: int) -> bool:
        """Whether every review's row is still in the chosen order after the one at ``at``
        changed (going back to the library from a review usually changes nothing the order
        depends on: then nothing moves)."""
        assert self._sort is not None
        column = self._sort[0]
        key = self._all[at].keys[column]
        before = self._all[at - 1].keys[column] if at > 0 else None
        after = self._all[at + 1].keys[column] if at + 1 < len(self._all) else None
        if self._descending():
            before, after = after, before
        return (before is None or before <= key) and (after is None or key <= after)  # type: ignore[operator]

    def _move_into_place(self, at: int) -> None:
        """Move the changed row at ``at`` to its place in the order, after the rows with an
        equal key: one pass, not a sort of every review (issue 20)."""
        assert self._sort is not None
        column = self._sort[0]
        row = self._all.pop(at)
        key = row.keys[column]
        if self._descending():
            place = next((n for n, r in enumerate(self._all) if r.keys[column] < key), None)  # type: ignore[operator]
        else:
            place = next((n for n, r in enumerate(self._all) if r.keys[column] > key), None)  # type: ignore[operator]
        self._all.insert(len(self._all) if place is None else place, row)
        self._rows = self._keep(self._all)
        self._where = {r.summary.id: n for n, r in enumerate(self._rows)}

    def _shows(self, row: Row) -> bool:
        if row.summary.archived and not self.show_archived:
            return False
        return all(word in row.haystack for word in self._words)

    def _sort_rows(self, sorted_by: tuple[int, Qt.SortOrder] | None = None) -> None:
        """Order every review (unless they are in that order already: ``sorted_by``), then
        keep those the filter shows."""
        if self._sort is not None and self._sort != sorted_by:
            column, order = self._sort
            self._all.sort(
                key=lambda r: r.keys[column], reverse=order == Qt.SortOrder.DescendingOrder
            )
        self._rows = self._keep(self._all)
        self._where = {r.summary.id: n for n, r in enumerate(self._rows)}

    # --- reading ------------------------------------------------------------------------------

    @property
    def sort_key(self) -> tuple[int, int] | None:
        """The chosen order (column, Qt.SortOrder value), for :meth:`prepare`."""
        chosen = self._sort
        return None if chosen is None else (chosen[0], chosen[1].value)

    def next_due(self, review_id: int) -> DueStep | None:
        return self._due.get(review_id)

    def summary(self, row: int) -> ReviewSummary:
        return self._rows[row].summary

    def prepared(self, row: int) -> Row:
        return self._rows[row]

    def current_with_uid(self, uid: str) -> int | None:
        """The id of the review ``uid`` when it is in the library and not archived."""
        for row in self._all:
            if row.summary.uid == uid and not row.summary.archived:
                return row.summary.id
        return None

    def row_of(self, review_id: int) -> int:
        return self._where.get(review_id, -1)

    def samples(self, column: int, n: int = 24) -> list[str]:
        """The texts that decide a column's width: its longest ``n`` (by characters) and every
        distinct one when there are few; never a visit of each row by the view. Worked out
        with the rows (:meth:`prepare`, off the GUI thread) when they were prepared here."""
        if self._samples is not None and column in self._samples and n == 24:
            return self._samples[column]
        return self._samples_of(self._all, column, n)

    @staticmethod
    def _samples_of(rows: list[Row], column: int, n: int = 24) -> list[str]:
        texts = {r.texts[column] for r in rows}
        if len(texts) <= n:
            return list(texts)
        return sorted(texts, key=len)[-n:]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.summary.title
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return translate_label(row.summary.review_type.label)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NEXT_DUE:
            return self._due_tooltip(row.summary)
        if role == Qt.ItemDataRole.FontRole and column == self.NEXT_DUE:
            if row.overdue:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == SORT_ROLE:
            return row.keys[column]
        if role == ID_ROLE:
            return row.summary.id
        return None


class ReviewsFilter(QSortFilterProxyModel):
    """The view's model over :class:`ReviewsTableModel`: the filter (any column's text, the
    type's full name; archived reviews only when asked) and the order are the source model's,
    worked out on its prepared rows, so Qt never calls back into Python for each row here."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_archived = False
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _apply(self) -> None:
        model = self.sourceModel()
        if isinstance(model, ReviewsTableModel):
            model.set_filter(self._words, self.show_archived)

    def set_text(self, text: str) -> None:
        self._words = text.casefold().split()
        self._apply()

    def set_show_archived(self, show: bool) -> None:
        self.show_archived = show
        self._apply()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, ReviewsTableModel):
            model.sort(column, order)
