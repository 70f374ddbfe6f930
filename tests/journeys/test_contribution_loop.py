"""Journey 2, the multi-agency loop, walked through the windows in three data folders.

A lead sets up a review through the wizard, adds a chronology entry and sends case packs to two
practitioners. Priya opens hers at first run (``reviewdesk priya.rdpack``); Tom, whose details
name him differently, opens his by File, Import and chooses the name the lead knows. Each writes
answers with evidence, cites the chronology entry, rates a theme, writes key learning and
returns. The lead imports both, reads each beside their own, exports the learning summary, and
a second return from Priya supersedes her first, with history. The far ends are what the lead's
window shows and the text of the exported PDF (read by poppler's pdftotext).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reviewdesk.domain.review import Relevance
from tests.journeys.people import (
    add_chronology_entry,
    click,
    new_review,
    open_selected_review,
    open_through_import,
    passphrase_and_open,
    reflect,
    return_contribution,
    send_pack,
    start,
    stop,
    type_into,
    welcome,
)

BABIES, DOMESTIC_ABUSE = 3, 4
ENTRY = "New-birth visit; baby seen asleep in a Moses basket"
PRIYA_1 = "At the new-birth visit I asked who else cared for the baby overnight."
PRIYA_2 = "Safer sleep was discussed with mother; I did not meet her partner."
PRIYA_LATER = "Looking again at my notes: the partner's shifts meant he did the night feeds."
TOM_1 = "The call-out log showed a third incident that month; it was not shared with health."


def summary_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow  # about 20 s of CPU: its file runs first (tests/conftest.py)
@pytest.mark.timeout(900)  # three people, real key derivation for every pack and return
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_two_practitioners_words_reach_the_lead_and_the_summary(qtbot, tmp_path: Path) -> None:
    folders = {who: tmp_path / who for who in ("lead", "priya", "tom")}
    files = tmp_path / "shared"
    files.mkdir()

    # --- the lead: a new review, a chronology entry, two packs -------------------------------
    lead = start(qtbot, folders["lead"])
    welcome(qtbot, lead, "Sam Carter", "Review lead", "Eastmere Safeguarding Partnership")
    new_review(qtbot, lead, "LCSPR-2026-31", "Child K, Eastmere (fictional)")
    add_chronology_entry(qtbot, lead, "14 January 2026", "Health visiting", ENTRY)
    lead.review_actions.lead_window.close()
    send_pack(qtbot, lead, "Priya Shah", "Health visitor", "Eastmere Community Health",
              files / "priya.rdpack")  # fmt: skip
    send_pack(qtbot, lead, "Tom Reid", "Police constable", "Eastmere Police",
              files / "tom.rdpack")  # fmt: skip
    stop(lead)

    # --- Priya: the pack opened at first run ---------------------------------------------------
    priya = start(qtbot, folders["priya"], open_file=files / "priya.rdpack")
    welcome(qtbot, priya, "Priya Shah", "Health visitor", "Eastmere Community Health")
    said = passphrase_and_open(qtbot, priya)
    assert "Priya Shah" in said
    open_selected_review(qtbot, priya)
    assert priya.workspace.me.name == "Priya Shah"
    reflect(qtbot, priya, BABIES, [PRIYA_1, PRIYA_2], evidence="HV record, 14 Jan 2026",
            rating=Relevance.SIGNIFICANT, learning="Ask about every carer, at every visit.",
            cite="Moses basket")  # fmt: skip
    dialog = return_contribution(qtbot, priya, files / "priya-1.rdreturn")
    assert "2 answers" in dialog.summary.text() and "1 chronology citation" in dialog.summary.text()
    babies_row = dialog.themes.topLevelItem(BABIES)
    assert [babies_row.text(c) for c in range(5)][1:] == ["2 of 10", "Significant", "Written", "1"]
    dialog.close()
    stop(priya)

    # --- Tom: his details name him differently; File, Import ---------------------------------
    tom = start(qtbot, folders["tom"])
    welcome(qtbot, tom, "Thomas Reid", "Police constable", "Eastmere Police")
    open_through_import(qtbot, tom, files / "tom.rdpack")
    passphrase_and_open(qtbot, tom, name_choice="Keep Tom Reid")
    open_selected_review(qtbot, tom)
    assert tom.workspace.me.name == "Tom Reid"
    reflect(qtbot, tom, DOMESTIC_ABUSE, [TOM_1], rating=Relevance.SIGNIFICANT,
            learning="Share every call-out with health.", cite="Moses basket")  # fmt: skip
    return_contribution(qtbot, tom, files / "tom-1.rdreturn").close()
    stop(tom)

    # --- the lead: both imported, read beside, exported ---------------------------------------
    lead = start(qtbot, folders["lead"])
    qtbot.waitUntil(lambda: lead.workspace is not None)  # the review open last comes back
    for name, file in (("Priya Shah", "priya-1.rdreturn"), ("Tom Reid", "tom-1.rdreturn")):
        open_through_import(qtbot, lead, files / file)
        said = passphrase_and_open(qtbot, lead)
        assert f"Added {name}'s contribution" in said
        assert "1 chronology citation" in said and "nothing new" not in said
    open_selected_review(qtbot, lead)
    ws = lead.workspace
    ws.compare.setFocus()
    index = next(i for i in range(ws.compare.count()) if ws.compare.itemText(i).startswith("Priya"))
    ws.compare.setCurrentIndex(index)
    ws.go(BABIES + 1)
    card = ws.theme_page(BABIES).cards[0]
    assert card.other_reader.toPlainText() == PRIYA_1
    assert "Moses basket" in card.other_citations.text()

    pdf = files / "summary.pdf"
    lead.menu_actions.export.trigger()
    export = lead.review_actions.export_dialog
    qtbot.waitExposed(export)
    type_into(qtbot, export.path_edit, str(pdf))
    click(qtbot, export.export_button)
    qtbot.waitUntil(lambda: pdf.exists(), timeout=60_000)
    text = " ".join(summary_text(pdf).split())
    for words in (PRIYA_1, PRIYA_2, TOM_1, "Ask about every carer, at every visit."):
        assert words in text, words
    export.close()
    stop(lead)

    # --- Priya returns again; the lead's copy is superseded, the first kept -------------------
    priya = start(qtbot, folders["priya"])
    qtbot.waitUntil(lambda: priya.workspace is not None)
    reflect(qtbot, priya, BABIES, ["", "", PRIYA_LATER])
    return_contribution(qtbot, priya, files / "priya-2.rdreturn").close()
    stop(priya)

    lead = start(qtbot, folders["lead"])
    qtbot.waitUntil(lambda: lead.workspace is not None)
    open_through_import(qtbot, lead, files / "priya-2.rdreturn")
    said = passphrase_and_open(qtbot, lead)
    assert "newer contribution" in said and "earlier one is kept" in said
    open_selected_review(qtbot, lead)
    assert lead.menu_actions.contributions.isEnabled()
    lead.menu_actions.contributions.trigger()
    contributions = lead.review_actions.exchange_dialog
    qtbot.waitExposed(contributions)
    tree = contributions.widget.tree
    priya_row = next(
        tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0).startswith("Priya")
    )  # fmt: skip
    assert [priya_row.child(i).text(3) for i in range(priya_row.childCount())] == [
        "In use",
        "Earlier version",
    ]
    contributions.close()
    ws = lead.workspace
    index = next(i for i in range(ws.compare.count()) if ws.compare.itemText(i).startswith("Priya"))
    ws.compare.setCurrentIndex(index)
    ws.go(BABIES + 1)
    assert ws.theme_page(BABIES).cards[2].other_reader.toPlainText() == PRIYA_LATER
    assert ws.theme_page(BABIES).cards[0].other_reader.toPlainText() == PRIYA_1
    stop(lead)
