"""One reflective prompt: its words, a roomy editor, an optional evidence note, and (for a lead)
another contributor's answer beside it, read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.domain.framework import Prompt
from reviewdesk.domain.review import Answer
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.icons import icon
from reviewdesk.gui.widgets.basics import buddy, label
from reviewdesk.gui.widgets.citations import (
    AnswerCitations,
    citation_links,
    entry_of_link,
    entry_words,
    escape,
)
from reviewdesk.gui.widgets.editors import LineEdit, ReadingPane, WritingEdit
from reviewdesk.gui.widgets.flow import FlowLayout
from reviewdesk.services.prompt_glossary import prompt_glossary

PLACEHOLDERS = {
    "what": "What did you know at the time, and what did you do? Write it as it seemed then.",
    "so-what": "What does it mean? What shaped the decisions, and what made them make sense then?",
    "now-what": "What would help next time: for you, your team, or the system around you?",
}


class PromptCard(QFrame):
    entry_activated = Signal(int)  # a chronology entry cited by the other contributor's answer

    def _explain_terms(self, prompt: Prompt) -> None:
        """A tooltip on the prompt explaining the terms and acronyms it uses, for readers outside
        children's social care (issue 18, point 7); a screen reader hears it with the prompt."""
        terms = prompt_glossary(prompt.text)
        if not terms:
            return
        tip = "\n".join(f"{word}: {meaning}" for word, meaning in terms)
        self.text.setToolTip(tip)
        self.editor.setAccessibleDescription(f"{prompt.text}\n{tip}")

    def __init__(
        self, prompt: Prompt, number: int, count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.number = number
        # A quiet line under the answer ("Changed by ... at 14:02"), made when first needed
        # (gui/pages/answer_sync.py).
        self.changed_note: QLabel | None = None
        self.setProperty("card", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(8)

        top = FlowLayout(spacing=8)  # wraps at a large text size rather than scroll sideways
        self.position = label(self.tr("PROMPT %d OF %d") % (number, count), "eyebrow", self)
        top.add(self.position)
        self.stage = label(translate_label(prompt.stage.label), "chip", self, wrap=False)
        top.add(self.stage)
        state = QWidget(self)  # the state's icon and words stay together, at the right
        state_row = QHBoxLayout(state)
        state_row.setContentsMargins(0, 0, 0, 0)
        state_row.setSpacing(8)
        self.state_icon = label("", "", state, wrap=False)
        self.state_text = label("", "small", state, wrap=False)
        state_row.addWidget(self.state_icon)
        state_row.addWidget(self.state_text)
        top.add(state, at_right=True)
        layout.addLayout(top)

        self.editor = WritingEdit(self)
        self.editor.setPlaceholderText(self.tr(PLACEHOLDERS.get(prompt.stage.value, "")))
        self.editor.setAccessibleName(self.tr("Your answer to prompt %d") % number)
        self.editor.setAccessibleDescription(prompt.text)
        self.text = buddy(prompt.text, self.editor, self, role="prompt")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._explain_terms(prompt)
        layout.addWidget(self.text)
        if prompt.hint:
            self.hint = label(self.tr("Where to look: %s") % prompt.hint, "muted", self)
            layout.addWidget(self.hint)

        self.columns = QHBoxLayout()
        self.columns.setSpacing(14)
        mine = QVBoxLayout()
        mine.setSpacing(6)
        mine.addWidget(self.editor)
        # Why this answer is not saved yet (a prompt that asks for a reason); hidden when fine.
        self.reason_note = label("", "small", self)
        self.reason_note.setObjectName("reasonNote")
        self.reason_note.hide()
        mine.addWidget(self.reason_note)
        self.evidence = LineEdit(self)
        self.evidence.setMaxLength(4000)
        self.evidence.setPlaceholderText(
            self.tr("Optional: for example HV record 12/01/2026; strategy minutes 3 March")
        )
        self.evidence.setAccessibleName(self.tr("Evidence for prompt %d (optional)") % number)
        evidence_row = QHBoxLayout()
        evidence_label = buddy(self.tr("Evidence:"), self.evidence, self, "small")
        evidence_label.setWordWrap(False)
        evidence_row.addWidget(evidence_label)
        evidence_row.addWidget(self.evidence, 1)
        mine.addLayout(evidence_row)
        self._mine = mine
        mine.addStretch(1)  # top-aligned beside a taller answer from someone else
        self.columns.addLayout(mine, 1)
        self.citations: AnswerCitations | None = None  # see place_citations

        self.other: QWidget | None = None  # built the first time another's answer is shown
        layout.addLayout(self.columns)
        self.set_answered(False)

    def place_citations(self, widget: AnswerCitations) -> None:
        """Put ``widget`` (the chronology entries this answer cites) under the evidence field,
        next in the tab order after it."""
        self.citations = widget
        self._mine.insertWidget(self._mine.count() - 1, widget)  # above the stretch
        focusable = [
            w for w in widget.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        ]
        previous: QWidget = self.evidence
        for w in focusable:
            QWidget.setTabOrder(previous, w)
            previous = w

    def _build_other(self) -> None:
        self.other = QWidget(self)
        other_layout = QVBoxLayout(self.other)
        other_layout.setContentsMargins(0, 0, 0, 0)
        other_layout.setSpacing(6)
        self.other_reader = ReadingPane(self.other)
        self.other_caption = buddy("", self.other_reader, self.other, "small")
        self.other_evidence = label("", "small", self.other)
        self.other_citations = label("", "small", self.other)
        self.other_citations.setTextFormat(Qt.TextFormat.RichText)
        self.other_citations.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.other_citations.linkActivated.connect(self._follow_other)
        self.other_citations.hide()
        other_layout.addWidget(self.other_caption)
        other_layout.addWidget(self.other_reader, 1)
        other_layout.addWidget(self.other_evidence)
        other_layout.addWidget(self.other_citations)
        self.columns.addWidget(self.other, 1)

    def show_reason_needed(self, message: str) -> None:
        """Say, under the answer, why it cannot be saved as it stands ("" hides the note). The
        typed text is left exactly as it is."""
        self.reason_note.setText(message)
        self.reason_note.setVisible(bool(message))
        described = self.prompt.text + (" " + message if message else "")
        self.editor.setAccessibleDescription(described)

    def set_answered(self, answered: bool) -> None:
        side = max(14, self.fontMetrics().height())
        name = "state-complete" if answered else "state-not-started"
        self.state_icon.setPixmap(icon(name).pixmap(side, side))
        self.state_text.setText(self.tr("Answered") if answered else self.tr("Not answered yet"))

    def show_other_citations(self, name: str, cited: list[ChronologyEntry]) -> None:
        """The chronology entries the other contributor's answer cites (none: hidden)."""
        if self.other is None:
            return
        self.other_citations.setText(
            self.tr("%s cites:") % escape(name) + citation_links(cited) if cited else ""
        )
        self.other_citations.setAccessibleName(
            self.tr("%s's answer cites: %s") % (name, "; ".join(entry_words(e) for e in cited))
        )
        self.other_citations.setVisible(bool(cited))

    def _follow_other(self, href: str) -> None:
        entry_id = entry_of_link(href)
        if entry_id is not None:
            self.entry_activated.emit(entry_id)

    def show_other(self, name: str | None, answer: Answer | None) -> None:
        """Show another contributor's answer beside this one (``name`` None hides it)."""
        if name is None:
            if self.other is not None:
                self.other.hide()
            return
        if self.other is None:
            self._build_other()
        self.other_caption.setText(self.tr("%s wrote:") % name)
        self.other_reader.setAccessibleName(
            self.tr("%s's answer to prompt %d") % (name, self.number)
        )
        text = answer.text if answer and answer.is_answered else ""
        self.other_reader.setPlainText(text or self.tr("(No answer to this prompt.)"))
        evidence = answer.evidence if answer else ""
        self.other_evidence.setText(self.tr("Evidence: %s") % evidence if evidence else "")
        self.other_evidence.setVisible(bool(evidence))
        if self.other is not None:  # built above
            self.other.show()
