"""The Briefing page (issue 17, point 3), driven as the lead would: typing into a section through
the keyboard, the fit meter, Reset this section from the review, and the export through the real
File › Export menu and dialog, read back with poppler's pdftotext."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reviewdesk.domain.exporting import ExportFormat
from tests.exports.conftest import pdftotext

TIMEOUT = 30_000
OWN = (
    "Every practitioner who learns that a new adult lives in or visits a baby's home tells the "
    "health visitor the same day, and writes down who told them and when."
)


def squash(text: str) -> str:
    return "".join(text.split())


def _briefing_tab(qtbot, window):  # type: ignore[no-untyped-def]
    window.menu_actions.lead_toolkit.trigger()  # Review › Analysis…
    qtbot.waitUntil(lambda: window.review_actions.lead_window is not None)
    toolkit = window.review_actions.lead_window.toolkit
    bar = toolkit.tabs.tabBar()
    index = toolkit.tabs.indexOf(toolkit.briefing)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert toolkit.tabs.currentWidget() is toolkit.briefing
    return toolkit.briefing


def test_the_lead_types_a_section_and_exports_it_through_the_menu(
    qtbot, demo_window, services, tmp_path: Path
) -> None:
    window = demo_window
    review = window.workspace.doc.id
    page = _briefing_tab(qtbot, window)
    assert page.states["found"].text() == "From the review"
    assert 0 < page.fit_bar.value() <= 100 and "Nothing is cut" in page.fit_label.text()

    editor = page.editors["found"]
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "- " + OWN)
    # Saved as typed (after the autosave's pause), and now the lead's own words.
    qtbot.waitUntil(lambda: OWN in (services.briefings.get(review).found or ""), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: page.states["found"].text() == "Your words", timeout=TIMEOUT)
    assert page.resets["found"].isEnabled()
    qtbot.waitUntil(lambda: page.last_draft is not None and "found" in page.last_draft.edited,
                    timeout=TIMEOUT)  # fmt: skip

    # File › Export…, the 7-minute briefing (PDF), with the marking chosen for circulation.
    window.activateWindow()
    window.menu_actions.export.trigger()
    dialog = window.review_actions.export_dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.format_buttons[ExportFormat.BRIEFING], Qt.MouseButton.LeftButton)
    assert dialog.chosen_format is ExportFormat.BRIEFING
    assert dialog.marking_combo.currentText() == "OFFICIAL"
    target = tmp_path / "briefing.pdf"
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(target))
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    text = pdftotext(target.read_bytes(), tmp_path / "read")  # poppler, column by column
    assert squash(OWN) in squash(text)
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    assert "…" not in text
    dialog.close()


def test_reset_a_section_and_the_two_page_form(qtbot, demo_window, services) -> None:
    window = demo_window
    review = window.workspace.doc.id
    page = _briefing_tab(qtbot, window)
    editor = page.editors["questions"]
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "- What would we do differently tomorrow?")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # moving on saves at once
    qtbot.waitUntil(
        lambda: (
            services.briefings.get(review).questions == "- What would we do differently tomorrow?"
        ),
        timeout=TIMEOUT,
    )
    qtbot.waitUntil(lambda: page.resets["questions"].isEnabled(), timeout=TIMEOUT)
    qtbot.mouseClick(page.resets["questions"], Qt.MouseButton.LeftButton)
    assert services.briefings.get(review).questions is None
    assert page.states["questions"].text() == "From the review"
    assert editor.toPlainText().startswith("Talk these through in your team:")

    before = page.last_draft.percent
    qtbot.mouseClick(page.two_pages, Qt.MouseButton.LeftButton)
    assert services.briefings.get(review).two_pages
    qtbot.waitUntil(lambda: page.last_draft.form_pages == 2, timeout=TIMEOUT)
    assert page.last_draft.percent < before


def test_words_typed_just_before_closing_the_window_are_kept(qtbot, demo_window, services) -> None:
    window = demo_window
    review = window.workspace.doc.id
    page = _briefing_tab(qtbot, window)
    editor = page.editors["matters"]
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, " Typed a moment before closing.")
    assert services.briefings.get(review).matters is None  # not yet: the autosave waits a pause
    analysis = window.review_actions.lead_window
    qtbot.keyClick(analysis, Qt.Key.Key_Escape)  # Esc closes the Analysis window
    assert not analysis.isVisible()
    assert (services.briefings.get(review).matters or "").endswith("Typed a moment before closing.")


def test_the_marking_for_circulation_is_chosen_on_the_page(qtbot, demo_window, services) -> None:
    window = demo_window
    review = window.workspace.doc.id
    page = _briefing_tab(qtbot, window)
    assert page.marking_combo.currentText() == "OFFICIAL"
    combo = page.marking_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next marking in the list
    assert services.briefings.get(review).marking == "OFFICIAL-SENSITIVE"
    assert "Marking saved: OFFICIAL-SENSITIVE." in page.message.text()
