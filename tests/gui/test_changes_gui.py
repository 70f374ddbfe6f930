"""One signal for "what changed" (issue 21, point 2): a change saved in one window shows in the
others that hold the same data (the library, the review workspace, the lead toolkit, search),
with no window wired to another: each follows the main window's hub of changes, and a window
that is hidden catches up when it is shown again. Driven through the real windows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from tests.gui.test_workspace_gui import babies

DEMO = "DEMO-2026-01"


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _retype(qtbot, editor, text: str) -> None:  # type: ignore[no-untyped-def]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)


def _row_summary(window, review_id: int):  # type: ignore[no-untyped-def]
    model = window.library.model
    return model.summary(model.row_of(review_id))


def _open_lead_toolkit(window, qtbot):  # type: ignore[no-untyped-def]
    window.menu_actions.lead_toolkit.trigger()
    qtbot.waitUntil(lambda: window.review_actions.lead_window is not None)
    return window.review_actions.lead_window.toolkit


def test_a_lead_edit_reaches_the_citations_and_the_library_row(demo_window, qtbot) -> None:
    window = demo_window
    services, ws = window.services, window.workspace
    review_id = ws.doc.id
    entry = services.chronology.entries(review_id)[0]
    card_prompt = babies(window).cards[0].prompt.id
    services.chronology.set_citations(ws.me.id, card_prompt, [entry.id])
    ws.go(0)
    card = babies(window).cards[0]  # shown again: it cites the entry
    assert entry.short in card.citations.links.text()

    # The lead rewrites the entry in the toolkit (its own window) and saves it.
    toolkit = _open_lead_toolkit(window, qtbot)
    assert toolkit.show_entry(entry.id)
    _retype(qtbot, toolkit.chronology.what, "Health visitor's notes rewritten after review.")
    _click(qtbot, toolkit.chronology.save_button)
    assert services.chronology.get_entry(entry.id).what_happened.startswith("Health visitor's")
    assert "notes rewritten after review" in card.citations.links.text()  # at once

    # Back in the library, the toolkit still open beside it: a finding rewritten and saved
    # there shows in the review's row (when it was last edited) at once.
    window.menu_actions.library.trigger()
    assert window.stack.currentWidget() is window.library
    before = _row_summary(window, review_id).updated_at
    toolkit.tabs.setCurrentWidget(toolkit.findings)
    toolkit.findings.table.selectRow(0)
    _retype(qtbot, toolkit.findings.statement, "Agencies each held part of the picture.")
    _click(qtbot, toolkit.findings.save_button)
    stored = services.reviews.summary(review_id).updated_at
    assert stored > before
    assert _row_summary(window, review_id).updated_at == stored
    window.review_actions.lead_window.close()


@pytest.fixture
def demo_json(tmp_path: Path) -> Path:
    """The demo review as a JSON file, from another library (a colleague's)."""
    other = open_services(resolve_paths(tmp_path / "colleague"))
    try:
        summary, _ = other.exchange.add_demo()
        (tmp_path / "shared").mkdir()
        return other.exchange.export_json(summary.id, tmp_path / "shared" / "demo review.json")
    finally:
        other.close()


def _search(window, qtbot, words: str):  # type: ignore[no-untyped-def]
    window.menu_actions.search.trigger()
    search = window.review_actions.search_window
    qtbot.waitExposed(search)
    search.box.setFocus()
    qtbot.keyClicks(search.box, words)
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    search.wait_for_results()
    return search


def _import(window, path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """File, Import a review..., choosing ``path`` in the file dialog."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    window.menu_actions.import_.trigger()


def _references(search) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.reference for r in search.results.reviews] if search.results else []


def test_an_import_shows_in_the_library_and_in_the_search_open_beside_it(
    window, qtbot, demo_json, monkeypatch
) -> None:
    search = _search(window, qtbot, "father")
    assert _references(search) == []
    assert "No matches" in search.summary.text()

    _import(window, demo_json, monkeypatch)
    summary = next(s for s in window.services.reviews.list_reviews() if s.reference == DEMO)
    assert window.library.selected_id() == summary.id  # the library lists it, selected
    assert window.library.count.text() == "1 review"
    search.wait_for_results()
    assert _references(search) == [DEMO]  # the search shown is run again
    assert "No matches" not in search.summary.text()


def test_a_hidden_window_catches_up_when_it_is_shown_again(
    window, qtbot, demo_json, monkeypatch
) -> None:
    search = _search(window, qtbot, "father")
    assert _references(search) == []
    search.reject()  # Close: hidden, kept with what was typed
    assert not search.isVisible()

    _import(window, demo_json, monkeypatch)
    assert not search.searching and _references(search) == []  # nothing done while hidden

    window.menu_actions.search.trigger()  # shown again
    assert window.review_actions.search_window is search
    search.wait_for_results()
    assert search.box.text() == "father"
    assert _references(search) == [DEMO]


def test_a_detail_fixed_by_the_publication_check_shows_in_the_answer_open_beside_it(
    demo_window, qtbot
) -> None:
    """The publication check fixes an exact date in the stored answer; the workspace, open on that
    answer, shows the fixed text (before, it kept the old text, and the person's next keystroke
    saved the date back)."""
    from tests.gui.conftest import answer_modal

    window = demo_window
    services, ws = window.services, window.workspace
    review_id = ws.doc.id
    card = babies(window).cards[0]
    page = window.workspace.theme_pages[3]
    _retype(qtbot, page.key_learning, "Plan agreed on 14/02/2026.")
    _retype(qtbot, card.editor, "Seen at home on 12/01/2026.")
    assert window.autosaver.finish()

    window.review_actions.show_export_dialog(review_id)
    export = window.review_actions.export_dialog
    qtbot.waitExposed(export)
    export.publication_check.setChecked(True)
    seen = {}

    def fix_then_cancel(check) -> None:  # type: ignore[no-untyped-def]
        seen["before"] = check.tree.topLevelItemCount()
        qtbot.mouseClick(check.fix_all_button, Qt.MouseButton.LeftButton)
        seen["after"] = check.tree.topLevelItemCount()
        check.reject()  # fixed, but nothing exported today

    answer_modal(fix_then_cancel, timeout_ms=10_000)
    export.start_export()
    qtbot.waitUntil(lambda: "after" in seen, timeout=10_000)
    assert seen["before"] > seen["after"]
    stored = services.reviews.get(review_id).work_of(ws.me.id).answer(card.prompt.id)
    assert stored is not None and stored.text == "Seen at home on January 2026."
    assert card.editor.toPlainText() == "Seen at home on January 2026."  # shown where it is written
    assert page.key_learning.toPlainText() == "Plan agreed on February 2026."
    export.close()

    # Writing on in that answer keeps the fix: the next save does not bring the name back.
    card.editor.setFocus()
    card.editor.moveCursor(card.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.editor, " Visit notes agreed.")
    assert window.autosaver.finish()
    stored = services.reviews.get(review_id).work_of(ws.me.id).answer(card.prompt.id)
    assert stored is not None and stored.text == "Seen at home on January 2026. Visit notes agreed."
