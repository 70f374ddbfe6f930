"""The dialogs built alongside the workspace are reachable from the main window's menus."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reviewdesk.gui.dialogs.audit_dialog import AuditDialog
from reviewdesk.gui.dialogs.exchange_dialogs import (
    ContributionsDialog,
    ReturnContributionDialog,
    SendPackDialog,
)


def test_review_menu_opens_the_exchange_dialogs(demo_window, qtbot) -> None:
    window = demo_window
    assert window.workspace is not None
    for action, kind in (
        (window.menu_actions.send_pack, SendPackDialog),
        (window.menu_actions.return_contribution, ReturnContributionDialog),
        (window.menu_actions.contributions, ContributionsDialog),
    ):
        assert action.isEnabled()
        action.trigger()
        qtbot.waitUntil(lambda kind=kind: isinstance(window.review_actions.exchange_dialog, kind))
        assert window.review_actions.exchange_dialog.isVisible()
        window.review_actions.exchange_dialog.reject()


def test_file_menu_opens_the_audit_trail_for_the_open_review(demo_window, qtbot) -> None:
    window = demo_window
    window.menu_actions.audit.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.audit_dialog, AuditDialog))
    assert window.review_actions.audit_dialog.isVisible()
    assert (
        window.review_actions.audit_dialog.table.rowCount() > 0
    )  # at least the demo review being added
    window.review_actions.audit_dialog.reject()


def test_import_tells_a_pack_from_json_by_content(demo_window, tmp_path) -> None:
    window = demo_window
    pack = tmp_path / "named-like-json.json"
    pack.write_bytes(b"PK\x03\x04 rest of a zip")
    plain = tmp_path / "review.rdpack"
    plain.write_text("{}", encoding="utf-8")
    assert window.review_actions._is_sealed(pack)
    assert not window.review_actions._is_sealed(plain)
    assert not window.review_actions._is_sealed(tmp_path / "absent")


def test_review_menu_opens_the_lead_toolkit_beside_the_review(demo_window, qtbot) -> None:
    from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow

    window = demo_window
    assert window.menu_actions.lead_toolkit.isEnabled()
    window.menu_actions.lead_toolkit.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.lead_window, LeadToolkitWindow))
    lead = window.review_actions.lead_window
    assert lead.isVisible() and not lead.isModal()
    assert window.workspace.doc.reference in lead.windowTitle()
    assert lead.toolkit.tabs.count() == 10  # the decision log, the review papers and the case
    # record for analysis (issue 18) are the seventh to ninth, the briefing (issue 17) the tenth
    lead.reject()


def test_lock_now_hides_the_work_and_a_click_brings_it_back(demo_window, qtbot) -> None:
    window = demo_window
    assert window.idle_lock is not None and not window.idle_lock.is_locked
    window.menu_actions.lead_toolkit.trigger()
    qtbot.waitUntil(lambda: window.review_actions.lead_window is not None)
    window.menu_actions.lock.trigger()
    assert window.idle_lock.is_locked
    assert window.idle_lock.screen.isVisible()
    assert not window.review_actions.lead_window.isVisible()  # hidden, not closed
    window.idle_lock.screen.unlocked.emit()
    assert window.review_actions.lead_window.isVisible()
    window.review_actions.lead_window.reject()


def test_the_name_key_is_kept_from_the_review_menu(demo_window, qtbot) -> None:
    from reviewdesk.gui.dialogs.name_key import NameKeyDialog

    window = demo_window
    window.menu_actions.name_key.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.exchange_dialog, NameKeyDialog))
    dialog = window.review_actions.exchange_dialog
    qtbot.keyClicks(dialog.real, "Kestrel Moon")
    qtbot.keyClicks(dialog.pseudonym, "Child D")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    review_id = window.workspace.doc.id
    names = window.services.names.entries(review_id)
    assert [(e.real_name, e.pseudonym) for e in names] == [("Kestrel Moon", "Child D")]
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert window.services.names.entries(review_id) == ()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # nothing typed
    assert dialog.message.text()  # a kind message, nothing saved
    dialog.reject()
