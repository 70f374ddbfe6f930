"""The library screen, driven with mouse and keyboard."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from tests.gui.conftest import answer_modal, click_button


def _rows(window) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.library.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_empty_library_offers_a_new_review_and_the_demo(window) -> None:
    assert window.library.stack.currentWidget() is window.library.empty
    assert window.library.empty_new.isVisible() and window.library.empty_demo.isVisible()
    assert "stays on this computer" in window.library.privacy.text()
    assert not window.library.open_button.isEnabled()


def test_demo_opens_and_is_then_listed(window, qtbot) -> None:
    qtbot.mouseClick(window.library.empty_demo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert window.workspace.doc.reference == "DEMO-2026-01"
    assert window.stack.currentWidget() is window.workspace
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace is None
    assert _rows(window) == ["DEMO-2026-01"]
    # opening the demo again does not add a second copy
    qtbot.mouseClick(window.library.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert len(window.services.reviews.list_reviews()) == 1


def test_filter_sort_and_open_with_enter(window, services, record, qtbot) -> None:
    services.reviews.create(record)
    services.reviews.create(replace(record, reference="SAR-2025-01", title="Child B, Westford"))
    services.exchange.add_demo()
    window.library.refresh()
    assert sorted(_rows(window)) == ["DEMO-2026-01", "LCSPR-2026-07", "SAR-2025-01"]

    qtbot.keyClicks(window.library.filter, "westford")
    assert _rows(window) == ["SAR-2025-01"]
    window.library.filter.clear()
    assert len(_rows(window)) == 3

    header = window.library.table.horizontalHeader()
    x = header.sectionViewportPosition(0) + 5
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    first = _rows(window)
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    assert _rows(window) == list(reversed(first))
    assert sorted(first) in (first, list(reversed(first)))

    window.library.select(services.reviews.find("SAR-2025-01").id)
    window.library.table.setFocus()
    qtbot.keyClick(window.library.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert window.workspace.doc.reference == "SAR-2025-01"


def test_archive_needs_confirmation_and_restore_brings_it_back(
    window, services, record, qtbot
) -> None:
    summary = services.reviews.create(record)
    window.library.refresh(select_id=summary.id)

    answer_modal(click_button("Cancel"))
    qtbot.mouseClick(window.library.archive_button, Qt.MouseButton.LeftButton)
    assert not services.reviews.summary(summary.id).archived  # cancelled: nothing changed

    answer_modal(click_button("Archive"))
    qtbot.mouseClick(window.library.archive_button, Qt.MouseButton.LeftButton)
    assert services.reviews.summary(summary.id).archived
    assert _rows(window) == []  # archived reviews are hidden...
    assert window.library.count.text() == "1 review, 1 archived; 0 shown"
    qtbot.mouseClick(window.library.show_archived, Qt.MouseButton.LeftButton)
    assert _rows(window) == ["LCSPR-2026-07"]  # ...until asked for
    assert window.library.archive_button.text().replace("&", "") == "Restore..."
    assert "(archived)" in window.library.proxy.index(0, 3).data()

    answer_modal(click_button("Restore"))
    qtbot.mouseClick(window.library.archive_button, Qt.MouseButton.LeftButton)
    assert not services.reviews.summary(summary.id).archived
    assert window.library.archive_button.text().replace("&", "") == "Archive..."


def test_progress_says_whose_prompts_it_counts(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before the demo is opened nobody on this computer writes in it: everyone's prompts are
    counted. Once opened, the count is the person's own: "Your prompts: 1 of 60"."""
    from PySide6.QtCore import Qt as _Qt

    qtbot.mouseClick(window.library.demo_button, _Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    ws = window.workspace
    ws.go(1)
    editor = ws.theme_page(0).cards[0].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "What I knew at the time.")
    window.back_to_library()
    qtbot.waitUntil(lambda: window.workspace is None)
    column = window.library.proxy.index(0, 4).data()
    assert column == "Your prompts: 1 of 60"
    other = window.services.reviews.list_reviews()[0]
    assert other.progress.whose == "yours"
