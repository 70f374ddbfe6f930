"""Two ways of working, one app (issue 19, point 1): a practitioner who opens a case pack is
contributing to a review and sees none of the lead's tools, through every menu; a lead sees them
all. Changed later in File, Your details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from reviewdesk.domain.review import Profile
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from tests.exchange_loop import PASSPHRASE, library
from tests.gui.test_exchange_dialogs import send

LEAD_TOOLS = (
    "New review...",
    "Case record...",
    "Analysis: chronology, episodes, findings, actions...",
    "Name key (real names and pseudonyms)...",
    "Send to a contributor...",
    "Contributions received...",
    "Search all reviews...",
    "Theme dashboard...",
    "Learning report...",
    "Due and overdue...",
)


def every_action(window) -> dict[str, tuple[QAction, bool]]:  # type: ignore[no-untyped-def]
    """Every action in every menu (text without '&'), with whether its menu can be seen."""
    found: dict[str, tuple[QAction, bool]] = {}

    def walk(menu: QMenu, shown: bool) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), shown and action.isVisible())
            elif not action.isSeparator():
                found[action.text().replace("&", "")] = (action, shown)

    for top in window.menuBar().actions():
        walk(top.menu(), top.isVisible())
    return found


def usable(action: QAction, menu_shown: bool) -> bool:
    return menu_shown and action.isVisible() and action.isEnabled()


def test_a_contributor_opening_a_pack_sees_no_lead_tools_and_a_lead_sees_all(
    qtbot, make_window, data_dir: Path, tmp_path: Path
) -> None:
    lead = library(tmp_path, "lead")
    review_id = lead.exchange.add_demo()[0].id
    pack = tmp_path / "priya.rdpack"
    send(qtbot, lead, review_id, "Priya Shah", "Health visitor", pack).close()
    lead.close()

    services = open_services(resolve_paths(data_dir), kdf=FAST_TEST_KDF)
    try:
        services.profile.save(Profile("Priya Shah", "Health visitor", "Eastmere Health"))
        window = make_window(services)
        assert window.settings.work_mode == ""  # not chosen yet: nothing is hidden
        assert all(usable(*every_action(window)[t]) for t in ("New review...",))

        window.review_actions.open_file(pack)  # as File, Import or a double-click does
        qtbot.waitUntil(lambda: window.review_actions.exchange_dialog is not None)
        dialog = window.review_actions.exchange_dialog
        qtbot.waitUntil(dialog.isVisible)
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result_of_import is not None, timeout=30_000)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert window.settings.work_mode == "contributor"  # the pack said how she works
        window.library.table.setFocus()
        qtbot.keyClick(window.library.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.workspace is not None)

        actions = every_action(window)
        for title in LEAD_TOOLS:
            action, shown = actions[title]
            assert not usable(action, shown), title
            assert not action.isVisible() and not action.isEnabled(), title
        assert not window.menu_actions.learning_menu.menuAction().isVisible()
        assert not window.library.new_button.isVisible()
        for title in ("Return my contribution...", "Write a private note", "Export..."):
            assert usable(*actions[title]), title  # her own tools are all there
        qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
        # nor by any other way in (a banner, a link, a search hit)
        window.review_actions.show_lead_toolkit()
        assert window.review_actions.lead_window is None
        opened_before = window.review_actions.exchange_dialog
        ways_in = (
            window.review_actions.show_due,
            window.review_actions.show_dashboard,
            window.review_actions.show_search,
            window.review_actions.show_learning_report,
            window.review_actions.send_pack,
            window.review_actions.show_contributions,
            window.review_actions.show_name_key,
            window.new_review,
            window.edit_open_record,
        )
        for way_in in ways_in:
            way_in()
        for name in ("due_window", "dashboard_window", "search_window", "report_dialog"):
            assert getattr(window.review_actions, name) is None, name
        for name in ("wizard", "record_dialog"):
            assert getattr(window, name, None) is None, name
        assert window.review_actions.exchange_dialog is opened_before

        # File, Your details: she leads reviews after all. Everything comes back.
        window.menu_actions.details.trigger()
        qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
        details = window.welcome
        assert details.contributing.isChecked()
        qtbot.mouseClick(details.leading, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(details.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.welcome is None)
        assert window.settings.work_mode == "lead"
        actions = every_action(window)
        for title in LEAD_TOOLS:
            assert usable(*actions[title]), title
        assert window.library.new_button.isVisible() or window.workspace is not None
        window.menu_actions.lead_toolkit.trigger()
        qtbot.waitUntil(lambda: window.review_actions.lead_window is not None)
        window.review_actions.lead_window.reject()
    finally:
        services.close()


def test_a_pack_opened_in_a_lead_s_own_library_changes_nothing(
    qtbot, make_window, demo_window, tmp_path: Path
) -> None:
    window = demo_window
    window.governance.after_pack_opened(had_reviews=True)
    assert window.settings.work_mode == ""
    assert all(usable(*every_action(window)[t]) for t in LEAD_TOOLS)


def test_a_first_run_opened_with_a_case_pack_proposes_contributing(
    qtbot, make_window, data_dir: Path, tmp_path: Path
) -> None:
    lead = library(tmp_path, "lead")
    review_id = lead.exchange.add_demo()[0].id
    pack = tmp_path / "tom.rdpack"
    send(qtbot, lead, review_id, "Tom Reid", "Police officer", pack).close()
    lead.close()
    services = open_services(resolve_paths(data_dir), kdf=FAST_TEST_KDF)
    try:
        window = make_window(services)
        qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
        assert window.welcome.leading.isChecked()
        window.review_actions.open_file(pack)  # double-clicked: it waits for the welcome
        assert window.welcome.contributing.isChecked()
        qtbot.keyClicks(window.welcome.name, "Tom Reid")
        qtbot.mouseClick(window.welcome.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.welcome is None)
        assert window.settings.work_mode == "contributor"
        assert not window.menu_actions.send_pack.isVisible()
        assert not window.library.empty_new.isVisible()  # the empty library says what to do
        assert "case pack your review lead sent you" in window.library.empty_text.text()
        qtbot.waitUntil(lambda: window.review_actions.exchange_dialog is not None)
        window.review_actions.exchange_dialog.reject()
    finally:
        services.close()
