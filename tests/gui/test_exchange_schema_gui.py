"""File › Import of a file that fails the exchange schema: one kind sentence naming where the
problem is, and the library is as it was (issue 21, point 3)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import answer_modal


def test_file_import_of_a_corrupt_review_names_the_answer_and_changes_nothing(
    demo_window, services, monkeypatch, tmp_path
) -> None:
    window = demo_window
    (demo,) = services.reviews.list_reviews()
    document = json.loads(services.exchange.export_json_bytes(demo.id))
    document["review"]["reference"] = "COPY-2026-01"  # would be a new review, but for one answer
    answer = document["contributors"][0]["answers"][0]
    del answer["text"]
    path = tmp_path / "from-a-partner.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = services.exchange.export_dict(demo.id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    seen: dict[str, str] = {}
    answer_modal(lambda box: (seen.setdefault("text", box.text()), box.accept()))
    window.menu_actions.import_.trigger()

    name = document["contributors"][0]["name"]
    assert (
        f"the answer to prompt '{answer['prompt_id']}' by {name}, in review COPY-2026-01, "
        "has no text" in seen["text"]
    )
    assert "Nothing has been changed" in seen["text"]
    assert [r.reference for r in services.reviews.list_reviews()] == [demo.reference]
    after = services.exchange.export_dict(demo.id)
    assert {k: v for k, v in after.items() if k != "exported_at"} == {
        k: v for k, v in before.items() if k != "exported_at"
    }
