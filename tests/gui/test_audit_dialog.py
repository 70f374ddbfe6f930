from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from reviewdesk.gui.dialogs.audit_dialog import AuditDialog

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "audit-trail.png"


def test_the_audit_dialog_lists_entries_and_checks_the_chain(qtbot, services, data_dir) -> None:
    demo, _ = services.exchange.add_demo()
    services.reviews.archive(demo.id)
    services.reviews.restore(demo.id)
    dialog = AuditDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == services.audit.count() == 4
    assert dialog.table.item(0, 3).text() == "Review taken out of the archive"
    assert dialog.table.item(0, 4).text() == "DEMO-2026-01"
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
    assert dialog.table.item(0, 3).text() == "Review created"
