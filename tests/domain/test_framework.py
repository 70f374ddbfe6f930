from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from reviewdesk.domain.errors import FrameworkError
from reviewdesk.domain.framework import Stage, load_framework, parse_framework
from reviewdesk.resources import framework_file

PANEL_TITLES = [
    "Critical thinking and professional challenge through effective leadership and culture",
    "A whole-family approach to risk assessment and support",
    "Racial, ethnic and cultural identity and its impact on the child's lived experience",
    "Recognising and responding to the vulnerability of babies",
    "Domestic abuse and harm to children: working across services",
    "Keeping a focus on risks outside the family",
]


@pytest.fixture(scope="module")
def shipped() -> dict:
    return tomllib.loads(framework_file().read_text(encoding="utf-8"))


def test_shipped_framework_has_the_six_panel_themes_in_order() -> None:
    fw = load_framework(framework_file())
    assert [t.title for t in fw.themes] == PANEL_TITLES
    assert fw.id == "cspr-annual-report-2021"
    assert "Annual Report 2021" in fw.source


@pytest.mark.parametrize(
    ("file_id", "fewest", "most"),
    [
        # Version 1: 6 to 8 prompts a theme. Version 2 (the default for new reviews) adds the
        # child's daily life, what went well and the new topics: 8 to 13 a theme.
        ("cspr-annual-report-2021", 6, 8),
        ("cspr-annual-report-2021-v2", 8, 13),
    ],
)
def test_each_theme_has_its_prompts_in_what_so_what_now_what_order(
    file_id: str, fewest: int, most: int
) -> None:
    fw = load_framework(framework_file(file_id))
    order = {Stage.WHAT: 0, Stage.SO_WHAT: 1, Stage.NOW_WHAT: 2}
    for theme in fw.themes:
        assert fewest <= len(theme.prompts) <= most, theme.id
        stages = [order[p.stage] for p in theme.prompts]
        assert stages == sorted(stages), theme.id
        assert {Stage.WHAT, Stage.NOW_WHAT} <= {p.stage for p in theme.prompts}, theme.id
        assert theme.why_it_matters and theme.evidence and theme.short_title
        assert len(theme.short_title) <= 40


@pytest.mark.parametrize("file_id", ["cspr-annual-report-2021", "cspr-annual-report-2021-v2"])
def test_prompts_do_not_blame(file_id: str) -> None:
    fw = load_framework(framework_file(file_id))
    for theme in fw.themes:
        for prompt in theme.prompts:
            lowered = prompt.text.lower()
            for phrase in ("fail", "should have", "why didn't", "why did you not", "blame"):
                assert phrase not in lowered, (prompt.id, phrase)


def test_round_trip_through_the_frozen_form() -> None:
    fw = load_framework(framework_file())
    assert parse_framework(fw.to_dict()) == fw


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("version"), "version is missing"),
        (lambda d: d.update(version="one"), "version"),
        (lambda d: d.update(format_version=99), "format_version"),
        (lambda d: d.update(format="something-else"), "format"),
        (lambda d: d["themes"][1].update(id=d["themes"][0]["id"]), "used by more than one theme"),
        (
            lambda d: d["themes"][0]["prompts"][1].update(id=d["themes"][0]["prompts"][0]["id"]),
            "used by more than one prompt",
        ),
        (lambda d: d["themes"][2]["prompts"][0].pop("text"), "themes['identity'].prompts[0].text"),
        (lambda d: d["themes"][0]["prompts"][0].update(stage="later"), "stage"),
        (lambda d: d["themes"][0]["prompts"].reverse(), "out of order"),
        (lambda d: d["themes"][0].update(title=""), "is empty"),
        (lambda d: d["themes"][0].update(id="Has Spaces"), "lower-case"),
        (lambda d: d.update(themes=[]), "themes"),
        (lambda d: d["themes"][0].update(evidence="records"), "evidence"),
        (lambda d: d["themes"][0]["prompts"][0].update(text=42), "should be text"),
    ],
)
def test_broken_framework_is_rejected_naming_the_key(shipped: dict, mutate, expected: str) -> None:
    data = copy.deepcopy(shipped)
    mutate(data)
    with pytest.raises(FrameworkError) as err:
        parse_framework(data, origin="broken.toml")
    assert "broken.toml" in str(err.value)
    assert expected in str(err.value)


def test_unparseable_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "local.toml"
    bad.write_text('id = "x"\n[[themes]\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"local\.toml.*not valid TOML"):
        load_framework(bad)


def test_missing_file_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="could not be read"):
        load_framework(tmp_path / "absent.toml")
