"""What a second pair of eyes found walking the screens (1366x768, 200% text, keyboard only):
text cut short, Tab going round a window out of reading order, a keyboard trap and a control
a screen reader could not name. Each test fails on the code before its fix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


@pytest.fixture(autouse=True)
def _back_to_normal_size(appearance):  # type: ignore[no-untyped-def]
    """The application's font outlives a test: the next one starts at 100% again."""
    yield
    appearance.reset()


def settle() -> None:
    for _ in range(15):
        QApplication.processEvents()


def tab_order(qtbot, start: QWidget, steps: int) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Where the focus goes as a person presses Tab ``steps`` times from ``start``."""
    start.setFocus()
    settle()
    seen = [QApplication.focusWidget()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def fully_shown(label) -> bool:  # type: ignore[no-untyped-def]
    """A word-wrapped label has the height its text needs at its width."""
    return label.height() >= label.heightForWidth(label.width())


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_empty_librarys_card_shows_all_its_words_and_buttons(window, scale) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366 - 16, 768 - 80)
    window.appearance.set_scale(scale)
    settle()
    page = window.library
    assert page.stack.currentWidget() is page.empty
    assert fully_shown(page.empty_text), (page.empty_text.height(), page.empty_text.text())
    for b in (page.empty_new, page.empty_demo):
        assert b.width() >= b.sizeHint().width(), b.text()


def test_tab_goes_round_the_library_as_it_reads(window, services, qtbot) -> None:  # type: ignore[no-untyped-def]
    services.exchange.add_demo()
    window.back_to_library()
    settle()
    page = window.library
    page.select(services.reviews.list_reviews()[0].id)
    expected = [page.new_button, page.demo_button, page.filter, page.show_archived]
    if page.due_banner is not None and page.due_banner.isVisible():
        expected += [page.due_button, page.due_later]
    expected += [page.table, page.open_button, page.edit_button, page.archive_button]
    seen = tab_order(qtbot, page.new_button, len(expected))
    names = [getattr(w, "text", w.accessibleName)() for w in seen]
    assert seen == [*expected, page.new_button], names
