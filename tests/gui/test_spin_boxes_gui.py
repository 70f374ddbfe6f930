"""Number fields (a spin box: the port of a server, the minutes before the library locks) show
their number clear of the border, with arrows a person can see, and step with the arrow keys.
Qt's style sheets put a spin box's text at its very edge and, without rules for its buttons,
drew them as two flat lines (docs/screenshots/library-settings.png before this test)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from reviewdesk.domain.partnership import ServerChoice
from reviewdesk.gui.dialogs.server_sign_in import ServerSignInDialog


def _ink_columns(image: QImage, y: int, x0: int, x1: int, darker_than: int = 110) -> list[int]:
    return [x for x in range(x0, x1) if QImage.pixelColor(image, x, y).lightness() < darker_than]


def test_the_port_is_readable_and_steps_with_the_arrow_keys(qtbot, appearance) -> None:
    dialog = ServerSignInDialog(
        lambda *_: None, ServerChoice(host="db.example", account="sam", database="reviewdesk")
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    port = dialog.port
    assert port.lineEdit().textMargins().left() >= 5  # the number clear of the border
    image = port.grab().toImage()
    middle = image.height() // 2
    text_ink = _ink_columns(image, middle, 3, image.width() // 2)
    assert text_ink, "the port's number is drawn"
    assert min(text_ink) >= 6, "the number starts clear of the border, not on it"
    # the up and down arrows are drawn (dark marks in the buttons' column), apart from each other
    arrows = [
        y
        for y in range(2, image.height() - 2)
        if _ink_columns(image, y, image.width() - 22, image.width() - 4)
    ]
    assert arrows and max(arrows) - min(arrows) >= image.height() // 3
    port.setFocus()
    qtbot.keyClick(port, Qt.Key.Key_Up)
    assert port.value() == 5433
    qtbot.keyClick(port, Qt.Key.Key_Down)
    assert dialog.current_choice().port == 5432
