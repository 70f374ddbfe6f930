"""The review workspace: navigator, pages (Overview, each theme, Summary), private notes, find.

The workspace owns the save targets of the review that is open: every answer, every theme's
rating and key learning, every private note. Progress is worked out from what has been committed
(:attr:`SaveTarget.saved`), so what the navigator says is what is stored.
"""

from __future__ import annotations

import itertools
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.domain.framework import Theme
from reviewdesk.domain.progress import ThemeProgress, contributor_progress, theme_progress
from reviewdesk.domain.reasons import REASON_PROMPTS, answer_problem, rating_problem
from reviewdesk.domain.review import (
    Contributor,
    ContributorProgress,
    ContributorWork,
    Relevance,
    ReviewDocument,
)
from reviewdesk.gui.autosave import Autosaver, SaveTarget
from reviewdesk.gui.fit import scrolling
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.icons import icon
from reviewdesk.gui.pages.answer_sync import AnswerSync
from reviewdesk.gui.pages.citing import CitationRows
from reviewdesk.gui.pages.find import (
    ANSWER,
    EVIDENCE,
    LEARNING,
    OTHER,
    PROMPT,
    Field,
    FindInReview,
)
from reviewdesk.gui.pages.overview import OverviewPage
from reviewdesk.gui.pages.summary import MyTheme, SummaryPage
from reviewdesk.gui.pages.theme_page import ReadableColumn, ThemePage
from reviewdesk.gui.widgets.basics import buddy, label
from reviewdesk.gui.widgets.feedback import Banner
from reviewdesk.gui.widgets.find_bar import FindBar
from reviewdesk.gui.widgets.navigator import Navigator
from reviewdesk.gui.widgets.notes_pane import NotesPane
from reviewdesk.gui.widgets.prompt_card import PromptCard
from reviewdesk.gui.wording import STATE_ICONS, progress_phrase

if TYPE_CHECKING:
    from datetime import datetime

    from reviewdesk.domain.clocks import DueStep
    from reviewdesk.gui.changes import Changes, ChangesHub
    from reviewdesk.gui.widgets.editors import WritingEdit
    from reviewdesk.services.analysis.chronology import ChronologyService
    from reviewdesk.services.clocks import ClockService
    from reviewdesk.services.drafts import DraftStore
    from reviewdesk.services.reviews import ReviewService


def _stored(target: SaveTarget) -> tuple[Any, ...]:
    """What ``target`` holds as stored: all there is to save of it until its page is built."""
    return target.saved


def _typed_answer(card: PromptCard) -> tuple[str, str]:
    return card.editor.toPlainText(), card.evidence.text()


def _typed_rating(page: ThemePage) -> tuple[str | None, str]:
    relevance = page.relevance.value()
    return relevance.value if relevance else None, page.key_learning.toPlainText()


def _typed_note(editor: WritingEdit) -> tuple[str]:
    return (editor.toPlainText(),)


