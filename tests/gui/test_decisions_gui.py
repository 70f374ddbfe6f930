"""The decision log in the lead toolkit (issue 18, point 2), typed as a lead would: a rapid
review outcome refused until it has reasons and partners, then kept; the Panel's response; an
"other" decision described in a line; deleting asks first. Opened from the Review menu on the
demo, so the tab is reached the way a person reaches it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from reviewdesk.domain.decisions import DecisionKind, Outcome, PanelResponse, Partner
from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow


def _choose(qtbot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an item of a combo box by keyboard (focus it, then arrow keys)."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_decision_is_typed_checked_kept_and_answered(demo_window, qtbot) -> None:
    window = demo_window
    for d in window.services.decisions.decisions(window.current_review_id()):
        window.services.decisions.delete_decision(d.id)  # the demo ships with its outcome
    window.menu_actions.lead_toolkit.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.lead_window, LeadToolkitWindow))
    toolkit = window.review_actions.lead_window.toolkit
    toolkit.tabs.setCurrentIndex(6)  # the seventh tab
    assert toolkit.tabs.tabText(toolkit.tabs.currentIndex()) == "Decisions"
    page = toolkit.decisions
    services, review_id = window.services, page.review_id
    asked: list[str] = []
    page.confirm = lambda _parent, _title, text: asked.append(text) or True

    assert page.kind.currentText() == "Rapid review outcome"
    _type(qtbot, page.decided_on, "10/03/2026")
    _choose(qtbot, page.outcome, "No local review")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.text().startswith("⚠ This decision needs a little more")
    assert "reasons for the decision (no local review)" in page.message.text()
    assert "tick the safeguarding partners" in page.message.text()
    assert services.decisions.decisions(review_id) == []  # nothing kept
    assert page.decided_on.text() == "10/03/2026"  # and nothing typed is lost

    _type(qtbot, page.reasons, "The learning is already being taken forward by the MASH review.")
    for partner in Partner:
        page.partners[partner].setFocus()
        qtbot.keyClick(page.partners[partner], Qt.Key.Key_Space)
    _type(qtbot, page.taken_by, "Director of Children's Services")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Decision added to the log."
    (kept,) = services.decisions.decisions(review_id)
    assert (kept.kind, kept.outcome) == (DecisionKind.RAPID_REVIEW, Outcome.NO_LOCAL_REVIEW)
    assert kept.partners == tuple(Partner) and kept.decided_on == date(2026, 3, 10)
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert cells == ["10 Mar 2026", "Rapid review outcome", "No local review", "Not yet received"]
    tip = page.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "Taken by: All three partners" in tip and "MASH review" in tip

    # The Panel's response: dated before the decision is refused, then put right.
    _choose(qtbot, page.panel, "Not agreed")
    _type(qtbot, page.panel_on, "01/03/2026")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "dated before the decision" in page.message.text()
    assert services.decisions.decisions(review_id)[0].panel_response is PanelResponse.NONE
    page.panel_on.selectAll()
    qtbot.keyClicks(page.panel_on, "24/03/2026")
    _type(qtbot, page.panel_comments, "The Panel asks for a local review.")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Decision saved."
    (kept,) = services.decisions.decisions(review_id)
    assert kept.panel_response is PanelResponse.NOT_AGREED
    assert page.model.index(0, 3).data() == "Not agreed (24 Mar 2026)"

    # An "other" decision has no set outcome: it is described in a line.
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    _choose(qtbot, page.kind, "Other decision")
    assert page.summary.isVisible() and not page.outcome.isVisible()
    _type(qtbot, page.decided_on, "02/05/2026")
    _type(qtbot, page.summary, "Pause family involvement until the trial ends")
    page.partners[Partner.POLICE].setChecked(True)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert [d.outcome_label for d in services.decisions.decisions(review_id)] == [
        "No local review",
        "Pause family involvement until the trial ends",
    ]

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete this decision from the log? This cannot be undone."]
    assert len(services.decisions.decisions(review_id)) == 1
    window.review_actions.lead_window.close()
