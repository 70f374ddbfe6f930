"""A file double-clicked while ReviewDesk is open reaches the open window (no second app)."""

from __future__ import annotations

import threading
from pathlib import Path

from reviewdesk import handoff
from reviewdesk.app import hand_off_to_running


def test_a_second_launch_hands_its_file_to_the_open_window(
    window, services, data_dir, tmp_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    other = open_services(resolve_paths(tmp_path / "a colleague's library"))
    try:  # a review exported from another library, to be opened with ReviewDesk
        demo, _ = other.exchange.add_demo()
        shared = other.exchange.export_json(demo.id, tmp_path / "to import.json")
    finally:
        other.close()
    before = {r.reference for r in services.reviews.list_reviews()}
    window.showMinimized()
    answer: list[bool] = []
    # The second launch waits for the first to take the request; the window takes it on its
    # own event loop, so the second launch runs on a thread here.
    second = threading.Thread(
        target=lambda: answer.append(hand_off_to_running(data_dir, shared, timeout=10))
    )
    second.start()
    qtbot.waitUntil(lambda: bool(answer), timeout=12_000)
    second.join()
    assert answer == [True]
    assert not window.isMinimized()  # brought back to the front
    qtbot.waitUntil(lambda: len(services.reviews.list_reviews()) > len(before), timeout=5000)
    assert "Imported" in window.statusBar().currentMessage()
    assert list(handoff.inbox(data_dir).glob("*")) == []


def test_with_no_other_reviewdesk_running_nothing_is_handed_over(tmp_path: Path) -> None:
    assert hand_off_to_running(tmp_path, tmp_path / "pack.rdpack", timeout=0.1) is False
    assert not handoff.inbox(tmp_path).exists()
