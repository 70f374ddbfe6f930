"""The revised prompts (issue 18, point 7): version 2.0.0 of the Panel's themes sits beside
version 1, prompts that took their answer for granted are asked openly, the double question is
split, the identity theme asks what was considered, and every theme asks about the child's
daily life or voice and what went well; a review keeps the version it started with."""

from __future__ import annotations

import shutil
from pathlib import Path

from reviewdesk.domain.review import CaseRecord
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.frameworks import available_frameworks, default_framework

FIXTURES = Path(__file__).resolve().parents[1] / "store" / "fixtures"


def _versions():  # type: ignore[no-untyped-def]
    frameworks, problems = available_frameworks(None)
    assert problems == []
    by_version = {f.version: f for f in frameworks if f.id == "cspr-annual-report-2021"}
    return by_version["1.0.0"], by_version["2.0.0"]


def _texts(framework) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p.id: p.text for t in framework.themes for p in t.prompts}


def test_version_two_asks_openly_and_splits_the_double_question() -> None:
    v1, v2 = _versions()
    old, new = _texts(v1), _texts(v2)
    everything = " ".join(new.values())
    for presupposing in (
        "with every carer",
        "your understanding of coercive control",
        "What information came in at the time that did not fit",
    ):
        assert presupposing in " ".join(old.values())
        assert presupposing not in everything
    assert "identity-supervision-history" in old and "identity-supervision-history" not in new
    assert {"identity-supervision", "identity-history-trust"} <= set(new)
    assert all(text.count("?") == 1 for key, text in new.items() if key.startswith("identity-s"))
    assert "If you judged any of it not relevant" in new["identity-considered"]
    # Every other prompt of version 1 is still there, so the two versions compare theme by theme.
    assert set(old) - {"identity-supervision-history"} <= set(new)
    for theme in v2.themes:
        ids = {p.id for p in theme.prompts}
        assert f"{theme.id}-went-well" in ids, theme.id
        voice = [
            p for p in theme.prompts if any(w in p.text for w in ("daily life", " say", " said"))
        ]
        assert voice, theme.id  # the child's daily life or voice
    for topic in (
        "mental health",
        "alcohol or drugs",
        "learning disability",
        "neglect",
        "neurodivergent",
        "handed over",
        "missed",
        "out of the usual routine",
    ):
        assert topic in everything, topic  # fmt: skip


def test_a_review_keeps_the_version_it_started_with(services) -> None:  # type: ignore[no-untyped-def]
    v1, v2 = _versions()
    assert default_framework().version == "2.0.0"  # new reviews start on version 2
    first = services.reviews.create(CaseRecord("FW-1", "Review FW-1 (fictional)"), v1)
    second = services.reviews.create(CaseRecord("FW-2", "Review FW-2 (fictional)"), v2)
    assert services.reviews.get(first.id).framework.version == "1.0.0"
    assert services.reviews.get(second.id).framework.version == "2.0.0"
    assert len(services.reviews.get(second.id).framework.themes[1].prompts) == 13


def test_new_reviews_start_on_version_two_and_the_wizard_offers_it_first() -> None:
    frameworks, _problems = available_frameworks(None)
    assert [f.version for f in frameworks] == ["2.0.0", "1.0.0"]
    assert default_framework().prompt_count == 60


def test_a_library_with_a_version_one_review_keeps_it_and_new_reviews_get_version_two(
    tmp_path: Path,
) -> None:
    """A library made before the change (schema 0011, the demo review started on version 1):
    its review still shows version 1's 42 prompts (the double question still there); a review
    created now, with no framework named, is on version 2."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "schema-0011.sqlite3", data / "reviewdesk.sqlite3")
    svc = open_services(resolve_paths(data))
    try:
        old = svc.reviews.get(svc.reviews.find("DEMO-2026-01").id)
        assert old.framework.version == "1.0.0"
        assert old.framework.prompt_count == 42
        assert "identity-supervision-history" in old.framework.prompt_ids
        assert "identity-considered" not in old.framework.prompt_ids
        new = svc.reviews.create(CaseRecord("FW-3", "Review FW-3 (fictional)"))
        fresh = svc.reviews.get(new.id)
        assert fresh.framework.version == "2.0.0"
        assert fresh.framework.prompt_count == 60
        assert "identity-considered" in fresh.framework.prompt_ids
    finally:
        svc.close()
