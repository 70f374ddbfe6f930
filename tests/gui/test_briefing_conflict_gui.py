"""Two leads write the 7-minute briefing at once (issue 22, point 5), each in a briefing window of
their own over one library file (two connections, as two windows of the app), driven by the
keyboard: nothing either wrote is lost.

Sam and Ash open the briefing. Sam writes "What we found" and moves on (saved). Ash, who opened
it before Sam's save, writes the same section and also "What to do": "What to do" lands at once,
"What we found" overwrites nothing and the edit-conflict dialog shows both texts. Ash combines
them by keyboard, adding a line, and keeps the combined text. Both texts are in the briefing's
history; when Sam opens the briefing again, Sam sees the combined section, Ash's "What to do"
and Sam's own "The case in brief", and the Word briefing exported from Sam's window prints them.
(A library file names the writer by its profile; each window here is given its own name, as
two signed-in accounts on a server are.)
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt

from reviewdesk.domain.exporting import ExportFormat
from reviewdesk.gui.pages.analysis.briefing import BriefingPage

TIMEOUT = 30_000
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SAM_FOUND = "- Sam: the referral was closed before anyone visited the home."
ASH_FOUND = "- Ash: nobody asked who else lived in the household."
ASH_TODO = "- Ask every family who lives in the home, and write it down."
SAM_CASE = "Baby Q (fictional), aged ten weeks, was hurt at home."
EXTRA = "- Both: the visit was never rebooked."


@pytest.fixture
def two_leads(tmp_path: Path):  # type: ignore[no-untyped-def]
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.engine import open_store

    db = tmp_path / "lib.sqlite3"
    sam = Services.over(open_store(db, tmp_path / "backups"))
    ash = Services.over(open_store(db, tmp_path / "backups"))
    sam.audit.actor = lambda _session: "Sam Field"  # type: ignore[method-assign]
    ash.audit.actor = lambda _session: "Ash Rowe"  # type: ignore[method-assign]
    summary, _ = sam.exchange.add_demo()
    yield sam, ash, summary.id
    ash.close()
    sam.close()


def _open(qtbot, services, review_id: int) -> BriefingPage:  # type: ignore[no-untyped-def]
    page = BriefingPage(services, review_id)
    qtbot.addWidget(page)
    page.resize(900, 1000)
    page.show()
    qtbot.waitExposed(page)
    return page


def _write(qtbot, page: BriefingPage, key: str, words: str) -> None:  # type: ignore[no-untyped-def]
    page.activateWindow()
    editor = page.editors[key]
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, words)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # moving on, or the autosave's pause, saves it


def test_two_leads_write_one_section_and_nothing_is_lost(qtbot, two_leads, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sam, ash, review = two_leads
    sam_page = _open(qtbot, sam, review)
    ash_page = _open(qtbot, ash, review)  # both read the briefing before either saves
    assert ash_page.versions["found"] == 0

    _write(qtbot, sam_page, "found", SAM_FOUND)
    _write(qtbot, sam_page, "case", SAM_CASE)
    qtbot.waitUntil(lambda: ash.briefings.get(review).found == SAM_FOUND, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ash.briefings.get(review).case == SAM_CASE, timeout=TIMEOUT)

    # Ash writes a different section: it lands, with no question asked.
    _write(qtbot, ash_page, "todo", ASH_TODO)
    qtbot.waitUntil(lambda: sam.briefings.get(review).todo == ASH_TODO, timeout=TIMEOUT)
    assert ash_page.conflict_dialog is None

    # Ash writes the section Sam saved meanwhile: nothing is overwritten; both are shown.
    _write(qtbot, ash_page, "found", ASH_FOUND)
    qtbot.waitUntil(lambda: ash_page.conflict_dialog is not None, timeout=TIMEOUT)
    dialog = ash_page.conflict_dialog
    qtbot.waitExposed(dialog)
    assert sam.briefings.get(review).found == SAM_FOUND
    assert dialog.heading.text() == (
        "Someone else changed this part of the briefing while you were writing"
    )
    assert "Sam Field" in dialog.explanation.text()
    assert "What we found" in dialog.explanation.text()
    assert dialog.theirs_pane.toPlainText() == SAM_FOUND
    assert dialog.mine_pane.toPlainText() == ASH_FOUND
    assert "Nothing has been overwritten" in ash_page.message.text()
    assert ash_page.states["found"].text() == "Your words, not saved yet: choose which to keep"
    before = ash_page.last_draft  # the fit meter measures again meanwhile: Ash's words stay
    ash_page.measure()
    qtbot.waitUntil(lambda: ash_page.last_draft is not before, timeout=TIMEOUT)
    assert ash_page.editors["found"].toPlainText() == ASH_FOUND

    # By keyboard: to the combined box, a line added at its end, then Keep the combined text.
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)
    assert dialog.combined.hasFocus()
    qtbot.keyClick(dialog.combined, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(dialog.combined, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.combined, EXTRA)
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)
    combined = SAM_FOUND + "\n\n" + ASH_FOUND + "\n" + EXTRA

    qtbot.waitUntil(lambda: ash.briefings.get(review).found == combined, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not ash_page.is_dirty(), timeout=TIMEOUT)
    assert ash_page.conflict_dialog is None
    assert "combined text is kept" in ash_page.message.text()
    assert ash_page.editors["found"].toPlainText() == combined
    assert sam.briefings.versions(review)["found"] == 2
    kept = [(h.side, h.text, h.written_by) for h in sam.briefings.history(review, "found")]
    assert kept == [("theirs", SAM_FOUND, "Sam Field"), ("yours", ASH_FOUND, "Ash Rowe")]

    # On a server Sam's window is told (LISTEN/NOTIFY, gui/live.py hands the notice to the
    # page): a section Sam is not writing shows Ash's combined text at once. A library file has
    # no listener, so the notice the server sends is handed over here.
    assert sam_page.editors["found"].toPlainText() == SAM_FOUND
    notice = {"review": review, "kind": "briefing", "part": "found", "version": 2, "by": "Ash Rowe"}
    sam_page.heard(notice)
    assert sam_page.editors["found"].toPlainText() == combined
    assert sam_page.message.text() == "Updated: Ash Rowe changed the briefing."
    assert sam_page.versions["found"] == 2

    # What Sam finally sees on opening the briefing again, and what the briefing prints.
    sam_page.close()
    again = _open(qtbot, sam, review)
    assert again.editors["found"].toPlainText() == combined
    assert again.editors["todo"].toPlainText() == ASH_TODO
    assert again.editors["case"].toPlainText() == SAM_CASE
    assert {"found", "todo", "case"} <= again.edited
    qtbot.mouseClick(again.export_docx, Qt.MouseButton.LeftButton)
    export = again.export_dialog
    qtbot.waitExposed(export)
    assert export.chosen_format is ExportFormat.BRIEFING_DOCX
    target = tmp_path / "briefing.docx"
    export.path_edit.selectAll()
    qtbot.keyClicks(export.path_edit, str(target))
    with qtbot.waitSignal(export.exported, timeout=TIMEOUT):
        qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    export.close()
    printed = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    for words in (SAM_FOUND, ASH_FOUND, EXTRA, ASH_TODO, SAM_CASE):
        assert words.removeprefix("- ") in printed
    for page in (ash_page, again):
        page.saver.finish()
        page.saver.stop()
    sam_page.saver.stop()


def test_a_change_heard_while_writing_leaves_the_words_and_asks_at_the_save(
    qtbot, two_leads
) -> None:  # type: ignore[no-untyped-def]
    sam, ash, review = two_leads
    page = _open(qtbot, sam, review)
    editor = page.editors["more"]
    page.activateWindow()
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "- Sam: the partnership's page on home visits.")
    # Ash saves the same section before Sam pauses, and Sam's window hears of it.
    ash.briefings.save_part(review, "more", "- Ash: the national panel's report.", base=0)
    page.heard({"review": review, "kind": "briefing", "part": "more", "version": 1, "by": "Ash"})
    assert editor.toPlainText() == "- Sam: the partnership's page on home visits."
    assert "Ash changed this part of the briefing while you were writing it" in (
        page.message.text()
    )
    # After the autosave's pause Sam's words are saved, over the version Sam read.
    qtbot.waitUntil(lambda: page.conflict_dialog is not None, timeout=TIMEOUT)
    dialog = page.conflict_dialog
    qtbot.waitExposed(dialog)
    assert dialog.theirs_pane.toPlainText() == "- Ash: the national panel's report."
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # Keep mine
    qtbot.waitUntil(
        lambda: sam.briefings.get(review).more == "- Sam: the partnership's page on home visits.",
        timeout=TIMEOUT,
    )
    qtbot.waitUntil(lambda: not page.is_dirty(), timeout=TIMEOUT)
    assert page.message.text() == "Your text is kept; theirs is in the briefing's history."
    assert [h.side for h in sam.briefings.history(review, "more")] == ["theirs", "yours"]
    assert sam.briefings.versions(review)["more"] == 2
    page.saver.stop()


def test_a_title_conflict_put_off_keeps_the_words_and_asks_again(qtbot, two_leads) -> None:  # type: ignore[no-untyped-def]
    sam, ash, review = two_leads
    page = _open(qtbot, sam, review)
    ash.briefings.save_part(review, "title", "Ash's title for the briefing", base=0)
    page.activateWindow()
    page.title_edit.setFocus()
    qtbot.keyClicks(page.title_edit, "Sam's title for the briefing")
    qtbot.waitUntil(lambda: page.conflict_dialog is not None, timeout=TIMEOUT)
    dialog = page.conflict_dialog
    qtbot.waitExposed(dialog)
    assert dialog.theirs_pane.toPlainText() == "Ash's title for the briefing"
    assert dialog.mine_pane.toPlainText() == "Sam's title for the briefing"
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)  # Decide later
    qtbot.waitUntil(lambda: page.conflict_dialog is None, timeout=TIMEOUT)
    assert "Your words stay" in page.message.text()
    page.refresh()  # read again (another tab's change, say): the words waiting stay
    assert page.title_edit.text() == "Sam's title for the briefing"
    assert sam.briefings.get(review).title == "Ash's title for the briefing"
    assert page.is_dirty()
    qtbot.keyClicks(page.title_edit, "!")  # typing on: the next save asks again
    qtbot.waitUntil(lambda: page.conflict_dialog is not None, timeout=TIMEOUT)
    qtbot.keyClick(page.conflict_dialog, Qt.Key.Key_H, ALT)  # Keep theirs
    qtbot.waitUntil(lambda: page.conflict_dialog is None, timeout=TIMEOUT)
    assert page.title_edit.text() == "Ash's title for the briefing"
    assert not page.is_dirty()
    assert sam.briefings.get(review).title == "Ash's title for the briefing"
    assert [h.text for h in sam.briefings.history(review, "title")] == [
        "Ash's title for the briefing",
        "Sam's title for the briefing",
        "Ash's title for the briefing",
        "Sam's title for the briefing!",
    ]
    page.saver.stop()


def test_reset_over_another_lead_s_newer_words_resets_nothing(qtbot, two_leads) -> None:  # type: ignore[no-untyped-def]
    sam, ash, review = two_leads
    page = _open(qtbot, sam, review)
    _write(qtbot, page, "happened", "- Sam: the visit was cancelled.")
    qtbot.waitUntil(lambda: page.resets["happened"].isEnabled(), timeout=TIMEOUT)
    ash.briefings.save_part(review, "happened", "- Ash: the visit was cancelled twice.", base=1)
    qtbot.mouseClick(page.resets["happened"], Qt.MouseButton.LeftButton)
    assert sam.briefings.get(review).happened == "- Ash: the visit was cancelled twice."
    assert page.editors["happened"].toPlainText() == "- Ash: the visit was cancelled twice."
    assert "so it was not reset" in page.message.text()
    qtbot.mouseClick(page.resets["happened"], Qt.MouseButton.LeftButton)  # again: it is reset
    assert sam.briefings.get(review).happened is None
    assert page.states["happened"].text() == "From the review"
    page.saver.stop()
