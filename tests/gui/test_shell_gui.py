"""Menus, text size, remembered window and review, help, appearance, import, your details."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from reviewdesk import __version__
from reviewdesk.gui.settings import AppSettings
from reviewdesk.gui.style import DARK, HIGH_CONTRAST, Appearance
from tests.gui.conftest import answer_modal

CTRL = Qt.KeyboardModifier.ControlModifier


def test_text_size_grows_shrinks_resets_and_is_remembered(window, qtbot, data_dir: Path) -> None:
    h1 = next(w for w in window.library.findChildren(QLabel) if w.property("role") == "h1")
    before = h1.font().pointSizeF()
    window.menu_actions.larger.trigger()
    window.menu_actions.larger.trigger()
    assert window.appearance.scale == 1.3
    assert abs(h1.font().pointSizeF() / before - 1.3) < 0.02  # headings grow with the text
    assert AppSettings(data_dir / "settings.ini").text_scale == 1.3
    for _ in range(10):
        window.menu_actions.larger.trigger()
    assert window.appearance.scale == 2.5  # the largest step
    window.menu_actions.smaller.trigger()
    assert window.appearance.scale == 2.0
    window.menu_actions.reset_size.trigger()
    assert window.appearance.scale == 1.0
    assert abs(h1.font().pointSizeF() - before) < 0.01
    assert [k.toString() for k in window.menu_actions.larger.shortcuts()][:1] == ["Ctrl++"]


def test_window_and_open_review_are_remembered_in_the_data_folder(
    make_window, services, me, qtbot, data_dir: Path
) -> None:
    window = make_window(services)
    qtbot.mouseClick(window.library.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    uid = window.workspace.doc.uid
    window.resize(760, 540)  # within the 800 x 600 test screen
    window.close()
    ini = data_dir / "settings.ini"
    assert ini.is_file() and "[window]" in ini.read_text(encoding="utf-8")
    assert AppSettings(ini).last_review == uid

    again = make_window(services)
    assert (again.width(), again.height()) == (760, 540)
    assert again.workspace is not None and again.workspace.doc.uid == uid  # reopened
    again.back_to_library()
    again.close()
    assert AppSettings(ini).last_review == ""  # closed from the library: starts there next time


def test_help_tells_version_data_folder_framework_and_shortcuts(
    demo_window, qtbot, data_dir
) -> None:
    window = demo_window
    window.menu_actions.about.trigger()
    about = window.about_dialog
    assert about.version.text() == f"Version {__version__}"
    assert about.folder.text() == str(data_dir)
    assert "Child Safeguarding Practice Review Panel, Annual Report 2021" in about.framework.text()
    about.close()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    table = window.shortcuts_dialog.table
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["Find in this review..."] == "Ctrl+F"
    assert rows["Next theme"] == "Ctrl+PgDown"
    assert rows["First unanswered prompt"] == "Ctrl+J"
    assert rows["Back to the library"] == "Ctrl+L"
    assert "Tab, Shift+Tab" in rows.values()


def test_edit_menu_undo_and_redo_act_on_the_field_being_typed_in(demo_window, qtbot) -> None:
    window = demo_window
    window.workspace.go(1)
    editor = window.workspace.theme_pages[0].cards[0].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "First words")
    window.menu_actions.undo.trigger()
    assert editor.toPlainText() == ""
    window.menu_actions.redo.trigger()
    assert editor.toPlainText() == "First words"


def test_import_adds_a_review_from_a_file(
    window, services, record, qtbot, monkeypatch, tmp_path
) -> None:
    summary = services.reviews.create(record)
    exported = services.exchange.export_json(summary.id, tmp_path / "review.json")
    services.reviews.archive(summary.id)
    text = exported.read_text(encoding="utf-8").replace("LCSPR-2026-07", "LCSPR-2026-77")
    data = json.loads(text)
    data["review"]["uid"] = "0b6f4a0e-6a55-4bd1-9d11-1b2a3c4d5e6f"
    exported.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(exported), ""))
    window.menu_actions.import_.trigger()
    assert any(r.reference == "LCSPR-2026-77" for r in services.reviews.list_reviews())
    assert window.library.selected_summary().reference == "LCSPR-2026-77"
    # a file that is not a review is refused with a message, and nothing changes
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "bad.json"), "")
    )
    seen = {}
    answer_modal(lambda box: (seen.setdefault("text", box.text()), box.accept()))
    window.menu_actions.import_.trigger()
    assert "Nothing has been changed" in seen["text"] or "cannot" in seen["text"]
    assert len(services.reviews.list_reviews()) == 2


def test_your_details_can_be_changed_and_follow_into_reviews(demo_window, services, qtbot) -> None:
    window = demo_window
    window.menu_actions.details.trigger()
    dialog = window.welcome
    qtbot.waitUntil(lambda: dialog.isVisible())
    dialog.role.setCurrentText("Named nurse")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert services.profile.get().role == "Named nurse"
    assert "Named nurse" in window.workspace.writing_as.text()  # at once
    review_id = window.workspace.doc.id
    window.back_to_library()
    window.open_review(review_id)
    assert window.workspace.me.role == "Named nurse"
    assert "Named nurse" in window.workspace.writing_as.text()


def test_export_opens_the_export_dialog_for_the_open_review(demo_window, qtbot) -> None:
    from reviewdesk.gui.dialogs.export_dialog import ExportDialog

    window = demo_window
    window.menu_actions.export.trigger()
    qtbot.waitUntil(lambda: isinstance(window.review_actions.export_dialog, ExportDialog))
    dialog = window.review_actions.export_dialog
    assert dialog.isVisible()
    assert window.workspace is not None
    assert window.workspace.doc.reference in dialog.windowTitle()
    dialog.reject()


def test_dark_and_high_contrast_appearances(qapp: QApplication) -> None:
    system = QPalette(qapp.palette())
    dark = Appearance(qapp, 1.0, DARK)
    dark.apply()
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 60
    assert qapp.palette().color(QPalette.ColorRole.Text).lightness() > 200
    contrast = Appearance(qapp, 1.0, HIGH_CONTRAST)
    contrast._system_palette = system
    contrast.apply()
    # the system's own high-contrast colours are left alone; our sheet only draws in them
    assert qapp.palette().color(QPalette.ColorRole.Window) == system.color(
        QPalette.ColorRole.Window
    )
    sheet = qapp.styleSheet()
    assert "palette(highlight)" in sheet and "#1F6F6B" not in sheet
    Appearance(qapp, 1.0, "light").apply()


def test_the_first_paint_uses_the_remembered_look_and_follows_the_system_once_drawn(
    qapp: QApplication, tmp_path: Path, monkeypatch
) -> None:
    """Asking the system for its look builds Qt's namespace (about 15 ms), so the first paint
    uses the look the system asked for at the last start; once the window is drawn the system
    is asked, a changed look is drawn at once, and the new one is remembered, as is a change
    while the app is open. With nothing remembered (a first start) the system is asked."""
    from types import SimpleNamespace

    from reviewdesk.app import follow_system_look
    from reviewdesk.gui import style

    monkeypatch.delenv(style.ENV_APPEARANCE, raising=False)
    system = ["light"]
    asked: list[str] = []

    def system_look(app, palette=None) -> str:  # type: ignore[no-untyped-def]
        asked.append(system[0])
        return system[0]

    monkeypatch.setattr(style, "system_appearance", system_look)
    window = QPalette.ColorRole.Window
    settings = AppSettings(tmp_path / "settings.ini")
    try:
        settings.system_look = DARK  # what the system said at the last start
        look = Appearance(qapp, 1.0)
        look.apply(likely=settings.system_look)
        assert asked == [] and look.mode == DARK  # drawn without asking
        assert qapp.palette().color(window).lightness() < 60
        follow_system_look(SimpleNamespace(appearance=look, settings=settings))  # drawn: ask
        assert asked and look.mode == "light"
        assert qapp.palette().color(window).lightness() > 200  # drawn again, light
        assert AppSettings(tmp_path / "settings.ini").system_look == "light"
        system[0] = HIGH_CONTRAST  # the person turns high contrast on while it is open
        look.apply()  # as Qt's colorSchemeChanged / contrastPreferenceChanged do
        assert look.mode == HIGH_CONTRAST
        assert AppSettings(tmp_path / "settings.ini").system_look == HIGH_CONTRAST
        asked.clear()
        first = Appearance(qapp, 1.0)
        first.apply(likely=AppSettings(tmp_path / "none.ini").system_look)  # nothing remembered
        assert asked == [HIGH_CONTRAST] and first.mode == HIGH_CONTRAST
    finally:
        monkeypatch.undo()
        Appearance(qapp, 1.0, "light").apply()


def test_archived_reviews_are_not_reopened_at_start(make_window, services, me, record) -> None:
    summary = services.reviews.create(record)
    window = make_window(services)
    window.open_review(summary.id)
    window.close()
    services.reviews.archive(summary.id)
    again = make_window(services)
    assert again.workspace is None


def test_readable_at_200_percent_without_sideways_scrolling(demo_window, qtbot) -> None:
    window = demo_window
    window.resize(1280, 800)
    window.appearance.set_scale(2.0)
    try:
        ws = window.workspace
        for index in (1, 4, ws.summary_index):
            ws.go(index)
            qtbot.wait(10)  # let the layout settle
            page = ws.pages.currentWidget()
            assert page.column.minimumSizeHint().width() <= page.viewport().width(), index
            assert not page.horizontalScrollBar().isVisible()
    finally:
        window.appearance.set_scale(1.0)
