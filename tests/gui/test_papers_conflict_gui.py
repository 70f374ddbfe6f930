"""Two leads' windows on one library file (SQLite) change the same review paper at once (issue
22, point 5): the terms of reference and an entry of the family involvement log. The second
save, written over an older version, overwrites nothing; the conflict dialog shows both texts;
the lead chooses by keyboard and both texts are kept in the history."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from reviewdesk.domain.papers import FamilyContribution, FamilyWay, TermsOfReference
from reviewdesk.gui.pages.analysis.papers import FamilyPage, TermsPage

ALT = Qt.KeyboardModifier.AltModifier


def _other(services, tmp_path):  # type: ignore[no-untyped-def]
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.engine import open_store

    return Services.over(open_store(services.store.path, tmp_path / "backups-2"))


def _done(*pages) -> None:  # type: ignore[no-untyped-def]
    """Close the pages (and their dialogs) before the second connection is closed."""
    for page in pages:
        page.close()
        page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _page(qtbot, page):  # type: ignore[no-untyped-def]
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _retype(qtbot, box, words: str) -> None:  # type: ignore[no-untyped-def]
    box.window().activateWindow()
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, words)


def test_two_leads_save_the_terms_of_reference_and_combine_them(
    services, record, qtbot, tmp_path
) -> None:
    review = services.reviews.create(record)
    services.papers.save_terms(review.id, TermsOfReference("Scope: the year before the incident."))
    other = _other(services, tmp_path)
    sam = _page(qtbot, TermsPage(services, review.id))
    ash = _page(qtbot, TermsPage(other, review.id))
    try:
        assert sam.version_seen == ash.version_seen == 1
        sam_words = "Sam: scope from the pregnancy booking."
        ash_words = "Ash: include the older sibling's school."
        _retype(qtbot, ash.terms, ash_words)
        _retype(qtbot, sam.terms, sam_words)
        qtbot.mouseClick(sam.save_button, Qt.MouseButton.LeftButton)
        assert sam.message.text() == "Terms of reference saved."

        qtbot.mouseClick(ash.save_button, Qt.MouseButton.LeftButton)
        assert "Nothing has been overwritten" in ash.message.text()
        assert ash.terms.toPlainText() == ash_words
        assert services.papers.terms(review.id).terms == sam_words
        qtbot.waitUntil(lambda: ash.conflict_dialog is not None, timeout=5000)
        dialog = ash.conflict_dialog
        qtbot.waitExposed(dialog)
        assert dialog.heading.text() == (
            "Someone else changed the terms of reference while you were writing"
        )
        assert dialog.theirs_pane.toPlainText() == sam_words
        assert dialog.mine_pane.toPlainText() == ash_words
        qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # Keep the combined text

        qtbot.waitUntil(lambda: ash.conflict_dialog is None and not ash.is_dirty())
        combined = sam_words + "\n\n" + ash_words
        stored = services.papers.terms(review.id)
        assert (stored.terms, stored.version) == (combined, 3)
        assert "combined text is kept" in ash.message.text()
        history = [(h.side, h.text) for h in services.papers.terms_history(review.id)]
        assert history == [("theirs", sam_words), ("yours", ash_words)]
        sam.refresh()  # what Sam finally sees
        assert sam.terms.toPlainText() == combined and sam.version_seen == 3
    finally:
        _done(sam, ash)
        other.close()


def test_two_leads_change_one_family_entry_and_one_keeps_theirs(
    services, record, qtbot, tmp_path
) -> None:
    review = services.reviews.create(record)
    made = services.papers.add_family(
        review.id,
        FamilyContribution("Mother", date(2026, 4, 1), FamilyWay.MET_REVIEWER, views="First."),
    )
    other = _other(services, tmp_path)
    sam = _page(qtbot, FamilyPage(services, review.id))
    ash = _page(qtbot, FamilyPage(other, review.id))
    try:
        for page in (sam, ash):
            rect = page.table.visualRect(page.model.index(page.model.row_of(made.id), 0))
            qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert page.editing == made.id and page.version_seen == 1
        _retype(qtbot, ash.views, "Ash: she asked that the GP reads the report.")
        _retype(qtbot, sam.views, "Sam: she felt nobody listened to her.")
        qtbot.mouseClick(sam.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ash.save_button, Qt.MouseButton.LeftButton)
        assert "Nothing has been overwritten" in ash.message.text()
        qtbot.waitUntil(lambda: ash.conflict_dialog is not None, timeout=5000)
        dialog = ash.conflict_dialog
        qtbot.waitExposed(dialog)
        assert "family involvement entry" in dialog.heading.text()
        assert dialog.theirs_pane.toPlainText() == "Sam: she felt nobody listened to her."
        qtbot.keyClick(dialog, Qt.Key.Key_H, ALT)  # Keep theirs

        qtbot.waitUntil(lambda: ash.conflict_dialog is None)
        assert ash.views.toPlainText() == "Sam: she felt nobody listened to her."
        assert not ash.is_dirty() and ash.version_seen == 2
        assert services.papers.family(review.id)[0].views == "Sam: she felt nobody listened to her."
        texts = [h.text for h in services.papers.family_history(made.id)]
        assert texts == [
            "Sam: she felt nobody listened to her.",
            "Ash: she asked that the GP reads the report.",
        ]
    finally:
        _done(sam, ash)
        other.close()


def test_two_leads_save_the_case_record_and_one_keeps_hers(
    services, record, qtbot, tmp_path
) -> None:
    from reviewdesk.domain.casefile import HarmType
    from reviewdesk.gui.pages.analysis.case_details import CaseDetailsPage

    review = services.reviews.create(record)
    other = _other(services, tmp_path)
    sam = _page(qtbot, CaseDetailsPage(services, review.id))
    ash = _page(qtbot, CaseDetailsPage(other, review.id))
    try:
        assert sam.version_seen == ash.version_seen == 0  # nothing saved yet
        for page, harm in ((sam, HarmType.NEGLECT), (ash, HarmType.EMOTIONAL_ABUSE)):
            page.window().activateWindow()
            page.harm_type.setFocus()
            while page.harm_type.currentData() != harm:  # by keyboard, one choice at a time
                qtbot.keyClick(page.harm_type, Qt.Key.Key_Down)
        qtbot.mouseClick(sam.save_button, Qt.MouseButton.LeftButton)
        assert services.case_details.details(review.id).harm_type is HarmType.NEGLECT
        qtbot.mouseClick(ash.save_button, Qt.MouseButton.LeftButton)
        assert "Nothing has been overwritten" in ash.message.text()
        qtbot.waitUntil(lambda: ash.conflict_dialog is not None, timeout=5000)
        dialog = ash.conflict_dialog
        qtbot.waitExposed(dialog)
        assert "case record for analysis" in dialog.heading.text()
        assert "Harm type: Neglect" in dialog.theirs_pane.toPlainText()
        assert "Harm type: Emotional abuse" in dialog.mine_pane.toPlainText()
        assert not dialog.combined_button.isVisible()  # choices cannot be combined
        assert "combine" not in dialog.explanation.text()
        qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # Keep mine

        qtbot.waitUntil(lambda: ash.conflict_dialog is None and not ash.is_dirty())
        stored = services.case_details.details(review.id)
        assert (stored.harm_type, stored.version) == (HarmType.EMOTIONAL_ABUSE, 2)
        assert [h.side for h in services.case_details.details_history(review.id)] == [
            "theirs",
            "yours",
        ]
        sam.refresh()  # what Sam finally sees
        assert sam.harm_type.currentData() == HarmType.EMOTIONAL_ABUSE
    finally:
        _done(sam, ash)
        other.close()
