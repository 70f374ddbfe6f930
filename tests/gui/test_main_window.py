from __future__ import annotations

from PySide6.QtCore import Qt

from reviewdesk.gui.main_window import MainWindow
from reviewdesk.paths import resolve_paths


def test_library_lists_the_demo_after_the_button_is_clicked(qtbot, services, data_dir) -> None:
    window = MainWindow(services, resolve_paths(data_dir))
    qtbot.addWidget(window)
    window.show()
    assert window.table.rowCount() == 0
    qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
    assert window.table.rowCount() == 1
    assert window.table.item(0, 0).text() == "DEMO-2026-01"
    assert (
        window.table.item(0, 4)
        .text()
        .endswith(f"/ {services.reviews.list_reviews()[0].progress.total}")
    )
