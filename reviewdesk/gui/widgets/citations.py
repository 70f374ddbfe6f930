"""Evidence in reflections: the chronology entries an answer cites, shown as links that open
the entry, and a picker to choose them. The reflection workspace places them under answers.

Kept out of the lead toolkit's package (gui/pages/analysis), which opening a review should not load.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.widgets.basics import set_role
from reviewdesk.gui.widgets.flow import ShorteningButton

if TYPE_CHECKING:
    from reviewdesk.services.analysis.chronology import ChronologyService

Chooser = Callable[[QWidget, Sequence[ChronologyEntry], set[int]], list[int] | None]


def escape(text: str) -> str:
    """``text`` safe to put in a rich-text label."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def entry_words(entry: ChronologyEntry) -> str:
    """An entry as a citation shows it: a removed entry says so (it stays cited, see issue 6)."""
    if entry.removed_on is not None:
        return entry.short + " (since removed from the chronology)"
    return entry.short


def citation_links(entries: Sequence[ChronologyEntry]) -> str:
    """Rich text: each entry on a line of its own (easier to read than a run of long links), as
    a link "entry:<id>"; the entries' words are escaped."""
    return "".join(f'<br>• <a href="entry:{e.id}">{escape(entry_words(e))}</a>' for e in entries)


def entry_of_link(href: str) -> int | None:
    """The entry id of a citation link, or None for anything else."""
    number = href.removeprefix("entry:")
    return int(number) if href.startswith("entry:") and number.isdigit() else None


class CitationPicker(QDialog):
    """Tick the chronology entries an answer rests on (a search box narrows the list)."""

    def __init__(
        self, entries: Sequence[ChronologyEntry], chosen: set[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self.setWindowTitle(self.tr("Cite chronology entries"))
        self.resize(720, 480)
        from reviewdesk.gui.pages.analysis.common import CheckList  # the picker opens rarely

        self.entries = list(entries)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Type to narrow the list (date, agency or words)"))
        self.search.setAccessibleName(self.tr("Narrow the list of entries"))
        self.list = CheckList(self.tr("Chronology entries to cite"), self)
        self.list.set_items(((e.id, entry_words(e)) for e in self.entries), chosen)
        find = QLabel(self.tr("&Find:"), self)
        find.setBuddy(self.search)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(find)
        row.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._narrow)

    def _narrow(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def chosen(self) -> list[int]:
        return self.list.checked()


def pick_entries(
    parent: QWidget, entries: Sequence[ChronologyEntry], chosen: set[int]
) -> list[int] | None:
    dialog = CitationPicker(entries, chosen, parent)
    return dialog.chosen() if dialog.exec() else None


class AnswerCitations(QWidget):
    """The chronology entries one contributor's answer to one prompt cites, as links that open
    the entry, with a button to choose them. The reflection workspace places one under each of
    your answers (when the review has a chronology)."""

    entry_activated = Signal(int)  # a link was followed: the entry's id
    saved = Signal()  # the entries this answer cites were chosen and saved

    def __init__(
        self,
        chronology: ChronologyService,
        contributor_id: int,
        prompt_id: str,
        parent: QWidget | None = None,
        *,
        number: int = 0,
        review_id: int | None = None,
        cited: list[ChronologyEntry] | None = None,
    ) -> None:
        super().__init__(parent)
        self.chronology = chronology
        self.contributor_id = contributor_id
        self.prompt_id = prompt_id
        self.review_id = review_id
        self.choose: Chooser = pick_entries
        self.links = QLabel(self)
        self.links.setWordWrap(True)
        set_role(self.links, "small")
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.links.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.links.linkActivated.connect(self._follow)
        self.cite = ShorteningButton(
            self.tr("Cite chronology entries…"), self.tr("Cite entries…"), self
        )
        if number:
            self.cite.setAccessibleName(self.tr("Cite chronology entries for prompt %d") % number)
        self.cite.clicked.connect(self.edit)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        set_role(self.problem, "error")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.links)  # above the button: readable in a narrow column too
        row = QHBoxLayout()
        row.addWidget(self.cite)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.refresh(cited)

    def cited(self) -> list[ChronologyEntry]:
        return self.chronology.citations(self.contributor_id, self.prompt_id)

    def refresh(self, cited: list[ChronologyEntry] | None = None) -> None:
        """Show what the answer cites (``cited`` when already read, for a whole page at once)."""
        if cited is None:
            cited = self.cited()
        self.links.setVisible(bool(cited))  # none yet: the button alone says what can be done
        if not cited:
            self.links.setText(self.tr("No chronology entries cited yet."))
            self.links.setAccessibleName(self.tr("No chronology entries cited yet"))
            return
        self.links.setText(self.tr("Cites:") + citation_links(cited))
        # The label's words, for screen readers (a name set here replaces the text they read).
        self.links.setAccessibleName(
            self.tr("Cites: %s") % "; ".join(entry_words(e) for e in cited)
        )

    def _follow(self, href: str) -> None:
        entry_id = entry_of_link(href)
        if entry_id is not None:
            self.entry_activated.emit(entry_id)

    def edit(self) -> None:
        cited = self.cited()
        offered = self._review_entries()
        # A cited entry since removed from the chronology is offered too, ticked and marked, so
        # that OK without a change keeps it cited (unticking it is a choice, not an accident).
        known = {e.id for e in offered}
        offered += [e for e in cited if e.id not in known]
        chosen = self.choose(self, offered, {e.id for e in cited})
        if chosen is None:
            return
        try:
            self.chronology.set_citations(self.contributor_id, self.prompt_id, chosen)
        except ReviewDeskError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.clear()
        self.problem.hide()
        self.refresh()
        self.saved.emit()

    def _review_entries(self) -> list[ChronologyEntry]:
        review_id = self.review_id
        if review_id is None:
            review_id = self.chronology.review_of_contributor(self.contributor_id)
        return self.chronology.entries(review_id)
