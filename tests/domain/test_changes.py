"""What an operation changed (issue 21, point 2): merged for a view that was hidden, and asked
what it is about."""

from __future__ import annotations

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
