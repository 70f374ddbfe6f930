"""The Analysis window never drops what the lead typed: moving to another row, New, Esc, Close
and the window's close button each ask Save / Don't save / Cancel when a form holds changes not
saved. Driven as a person would: typing, clicking rows and buttons, pressing Esc, and answering
the real message box; then what is stored is read back through the services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPlainTextEdit

from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow
from reviewdesk.gui.models.table import ID_ROLE
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from tests.gui.conftest import answer_modal, click_button

TODAY = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
EDIT = " (changed by the lead)"


@dataclass(frozen=True)
class Editor:
    page: str  # the toolkit's attribute
    field: str  # the page's main text box
    stored: Callable  # (services, review_id) -> {id: the stored text of that field}


EDITORS = [
    Editor(
        "chronology",
        "what",
        lambda s, r: {e.id: e.what_happened for e in s.chronology.entries(r)},
    ),
    Editor(
        "episodes",
        "what_happened",
        lambda s, r: {e.id: e.what_happened for e in s.findings.analysis(r).current_episodes},
    ),
    Editor(
        "findings",
        "statement",
        lambda s, r: {f.id: f.statement for f in s.findings.analysis(r).current_findings},
    ),
    Editor(
        "recommendations",
        "text",
        lambda s, r: {x.id: x.text for x in s.findings.analysis(r).current_recommendations},
    ),
    Editor(
        "actions",
        "description",
        lambda s, r: {a.id: a.description for a in s.actions.actions(r)},
    ),
]


@pytest.fixture
def lead(data_dir):  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(data_dir), clock=lambda: TODAY)
    review_id = services.exchange.add_demo()[0].id
    yield services, review_id
    services.close()


@pytest.fixture
def window(qtbot, lead) -> Iterator[LeadToolkitWindow]:  # type: ignore[no-untyped-def]
    services, review_id = lead
    w = LeadToolkitWindow(services, review_id)  # closed below, not by qtbot (it would ask)
    w.resize(1280, 760)
    w.show()
    qtbot.waitExposed(w)
    yield w
    forget_changes(w)
    w.close()
    w.deleteLater()


def forget_changes(window) -> None:  # type: ignore[no-untyped-def]
    """After a test (even a failed one): nothing left to ask about when the window is closed."""
    for page in window.toolkit.unsaved_pages():
        page.mark_clean()


def click_row(qtbot, page, row: int) -> int:  # type: ignore[no-untyped-def]
    """Click a row of the page's table with the mouse; returns the id of that row."""
    index = page.model.index(row, 0)
    page.table.scrollTo(index)
    qtbot.mouseClick(
        page.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.table.visualRect(index).center(),
    )
    return index.data(ID_ROLE)


