"""Search all reviews: typing, the grouped results, filters, the empty state, and opening a hit at
the exact prompt, key learning or lead item. The demo review plus two small reviews."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewdesk.domain.review import CaseRecord, ReviewStatus, ReviewType
from reviewdesk.domain.search import HitKind, bracketed
from reviewdesk.gui.autosave import SaveState
from reviewdesk.gui.dialogs.search import (
    DEBOUNCE_MS,
    HIT_ROLE,
    HTML_ROLE,
    SearchWindow,
    snippet_html,
)
from reviewdesk.services.frameworks import default_framework
from reviewdesk.store import search_terms

PROMPT = "whole-family-male-carers"
DEMO = "DEMO-2026-01"


def _add_small_reviews(services) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {}
    for ref, kind, status, text in (
        (
            "RR-1",
            ReviewType.RAPID_REVIEW,
            ReviewStatus.REFLECTION,
            "The lodger's visitor was kind.",
        ),
        ("SA-2", ReviewType.SINGLE_AGENCY, ReviewStatus.ANALYSIS, "A visitor came on Fridays."),
    ):
        record = CaseRecord(
            reference=ref, title=f"Review {ref} (fictional)", review_type=kind, status=status
        )
        rid = services.reviews.create(record).id
        who = services.reviews.add_contributor(rid, "Pat Example", "School nurse", "Education")
        services.reviews.save_answer(who.id, PROMPT, text, "")
        ids[ref] = rid
    return ids


@pytest.fixture
def search_window(services, qtbot):  # type: ignore[no-untyped-def]
    services.exchange.add_demo()
    _add_small_reviews(services)
    opened: list = []
    window = SearchWindow(services, None, opened.append)
    window.opened = opened
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _type(qtbot, window: SearchWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    window.box.setFocus()
    window.box.clear()
    qtbot.keyClicks(window.box, text)
    assert window.results is None or window.results.text != text  # not yet: debounced
    qtbot.waitUntil(
        lambda: window.results is not None and window.results.text == text, timeout=2000
    )


def test_typing_shows_hits_grouped_by_review_and_theme(search_window, qtbot) -> None:
    window = search_window
    assert window.tree.topLevelItemCount() == 0 and "Type a few words" in window.summary.text()
    _type(qtbot, window, "visitor")
    results = window.results
    refs = {r.reference for r in results.reviews}
    assert refs == {"RR-1", "SA-2", DEMO}
    assert window.summary.text() == f"{results.count} matches in 3 reviews."
    assert window.tree.topLevelItemCount() == 3
    assert len(window.hit_items()) == results.count
    small = next(
        window.tree.topLevelItem(i)
        for i in range(3)
        if window.tree.topLevelItem(i).text(0).startswith("RR-1")
    )
    theme = small.child(0)
    assert small.childCount() == 1 and theme.childCount() == 1
    assert theme.text(0) == f"{default_framework().theme('whole-family').title} · 1"
    hit_row = theme.child(0)
    assert "<b>visitor</b>" in hit_row.data(0, HTML_ROLE)
    assert "lodger&#x27;s" in hit_row.data(0, HTML_ROLE)  # escaped
    # Emptying the box shows nothing at all.
    window.box.clear()
    qtbot.waitUntil(lambda: window.results is None)
    assert window.tree.topLevelItemCount() == 0


def test_awkward_input_and_the_empty_state(search_window, qtbot) -> None:
    window = search_window
    _type(qtbot, window, 'A&E "OR" (x:')
    assert window.tree.topLevelItemCount() == 0
    assert window.summary.text().startswith('No matches for “A&E "OR" (x:”. Try fewer')
    assert "⚠" not in window.summary.text()
    assert snippet_html("<i>\x02a&b\x03</i>") == "&lt;i&gt;<b>a&amp;b</b>&lt;/i&gt;"


def test_filters_narrow_the_results(search_window, qtbot) -> None:
    window = search_window
    _type(qtbot, window, "visitor")
    before = window.results.count
    window.picker.types.setCurrentIndex(window.picker.types.findData("single_agency"))
    window.wait_for_results()
    assert [r.reference for r in window.results.reviews] == ["SA-2"]
    assert window.summary.text() == "1 match in 1 review."
    window.picker.types.setCurrentIndex(0)
    window.status.setCurrentIndex(window.status.findData("analysis"))
    window.wait_for_results()
    assert {r.reference for r in window.results.reviews} == {"SA-2", DEMO}  # both in analysis
    assert window.results.count < before
    window.status.setCurrentIndex(0)
    window.theme.setCurrentIndex(window.theme.findData("babies"))
    window.wait_for_results()
    assert {r.reference for r in window.results.reviews} == {DEMO}
    assert all(t.theme_id == "babies" for r in window.results.reviews for t in r.themes)


def test_the_same_search_is_not_run_again(search_window, qtbot, monkeypatch) -> None:
    """A space or a comma typed after a word, or Enter pressed again, asks for the search
    already shown: the library is not searched again (at 10,000 reviews each search
    costs tens of milliseconds of a shared laptop's CPU). New words, or a new filter, search."""
    window = search_window
    searches: list[str] = []
    real = window._services.search.search

    def counted(text, **filters):  # type: ignore[no-untyped-def]
        searches.append(text)
        return real(text, **filters)

    monkeypatch.setattr(window._services.search, "search", counted)
    _type(qtbot, window, "visitor ")
    assert searches == ["visitor "]
    shown = window.summary.text()
    qtbot.keyClicks(window.box, ",")  # "visitor ," finds what "visitor " found
    qtbot.keyClick(window.box, Qt.Key.Key_Return)
    qtbot.keyClick(window.box, Qt.Key.Key_Return)
    assert not window.searching and searches == ["visitor "]
    assert window.summary.text() == shown and window.results.text == "visitor "
    window.status.setCurrentIndex(window.status.findData("analysis"))
    window.wait_for_results()
    window.status.setCurrentIndex(0)  # put back: a search of its own, as it differs from the last
    window.wait_for_results()
    assert len(searches) == 3 and window.summary.text() == shown
    qtbot.keyClicks(window.box, " kind")
    qtbot.keyClick(window.box, Qt.Key.Key_Return)
    window.wait_for_results()
    assert searches[-1] == "visitor , kind" and window.results.count == 1


def test_enter_and_down_open_a_hit(search_window, qtbot) -> None:
    window = search_window
    window.box.setFocus()
    qtbot.keyClicks(window.box, "lodger")
    qtbot.keyClick(window.box, Qt.Key.Key_Return)  # at once, no waiting for the pause
    assert window.searching and window.summary.text() == "Searching…"  # off the GUI thread
    window.wait_for_results()
    assert window.results is not None and window.results.count == 1
    qtbot.keyClick(window.box, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.tree
    qtbot.keyClick(window.tree, Qt.Key.Key_Return)
    assert [loc.prompt_id for loc in window.opened] == [PROMPT]


def test_tab_order_box_filters_results(search_window) -> None:
    window = search_window
    chain, widget = [], window.box
    for _ in range(30):
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain.index(window.theme) < chain.index(window.status) < chain.index(window.agency)
    assert chain.index(window.agency) < chain.index(window.picker.quick) < chain.index(window.tree)


def _open_first(window, qtbot, text: str, kind: HitKind):  # type: ignore[no-untyped-def]
    mw_search = window.review_actions.search_window
    mw_search.box.setText(text)
    mw_search.search_now()
    mw_search.wait_for_results()
    item = next(i for i in mw_search.hit_items() if i.data(0, HIT_ROLE).kind is kind)
    mw_search.tree.setCurrentItem(item)
    mw_search.tree.setFocus()
    qtbot.keyClick(mw_search.tree, Qt.Key.Key_Return)
    return item.data(0, HIT_ROLE)


def test_a_hit_opens_the_review_at_the_prompt(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    window.back_to_library()
    assert window.workspace is None
    window.menu_actions.search.trigger()
    qtbot.waitUntil(lambda: window.review_actions.search_window is not None)
    assert window.menu_actions.search.shortcut().toString() == "Ctrl+Shift+F"
    assert not window.review_actions.search_window.isModal()
    # Another contributor's answer: the review opens at the prompt, their answer beside one's own.
    hit = _open_first(window, qtbot, "father", HitKind.ANSWER)
    ws = window.workspace
    assert ws is not None and ws.doc.reference == DEMO
    theme_index = [t.id for t in ws.framework.themes].index("whole-family")
    assert ws.current() == theme_index + 1
    page = ws.theme_pages[theme_index]
    card = next(c for c in page.cards if c.prompt.id == hit.location.prompt_id)
    assert ws.compare.currentData() == hit.location.contributor_id
    assert card.other_reader.isVisible()
    # One's own answer: its editor has the focus.
    ws.show_prompt("babies", ws.framework.theme("babies").prompts[1].id, ws.me.id)
    babies = ws.theme_pages[[t.id for t in ws.framework.themes].index("babies")]
    # the main window comes to the front (the search, run off the GUI thread, had the focus)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert QApplication.focusWidget() is babies.cards[1].editor
    # Key learning: the theme, its key learning field.
    hit = _open_first(window, qtbot, "bruising", HitKind.KEY_LEARNING)
    assert ws.current() == [t.id for t in ws.framework.themes].index(hit.location.theme_id) + 1
    # A finding: the lead toolkit at the Findings tab, the finding selected.
    hit = _open_first(window, qtbot, "health visitor", HitKind.FINDING)
    lead = window.review_actions.lead_window
    assert lead.isVisible() and lead.toolkit.tabs.currentWidget() is lead.toolkit.findings
    selected = lead.toolkit.findings.table.selectionModel().selectedRows()
    assert [lead.toolkit.findings.model.row(i).id for i in selected] == [hit.location.item_id]
    lead.close()
    window.review_actions.search_window.close()


def test_debounce_is_short(search_window) -> None:
    assert 100 <= DEBOUNCE_MS <= 300


def test_a_word_typed_in_the_window_is_found_by_its_first_letters(demo_window, qtbot) -> None:
    """The practitioner types a word the library has never held into her answer, as a person
    does; saved by the window, it is found in the search window by its first few letters, which
    are searched as the words they start (store/search_terms.py): the list of the index's words
    learnt it as the answer was saved."""
    window = demo_window
    ws = window.workspace
    ws.go(1)
    card = ws.theme_pages[0].cards[0]
    card.editor.setFocus()
    qtbot.keyClicks(card.editor, "Seen near the whinchats by the old quarry.")
    window.menu_actions.save_now.trigger()
    qtbot.waitUntil(lambda: window.save_state is SaveState.SAVED, timeout=3000)
    window.menu_actions.search.trigger()
    qtbot.waitUntil(lambda: window.review_actions.search_window is not None)
    search = window.review_actions.search_window
    _type(qtbot, search, "whinch")
    hits = [item.data(0, HIT_ROLE) for item in search.hit_items()]
    assert [(h.kind, h.location.prompt_id) for h in hits] == [(HitKind.ANSWER, card.prompt.id)]
    assert "[whinchats]" in bracketed(hits[0].snippet)
    with window.services.store.read() as session:
        assert "whinchats" in search_terms.expand(session, '"whinch"*')
    search.close()
