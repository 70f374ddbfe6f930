"""The building blocks every screen uses (gui/widgets/basics.py), set without naming Qt's
namespace where the first paint needs them (issue 20): what they set must still be set."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from reviewdesk.gui.pages.library import LibraryPage
from reviewdesk.gui.widgets.basics import label, set_by_name


def test_a_label_shows_markup_as_the_text_it_is(qtbot) -> None:
    title = label("<b>Child Q</b> &amp; family", "h1")
    qtbot.addWidget(title)
    assert title.textFormat() == Qt.TextFormat.PlainText  # a title is never read as HTML
    assert title.text() == "<b>Child Q</b> &amp; family"


def test_a_value_set_by_name_is_set_and_a_wrong_name_is_refused(qtbot) -> None:
    words = QLabel("Opening your library...")
    qtbot.addWidget(words)
    set_by_name(words, "alignment", "AlignCenter")
    assert words.alignment() == Qt.AlignmentFlag.AlignCenter
    with pytest.raises(ValueError, match="alignment"):
        set_by_name(words, "alignment", "AlignSomewhere")


def test_the_library_page_says_it_is_opening_in_the_middle(qtbot) -> None:
    page = LibraryPage()
    qtbot.addWidget(page)
    assert page.loading.alignment() == Qt.AlignmentFlag.AlignCenter
    assert page.privacy.textFormat() == Qt.TextFormat.PlainText
