"""Answers, and each theme's rating and key learning, shared with others at once (issue 22,
point 5), for the review workspace.

- Each answer's save states the version the text was written over; a save refused as a conflict
  opens :class:`EditConflictDialog` (keep mine, keep theirs, or combine) and nothing typed is
  lost whichever is chosen (both texts are in the answer's history already).
- A save that fails (the server cannot be reached) also leaves the text in a private draft file
  (services/drafts.py); a draft left from before is put back in its editor when the review is
  opened again, and saved over the version it was written on (so the conflict check applies).
- Another person's saved change to one of these answers (a notice from the server) is shown at
  once when the answer is not being edited here; an answer being edited gets a quiet note
  instead ("Changed by sam.field at 14:02"), and its next save asks which to keep.
- A theme's rating and key learning follow the same rules (``rating_versions``): a conflict
  opens the same dialog, with both ratings beside the texts; another person's saved change is
  shown at once unless it is being edited here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.widgets.basics import label

if TYPE_CHECKING:
    from reviewdesk.gui.autosave import SaveTarget
    from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog
    from reviewdesk.gui.pages.theme_page import PromptCard, ThemePage
    from reviewdesk.gui.pages.workspace import ReviewWorkspace
    from reviewdesk.services.drafts import DraftStore

Save = Callable[[tuple[Any, ...]], datetime]


def _holding(values: tuple[Any, ...]) -> Callable[[], tuple[Any, ...]]:
    """What a target collects until its page is built (then the editor)."""
    return lambda: values


class AnswerSync(QObject):
    def __init__(self, workspace: ReviewWorkspace, drafts: DraftStore | None = None) -> None:
        super().__init__(workspace)
        self.ws = workspace
        self.drafts = drafts  # DraftStore or None
        self.versions: dict[str, int] = {}  # each answer's, by prompt
        self.rating_versions: dict[str, int] = {}  # each theme's rating and key learning
        self.conflict_dialog: EditConflictDialog | None = None  # the dialog open now, if any
        self._waiting: list[tuple[SaveTarget, Any]] = []  # conflicts behind the open dialog
        self._asking: SaveTarget | None = None  # whose conflict the open dialog is about
        self.restored = 0  # drafts put back when the review was opened

    # --- saving -------------------------------------------------------------------------------

    def draft_key(self, prompt_id: str) -> str:
        return f"answer|{self.ws.doc.uid}|{self.ws.me.id}|{prompt_id}"

    def saver(self, prompt_id: str) -> Save:
        """The save of one answer (run on the save thread, in order)."""

        def save(values: tuple[Any, ...]) -> datetime:
            saved = self.ws._reviews.save_answer_checked(
                self.ws.me.id, prompt_id, values[0], values[1], base=self.versions.get(prompt_id, 0)
            )
            self.versions[prompt_id] = saved.version
            return saved.at

        return save

    def rating_saver(self, theme_id: str) -> Save:
        """The save of one theme's rating and key learning (on the save thread, in order)."""
        from reviewdesk.domain.review import Relevance

        def save(values: tuple[Any, ...]) -> datetime:
            saved = self.ws._reviews.save_assessment_checked(
                self.ws.me.id,
                theme_id,
                Relevance(values[0]) if values[0] else None,
                values[1],
                base=self.rating_versions.get(theme_id, 0),
            )
            self.rating_versions[theme_id] = saved.version
            return saved.at

        return save

    def prepare(self, target: SaveTarget, prompt_id: str, version: int) -> None:
        """Give a new target its version and draft; put back a draft left from before."""
        self.versions[prompt_id] = version
        if self.drafts is None:
            return
        key = self.draft_key(prompt_id)
        target.draft_key = key
        target.draft_info = lambda p=prompt_id: {"base": self.versions.get(p, 0)}
        kept = self.drafts.read(key)
        if kept is None:
            return
        values = tuple(kept.get("values") or ("", ""))
        if len(values) != 2 or values == target.saved:
            self.drafts.drop(key)
            return
        self.versions[prompt_id] = int(kept.get("base", version))
        target.collect = _holding(values)
        target.dirty = True
        self.restored += 1

    def rating_draft_key(self, theme_id: str) -> str:
        return f"assessment|{self.ws.doc.uid}|{self.ws.me.id}|{theme_id}"

    def prepare_rating(self, target: SaveTarget, theme_id: str, version: int) -> None:
        """A theme's rating and key learning get a draft as an answer does: kept when a save
        fails, put back (and saved over the version it was written on) at the next opening."""
        self.rating_versions[theme_id] = version
        if self.drafts is None:
            return
        key = self.rating_draft_key(theme_id)
        target.draft_key = key
        target.draft_info = lambda t=theme_id: {"base": self.rating_versions.get(t, 0)}
        kept = self.drafts.read(key)
        if kept is None:
            return
        values = tuple(kept.get("values") or (None, ""))
        if len(values) != 2 or values == target.saved:
            self.drafts.drop(key)
            return
        self.rating_versions[theme_id] = int(kept.get("base", version))
        target.collect = _holding(values)
        target.dirty = True
        self.restored += 1

    # --- conflicts ----------------------------------------------------------------------------

    def on_conflict(self, target: SaveTarget, exc: Any) -> None:
        kind, key = target.key
        mine = self.ws._answers if kind == "answer" else self.ws._assessments
        if kind not in ("answer", "assessment") or mine.get(key) is not target:
            return
        if self.conflict_dialog is not None:
            if target is not self._asking:  # the dialog open holds this one's newest text
                self._waiting.append((target, exc))
            return
        from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog

        if kind == "answer":
            theme = self.ws.framework.theme_of_prompt(key)
            number = [p.id for p in theme.prompts].index(key) + 1
            what = self.ws.tr("your answer to prompt %d of %s") % (number, theme.short_title)
            yours = target.collect()
        else:
            theme = self.ws.framework.theme(key)
            what = self.ws.tr("your rating and key learning for %s") % theme.short_title
            value, learning = target.collect()
            yours = (learning, value or "")
        dialog = EditConflictDialog(exc.conflict, yours, what, self.ws.window())
        self.conflict_dialog, self._asking = dialog, target
        dialog.finished.connect(lambda _r, t=target, d=dialog: self._settled(t, d))
        dialog.open()

    def _settled(self, target: SaveTarget, dialog: Any) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import THEIRS

        self.conflict_dialog, self._asking = None, None
        dialog.deleteLater()
        kind, key = target.key
        conflict = dialog.conflict
        saver = self.ws._autosaver
        if dialog.choice:
            if kind == "answer":
                self.versions[key] = conflict.their_version
                self._show(key, dialog.text, dialog.evidence)
                self.note(key, "")
            else:
                self.rating_versions[key] = conflict.their_version
                self._show_rating(key, dialog.evidence or None, dialog.text)
            saver.release(target, save=dialog.choice != THEIRS)
            words = {
                "mine": self.ws.tr("Your text is kept; theirs is in the history."),
                "theirs": self.ws.tr("Their text is kept; yours is in the history."),
                "combined": self.ws.tr("The combined text is kept; both are in the history."),
            }
            self.ws.message.emit(words[dialog.choice])
        else:
            self.ws.message.emit(
                self.ws.tr("Your text stays in the editor. You will be asked again when it saves.")
            )
        if self._waiting:
            self.on_conflict(*self._waiting.pop(0))

    # --- other people's changes ---------------------------------------------------------------

    def on_notice(self, notice: dict[str, Any]) -> None:
        """A notice from the server (on the GUI thread by now)."""
        if notice.get("kind") == "reconnected":
            for prompt_id in list(self.ws._answers):
                self._refresh(prompt_id, None)
            for theme_id in list(self.ws._assessments):
                self._refresh_rating(theme_id, None)
            return
        if notice.get("kind") == "assessment" and notice.get("review") == self.ws.doc.id:
            self._rating_notice(notice)
            return
        if notice.get("kind") != "answer" or notice.get("review") != self.ws.doc.id:
            return
        if notice.get("contributor") != self.ws.me.id:
            return
        prompt_id = str(notice.get("prompt") or "")
        version = notice.get("version")
        if prompt_id not in self.ws._answers:
            return
        if not isinstance(version, int):
            return
        if version <= self.versions.get(prompt_id, 0):
            return  # our own save, or older news
        self._refresh(prompt_id, str(notice.get("by") or ""))

    def reload(self) -> None:
        """Read every answer, rating and key learning again and show those stored since,
        changed here by the person's own choice (the publication check's fixes): shown even
        where the focus is, unless words are waiting to be saved there (then a note, and the
        save asks which to keep)."""
        for prompt_id in list(self.ws._answers):
            self._refresh(prompt_id, None, focus_counts=False)
        for theme_id in list(self.ws._assessments):
            self._refresh_rating(theme_id, None, focus_counts=False)

    def _refresh(self, prompt_id: str, by: str | None, *, focus_counts: bool = True) -> None:
        target = self.ws._answers[prompt_id]
        try:
            stored = self.ws._reviews.answer(self.ws.me.id, prompt_id)
        except ReviewDeskError:
            return  # told again at the next notice, or checked at the next save
        if stored is None or stored.version <= self.versions.get(prompt_id, 0):
            return
        who = by or stored.updated_by or self.ws.tr("someone else")
        if self._editing(target, prompt_id, focus_counts=focus_counts):
            at = stored.updated_at.replace(tzinfo=stored.updated_at.tzinfo or UTC).astimezone()
            self.note(
                prompt_id,
                self.ws.tr(
                    "Changed by %s at %s while you were writing here. Your text is kept; you "
                    "will be asked which to keep when it saves."
                )
                % (who, at.strftime("%H:%M")),
            )
            return
        self.versions[prompt_id] = stored.version
        target.saved = (stored.text, stored.evidence)
        self._show(prompt_id, stored.text, stored.evidence)
        self.note(prompt_id, self.ws.tr("Updated: changed by %s.") % who)
        self.ws._on_saved(target)

    def _rating_notice(self, notice: dict[str, Any]) -> None:
        theme_id, version = notice.get("theme"), notice.get("version")
        if notice.get("contributor") != self.ws.me.id or not isinstance(theme_id, str):
            return
        if theme_id not in self.ws._assessments:
            return
        if not isinstance(version, int) or version <= self.rating_versions.get(theme_id, 0):
            return  # our own save, or older news
        self._refresh_rating(theme_id, str(notice.get("by") or ""))

    def _refresh_rating(self, theme_id: str, by: str | None, *, focus_counts: bool = True) -> None:
        target = self.ws._assessments[theme_id]
        try:
            stored = self.ws._reviews.assessment(self.ws.me.id, theme_id)
        except ReviewDeskError:
            return  # told again at the next notice, or checked at the next save
        if stored is None or stored.version <= self.rating_versions.get(theme_id, 0):
            return
        page = self._page(theme_id)
        focused = focus_counts and page is not None and page.key_learning.hasFocus()
        if focused or target.dirty or target.held or target.in_flight > 0 or target.failed:
            return  # being written here: its next save asks which to keep
        value = stored.relevance.value if stored.relevance else None
        self.rating_versions[theme_id] = stored.version
        target.saved = (value, stored.key_learning)
        self._show_rating(theme_id, value, stored.key_learning)
        who = by or stored.updated_by or self.ws.tr("someone else")
        self.ws.message.emit(
            self.ws.tr("The rating and key learning for %s were updated: changed by %s.")
            % (self.ws.framework.theme(theme_id).short_title, who)
        )
        self.ws._on_saved(target)

    def _page(self, theme_id: str) -> ThemePage | None:
        theme = self.ws.framework.theme(theme_id)
        return self.ws.theme_pages[self.ws.framework.themes.index(theme)]

    def _show_rating(self, theme_id: str, value: str | None, learning: str) -> None:
        from reviewdesk.domain.review import Relevance

        target = self.ws._assessments[theme_id]
        page = self._page(theme_id)
        if page is None:
            target.collect = _holding((value, learning))
            return
        if page.key_learning.toPlainText() != learning:
            page.key_learning.set_text_quietly(learning)
        relevance = Relevance(value) if value else None
        if page.relevance.value() is not relevance:
            blocked = page.relevance.blockSignals(True)
            page.relevance.set_value(relevance)
            page.relevance.blockSignals(blocked)

    def _editing(self, target: SaveTarget, prompt_id: str, *, focus_counts: bool = True) -> bool:
        card = self._card(prompt_id)
        focused = (
            focus_counts
            and card is not None
            and (card.editor.hasFocus() or card.evidence.hasFocus())
        )
        return focused or target.dirty or target.held or target.in_flight > 0 or target.failed

    # --- the answer's card --------------------------------------------------------------------

    def _card(self, prompt_id: str) -> PromptCard | None:
        theme = self.ws.framework.theme_of_prompt(prompt_id)
        page = self.ws.theme_pages[self.ws.framework.themes.index(theme)]
        if page is None:
            return None
        return next((c for c in page.cards if c.prompt.id == prompt_id), None)

    def _show(self, prompt_id: str, text: str, evidence: str) -> None:
        target = self.ws._answers[prompt_id]
        card = self._card(prompt_id)
        if card is None:
            target.collect = _holding((text, evidence))
            return
        if card.editor.toPlainText() != text:
            card.editor.set_text_quietly(text)
        if card.evidence.text() != evidence:
            card.evidence.setText(evidence)

    def note(self, prompt_id: str, text: str) -> None:
        """A quiet line under the answer (hidden when empty)."""
        card = self._card(prompt_id)
        if card is None:
            return
        note = card.changed_note
        if note is None:
            if not text:
                return
            note = label("", "small", card)
            note.setObjectName("changedNote")
            layout = card.layout()
            assert layout is not None  # a card lays out its parts (widgets/prompt_card.py)
            layout.addWidget(note)
            card.changed_note = note
        note.setText(text)
        note.setVisible(bool(text))
        card.editor.setAccessibleDescription(card.prompt.text + (" " + text if text else ""))
