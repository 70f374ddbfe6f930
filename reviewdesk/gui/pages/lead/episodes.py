"""Key practice episodes: short periods where practice shaped what happened, with what was
known, what was done and why it made sense at the time, linked to chronology entries and themes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.chronology_import import DateProblem
from reviewdesk.domain.learning import PracticeEpisode
from reviewdesk.gui.models.lead import EpisodesModel
from reviewdesk.gui.pages.lead.common import (
    CheckList,
    DateField,
    LeadPage,
    lines,
    plain,
    select_id,
    selected_id,
    stretch,
    table_view,
)


def text_box(parent: QWidget, name: str, height: int = 84) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    box.setMinimumHeight(height)
    box.setMaximumHeight(int(height * 1.6))
    return box


class EpisodesPage(LeadPage):
    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(services, review_id, parent)
        self.editing: int | None = None
        self.model = EpisodesModel(self)
        self.table = table_view(self.model, self.tr("Key practice episodes"), self)
        stretch(self.table, 0)

        box = QGroupBox(self.tr("Key practice episode"), self)
        form = QFormLayout(box)
        self.title = QLineEdit(box)
        self.title.setAccessibleName(self.tr("Title"))
        self.start = DateField(box, required=False)
        self.start.setAccessibleName(self.tr("Start of the period"))
        self.end = DateField(box, required=False)
        self.end.setAccessibleName(self.tr("End of the period"))
        self.what_happened = text_box(box, self.tr("What happened"))
        self.what_was_known = text_box(box, self.tr("What was known"))
        self.what_was_done = text_box(box, self.tr("What was done"))
        self.factors = text_box(box, self.tr("Contributory factors, one a line"))
        self.factors.setPlaceholderText(self.tr("One a line: why it made sense at the time"))
        self.themes = CheckList(self.tr("Themes this episode relates to"), box)
        self.themes.set_items(self.theme_titles().items())
        self.themes.setMaximumHeight(120)
        self.entries = CheckList(self.tr("Chronology entries in this episode"), box)
        self.entries.setMinimumHeight(120)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(self.end)
        for label, field in (
            (self.tr("&Title:"), self.title),
            (self.tr("Period (&from, to):"), period),
            (self.tr("What &happened:"), self.what_happened),
            (self.tr("What was &known:"), self.what_was_known),
            (self.tr("What was &done:"), self.what_was_done),
            (self.tr("&Contributory factors:"), self.factors),
            (self.tr("T&hemes:"), self.themes),
            (self.tr("Chronology &entries:"), self.entries),
        ):
            form.addRow(label, field)
        period_label = form.labelForField(period)
        if period_label is not None:
            period_label.setBuddy(self.start)  # type: ignore[attr-defined]
        self.new_button = QPushButton(self.tr("&New episode"), box)
        self.save_button = QPushButton(self.tr("Sa&ve episode"), box)
        self.delete_button = QPushButton(self.tr("De&lete…"), box)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        form.addRow(buttons)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(box)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([520, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

        self.table.selectionModel().selectionChanged.connect(self._load_selected)
        self.new_button.clicked.connect(self.new_episode)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.refresh()
        self.new_episode()

    def refresh(self) -> None:
        analysis = self.services.findings.analysis(self.review_id)
        self.model.set_rows(analysis.current_episodes)
        checked = self.entries.checked()
        self.entries.set_items(
            (
                (e.id, e.short)
                for e in analysis.chronology
                if e.removed_on is None or e.id in checked
            ),
            checked,
        )
        if self.editing is not None:
            select_id(self.table, self.model, self.editing)

    def _load_selected(self) -> None:
        episode_id = selected_id(self.table)
        if episode_id is None:
            return
        ep = self.model.row(self.model.row_of(episode_id))
        self.editing = ep.id
        self.title.setText(ep.title)
        self.start.set_value(ep.start)
        self.end.set_value(ep.end)
        self.what_happened.setPlainText(ep.what_happened)
        self.what_was_known.setPlainText(ep.what_was_known)
        self.what_was_done.setPlainText(ep.what_was_done)
        self.factors.setPlainText(plain(ep.contributory_factors))
        self.themes.set_checked(ep.theme_ids)
        self.entries.set_checked(ep.entry_ids)
        self.delete_button.setEnabled(True)

    def new_episode(self) -> None:
        self.editing = None
        self.table.clearSelection()
        for w in (self.title, self.start, self.end):
            w.clear()
        for box in (self.what_happened, self.what_was_known, self.what_was_done, self.factors):
            box.clear()
        self.themes.set_checked(())
        self.entries.set_checked(())
        self.delete_button.setEnabled(False)
        self.title.setFocus()

    def save(self) -> None:
        try:
            start, end = self.start.day(), self.end.day()
        except DateProblem as exc:
            self.say(self.tr("Period: %s.") % exc, problem=True)
            return
        episode = PracticeEpisode(
            title=self.title.text(),
            start=start,
            end=end,
            what_happened=self.what_happened.toPlainText(),
            what_was_known=self.what_was_known.toPlainText(),
            what_was_done=self.what_was_done.toPlainText(),
            contributory_factors=lines(self.factors.toPlainText()),
            theme_ids=tuple(self.themes.checked()),
            entry_ids=tuple(self.entries.checked()),
        )
        editing = self.editing
        if editing is None:
            saved = self.attempt(
                lambda: self.services.findings.add_episode(self.review_id, episode),
                self.tr("Episode added."),
            )
        else:
            saved = self.attempt(
                lambda: self.services.findings.edit_episode(editing, episode),
                self.tr("Episode saved."),
            )
        if saved is not None:
            self.editing = saved.id
            self.refresh()

    def delete(self) -> None:
        if self.editing is None:
            return
        episode_id = self.editing
        cited = [
            f.ref
            for f in self.services.findings.analysis(self.review_id).findings
            if any(
                link.kind.value == "episode" and link.target_id == episode_id for link in f.links
            )
        ]
        if cited:
            question = self.tr(
                "This episode is cited by finding %s. If you delete it, it will be kept and "
                "marked as removed, so that the finding still makes sense. Remove it?"
            ) % ", ".join(cited)
        else:
            question = self.tr("Delete this key practice episode? This cannot be undone.")
        if not self.confirm(self, self.tr("Delete episode"), question):
            return
        outcome = self.attempt(
            lambda: self.services.findings.delete_episode(episode_id, confirm=bool(cited))
        )
        if outcome is not None:
            self.say(self.tr(outcome.message))
            self.new_episode()
            self.refresh()
