"""The review's front page: the case record, how to work here, and everyone's progress."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from reviewdesk.domain.clocks import DueStep
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.progress import ThemeProgress
from reviewdesk.domain.review import CaseRecord, Contributor, ContributorProgress
from reviewdesk.gui.pages.theme_page import ReadableColumn
from reviewdesk.gui.widgets.basics import button, card, label, link
from reviewdesk.gui.widgets.feedback import icon_label
from reviewdesk.gui.widgets.flow import FlowLayout
from reviewdesk.gui.wording import STATE_ICONS, progress_phrase, record_lines


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class OverviewPage(ReadableColumn):
    theme_requested = Signal(int)
    continue_requested = Signal()
    edit_record_requested = Signal()

    def refresh(
        self,
        record: CaseRecord,
        framework: Framework,
        me: Contributor,
        mine: Sequence[ThemeProgress],
        everyone: Sequence[ContributorProgress],
        *,
        clock: Sequence[DueStep] | None = None,
    ) -> None:
        """``clock``: the review's outstanding steps, soonest first (None: no timescales card)."""
        focus = self.focusWidget()
        had_focus = focus is not None and self.isAncestorOf(focus)
        clear_layout(self.body)
        b, col = self.body, self.column
        b.addWidget(
            label(
                f"{record.reference.upper()}  ·  {record.review_type.label.upper()}", "eyebrow", col
            )
        )
        b.addWidget(label(record.title, "h1", col))
        who = f"{me.name}, {me.role}" if me.role else me.name
        b.addWidget(
            label(
                self.tr("You are writing as %s. Your details can be changed in File, Your details.")
                % who,
                "muted",
                col,
            )
        )

        frame, box = card(col)
        box.addWidget(label(self.tr("How to work through this review"), "h2", frame))
        box.addWidget(label(framework.description, "", frame))
        box.addWidget(
            label(
                self.tr(
                    "Take the themes in any order and at your own pace. Each saves itself as you "
                    "type. Private notes (on the right) are for you alone and never leave this "
                    "computer. Ctrl+J takes you to the next prompt you have not answered."
                ),
                "muted",
                frame,
            )
        )
        row = QHBoxLayout()
        self.continue_button = button(
            self.tr("&Continue where you left off"),
            frame,
            icon_name="jump",
            primary=True,
            short=self.tr("&Continue"),
        )
        self.continue_button.clicked.connect(self.continue_requested)
        row.addWidget(self.continue_button)
        row.addStretch(1)
        box.addLayout(row)
        b.addWidget(frame)
        if clock is not None:
            b.addWidget(self._clock_card(clock))

        frame, box = card(col)
        box.addWidget(label(self.tr("Your progress, theme by theme"), "h2", frame))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        side = max(16, self.fontMetrics().height())
        for i, (theme, tp) in enumerate(zip(framework.themes, mine, strict=True)):
            grid.addWidget(icon_label(STATE_ICONS[tp.state], side, frame), i, 0)
            go = link(
                theme.title,
                lambda i=i: self.theme_requested.emit(i),  # type: ignore[misc]
                frame,
                name=f"{theme.title}: {progress_phrase(tp)}",
            )
            grid.addWidget(go, i, 1)
            grid.addWidget(label(progress_phrase(tp), "muted", frame), i, 2)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        b.addWidget(frame)

        frame, box = card(col)
        top = FlowLayout(spacing=12)  # the button goes under the heading when narrow
        top.add(label(self.tr("Case record"), "h2", frame, wrap=False))
        edit = button(self.tr("Edi&t case record..."), frame, icon_name="edit")
        edit.clicked.connect(self.edit_record_requested)
        top.add(edit, at_right=True)
        box.addLayout(top)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for r, (caption, value) in enumerate(record_lines(record)):
            name = label(self.tr(caption), "muted", frame)
            name.setAlignment(Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, r, 0)
            grid.addWidget(label(value, "", frame), r, 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        b.addWidget(frame)

        frame, box = card(col)
        box.addWidget(label(self.tr("Contributors"), "h2", frame))
        for cp in everyone:
            c = cp.contributor
            who = ", ".join(p for p in (c.name, c.role, c.agency) if p)
            you = self.tr(" (you)") if c.id == me.id else ""
            names = FlowLayout(spacing=12)  # the count goes under the name when narrow
            names.add(label(who + you, "", frame))
            names.add(
                label(
                    self.tr("%d of %d prompts answered")
                    % (cp.progress.answered, cp.progress.total),
                    "muted",
                    frame,
                    wrap=False,
                ),
                at_right=True,
            )
            box.addLayout(names)
        b.addWidget(frame)
        b.addWidget(
            label(
                self.tr("Framework: %s. Source: %s.") % (framework.title, framework.source),
                "small",
                col,
            )
        )
        b.addStretch(1)
        if had_focus:
            self.continue_button.setFocus()

    SHOWN_STEPS = 6

    def _clock_card(self, steps: Sequence[DueStep]):
        """The review's clock: its next step first, then what else is outstanding."""
        frame, box = card(self.column)
        frame.setObjectName("clockCard")
        box.addWidget(label(self.tr("Timescales"), "h2", frame))
        if not steps:
            box.addWidget(
                label(
                    self.tr(
                        "Nothing is due. Clocks start from the dates in the case record (the "
                        "incident, the notification, the decision, the planned publication), a "
                        "contribution pack's return-by date and an action's due date."
                    ),
                    "muted",
                    frame,
                )
            )
            return frame
        first = steps[0]
        self.next_due_label = label(
            self.tr("Next due: %s, %s. %s.")
            % (self.tr(first.short_step), _long(first.due_date), self.tr(first.when)),
            "h3",
            frame,
        )
        box.addWidget(self.next_due_label)
        # Each step: its name on a line of its own (it wraps, at any text size), then its date
        # and how far off it is (one under the other when the column is narrow).
        for r, step in enumerate(steps[: self.SHOWN_STEPS]):
            name = label(self.tr(step.step), "", frame)
            name.setToolTip(self.tr(step.basis).capitalize())
            if r:
                box.addSpacing(4)  # a little air between steps
            box.addWidget(name)
            when_row = FlowLayout(spacing=16)
            when_row.add(label(_long(step.due_date), "muted", frame, wrap=False))
            when = label(self.tr(step.when), "", frame)
            if step.overdue:
                font = when.font()
                font.setBold(True)
                when.setFont(font)
            when_row.add(when)
            box.addLayout(when_row)
        more = len(steps) - self.SHOWN_STEPS
        if more > 0:
            box.addWidget(
                label(self.tr("And %d more: see Learning, Due and overdue.") % more, "muted", frame)
            )
        box.addWidget(
            label(
                self.tr(
                    "Working days leave out weekends, England and Wales bank holidays and the "
                    "partnership's closure days (File, Library settings)."
                ),
                "small",
                frame,
            )
        )
        return frame


def _long(day) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
