"""The library's list filled in from the background (issue 20): listed first with "Counting…",
then each review's counted progress and next step, worked out from the rows already listed
(``ReviewsTableModel.complete``), not by reading and preparing every review again. What the
table then holds must be exactly what the old way gave: the list read again with its counts and
prepared (``ReviewsTableModel.prepare``), row by row, text by text, key by key, in the same
order, whatever column the table is sorted by."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reviewdesk.gui.models.reviews_table import ReviewsTableModel
from reviewdesk.gui.pages.library import LibraryPage
from tests.services.test_library_counts import varied_library


def _held(model: ReviewsTableModel) -> list[tuple[object, ...]]:
    return [
        (r.summary, r.texts, r.keys, r.overdue, r.haystack)
        for r in (model.prepared(n) for n in range(model.rowCount()))
    ]


@pytest.mark.parametrize(
    "sort",
    [
        (0, Qt.SortOrder.AscendingOrder.value),
        (ReviewsTableModel.PROGRESS, Qt.SortOrder.DescendingOrder.value),
        (ReviewsTableModel.NEXT_DUE, Qt.SortOrder.AscendingOrder.value),
        (5, Qt.SortOrder.DescendingOrder.value),
    ],
)
def test_progress_and_next_due_filled_in_are_what_reading_again_gave(
    qtbot, services, record, sort: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    varied_library(services, record)
    page = LibraryPage()
    qtbot.addWidget(page)
    listed = ReviewsTableModel().prepare(
        services.reviews.list_reviews(count_answers=False), sort=sort
    )
    page.attach(services.reviews, "here", sort, True, listed, clocks=services.clocks)
    model = page.model
    assert model is not None
    assert set(model.samples(model.PROGRESS)) == {"Counting…"}  # listed before counting
    with qtbot.waitSignal(page.completing.succeeded, timeout=20_000):
        pass
    filled = _held(model)

    # the old way: every review read again with its counts, and prepared
    due = services.clocks.due()
    old = ReviewsTableModel()
    old.sort(*sort)
    old.set_filter([], show_archived=True)  # as the page shows them
    old.set_prepared(old.prepare(services.reviews.list_reviews(), LibraryPage._nearest(due), sort))
    assert filled == _held(old)
    assert page._due_steps == due
    assert {c: sorted(old.samples(c), key=len) for c in (model.PROGRESS, model.NEXT_DUE)} == {
        c: sorted(model.samples(c), key=len) for c in (model.PROGRESS, model.NEXT_DUE)
    }
    # varied figures, so a wrong one shows
    answered = {row[1][model.PROGRESS] for row in filled}
    assert "No contributors yet" in answered and any(a.startswith("Your") for a in answered)
    assert len({row[1][model.NEXT_DUE] for row in filled}) >= 4
    assert any(row[3] for row in filled) and not all(row[3] for row in filled)  # overdue, bold


def test_a_review_changed_while_counting_is_not_put_back_as_it_was(qtbot, services, record) -> None:  # type: ignore[no-untyped-def]
    """Back from a review while the list still counts: the counts are worked out again from the
    rows as they are now, so that review's row is never replaced by the one listed before."""
    varied_library(services, record)
    page = LibraryPage()
    qtbot.addWidget(page)
    listed = ReviewsTableModel().prepare(services.reviews.list_reviews(count_answers=False))
    page.attach(services.reviews, "here", (0, 0), True, listed, clocks=services.clocks)
    model = page.model
    assert model is not None
    first = page.completing
    changed = services.reviews.list_reviews()[-1]
    assert not changed.archived
    services.reviews.archive(changed.id)
    page.refresh_one(changed.id)  # as the window does on the way back (before the counts came)
    with qtbot.waitSignal(first.succeeded, timeout=20_000):
        pass
    assert page.completing is not first  # counted again from the rows as they are now
    with qtbot.waitSignal(page.completing.succeeded, timeout=20_000):
        pass
    rows = [model.prepared(n) for n in range(model.rowCount())]
    (row,) = [r for r in rows if r.summary.id == changed.id]
    assert row.summary.archived and row.texts[3].endswith("(archived)")
    assert "Counting…" not in {r.texts[model.PROGRESS] for r in rows}


def _archive_one(services) -> int:  # type: ignore[no-untyped-def]
    archived = services.reviews.list_reviews()[1]
    services.reviews.archive(archived.id)
    return archived.id


@pytest.mark.parametrize("show_archived", [False, True])
def test_the_rows_shown_worked_out_with_the_list_are_what_the_filter_shows(
    qtbot, services, record, show_archived: bool, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The rows the filter shows (archived ones only when asked) are worked out with the list,
    off the GUI thread, both when it is first listed and when its counts arrive; the table then
    holds what filtering on the GUI thread gave."""
    varied_library(services, record)
    archived = _archive_one(services)
    sort = (0, Qt.SortOrder.AscendingOrder.value)
    filtered_here: list[int] = []
    keep = ReviewsTableModel._keep
    monkeypatch.setattr(
        ReviewsTableModel,
        "_keep",
        lambda self, rows: (rows and filtered_here.append(len(rows))) or keep(self, rows),
    )
    page = LibraryPage()
    qtbot.addWidget(page)
    listed = ReviewsTableModel().prepare(
        services.reviews.list_reviews(count_answers=False), sort=sort, shown=([], show_archived)
    )
    page.attach(services.reviews, "here", sort, show_archived, listed, clocks=services.clocks)
    model = page.model
    assert model is not None
    with qtbot.waitSignal(page.completing.succeeded, timeout=20_000):
        pass
    assert filtered_here == []  # not here: neither at the listing nor when the counts came
    shown = [model.prepared(n).summary.id for n in range(model.rowCount())]
    assert (archived in shown) is show_archived
    assert model.archived == sum(r.archived for r in services.reviews.list_reviews()) >= 2

    old = ReviewsTableModel()
    old.sort(*sort)
    old.set_filter([], show_archived=show_archived)
    old.set_prepared(old.prepare(services.reviews.list_reviews(), LibraryPage._nearest([]), sort))
    assert shown == [old.prepared(n).summary.id for n in range(old.rowCount())]
    assert [model.row_of(i) for i in shown] == list(range(len(shown)))
    assert page.proxy is not None and page.proxy.rowCount() == len(shown)


def test_words_typed_in_the_filter_while_counting_are_kept_when_the_counts_arrive(
    qtbot, services, record
) -> None:  # type: ignore[no-untyped-def]
    """The rows shown were worked out for the filter as it was when counting began: typed in
    meanwhile, the filter is applied again to the counted rows, never lost."""
    varied_library(services, record)
    page = LibraryPage()
    qtbot.addWidget(page)
    page.show()
    sort = (0, Qt.SortOrder.AscendingOrder.value)
    listed = ReviewsTableModel().prepare(
        services.reviews.list_reviews(count_answers=False), sort=sort, shown=([], False)
    )
    page.attach(services.reviews, "here", sort, False, listed, clocks=services.clocks)
    model = page.model
    assert model is not None and model.rowCount() >= 4
    qtbot.keyClicks(page.filter, "eastmere")  # before the counts arrive
    narrowed = model.rowCount()
    assert 0 < narrowed < len(listed)
    with qtbot.waitSignal(page.completing.succeeded, timeout=20_000):
        pass
    rows = [model.prepared(n) for n in range(model.rowCount())]
    assert len(rows) == narrowed
    assert all("eastmere" in r.haystack for r in rows)
    assert "Counting…" not in {r.texts[model.PROGRESS] for r in rows}
    assert page.proxy is not None and page.proxy.rowCount() == narrowed
