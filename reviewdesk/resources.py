"""Find the shipped ``resources/`` folder (frameworks, demo review, fonts, icons).

Looked for, in order:

1. a frozen bundle (PyInstaller): ``<bundle>/resources``;
2. a source checkout: ``resources/`` beside the ``reviewdesk`` package;
3. an installed wheel: the data-only package ``reviewdesk/_resources`` (see setup.py).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

# New reviews start on version 2 of the Panel themes (revised prompts, issue 18); a review keeps
# the version it started with, frozen into it, so reviews begun on version 1 (the file
# cspr-annual-report-2021.toml) still show version 1.
DEFAULT_FRAMEWORK = "cspr-annual-report-2021-v2"
FIRST_FRAMEWORK = "cspr-annual-report-2021"


class ResourcesMissing(RuntimeError):
    """The installation is incomplete: reinstalling ReviewDesk puts the files back."""


def _candidates() -> list[Path]:
    package_dir = Path(__file__).resolve().parent
    found = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        found.append(Path(bundle) / "resources")
    found.append(package_dir.parent / "resources")
    found.append(package_dir / "_resources")
    return found


@cache
def resources_dir() -> Path:
    for candidate in _candidates():
        if (candidate / "frameworks").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in _candidates())
    raise ResourcesMissing(
        f"ReviewDesk's own files were not found (looked in {looked}). Please reinstall ReviewDesk."
    )


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def framework_file(framework_id: str = DEFAULT_FRAMEWORK) -> Path:
    return resource("frameworks", f"{framework_id}.toml")


def demo_file() -> Path:
    return resource("demo", "child-d.json")
