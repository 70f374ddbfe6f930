"""The rapid review dialog (issue 18, point 3), opened from the Review menu on the demo: each
section shows prefilled, the lead types into one, writes the Word document, and the file holds
what they typed; closing with changes not yet written asks first and keeps them."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from PySide6.QtCore import Qt

from reviewdesk.domain.rapid_review import SECTIONS
from reviewdesk.gui.dialogs.rapid_review import RapidReviewDialog

TYPED = "Child D was cared for mostly at home; her voice is heard through her grandmother."


def test_the_lead_edits_a_section_and_the_word_file_holds_it(
    demo_window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    window.menu_actions.rapid_review.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.exchange_dialog, RapidReviewDialog))
    dialog = window.review_actions.exchange_dialog
    assert [k for k in dialog.editors] == [s.key for s in SECTIONS]
    assert "The bruise and the strategy discussion" in dialog.editors["episodes"].toPlainText()
    assert "Health visiting: 5 entries" in dialog.editors["agencies"].toPlainText()

    editor = dialog.editors["context"]
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, TYPED)
    out = tmp_path / "rapid review.docx"
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(out))

    # Closing now would lose the edit: the lead is asked, says no, and the text stays.
    asked: list[bool] = []
    dialog.confirm_discard = lambda: asked.append(True) or False
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert asked and dialog.isVisible()
    assert editor.toPlainText() == TYPED

    with qtbot.waitSignal(dialog.written, timeout=30_000):
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert out.exists()
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert TYPED in text
    assert "[What was daily life like" not in text
    assert "Saved to" in dialog.status_label.text()

    # Written: closing no longer asks.
    asked.clear()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not asked and not dialog.isVisible()
