"""Which test is running, for helpers that answer dialogs from a timer.

A test that answers a dialog "the way a person would" polls with a Qt timer until the dialog
appears (tests/gui/conftest.py ``answer_modal``, tests/journeys/people.py ``when_modal``). A poll
whose dialog never came (the test took another path, or failed) would otherwise live on into the
next test in the same process and answer *that* test's dialog: a wizard rejected while it was being
torn down, a file chooser given an old test's file. Each poll remembers the test it was made in
(:func:`current`) and stops as soon as that test is over (:func:`still`).

Qt is not imported here: the root conftest counts tests for every kind of test.
"""

from __future__ import annotations

_serial = [0]


def current() -> int:
    """The number of the test now running (changes when a test's body ends)."""
    return _serial[0]


def still(serial: int) -> bool:
    """Is the test that was running when ``serial`` was taken still running?"""
    return _serial[0] == serial


def test_over() -> None:
    """Called when each test's body ends (tests/conftest.py), before its teardown."""
    _serial[0] += 1
