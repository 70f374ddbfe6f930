"""The library's rows, prepared once per load (issue 20): each review's texts, sort keys and
filter text (:class:`Row`), a load of them with what the table needs beside them
(:class:`Prepared`: sample texts for the widths, the order, the rows the filter shows), and the
rows as they stand for the background completion (:class:`Snapshot`). Plain Python, made on
worker threads as well as the GUI thread; the model that shows them is
:mod:`reviewdesk.gui.models.reviews_table`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

    from reviewdesk.domain.review import ReviewSummary


@contextmanager
def lasting() -> Iterator[None]:
    """Make the library's long-lived objects (its rows, and on opening the modules and
    SQLAlchemy's mappers) without Python's cyclic collector, then leave them out of its full
    collections (``gc.freeze``). Each full collection walked every object: 60 to 150 ms at
    10,000 reviews, holding Python's lock, so the window froze whichever thread ran one
    (issue 20). Nothing is freed later than before: objects still go with their last
    reference; only cyclic garbage made meanwhile stays (a few kilobytes a load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


class Row:
    """One review's row, prepared once per load: its texts, sort keys and filter text, so the
    view, the sort and the filter never format anything again (issue 20)."""

    __slots__ = ("haystack", "keys", "overdue", "summary", "texts")

    def __init__(
        self, summary: ReviewSummary, texts: list[str], keys: list[SupportsRichComparison]
    ) -> None:
        self.summary = summary
        self.texts = texts
        self.keys = keys
        self.overdue = False
        self.haystack = ""


class Shown(NamedTuple):
    """Which prepared rows a filter shows, worked out with them (off the GUI thread)."""

    words: tuple[str, ...]
    show_archived: bool
    rows: list[Row]  # those shown, in order
    where: dict[int, int]  # review id -> row shown
    archived: int  # archived reviews among all the rows


class Prepared(list[Row]):
    """Rows prepared by :meth:`ReviewsTableModel.prepare` (on a worker thread at start-up),
    with each column's few sample texts for its width (:meth:`ReviewsTableModel.samples`) and
    the rows the filter of the moment shows (``shown``), so the GUI thread neither formats,
    measures nor filters every row."""

    samples: dict[int, list[str]] | None = None
    sorted_by: tuple[int, Qt.SortOrder] | None = None  # already in this order
    shown: Shown | None = None

    def arrange(self, sort: tuple[int, int] | None, shown: tuple[list[str], bool] | None) -> None:
        """Put the rows in the order the table shows (``sort``: column, Qt.SortOrder value;
        set_prepared then keeps it), then work out which of them ``shown`` (the filter's words,
        whether archived reviews show) shows."""
        if sort is not None:
            column, order = sort[0], Qt.SortOrder(sort[1])
            self.sort(key=lambda r: r.keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
            self.sorted_by = (column, order)
        if shown is not None:
            self.filter_for(*shown)

    def filter_for(self, words: list[str], show_archived: bool) -> None:
        """Work out ``shown`` for this filter (in the rows' order, so after any sort)."""
        rows = kept_rows(self, words, show_archived)
        self.shown = Shown(
            tuple(words),
            show_archived,
            rows,
            {r.summary.id: n for n, r in enumerate(rows)},
            sum(1 for r in self if r.summary.archived),
        )


def kept_rows(rows: list[Row], words: list[str], show_archived: bool) -> list[Row]:
    """The rows a filter shows, in one pass per word (no call per row: this runs for each key
    typed in the filter)."""
    if not show_archived:
        rows = [r for r in rows if not r.summary.archived]
    for word in words:
        rows = [r for r in rows if word in r.haystack]
    return rows


class Snapshot(NamedTuple):
    """The model's rows at one moment (:meth:`ReviewsTableModel.snapshot`)."""

    rows: list[Row]
    samples: dict[int, list[str]] | None
    generation: int
