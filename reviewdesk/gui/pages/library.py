"""The library: every review in a sortable, filterable table, and the ways in and out of them."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.gui.icons import icon
from reviewdesk.gui.widgets.basics import buddy, button, card, label, set_by_name

if TYPE_CHECKING:  # kept out of start-up: the library window should appear at once
    from reviewdesk.domain.changes import Changes
    from reviewdesk.domain.clocks import DueStep
    from reviewdesk.domain.review import ReviewSummary
    from reviewdesk.gui.changes import ChangesHub
    from reviewdesk.gui.models.review_rows import Prepared
    from reviewdesk.gui.models.reviews_table import ReviewsFilter, ReviewsTableModel
    from reviewdesk.gui.tasks import ProgressFn
    from reviewdesk.gui.widgets.review_table import ReviewTable
    from reviewdesk.services.clocks import ClockService
    from reviewdesk.services.reviews import ReviewService


def _step_order(step: DueStep) -> tuple[object, ...]:
    """The order of the library's steps, soonest first: ClockService's (its ``due`` gives them
    in this order), kept by LibraryPage._due_steps."""
    return (step.due_date, step.reference, step.step)


class LibraryPage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    demo_requested = Signal()
    edit_requested = Signal(int)
    selection_changed = Signal()
    due_requested = Signal()  # the banner's "See what is due"

    def __init__(
        self, reviews_source: ReviewService | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._reviews = reviews_source
        self._clocks: ClockService | None = None  # once the library is open
        self._hub: ChangesHub | None = None  # the window's (follow)
        self._banner_dismissed = False
        self._due_steps: list[DueStep] = []
        self.due_banner: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 26, 32, 20)
        layout.setSpacing(12)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(label(self.tr("Your reviews"), "h1", self))
        self.privacy = label("", "muted", self)
        titles.addWidget(self.privacy)
        top.addLayout(titles, 1)
        self.new_button = button(self.tr("&New review..."), self, icon_name="new", primary=True)
        self.new_button.clicked.connect(self.new_requested)
        self.demo_button = button(self.tr("Open the &demo review"), self, icon_name="demo")
        self.demo_button.setToolTip(
            self.tr("A fictional review (Child D, Eastmere) to explore. Every detail is invented.")
        )
        self.demo_button.clicked.connect(self.demo_requested)
        # The two buttons at the top of the row, with room below them (a column, not an
        # alignment flag: naming one builds Qt's namespace before the first paint, basics.py).
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.demo_button)
        column = QVBoxLayout()
        column.addLayout(buttons)
        column.addStretch(1)
        top.addLayout(column)
        layout.addLayout(top)
        layout.addSpacing(6)

        bar = QHBoxLayout()
        bar.setSpacing(10)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Reference, title, type or status"))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setMaximumWidth(420)
        bar.addWidget(buddy(self.tr("Fil&ter:"), self.filter, self))
        bar.addWidget(self.filter, 1)
        self.show_archived = QCheckBox(self.tr("Sho&w archived reviews"), self)
        bar.addWidget(self.show_archived)
        bar.addStretch(1)
        layout.addLayout(bar)

        # The list itself (the table and the card shown when there are no reviews) is built when
        # the library opens (attach): until then this page says "Opening your library...", and
        # the window is drawn without loading Qt's item views.
        self.model: ReviewsTableModel | None = None
        self.proxy: ReviewsFilter | None = None
        self.table: ReviewTable | None = None
        self.stack = QStackedWidget(self)
        self.loading = label(self.tr("Opening your library..."), "muted", self)
        set_by_name(self.loading, "alignment", "AlignCenter")
        self.stack.addWidget(self.loading)
        self.stack.setCurrentWidget(self.loading)
        layout.addWidget(self.stack, 1)

        foot = QHBoxLayout()
        self.count = label("", "muted", self)
        foot.addWidget(self.count, 1)
        self.open_button = button(self.tr("&Open"), self, icon_name="open")
        self.edit_button = button(self.tr("&Case record..."), self, icon_name="edit")
        self.archive_button = button(self.tr("&Archive..."), self, icon_name="archive")
        for b in (self.open_button, self.edit_button, self.archive_button):
            foot.addWidget(b)
        layout.addLayout(foot)

        self.filter.textChanged.connect(self._filter_changed)
        self.show_archived.toggled.connect(self._archived_toggled)
        self.open_button.clicked.connect(self._open_selected)
        self.edit_button.clicked.connect(self._edit_selected)
        self.archive_button.clicked.connect(self._archive_or_restore)
        self._update_buttons()
        for w in (
            self.new_button,
            self.filter,
            self.show_archived,
            self.open_button,
            self.edit_button,
            self.archive_button,
            self.demo_button,
        ):
            w.setEnabled(False)

    def build_list(self) -> None:
        """The table (and the card shown when there are no reviews), hidden behind "Opening
        your library..." until :meth:`attach`; made once."""
        if self.table is None:
            self._build_list()

    def _build_list(self) -> None:
        from reviewdesk.gui.models.reviews_table import ReviewsFilter, ReviewsTableModel
        from reviewdesk.gui.widgets.review_table import ReviewTable

        self.model = ReviewsTableModel(self)
        self.proxy = ReviewsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = ReviewTable(self.proxy, self)
        self.table.doubleClicked.connect(lambda *_: self._open_selected())
        self.table.activated_row.connect(self._open_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.proxy.modelReset.connect(self._update_buttons)
        self.stack.addWidget(self.table)
        self._build_banner()
        self.empty = self._build_empty()
        self.stack.addWidget(self.empty)
        # Tab goes as the page reads: the filter, the due card (_build_banner put the list after
        # it), the list (or the empty card), the buttons below.
        QWidget.setTabOrder(self.table, self.empty_new)
        QWidget.setTabOrder(self.empty_new, self.empty_demo)
        QWidget.setTabOrder(self.empty_demo, self.open_button)

    def _build_banner(self) -> None:
        """A calm card above the list when something is overdue or falls due this week: it
        offers the Due and overdue view and never blocks anything."""
        from PySide6.QtCore import Qt  # not at start-up (widgets/basics.py)

        frame, box = card(self, margins=14)
        frame.setObjectName("dueBanner")
        frame.setAccessibleName(self.tr("What is due this week"))
        row = QHBoxLayout()
        row.setSpacing(12)
        self.due_text = label("", "", frame)
        row.addWidget(self.due_text, 1)
        self.due_button = button(self.tr("See what is d&ue"), frame, icon_name="jump")
        self.due_button.clicked.connect(self.due_requested)
        self.due_later = button(self.tr("Dis&miss"), frame)
        self.due_later.setToolTip(self.tr("Hide this until ReviewDesk is next opened"))
        self.due_later.clicked.connect(self._dismiss_banner)
        row.addWidget(self.due_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.due_later, 0, Qt.AlignmentFlag.AlignVCenter)
        box.addLayout(row)
        frame.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # the page's, made in __init__
        layout.insertWidget(layout.indexOf(self.stack), frame)
        self.due_banner = frame
        assert self.table is not None  # _build_list made it first
        QWidget.setTabOrder(self.show_archived, self.due_button)
        QWidget.setTabOrder(self.due_button, self.due_later)
        QWidget.setTabOrder(self.due_later, self.table)

    def _dismiss_banner(self) -> None:
        self._banner_dismissed = True
        if self.due_banner is not None:
            self.due_banner.hide()
        if self.table is not None:
            self.table.setFocus()

    def _update_banner(self, steps: list[DueStep]) -> None:
        if self.due_banner is None:
            return
        from reviewdesk.domain.clocks import due_this_week

        soon = due_this_week(steps, self._clocks.today()) if self._clocks else []
        if not soon or self._banner_dismissed:
            self.due_banner.hide()
            return
        overdue = sum(1 for s in soon if s.overdue)
        this_week = len(soon) - overdue
        parts = []
        if overdue:
            parts.append(
                self.tr("1 step is overdue")
                if overdue == 1
                else self.tr("%d steps are overdue") % overdue
            )
        if this_week:
            parts.append(
                self.tr("1 falls due this week")
                if this_week == 1
                else self.tr("%d fall due this week") % this_week
            )
        reviews = len({s.review_id for s in soon})
        where = self.tr("in 1 review") if reviews == 1 else self.tr("across %d reviews") % reviews
        self.due_text.setText(
            self.tr("Timescales: %s, %s.") % (self.tr(" and ").join(parts), where)
        )
        self.due_banner.show()

    def _build_empty(self) -> QWidget:
        holder = QWidget(self)
        outer = QVBoxLayout(holder)
        outer.addStretch(1)
        frame, box = card(holder, margins=28)
        box.addWidget(label(self.tr("No reviews here yet"), "h2", frame))
        self.empty_text = label(
            self.tr(
                "Start a new review to set down the case record and begin reflecting, or "
                "explore the fictional demo review first: every person and place in it is "
                "invented."
            ),
            "muted",
            frame,
        )
        box.addWidget(self.empty_text)
        row = QHBoxLayout()
        self.empty_new = button(self.tr("Start a new review"), frame, icon_name="new", primary=True)
        self.empty_new.clicked.connect(self.new_requested)
        self.empty_demo = button(self.tr("Explore the demo review"), frame, icon_name="demo")
        self.empty_demo.clicked.connect(self.demo_requested)
        row.addWidget(self.empty_new)
        row.addWidget(self.empty_demo)
        row.addStretch(1)
        box.addLayout(row)
        # Centred by stretches either side, not by an alignment: an aligned widget is given the
        # height its words need at the page's width, not at its own, and the card's last lines
        # and its buttons were cut off. Its width follows its words, so it grows with the text.
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(frame)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        # At 200% text on a laptop's screen the card can be taller than the room left for it:
        # then it scrolls rather than lose its last lines.
        from reviewdesk.gui.fit import scrolling

        return scrolling(holder, self)

    # --- data ---------------------------------------------------------------------------------

    def attach(
        self,
        reviews: ReviewService,
        data_folder: str,
        sort: tuple[int, int],
        show_archived: bool,
        rows: list[ReviewSummary] | Prepared | None = None,
        *,
        clocks: ClockService | None = None,
        due: list[DueStep] | None = None,
    ) -> None:
        """Called once the library is open (it opens in the background at start-up); ``rows``
        are its reviews when they have already been read, ``due`` what is due across them
        (``clocks``: the ClockService the page re-reads them from)."""
        self.build_list()
        assert self.proxy is not None and self.table is not None  # built now
        self._reviews = reviews
        self._clocks = clocks
        self.privacy.setText(
            self.tr("Everything you write stays on this computer, in %s.") % data_folder
        )
        for w in (self.new_button, self.filter, self.show_archived, self.table, self.demo_button):
            w.setEnabled(True)
        self.show_archived.setChecked(show_archived)
        self.proxy.set_show_archived(show_archived)
        column, order = sort
        self.table.sort_by(column, order)
        if rows is not None and due is None and clocks is not None:
            # Listed at once; progress and what is due follow from the background (reading
            # every answer and working out every clock takes longer: issue 20).
            self.refresh(rows=rows, due=[])
            self._complete_in_background()
        else:
            self.refresh(rows=rows, due=due)

    def _complete_in_background(self) -> None:
        from reviewdesk.gui.tasks import Task

        reviews, clocks, model = self._reviews, self._clocks, self.model
        assert reviews is not None and clocks is not None and model is not None  # attached
        # The rows just listed: only their progress and next step are filled in (the reviews
        # are not read, nor their rows prepared, again: issue 20).
        snapshot = model.snapshot()
        shown = model.filter_now  # the rows it shows worked out there too, if it stays so

        def complete(_progress: ProgressFn) -> tuple[Prepared, list[DueStep], int]:
            from reviewdesk.gui.models.review_rows import lasting

            with lasting():  # no full garbage collection walks every row (it froze the window)
                due = self._due_or_nothing(clocks)  # soonest first (ClockService.due)
                counted = reviews.progress_by_review()
                # prepared and put in the table's order here, off the GUI thread (the order is
                # read once: a header clicked meanwhile means one sort when they arrive)
                prepared = model.complete(
                    snapshot, counted, self._nearest(due), sort=model.sort_key, shown=shown
                )
                return prepared, due, snapshot.generation

        self.completing = Task(complete, self)
        self.completing.succeeded.connect(self._completed)
        self.completing.start()

    def _completed(self, result: tuple[Prepared, list[DueStep], int]) -> None:
        assert self.model is not None and self.table is not None  # attached
        prepared, due, generation = result
        if generation != self.model.generation:
            # the list was read again, or a review's row, while this counted: count once more
            # from the rows as they are now (never put back rows older than them)
            self._complete_in_background()
            return
        current = self.selected_id()
        self._due_steps = list(due)
        self.model.set_prepared(prepared, self._nearest(due))
        # "Counting…" and an empty "Next due" gave these two columns their widths: the counted
        # progress ("Everyone's prompts: 12 of 120") and the steps were cut short
        self.table.fit_columns(self.model.samples, (self.model.PROGRESS, self.model.NEXT_DUE))
        self._update_banner(due)
        self._show_table_or_empty()
        if current is not None:
            self.select(current)
        self._update_count()

    @staticmethod
    def _due_or_nothing(clocks: ClockService) -> list[DueStep]:
        from reviewdesk.domain.errors import ReviewDeskError

        try:
            return clocks.due()
        except ReviewDeskError:
            return []  # the clocks are a help: the list of reviews still shows

    def refresh(
        self,
        select_id: int | None = None,
        rows: list[ReviewSummary] | Prepared | None = None,
        due: list[DueStep] | None = None,
    ) -> None:
        """Fill the table from the library (or from ``rows`` and ``due``, just read from it)."""
        if self._reviews is None:
            return
        assert self.model is not None and self.proxy is not None and self.table is not None
        current = select_id if select_id is not None else self.selected_id()
        if rows is None:
            rows = self._reviews.list_reviews()
        if due is None:
            due = self._read_due()
        self._due_steps = list(due)
        from reviewdesk.gui.models.review_rows import Prepared

        if isinstance(rows, Prepared):  # rows already prepared (at start-up)
            self.model.set_prepared(rows, self._nearest(due))
        else:
            self.model.set_rows(rows, self._nearest(due))
        self.table.fit_columns(self.model.samples)
        self._update_banner(due)
        self._show_table_or_empty()
        if current is not None:
            self.select(current)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_count()

    @staticmethod
    def _nearest(due: list[DueStep]) -> dict[int, DueStep]:
        nearest: dict[int, DueStep] = {}
        for step in due:  # soonest first: the first of each review is its next step
            nearest.setdefault(step.review_id, step)
        return nearest

    def refresh_one(self, review_id: int) -> None:
        """Back from a review: read that review's row (and its clocks) again, not the whole
        library (which meant a second or more, and memory, at 5,000 reviews)."""
        if self._reviews is None or self.model is None:
            return
        from reviewdesk.domain.errors import NotFoundError, ReviewDeskError

        current = self.selected_id()
        try:
            summary = self._reviews.summary(review_id)
        except NotFoundError:
            self.refresh()
            return
        # archived: no clocks in the library's lists
        steps: list[DueStep] | None = [] if summary.archived else None
        if self._clocks is not None and not summary.archived:
            try:
                steps = self._clocks.for_review(review_id)
            except ReviewDeskError:
                steps = None
        if steps is not None:
            # Its steps taken out and put back in place (the others are in order already):
            # sorting every review's steps again took longer than the rest of the way back
            # (20,000 steps at 10,000 reviews: issue 20).
            kept = [s for s in self._due_steps if s.review_id != review_id]
            for step in sorted(steps, key=_step_order):
                bisect.insort(kept, step, key=_step_order)
            self._due_steps = kept
            self._update_banner(self._due_steps)
        self.model.replace(summary, steps)
        self._show_table_or_empty()
        if current is not None:
            self.select(current)
        self._update_count()

    def follow(self, changes: ChangesHub) -> None:
        """Keep to what is stored as other views change it (``changes``: the window's
        ChangesHub, gui/changes.py): the rows of the reviews changed, or the whole list when
        reviews came or went; while a review is open in front, when the library is next shown."""
        self._hub = changes
        changes.follow(self, self._changes_seen)

    def _changes_seen(self, changes: Changes) -> None:
        from reviewdesk.domain.changes import Kind

        if changes.source is self or self._reviews is None or self.model is None:
            return
        if changes.reviews is None or changes.touches(Kind.LIBRARY):
            came = sorted(changes.reviews or ())  # a review that came in is the one selected
            self.refresh(select_id=came[0] if len(came) == 1 else None)
        else:
            for review_id in sorted(changes.reviews):
                self.refresh_one(review_id)

    def _read_due(self) -> list[DueStep]:
        if self._clocks is None:
            return []
        from reviewdesk.domain.errors import ReviewDeskError

        try:
            return self._clocks.due()
        except ReviewDeskError:
            return []  # the clocks are a help: the list of reviews still shows

    def _show_table_or_empty(self) -> None:
        assert self.model is not None and self.table is not None  # attached
        self.stack.setCurrentWidget(self.table if self.model.total else self.empty)

    def _update_count(self) -> None:
        assert self.model is not None and self.proxy is not None  # attached
        total = self.model.total
        archived = self.model.archived
        shown = self.proxy.rowCount()
        text = self.tr("1 review") if total == 1 else self.tr("%d reviews") % total
        if archived:
            text += self.tr(", %d archived") % archived
        if shown != total:
            text += self.tr("; %d shown") % shown
        self.count.setText(text)

    def select(self, review_id: int) -> bool:
        assert self.model is not None and self.proxy is not None and self.table is not None
        source_row = self.model.row_of(review_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.make_current(index)
        return True

    def current_review_with_uid(self, uid: str) -> int | None:
        """The review ``uid`` among those listed (not archived), or None."""
        return None if self.model is None else self.model.current_with_uid(uid)

    def selected_id(self) -> int | None:
        if self.table is None:  # the library is still opening
            return None
        from reviewdesk.gui.models.reviews_table import ID_ROLE

        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected_summary(self) -> ReviewSummary | None:
        review_id = self.selected_id()
        if review_id is None:
            return None
        assert self.model is not None  # a review is selected in it
        return self.model.summary(self.model.row_of(review_id))

    def sort_state(self) -> tuple[int, int]:
        if self.table is None:
            return 0, 0
        header = self.table.horizontalHeader()
        return header.sortIndicatorSection(), header.sortIndicatorOrder().value

    # --- actions ------------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        assert self.proxy is not None and self.table is not None  # enabled once attached
        current = self.selected_id()
        self.proxy.set_text(text)
        if current is not None:
            self.select(current)  # still selected, when the filter still shows it
        self._update_count()
        if self.selected_id() is None and self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _archived_toggled(self, show: bool) -> None:
        assert self.proxy is not None and self.table is not None  # enabled once attached
        current = self.selected_id()
        self.proxy.set_show_archived(show)
        if current is not None:
            self.select(current)
        self._update_count()
        if self.selected_id() is None and self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        summary = self.selected_summary() if self._reviews is not None else None
        has = summary is not None
        self.open_button.setEnabled(has)
        self.edit_button.setEnabled(has)
        self.archive_button.setEnabled(has)
        if summary is not None and summary.archived:
            self.archive_button.setText(self.tr("Re&store..."))
            self.archive_button.setIcon(icon("restore"))
        else:
            self.archive_button.setText(self.tr("&Archive..."))
            self.archive_button.setIcon(icon("archive"))
        self.selection_changed.emit()

    def _open_selected(self) -> None:
        review_id = self.selected_id()
        if review_id is not None:
            self.open_requested.emit(review_id)

    def _edit_selected(self) -> None:
        review_id = self.selected_id()
        if review_id is not None:
            self.edit_requested.emit(review_id)

    def _archive_or_restore(self) -> None:
        summary = self.selected_summary()
        if summary is None:
            return
        if summary.archived:
            title = self.tr("Restore %s?") % summary.reference
            text = (
                self.tr("'%s' will come back to your list of current reviews, exactly as it was.")
                % summary.title
            )
            verb = self.tr("&Restore")
        else:
            title = self.tr("Archive %s?") % summary.reference
            text = (
                self.tr(
                    "'%s' will move out of your list of current reviews. Nothing is deleted: tick "
                    "'Show archived reviews' to see it again, and restore it at any time."
                )
                % summary.title
            )
            verb = self.tr("&Archive")
        from PySide6.QtWidgets import QMessageBox  # loaded when first needed

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        confirm = box.addButton(verb, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not confirm:
            return
        assert self._reviews is not None  # a review was selected: the library is open
        if summary.archived:
            self._reviews.restore(summary.id)
        else:
            self._reviews.archive(summary.id)
        self.refresh(select_id=summary.id)
        self._update_buttons()
        if self._hub is not None:  # search and the dashboard follow
            from reviewdesk.domain.changes import Changes, Kind

            self._hub.announce(Changes.of(summary.id, Kind.LIBRARY, source=self))
