"""Each versioned page of the lead's analysis, two leads on one library file (issue 22, point 5):
the page's save over an older version opens the edit-conflict dialog with both texts, "Keep
theirs" (Alt+H) puts the stored version in the form; a delete after the other lead changed the
item deletes nothing and shows their change; a delete over what is stored then deletes it.

Two connections to one library (two windows), as tests/server/test_concurrent_answers.py: one
drives the page, the other is the other lead. Findings, key practice episodes,
recommendations, actions and decisions (the journey tests/journeys/test_two_leads_one_action.py
does actions on a server, with the quiet notice and "Keep mine")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reviewdesk.domain.analysis import Action, Finding, PracticeEpisode, Recommendation
from reviewdesk.domain.decisions import Decision, DecisionKind, Outcome, Partner

ALT = Qt.KeyboardModifier.AltModifier


def _findings(s: Any, rid: int) -> Any:
    from reviewdesk.gui.pages.analysis.findings import FindingsPage

    made = s.findings.add_finding(rid, Finding(ref="", statement="Nobody owned the referral."))
    return FindingsPage, made, "statement", lambda p: p.statement, s.findings.edit_finding


def _episodes(s: Any, rid: int) -> Any:
    from reviewdesk.gui.pages.analysis.episodes import EpisodesPage

    made = s.findings.add_episode(
        rid, PracticeEpisode(title="The strategy discussion", what_happened="It was held.")
    )
    return EpisodesPage, made, "what_happened", lambda p: p.what_happened, s.findings.edit_episode


def _recommendations(s: Any, rid: int) -> Any:
    from reviewdesk.gui.pages.analysis.findings import RecommendationsPage

    made = s.findings.add_recommendation(rid, Recommendation(ref="", text="Share the plan."))
    return RecommendationsPage, made, "text", lambda p: p.text, s.findings.edit_recommendation


def _actions(s: Any, rid: int) -> Any:
    from reviewdesk.gui.pages.analysis.actions import ActionPlanPage

    made = s.actions.add_action(rid, Action(description="Add health visiting to the list."))
    return ActionPlanPage, made, "description", lambda p: p.description, s.actions.edit_action


def _decisions(s: Any, rid: int) -> Any:
    from reviewdesk.gui.pages.analysis.decisions import DecisionsPage

    made = s.decisions.add_decision(
        rid,
        Decision(
            kind=DecisionKind.RAPID_REVIEW,
            decided_on=date(2026, 3, 20),
            outcome=Outcome.LOCAL_REVIEW,
            reasons="Agencies did not share what they knew.",
            partners=(Partner.LOCAL_AUTHORITY,),
        ),
    )
    return DecisionsPage, made, "reasons", lambda p: p.reasons, s.decisions.edit_decision


@pytest.mark.parametrize("setup", [_findings, _episodes, _recommendations, _actions, _decisions])
def test_a_page_puts_both_texts_to_the_lead_and_a_delete_keeps_the_other_change(
    qtbot, tmp_path: Path, record, setup
) -> None:  # type: ignore[no-untyped-def]
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.engine import open_store

    db = tmp_path / "lib.sqlite3"
    mine = Services.over(open_store(db, tmp_path / "backups"))
    other = Services.over(open_store(db, tmp_path / "backups"))
    page = None
    try:
        rid = mine.reviews.create(record).id
        page_class, made, main, box_of, _edit = setup(mine, rid)
        other_edit = getattr(_service_of(other, _edit), _edit.__name__)
        page = page_class(mine, rid)
        qtbot.addWidget(page)
        page.resize(1200, 800)
        page.show()
        qtbot.waitExposed(page)
        rect = page.table.visualRect(page.model.index(page.model.row_of(made.id), 0))
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert page.editing == made.id and page.version_seen == 1
        box = box_of(page)

        # I rewrite it; meanwhile the other lead saves theirs (version 2).
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, "Mine: typed over version one.")
        theirs = other_edit(made.id, replace(made, **{main: "Theirs: saved first."}))
        assert theirs.version == 2
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert "Nothing has been overwritten" in page.message.text()
        qtbot.waitUntil(lambda: page.conflict_dialog is not None)
        dialog = page.conflict_dialog
        qtbot.waitExposed(dialog)
        assert dialog.theirs_pane.toPlainText() == "Theirs: saved first."
        assert dialog.mine_pane.toPlainText() == "Mine: typed over version one."
        assert "No other part differs." in dialog.mine_parts.text()
        qtbot.keyClick(dialog, Qt.Key.Key_H, ALT)  # Keep theirs
        qtbot.waitUntil(lambda: page.conflict_dialog is None)
        assert "Their version is kept" in page.message.text()
        assert box.toPlainText() == "Theirs: saved first." and not page.is_dirty()
        assert page.version_seen == 2
        history = _history(mine, made)
        assert [(h.side, h.text) for h in history] == [
            ("theirs", "Theirs: saved first."),
            ("yours", "Mine: typed over version one."),
        ]

        # The other lead changes it again; my delete (over version 2) deletes nothing.
        other_edit(made.id, replace(theirs, **{main: "Theirs again: version three."}))
        asked: list[str] = []
        page.confirm = lambda _parent, _title, text: asked.append(text) or True
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
        assert asked
        assert "Nothing has been deleted: their change is kept" in page.message.text()
        qtbot.waitUntil(lambda: box.toPlainText() == "Theirs again: version three.")
        assert page.version_seen == 3 and page.editing == made.id
        assert page.model.row_of(made.id) >= 0
        # Now that I have seen it, deleting it deletes it.
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
        assert page.model.row_of(made.id) < 0
        assert mine.audit.verify().ok
    finally:
        if page is not None:
            page.mark_clean()
            page.hide()
        mine.close()
        other.close()


def _service_of(services: Any, bound: Any) -> Any:
    """The same service as ``bound``'s, in ``services``."""
    for name in ("findings", "actions", "decisions"):
        if type(getattr(services, name)) is type(bound.__self__):
            return getattr(services, name)
    raise AssertionError(bound)


