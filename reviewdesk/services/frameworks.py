"""The practice frameworks available to a new review."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reviewdesk.domain.errors import FrameworkError
from reviewdesk.domain.framework import Framework, load_framework
from reviewdesk.resources import DEFAULT_FRAMEWORK, framework_file, resource


@cache
def shipped_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """A framework shipped in resources/frameworks (validated once per process)."""
    return load_framework(framework_file(framework_id))


def default_framework() -> Framework:
    """The framework a new review starts on (version 2 of the Panel's themes). A review already
    started keeps the version frozen into it; an imported review or pack brings its own."""
    return shipped_framework(DEFAULT_FRAMEWORK)


def available_frameworks(extra_dir: Path | None = None) -> tuple[list[Framework], list[str]]:
    """Frameworks a new review can use: the shipped ones (the default first), then any a review
    lead has put in ``extra_dir``. Returns (frameworks, problems): a file that cannot be used is
    left out and its problem reported, so one bad file never hides the others. Each version of
    a framework is offered once (a revised version sits beside the one it revises; a review
    keeps the version it started with, frozen into it)."""
    frameworks: list[Framework] = [default_framework()]
    problems: list[str] = []
    seen = {(frameworks[0].id, frameworks[0].version)}
    files = sorted(resource("frameworks").glob("*.toml"))
    if extra_dir is not None and extra_dir.is_dir():
        files += sorted(extra_dir.glob("*.toml"))
    for path in files:
        try:
            framework = load_framework(path)
        except FrameworkError as exc:
            problems.append(str(exc))
            continue
        if (framework.id, framework.version) not in seen:
            seen.add((framework.id, framework.version))
            frameworks.append(framework)
    return frameworks, problems
