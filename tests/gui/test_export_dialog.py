"""The Export dialog, built directly with injected services, driven as a person would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from reviewdesk.domain.exporting import ExportFormat
from reviewdesk.gui.dialogs.export_dialog import ExportDialog

TIMEOUT = 30_000


@pytest.fixture
def demo(services):
    summary, _ = services.exchange.add_demo()
    return summary


@pytest.fixture
def dialog(qtbot, services, demo, tmp_path):
    d = ExportDialog(services, demo.id, folder=tmp_path)
    qtbot.addWidget(d)
    d.show()
    return d


def _export(qtbot, dialog: ExportDialog) -> Path:
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return Path(blocker.args[0])


def test_defaults_are_safe(dialog, tmp_path) -> None:
    today = date.today().isoformat()
    assert dialog.chosen_format is ExportFormat.PDF
    assert not dialog.names_check.isChecked()
    assert dialog.marking_combo.currentText() == "OFFICIAL-SENSITIVE"
    assert dialog.destination() == tmp_path / f"DEMO-2026-01 learning summary {today}.pdf"
    qtbot_click(dialog.format_buttons[ExportFormat.BRIEFING])
    assert dialog.destination().name == f"DEMO-2026-01 7-minute briefing {today}.pdf"
    qtbot_click(dialog.format_buttons[ExportFormat.JSON])
    assert not dialog.options_box.isEnabled() and dialog.json_note.isVisibleTo(dialog)
    assert dialog.destination().suffix == ".json"


def test_family_members_are_named_only_when_chosen(qtbot, dialog) -> None:
    """The learning summary's family involvement: "Family member 1"... unless the box is
    ticked (from the keyboard here)."""
    assert not dialog.family_names_check.isChecked()
    assert dialog.chosen_options().family_names is False
    dialog.family_names_check.setFocus()
    qtbot.keyClick(dialog.family_names_check, Qt.Key.Key_Space)
    assert dialog.chosen_options().family_names is True


def qtbot_click(button) -> None:  # type: ignore[no-untyped-def]
    button.click()


def test_exports_a_pdf_off_the_gui_thread_then_opens_it(qtbot, dialog, monkeypatch) -> None:
    dialog.names_check.setChecked(True)
    for row in range(dialog.theme_list.count()):
        item = dialog.theme_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) != "babies":
            item.setCheckState(Qt.CheckState.Unchecked)
    dialog.marking_combo.setCurrentText("OFFICIAL")
    path = _export(qtbot, dialog)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Morwenna Clegg" in text  # names were asked for
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    squashed = "".join(text.split())
    assert "THEME4OF6" in squashed and "THEME5OF6" not in squashed  # only babies
    assert dialog.open_button.isVisible() and dialog.folder_button.isVisible()
    assert str(path) in dialog.status_label.text()

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(path), str(path.parent)]


def test_an_existing_file_is_replaced_only_when_confirmed(qtbot, dialog) -> None:
    target = dialog.destination()
    target.write_bytes(b"keep me")
    dialog.confirm_replace = lambda path: False
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == b"keep me"
    assert "existing file is kept" in dialog.status_label.text()
    dialog.confirm_replace = lambda path: True
    assert _export(qtbot, dialog) == target
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_failure_is_said_kindly_and_the_dialog_recovers(qtbot, dialog, tmp_path) -> None:
    dialog.path_edit.setText(str(tmp_path / "no such folder" / "x.pdf"))
    with qtbot.waitSignal(dialog.failed, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "does not exist" in blocker.args[0]
    assert "Nothing was exported. The folder" in dialog.status_label.text()
    assert "Traceback" not in dialog.status_label.text()
    assert dialog.export_button.isEnabled() and not dialog.open_button.isVisible()


def test_word_export_through_the_dialog(qtbot, dialog) -> None:
    dialog.format_buttons[ExportFormat.DOCX].click()
    path = _export(qtbot, dialog)
    assert path.suffix == ".docx" and path.read_bytes()[:2] == b"PK"


def test_marking_starts_from_the_library_setting_and_draft_is_offered(services, qtbot) -> None:
    from reviewdesk.gui.dialogs.export_dialog import ExportDialog

    summary, _ = services.exchange.add_demo()
    services.settings.set_default_marking("OFFICIAL")
    dialog = ExportDialog(services, summary.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.marking_combo.currentText() == "OFFICIAL"
    assert not dialog.chosen_options().draft
    dialog.draft_check.setFocus()
    qtbot.keyClick(dialog.draft_check, Qt.Key.Key_Space)
    assert dialog.chosen_options().draft
    assert dialog.chosen_options().marking == "OFFICIAL"


def test_a_publication_export_runs_the_check_first_and_names_are_replaced(
    services, qtbot, tmp_path
) -> None:
    from pypdf import PdfReader

    from reviewdesk.gui.dialogs.export_dialog import ExportDialog
    from tests.gui.conftest import answer_modal

    summary, _ = services.exchange.add_demo()
    work = services.reviews.get(summary.id).contributors[0]
    prompt = services.reviews.get(summary.id).framework.themes[3].prompts[0]
    services.reviews.save_answer(work.contributor.id, prompt.id, "Kestrel Moon was seen.")
    services.names.add(summary.id, "Kestrel Moon", "Child D")
    dialog = ExportDialog(services, summary.id, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.publication_check.setChecked(True)
    seen = {}

    def decide(check) -> None:  # type: ignore[no-untyped-def]
        seen["rows"] = check.tree.topLevelItemCount()
        check.reason_edit.setText("Dates are already public in the court judgment (fictional).")
        check.continue_button.click()

    answer_modal(decide, timeout_ms=10_000)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.start_export()
    path = dialog.destination()
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert "Kestrel Moon" not in text
    assert "Child D was seen." in text.replace("\n", " ")
    assert seen["rows"] != 0


def test_it_stays_open_while_the_file_is_being_written(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    class Writing:  # a task still running in the background
        running = True

    dialog.show()
    dialog._task = Writing()
    dialog.reject()  # Escape or Close while writing
    assert dialog.isVisible()
    assert "still being written" in dialog.status_label.text()
    dialog.close()  # the window's close button
    assert dialog.isVisible()
    Writing.running = False
    dialog.reject()
    assert not dialog.isVisible()


def test_an_existing_file_is_kept_unless_the_person_says_replace(qtbot, dialog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    existing = tmp_path / "kept.pdf"
    existing.write_bytes(b"the earlier file")
    dialog.path_edit.setText(str(existing))
    dialog.confirm_replace = lambda _path: False
    dialog.start_export()
    assert existing.read_bytes() == b"the earlier file"
    assert "existing file is kept" in dialog.status_label.text()
    assert dialog._task is None


def test_a_briefing_for_publication_is_checked_for_what_the_briefing_prints(
    services, qtbot, tmp_path
) -> None:
    """The demo's answers hold many exact dates the briefing does not print: the check the
    person sees for the briefing finds none, warns that a role is one person, and the export
    needs no override (issue 17, point 6)."""
    from tests.gui.conftest import answer_modal

    summary, _ = services.exchange.add_demo()
    dialog = ExportDialog(services, summary.id, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.format_buttons[ExportFormat.BRIEFING].click()
    assert dialog.chosen_format is ExportFormat.BRIEFING
    dialog.publication_check.setChecked(True)
    seen = {}

    def look(check) -> None:  # type: ignore[no-untyped-def]
        seen["rows"] = getattr(check, "tree", None) and check.tree.topLevelItemCount()
        seen["summary"] = check.summary.text() if hasattr(check, "summary") else ""
        seen["warnings"] = check.warnings.text() if hasattr(check, "warnings") else ""
        check.reject() if check.findings else check.continue_button.click()

    answer_modal(look, timeout_ms=10_000)
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT):
        dialog.start_export()
    assert seen["rows"] == 0 and "Nothing that looks identifying" in seen["summary"]
    assert "'Health visitor' at Eastmere Community Health is one person" in seen["warnings"]
    assert dialog.destination().read_bytes().startswith(b"%PDF")
    actions = [e.action for e in services.audit.entries(reference=summary.reference)]
    assert "publication.overridden" not in actions


def _press_in_message_box(qtbot, label: str, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """When the message box opens, note its words and press the button called ``label``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests import running

    serial = running.current()

    def press() -> None:
        if not running.still(serial):  # its test is over: never answer another test's box
            return
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.windowTitle() + "\n" + box.text() + "\n" + box.informativeText())
        button = next(b for b in box.buttons() if b.text().replace("&", "") == label)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def test_words_no_font_can_print_are_named_before_a_pdf_is_written(
    qtbot, services, demo, tmp_path, monkeypatch
) -> None:
    """Issue 17, point 7: a computer with no font for Chinese is told so before the export,
    and chooses: Cancel writes nothing, Export anyway writes the PDF."""
    from reviewdesk.exports import scripts

    monkeypatch.setattr(scripts, "_installed", lambda: {})
    monkeypatch.setattr(scripts, "_fc_match", lambda ch: None)
    scripts.font_for.cache_clear()
    scripts._fonts_for.cache_clear()
    try:
        person = services.reviews.get(demo.id).contributors[0].contributor
        services.reviews.save_answer(person.id, "babies-seen", "The child said: 我想回家")
        dialog = ExportDialog(services, demo.id, folder=tmp_path)
        qtbot.addWidget(dialog)
        dialog.show()
        seen: list[str] = []
        _press_in_message_box(qtbot, "Cancel", seen)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert "Chinese characters (我想回家) that this computer has no font for" in seen[0]
        assert "empty boxes" in seen[0] and "prompt 3: answer by" in seen[0]
        assert not dialog.destination().exists()
        assert dialog.status_label.text().startswith("Nothing was saved.")

        _press_in_message_box(qtbot, "Export anyway", seen)
        assert _export(qtbot, dialog).read_bytes().startswith(b"%PDF-")
        assert len(seen) == 2
    finally:
        scripts.font_for.cache_clear()
        scripts._fonts_for.cache_clear()
