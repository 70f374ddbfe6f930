"""Due and overdue: what each current review must do next, and by when, across the library
(issue 18). Opens from the Learning menu, and from the library's banner when something falls due
this week. Enter, a double click or Open review opens a review in the main window. Built from
services only (``services.clocks``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.clocks import DueStep, due_this_week
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.models.table import Column, RowsModel

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

OpenReview = Callable[[int], Any]

EVERYTHING, THIS_WEEK, NEXT_20 = 0, 1, 2
HELP = (
    "What each current review must do next, and by when: notifying the Panel (5 working days "
    "from the incident), the rapid review (15 working days from the notification), a local "
    "review's final report (months from the decision), the final report to the Panel and the "
    "Secretary of State (7 working days before publication), contribution packs and actions. "
    "Working days leave out weekends, England and Wales bank holidays and the partnership's "
    "closure days (File, Library settings). Archived reviews are left out."
)


def long_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def summary_text(steps: list[DueStep], today: date) -> str:
    """'2 overdue and 1 more due this week.' in plain words ('' when nothing is outstanding)."""
    overdue = sum(1 for s in steps if s.overdue)
    week = len(due_this_week(steps, today)) - overdue
    parts = []
    if overdue:
        parts.append(f"{overdue} overdue")
    if week:
        parts.append(f"{week} due this week" if not overdue else f"{week} more due this week")
    if not parts:
        return "Nothing is overdue or due this week."
    return " and ".join(parts).capitalize() + "."


class DueWindow(QDialog):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        open_review: OpenReview | None = None,
        *,
        this_week: bool = False,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._open_review = open_review
        self.steps: list[DueStep] = []
        self.setWindowTitle(self.tr("Due and overdue"))
        self.setModal(False)
        # Sized by the text, within the screen: at 200% a fixed 980x560 left the list of steps
        # half a row under its explanation.
        fit_when_shown(self)
        metrics = self.fontMetrics()
        self.resize(
            max(980, metrics.averageCharWidth() * 130), max(560, metrics.lineSpacing() * 30)
        )
        layout = QVBoxLayout(self)
        help_text = QLabel(self.tr(HELP), self)
        help_text.setWordWrap(True)
        help_text.setObjectName("muted")
        layout.addWidget(help_text)

        bar = QHBoxLayout()
        self.show_choice = QComboBox(self)
        self.show_choice.addItems(
            [
                self.tr("Everything outstanding"),
                self.tr("Overdue and due this week"),
                self.tr("Overdue and due within 20 working days"),
            ]
        )
        shown = QLabel(self.tr("&Show:"), self)
        shown.setBuddy(self.show_choice)
        bar.addWidget(shown)
        bar.addWidget(self.show_choice)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)

        self.model = RowsModel(
            [
                Column(self.tr("Review"), lambda s: s.reference, tooltip=lambda s: s.title),
                Column(self.tr("Step"), lambda s: self.tr(s.step), tooltip=self._basis),
                Column(
                    self.tr("Due"),
                    lambda s: long_date(s.due_date),
                    sort=lambda s: s.due_date.toordinal(),
                ),
                Column(
                    self.tr("Working days left"),
                    lambda s: self.tr(s.when),
                    sort=lambda s: s.working_days_left,
                    bold=lambda s: s.overdue,
                ),
            ],
            self,
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Steps due and overdue"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.activated.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)
        self.empty = QLabel("", self)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(self.tr("&Open review"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_selected)
        buttons.rejected.connect(self.reject)
        for b in buttons.buttons():
            if isinstance(b, QPushButton):  # Enter opens the review chosen, not a button
                b.setAutoDefault(False)
        layout.addWidget(buttons)
        self.show_choice.setCurrentIndex(THIS_WEEK if this_week else EVERYTHING)
        self.show_choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()
        self.table.setFocus()

    def _basis(self, step: DueStep) -> str:
        return self.tr("%s. Due %s: %s.") % (
            self.tr(step.step),
            long_date(step.due_date),
            step.basis,
        )

    def refresh(self) -> None:
        clocks = self._services.clocks
        try:
            everything = clocks.due()
        except ReviewDeskError as exc:
            self.summary.setText("⚠ " + str(exc))
            return
        today = clocks.today()
        choice = self.show_choice.currentIndex()
        if choice == THIS_WEEK:
            steps = due_this_week(everything, today)
        elif choice == NEXT_20:
            steps = [s for s in everything if s.overdue or s.working_days_left <= 20]
        else:
            steps = everything
        self.steps = steps
        self.model.set_rows(steps)
        self.summary.setText(
            self.tr("Today is %s. %s")
            % (f"{today:%A} {today.day} {today:%B %Y}", self.tr(summary_text(everything, today)))
        )
        if steps:
            self.empty.setText("")
            self.table.selectRow(0)
        elif everything:
            self.empty.setText(
                self.tr(
                    "Nothing in this view. Choose 'Everything outstanding' to see what falls "
                    "due later."
                )
            )
        else:
            self.empty.setText(
                self.tr(
                    "Nothing is outstanding. Clocks start from a review's dates (the incident, "
                    "the notification, the decision, the planned publication), a pack's "
                    "return-by date and an action's due date."
                )
            )
        self.open_button.setEnabled(bool(steps) and self._open_review is not None)

    def selected_step(self) -> DueStep | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def open_selected(self) -> None:
        step = self.selected_step()
        if step is None or self._open_review is None:
            return
        self._open_review(step.review_id)