def _history(s: Any, item: Any) -> Any:
    if isinstance(item, Finding):
        return s.findings.finding_history(item.id)
    if isinstance(item, PracticeEpisode):
        return s.findings.episode_history(item.id)
    if isinstance(item, Recommendation):
        return s.findings.recommendation_history(item.id)
    if isinstance(item, Action):
        return s.actions.action_history(item.id)
    return s.decisions.decision_history(item.id)


def test_removing_impact_evidence_another_lead_just_changed_keeps_it(
    qtbot, tmp_path: Path, record
) -> None:  # type: ignore[no-untyped-def]
    """The impact log's Remove names the entry's version as shown: when the other lead changed
    the entry since, nothing is removed, the lead is told who did, and the log shows their
    words; removing it again, now seen, removes it."""
    from reviewdesk.domain.analysis import ImpactEntry, ImpactKind
    from reviewdesk.gui.pages.analysis.actions import ActionPlanPage
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.engine import open_store

    db = tmp_path / "lib.sqlite3"
    mine = Services.over(open_store(db, tmp_path / "backups"))
    other = Services.over(open_store(db, tmp_path / "backups"))
    page = None
    try:
        rid = mine.reviews.create(record).id
        action = mine.actions.add_action(rid, Action(description="Audit the referrals."))
        entry = mine.papers.add_impact(
            action.id, ImpactEntry(date(2026, 6, 1), "Six of ten referrals named the child.")
        )
        page = ActionPlanPage(mine, rid)
        qtbot.addWidget(page)
        page.resize(1200, 800)
        page.show()
        qtbot.waitExposed(page)
        rect = page.table.visualRect(page.model.index(page.model.row_of(action.id), 0))
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert page.editing == action.id and page.impact_log.count() == 1
        page.impact_log.setCurrentRow(0)

        # The other lead corrects the entry while it is on my screen.
        other.papers.edit_impact(
            entry.id,
            ImpactEntry(
                date(2026, 6, 1),
                "Eight of ten referrals named the child.",
                ImpactKind.AUDIT_6_MONTHS,
                id=entry.id,
                version=entry.version,
            ),
        )
        page.confirm = lambda _parent, _title, _text: True
        qtbot.mouseClick(page.log_remove, Qt.MouseButton.LeftButton)
        assert "Nothing has been deleted" in page.message.text()
        assert page.impact_log.count() == 1
        assert "Eight of ten" in page.impact_log.item(0).text()
        assert [e.evidence for e in mine.papers.impact_log(action.id)] == [
            "Eight of ten referrals named the child."
        ]

        # Now that I have seen it, removing it removes it.
        page.impact_log.setCurrentRow(0)
        qtbot.mouseClick(page.log_remove, Qt.MouseButton.LeftButton)
        assert page.message.text() == "Removed from the impact log."
        assert page.impact_log.count() == 0 and mine.papers.impact_log(action.id) == []
    finally:
        if page is not None:
            page.mark_clean()
            page.hide()
            page.close()
            page.deleteLater()
        mine.close()
        other.close()
