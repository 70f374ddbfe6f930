"""Two leads write the 7-minute briefing at once on one server (issue 22, point 5), through their
windows: nothing either wrote is lost, and each sees the other's words without a restart.

Sam and Ash lead one review, each in a main window of their own over their own signed-in
connection (as tests/journeys/test_two_leads_one_finding.py). Both open the Analysis window at
the Briefing tab. Sam writes "The case in brief": Ash's window, not writing there, shows it at
once (LISTEN/NOTIFY). Ash starts writing "What we found"; Sam writes the same section and it is
saved first. Ash is told quietly, her words stay; her save overwrites nothing and the
edit-conflict dialog shows both texts; she keeps the combined text by keyboard. Both texts are
in the briefing's history, the combined one is stored, and Sam's window shows it.

Needs PostgreSQL (tests/pg.py); skipped without it, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt

from reviewdesk.domain.review import Profile
from tests.journeys.test_partnership_on_server import _open, _window
from tests.journeys.two_leads import lead_signer

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SAM, ASH = "sam_field", "ash_rowe"
TIMEOUT = 30_000


def _briefing(qtbot, window):  # type: ignore[no-untyped-def]
    """The Analysis window by its menu, at the Briefing tab."""
    window.menu_actions.lead_toolkit.trigger()
    lead = window.review_actions.lead_window
    qtbot.waitExposed(lead)
    toolkit = lead.toolkit
    bar = toolkit.tabs.tabBar()
    index = toolkit.tabs.indexOf(toolkit.briefing)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert toolkit.tabs.currentWidget() is toolkit.briefing
    return toolkit.briefing


def _write(qtbot, page, key: str, words: str, *, switch: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Type into a section (``switch``: going to that window first, which leaves the other's
    editor: moving on saves what was typed there)."""
    editor = page.editors[key]
    if switch:
        page.window().activateWindow()
        editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, words)


@pytest.mark.slow
def test_two_leads_write_one_briefing_on_a_server_and_nothing_is_lost(
    qtbot, pg_server, pg_database, record, tmp_path: Path
) -> None:
    opened, windows, pages = [], [], []
    sign_in = lead_signer(pg_server, pg_database, opened)

    try:
        sam = sign_in(SAM)
        sam.profile.save(Profile("Sam Field", "Review lead", "Northvale Partnership"))
        review = sam.reviews.create(record)
        with psycopg.connect(**pg_server.args(pg_database, SAM), autocommit=True) as conn:
            conn.execute(
                "INSERT INTO review_member VALUES (%s, %s, 'lead', NULL)", (review.id, ASH)
            )
        ash = sign_in(ASH)
        ash.profile.save(Profile("Ash Rowe", "Review lead", "Northvale Partnership"))

        sam_w = _window(qtbot, sam, tmp_path / "sam")
        ash_w = _window(qtbot, ash, tmp_path / "ash")
        windows += [sam_w, ash_w]
        for w in windows:
            _open(qtbot, w, review.id)
            qtbot.waitUntil(w.live_changes.listener.connected.is_set, timeout=TIMEOUT)
        sam_page = _briefing(qtbot, sam_w)
        ash_page = _briefing(qtbot, ash_w)
        pages += [sam_page, ash_page]

        # A section Ash is not writing: Sam's words appear in Ash's window without a restart.
        case = "Baby Q (fictional), ten weeks old, was hurt at home."
        _write(qtbot, sam_page, "case", case)
        qtbot.waitUntil(lambda: ash_page.editors["case"].toPlainText() == case, timeout=TIMEOUT)
        assert ash_page.states["case"].text() == "Your words"  # the leads' words, not the review's

        # Ash starts writing "What we found" and has not paused yet; Sam writes it and saves.
        ash_page.saver.set_delay(60_000)
        ash_words = "- Ash: nobody asked who else lived in the household"
        sam_words = "- Sam: the referral was closed before anyone visited the home."
        _write(qtbot, ash_page, "found", ash_words)
        _write(qtbot, sam_page, "found", sam_words, switch=False)  # at the same moment
        qtbot.waitUntil(lambda: ash.briefings.get(review.id).found == sam_words, timeout=TIMEOUT)

        # Ash is told quietly; what Ash typed is left alone.
        qtbot.waitUntil(
            lambda: "while you were writing it" in ash_page.message.text(), timeout=TIMEOUT
        )
        assert ash_page.message.text().startswith(SAM + " changed this part of the briefing")
        assert ash_page.editors["found"].toPlainText() == ash_words

        # Ash finishes her sentence and pauses: nothing is overwritten, both texts are put to her.
        qtbot.keyClicks(ash_page.editors["found"], ".")
        ash_page.saver.set_delay(300)  # her pause
        qtbot.waitUntil(lambda: ash_page.conflict_dialog is not None, timeout=TIMEOUT)
        dialog = ash_page.conflict_dialog
        qtbot.waitExposed(dialog)
        assert dialog.theirs_pane.toPlainText() == sam_words
        assert dialog.mine_pane.toPlainText() == ash_words + "."
        assert SAM in dialog.explanation.text()
        assert ash.briefings.get(review.id).found == sam_words
        combined = sam_words + "\n\n" + ash_words + "."
        assert dialog.combined.toPlainText() == combined
        qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # Keep the combined text

        qtbot.waitUntil(lambda: sam.briefings.get(review.id).found == combined, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: not ash_page.is_dirty(), timeout=TIMEOUT)
        kept = [(h.side, h.text, h.written_by) for h in sam.briefings.history(review.id, "found")]
        assert kept == [("theirs", sam_words, SAM), ("yours", ash_words + ".", ASH)]
        # Sam's window, not writing there any more, shows the combined text without a restart.
        qtbot.waitUntil(
            lambda: sam_page.editors["found"].toPlainText() == combined, timeout=TIMEOUT
        )
        assert sam_page.versions["found"] == 2
        assert sam.audit.verify().ok
    finally:
        for page in pages:
            if page.conflict_dialog is not None:
                page.conflict_dialog.done(0)
            page.saver.finish(5)
            page.saver.stop()
        for w in windows:
            lead = w.review_actions.lead_window
            if lead is not None:
                lead.hide()
            if w.workspace is not None:
                w.autosaver.finish(5)
                w.autosaver.clear()
            w.live_changes.stop()
            w.autosaver.stop()
            w.hide()
        for svc in opened:
            svc.close()
