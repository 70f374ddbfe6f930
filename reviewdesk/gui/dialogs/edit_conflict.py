"""Two people changed one thing at once: both texts side by side, and the person chooses.

Shown when a save would have overwritten someone else's newer change (issue 22, point 5): an
answer, a theme's rating and key learning, a section or the title of the 7-minute briefing, or an
item of the lead's analysis (the conflict's ``kind``). Both texts are already kept in its history,
whatever is chosen here, so nothing typed is lost. The choices: keep mine, keep theirs, or
combine them in an editable box that starts with both. An item of the lead's analysis shows its
main text (a finding's statement, an action's description...) and, under each, its other parts
that differ, in words; the case record for analysis, which is made of choices, shows both in
words and cannot be combined.
Every control has an access key and an accessible name; Escape decides later (the text stays in
the editor and the question comes back at the next save).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from reviewdesk.domain.review import EditConflict, Relevance
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.widgets.basics import buddy, button, label
from reviewdesk.gui.widgets.editors import ReadingPane, WritingEdit

MINE, THEIRS, COMBINED = "mine", "theirs", "combined"


def combine(theirs: str, yours: str) -> str:
    """Where a combined text starts: theirs, then yours (once, if they are the same)."""
    theirs, yours = theirs.strip(), yours.strip()
    if not theirs or theirs == yours:
        return yours
    if not yours:
        return theirs
    return theirs + "\n\n" + yours


def _noun(kind: str) -> str:
    """What changed, in words (the conflict's kind)."""
    tr = QCoreApplication.translate
    lead_item = _lead_item(kind)
    if lead_item is not None:
        return lead_item[0]
    return {
        "assessment": tr("EditConflictDialog", "rating and key learning"),
        "briefing": tr("EditConflictDialog", "part of the briefing"),
        "case": tr("EditConflictDialog", "case record for analysis"),
    }.get(kind, tr("EditConflictDialog", "answer"))


def _lead_item(kind: str) -> tuple[str, str] | None:
    """The lead's analysis (issue 22, point 5; services/analysis/versioned.py's kinds but the
    case record): what the kind is called, and the part of it shown side by side (the other
    parts that differ are listed under each text)."""
    tr = QCoreApplication.translate
    return {
        "finding": (tr("EditConflictDialog", "finding"), tr("EditConflictDialog", "the finding")),
        "episode": (
            tr("EditConflictDialog", "key practice episode"),
            tr("EditConflictDialog", "what happened"),
        ),
        "recommendation": (
            tr("EditConflictDialog", "recommendation"),
            tr("EditConflictDialog", "the recommendation"),
        ),
        "action": (tr("EditConflictDialog", "action"), tr("EditConflictDialog", "the action")),
        "decision": (
            tr("EditConflictDialog", "decision"),
            tr("EditConflictDialog", "the reasons"),
        ),
        "entry": (
            tr("EditConflictDialog", "chronology entry"),
            tr("EditConflictDialog", "what happened"),
        ),
        "terms": (
            tr("EditConflictDialog", "terms of reference"),
            tr("EditConflictDialog", "the text of the terms"),
        ),
        "family": (
            tr("EditConflictDialog", "family involvement entry"),
            tr("EditConflictDialog", "the family member's views"),
        ),
        "process": (
            tr("EditConflictDialog", "parallel process"),
            tr("EditConflictDialog", "the notes"),
        ),
        "impact": (
            tr("EditConflictDialog", "evidence of impact"),
            tr("EditConflictDialog", "what was found"),
        ),
    }.get(kind)


def _rating(value: str) -> str:
    try:
        return translate_label(Relevance(value).label)
    except ValueError:
        return QCoreApplication.translate("EditConflictDialog", "not rated")


class EditConflictDialog(QDialog):
    """``choice`` (MINE, THEIRS or COMBINED, or "" when put off) and ``text`` / ``evidence``:
    what to keep. ``conflict`` is the service's AnswerConflict or EditConflict; ``yours`` what
    the editor holds now (the person may have typed on since the save was tried): the text and
    what goes with it (an answer's evidence, a rating's value; "" for a finding, whose other
    parts are kept as the form holds them)."""

    def __init__(
        self,
        conflict: Any,  # an AnswerConflict or an EditConflict (its ``kind`` says which)
        yours: tuple[str, str],
        what: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)
        self.conflict = conflict
        self.yours = yours
        self.choice = ""
        self.text, self.evidence = yours
        self.kind = getattr(conflict, "kind", "answer")
        noun = _noun(self.kind)
        self.setWindowTitle(self.tr("Two versions of this %s") % noun)
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        self.heading = label(
            self.tr("Someone else changed this %s while you were writing") % noun, "h2", self
        )
        if self.kind == "terms":  # plural: not "this terms of reference"
            self.setWindowTitle(self.tr("Two versions of the terms of reference"))
            self.heading.setText(
                self.tr("Someone else changed the terms of reference while you were writing")
            )
        layout.addWidget(self.heading)
        who = conflict.by or self.tr("someone else")
        when = conflict.at.replace(tzinfo=conflict.at.tzinfo or UTC).astimezone()
        self.explanation = label(
            self.tr(
                "%s saved a version of %s at %s. Nothing has been overwritten: both texts are "
                "kept in its history. Please choose which to keep, or combine them."
            )
            % (who, what, when.strftime("%H:%M")),
            "",
            self,
        )
        layout.addWidget(self.explanation)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.theirs_pane = ReadingPane(self, min_lines=6)
        self.theirs_pane.setPlainText(conflict.theirs)
        self.theirs_pane.setAccessibleName(self.tr("Their version, saved by %s") % who)
        self.mine_pane = ReadingPane(self, min_lines=6)
        self.mine_pane.setPlainText(yours[0])
        self.mine_pane.setAccessibleName(self.tr("Your version, as you typed it"))
        grid.addWidget(buddy(self.tr("&Their version (%s)") % who, self.theirs_pane, self), 0, 0)
        grid.addWidget(buddy(self.tr("&Your version"), self.mine_pane, self), 0, 1)
        grid.addWidget(self.theirs_pane, 1, 0)
        grid.addWidget(self.mine_pane, 1, 1)
        if self.kind == "assessment":  # the rating goes with the key learning
            theirs_rated, yours_rated = _rating(conflict.theirs_detail), _rating(yours[1])
            self.theirs_rating = label(self.tr("Their rating: %s") % theirs_rated, "small", self)
            self.mine_rating = label(self.tr("Your rating: %s") % yours_rated, "small", self)
            grid.addWidget(self.theirs_rating, 2, 0)
            grid.addWidget(self.mine_rating, 2, 1)
            self.theirs_pane.setAccessibleDescription(self.theirs_rating.text())
            self.mine_pane.setAccessibleDescription(self.mine_rating.text())
        elif (lead_item := _lead_item(self.kind)) is not None:
            self._other_parts(layout, grid, conflict, noun, lead_item[1])
        elif self.kind == "case":
            self.explanation.setText(
                self.tr(
                    "%s saved a version of %s at %s. Nothing has been overwritten: both are "
                    "kept in its history. Please choose which to keep."
                )
                % (who, what, when.strftime("%H:%M"))
            )
            layout.addWidget(
                label(
                    self.tr(
                        "The record is made of choices, so the two cannot be combined: keep "
                        "theirs, or keep yours (you can change any choice afterwards). Both are "
                        "kept in its history."
                    ),
                    "small",
                    self,
                )
            )
        layout.addLayout(grid, 1)

        self.combined = WritingEdit(self, min_lines=5, max_lines=14)
        self.combined.setPlainText(combine(conflict.theirs, yours[0]))
        self.combined.setAccessibleName(self.tr("Both versions combined: edit before keeping"))
        self.combined_label = buddy(
            self.tr("Both &combined (edit this, then choose Keep the combined text):"),
            self.combined,
            self,
        )
        layout.addWidget(self.combined_label)
        layout.addWidget(self.combined, 1)

        row = QHBoxLayout()
        self.later_button = button(self.tr("Decide &later"), self)
        self.theirs_button = button(self.tr("Keep t&heirs"), self)
        self.mine_button = button(self.tr("Keep &mine"), self)
        self.combined_button = button(self.tr("Keep the c&ombined text"), self, primary=True)
        self.later_button.setToolTip(
            self.tr("Your text stays in the editor; you will be asked again when it is saved.")
        )
        self.later_button.clicked.connect(self.reject)
        self.theirs_button.clicked.connect(lambda: self._choose(THEIRS))
        self.mine_button.clicked.connect(lambda: self._choose(MINE))
        self.combined_button.clicked.connect(lambda: self._choose(COMBINED))
        row.addWidget(self.later_button)
        row.addStretch(1)
        row.addWidget(self.theirs_button)
        row.addWidget(self.mine_button)
        row.addWidget(self.combined_button)
        layout.addLayout(row)
        self.combined_button.setDefault(False)
        self.combined_button.setAutoDefault(False)
        if self.kind == "case":  # choices: nothing to combine
            for widget in (self.combined_label, self.combined, self.combined_button):
                widget.hide()
        self.setTabOrder(self.theirs_pane, self.mine_pane)
        self.setTabOrder(self.mine_pane, self.combined)
        self.setTabOrder(self.combined, self.later_button)
        self.setTabOrder(self.later_button, self.theirs_button)
        self.setTabOrder(self.theirs_button, self.mine_button)
        self.setTabOrder(self.mine_button, self.combined_button)
        self.theirs_pane.setFocus()

    def _other_parts(
        self, layout: QVBoxLayout, grid: QGridLayout, conflict: EditConflict, noun: str, shown: str
    ) -> None:
        """An item of the lead's analysis: which part is shown side by side, and under each
        text the other parts where the two versions differ."""
        tr = self.tr
        layout.addWidget(
            label(
                tr(
                    "Shown side by side: %s. The other parts are kept as your form holds them "
                    "unless you keep theirs; both versions of every part are in its history."
                )
                % shown,
                "small",
                self,
            )
        )
        none = tr("No other part differs.")
        self.theirs_parts = label(
            tr("Their other parts:") + "\n" + (conflict.theirs_detail or none), "small", self
        )
        self.mine_parts = label(
            tr("Your other parts:") + "\n" + (conflict.yours_detail or none), "small", self
        )
        for column, part in enumerate((self.theirs_parts, self.mine_parts)):
            part.setWordWrap(True)
            grid.addWidget(part, 2, column, Qt.AlignmentFlag.AlignTop)
        self.theirs_pane.setAccessibleDescription(self.theirs_parts.text())
        self.mine_pane.setAccessibleDescription(self.mine_parts.text())

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == THEIRS:
            self.text, self.evidence = self.conflict.theirs, self.conflict.theirs_detail
        elif choice == MINE:
            self.text, self.evidence = self.yours
        else:
            self.text = self.combined.toPlainText()
            self.evidence = self._combined_detail()
        self.accept()

    def _combined_detail(self) -> str:
        """What goes with the combined text: an answer's evidence notes joined; a rating is
        yours when you gave one, else theirs."""
        theirs, yours = self.conflict.theirs_detail, self.yours[1]
        if self.kind == "assessment":
            return yours or theirs
        return combine(theirs, yours).replace("\n\n", "; ")
