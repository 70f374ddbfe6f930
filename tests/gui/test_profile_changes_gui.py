"""The person's details changed in File › Your details are announced on the hub of changes
(issue 21, point 2; a gap left in session 7): every view that shows the name or role follows at
once, not only the review open beside the dialog. Driven through the real dialog by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reviewdesk.domain.analysis import EvidenceKind
from reviewdesk.domain.changes import Kind
from tests.gui.test_changes_gui import _open_lead_toolkit


def _retype(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_new_details_show_in_the_workspace_and_the_lead_toolkit_at_once(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    services, ws = window.services, window.workspace
    review_id, me = ws.doc.id, ws.me
    prompt = ws.framework.themes[0].prompts[0].id
    services.reviews.save_answer(me.id, prompt, "The referral was closed too soon.", "")
    toolkit = _open_lead_toolkit(window, qtbot)
    toolkit.tabs.setCurrentWidget(toolkit.findings)
    toolkit.findings.refresh()

    def cited_as() -> list[str]:
        return [
            label
            for link, label in toolkit.findings.candidates(EvidenceKind.ANSWER)
            if link.target_id == me.id
        ]

    assert cited_as() and all(label.startswith("Review lead,") for label in cited_as())
    heard = []
    window.changes.changed.connect(heard.append)

    # Sam's role changes: File › Your details, the role retyped, Return.
    window.activateWindow()
    window.menu_actions.details.trigger()
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
    dialog = window.welcome
    _retype(qtbot, dialog.role.lineEdit(), "Independent reviewer")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.welcome is None)

    assert any(c.about(review_id, Kind.CONTRIBUTORS) for c in heard)
    assert "Writing as Sam Carter, Independent reviewer" in ws.writing_as.text()
    # The lead toolkit, open beside it, cites Sam's answer under the new role at once.
    assert cited_as() and all(label.startswith("Independent reviewer,") for label in cited_as())
    window.review_actions.lead_window.close()
