"""A library of 2,000 reviews opened as the app opens it (issue 20): what the person sees while it
loads, the list complete and in the right order, sorting by a column, the counted progress
arriving from the background, and the GUI thread neither preparing nor sorting every row.

The library file is made once per module from one review written through the services, copied
2,000 times with plain SQL (each copy keeps its 19 KB frozen framework, as real reviews do, so the
list is read through SQLite's overflow pages as on a big library)."""

from __future__ import annotations

import gc
import sqlite3
import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from reviewdesk.app import build_gui, finish_background_work
from reviewdesk.domain.review import CaseRecord, Child, KeyDates
from reviewdesk.gui.models import review_rows, reviews_table
from reviewdesk.gui.models.reviews_table import ID_ROLE, ReviewsTableModel
from reviewdesk.gui.settings import AppSettings
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.reviews import ReviewService
from tests.gui.conftest import ME

REVIEWS = 2000
TYPES = ("rapid_review", "lcspr", "single_agency", "learning_event")
STATUSES = ("setup", "reflection", "analysis", "published")


def _make_big_library(data_dir: Path, record) -> None:  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(data_dir), daily_backup=False)
    services.profile.save(ME)
    first = services.reviews.create(record)
    me = services.reviews.my_contributor(first.id, ME)
    theme = services.reviews.get(first.id).framework.themes[0]
    for prompt in theme.prompts[:3]:
        services.reviews.save_answer(me.id, prompt.id, f"What I knew about {prompt.id}")
    services.close()
    db = sqlite3.connect(resolve_paths(data_dir).database)
    try:
        columns = [r[1] for r in db.execute("PRAGMA table_info(review)")]
        original = dict(zip(columns, db.execute("SELECT * FROM review").fetchone(), strict=True))
        start = datetime(2024, 1, 1, 9, 0)
        copies = []
        for n in range(1, REVIEWS):
            row = dict(original)
            row.update(
                id=original["id"] + n,
                uid=str(uuid.UUID(int=n)),
                reference=f"RR-{2020 + n % 6}-{n:04d}",
                title=f"Child {chr(65 + n % 26)}{n}, {'Eastmere' if n % 3 else 'Westford'}",
                review_type=TYPES[n % len(TYPES)],
                status=STATUSES[n % len(STATUSES)],
                updated_at=(start + timedelta(minutes=37 * n)).isoformat(" "),
                archived_at=None,
            )
            copies.append(tuple(row[c] for c in columns))
        marks = ", ".join("?" for _ in columns)
        with db:
            db.executemany(f"INSERT INTO review ({', '.join(columns)}) VALUES ({marks})", copies)
    finally:
        db.close()


