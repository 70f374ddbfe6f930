"""File > Import and every window: bad input gets a kind message, the unexpected gets the calm
message and a log entry, never silence and never a traceback (issue 16, part 5)."""

from __future__ import annotations

import json
import logging

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reviewdesk.gui.tasks import UNEXPECTED, unexpected_hook
from tests.gui.conftest import answer_modal


def _import_through_the_menu(window, monkeypatch, path) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: dict[str, str] = {}
    answer_modal(lambda box: (seen.setdefault("text", box.text()), box.accept()))
    window.menu_actions.import_.trigger()
    return seen.get("text", "")


def test_an_unexpected_error_in_file_import_is_told_calmly_and_logged(
    window, services, monkeypatch, tmp_path, caplog
) -> None:
    before = [r.reference for r in services.reviews.list_reviews()]
    (tmp_path / "review.json").write_text("{}", encoding="utf-8")

    def broken(path):  # type: ignore[no-untyped-def]
        raise RuntimeError("a fault nobody expected")

    monkeypatch.setattr(services.exchange, "import_file", broken)
    with caplog.at_level(logging.ERROR):
        text = _import_through_the_menu(window, monkeypatch, tmp_path / "review.json")
    assert text == UNEXPECTED  # before: nothing at all was shown
    assert any(
        r.exc_info and "a fault nobody expected" in str(r.exc_info[1]) for r in caplog.records
    )
    assert [r.reference for r in services.reviews.list_reviews()] == before


def test_hostile_json_files_get_a_kind_message_and_change_nothing(
    window, services, monkeypatch, tmp_path
) -> None:
    demo, _ = services.exchange.add_demo()
    good = services.exchange.export_json_bytes(demo.id).decode("utf-8")
    before = services.reviews.list_reviews()
    data = json.loads(good)
    bad = {
        "huge-number": good.replace('"format_version": 1', '"format_version": 1' + "0" * 5000),
        "lone-surrogate": json.dumps(
            {**data, "review": {**data["review"], "title": "Child \ud800 D"}}
        ),
        "time-overflows": json.dumps(
            {**data, "review": {**data["review"], "created_at": "0001-01-01T00:00:00+01:00"}}
        ),
        "year-9999": json.dumps(
            {**data, "review": {**data["review"], "updated_at": "9999-12-31T23:59:59-05:00"}}
        ),
    }
    said = {
        "huge-number": "a number 5,001 characters long",
        "lone-surrogate": "broken character",
        "time-overflows": "outside the years",
        "year-9999": "outside the years",
    }
    for name, text in bad.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        shown = _import_through_the_menu(window, monkeypatch, path)
        assert said[name] in shown and "Nothing has been changed" in shown, (name, shown)
        assert "Traceback" not in shown and "Error" not in shown
        assert services.reviews.list_reviews() == before


def test_an_error_no_window_expected_is_told_calmly_and_logged(qtbot, qapp, caplog) -> None:
    seen: dict[str, str] = {}
    answer_modal(lambda box: (seen.setdefault("text", box.text()), box.accept()))
    try:
        raise ValueError("deep inside a slot")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            unexpected_hook(type(exc), exc, exc.__traceback__)
    assert seen["text"] == UNEXPECTED
    assert any(r.exc_info and r.exc_info[0] is ValueError for r in caplog.records)
    assert not isinstance(QApplication.activeModalWidget(), QMessageBox)