class ReviewWorkspace(QWidget):
    back_requested = Signal()
    export_requested = Signal()
    edit_record_requested = Signal()
    chronology_entry_requested = Signal(int)  # a cited entry's link was followed
    message = Signal(str)

    def __init__(
        self,
        doc: ReviewDocument,
        me: Contributor,
        notes: dict[str, str],
        reviews: ReviewService,
        autosaver: Autosaver,
        parent: QWidget | None = None,
        *,
        why_expanded: bool = True,
        chronology: ChronologyService | None = None,
        clocks: ClockService | None = None,
        changes: ChangesHub | None = None,
        drafts: DraftStore | None = None,
    ) -> None:
        super().__init__(parent)
        self._hub = changes  # what is saved here is announced; what others change is shown
        self._clocks = clocks  # ClockService: the overview's timescales (None: not shown)
        self.setObjectName("page")
        self._why_expanded = why_expanded
        self.doc = doc
        self.me = me
        self.framework = doc.framework
        self._reviews = reviews
        self._autosaver = autosaver
        self.others: list[ContributorWork] = [
            w for w in doc.contributors if w.contributor.id != me.id
        ]
        mine = next((w for w in doc.contributors if w.contributor.id == me.id), None)
        self._answers: dict[str, SaveTarget] = {}
        self._assessments: dict[str, SaveTarget] = {}
        self._notes: dict[str, SaveTarget] = {}
        # versions, conflicts, drafts and others' changes of these answers (issue 22)
        self.sync = AnswerSync(self, drafts)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        self.banner = Banner(self)
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(16, 10, 16, 0)
        banner_row.addWidget(self.banner)
        layout.addLayout(banner_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.navigator = Navigator(self.splitter)
        self.navigator.setMinimumWidth(self.navigator.least_width())
        center = QWidget(self.splitter)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(0)
        self.pages = QStackedWidget(center)
        self.pages.setObjectName("pages")
        center_layout.addWidget(self.pages, 1)
        self.find_bar = FindBar(center)
        center_layout.addWidget(self.find_bar)
        notes_holder = QWidget(self.splitter)
        notes_layout = QVBoxLayout(notes_holder)
        notes_layout.setContentsMargins(8, 12, 12, 12)
        self.notes = NotesPane(notes_holder)
        notes_layout.addWidget(scrolling(self.notes, notes_holder))  # at a large text size
        self.notes_holder = notes_holder
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([280, 800, 300])
        layout.addWidget(self.splitter, 1)

        self.overview = OverviewPage(self.pages)
        self.pages.addWidget(self.overview)
        self.navigator.add_entry(
            self.tr("Overview"), self.tr("The case and your progress"), icon("overview")
        )
        # Theme pages are built the first time they are shown (a page holds some 250 widgets);
        # until then their save targets hold the stored text.
        self.theme_pages: list[ThemePage | None] = []
        for theme in self.framework.themes:
            self.pages.addWidget(QWidget(self.pages))
            self.theme_pages.append(None)
            self.navigator.add_entry(theme.short_title, "", icon("state-not-started"))
            self._make_targets(theme, mine)
        self.summary = SummaryPage(self.pages)
        self.pages.addWidget(self.summary)
        self.navigator.add_entry(
            self.tr("Summary"), self.tr("Relevance and key learning"), icon("summary")
        )
        self._wire_notes(notes)

        self.summary.export_requested.connect(self.export_requested)
        self.summary.prompt_requested.connect(self.go_to_prompt)
        self.overview.theme_requested.connect(lambda i: self.go(i + 1))
        self.overview.continue_requested.connect(self.jump_to_unanswered)
        self.overview.edit_record_requested.connect(self.edit_record_requested)
        self.navigator.currentRowChanged.connect(self._row_changed)
        self.banner.retry_requested.connect(autosaver.flush)
        autosaver.target_saved.connect(self._on_saved)
        autosaver.failure.connect(self._on_failure)
        autosaver.conflict.connect(self.sync.on_conflict)
        self._find = FindInReview(
            self.find_bar, self._fields, self._show_field, lambda: self.current() - 1
        )
        # The entries answers cite (None: not shown, as when no chronology service is given).
        self._citations = (
            CitationRows(
                chronology,
                doc.id,
                me.id,
                self._compared,
                self.chronology_entry_requested,
                self._announce_citations,
            )
            if chronology is not None
            else None
        )
        for theme in self.framework.themes:
            self._update_theme(theme)
        self.go(0)
        if changes is not None:
            changes.follow(self, self._changes_seen)
        if self.sync.restored:
            told = self.tr(
                "Writing kept on this computer while it could not be saved has been put "
                "back where it was written, and is being saved now."
            )
            # after the window has connected to the message (it does so once this returns)
            QTimer.singleShot(0, self, lambda: self.message.emit(told))
            autosaver.flush()

    # --- building -----------------------------------------------------------------------------

    def _build_header(self) -> QFrame:
        header = QFrame(self)
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 10, 16, 10)
        row.setSpacing(12)
        self.back_button = QToolButton(header)
        self.back_button.setIcon(icon("back"))
        self.back_button.setText(self.tr("Library"))
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_button.setAccessibleName(self.tr("Back to the library"))
        self.back_button.setToolTip(self.tr("Back to the library (Ctrl+L)"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.back_button.clicked.connect(self.back_requested)
        row.addWidget(self.back_button)
        titles = QVBoxLayout()
        titles.setSpacing(1)
        record = self.doc.record
        self.eyebrow = label(
            f"{record.reference.upper()}  ·  {record.review_type.label.upper()}", "eyebrow", header
        )
        self.title = label(record.title, "h3", header)
        who = f"{self.me.name}, {self.me.role}" if self.me.role else self.me.name
        self.writing_as = label(self.tr("Writing as %s") % who, "small", header)
        titles.addWidget(self.eyebrow)
        titles.addWidget(self.title)
        titles.addWidget(self.writing_as)
        row.addLayout(titles, 3)
        self.compare = QComboBox(header)
        self.compare.addItem(self.tr("No one: just your own"), None)
        for work in self.others:
            c = work.contributor
            self.compare.addItem(", ".join(p for p in (c.name, c.role) if p), c.id)
        self.compare.setAccessibleName(self.tr("Read another contributor's answers beside yours"))
        self.compare.currentIndexChanged.connect(self._compare_changed)
        # As wide as 24 characters at the text size of the moment (a maximum width worked out
        # once, here, cut "No one: just your own" short at 200%); the title takes what is left.
        self.compare.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.compare.setMinimumContentsLength(24)
        self.compare_label = buddy(self.tr("Read beside &yours:"), self.compare, header, "small")
        self.compare_label.setWordWrap(False)
        compare_box = QVBoxLayout()
        compare_box.setSpacing(2)
        compare_box.addWidget(self.compare_label)
        compare_box.addWidget(self.compare)
        row.addLayout(compare_box)
        visible = bool(self.others)
        self.compare.setVisible(visible)
        self.compare_label.setVisible(visible)
        return header

    def _make_targets(self, theme: Theme, mine: ContributorWork | None) -> None:
        saver = self._autosaver
        for number, prompt in enumerate(theme.prompts, 1):
            answer = mine.answer(prompt.id) if mine else None
            target = saver.add(
                SaveTarget(
                    key=("answer", prompt.id),
                    label=self.tr("Your answer to prompt %d of %s") % (number, theme.short_title),
                    collect=tuple,
                    save=self.sync.saver(prompt.id),
                    saved=(answer.text, answer.evidence) if answer else ("", ""),
                )
            )
            target.collect = partial(_stored, target)  # until the page is built
            self.sync.prepare(target, prompt.id, answer.version if answer else 0)
            self._answers[prompt.id] = target
        assessment = mine.assessment(theme.id) if mine else None
        relevance = assessment.relevance if assessment and assessment.relevance else None
        target = saver.add(
            SaveTarget(
                key=("assessment", theme.id),
                label=self.tr("Your rating and key learning for %s") % theme.short_title,
                collect=tuple,
                save=self.sync.rating_saver(theme.id),
                saved=(
                    relevance.value if relevance else None,
                    assessment.key_learning if assessment else "",
                ),
            )
        )
        target.collect = partial(_stored, target)
        self.sync.prepare_rating(target, theme.id, assessment.version if assessment else 0)
        self._assessments[theme.id] = target

    def theme_page(self, index: int) -> ThemePage:
        """The page of theme ``index``, built (and bound to its save targets) on first use."""
        page = self.theme_pages[index]
        if page is not None:
            return page
        themes = self.framework.themes
        theme = themes[index]
        previous_title = themes[index - 1].short_title if index else self.tr("Overview")
        next_title = (
            themes[index + 1].short_title if index + 1 < len(themes) else self.tr("Summary")
        )
        page = ThemePage(theme, index, len(themes), previous_title, next_title, self.pages)
        page.previous_requested.connect(self.previous_theme)
        page.next_requested.connect(self.next_theme)
        if self._citations is not None:
            self._citations.built(page)
        page.why.set_expanded(self._why_expanded)
        page.why.toggled.connect(self._why_toggled)
        self._bind(page, theme)
        placeholder = self.pages.widget(index + 1)
        assert placeholder is not None  # made with the other pages (__init__)
        self.pages.insertWidget(index + 1, page)
        self.pages.removeWidget(placeholder)
        placeholder.deleteLater()
        self.theme_pages[index] = page
        self._in_reading_order(page)
        page.set_progress(self.theme_state(theme))
        page.show_other(self._compared())
        return page

    def _in_reading_order(self, page: QWidget) -> None:
        """A page built on first use joins Tab's round where it is seen: after the navigator,
        before the private notes (made last, its fields came after the notes)."""
        stops = _focus_stops(page)
        if stops:  # the notes move to after the page (which came after the navigator)
            for first, second in itertools.pairwise([stops[-1], *_focus_stops(self.notes_holder)]):
                QWidget.setTabOrder(first, second)

    def _bind(self, page: ThemePage, theme: Theme) -> None:
        saver = self._autosaver
        for card in page.cards:
            target = self._answers[card.prompt.id]
            text, evidence = target.collect()  # what is stored, or a draft put back
            card.editor.set_text_quietly(text)
            card.evidence.setText(evidence)
            card.set_answered(bool(text.strip()))
            target.collect = partial(_typed_answer, card)
            card.editor.textChanged.connect(lambda t=target: saver.touch(t))
            card.evidence.textEdited.connect(lambda _s, t=target: saver.touch(t))
            card.editor.focus_lost.connect(saver.flush)
            card.evidence.focus_lost.connect(saver.flush)
        target = self._assessments[theme.id]
        value, learning = target.collect()  # what is stored, or a draft put back
        page.relevance.set_value(Relevance(value) if value else None)
        page.key_learning.set_text_quietly(learning)
        target.collect = partial(_typed_rating, page)
        page.key_learning.textChanged.connect(lambda t=target: saver.touch(t))
        page.key_learning.focus_lost.connect(saver.flush)
        page.relevance.changed.connect(lambda t=target: saver.touch(t))
        page.relevance.changed.connect(saver.flush)  # a rating is saved at once
        for card in page.cards:
            if card.prompt.id in REASON_PROMPTS:
                self._watch_reason(page, card)

    def _watch_reason(self, page: ThemePage, card: PromptCard) -> None:
        """A prompt that asks for a reason says under the answer, as it is typed or as the theme
        is marked not relevant, why the answer or the rating will not be saved yet (the service
        refuses them; the words typed stay where they are)."""
        prompt_ids = self.framework.prompt_ids

        def check() -> None:
            text = card.editor.toPlainText()
            not_relevant = page.relevance.value() is Relevance.NOT_RELEVANT
            rating = rating_problem(page.theme.id, prompt_ids, not_relevant, {card.prompt.id: text})
            # An empty answer under a "not relevant" rating: the rating is what waits for it.
            written = answer_problem(card.prompt.id, text, theme_marked_not_relevant=False)
            problem = written or rating
            card.show_reason_needed(translate_label(problem) if problem else "")

        card.editor.textChanged.connect(check)
        page.relevance.changed.connect(check)
        check()

    def _why_toggled(self, expanded: bool) -> None:
        self._why_expanded = expanded
        for page in self.theme_pages:
            if page is not None and page.why.expanded() != expanded:
                page.why.set_expanded(expanded)

    def _wire_notes(self, notes: dict[str, str]) -> None:
        saver = self._autosaver
        scopes = [("", self.tr("this review as a whole"))]
        scopes += [(t.id, t.short_title) for t in self.framework.themes]
        for scope, title in scopes:
            text = notes.get(scope, "")
            editor = self.notes.add_scope(scope, title, text)
            target = saver.add(
                SaveTarget(
                    key=("note", scope),
                    label=self.tr("Your private notes about %s") % title,
                    collect=partial(_typed_note, editor),
                    save=partial(self._save_note, scope),
                    saved=(text,),
                )
            )
            self._notes[scope] = target
            editor.textChanged.connect(lambda t=target: saver.touch(t))
            editor.focus_lost.connect(saver.flush)

    def _save_note(self, scope: str, values: tuple[Any, ...]) -> datetime:
        return self._reviews.save_private_note(self.me.id, values[0], theme_id=scope)

    # --- progress -----------------------------------------------------------------------------

    def theme_state(self, theme: Theme) -> ThemeProgress:
        answered = [p for p in theme.prompt_ids if self._answers[p].saved[0].strip()]
        relevance = self._assessments[theme.id].saved[0]
        return theme_progress(theme.id, theme.prompt_ids, answered, relevance)

    def _update_theme(self, theme: Theme) -> None:
        index = self.framework.themes.index(theme)
        tp = self.theme_state(theme)
        page = self.theme_pages[index]
        if page is not None:
            page.set_progress(tp)
        item = self.navigator.item(index + 1)
        self.navigator.set_subtitle(item, progress_phrase(tp), icon(STATE_ICONS[tp.state]))

    def _on_saved(self, target: SaveTarget) -> None:
        kind, key = target.key
        if kind in ("answer", "assessment") and self._hub is not None:
            from reviewdesk.gui.changes import Changes, Kind

            self._hub.announce(Changes.of(self.doc.id, Kind.ANSWERS, source=self))
        if kind == "answer":
            theme = self.framework.theme_of_prompt(key)
            page = self.theme_pages[self.framework.themes.index(theme)]
            if page is not None:
                card = next(c for c in page.cards if c.prompt.id == key)
                card.set_answered(bool(target.saved[0].strip()))
            self._update_theme(theme)
        elif kind == "assessment":
            self._update_theme(self.framework.theme(key))

    def _on_failure(self, reason: str) -> None:
        if reason:
            self.banner.show_failure(reason, self._autosaver.retry_in_ms)
        else:
            self.banner.hide()
            self.message.emit(self.tr("Saved again: everything you typed is now stored."))

    def everyone(self) -> list[ContributorProgress]:
        themes = {t.id: t.prompt_ids for t in self.framework.themes}
        rows = []
        for work in self.doc.contributors:
            if work.contributor.id == self.me.id:
                states = tuple(self.theme_state(t) for t in self.framework.themes)
                total = sum((s.progress for s in states[1:]), states[0].progress)
                rows.append(ContributorProgress(self.me, total, states))
                continue
            answered = [a.prompt_id for a in work.answers if a.is_answered]
            relevance = {
                a.theme_id: a.relevance.value if a.relevance else None for a in work.assessments
            }
            total, states = contributor_progress(themes, answered, relevance)
            rows.append(ContributorProgress(work.contributor, total, states))
        return rows

    def my_summary(self) -> list[MyTheme]:
        result = []
        for theme in self.framework.themes:
            value, learning = self._assessments[theme.id].saved
            unanswered = tuple(
                (i, p.text)
                for i, p in enumerate(theme.prompts)
                if not self._answers[p.id].saved[0].strip()
            )
            result.append(
                MyTheme(
                    self.theme_state(theme),
                    Relevance(value) if value else None,
                    learning,
                    unanswered,
                )
            )
        return result

    # --- moving around ------------------------------------------------------------------------

    @property
    def summary_index(self) -> int:
        return len(self.theme_pages) + 1

    def current(self) -> int:
        return self.pages.currentIndex()

    def go(self, index: int) -> None:
        index = max(0, min(self.summary_index, index))
        if self.navigator.currentRow() != index:
            self.navigator.setCurrentRow(index)  # calls back into _row_changed
        else:
            self._row_changed(index)

    def _clock_steps(self) -> list[DueStep] | None:
        """This review's outstanding steps (None when the clocks are not shown)."""
        if self._clocks is None:
            return None
        try:
            return self._clocks.for_review(self.doc.id)
        except ReviewDeskError:
            return None

    def _row_changed(self, index: int) -> None:
        if index < 0:
            return
        self._autosaver.flush()
        if index == 0:
            self.overview.refresh(
                self.doc.record,
                self.framework,
                self.me,
                [self.theme_state(t) for t in self.framework.themes],
                self.everyone(),
                clock=self._clock_steps(),
            )
        elif index == self.summary_index:
            self.summary.refresh(self.framework, self.me.name, self.my_summary(), self.others)
        else:
            page = self.theme_page(index - 1)
            if self._citations is not None:
                self._citations.show(page)
        self.pages.setCurrentIndex(index)
        scope = self.framework.themes[index - 1].id if 0 < index < self.summary_index else ""
        self.notes.show_scope(scope)

    def _changes_seen(self, changes: Changes) -> None:
        """The chronology (in the lead toolkit) or citations changed elsewhere: the citations
        under the answers follow (other pages' as they are shown); answers changed elsewhere
        are read again."""
        from reviewdesk.gui.changes import Kind

        if changes.source is not self and changes.about(self.doc.id, Kind.ANALYSIS, Kind.ANSWERS):
            self.refresh_citations()
        if changes.source is not self and changes.about(self.doc.id, Kind.ANSWERS):
            # answers changed elsewhere (the publication check fixed a detail): shown at once
            # where not being written in; where they are, a note, and the save asks which
            self.sync.reload()
        if changes.source is not self and changes.about(self.doc.id, Kind.CONTRIBUTORS):
            self._people_again()

    def _people_again(self) -> None:
        """Names and roles changed (the person's own details, say): "Writing as" and the
        list of others to read beside one's own show them as stored now."""
        from reviewdesk.domain.errors import ReviewDeskError

        try:
            people = {c.id: c for c in self._reviews.contributors(self.doc.id)}
        except ReviewDeskError:
            return  # read again at the next change, or when the review is opened again
        me = people.get(self.me.id)
        if me is not None and me != self.me:
            self.set_me(me)
        for index in range(1, self.compare.count()):
            person = people.get(self.compare.itemData(index))
            if person is not None:
                shown = ", ".join(p for p in (person.name, person.role) if p)
                self.compare.setItemText(index, shown)

    def _announce_citations(self) -> None:
        """The entries an answer cites were chosen: the chronology's "Cited by" (in the lead
        toolkit) follows."""
        if self._hub is not None:
            from reviewdesk.gui.changes import Changes, Kind

            self._hub.announce(Changes.of(self.doc.id, Kind.ANALYSIS, source=self))

    def refresh_citations(self) -> None:
        """Show the page's citations anew (the chronology may have changed elsewhere)."""
        page = self.pages.currentWidget()
        if self._citations is not None and isinstance(page, ThemePage):
            self._citations.show(page)

    def next_theme(self) -> None:
        self.go(self.current() + 1)
        self._focus_page_start()

    def previous_theme(self) -> None:
        self.go(self.current() - 1)
        self._focus_page_start()

    def _focus_page_start(self) -> None:
        page = self.pages.currentWidget()
        assert isinstance(page, ReadableColumn)  # every page scrolls (theme_page.py)
        page.verticalScrollBar().setValue(0)
        if isinstance(page, ThemePage):
            page.why.button.setFocus()
        else:
            self.navigator.setFocus()

    def go_to_prompt(self, theme_index: int, prompt_index: int) -> None:
        self.go(theme_index + 1)
        page = self.theme_page(theme_index)
        card = page.cards[prompt_index]
        page.ensureWidgetVisible(card, 0, 40)
        card.editor.setFocus()

    def show_prompt(
        self,
        theme_id: str,
        prompt_id: str = "",
        contributor_id: int | None = None,
        *,
        evidence: bool = False,
    ) -> QWidget | None:
        """Go to a prompt (a search hit) and focus its answer: one's own (or its evidence), or
        another contributor's beside it; with no prompt, the theme's key learning."""
        if prompt_id in self.framework.prompt_ids:
            theme_id = self.framework.theme_of_prompt(prompt_id).id
        t = next((i for i, th in enumerate(self.framework.themes) if th.id == theme_id), -1)
        if t < 0:
            return None
        ids = self.framework.themes[t].prompt_ids
        p = ids.index(prompt_id) if prompt_id in ids else -1
        other = contributor_id != self.me.id and self.compare.findData(contributor_id) > 0
        kind = LEARNING if p < 0 else OTHER if other else EVIDENCE if evidence else ANSWER
        page, widget = self._show_field(Field(t, kind, p, "", contributor_id or 0))
        page.ensureWidgetVisible(widget, 40, 80)
        widget.setFocus()
        return widget

    def show_theme(self, theme_id: str, contributor_id: int | None = None) -> QWidget | None:
        return self.show_prompt(theme_id, "", contributor_id)

    def jump_to_unanswered(self) -> bool:
        """Go to the first prompt without an answer (after the current one, then from the top),
        skipping themes rated not relevant. False when every prompt has an answer."""
        order = []
        for t_index, theme in enumerate(self.framework.themes):
            if self._assessments[theme.id].saved[0] == Relevance.NOT_RELEVANT.value:
                continue
            for p_index, prompt in enumerate(theme.prompts):
                if not self._answers[prompt.id].collect()[0].strip():
                    order.append((t_index, p_index))
        if not order:
            self.message.emit(self.tr("Every prompt has an answer. Well done."))
            return False
        here = self.current() - 1  # the theme shown (-1 on the overview)
        at = self._card_index(self.focusWidget(), here)
        same = [(t, p) for t, p in order if t == here and p > at]
        later = [(t, p) for t, p in order if t > here]
        target = (same or later or order)[0]
        self.go_to_prompt(*target)
        return True

    def _card_index(self, widget: QWidget | None, theme_index: int) -> int:
        if widget is None or not 0 <= theme_index < len(self.theme_pages):
            return -1
        page = self.theme_pages[theme_index]
        for i, card in enumerate(page.cards if page is not None else []):
            if card.isAncestorOf(widget):
                return i
        return -1

    # --- other contributors -------------------------------------------------------------------

    def _compared(self) -> ContributorWork | None:
        contributor_id = self.compare.currentData()
        return next((w for w in self.others if w.contributor.id == contributor_id), None)

    def _compare_changed(self, _index: int) -> None:
        work = self._compared()
        for page in self.theme_pages:
            if page is not None:
                page.show_other(work)
        self.refresh_citations()  # theirs on this page; other pages as they are shown
        if work is not None:
            self.message.emit(
                self.tr("Showing %s's answers beside yours (read-only).") % work.contributor.name
            )

    def focus_compare(self) -> None:
        if self.compare.isVisible():
            self.compare.setFocus()
            self.compare.showPopup()
        else:
            self.message.emit(self.tr("No one else has contributed to this review yet."))

    # --- notes --------------------------------------------------------------------------------

    def set_notes_visible(self, visible: bool) -> None:
        self.notes_holder.setVisible(visible)

    def focus_notes(self) -> None:
        self.notes_holder.show()
        self.notes.current().setFocus()

    def splitter_state(self) -> QByteArray:
        return self.splitter.saveState()

    def restore_splitter(self, state: QByteArray | None) -> None:
        if state is not None:
            self.splitter.restoreState(state)

    # --- find ---------------------------------------------------------------------------------

    def show_find(self, initial: str = "") -> None:
        self._find.show(initial)

    def hide_find(self) -> None:
        self._find.hide()

    def find_next(self) -> None:
        self._find.step(1)

    def find_previous(self) -> None:
        self._find.step(-1)

    def _fields(self) -> list[Field]:
        fields = []
        for t, theme in enumerate(self.framework.themes):
            for p, prompt in enumerate(theme.prompts):
                text, evidence = self._answers[prompt.id].collect()
                fields += [
                    Field(t, PROMPT, p, prompt.text),
                    Field(t, ANSWER, p, text),
                    Field(t, EVIDENCE, p, evidence),
                ]
            fields.append(Field(t, LEARNING, -1, self._assessments[theme.id].collect()[1]))
            for work in self.others:
                for p, prompt in enumerate(theme.prompts):
                    answer = work.answer(prompt.id)
                    if answer is not None and answer.text:
                        fields.append(Field(t, OTHER, p, answer.text, work.contributor.id))
        return fields

    def _show_field(self, field: Field) -> tuple[ThemePage, QWidget]:
        self.go(field.theme + 1)
        page = self.theme_page(field.theme)
        if field.kind == LEARNING:
            return page, page.key_learning
        card = page.cards[field.prompt]
        if field.kind == OTHER:
            index = self.compare.findData(field.contributor)
            if self.compare.currentIndex() != index:
                self.compare.setCurrentIndex(index)
            return page, card.other_reader
        widget = {PROMPT: card.text, ANSWER: card.editor, EVIDENCE: card.evidence}[field.kind]
        return page, widget

    def set_me(self, me: Contributor) -> None:
        """The person's details changed (File, Your details)."""
        self.me = me
        who = f"{me.name}, {me.role}" if me.role else me.name
        self.writing_as.setText(self.tr("Writing as %s") % who)
        if self.current() in (0, self.summary_index):
            self._row_changed(self.current())

    @property
    def why_expanded(self) -> bool:
        return self._why_expanded


def _focus_stops(root: QWidget) -> list[QWidget]:
    """The widgets inside ``root`` that Tab stops at, in the order they were made."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.window() is root.window()  # not a drop-down's list, a window of its own
    ]
