"""What an operation changed (issue 21, point 2): merged for a view that was hidden, and asked
what it is about."""

from __future__ import annotations

import pytest

from reviewdesk.domain.changes import Changes, Kind


def test_changes_merge_and_say_what_they_are_about() -> None:
    one = Changes.of(1, Kind.ANSWERS, source="workspace")
    two = Changes.of(2, Kind.ANALYSIS, source="toolkit")
    both = one | two
    assert both.about(1) and both.about(2, Kind.ANALYSIS) and not both.about(3)
    assert both.source is None  # two sources: neither may pass it by as its own
    assert (one | Changes.of(1, Kind.REVIEW, source="workspace")).source == "workspace"
    everything = one | Changes.library()
    assert everything.reviews is None and everything.about(99, Kind.LIBRARY)
    assert not Changes() and Changes.of(1, Kind.REVIEW)


def test_changes_are_values_that_never_change() -> None:
    """Equal by what changed (not by who announced it), usable as a key, and fixed once made."""
    a = Changes.of(1, Kind.REVIEW, source="library")
    b = Changes.of(1, Kind.REVIEW, source="workspace")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Changes.of(2, Kind.REVIEW) and a != Changes.of(1, Kind.ANSWERS)
    with pytest.raises(AttributeError):
        a.kinds = frozenset()  # type: ignore[misc]
    assert "reviews=frozenset({1})" in repr(a)