@pytest.fixture(scope="module")
def big_library(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    made = tmp_path_factory.mktemp("big-library")
    record = CaseRecord(
        reference="LCSPR-2026-07",
        title="Child Q, Northvale (fictional)",
        dates=KeyDates(incident=date(2026, 3, 2), notification=date(2026, 3, 5)),
        lead="Independent reviewer",
        children=(Child("Child Q", "9 months"),),
        agencies=("Health visiting", "Police"),
    )
    _make_big_library(made, record)
    return made


@pytest.fixture
def library(big_library: Path, tmp_path: Path) -> Path:
    """A copy of the big library for this test (opening it changes it: the day's backup)."""
    copy = tmp_path / "library"
    copy.mkdir()
    for path in big_library.iterdir():
        if path.is_file() and not path.name.endswith(".lock"):
            (copy / path.name).write_bytes(path.read_bytes())
    return copy


def _stored(library: Path) -> list[tuple[str, str, str]]:
    """Each review's reference, title and last change, read from the file with sqlite3."""
    db = sqlite3.connect(resolve_paths(library).database)
    try:
        return db.execute("SELECT reference, title, updated_at FROM review").fetchall()
    finally:
        db.close()


def _column(window, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.library.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def _click_header(qtbot, window, column: int) -> None:  # type: ignore[no-untyped-def]
    header = window.library.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


@pytest.fixture
def gui_work(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """What ran on which thread: ("prepare", on the GUI thread) for each batch of rows made
    (prepared, or completed with their progress), ("sort", on the GUI thread) for each sort of
    every review."""
    done: list[tuple[str, bool]] = []
    gui = threading.main_thread()
    real_prepare = ReviewsTableModel.prepare
    real_complete = ReviewsTableModel.complete
    real_sort_rows = ReviewsTableModel._sort_rows

    def prepare(self, rows, *args, **kwargs):  # type: ignore[no-untyped-def]
        if len(rows) > 1:
            done.append(("prepare", threading.current_thread() is gui))
        return real_prepare(self, rows, *args, **kwargs)

    def complete(self, snapshot, *args, **kwargs):  # type: ignore[no-untyped-def]
        # the listed rows with their progress and next step filled in: prepared again too
        done.append(("prepare", threading.current_thread() is gui))
        return real_complete(self, snapshot, *args, **kwargs)

    def sort_rows(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self._sort is not None and self._sort != kwargs.get("sorted_by"):
            done.append(("sort", threading.current_thread() is gui))
        return real_sort_rows(self, *args, **kwargs)

    monkeypatch.setattr(ReviewsTableModel, "prepare", prepare)
    monkeypatch.setattr(ReviewsTableModel, "complete", complete)
    monkeypatch.setattr(ReviewsTableModel, "_sort_rows", sort_rows)
    return done


def test_a_2000_review_library_loads_lists_and_sorts_correctly(
    qtbot, library: Path, gui_work: list[tuple[str, bool]]
) -> None:
    stored = _stored(library)
    assert len(stored) == REVIEWS
    seen_at_ready: dict[str, object] = {}
    _app, window = build_gui(str(library))
    qtbot.addWidget(window)
    try:
        page = window.library
        # While it opens: the page says so, and nothing can be typed or pressed yet.
        assert page.stack.currentWidget() is page.loading
        assert page.loading.text() == "Opening your library..."
        assert not page.filter.isEnabled() and not page.new_button.isEnabled()

        def ready() -> None:
            seen_at_ready["rows"] = page.proxy.rowCount()
            seen_at_ready["answered"] = set(_column(window, ReviewsTableModel.PROGRESS))
            seen_at_ready["count"] = page.count.text()

        window.library_ready.connect(ready)
        qtbot.waitUntil(lambda: bool(seen_at_ready), timeout=60_000)
        # Listed at once, every review; progress is still being counted.
        assert seen_at_ready["rows"] == REVIEWS
        assert seen_at_ready["answered"] == {"Counting…"}
        assert seen_at_ready["count"] == f"{REVIEWS} reviews"
        assert page.stack.currentWidget() is page.table and page.filter.isEnabled()
        # Newest change first (the app's first order), as stored.
        newest_first = sorted(stored, key=lambda s: s[2], reverse=True)
        assert _column(window, 0) == [s[0] for s in newest_first]

        # Then the counted progress replaces "Counting…" (from the background).
        qtbot.waitUntil(
            lambda: "Counting…" not in set(_column(window, ReviewsTableModel.PROGRESS)),
            timeout=60_000,
        )
        answered = _column(window, ReviewsTableModel.PROGRESS)
        # The rows are left out of Python's full garbage collections (each walked every object,
        # holding Python's lock: the window froze while one ran).
        assert not [o for o in gc.get_objects() if type(o) is review_rows.Row]
        assert answered.count("No contributors yet") == REVIEWS - 1
        (mine,) = [a for a in answered if a != "No contributors yet"]
        assert mine.startswith("Your prompts: 3 of ")
        # The column was sized for "Counting…": it is sized again for what was counted.
        metrics = page.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(a) for a in set(answered))
        header = page.table.horizontalHeader()
        assert header.sectionSize(ReviewsTableModel.PROGRESS) >= widest
        assert page.proxy.rowCount() == REVIEWS

        # Sorting by a column, then the other way.
        _click_header(qtbot, window, 0)
        references = _column(window, 0)
        ascending = page.table.horizontalHeader().sortIndicatorOrder()
        expected = sorted((s[0] for s in stored), key=str.casefold)
        if ascending == Qt.SortOrder.DescendingOrder:
            expected.reverse()
        assert references == expected
        _click_header(qtbot, window, 0)
        assert _column(window, 0) == list(reversed(expected))
        _click_header(qtbot, window, 1)
        titles = _column(window, 1)
        assert sorted(titles, key=str.casefold) in (titles, list(reversed(titles)))
        assert sorted(titles) == sorted(s[1] for s in stored)
        # The selection follows its review through a sort.
        page.table.selectRow(10)
        chosen = page.selected_id()
        _click_header(qtbot, window, 5)
        assert page.selected_id() == chosen
        assert page.table.currentIndex().data(ID_ROLE) == chosen

        # Back from a review: its row and its steps are read again, the rest stay in order.
        assert window.open_review(chosen)
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.workspace is None and page.selected_id() == chosen
        assert page._due_steps == window.services.clocks.due()
        assert page.proxy.rowCount() == REVIEWS

        # Rows were prepared and put in order off the GUI thread while the library opened;
        # only the person's own header clicks sorted on it.
        prepares = [on_gui for what, on_gui in gui_work if what == "prepare"]
        assert len(prepares) >= 2 and not any(prepares), gui_work
        sorts = [on_gui for what, on_gui in gui_work if what == "sort"]
        assert len(sorts) == 4, gui_work  # the four header clicks
    finally:
        finish_background_work()
        window.close()
        if window.services is not None:
            window.services.close()


def test_the_last_open_review_reopens_without_reading_the_library_again(
    qtbot, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = sqlite3.connect(resolve_paths(library).database)
    (uid,) = db.execute("SELECT uid FROM review WHERE reference = 'RR-2023-0999'").fetchone()
    db.close()
    AppSettings(resolve_paths(library).settings_file).last_review = uid
    on_gui: list[dict[str, object]] = []
    real = ReviewService.list_reviews

    def list_reviews(self, **kwargs):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            on_gui.append(kwargs)
        return real(self, **kwargs)

    monkeypatch.setattr(ReviewService, "list_reviews", list_reviews)
    _app, window = build_gui(str(library))
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=60_000)
        assert window.workspace.doc.uid == uid
        assert on_gui == [], "the whole library was read (and counted) on the GUI thread"
    finally:
        finish_background_work()
        window.close()
        if window.services is not None:
            window.services.close()


def test_dates_are_written_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The prepared "Last edited" text (worked out by time.localtime, once a day) is what
    reviews_table.when writes, around today, yesterday, month ends and clock changes."""
    texts = reviews_table._Texts(ReviewsTableModel())
    now = datetime.now(UTC)
    moments = [now - timedelta(minutes=m) for m in range(0, 3 * 24 * 60, 53)]
    moments += [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC) + timedelta(minutes=17 * n) for n in range(20)
    ]
    moments += [datetime(2025, 12, 31, 23, 59, tzinfo=UTC), datetime(2020, 2, 29, 12, tzinfo=UTC)]
    for at in moments:
        assert texts.when(at.timestamp()) == reviews_table.when(at, now), at


def test_a_review_left_moves_into_place_without_sorting_every_review(
    qapp, gui_work: list[tuple[str, bool]]
) -> None:  # type: ignore[no-untyped-def]
    """Back from a review: its row alone is read again; the order stands unless that row's
    key changed, and then only that row moves."""
    from dataclasses import replace as changed

    from reviewdesk.domain.progress import Progress
    from reviewdesk.domain.review import ReviewStatus, ReviewSummary, ReviewType

    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [
        ReviewSummary(
            n, f"uid-{n}", f"RR-{n:04d}", f"Child {n}", ReviewType.RAPID_REVIEW,
            ReviewStatus.SETUP, False, Progress(0, 10), start, start + timedelta(hours=n),
        )
        for n in range(1, 301)
    ]  # fmt: skip
    model = ReviewsTableModel()
    model.set_rows(rows)
    model.sort(5, Qt.SortOrder.DescendingOrder)  # last edited, newest first
    gui_work.clear()
    order = [model.summary(r).id for r in range(model.rowCount())]
    assert order == list(range(300, 0, -1))
    model.replace(changed(rows[99], title="Child 100, renamed"))  # its key unchanged
    assert [model.summary(r).id for r in range(model.rowCount())] == order
    assert model.summary(model.row_of(100)).title == "Child 100, renamed"
    model.replace(changed(rows[99], updated_at=start + timedelta(days=30)))  # edited just now
    assert [model.summary(r).id for r in range(model.rowCount())] == [100] + [
        n for n in order if n != 100
    ]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.replace(changed(rows[0], reference="ZZ-0001"))  # to the end, by reference
    refs = [model.summary(r).reference for r in range(model.rowCount())]
    assert refs == sorted(refs) and refs[-1] == "ZZ-0001"
    assert gui_work == [("sort", True)], "a review read again sorted every review"


def test_the_list_opens_in_short_turns_of_the_event_loop(
    qtbot, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the GUI thread does as the library opens comes in three turns of the event loop, with
    timers (and the person's input) handled between them: PySide's QObject classes made, the
    list's widgets and the idle lock, then the rows set and drawn. In one turn they were the
    longest freeze at open (issue 20). Nor is any review filtered on the GUI thread, at the
    listing or when the counts arrive: that is worked out with the rows, in the background."""
    from PySide6.QtCore import QTimer

    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.widgets import lock_screen

    ticks = [0]
    seen: list[tuple[str, int]] = []
    gui = threading.main_thread()
    filtered_on_gui: list[int] = []

    def noting(name: str, real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append((name, ticks[0]))
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        lock_screen, "resolve_qobject_types", noting("types", lock_screen.resolve_qobject_types)
    )
    monkeypatch.setattr(
        MainWindow, "prepare_to_attach", noting("widgets", MainWindow.prepare_to_attach)
    )
    monkeypatch.setattr(MainWindow, "attach", noting("rows", MainWindow.attach))
    keep = ReviewsTableModel._keep

    def kept(self, rows):  # type: ignore[no-untyped-def]
        if len(rows) > 1 and threading.current_thread() is gui:
            filtered_on_gui.append(len(rows))
        return keep(self, rows)

    monkeypatch.setattr(ReviewsTableModel, "_keep", kept)
    beat = QTimer()
    beat.setInterval(1)  # as the benchmarks' heartbeat (5 ms), but finer
    beat.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    beat.start()
    _app, window = build_gui(str(library))
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.library_ready, timeout=60_000):
            pass
        qtbot.waitUntil(
            lambda: "Counting…" not in set(_column(window, ReviewsTableModel.PROGRESS)),
            timeout=60_000,
        )
        assert [name for name, _ in seen] == ["types", "widgets", "rows"]
        turns = [tick for _, tick in seen]
        assert turns[0] < turns[1] < turns[2], seen  # the timer ran between them
        assert window.library.proxy.rowCount() == REVIEWS
        assert filtered_on_gui == []
    finally:
        beat.stop()
        finish_background_work()
        window.close()
        if window.services is not None:
            window.services.close()
