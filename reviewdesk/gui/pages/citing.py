"""Evidence in reflections, in the workspace: under each of your answers on a theme page, the
chronology entries it cites (gui/widgets/citations.py), and under the answers of someone read
beside yours, theirs. A controller, as find-in-review is, so the workspace only says when."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reviewdesk.gui.widgets.citations import AnswerCitations

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from reviewdesk.domain.review import ContributorWork
    from reviewdesk.gui.pages.theme_page import ThemePage


class CitationRows:
    def __init__(
        self,
        chronology,
        review_id: int,
        me_id: int,
        compared: Callable[[], ContributorWork | None],
        entry_requested: SignalInstance,
        cited: Callable[[], None] = lambda: None,
    ) -> None:
        self._chronology = chronology
        self._review_id = review_id
        self._me_id = me_id
        self._compared = compared
        self._entry_requested = entry_requested  # a cited entry's link was followed
        self._cited = cited  # an answer's citations were chosen and saved

    def built(self, page: ThemePage) -> None:
        """A theme page was built: its links to the entries others cite lead somewhere."""
        for card in page.cards:
            card.entry_activated.connect(self._entry_requested)

    def show(self, page: ThemePage) -> None:
        """Show the page's citations as they are now, when the review has a chronology (or an
        answer cites an entry since removed). Read again each time the page is shown (three
        small queries): the lead toolkit, in its own window, may have changed the chronology."""
        prompt_ids = [card.prompt.id for card in page.cards]
        has_chronology = self._chronology.has_entries(self._review_id)
        mine = self._chronology.citations_of(self._me_id, prompt_ids)
        other = self._compared()
        theirs = self._chronology.citations_of(other.contributor.id, prompt_ids) if other else {}
        for card in page.cards:
            cited = mine[card.prompt.id]
            if other is not None:
                card.show_other_citations(other.contributor.name, theirs[card.prompt.id])
            if card.citations is None and (has_chronology or cited):
                cites = AnswerCitations(
                    self._chronology,
                    self._me_id,
                    card.prompt.id,
                    card,
                    number=card.number,
                    review_id=self._review_id,
                    cited=cited,
                )
                cites.entry_activated.connect(self._entry_requested)
                cites.saved.connect(self._cited)
                card.place_citations(cites)
            elif card.citations is not None:
                card.citations.refresh(cited)
            if card.citations is not None:
                card.citations.setVisible(has_chronology or bool(cited))
