"""Practice frameworks: themes and reflective prompts as data.

A framework is a TOML file (see ``resources/frameworks/``). :func:`parse_framework` validates the
parsed document strictly and names the file and key of the first problem, so a review lead who
edits a framework gets a message they can act on. A framework is frozen into each review when the
review starts (:meth:`Framework.to_dict` / :func:`parse_framework` round-trip), so a later framework
file never rewrites old work.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from reviewdesk.domain.errors import FrameworkError
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

FRAMEWORK_FORMAT = "reviewdesk-framework"
FRAMEWORK_FORMAT_VERSION = 1
MIN_PROMPTS, MAX_PROMPTS = 1, 30
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_VERSION = re.compile(r"^\d+(\.\d+){0,2}$")


class Stage(StrEnum):
    """Where a prompt sits in the *What? So what? Now what?* order (Rolfe/Borton)."""

    WHAT = "what"
    SO_WHAT = "so-what"
    NOW_WHAT = "now-what"

    @property
    def label(self) -> str:
        return {
            "what": QT_TRANSLATE_NOOP("Labels", "What happened"),
            "so-what": QT_TRANSLATE_NOOP("Labels", "What it means"),
            "now-what": QT_TRANSLATE_NOOP("Labels", "What now"),
        }[self.value]


_STAGE_ORDER = {Stage.WHAT: 0, Stage.SO_WHAT: 1, Stage.NOW_WHAT: 2}


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    stage: Stage
    text: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    title: str
    short_title: str
    why_it_matters: str
    prompts: tuple[Prompt, ...]
    evidence: tuple[str, ...] = ()
    panel_wording: str = ""

    @property
    def prompt_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.prompts)


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    version: str
    title: str
    source: str
    description: str
    themes: tuple[Theme, ...]

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def theme_of_prompt(self, prompt_id: str) -> Theme:
        for theme in self.themes:
            if prompt_id in theme.prompt_ids:
                return theme
        raise KeyError(prompt_id)

    @property
    def prompt_ids(self) -> frozenset[str]:
        return frozenset(p.id for t in self.themes for p in t.prompts)

    @property
    def prompt_count(self) -> int:
        return sum(len(t.prompts) for t in self.themes)

    def to_dict(self) -> dict[str, Any]:
        """The document form, as stored in a review and in the JSON exchange format."""
        return {
            "format": FRAMEWORK_FORMAT,
            "format_version": FRAMEWORK_FORMAT_VERSION,
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "source": self.source,
            "description": self.description,
            "themes": [
                {
                    "id": t.id,
                    "short_title": t.short_title,
                    "title": t.title,
                    "panel_wording": t.panel_wording,
                    "why_it_matters": t.why_it_matters,
                    "evidence": list(t.evidence),
                    "prompts": [
                        {"id": p.id, "stage": p.stage.value, "text": p.text, "hint": p.hint}
                        for p in t.prompts
                    ],
                }
                for t in self.themes
            ],
        }


class _Reader:
    """Pulls typed values out of a mapping and names the file and key when one is wrong."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, key: str, problem: str) -> FrameworkError:
        return FrameworkError(f"The framework file {self.origin} cannot be used: {key} {problem}.")

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        path = f"{where}{key}"
        if key not in data:
            if required:
                raise self.fail(path, "is missing")
            return ""
        value = data[key]
        if not isinstance(value, str):
            raise self.fail(path, f"should be text, not {type(value).__name__}")
        value = value.strip()
        if required and not value:
            raise self.fail(path, "is empty")
        return value

    def ident(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = self.text(data, key, where)
        if not _ID.match(value):
            raise self.fail(
                f"{where}{key}",
                f"'{value}' should use only lower-case letters, digits and hyphens",
            )
        return value

    def table_list(self, data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(f"{where}{key}", "should be a non-empty list of tables")
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self.fail(f"{where}{key}[{i}]", "should be a table")
        return value


def parse_framework(data: Mapping[str, Any], origin: str = "(framework)") -> Framework:
    """Validate a framework document (parsed TOML or a frozen copy) and build a :class:`Framework`.

    Raises :class:`FrameworkError` naming ``origin`` and the offending key.
    """
    r = _Reader(origin)
    if not isinstance(data, Mapping):
        raise r.fail("the document", "should be a table")
    if data.get("format") != FRAMEWORK_FORMAT:
        raise r.fail("format", f'should be "{FRAMEWORK_FORMAT}"')
    fmt_version = data.get("format_version")
    if fmt_version != FRAMEWORK_FORMAT_VERSION or isinstance(fmt_version, bool):
        raise r.fail(
            "format_version",
            f"is {fmt_version!r}; this version of ReviewDesk reads version "
            f"{FRAMEWORK_FORMAT_VERSION}",
        )
    fw_id = r.ident(data, "id", "")
    version = r.text(data, "version", "")
    if not _VERSION.match(version):
        raise r.fail("version", f"'{version}' should look like 1, 1.2 or 1.2.3")
    title = r.text(data, "title", "")
    source = r.text(data, "source", "")
    description = r.text(data, "description", "", required=False)

    themes: list[Theme] = []
    theme_ids: set[str] = set()
    prompt_ids: set[str] = set()
    for ti, tdata in enumerate(r.table_list(data, "themes", "")):
        where = f"themes[{ti}]."
        theme_id = r.ident(tdata, "id", where)
        if theme_id in theme_ids:
            raise r.fail(f"{where}id", f"'{theme_id}' is used by more than one theme")
        theme_ids.add(theme_id)
        where = f"themes['{theme_id}']."
        evidence = tdata.get("evidence", [])
        if not isinstance(evidence, list) or not all(
            isinstance(e, str) and e.strip() for e in evidence
        ):
            raise r.fail(f"{where}evidence", "should be a list of short texts")
        prompts: list[Prompt] = []
        pdata_list = r.table_list(tdata, "prompts", where)
        if not MIN_PROMPTS <= len(pdata_list) <= MAX_PROMPTS:
            raise r.fail(f"{where}prompts", f"should hold {MIN_PROMPTS} to {MAX_PROMPTS} prompts")
        last_stage = -1
        for pi, pdata in enumerate(pdata_list):
            pwhere = f"{where}prompts[{pi}]."
            prompt_id = r.ident(pdata, "id", pwhere)
            if prompt_id in prompt_ids:
                raise r.fail(f"{pwhere}id", f"'{prompt_id}' is used by more than one prompt")
            prompt_ids.add(prompt_id)
            raw_stage = r.text(pdata, "stage", pwhere)
            try:
                stage = Stage(raw_stage)
            except ValueError:
                raise r.fail(
                    f"{pwhere}stage",
                    f"'{raw_stage}' should be one of " + ", ".join(s.value for s in Stage),
                ) from None
            if _STAGE_ORDER[stage] < last_stage:
                raise r.fail(
                    f"{pwhere}stage",
                    "is out of order: prompts go from 'what' to 'so-what' to 'now-what'",
                )
            last_stage = _STAGE_ORDER[stage]
            prompts.append(
                Prompt(
                    id=prompt_id,
                    stage=stage,
                    text=r.text(pdata, "text", pwhere),
                    hint=r.text(pdata, "hint", pwhere, required=False),
                )
            )
        themes.append(
            Theme(
                id=theme_id,
                title=r.text(tdata, "title", where),
                short_title=r.text(tdata, "short_title", where),
                why_it_matters=r.text(tdata, "why_it_matters", where),
                panel_wording=r.text(tdata, "panel_wording", where, required=False),
                evidence=tuple(e.strip() for e in evidence),
                prompts=tuple(prompts),
            )
        )
    return Framework(
        id=fw_id,
        version=version,
        title=title,
        source=source,
        description=description,
        themes=tuple(themes),
    )


def load_framework(path: Path) -> Framework:
    """Read and validate a framework TOML file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(
            f"The framework file {path} could not be read: {exc.strerror}."
        ) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FrameworkError(
            f"The framework file {path} cannot be used: it could not be read as text. Please "
            "save it as UTF-8 text (in a text editor, choose UTF-8 when saving) and try again."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(
            f"The framework file {path} cannot be used: it is not valid TOML ({exc})."
        ) from None
    return parse_framework(data, origin=str(path))
