"""Evidence in reflections, in the workspace: under each of your answers, the chronology entries
it cites, as links that open the entry in the lead toolkit, and a way to choose them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QListWidget

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.gui.pages.analysis.common import selected_id
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

    # Nothing cited yet: Tab from the evidence field reaches the button next.
    card.evidence.setFocus()
    qtbot.keyClick(card.evidence, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is cites.cite

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

    assert "Cites: " in cites.links.accessibleName()  # what a screen reader hears...
    assert wanted[1].what_happened[:20] in cites.links.accessibleName()  # ...is the list

    # By keyboard: Tab from the evidence field onto the links, Tab to the first, Enter opens the
    # lead toolkit at that entry.
    window.activateWindow()  # back from the picker
    qtbot.waitUntil(window.isActiveWindow)
    card.evidence.setFocus()
    qtbot.keyClick(card.evidence, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is cites.links
    qtbot.keyClick(cites.links, Qt.Key.Key_Tab)
    qtbot.keyClick(cites.links, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.review_actions.lead_window is not None)
    lead_window = window.review_actions.lead_window
    toolkit = lead_window.toolkit
    assert lead_window.isVisible()
    assert toolkit.tabs.currentWidget() is toolkit.chronology
    assert selected_id(toolkit.chronology.table) == wanted[0].id
    # Another link brings the same window forward, at the other entry (not a second window).
    cites.links.linkActivated.emit(f"entry:{wanted[1].id}")
    assert window.review_actions.lead_window is lead_window
    assert selected_id(toolkit.chronology.table) == wanted[1].id

    # An entry edited in the lead toolkit shows its new words under the answer at once.
    changed = replace(wanted[1], what_happened="Six-to-eight-week review, notes rewritten.")
    services.chronology.edit_entry(wanted[1].id, changed)
    toolkit.chronology.changed.emit()  # as the page does after saving an edit
    assert "notes rewritten" in cites.links.text()
    lead_window.close()

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
    toolkit = window.review_actions.lead_window.toolkit
    assert selected_id(toolkit.chronology.table) == cited[2].id
    window.review_actions.lead_window.close()

    quiet = next(
        w for w in ws.others if not services.chronology.citations(w.contributor.id, "babies-seen")
    )
    ws.compare.setCurrentIndex(ws.compare.findData(quiet.contributor.id))
    assert not card.other_citations.isVisible()  # not the previous person's citations
    ws.compare.setCurrentIndex(0)  # no one beside: nothing of theirs is shown
    assert not card.other.isVisible()


def test_a_citation_of_a_removed_entry_is_kept_and_marked(demo_window, qtbot) -> None:
    window = demo_window
    services, ws = window.services, window.workspace
    page = babies(window)
    card = page.cards[1]
    entries = services.chronology.entries(ws.doc.id)
    services.chronology.set_citations(ws.me.id, card.prompt.id, [entries[0].id, entries[1].id])
    services.chronology.delete_entry(entries[0].id, confirm=True)  # cited: kept, marked removed
    ws.refresh_citations()
    assert "since removed from the chronology" in card.citations.links.text()

    offered = {}

    def unchanged(_parent, entries_offered, chosen):  # type: ignore[no-untyped-def]
        offered["ids"] = [e.id for e in entries_offered]
        return sorted(chosen)  # OK without changing anything

    card.citations.choose = unchanged
    qtbot.mouseClick(card.citations.cite, Qt.MouseButton.LeftButton)
    assert entries[0].id in offered["ids"]  # the removed entry is offered, ticked
    kept = services.chronology.citations(ws.me.id, card.prompt.id)
    assert [e.id for e in kept] == [entries[0].id, entries[1].id]  # nothing was lost


def test_entries_cited_in_the_workspace_show_as_cited_in_the_lead_toolkit(
    demo_window, qtbot
) -> None:
    """The lead, with the toolkit open beside the review, sees "Cited by" under an entry as soon
    as an answer cites it (the choice is announced on the hub of changes)."""
    window = demo_window
    services, ws = window.services, window.workspace
    card = babies(window).cards[0]
    entry = next(
        e for e in services.chronology.entries(ws.doc.id) if not services.chronology.cited_by(e.id)
    )
    window.menu_actions.lead_toolkit.trigger()
    qtbot.waitUntil(lambda: window.review_actions.lead_window is not None)
    toolkit = window.review_actions.lead_window.toolkit
    assert toolkit.show_entry(entry.id)
    assert "Cited by" not in toolkit.chronology.cited.text()

    def tick_and_accept(dialog: QDialog) -> None:
        listing = dialog.findChild(QListWidget)
        for i in range(listing.count()):
            if dialog.entries[i].id == entry.id:  # the list shows the entries in order
                listing.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    answer_modal(tick_and_accept)
    qtbot.mouseClick(card.citations.cite, Qt.MouseButton.LeftButton)
    assert [e.id for e in services.chronology.citations(ws.me.id, card.prompt.id)] == [entry.id]
    assert selected_id(toolkit.chronology.table) == entry.id
    assert "Cited by" in toolkit.chronology.cited.text()  # at once, beside the review
    window.review_actions.lead_window.close()
