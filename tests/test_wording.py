"""Wording that reads as written by a person (issue 15, point 9): no doubled openings, no
"1 reviews" or "review(s)", no "one a line", and no file-format jargon without what to do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewdesk.domain.words import count

PACKAGE = Path(__file__).resolve().parents[1] / "reviewdesk"

FORBIDDEN = {
    "a prefix before a sentence that already says what to do": re.compile(
        r"(Please check: |\"Problem: \"|Not exported: |Not written: )"
    ),
    "'(s)' after a number": re.compile(r"(\}|%n)\s?[a-z ]*\w\(s\)"),
    "Qt's %n plural, which needs a translation file ('1 entries')": re.compile(r"tr\(\"[^\"]*%n"),
    "'one a line'": re.compile(r"\b[Oo]ne a line\b"),
    "'not UTF-8' with nothing to do about it": re.compile(r"not UTF-8( text)?[.\"]"),
}


def test_no_user_facing_text_uses_the_old_wording() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue  # a comment may quote what not to write
            for why, pattern in FORBIDDEN.items():
                if pattern.search(line):
                    found.append(
                        f"{path.relative_to(PACKAGE.parent)}:{number}: {why}: {line.strip()}"
                    )
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("n", "noun", "said"),
    [
        (0, "review", "0 reviews"),
        (1, "review", "1 review"),
        (2, "answer", "2 answers"),
        (1, "entry", "1 entry"),
        (3, "entry", "3 entries"),
        (2, "match", "2 matches"),
        (1_250, "row", "1,250 rows"),
    ],
)
def test_counted_nouns_agree_with_their_number(n: int, noun: str, said: str) -> None:
    assert count(n, noun) == said
