from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewdesk.domain.review import Profile
from reviewdesk.gui.dialogs.audit_dialog import AuditDialog

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "audit-trail.png"


@pytest.fixture
def fictional_who(monkeypatch) -> None:
    """A fictional account and computer (from before the library is made), so the screenshot
    shows no real names."""
    monkeypatch.setattr("reviewdesk.store.audit.os_account", lambda: "jo.fielding")
    monkeypatch.setattr("reviewdesk.store.audit.computer_name", lambda: "LCSP-LAPTOP-0417")


def test_the_audit_dialog_lists_entries_and_checks_the_chain(
    fictional_who, qtbot, services, data_dir
) -> None:
    demo, _ = services.exchange.add_demo()
    services.reviews.archive(demo.id)
    services.reviews.restore(demo.id)
    dialog = AuditDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == services.audit.count() == 4
    assert dialog.table.item(0, 5).text() == "Review taken out of the archive"
    assert dialog.table.item(0, 6).text() == "DEMO-2026-01"
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert "Intact: all 4 entries" in dialog.verdict.text()
    if os.environ.get("REVIEWDESK_SCREENSHOTS"):
        dialog.grab().save(str(SCREENSHOT))

    conn = sqlite3.connect(data_dir / "reviewdesk.sqlite3")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET who = 'someone else' WHERE seq = 2")
    conn.commit()
    conn.close()
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert "broken at entry 2" in dialog.verdict.text()


def test_the_audit_dialog_can_show_one_review(qtbot, services, record) -> None:
    services.exchange.add_demo()
    services.reviews.create(record)
    dialog = AuditDialog(services, reference="LCSPR-2026-07")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 5).text() == "Review created"


def _column(dialog: AuditDialog, title: str) -> int:
    header = dialog.table.horizontalHeaderItem
    return next(c for c in range(dialog.table.columnCount()) if header(c).text() == title)


def test_the_audit_viewer_shows_the_account_and_computer_of_each_entry(
    qtbot, services, record, monkeypatch
) -> None:
    """Issue 19 point 4: beside the profile name, the computer account and the computer."""
    import getpass
    import platform

    monkeypatch.setattr(getpass, "getuser", lambda: "sam.okafor")
    monkeypatch.setattr(platform, "node", lambda: "CSC-DESK-12")
    services.profile.save(Profile("Sam Okafor", "Social worker", "Children's services"))
    services.reviews.create(record)
    dialog = AuditDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    account, computer = _column(dialog, "Account"), _column(dialog, "Computer")
    assert dialog.table.item(0, _column(dialog, "What happened")).text() == "Review created"
    assert dialog.table.item(0, _column(dialog, "Who")).text() == "Sam Okafor"
    assert dialog.table.item(0, account).text() == "sam.okafor"
    assert dialog.table.item(0, computer).text() == "CSC-DESK-12"
    for r in range(dialog.table.rowCount()):  # the library's creation too, before the patch
        assert dialog.table.item(r, account).text() not in ("", "not recorded")
        assert dialog.table.item(r, computer).text() not in ("", "not recorded")
