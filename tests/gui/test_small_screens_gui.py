"""Every window and dialog fits the laptops councils use (issue 15, point 4).

A 1366x768 or 1280x720 screen, often at 125% scaling, less a taskbar of about 40 pixels, leaves
as little as 1024x536 logical pixels. The offscreen screen cannot be resized once the application
has started, so these tests tell gui/fit.py that the available area is one of those rectangles
(its one seam, :func:`reviewdesk.gui.fit.available_area`), open each window the way a person does
(the menus, the buttons), and check what a person would see: the whole window, title bar included,
inside the area; a minimum size that fits it; the main window's status bar and every dialog's
buttons on screen and not scrolled away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QWidget

from reviewdesk.gui import fit
from reviewdesk.gui.main_window import MainWindow
from reviewdesk.gui.settings import AppSettings
from reviewdesk.paths import resolve_paths

AREAS = {
    "1366x768": QRect(0, 0, 1366, 728),
    "1280x720": QRect(0, 0, 1280, 680),
    "1366x768 at 125%": QRect(0, 0, 1093, 574),
    "1280x720 at 125%": QRect(0, 0, 1024, 536),
}
SMALLEST = "1280x720 at 125%"


@pytest.fixture
def screen_area(monkeypatch) -> Callable[[QRect], None]:  # type: ignore[no-untyped-def]
    def pretend(area: QRect) -> None:
        monkeypatch.setattr(fit, "available_area", lambda _widget: QRect(area))

    return pretend


@pytest.fixture
def open_window(qtbot, appearance, data_dir: Path) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    """A real main window, sized by the app itself (no test resize), shown and attached."""
    made: list[MainWindow] = []

    def make(services) -> MainWindow:  # type: ignore[no-untyped-def]
        paths = resolve_paths(data_dir)
        window = MainWindow(paths, AppSettings(paths.settings_file), appearance)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.attach(services)
        made.append(window)
        return window

    yield make
    for window in made:
        window.autosaver.stop()


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def visible_in_window(widget: QWidget) -> bool:
    """``widget`` is drawn wholly inside its window (not cut off, not scrolled out of view)."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    clip = window.rect()
    parent = widget.parentWidget()
    while parent is not None and parent is not window:  # scroll areas clip their contents
        top_left = parent.mapTo(window, QPoint(0, 0))
        clip = clip.intersected(QRect(top_left, parent.size()))
        parent = parent.parentWidget()
    return clip.contains(rect)


def assert_fits(window: QWidget, area: QRect, where: str) -> None:
    QApplication.processEvents()
    frame = window.frameGeometry()
    assert area.contains(frame), f"{where}: {frame} is not inside the available area {area}"
    margins = QRect(frame).size() - window.size()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() + margins.width() <= area.width(), f"{where}: minimum {minimum}"
    assert minimum.height() + margins.height() <= area.height(), f"{where}: minimum {minimum}"
    for box in window.findChildren(QDialogButtonBox):
        if box.isVisibleTo(window) and box.window() is window:
            for button in box.buttons():
                if button.isVisibleTo(window):
                    assert area.contains(global_rect(button)), f"{where}: {button.text()}"
                    assert visible_in_window(button), f"{where}: {button.text()} is cut off"


def assert_buttons_in_view(window: QWidget, texts: list[str], where: str) -> None:
    """Buttons that are not in a QDialogButtonBox (a row of the dialog's own)."""
    for button in window.findChildren(QAbstractButton):
        if button.text().replace("&", "") in texts and button.isVisibleTo(window):
            assert visible_in_window(button), f"{where}: {button.text()} is cut off"


