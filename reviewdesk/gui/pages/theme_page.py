"""One theme: why it matters, its prompts in order, the relevance rating and the key learning."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from reviewdesk.domain.framework import Theme
from reviewdesk.domain.progress import ThemeProgress
from reviewdesk.domain.review import ContributorWork
from reviewdesk.gui.widgets.basics import SPACING, buddy, button, card, label
from reviewdesk.gui.widgets.disclosure import Disclosure
from reviewdesk.gui.widgets.editors import ReadingPane, WritingEdit
from reviewdesk.gui.widgets.flow import FlowLayout
from reviewdesk.gui.widgets.prompt_card import PromptCard
from reviewdesk.gui.widgets.relevance import RelevanceChoice
from reviewdesk.gui.wording import progress_phrase


class ReadableColumn(QScrollArea):
    """A scrolling page whose text column stays a comfortable reading width."""

    def __init__(self, parent: QWidget | None = None, *, measure: int = 100) -> None:
        super().__init__(parent)
        self._measure = measure
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget(self)
        holder.setObjectName("scrollBody")
        outer = QHBoxLayout(holder)
        outer.setContentsMargins(28, 24, 28, 28)
        outer.addStretch(1)
        self.column = QWidget(holder)
        self.body = QVBoxLayout(self.column)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(SPACING + 2)
        outer.addWidget(self.column, 100)
        outer.addStretch(1)
        self.setWidget(holder)
        self._fit_measure()

    def set_measure(self, measure: int) -> None:
        self._measure = measure
        self._fit_measure()

    def _fit_measure(self) -> None:
        self.column.setMaximumWidth(self.fontMetrics().averageCharWidth() * self._measure + 80)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_measure()


class ThemePage(ReadableColumn):
    previous_requested = Signal()
    next_requested = Signal()

    def __init__(
        self,
        theme: Theme,
        index: int,
        count: int,
        previous_title: str,
        next_title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.theme = theme
        self.index = index
        b = self.body
        b.addWidget(label(self.tr("THEME %d OF %d") % (index + 1, count), "eyebrow", self.column))
        self.heading = label(theme.title, "h1", self.column)
        b.addWidget(self.heading)
        self.progress = label("", "muted", self.column)
        b.addWidget(self.progress)

        why = QWidget(self.column)
        why_layout = QVBoxLayout(why)
        why_layout.setContentsMargins(24, 0, 0, 4)
        why_layout.setSpacing(8)
        why_layout.addWidget(label(theme.why_it_matters, "", why))
        if theme.panel_wording:
            why_layout.addWidget(
                label(self.tr("The Panel's words: %s") % theme.panel_wording, "muted", why)
            )
        if theme.evidence:
            why_layout.addWidget(label(self.tr("Evidence you might cite"), "h3", why))
            why_layout.addWidget(label("\n".join(f"•  {e}" for e in theme.evidence), "", why))
        why_layout.addWidget(
            label(
                self.tr(
                    "Answer from what you knew at the time and why it made sense then, not from "
                    "what is known now. This is about how the system shaped practice, not blame."
                ),
                "small",
                why,
            )
        )
        self.why = Disclosure(
            self.tr("Why this theme matters"), why, self.column, short=self.tr("Why it matters")
        )
        b.addWidget(self.why)

        self.cards: list[PromptCard] = []
        for number, prompt in enumerate(theme.prompts, 1):
            card_widget = PromptCard(prompt, number, len(theme.prompts), self.column)
            self.cards.append(card_widget)
            b.addWidget(card_widget)

        frame, box = card(self.column)
        box.addWidget(label(self.tr("YOUR VIEW OF THIS THEME"), "eyebrow", frame))
        self.relevance = RelevanceChoice(
            self.tr("How relevant was this theme to your work on this case?"), frame
        )
        box.addWidget(self.relevance)
        box.addSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(14)
        mine = QVBoxLayout()
        self.key_learning = WritingEdit(frame, min_lines=4, max_lines=16)
        self.key_learning.setPlaceholderText(
            self.tr("In a sentence or two: what should others take from this theme?")
        )
        self.key_learning.setAccessibleName(self.tr("Key learning for this theme"))
        mine.addWidget(
            buddy(self.tr("&Key learning for this theme"), self.key_learning, frame, "h3")
        )
        mine.addWidget(self.key_learning)
        row.addLayout(mine, 1)
        self.other = QWidget(frame)
        other_layout = QVBoxLayout(self.other)
        other_layout.setContentsMargins(0, 0, 0, 0)
        self.other_learning = ReadingPane(self.other)
        self.other_caption = buddy("", self.other_learning, self.other, "small")
        other_layout.addWidget(self.other_caption)
        other_layout.addWidget(self.other_learning)
        self.other.hide()
        row.addWidget(self.other, 1)
        box.addLayout(row)
        b.addWidget(frame)

        nav = FlowLayout(spacing=12)  # one above the other at a large text size
        self.previous_button = button(self.tr("Previous theme"), self.column, icon_name="prev")
        self.previous_button.setToolTip(self.tr("Previous: %s (Ctrl+PgUp)") % previous_title)
        self.previous_button.setAccessibleDescription(previous_title)
        self.next_button = button(self.tr("Next theme"), self.column, icon_name="next")
        self.next_button.setToolTip(self.tr("Next: %s (Ctrl+PgDown)") % next_title)
        self.next_button.setAccessibleDescription(next_title)
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        nav.add(self.previous_button)
        nav.add(self.next_button, at_right=True)
        b.addLayout(nav)
        b.addStretch(1)

    def set_progress(self, tp: ThemeProgress) -> None:
        self.progress.setText(progress_phrase(tp))

    def show_other(self, work: ContributorWork | None) -> None:
        """Show (or hide, for None) another contributor's answers beside this person's own."""
        self.set_measure(160 if work else 100)
        name = None
        if work is not None:
            c = work.contributor
            name = f"{c.name} ({c.role})" if c.role else c.name
        for card_widget in self.cards:
            answer = work.answer(card_widget.prompt.id) if work else None
            card_widget.show_other(name, answer)
        if work is None:
            self.other.hide()
            return
        assessment = work.assessment(self.theme.id)
        rating = (
            assessment.relevance.label
            if assessment and assessment.relevance
            else self.tr("not rated")
        )
        self.other_caption.setText(self.tr("%s rated it: %s. Their key learning:") % (name, rating))
        self.other_learning.setAccessibleName(self.tr("%s's key learning") % name)
        learning = assessment.key_learning if assessment else ""
        self.other_learning.setPlainText(learning or self.tr("(No key learning written.)"))
        self.other.show()