def type_at_end(qtbot, box: QPlainTextEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    box.setFocus()
    box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(box, text)


def selected(page) -> int | None:  # type: ignore[no-untyped-def]
    rows = page.table.selectionModel().selectedRows()
    return rows[0].data(ID_ROLE) if rows else None


def asked(seen: list[str], choice: str):  # type: ignore[no-untyped-def]
    """Answer the next message box with ``choice``, noting what it said."""

    def choose(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox), type(box)
        seen.append(box.text())
        click_button(choice)(box)

    answer_modal(choose)


@pytest.mark.parametrize("editor", EDITORS, ids=[e.page for e in EDITORS])
def test_moving_to_another_row_asks_before_dropping_changes(qtbot, lead, window, editor) -> None:
    services, review_id = lead
    page = getattr(window.toolkit, editor.page)
    window.toolkit.tabs.setCurrentWidget(page)
    box = getattr(page, editor.field)
    first = click_row(qtbot, page, 0)
    original = editor.stored(services, review_id)[first]
    assert box.toPlainText() == original
    type_at_end(qtbot, box, EDIT)
    seen: list[str] = []

    # Cancel: stay on the row, the writing still there, nothing stored.
    asked(seen, "Cancel")
    click_row(qtbot, page, 1)
    assert seen and "not saved" in seen[-1]
    assert selected(page) == first
    assert box.toPlainText() == original + EDIT
    assert editor.stored(services, review_id)[first] == original

    # Don't save: the other row is shown, the first is as it was.
    asked(seen, "Don't save")
    second = click_row(qtbot, page, 1)
    assert len(seen) == 2
    assert selected(page) == second
    assert box.toPlainText() == editor.stored(services, review_id)[second]
    assert editor.stored(services, review_id)[first] == original

    # Back to the first (nothing changed: no question), then Save on the way out.
    click_row(qtbot, page, 0)
    assert len(seen) == 2 and box.toPlainText() == original
    type_at_end(qtbot, box, EDIT)
    asked(seen, "Save")
    click_row(qtbot, page, 1)
    assert len(seen) == 3
    assert editor.stored(services, review_id)[first] == original + EDIT
    assert selected(page) == second
    assert box.toPlainText() == editor.stored(services, review_id)[second]

    # Nothing changed now: moving on asks nothing.
    click_row(qtbot, page, 0)
    assert len(seen) == 3 and selected(page) == first


@pytest.mark.parametrize("editor", EDITORS, ids=[e.page for e in EDITORS])
def test_esc_close_and_the_close_button_ask_first(qtbot, lead, window, editor) -> None:
    services, review_id = lead
    page = getattr(window.toolkit, editor.page)
    window.toolkit.tabs.setCurrentWidget(page)
    box = getattr(page, editor.field)
    item = click_row(qtbot, page, 1)
    original = editor.stored(services, review_id)[item]
    close_button = window.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    seen: list[str] = []

    # Esc, then Cancel: the window stays, with the writing.
    type_at_end(qtbot, box, EDIT)
    asked(seen, "Cancel")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert seen and window.isVisible()
    assert box.toPlainText() == original + EDIT
    assert editor.stored(services, review_id)[item] == original

    # The window's close button, then Cancel: the same.
    asked(seen, "Cancel")
    window.close()
    assert len(seen) == 2 and window.isVisible()
    assert box.toPlainText() == original + EDIT

    # Close, then Don't save: the window goes, nothing is stored.
    asked(seen, "Don't save")
    qtbot.mouseClick(close_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 3 and not window.isVisible()
    assert editor.stored(services, review_id)[item] == original

    # Shown again, the form is as stored; Esc, then Save: the writing is kept.
    window.show()
    qtbot.waitExposed(window)
    assert box.toPlainText() == original
    type_at_end(qtbot, box, EDIT)
    asked(seen, "Save")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert len(seen) == 4 and not window.isVisible()
    assert editor.stored(services, review_id)[item] == original + EDIT

    # The window's close button with Save, then Close with nothing changed (no question).
    window.show()
    type_at_end(qtbot, box, " again")
    asked(seen, "Save")
    window.close()
    assert len(seen) == 5 and not window.isVisible()
    assert editor.stored(services, review_id)[item] == original + EDIT + " again"
    window.show()
    qtbot.mouseClick(close_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 5 and not window.isVisible()


def test_a_new_item_is_not_dropped_and_a_save_that_cannot_be_done_keeps_the_window(
    qtbot, lead, window
) -> None:
    services, review_id = lead
    page = window.toolkit.chronology
    before = len(services.chronology.entries(review_id))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_at_end(qtbot, page.what, "Health visitor's new birth visit.")
    seen: list[str] = []

    # New again: asks; Cancel keeps the writing.
    asked(seen, "Cancel")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert seen and "new chronology entry" in seen[-1]
    assert page.what.toPlainText() == "Health visitor's new birth visit."

    # Save with no date: it cannot be saved, so the window stays open and says why.
    asked(seen, "Save")
    qtbot.keyClick(page.what, Qt.Key.Key_Escape)
    assert len(seen) == 2 and window.isVisible()
    assert page.message.text().startswith("⚠ Date")
    assert len(services.chronology.entries(review_id)) == before
    assert page.what.toPlainText() == "Health visitor's new birth visit."

    # With a date, Save on closing adds it.
    page.when.setFocus()
    qtbot.keyClicks(page.when, "14/03/2025")
    asked(seen, "Save")
    window.close()
    assert len(seen) == 3 and not window.isVisible()
    entries = services.chronology.entries(review_id)
    assert len(entries) == before + 1
    assert "Health visitor's new birth visit." in [e.what_happened for e in entries]


def test_changes_on_two_pages_are_named_and_saved_together(qtbot, lead, window) -> None:
    services, review_id = lead
    toolkit = window.toolkit
    episodes, actions = toolkit.episodes, toolkit.actions
    toolkit.tabs.setCurrentWidget(episodes)
    episode = click_row(qtbot, episodes, 0)
    type_at_end(qtbot, episodes.what_happened, EDIT)
    toolkit.tabs.setCurrentWidget(actions)
    action = click_row(qtbot, actions, 0)
    type_at_end(qtbot, actions.description, EDIT)
    toolkit.tabs.setCurrentWidget(toolkit.timeline)  # a page with no form
    seen: list[str] = []
    asked(seen, "Save")
    window.close()
    assert "Key practice episodes" in seen[0] and "Action plan" in seen[0]
    assert not window.isVisible()
    assert EDITORS[1].stored(services, review_id)[episode].endswith(EDIT)
    assert EDITORS[4].stored(services, review_id)[action].endswith(EDIT)


def test_a_refresh_keeps_what_is_being_typed(qtbot, lead, window) -> None:
    """Saving on one page reads the others again when shown: that must not overwrite a form."""
    toolkit = window.toolkit
    findings, recommendations = toolkit.findings, toolkit.recommendations
    toolkit.tabs.setCurrentWidget(recommendations)
    click_row(qtbot, recommendations, 0)
    type_at_end(qtbot, recommendations.text, EDIT)
    toolkit.tabs.setCurrentWidget(findings)
    click_row(qtbot, findings, 0)
    type_at_end(qtbot, findings.statement, " (saved)")
    qtbot.mouseClick(findings.save_button, Qt.MouseButton.LeftButton)
    toolkit.tabs.setCurrentWidget(recommendations)  # read again: the finding changed
    assert recommendations.text.toPlainText().endswith(EDIT)
    assert recommendations.is_dirty()


def test_closing_the_main_window_asks_about_the_analysis(make_window, services, me, qtbot):  # type: ignore[no-untyped-def]
    window = make_window(services)
    qtbot.mouseClick(window.library.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    window.menu_actions.lead_toolkit.trigger()  # Review › Analysis…
    analysis = window.review_actions.lead_window
    qtbot.waitExposed(analysis)
    try:
        page = analysis.toolkit.actions
        analysis.toolkit.tabs.setCurrentWidget(page)
        item = click_row(qtbot, page, 0)
        type_at_end(qtbot, page.description, EDIT)
        seen: list[str] = []
        asked(seen, "Cancel")
        window.close()
        assert seen and window.isVisible() and analysis.isVisible()
        asked(seen, "Save")
        window.close()
        QApplication.processEvents()
        assert len(seen) == 2 and not window.isVisible()
        stored = {a.id: a.description for a in services.actions.actions(window.current_review_id())}
        assert stored[item].endswith(EDIT)
    finally:
        forget_changes(analysis)
