"""Every message in a dialog can be read whole: no label squeezed shorter than its text, none
outside its window, none on top of another. Above all the messages that appear while the dialog
is open: the wrong-passphrase explanation (unlocking the library, opening a pack) and the
passphrase-strength line that grows as a passphrase is typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reviewdesk.domain.review import Profile
from reviewdesk.gui.dialogs.exchange_dialogs import (
    OpenExchangeFileDialog,
    ReturnContributionDialog,
    SendPackDialog,
)
from reviewdesk.gui.dialogs.help import AboutDialog, ShortcutsDialog
from reviewdesk.gui.dialogs.profile import ProfileDialog
from reviewdesk.gui.dialogs.unlock import UnlockDialog
from reviewdesk.gui.dialogs.unsaved import UnsavedDialog
from reviewdesk.gui.menus import shortcut_rows
from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.library.encryption import LibraryKeys
from tests.gui.test_accessibility_gui import _review_dialogs
from tests.gui.visible_text import hidden_text

PASSPHRASE = "amber kettle violin harbour"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_check_itself_sees_a_squeezed_message(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    squeezed = QLabel("A long message that has to wrap over several lines to be read. " * 4)
    squeezed.setWordWrap(True)
    layout.addWidget(squeezed)
    holder.resize(260, 40)
    holder.show()
    qtbot.waitExposed(holder)
    problems = hidden_text(holder)
    assert problems and "needs" in problems[0]
    holder.resize(260, 400)
    assert hidden_text(holder) == []


def test_the_wrong_passphrase_explanation_is_shown_whole_when_unlocking(
    qtbot, data_dir: Path, tmp_path: Path
) -> None:
    paths = resolve_paths(data_dir)
    open_services(paths, daily_backup=False).close()
    keys = LibraryKeys(paths.database, paths.backups_dir, kdf=FAST_TEST_KDF)
    keys.encrypt(PASSPHRASE, confirm=lambda _recovery_key: True)  # the key was written down
    dialog = _shown(qtbot, UnlockDialog(keys.unlock))
    assert hidden_text(dialog) == []
    qtbot.keyClicks(dialog.passphrase, "amber kettle")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert "does not unlock this library" in dialog.error.text()
    assert hidden_text(dialog) == []
    dialog.grab().save(str(tmp_path / "unlock-wrong-passphrase.png"))
    dialog.resize(380, dialog.height())  # narrower: the dialog keeps room for the words
    assert hidden_text(dialog) == []


def test_the_wrong_passphrase_explanation_is_shown_whole_when_opening_a_pack(
    qtbot, data_dir: Path, tmp_path: Path
) -> None:
    services = open_services(resolve_paths(data_dir), kdf=FAST_TEST_KDF)
    try:
        review_id = services.exchange.add_demo()[0].id
        pack = tmp_path / "Priya Shah.rdpack"
        services.packs.make_pack(review_id, "Priya Shah", pack, PASSPHRASE, role="HV")
        dialog = _shown(qtbot, OpenExchangeFileDialog(services, pack))
        assert hidden_text(dialog) == []
        qtbot.keyClicks(dialog.passphrase, "amber kettle")
        with qtbot.waitSignal(dialog.finished_work, timeout=10_000):
            qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        assert "does not open this" in dialog.message.text()
        assert hidden_text(dialog) == []
        dialog.grab().save(str(tmp_path / "open-pack-wrong-passphrase.png"))
    finally:
        services.close()


@pytest.mark.parametrize("kind", [SendPackDialog, ReturnContributionDialog])
def test_the_passphrase_strength_line_is_shown_whole_as_it_grows(
    qtbot, services, me, tmp_path: Path, kind
) -> None:
    review_id = services.exchange.add_demo()[0].id
    if kind is ReturnContributionDialog:  # Priya returns what she wrote in the lead's pack
        pack = tmp_path / "Priya Shah.rdpack"
        services.packs.make_pack(review_id, "Priya Shah", pack, None, role="Health visitor")
        services = open_services(resolve_paths(tmp_path / "priya"))
        services.profile.save(Profile("Priya Shah", "Health visitor", "Eastmere NHS"))
        review_id = services.imports.import_file(pack, None).review.id
    dialog = _shown(qtbot, kind(services, review_id))
    fields = dialog.passphrase
    assert hidden_text(dialog) == []
    for first, second in [("abc", ""), ("abc", "abd"), (PASSPHRASE, PASSPHRASE + "!")]:
        fields.first.clear()
        fields.second.clear()
        qtbot.keyClicks(fields.first, first)
        qtbot.keyClicks(fields.second, second)
        assert fields.hint.text().startswith("Strength:")
        assert hidden_text(dialog) == [], fields.hint.text()
    assert "do not match" in fields.hint.text()
    dialog.grab().save(str(tmp_path / f"{kind.__name__}-strength.png"))
    if kind is ReturnContributionDialog:
        services.close()


def test_every_dialog_shows_its_words_whole(make_window, services, me, qtbot) -> None:
    window = make_window(services)
    summary, _ = services.exchange.add_demo()
    window.library.refresh()
    problems: list[str] = []

    window.new_review()
    wizard = window.wizard
    qtbot.waitUntil(wizard.isVisible)
    wizard.form.date_fields["incident"].line.setText("14/02/2026")
    wizard.form.date_fields["notification"].line.setText("10/02/2026")
    wizard.form.check()  # every message and caution shown
    for step in range(len(wizard.STEPS)):
        wizard._go(step)
        problems += [f"wizard step {step + 1}: {p}" for p in hidden_text(wizard)]
    wizard.done(0)
    window.edit_record(summary.id)
    record = window.record_dialog
    qtbot.waitUntil(record.isVisible)
    for tab in range(record.tabs.count()):
        record.tabs.setCurrentIndex(tab)
        problems += [f"case record tab {tab + 1}: {p}" for p in hidden_text(record)]
    record.done(0)
    dialogs = [
        ProfileDialog(Profile("Sam"), lambda p: p, "/data", first_run=False, parent=window),
        ProfileDialog(Profile(""), lambda p: p, "/data", first_run=True, parent=window),
        AboutDialog("/data", "environment", ["Framework"], lambda: None, window),
        ShortcutsDialog(shortcut_rows(window, window.menu_actions), window),
        UnsavedDialog("The disk is full.", ["Your answer to prompt 1"], window),
        UnlockDialog(lambda secret: None, window),
        *_review_dialogs(services, summary.id, window),
    ]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += [f"{type(dialog).__name__}: {p}" for p in hidden_text(dialog)]
        dialog.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_lock_screen_shows_its_wrong_passphrase_line_whole(
    qtbot, qapp, tmp_path: Path, scale: float
) -> None:
    from PySide6.QtGui import QFont, QPalette

    from reviewdesk.domain.idle import LockReason
    from reviewdesk.gui import style
    from reviewdesk.gui.widgets.lock_screen import LockScreen

    before = (
        QFont(qapp.font()),
        QPalette(qapp.palette()),
        qapp.styleSheet(),
        style._body_points[0],
    )
    style.Appearance(qapp, scale, "light").apply()
    try:
        window = QWidget()
        qtbot.addWidget(window)
        window.resize(1280, 720)
        screen = LockScreen(window, verify=lambda secret: secret == PASSPHRASE)
        window.show()
        qtbot.waitExposed(window)
        screen.lock(LockReason.IDLE)
        qtbot.keyClicks(screen.passphrase, "amber kettle")
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
        assert screen.error.isVisible() and "does not unlock" in screen.error.text()
        assert hidden_text(window) == []
        window.grab().save(str(tmp_path / f"lock-wrong-passphrase-{scale}.png"))
    finally:  # the next tests find the application as it was
        qapp.setStyleSheet(before[2])
        qapp.setPalette(before[1])
        qapp.setFont(before[0])
        style._body_points[0] = before[3]


def test_the_analysis_forms_fit_beside_their_tables(
    qtbot, appearance, services, tmp_path: Path
) -> None:
    """The form's scroll area scrolls only up and down: a form wider than its room was cut off
    on the right (the findings form lost its Add and Delete buttons at the window's own size)."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow

    review_id = services.exchange.add_demo()[0].id
    window = LeadToolkitWindow(services, review_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1180, 760)  # its own size (the test screen is narrower: gui/fit.py shrank it)
    for top in window.toolkit.pages:
        for page in getattr(top, "parts", [top]):  # the review papers: each paper in turn
            window.toolkit.tabs.setCurrentWidget(top)
            if page is not top:
                top.show_part(page)
            for _ in range(3):
                QApplication.processEvents()
            area = page.findChild(QScrollArea)
            if area is None:
                continue  # the timeline and the terms of reference: no scrolling form
            needed, room = area.widget().minimumSizeHint().width(), area.viewport().width()
            assert needed <= room, f"{type(page).__name__}: the form needs {needed}px, has {room}px"
    window.grab().save(str(tmp_path / "analysis.png"))
