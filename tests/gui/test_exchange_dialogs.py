"""The exchange loop through the dialogs, typed into as a person would: a lead and two
practitioners, three data folders."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from reviewdesk.domain.packs import MergeOutcome, VersionStatus
from reviewdesk.gui.dialogs.exchange_dialogs import (
    ContributionsWidget,
    OpenExchangeFileDialog,
    ReturnContributionDialog,
    SendPackDialog,
)
from tests.exchange_loop import PASSPHRASE, dump, library, reflect

DOC_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def three(tmp_path):
    folks = {name: library(tmp_path, name) for name in ("lead", "priya", "sam")}
    review_id = folks["lead"].exchange.add_demo()[0].id
    yield folks, review_id
    for s in folks.values():
        s.close()


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def finish(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def send(
    qtbot, services, review_id, name, role, out: Path, *, drop=(), passphrase=PASSPHRASE, back_by=""
):
    dialog = SendPackDialog(services, review_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.role, role)
    if back_by:
        qtbot.keyClicks(dialog.return_by.line, back_by)
    for theme_id in drop:
        click(qtbot, dialog.theme_boxes[theme_id])
    qtbot.keyClicks(dialog.passphrase.first, passphrase)
    assert not dialog.make_button.isEnabled()  # not until it is typed twice
    qtbot.keyClicks(dialog.passphrase.second, passphrase)
    qtbot.keyClicks(dialog.output.edit, str(out))
    click(qtbot, dialog.make_button)
    finish(qtbot, dialog)
    assert dialog.sent is not None, dialog.message.text()
    return dialog


def open_file(qtbot, services, path: Path, passphrase: str | None = PASSPHRASE):
    dialog = OpenExchangeFileDialog(services, path)
    qtbot.addWidget(dialog)
    if passphrase is not None:
        qtbot.keyClicks(dialog.passphrase, passphrase)
    click(qtbot, dialog.open_button)
    finish(qtbot, dialog)
    return dialog


def give(qtbot, services, review_id, out: Path):
    dialog = ReturnContributionDialog(services, review_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase.second, PASSPHRASE)
    qtbot.keyClicks(dialog.output.edit, str(out))
    click(qtbot, dialog.write_button)
    finish(qtbot, dialog)
    assert dialog.written is not None, dialog.message.text()
    return dialog


def test_the_whole_loop_through_the_dialogs(qtbot, three, tmp_path) -> None:
    folks, review_id = three
    lead, priya, sam = folks["lead"], folks["priya"], folks["sam"]
    drop = ("critical-thinking", "identity", "domestic-abuse", "outside-family")
    send(qtbot, lead, review_id, "Priya Shah", "Health visitor", tmp_path / "p.rdpack", drop=drop)
    send(qtbot, lead, review_id, "Sam Okoro", "Police officer", tmp_path / "s.rdpack")

    before = dump(tmp_path / "priya" / "reviewdesk.sqlite3")
    wrong = open_file(qtbot, priya, tmp_path / "p.rdpack", "not the passphrase at all")
    assert "does not open" in wrong.message.text()
    assert dump(tmp_path / "priya" / "reviewdesk.sqlite3") == before
    wrong.passphrase.clear()
    qtbot.keyClicks(wrong.passphrase, PASSPHRASE)  # try again in the same dialog
    click(qtbot, wrong.open_button)
    finish(qtbot, wrong)
    assert "Opened the case pack" in wrong.message.text()
    assert not wrong.open_button.isVisible() and wrong.result_of_import.pack is not None
    p_review = wrong.result_of_import.review.id
    assert [t.id for t in priya.reviews.get(p_review).framework.themes] == [
        "whole-family",
        "babies",
    ]
    s_review = open_file(qtbot, sam, tmp_path / "s.rdpack").result_of_import.review.id

    reflect(priya, p_review, "Mother's partner was not known to me")
    reflect(sam, s_review, "The log was not shared", theme_index=4)
    give(qtbot, priya, p_review, tmp_path / "p1.rdreturn")
    give(qtbot, sam, s_review, tmp_path / "s1.rdreturn")

    first = open_file(qtbot, lead, tmp_path / "p1.rdreturn")
    assert first.result_of_import.merge.outcome is MergeOutcome.APPLIED
    widget = ContributionsWidget(lead, review_id)
    qtbot.addWidget(widget)
    top = {widget.tree.topLevelItem(i).text(0): widget.tree.topLevelItem(i) for i in range(2)}
    assert top["Priya Shah (Health visitor)"].text(3) == "Returned"
    assert top["Sam Okoro (Police officer)"].text(3) == "Waiting"
    assert top["Sam Okoro (Police officer)"].text(1)  # when the pack was sent

    open_file(qtbot, lead, tmp_path / "s1.rdreturn")
    reflect(priya, p_review, "Mother's partner was not known to me; I now ask at every visit")
    give(qtbot, priya, p_review, tmp_path / "p2.rdreturn")
    newer = open_file(qtbot, lead, tmp_path / "p2.rdreturn")
    assert newer.result_of_import.merge.outcome is MergeOutcome.SUPERSEDED
    again = open_file(qtbot, lead, tmp_path / "p1.rdreturn")
    assert "not been applied again" in again.message.text()

    sam_before = dump(tmp_path / "sam" / "reviewdesk.sqlite3")
    refused = open_file(qtbot, sam, tmp_path / "p2.rdreturn")
    assert refused.message.text().startswith("⚠ ")
    assert refused.message.accessibleDescription() == "Problem"
    assert "not made in this library" in refused.message.text()
    assert dump(tmp_path / "sam" / "reviewdesk.sqlite3") == sam_before

    widget.refresh()
    priya_row = next(
        widget.tree.topLevelItem(i)
        for i in range(widget.tree.topLevelItemCount())
        if widget.tree.topLevelItem(i).text(0).startswith("Priya")
    )
    assert priya_row.childCount() == 2
    assert [priya_row.child(i).text(3) for i in range(2)] == ["In use", "Earlier version"]
    widget.tree.setCurrentItem(priya_row.child(1))  # the previous version can be read
    assert "Mother's partner was not known to me" in widget.detail.toPlainText()
    assert "every visit" not in widget.detail.toPlainText()
    versions = lead.contributions.versions(newer.result_of_import.merge.contributor.id)
    assert [v.status for v in versions] == [VersionStatus.CURRENT, VersionStatus.SUPERSEDED]


def test_the_send_dialog_guides_the_passphrase_and_the_choice_not_to_encrypt(
    qtbot, three, tmp_path
) -> None:
    folks, review_id = three
    dialog = SendPackDialog(folks["lead"], review_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Priya Shah")
    qtbot.keyClicks(dialog.output.edit, str(tmp_path / "p.rdpack"))
    assert "random words" in dialog.passphrase.hint.text()
    qtbot.keyClicks(dialog.passphrase.first, "password1")
    assert dialog.passphrase.hint.text().startswith("Strength: Not accepted")
    qtbot.keyClicks(dialog.passphrase.second, "password1")
    assert not dialog.make_button.isEnabled()
    dialog.passphrase.first.clear()
    qtbot.keyClicks(dialog.passphrase.first, "copper kettle orchard")
    assert (
        "Strong" in dialog.passphrase.hint.text()
        and "do not match" in dialog.passphrase.hint.text()
    )
    assert "another way" in dialog.passphrase.reminder.text()
    for box in dialog.theme_boxes.values():
        box.setChecked(False)
    assert not dialog.make_button.isEnabled()  # no themes
    dialog.theme_boxes["babies"].setChecked(True)
    click(qtbot, dialog.protect)  # no encryption, chosen on purpose
    assert dialog.unprotected_note.isVisible() and not dialog.passphrase.isVisible()
    click(qtbot, dialog.make_button)
    finish(qtbot, dialog)
    assert not dialog.sent.encrypted and dialog.sent.theme_ids == ("babies",)


def test_dialogs_explain_what_cannot_be_done(qtbot, three, tmp_path) -> None:
    folks, review_id = three
    not_from_a_pack = ReturnContributionDialog(folks["lead"], review_id)
    qtbot.addWidget(not_from_a_pack)
    assert "not opened from a case pack" in not_from_a_pack.summary.text()
    assert not not_from_a_pack.write_button.isEnabled()
    junk = tmp_path / "junk.rdpack"
    junk.write_bytes(b"%PDF-1.7 not a pack")
    opener = OpenExchangeFileDialog(folks["priya"], junk)
    qtbot.addWidget(opener)
    assert "looks like a PDF" in opener.message.text() and not opener.open_button.isVisible()
    empty = ContributionsWidget(folks["lead"], review_id)
    qtbot.addWidget(empty)
    assert empty.tree.topLevelItemCount() == 0 and not empty.empty.isHidden()


def _row(widget: ContributionsWidget, who: str):  # type: ignore[no-untyped-def]
    tree = widget.tree
    return next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0).startswith(who)
    )


def _column(widget: ContributionsWidget, title: str) -> int:
    return widget.COLUMNS.index(title)


def test_contributions_received_counts_what_came_back_and_imports_from_its_button(
    qtbot, three, tmp_path, monkeypatch
) -> None:
    """Issue 19 point 5: per contributor, what came back and when, what is still awaited
    against the return-by date (in working days), and an Import button that asks for the file
    and the passphrase, then shows the contribution as returned, with its counts."""
    from PySide6.QtWidgets import QFileDialog

    folks, review_id = three
    lead, priya = folks["lead"], folks["priya"]
    lead.clocks._today = lambda: date(2026, 12, 7)  # a Monday, no bank holiday near
    drop = ("critical-thinking", "identity", "domestic-abuse", "outside-family")
    send(qtbot, lead, review_id, "Priya Shah", "Health visitor", tmp_path / "p.rdpack",
         drop=drop, back_by="10/12/2026")  # fmt: skip
    send(qtbot, lead, review_id, "Sam Okoro", "Police officer", tmp_path / "s.rdpack",
         back_by="02/12/2026")  # fmt: skip
    p_review = open_file(qtbot, priya, tmp_path / "p.rdpack").result_of_import.review.id
    reflect(priya, p_review, "Mother's partner was not known to me")
    give(qtbot, priya, p_review, tmp_path / "p1.rdreturn")

    widget = ContributionsWidget(lead, review_id)
    qtbot.addWidget(widget)
    widget.show()
    status, back_by = _column(widget, "Status"), _column(widget, "Back by")
    came_back = _column(widget, "What came back")
    priya_row = _row(widget, "Priya Shah")
    assert priya_row.text(status) == "Waiting"
    assert priya_row.text(back_by) == "10 Dec 2026: 3 working days left"
    assert priya_row.text(came_back) == "Nothing yet"
    sam_row = _row(widget, "Sam Okoro")
    assert sam_row.text(status) == "Waiting (overdue)"
    assert sam_row.text(back_by) == "2 Dec 2026: Overdue by 3 working days"

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    click(qtbot, widget.import_button)  # the chooser cancelled: nothing happens
    assert asked and "*.rdreturn" in asked[0][3] and widget.import_dialog is None

    chosen = str(tmp_path / "p1.rdreturn")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen, ""))
    click(qtbot, widget.import_button)
    dialog = widget.import_dialog
    assert dialog is not None and dialog.isVisible() and dialog.passphrase.isVisible()
    qtbot.keyClicks(dialog.passphrase, "not the passphrase at all")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    finish(qtbot, dialog)
    assert "does not open" in dialog.message.text()
    assert _row(widget, "Priya Shah").text(status) == "Waiting"  # nothing changed
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    finish(qtbot, dialog)
    assert "Added Priya Shah's contribution" in dialog.message.text()

    priya_row = _row(widget, "Priya Shah")  # refreshed as soon as it was in
    assert priya_row.text(status) == "Returned"
    assert priya_row.text(_column(widget, "Returned"))  # when it was written
    assert priya_row.text(back_by) == "10 Dec 2026"  # nothing outstanding any more
    assert priya_row.text(came_back) == "1 answer, 1 rating, 1 key learning, 0 citations"
    assert priya_row.toolTip(came_back) == (
        "1 answer, 1 theme rated, key learning for 1 theme, 0 chronology citations"
    )
    assert _row(widget, "Sam Okoro").text(status) == "Waiting (overdue)"
    widget.tree.setCurrentItem(priya_row)  # the contributor: their current contribution
    detail = widget.detail.toPlainText()
    assert "What came back, theme by theme:" in detail
    assert "1 of " in detail and "rated Significant; key learning; 0 citations" in detail
    assert "nothing written" in detail  # the other theme in her pack
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_screenshots(qtbot, three, tmp_path) -> None:
    """Renders each dialog and checks the pictures. REVIEWDESK_SAVE_SCREENSHOTS=1 writes them to
    docs/screenshots (as committed); otherwise they go to the test's temporary folder."""
    folks, review_id = three
    lead, priya = folks["lead"], folks["priya"]
    SHOTS = DOC_SHOTS if os.environ.get("REVIEWDESK_SAVE_SCREENSHOTS") else tmp_path / "shots"
    SHOTS.mkdir(parents=True, exist_ok=True)
    sender = SendPackDialog(lead, review_id)
    qtbot.addWidget(sender)
    qtbot.keyClicks(sender.name, "Priya Shah")
    qtbot.keyClicks(sender.role, "Health visitor")
    qtbot.keyClicks(sender.agency, "Eastmere Community Health")
    for theme_id in ("critical-thinking", "identity", "outside-family"):
        sender.theme_boxes[theme_id].setChecked(False)
    qtbot.keyClicks(sender.passphrase.first, "copper kettle orchard")
    qtbot.keyClicks(sender.passphrase.second, "copper kettle orchard")
    qtbot.keyClicks(sender.output.edit, str(tmp_path / "DEMO-2026-01-Priya.rdpack"))
    sender.show()
    sender.resize(560, sender.sizeHint().height())
    assert sender.grab().save(str(SHOTS / "send-pack-dialog.png"))
    click(qtbot, sender.make_button)
    finish(qtbot, sender)

    opener = OpenExchangeFileDialog(priya, tmp_path / "DEMO-2026-01-Priya.rdpack")
    qtbot.addWidget(opener)
    opener.show()
    opener.resize(520, opener.sizeHint().height())
    qtbot.keyClicks(opener.passphrase, "copper kettle orchard")
    assert opener.grab().save(str(SHOTS / "open-pack-dialog.png"))
    click(qtbot, opener.open_button)
    finish(qtbot, opener)
    mine = opener.result_of_import.review.id
    reflect(priya, mine, "I had not met Mother's partner", theme_index=0)

    giver = ReturnContributionDialog(priya, mine)
    qtbot.addWidget(giver)
    qtbot.keyClicks(giver.passphrase.first, "copper kettle orchard")
    qtbot.keyClicks(giver.passphrase.second, "copper kettle orchard")
    qtbot.keyClicks(giver.output.edit, str(tmp_path / "DEMO-2026-01-Priya.rdreturn"))
    giver.show()
    giver.resize(560, giver.sizeHint().height())
    assert giver.grab().save(str(SHOTS / "return-contribution-dialog.png"))
    click(qtbot, giver.write_button)
    finish(qtbot, giver)
    open_file(qtbot, lead, tmp_path / "DEMO-2026-01-Priya.rdreturn", "copper kettle orchard")

    lead.clocks._today = lambda: date(2026, 12, 7)  # a fixed Monday for the countdown
    send(qtbot, lead, review_id, "Sam Okoro", "Police officer", tmp_path / "Sam.rdpack",
         passphrase="copper kettle orchard", back_by="11/12/2026")  # fmt: skip
    status = ContributionsWidget(lead, review_id)
    qtbot.addWidget(status)
    status.show()
    status.resize(1000, 440)
    assert "4 working days left" in _row(status, "Sam Okoro").text(4)
    status.tree.setCurrentItem(status.tree.topLevelItem(0).child(0))
    assert status.grab().save(str(SHOTS / "contributions-widget.png"))
    for name in ("send-pack-dialog", "open-pack-dialog", "return-contribution-dialog"):
        image = QImage(str(SHOTS / f"{name}.png"))
        assert image.width() >= 500 and 100 < image.height() < 900
        assert (SHOTS / f"{name}.png").stat().st_size < 250_000
