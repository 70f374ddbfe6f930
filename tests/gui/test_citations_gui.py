"""Evidence in reflections, in the workspace: under each of your answers, the chronology entries
it cites, as links that open the entry in the lead toolkit, and a way to choose them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QListWidget

from reviewdesk.domain.learning import ChronologyEntry
from reviewdesk.gui.pages.lead.common import selected_id
from tests.gui.conftest import answer_modal
from tests.gui.test_workspace_gui import babies


def test_an_answer_cites_chronology_entries_and_the_links_open_them(demo_window, qtbot) -> None:
    window = demo_window
    services, ws = window.services, window.workspace
    page = babies(window)
    card = page.cards[0]
    cites = card.citations
    assert cites is not None and cites.isVisible()  # the demo review has a chronology
    assert cites.links.text() == "No chronology entries cited yet."

    # Tab from the evidence field reaches the citations next, as the card reads.
    card.evidence.setFocus()
    qtbot.keyClick(card.evidence, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (cites.links, cites.cite)
    assert card.evidence.nextInFocusChain() in (cites.links, cites.cite)

    # Choose two entries in the real picker, with the keyboard.
    entries = services.chronology.entries(ws.doc.id)
    wanted = [e for e in entries if e.agency == "Health visiting"][:2]

    def tick_and_accept(dialog: QDialog) -> None:
        listing = dialog.findChild(QListWidget)
        dialog.search.setText("Health visiting")
        shown = [listing.item(i) for i in range(listing.count()) if not listing.item(i).isHidden()]
        for item in shown[:2]:
            item.setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    answer_modal(tick_and_accept)
    cites.cite.setFocus()
    qtbot.keyClick(cites.cite, Qt.Key.Key_Space)
    stored = services.chronology.citations(ws.me.id, card.prompt.id)
    assert [e.id for e in stored] == [e.id for e in wanted]
    assert cites.links.text().count('href="entry:') == 2
    assert wanted[0].what_happened[:20] in cites.links.text()

    # Following a link opens the lead toolkit at that entry.
    cites.links.linkActivated.emit(f"entry:{wanted[1].id}")
    toolkit = window.lead_window.toolkit
    assert window.lead_window.isVisible()
    assert toolkit.tabs.currentWidget() is toolkit.chronology
    assert selected_id(toolkit.chronology.table) == wanted[1].id
    window.lead_window.close()

    # Another time the review opens, the citations are still there.
    window.back_to_library()
    assert window.open_review(ws.doc.id)
    window.workspace.go(4)
    again = window.workspace.theme_pages[3].cards[0].citations
    assert again.links.text().count('href="entry:') == 2


def test_no_citations_row_until_the_review_has_a_chronology(window, services, record, qtbot):  # type: ignore[no-untyped-def]
    summary = services.reviews.create(record)
    window.library.refresh(select_id=summary.id)
    assert window.open_review(summary.id)
    ws = window.workspace
    ws.go(1)
    page = ws.theme_pages[0]
    assert all(card.citations is None for card in page.cards)  # nothing to cite yet

    services.chronology.add_entry(
        summary.id, ChronologyEntry(date(2026, 1, 12), "Home visit by the health visitor.")
    )
    ws.go(2)
    ws.go(1)  # shown again: the chronology now has an entry
    assert all(card.citations is not None and card.citations.isVisible() for card in page.cards)
    assert page.cards[3].citations.cite.accessibleName() == "Cite chronology entries for prompt 4"


def test_a_lead_sees_what_another_contributors_answer_cites(demo_window, qtbot) -> None:
    window = demo_window
    services, ws = window.services, window.workspace
    page = babies(window)
    card = next(c for c in page.cards if c.prompt.id == "babies-seen")
    citing = next(
        w for w in ws.others if services.chronology.citations(w.contributor.id, "babies-seen")
    )  # in the demo, one contributor's answer to this prompt cites four entries
    cited = services.chronology.citations(citing.contributor.id, "babies-seen")
    ws.compare.setCurrentIndex(ws.compare.findData(citing.contributor.id))
    assert card.other_citations.isVisible()
    text = card.other_citations.text()
    assert text.startswith(f"{citing.contributor.name} cites:")
    assert text.count('href="entry:') == len(cited) == 4
    assert card.citations.links.isHidden()  # your own answer cites nothing yet

    card.other_citations.linkActivated.emit(f"entry:{cited[2].id}")
    toolkit = window.lead_window.toolkit
    assert selected_id(toolkit.chronology.table) == cited[2].id
    window.lead_window.close()

    ws.compare.setCurrentIndex(0)  # no one beside: nothing of theirs is shown
    assert not card.other.isVisible()
