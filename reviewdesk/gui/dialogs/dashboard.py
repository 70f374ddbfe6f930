"""The theme dashboard: what a period's reviews show across cases.

Four sections, each a chart (QPainter, numbers beside every bar) with an accessible table holding
the same numbers beside it: how often each theme was rated significant (with "some relevance" and
findings), reviews by type, reviews by stage, and actions by status with those overdue. Enter or a
double click on a number, or Enter or a click on a bar, lists the reviews behind it; from there a
review opens in the main window. Built from services only (``services.dashboard``).

Opening it at 10,000 reviews (issue 20): the window's first paint is only the period, the
summary ("Working out the figures…") and the buttons; then the background task that works out
the figures starts, and the charts and tables are built while it runs, one section per turn of
the event loop, so the GUI thread never holds on for long and the two overlap. Their modules
are imported then, not when this one is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.dashboard import HELP, Dashboard, Figure, ReviewLine, ThemeFigures
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.tasks import Task
from reviewdesk.gui.widgets.period_picker import PeriodPicker
from reviewdesk.gui.wording import plural

if TYPE_CHECKING:  # imported when first used: after the window's first paint (issue 20)
    from reviewdesk.gui.changes import Changes, ChangesHub
    from reviewdesk.gui.models.table import Column, RowsModel
    from reviewdesk.gui.widgets.bar_chart import BarChart
    from reviewdesk.gui.widgets.case_counts import CaseCounts
    from reviewdesk.services.bundle import Services
    from reviewdesk.services.dashboard import DashboardFigures

OpenReview = Callable[[int], Any]


@dataclass
class Section:
    """One chart and its table: ``figure_at(row, column)`` says which figure a cell shows."""

    key: str
    chart: BarChart
    table: QTableView
    model: RowsModel
    figure_at: Callable[[Any, int], Figure | None]


def _theme_figure(t: ThemeFigures, column: int) -> Figure:
    return {3: t.some, 4: t.findings}.get(column, t.significant)


class DashboardWindow(QDialog):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        open_review: OpenReview | None = None,
        changes: ChangesHub | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._open_review = open_review
        self.dashboard: Dashboard | None = None
        self._lines: Mapping[int, ReviewLine] = {}  # the period's reviews, for the lists
        self.working = False  # figures being worked out in the background, or not yet shown
        self._asked = 0
        self._running = False  # a Task under way (one at a time)
        self._again = False  # asked again meanwhile
        self._arrived_figures: DashboardFigures | None = None  # waiting for the sections
        self._sections: dict[str, Section] = {}
        self._case_counts: CaseCounts | None = None
        self.list_dialog: ReviewsBehindDialog | None = None
        self.report_dialog: QDialog | None = None
        self.setWindowTitle(self.tr("Theme dashboard"))
        self.setModal(False)
        self.resize(1100, 820)
        layout = QVBoxLayout(self)
        self.picker = PeriodPicker(services.today, self)
        layout.addWidget(self.picker)
        help_text = QLabel(self.tr(HELP), self)
        help_text.setWordWrap(True)
        help_text.setObjectName("muted")
        layout.addWidget(help_text)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self._starter = QTimer(self)  # the figures' task, on the next turn (see refresh)
        self._starter.setSingleShot(True)
        self._starter.setInterval(0)
        self._starter.timeout.connect(self._start_task)
        self.picker.changed.connect(self.refresh)
        self.working = True  # the task starts as soon as the window is shown (below)
        self.summary.setText(self.tr("Working out the figures…"))

        body = QWidget(self)
        self._body = QVBoxLayout(body)
        self._body.addStretch(1)  # the sections go above it as they are built
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(scroll, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.report_button = QPushButton(self.tr("&Learning report…"), self)
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):  # Enter in a date field applies it, never closes
                button.setAutoDefault(False)
        self.report_button.clicked.connect(self.show_report_dialog)
        layout.addWidget(buttons)
        if changes is not None:
            changes.follow(self, self._changes_seen)

        # Once the window is shown: the figures' task first, then the charts and tables, one
        # section a turn of the event loop, while the task runs (all at once they held the GUI
        # thread over 100 ms at 10,000 reviews). The task is not started here: while it runs,
        # Python's lock is shared with it, and building and showing the window took five times
        # as long. Asking for `sections` or `case_counts` builds what is left at once.
        self._to_build: list[Callable[[], None]] = [
            self._first_figures,
            self._build_themes,
            lambda: self._build_figures("types", self.tr("Reviews by type"), self.tr("Reviews")),
            lambda: self._build_figures("stages", self.tr("Reviews by stage"), self.tr("Reviews")),
            lambda: self._build_figures(
                "actions", self.tr("Actions by status, and overdue"), self.tr("Actions")
            ),
            self._build_case_counts,
        ]
        self._builder = QTimer(self)
        self._builder.setSingleShot(True)
        self._builder.setInterval(0)
        self._builder.timeout.connect(self._build_next)
        self._builder.start()

    @property
    def sections(self) -> dict[str, Section]:
        """The charts with their tables, by key ("themes", "types", "stages", "actions")."""
        self._build_all()
        return self._sections

    @property
    def case_counts(self) -> CaseCounts:
        """The counts by the case record for analysis (issue 18, point 5)."""
        self._build_all()
        assert self._case_counts is not None
        return self._case_counts

    def _changes_seen(self, changes: Changes) -> None:
        """Ratings, findings, actions, a review's stage or the library changed elsewhere: the
        figures are worked out again (when hidden, as the window is next shown)."""
        from reviewdesk.gui.changes import Kind

        if changes.touches(Kind.REVIEW, Kind.ANSWERS, Kind.ANALYSIS, Kind.ACTIONS, Kind.LIBRARY):
            self.refresh()

    # --- building -----------------------------------------------------------------------------

    def _build_next(self) -> None:
        if self._to_build:
            self._to_build.pop(0)()
        if self._to_build:
            self._builder.start()
        else:
            self._show_arrived()

    def _first_figures(self) -> None:
        if self._asked == 0:  # not asked for already (a period chosen, a change seen)
            self.refresh(at_once=True)

    def _build_all(self) -> None:
        if not self._to_build:
            return
        self._builder.stop()
        while self._to_build:
            self._to_build.pop(0)()
        self._show_arrived()

    def _build_themes(self) -> None:
        from reviewdesk.gui.models.table import Column

        self._add_section(
            self.tr("How often each theme was rated significant"),
            [
                Column(self.tr("Theme"), lambda t: t.short_title, tooltip=lambda t: t.title),
                Column(self.tr("Rated significant"), lambda t: str(t.significant.count)),
                Column(self.tr("Share"), lambda t: f"{t.share(self._total())}%"),
                Column(self.tr("Some relevance"), lambda t: str(t.some.count)),
                Column(self.tr("Findings"), lambda t: str(t.findings.count)),
            ],
            _theme_figure,
            "themes",
        )

    def _build_figures(self, key: str, title: str, count_title: str) -> None:
        from reviewdesk.gui.models.table import Column

        columns: list[Column] = [
            Column(self.tr("Group"), lambda f: translate_label(f.label)),
            Column(count_title, lambda f: str(f.count)),
        ]
        if key == "actions":
            columns.append(Column(self.tr("Reviews"), lambda f: str(len(f.review_ids))))
        self._add_section(title, columns, lambda f, _col: f, key)

    def _build_case_counts(self) -> None:
        from reviewdesk.gui.widgets.case_counts import CaseCounts

        body = self._body.parentWidget()
        self._case_counts = CaseCounts(self._services, self._show_figure, body)
        self._body.insertWidget(self._body.count() - 1, self._case_counts)

    def _add_section(
        self,
        title: str,
        columns: list[Column],
        figure_at: Callable[[Any, int], Figure | None],
        key: str,
    ) -> None:
        from reviewdesk.gui.models.table import RowsModel
        from reviewdesk.gui.widgets.bar_chart import BarChart

        body = self._body.parentWidget()
        heading = QLabel(title, body)
        heading.setObjectName("sectionTitle")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        at = self._body.count() - 1  # above the closing stretch
        self._body.insertWidget(at, heading)
        row = QHBoxLayout()
        chart = BarChart(self.tr("Chart: %s") % title, body)
        model = RowsModel(columns, self)
        table = QTableView(body)
        table.setModel(model)
        table.setAccessibleName(self.tr("Table: %s") % title)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setToolTip(self.tr("Enter or a double click lists the reviews behind a number"))
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        row.addWidget(chart, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(table, 1)
        self._body.insertLayout(at + 1, row)
        section = Section(key, chart, table, model, figure_at)
        chart.activated.connect(self.show_reviews_for)
        table.activated.connect(lambda index, s=section: self._cell_activated(s, index))
        self._sections[key] = section

    # --- filling ------------------------------------------------------------------------------

    def _total(self) -> int:
        return self.dashboard.reviews.count if self.dashboard else 0

    def refresh(self, *, at_once: bool = False) -> None:
        """Work out the figures for the chosen period off the GUI thread (a second or more on a
        big library: issue 20); the window stays usable and says it is working meanwhile. Only
        the newest request's figures are shown. The task starts on the next turn of the event
        loop (``at_once``: now), so changes made in one go (both dates typed and applied, say)
        are worked out once, for the last of them, not one after the other."""
        period = self.picker.period()
        if period is None:
            self.summary.setText("⚠ " + self.picker.problem())
            return
        self._asked += 1
        self.working = True
        self._arrived_figures = None  # an older period's, not shown yet: superseded
        self.summary.setText(self.tr("Working out the figures…"))
        if self._running:  # one at a time: the newest period follows when this one is done
            self._again = True
            return
        if at_once:
            self._start_task()
        else:
            self._starter.start()

    def _start_task(self) -> None:
        self._starter.stop()
        if self._running:
            self._again = True
            return
        period = self.picker.period()
        if period is None:  # the dates were made unreadable meanwhile: refresh said so
            self.working = False
            return
        asked = self._asked
        self._running = True
        # Everything the window shows is read in the one task, in one read transaction (the
        # figures, the case record's groups, the reviews' lines for the click-through): the GUI
        # thread only builds widgets from it (issue 20).
        # The service is reached in the task too: when the background build of the services
        # (gui/loader.py) has not reached it yet, it is built (and imported) there, not here.
        services = self._services
        task = Task(lambda _progress: services.dashboard.compute_for_window(period), self)
        task.succeeded.connect(lambda figures: self._arrived(asked, figures))
        task.failed.connect(lambda message: self._arrived(asked, None, message))
        task.start()

    def _arrived(self, asked: int, figures: DashboardFigures | None, problem: str = "") -> None:
        self._running = False
        if self._again:
            self._again = False
            self.refresh(at_once=True)  # the newest period chosen meanwhile
            return
        if asked != self._asked:
            return  # a newer period was chosen meanwhile: its figures follow
        if figures is None:
            self.working = False
            self._arrived_figures = None
            self.summary.setText("⚠ " + problem)
            return
        self._arrived_figures = figures
        if not self._to_build:  # otherwise shown once the last section is built
            self._show_arrived()

    def _show_arrived(self) -> None:
        figures, self._arrived_figures = self._arrived_figures, None
        if figures is None:
            return
        self.working = False
        self.dashboard = figures.dashboard
        self._lines = figures.lines
        assert self._case_counts is not None  # built before any figures are shown
        self._case_counts.set_groups(figures.cases)
        self._fill(figures.dashboard)

    def _fill(self, d: Dashboard) -> None:
        from reviewdesk.gui.widgets.bar_chart import Bar

        total = d.reviews.count
        if d.is_empty:
            self.summary.setText(
                self.tr("There are no reviews in this period (%s). Try a wider one.")
                % d.period.label
            )
        else:
            reviews = plural(total, self.tr("1 review"), self.tr("%d reviews"))
            done = plural(d.actions.count, self.tr("1 action"), self.tr("%d actions"))
            overdue = plural(
                d.overdue.count, self.tr("1 of them overdue"), self.tr("%d of them overdue")
            )
            if not d.actions.count:
                overdue = ""
            self.summary.setText(
                f"{d.period.label}: {reviews}; {done}" + (f", {overdue}." if overdue else ".")
            )
        themes = self._sections["themes"]
        themes.model.set_rows(list(d.themes))
        themes.chart.set_bars(
            [
                Bar(
                    t.significant.key,
                    f"{i}. {t.short_title}",
                    t.significant.count,
                    f"{t.significant.count} of {total} ({t.share(total)}%)",
                )
                for i, t in enumerate(d.themes, start=1)
            ]
        )
        actions = [*d.actions_by_status, d.overdue]
        for key, figures in (("types", d.by_type), ("stages", d.by_status), ("actions", actions)):
            section = self._sections[key]
            section.model.set_rows(list(figures))
            section.chart.set_bars([Bar(f.key, translate_label(f.label), f.count) for f in figures])
        for section in self._sections.values():
            self._fit(section.table)

    @staticmethod
    def _fit(table: QTableView) -> None:
        """Tall enough for every row: the page scrolls, never the table."""
        table.resizeRowsToContents()
        rows = table.model().rowCount()
        header = max(
            table.horizontalHeader().sizeHint().height(), table.horizontalHeader().height()
        )
        height = header + 2 * table.frameWidth() + 2
        height += sum(table.rowHeight(r) for r in range(rows))
        table.setFixedHeight(max(height, 60))

    # --- click-through ------------------------------------------------------------------------

    def _cell_activated(self, section: Section, index: QModelIndex) -> None:
        figure = section.figure_at(section.model.row(index), index.column())
        if figure is not None:
            self.show_reviews_for(figure.key)

    def show_reviews_for(self, key: str) -> None:
        if self.dashboard is None:
            return
        figure = self.dashboard.figure(key)
        title = self._title_of(key, figure)
        self.list_dialog = ReviewsBehindDialog(
            self._services, figure, title, self, open_review=self._open_review, lines=self._lines
        )
        self.list_dialog.open()

    def _show_figure(self, figure: Figure, title: str) -> None:
        self.list_dialog = ReviewsBehindDialog(
            self._services, figure, title, self, open_review=self._open_review, lines=self._lines
        )
        self.list_dialog.open()

    def _title_of(self, key: str, figure: Figure) -> str:
        assert self.dashboard is not None
        kind, _, theme_id = key.partition(":")
        for t in self.dashboard.themes:
            if t.theme_id == theme_id and kind in {"significant", "some", "findings"}:
                return f"{t.short_title}: {translate_label(figure.label).lower()}"
        return translate_label(figure.label)

    def show_report_dialog(self) -> None:
        from reviewdesk.gui.dialogs.learning_report import LearningReportDialog

        self.report_dialog = LearningReportDialog(self._services, self, self.picker.period())
        self.report_dialog.open()


class ReviewsBehindDialog(QDialog):
    """The reviews behind one number; Enter, a double click or Open review opens one."""

    def __init__(
        self,
        services: Services,
        figure: Figure,
        title: str,
        parent: QWidget | None = None,
        *,
        open_review: OpenReview | None = None,
        lines: Mapping[int, ReviewLine] | None = None,
    ) -> None:
        """``lines``: the reviews as read with the figures (the dashboard passes them, so the
        list reads nothing on the GUI thread); without them the library's list is read."""
        from reviewdesk.gui.models.table import Column, RowsModel

        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._open_review = open_review
        self.setWindowTitle(self.tr("Reviews behind the figure"))
        self.resize(640, 360)
        wanted = set(figure.review_ids)
        reviews: list[Any]
        if lines:
            reviews = sorted(
                (lines[i] for i in wanted if i in lines), key=lambda r: r.reference.casefold()
            )
        else:
            reviews = [r for r in services.reviews.list_reviews() if r.id in wanted]
        layout = QVBoxLayout(self)
        count = len(reviews)
        intro = QLabel(
            self.tr("%s: %d. The %s behind this figure:")
            % (title, figure.count, self.tr("review") if count == 1 else self.tr("reviews")),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = RowsModel(
            [
                Column(self.tr("Reference"), lambda r: r.reference),
                Column(self.tr("Title"), lambda r: r.title),
                Column(self.tr("Type"), lambda r: translate_label(r.review_type.label)),
                Column(
                    self.tr("Stage"),
                    lambda r: (
                        translate_label(r.status.label)
                        + (self.tr(" (archived)") if r.archived else "")
                    ),
                ),
            ],
            self,
        )
        self.model.set_rows(reviews)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Reviews behind the figure"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(self.tr("&Open review"), self)
        self.open_button.setEnabled(bool(reviews) and open_review is not None)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.clicked.connect(self.open_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if reviews:
            self.table.selectRow(0)
        self.table.setFocus()

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self._open_review is None:
            return
        review_id = self.model.row(rows[0]).id
        self.accept()
        self._open_review(review_id)
