"""Key practice episodes: short periods where practice shaped what happened, with what was
known, what was done and why it made sense at the time, linked to chronology entries and themes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import PracticeEpisode
from reviewdesk.domain.chronology_import import DateProblem
from reviewdesk.gui.models.analysis import EpisodesModel
from reviewdesk.gui.pages.analysis.common import (
    CheckList,
    DateField,
    lines,
    master_detail,
    plain,
    stretch,
    table_view,
)
from reviewdesk.gui.pages.analysis.editor import EditorPage

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services


class TextBox(QPlainTextEdit):
    """A text box at least ``height`` pixels tall (its height at 100% text) and at least
    three lines (or its ``lines``, if fewer) of the text size in use, and up to 1.6 times its
    lines: at 200% a small box grows, so what it holds (or its example) is not cut mid-sentence,
    while a tall one does not push the rest of its form off a small screen."""

    def __init__(self, parent: QWidget, height: int) -> None:
        super().__init__(parent)
        self.pixels = height
        self.lines = max(2, round((height - 12) / 17))  # 17: a line at 100% text
        self._fit()

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        frame = 2 * self.frameWidth() + 2 * round(self.document().documentMargin()) + 4
        self.setMinimumHeight(max(self.pixels, min(self.lines, 3) * line + frame))
        self.setMaximumHeight(max(int(self.pixels * 1.6), round(self.lines * 1.6 * line) + frame))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


def text_box(parent: QWidget, name: str, height: int = 84) -> QPlainTextEdit:
    box = TextBox(parent, height)
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    return box


class EpisodesPage(EditorPage):
    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.texts.update(added=self.tr("Episode added."), saved=self.tr("Episode saved."),
                          delete=self.tr("Delete episode"),
                          item=self.tr("key practice episode"))  # fmt: skip
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
        self.factors = text_box(box, self.tr("Contributory factors, one on each line"))
        self.factors.setPlaceholderText(
            self.tr("One factor on each line: why it made sense at the time")
        )
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
            (self.tr("Th&emes:"), self.themes),
            (self.tr("Ch&ronology entries:"), self.entries),
        ):
            form.addRow(label, field)
        period_label = form.labelForField(period)
        if period_label is not None:
            period_label.setBuddy(self.start)  # type: ignore[attr-defined]
        self.editor_buttons(form, box, self.tr("&New episode"), self.tr("Sa&ve episode"))
        layout = QVBoxLayout(self)
        layout.addWidget(master_detail(self, self.table, box, (520, 760)), 1)
        layout.addWidget(self.message)
        self.refresh()
        self.new_item()

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
        self.reselect()

    def load(self, ep: PracticeEpisode) -> None:
        self.title.setText(ep.title)
        self.start.set_value(ep.start)
        self.end.set_value(ep.end)
        self.what_happened.setPlainText(ep.what_happened)
        self.what_was_known.setPlainText(ep.what_was_known)
        self.what_was_done.setPlainText(ep.what_was_done)
        self.factors.setPlainText(plain(ep.contributory_factors))
        self.themes.set_checked(ep.theme_ids)
        self.entries.set_checked(ep.entry_ids)

    def clear_form(self) -> None:
        for w in (self.title, self.start, self.end):
            w.clear()
        for box in (self.what_happened, self.what_was_known, self.what_was_done, self.factors):
            box.clear()
        self.themes.set_checked(())
        self.entries.set_checked(())
        self.title.setFocus()

    def item_from_form(self) -> PracticeEpisode | None:
        try:
            start, end = self.start.day(), self.end.day()
        except DateProblem as exc:
            self.say(self.tr("Period: %s.") % exc, problem=True)
            return None
        return PracticeEpisode(
            title=self.title.text(),
            start=start,
            end=end,
            what_happened=self.what_happened.toPlainText(),
            what_was_known=self.what_was_known.toPlainText(),
            what_was_done=self.what_was_done.toPlainText(),
            contributory_factors=lines(self.factors.toPlainText()),
            theme_ids=tuple(self.themes.checked()),
            entry_ids=tuple(self.entries.checked()),
            version=self.version_seen if self.editing is not None else 0,
        )

    def main_text(self) -> str:
        return self.what_happened.toPlainText()

    def set_main_text(self, text: str) -> None:
        self.what_happened.setPlainText(text)

    def add(self, episode: PracticeEpisode) -> PracticeEpisode:
        return self.services.findings.add_episode(self.review_id, episode)

    def edit(self, episode_id: int, episode: PracticeEpisode) -> PracticeEpisode:
        return self.services.findings.edit_episode(episode_id, episode)

    def delete_question(self, episode_id: int) -> tuple[str, bool]:
        cited = [
            f.ref
            for f in self.services.findings.analysis(self.review_id).findings
            if any(k.kind.value == "episode" and k.target_id == episode_id for k in f.links)
        ]
        if cited:
            return self.tr(
                "This episode is cited by finding %s. If you delete it, it will be kept and "
                "marked as removed, so that the finding still makes sense. Remove it?"
            ) % ", ".join(cited), True
        return self.tr("Delete this key practice episode? This cannot be undone."), False

    def remove(self, episode_id: int, cited: bool):
        return self.services.findings.delete_episode(
            episode_id, confirm=cited, version=self.version_seen
        )
