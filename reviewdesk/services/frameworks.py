"""The practice frameworks available to a new review."""

from __future__ import annotations

from functools import cache

from reviewdesk.domain.framework import Framework, load_framework
from reviewdesk.resources import DEFAULT_FRAMEWORK, framework_file


@cache
def shipped_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """A framework shipped in resources/frameworks (validated once per process)."""
    return load_framework(framework_file(framework_id))


def default_framework() -> Framework:
    return shipped_framework(DEFAULT_FRAMEWORK)
