"""The 7-minute briefing the lead owns (issue 17, point 3): seven sections prefilled from the
review, each editable and saved as the lead types (the app's autosave: a pause, moving on,
changing tab or closing the window), each with "Reset this section from the review".

A fit meter above the sections says how full the page is, worked out off the GUI thread by the
layout the PDF itself uses (reviewdesk/exports/briefing_pdf.py). Nothing is ever cut: a
briefing that is too long says so, and the lead shortens a section or chooses the two-page form.
Sections the lead has not edited show exactly what the briefing will print.

Two leads may write the briefing at once (issue 22, point 5): each section's save, and the
title's, states the version it was written over (read with the briefing). A save over someone
else's newer change of the same part overwrites nothing: the edit-conflict dialog shows both
texts (keep mine, keep theirs, or combine), both already kept in the briefing's history, and
the section keeps what was typed until the person chooses. Different sections never conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.briefing import HEADINGS, SECTION_KEYS, BriefingText
from reviewdesk.domain.errors import EditConflictError, ReviewDeskError
from reviewdesk.domain.exporting import DEFAULT_MARKING, ExportFormat
from reviewdesk.gui.autosave import Autosaver, SaveTarget
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.pages.analysis.common import LeadPage
from reviewdesk.gui.tasks import Task
from reviewdesk.gui.widgets.editors import LineEdit, WritingEdit

if TYPE_CHECKING:  # ReportLab is loaded when the page first measures, not at start-up
    from reviewdesk.exports.briefing_pdf import BriefingDraft
    from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog
    from reviewdesk.services.bundle import Services

NO_MARKING = "None"
FIT_DELAY_MS = 600


class BriefingPage(LeadPage):
    texts_fixed = Signal()  # its export's publication check fixed details in the review

    def __init__(
        self,
        services: Services,
        review_id: int,
        parent: QWidget | None = None,
        *,
        autosaver: Autosaver | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(services, review_id, parent)
        self.saver = autosaver or Autosaver(self)
        self._pool = pool
        self._source: Any = None  # what the briefing is drawn from (ExportInput), on refresh
        self._own = BriefingText()
        self._task: Task | None = None
        self._again = False
        self.last_draft: BriefingDraft | None = None
        self.editors: dict[str, WritingEdit] = {}
        self.states: dict[str, QLabel] = {}
        self.resets: dict[str, QPushButton] = {}
        self.targets: dict[str, SaveTarget] = {}
        self.edited: set[str] = set()  # sections in the lead's own words
        self.versions: dict[str, int] = {}  # each part's version, as last read or saved here
        self.conflict_dialog: EditConflictDialog | None = None  # open now, if any
        self._waiting: list[tuple[SaveTarget, EditConflictError]] = []  # behind the dialog
        self._chosen: dict[int, str] = {}  # what a settled conflict's save says when done
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(FIT_DELAY_MS)
        self._fit_timer.timeout.connect(self.measure)

        outer = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The one-page briefing teams read together in about seven minutes. Each section "
                "starts from the review; anything you write here is saved as you type and "
                "printed exactly as written. Start a line with “- ” for a point."
            ),
            self,
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        top = QGridLayout()
        self.title_edit = LineEdit(self)
        self.title_edit.setAccessibleName(self.tr("Briefing title"))
        title_label = QLabel(self.tr("&Title:"), self)
        title_label.setBuddy(self.title_edit)
        top.addWidget(title_label, 0, 0)
        top.addWidget(self.title_edit, 0, 1, 1, 3)
        self.marking_combo = QComboBox(self)
        self.marking_combo.setEditable(True)
        self.marking_combo.addItems(["OFFICIAL", DEFAULT_MARKING, self.tr("None")])
        self.marking_combo.setAccessibleName(self.tr("Protective marking for circulation"))
        marking_label = QLabel(self.tr("&Marking for circulation:"), self)
        marking_label.setBuddy(self.marking_combo)
        top.addWidget(marking_label, 1, 0)
        top.addWidget(self.marking_combo, 1, 1)
        self.two_pages = QCheckBox(self.tr("T&wo pages (when one is not enough)"), self)
        top.addWidget(self.two_pages, 1, 2)
        top.setColumnStretch(3, 1)
        outer.addLayout(top)

        meter = QHBoxLayout()
        self.fit_bar = QProgressBar(self)
        self.fit_bar.setRange(0, 100)
        self.fit_bar.setTextVisible(False)  # the words beside it say it
        self.fit_bar.setAccessibleName(self.tr("How full the page is"))
        self.fit_label = QLabel(self)
        self.fit_label.setWordWrap(True)
        self.fit_label.setObjectName("briefingFit")
        meter.addWidget(self.fit_bar, 1)
        meter.addWidget(self.fit_label, 3)
        outer.addLayout(meter)

        buttons = QHBoxLayout()
        self.export_pdf = QPushButton(self.tr("Export as &PDF…"), self)
        self.export_docx = QPushButton(self.tr("Export as W&ord…"), self)
        self.export_pdf.clicked.connect(lambda: self.export(ExportFormat.BRIEFING))
        self.export_docx.clicked.connect(lambda: self.export(ExportFormat.BRIEFING_DOCX))
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.export_pdf)
        buttons.addWidget(self.export_docx)
        outer.addLayout(buttons)

        body = QWidget(self)
        form = QVBoxLayout(body)
        for number, key in enumerate(SECTION_KEYS, start=1):
            heading = f"{number}. {translate_label(HEADINGS[key])}"
            row = QHBoxLayout()
            label = QLabel(f"<b>{heading}</b>", body)
            state = QLabel(body)
            state.setObjectName("briefingState")
            reset = QPushButton(self.tr("Reset this section from the review"), body)
            reset.setAccessibleName(self.tr("Reset %s from the review") % heading)
            reset.clicked.connect(lambda _c=False, k=key: self.reset(k))
            row.addWidget(label)
            row.addWidget(state, 1)
            row.addWidget(reset)
            editor = WritingEdit(body, min_lines=4, max_lines=16)
            editor.setAccessibleName(heading)
            label.setBuddy(editor)
            form.addLayout(row)
            form.addWidget(editor)
            line = QFrame(body)
            line.setFrameShape(QFrame.Shape.HLine)
            form.addWidget(line)
            self.editors[key], self.states[key], self.resets[key] = editor, state, reset
        form.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setAccessibleName(self.tr("The briefing's sections"))
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which it scrolls to
        outer.addWidget(scroll, 1)

        self._bind()
        self._loaded = False  # read when first shown: opening the Analysis window stays quick

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    # --- saving as the lead types ---------------------------------------------------------------

    def _bind(self) -> None:
        saver, review_id = self.saver, self.review_id
        for key, editor in self.editors.items():
            target = saver.add(
                SaveTarget(
                    key=("briefing", str(review_id), key),
                    label=self.tr("The briefing's section %s") % translate_label(HEADINGS[key]),
                    collect=self._collector(editor),
                    save=self._saver_of(key),
                    saved=("",),
                )
            )
            self.targets[key] = target
            editor.textChanged.connect(lambda k=key: self._typed(k))
            editor.focus_lost.connect(saver.flush)
        self.title_target = saver.add(
            SaveTarget(
                key=("briefing", str(review_id), "title"),
                label=self.tr("The briefing's title"),
                collect=lambda: (self.title_edit.text(),),
                save=lambda v: self._save_part("title", v[0] or None),
                saved=("",),
            )
        )
        self.title_edit.textEdited.connect(lambda _t: self._touch(self.title_target))
        self.title_edit.focus_lost.connect(saver.flush)
        # A marking chosen from the list is saved at once; one typed, when the person moves on.
        self.marking_combo.activated.connect(lambda _i: self._marking_changed())
        typed_marking = self.marking_combo.lineEdit()
        assert typed_marking is not None  # the box is editable
        typed_marking.editingFinished.connect(self._marking_changed)
        self.two_pages.toggled.connect(self._form_changed)
        saver.target_saved.connect(self._saved)
        saver.conflict.connect(self._on_conflict)
        saver.failure.connect(lambda text: self.say(text, problem=True) if text else None)

    @staticmethod
    def _collector(editor: WritingEdit) -> Callable[[], tuple[Any, ...]]:
        return lambda: (editor.toPlainText(),)

    def _saver_of(self, part: str) -> Callable[[tuple[Any, ...]], datetime]:
        return lambda values: self._save_part(part, values[0])

    def _save_part(self, part: str, text: str | None) -> datetime:
        """One part's save (on the save thread, in order), over the version seen here."""
        saved = self.services.briefings.save_part(
            self.review_id, part, text, base=self.versions.get(part, 0)
        )
        self.versions[part] = saved.version
        return saved.at

    def _part_of(self, target: SaveTarget) -> str | None:
        if target is self.title_target:
            return "title"
        return next((k for k, t in self.targets.items() if t is target), None)

    def _on_conflict(self, target: SaveTarget, exc: EditConflictError) -> None:
        """Someone else saved the same part meanwhile: both texts, and the person chooses."""
        part = self._part_of(target)
        if part is None:
            return
        if self.conflict_dialog is not None:
            self._waiting.append((target, exc))
            return
        from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog

        if part == "title":
            what = self.tr("the briefing's title")
        else:
            what = self.tr("the briefing's section “%s”") % translate_label(HEADINGS[part])
        yours = (str(target.collect()[0] or ""), "")
        dialog = EditConflictDialog(exc.conflict, yours, what, self.window())
        self.conflict_dialog = dialog
        if part != "title":
            self.states[part].setText(self.tr("Your words, not saved yet: choose which to keep"))
        self.say(str(exc))
        dialog.finished.connect(lambda _r, t=target, d=dialog, p=part: self._settled(t, d, p))
        dialog.open()

    def _settled(self, target: SaveTarget, dialog: EditConflictDialog, part: str) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import MINE, THEIRS

        self.conflict_dialog = None
        dialog.deleteLater()
        if dialog.choice:
            self.versions[part] = dialog.conflict.their_version
            if part == "title":
                self.title_edit.setText(dialog.text)
            else:
                self.editors[part].set_text_quietly(dialog.text)
                self._show_state(part, edited=True)
            if dialog.choice == THEIRS:
                target.saved = (dialog.text,)
            words = {
                MINE: self.tr("Your text is kept; theirs is in the briefing's history."),
                THEIRS: self.tr("Their text is kept; yours is in the briefing's history."),
            }.get(
                dialog.choice,
                self.tr("The combined text is kept; both are in the briefing's history."),
            )
            if dialog.choice != THEIRS:
                self._chosen[id(target)] = words  # said once it is saved
            self.saver.release(target, save=dialog.choice != THEIRS)
            self.say(words)
            self._fit_timer.start()
        else:
            self.say(
                self.tr(
                    "Your words stay in the section. You will be asked again when they are "
                    "saved; both texts are kept in the briefing's history."
                )
            )
        if self._waiting:
            self._on_conflict(*self._waiting.pop(0))

    # --- another lead's saved change (a notice from the server) ----------------------------------

    def heard(self, notice: dict[str, Any]) -> None:
        """Another lead saved a part of this briefing: shown at once where it is not being
        written here; where it is, a quiet word (the words typed stay, and their save asks
        which to keep)."""
        part, version = notice.get("part"), notice.get("version")
        if notice.get("review") != self.review_id or not isinstance(version, int):
            return
        if not isinstance(part, str) or version <= self.versions.get(part, 0):
            return  # our own save, or older news
        target = self.title_target if part == "title" else self.targets.get(part)
        if target is None:
            return
        editor = self.title_edit if part == "title" else self.editors[part]
        who = str(notice.get("by") or "") or self.tr("someone else")
        busy = target.dirty or target.held or target.in_flight > 0 or target.failed
        if busy or editor.hasFocus():
            self.say(
                self.tr(
                    "%s changed this part of the briefing while you were writing it. Your "
                    "words stay; when they are saved, you will be asked which to keep."
                )
                % who
            )
            return
        try:
            stored = self.services.briefings.get(self.review_id)
            versions = self.services.briefings.versions(self.review_id)
        except ReviewDeskError:
            return  # told again at the next notice, or checked at the next save
        self.versions[part] = versions.get(part, version)
        if part == "title":
            title = stored.title or ""
            self.title_edit.setText(title)
            target.saved = (title,)
        else:
            text = stored.section(part)
            if text is not None:
                self.editors[part].set_text_quietly(text)
                target.saved = (text,)
            self._show_state(part, edited=text is not None)
        self.say(self.tr("Updated: %s changed the briefing.") % who)
        self._fit_timer.start()  # a section that follows the review again shows its words

    def _typed(self, key: str) -> None:
        self._touch(self.targets[key])

    def _touch(self, target: SaveTarget) -> None:
        self.saver.touch(target)
        self._fit_timer.start()

    def _saved(self, target: SaveTarget) -> None:
        said = self._chosen.pop(id(target), "") or self.tr("Saved.")
        for key, own in self.targets.items():
            if own is target:
                self._show_state(key, edited=True)
                self.say(said)
        if target is self.title_target:
            self.say(said)

    def _marking_changed(self) -> None:
        text = self.marking_combo.currentText()
        if self._loading or " ".join(text.split()) == (self._own.marking or self.tr("None")):
            return
        marking = "" if text.strip() in {NO_MARKING, self.tr("None")} else text
        if self.attempt(
            lambda: self.services.briefings.set_marking(self.review_id, marking),
            self.tr("Marking saved: %s.") % (marking or self.tr("none")),
        ):
            self._own = replace(self._own, marking=" ".join(marking.split()))

    def _form_changed(self, on: bool) -> None:
        if self._loading:
            return
        self.attempt(lambda: self.services.briefings.set_two_pages(self.review_id, on))
        self._own = replace(self._own, two_pages=on)
        self.measure()

    def reset(self, key: str) -> None:
        """Set a section back to the review's words (it follows the review again)."""
        self.saver.flush()
        self.saver.wait()
        base = self.versions.get(key, 0)
        try:
            self.services.briefings.reset_section(self.review_id, key, base=base)
        except EditConflictError as exc:
            who = exc.conflict.by or self.tr("someone else")  # type: ignore[attr-defined]
            self.refresh()  # their words, as saved
            self.say(
                self.tr(
                    "%s changed “%s” after you opened it, so it was not reset and their words "
                    "are shown. To use the review's words after all, choose Reset again."
                )
                % (who, translate_label(HEADINGS[key])),
                problem=True,
            )
            return
        except ReviewDeskError as exc:
            self.say(str(exc), problem=True)
            return
        self.changed.emit()
        self.refresh()
        self.say(self.tr("“%s” is back to the review's words.") % translate_label(HEADINGS[key]))
        self.editors[key].setFocus()

    def finish(self) -> bool:
        """Save everything now (before an export, a tab change, closing)."""
        return self.saver.finish()

    def is_dirty(self) -> bool:
        return self.saver.has_unsaved()

    # --- reading --------------------------------------------------------------------------------

    _loading = False

    def refresh(self) -> None:
        """Read the briefing and what it is drawn from again; show what it would print."""
        from reviewdesk.exports.briefing_pdf import draft_of

        self.saver.finish()
        try:
            self._source = self.services.briefings.source(self.review_id)
            self._own = self._source.briefing
            stored = self.services.briefings.versions(self.review_id)
            draft = draft_of(self._source, self.services.briefings.options(self.review_id))
        except ReviewDeskError as exc:
            self.say(str(exc), problem=True)
            return
        self._loaded = self._loading = True
        try:
            for key, editor in self.editors.items():
                target = self.targets[key]
                if self._waiting_here(target):  # their words stay, over the version they read
                    continue
                self.versions[key] = stored[key]
                text = draft.texts[key]
                editor.set_text_quietly(text)
                target.saved, target.dirty, target.failed = (text,), False, False
                self._show_state(key, edited=key in draft.edited)
            title = self._own.title or ""
            if not self._waiting_here(self.title_target):
                self.versions["title"] = stored["title"]
                self.title_edit.setText(title)
                self.title_target.saved, self.title_target.dirty = (title,), False
            self.title_edit.setPlaceholderText(self._source.document.record.title)
            self.marking_combo.setCurrentText(self._own.marking or self.tr("None"))
            self.two_pages.setChecked(self._own.two_pages)
        finally:
            self._loading = False
        self._show_fit(draft)

    @staticmethod
    def _waiting_here(target: SaveTarget) -> bool:
        """Words here not saved yet (a conflict waiting for the person's choice, or a save
        that failed): a refresh leaves them, and the version they were written over, alone."""
        return target.held or target.failed or target.dirty or target.in_flight > 0

    def _show_state(self, key: str, *, edited: bool) -> None:
        if edited:
            self.edited.add(key)
        else:
            self.edited.discard(key)
        label = self.states[key]
        label.setText(self.tr("Your words") if edited else self.tr("From the review"))
        self.resets[key].setEnabled(edited)

    # --- the fit meter --------------------------------------------------------------------------

    def typed(self) -> dict[str, str | None]:
        """Each section as it would print now: the lead's words where edited or being typed."""
        out: dict[str, str | None] = {}
        for key, editor in self.editors.items():
            target = self.targets[key]
            mine = key in self.edited or target.dirty or target.held
            out[key] = editor.toPlainText() if mine else None
        return out

    def measure(self) -> None:
        """Lay the briefing out as it would print (off the GUI thread) and show how full it is."""
        from reviewdesk.exports.briefing_pdf import draft_of, with_text

        if self._source is None:
            return
        if self._task is not None and self._task.running:
            self._again = True
            return
        source = with_text(
            self._source,
            self.typed(),
            title=self.title_edit.text() or None,
            two_pages=self.two_pages.isChecked(),
        )
        options = self.services.briefings.options(self.review_id, source.briefing)
        self._task = Task(lambda _progress: draft_of(source, options), self)
        self._task.succeeded.connect(self._measured)
        self._task.failed.connect(lambda text: self.say(text, problem=True))
        self._task.start(self._pool)

    def _measured(self, draft: BriefingDraft) -> None:
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.measure)
        for key in SECTION_KEYS:  # sections that follow the review show what will print
            editor = self.editors[key]
            target = self.targets[key]
            if key in draft.edited or target.dirty or target.held or editor.hasFocus():
                continue  # the lead's words, being typed, or waiting on a conflict's choice
            if editor.toPlainText() != draft.texts[key]:
                editor.set_text_quietly(draft.texts[key])
                self.targets[key].saved = (draft.texts[key],)
        self._show_fit(draft)

    def _show_fit(self, draft: BriefingDraft) -> None:
        self.last_draft = draft
        self.fit_bar.setValue(min(100, draft.percent))
        self.fit_bar.setFormat(f"{draft.percent}%")
        form = self.tr("two pages") if draft.form_pages == 2 else self.tr("the page")
        if draft.fits:
            text = self.tr("The briefing fills %d%% of %s. Nothing is cut.") % (draft.percent, form)
        elif draft.form_pages == 1:
            text = (
                self.tr(
                    "⚠ The briefing is %d%% of one page, so it would run on to a second. Shorten a "
                    "section, or choose two pages. Nothing you wrote will be cut."
                )
                % draft.percent
            )
        else:
            text = (
                self.tr(
                    "⚠ The briefing is %d%% of two pages, so it would run on to a third. Please "
                    "shorten a section. Nothing you wrote will be cut."
                )
                % draft.percent
            )
        self.fit_label.setText(text)
        self.fit_bar.setAccessibleDescription(text)

    # --- exporting ------------------------------------------------------------------------------

    def export(self, fmt: ExportFormat) -> None:
        """The Export dialog, with the briefing chosen (what is typed is saved first)."""
        from reviewdesk.gui.dialogs.export_dialog import ExportDialog

        self.finish()
        self.export_dialog = ExportDialog(self.services, self.review_id, self, fmt=fmt)
        self.export_dialog.texts_fixed.connect(self.texts_fixed)
        self.export_dialog.open()
