from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewdesk.domain.passphrase import (
    MIN_LENGTH,
    SEND_SEPARATELY,
    Strength,
    assess,
    normalise,
    passphrase_problem,
)


@pytest.mark.parametrize(
    "passphrase",
    ["short", "123456789", "Password123!", "P@ssw0rd2024", "qwertyuiop", "Safeguarding1",
     "aaaaaaaaaaaa", "abababababab", "  london   ", "ReviewDesk!!"],
)  # fmt: skip
def test_short_and_common_passphrases_are_not_accepted(passphrase: str) -> None:
    hint = assess(passphrase)
    assert hint.strength is Strength.NOT_ACCEPTED and not hint.acceptable
    assert passphrase_problem(passphrase) == hint.advice


@pytest.mark.parametrize(
    ("passphrase", "at_least"),
    [
        ("abcdefghijkl", Strength.WEAK),
        ("correcthorse", Strength.FAIR),
        ("Tr0ub4dor&3x", Strength.GOOD),
        ("copper kettle orchard", Strength.STRONG),
        ("four random words here", Strength.STRONG),
    ],
)
def test_strength_grows_with_length_and_variety(passphrase: str, at_least: Strength) -> None:
    assert assess(passphrase).strength >= at_least
    assert assess(passphrase).acceptable


def test_runs_and_repeats_count_for_little() -> None:
    assert assess("abcdefghijkl").strength < assess("qzmvkrtxwplb").strength
    assert assess("abcdefghijkl").strength is Strength.WEAK


def test_length_limit_and_reminder() -> None:
    assert passphrase_problem("x" * (MIN_LENGTH - 1)) is not None
    assert passphrase_problem("plum tractor " * 100) is not None  # over 1,024 characters
    assert "another way" in SEND_SEPARATELY


def test_accents_are_normalised() -> None:
    assert normalise("cafe\u0301") == "caf\u00e9"
    assert assess("cafe\u0301 orchard kettle") == assess("caf\u00e9 orchard kettle")


@given(st.text(max_size=60))
def test_any_text_gets_a_hint(text: str) -> None:
    hint = assess(text)
    assert hint.text.startswith(hint.strength.label)
    assert hint.acceptable == (passphrase_problem(text) is None)
