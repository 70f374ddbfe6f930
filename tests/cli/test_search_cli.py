"""``reviewdesk search`` via ``main(argv)``: human output, the JSON document, filters, statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run


@pytest.fixture
def library(tmp_path: Path) -> Path:
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0
    return data


def test_human_output_is_grouped_with_matches_in_brackets(library: Path) -> None:
    result = run("search", "health", "visitor", data_dir=library)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("DEMO-2026-01  ")
    assert "[health] [visitor" in result.stdout.lower()
    assert lines[-1].endswith("in 1 reviews.") and lines[-1].split()[0].isdigit()


def test_json_document(library: Path) -> None:
    result = run("search", "health visitor", "--json", data_dir=library)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["format"] == "reviewdesk-search" and doc["format_version"] == 1
    assert doc["terms"] == ["health", "visitor"] and doc["count"] > 0
    [review] = doc["reviews"]
    assert review["reference"] == "DEMO-2026-01"
    hit = review["themes"][0]["hits"][0]
    assert set(hit) == {"kind", "where", "who", "snippet", "location"}
    start, end = hit["snippet"]["highlights"][0]
    assert hit["snippet"]["text"][start:end].lower() in ("health", "visitor", "health visitor")
    assert set(hit["location"]) == {
        "review_id", "contributor_id", "theme_id", "prompt_id", "item_id", "item_uid", "field",
    }  # fmt: skip


def test_filters_and_no_matches(library: Path) -> None:
    assert (
        "No matches for"
        in run("search", "health", "--type", "rapid_review", data_dir=library).stdout
    )
    assert "No matches" in run("search", "health", "--from", "2030-01-01", data_dir=library).stdout
    found = run("search", "health", "--theme", "babies", "--json", data_dir=library)
    themes = {t["theme_id"] for r in json.loads(found.stdout)["reviews"] for t in r["themes"]}
    assert themes == {"babies"}


def test_exit_codes(library: Path) -> None:
    nothing = run("search", "***", data_dir=library)
    assert nothing.returncode == 1 and nothing.stderr.startswith("reviewdesk: ")
    assert "Traceback" not in nothing.stderr
    assert run("search", "x", "--theme", "nope", data_dir=library).returncode == 1
    assert run("search", "x", "--from", "2024-02-31", data_dir=library).returncode == 2
    assert run("search", "x", "--status", "finished", data_dir=library).returncode == 2
    assert run("search", data_dir=library).returncode == 2