@pytest.mark.parametrize("name", list(AREAS))
def test_the_main_window_fits_even_with_a_remembered_larger_size(
    name, screen_area, open_window, services, me, data_dir, qtbot
) -> None:  # type: ignore[no-untyped-def]
    area = AREAS[name]
    # Last used on a large monitor, far to the right and down.
    paths = resolve_paths(data_dir)
    big = MainWindow(paths, AppSettings(paths.settings_file))
    big.setGeometry(900, 500, 1900, 1150)
    settings = AppSettings(paths.settings_file)
    settings.save_window(big.saveGeometry(), QByteArray())
    settings.sync()
    big.deleteLater()

    screen_area(area)
    window = open_window(services)
    assert_fits(window, area, f"library on {name}")
    assert area.contains(global_rect(window.statusBar()))
    assert visible_in_window(window.statusBar())

    qtbot.mouseClick(window.library.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    window.go_to(1)
    assert_fits(window, area, f"review on {name}")
    assert visible_in_window(window.statusBar())
    assert window.statusBar().isVisible()
    card = window.workspace.theme_page(0).cards[0]
    assert card.editor.isVisible()


@pytest.mark.parametrize("name", ["1366x768", SMALLEST])
def test_every_window_and_dialog_opens_inside_the_screen(
    name, screen_area, open_window, services, me, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    area = AREAS[name]
    screen_area(area)
    window = open_window(services)
    seen: list[str] = []

    def check(dialog: QWidget, what: str, buttons: list[str] | None = None) -> None:
        qtbot.waitUntil(dialog.isVisible)
        assert_fits(dialog, area, f"{what} on {name}")
        if buttons:
            assert_buttons_in_view(dialog, buttons, f"{what} on {name}")
        seen.append(what)

    # The library's own windows.
    window.menu_actions.new.trigger()
    check(window.wizard, "new-review wizard", ["Next", "Cancel"])
    window.wizard.done(0)
    window.menu_actions.details.trigger()
    check(window.welcome, "your details")
    window.welcome.done(0)
    for action, attribute, what in (
        (window.menu_actions.library_settings, "settings_dialog", "library settings"),
        (window.menu_actions.audit, "audit_dialog", "audit trail"),
        (window.menu_actions.dashboard, "dashboard_window", "theme dashboard"),
        (window.menu_actions.learning_report, "report_dialog", "learning report"),
        (window.menu_actions.search, "search_window", "search"),
        (window.menu_actions.about, "about_dialog", "about"),
        (window.menu_actions.shortcuts, "shortcuts_dialog", "keyboard shortcuts"),
    ):
        action.trigger()
        dialog = getattr(window.review_actions, attribute, None) or getattr(window, attribute)
        check(dialog, what, ["Close"])
        if attribute == "settings_dialog":
            qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
            check(dialog.log_dialog, "deletion log", ["Close"])
            dialog.log_dialog.close()
        dialog.close()

    # A review's windows, from the Review and File menus.
    qtbot.mouseClick(window.library.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert_fits(window, area, f"review on {name}")
    review_id = window.workspace.doc.id
    window.menu_actions.case_record.trigger()
    check(window.record_dialog, "case record", ["Save", "Cancel"])
    window.record_dialog.done(0)
    window.menu_actions.export.trigger()
    check(window.review_actions.export_dialog, "export", ["Export", "Close"])
    window.review_actions.export_dialog.close()
    for action, what in (
        (window.menu_actions.send_pack, "send to a contributor"),
        (window.menu_actions.return_contribution, "return my contribution"),
        (window.menu_actions.contributions, "contributions received"),
        (window.menu_actions.name_key, "name key"),
    ):
        action.trigger()
        check(window.review_actions.exchange_dialog, what)
        window.review_actions.exchange_dialog.close()
    window.menu_actions.lead_toolkit.trigger()
    check(window.review_actions.lead_window, "analysis", ["Close"])
    window.review_actions.lead_window.close()

    from reviewdesk.domain.review import Profile
    from reviewdesk.gui.dialogs.chronology_import import ChronologyImportDialog
    from reviewdesk.gui.dialogs.dashboard import ReviewsBehindDialog
    from reviewdesk.gui.dialogs.exchange_dialogs import OpenExchangeFileDialog
    from reviewdesk.gui.dialogs.profile import ProfileDialog
    from reviewdesk.gui.dialogs.publication_check import PublicationCheckDialog
    from reviewdesk.gui.dialogs.unlock import UnlockDialog
    from reviewdesk.gui.dialogs.unsaved import UnsavedDialog
    from reviewdesk.gui.widgets.citations import CitationPicker
    from tests.gui.test_accessibility_gui import _all_reviews

    def save(profile: Profile) -> Profile:
        return profile

    junk = tmp_path / "not-a-pack.rdpack"
    junk.write_bytes(b"PK not really a pack")
    entries = services.chronology.entries(review_id)
    for dialog, what in (
        (PublicationCheckDialog(services, review_id, None, window), "publication check"),
        (ReviewsBehindDialog(services, _all_reviews(services), "Reviews", window), "reviews"),
        (OpenExchangeFileDialog(services, junk, window), "open a case pack"),
        (UnlockDialog(lambda _secret: None, window), "unlock"),
        (UnsavedDialog("The disk is full.", ["Your answer to prompt 1"], window), "unsaved"),
        (CitationPicker(entries, set(), window), "cite chronology entries"),
        (ChronologyImportDialog(services, review_id, None, window), "import a chronology"),
        (ProfileDialog(Profile(""), save, "/data", first_run=True, parent=window), "welcome"),
    ):
        dialog.show()
        check(dialog, what)
        dialog.close()
    assert len(seen) == 25


def test_a_long_dialog_scrolls_and_keeps_its_buttons(screen_area, services, qtbot) -> None:  # type: ignore[no-untyped-def]
    """On the smallest screen the Export dialog is taller than the room: its body scrolls, its
    Export and Close buttons stay where they can be pressed, and Tab still reaches every field
    (the field comes into view)."""
    from PySide6.QtWidgets import QScrollArea

    from reviewdesk.gui.dialogs.export_dialog import ExportDialog

    services.exchange.add_demo()
    area = AREAS[SMALLEST]
    screen_area(area)
    dialog = ExportDialog(services, services.reviews.list_reviews()[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_fits(dialog, area, "export")
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None and scroll.verticalScrollBar().maximum() > 0
    assert visible_in_window(dialog.export_button) and visible_in_window(dialog.close_button)
    assert visible_in_window(dialog.path_edit)  # where the file goes stays in view too
    last = dialog.publication_check  # the last choice, below the fold at first
    assert not visible_in_window(last)
    first = dialog.format_buttons[next(iter(dialog.format_buttons))]
    first.setFocus()
    for _ in range(40):  # Tab through the body as a person would, to the last choice
        if QApplication.focusWidget() is last:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is last
    assert visible_in_window(last)  # scrolled into view
    assert scroll.verticalScrollBar().value() > 0
