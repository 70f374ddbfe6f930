"""The library window on a big library (issue 20): the table answers from rows prepared once,
sizes its columns from a few samples, filters and sorts without formatting any row again, and
going back to the library reads only the review just left."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication

from reviewdesk.gui.models import reviews_table
from reviewdesk.gui.models.reviews_table import ReviewsTableModel

ROWS = 400


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """Every (row, column, role) the view asks the library model for."""
    calls: list[tuple[int, int, int]] = []
    real = ReviewsTableModel.data

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        calls.append((index.row(), index.column(), int(role)))
        return real(self, index, role)

    monkeypatch.setattr(ReviewsTableModel, "data", data)
    return calls


@pytest.fixture
def texts_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a row's texts are worked out from a review."""
    made: list[int] = []
    real = ReviewsTableModel.prepare

    def prepare(self, rows, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.extend(1 for _ in rows)
        return real(self, rows, *args, **kwargs)

    monkeypatch.setattr(ReviewsTableModel, "prepare", prepare)
    return made


def _many(window, services, record, qtbot) -> None:  # type: ignore[no-untyped-def]
    """ROWS fictional reviews shown in the real table (made from one real summary)."""
    first = services.reviews.create(record)
    rows = [
        replace(
            first,
            id=first.id + 1000 + n,
            reference=f"RR-{2020 + n % 6}-{n:04d}",
            title=f"Child {chr(65 + n % 26)}, {'Eastmere' if n % 3 else 'Westford'}",
            updated_at=first.updated_at - timedelta(hours=n),
        )
        for n in range(ROWS)
    ]
    window.library.refresh(rows=[first, *rows], due=[])
    qtbot.wait(50)  # drawn


def test_columns_are_sized_without_asking_for_every_row(
    window, services, record, qtbot, asked
) -> None:  # type: ignore[no-untyped-def]
    _many(window, services, record, qtbot)
    QApplication.processEvents()
    rows_asked = {row for row, _col, _role in asked}
    assert window.library.proxy.rowCount() == ROWS + 1
    assert max(rows_asked) < 100, "only the rows on screen are asked for"
    header = window.library.table.horizontalHeader()
    reference = window.library.table.fontMetrics().horizontalAdvance("RR-2020-0000")
    assert header.sectionSize(0) >= reference  # still wide enough for the longest reference


def test_typing_in_the_filter_never_formats_a_row_again(
    window, services, record, qtbot, texts_made, asked
) -> None:  # type: ignore[no-untyped-def]
    _many(window, services, record, qtbot)
    texts_made.clear()
    asked.clear()
    window.library.filter.setFocus()
    qtbot.keyClicks(window.library.filter, "westford 2023")
    shown = window.library.proxy.rowCount()
    assert 0 < shown < ROWS
    assert all(
        "westford" in window.library.proxy.index(r, 1).data().casefold() for r in range(shown)
    )
    assert texts_made == []
    assert len(asked) < 30 * shown * 7, "the filter asked the model for the rows' text"
    assert "; " in window.library.count.text() and "shown" in window.library.count.text()


def test_sorting_by_a_column_sorts_prepared_keys_once(
    window, services, record, qtbot, asked
) -> None:  # type: ignore[no-untyped-def]
    _many(window, services, record, qtbot)
    asked.clear()
    table = window.library.table
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(0) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    refs = [window.library.proxy.index(r, 0).data() for r in range(window.library.proxy.rowCount())]
    order = header.sortIndicatorOrder()
    assert refs == sorted(refs, key=str.casefold, reverse=order == Qt.SortOrder.DescendingOrder)
    sort_calls = [c for c in asked if c[2] == reviews_table.SORT_ROLE]
    assert sort_calls == [], "the proxy compared rows through the model, one call at a time"


def test_going_back_reads_only_the_review_left_and_keeps_widgets_level(
    window, services, record, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    first = services.reviews.create(record)
    services.reviews.create(replace(record, reference="SAR-2025-01", title="Child B, Westford"))
    window.library.refresh()
    listed: list[int] = []
    real = services.reviews.list_reviews
    monkeypatch.setattr(
        services.reviews, "list_reviews", lambda **kw: listed.append(1) or real(**kw)
    )

    def live() -> int:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
        return len(QApplication.allWidgets())

    counts = []
    for _ in range(5):
        assert window.open_review(first.id)
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.workspace is None
        counts.append(live())
    assert listed == [], "the whole library was read again on the way back"
    assert counts[-1] <= counts[0], counts
    row = window.library.model.row_of(first.id)
    assert window.library.model.summary(row).progress == services.reviews.summary(first.id).progress
