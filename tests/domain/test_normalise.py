"""Names and identifiers cannot hide behind invisible characters, compatibility letters or odd
spacing: the name key replaces them and the publication check reports them (issue 16, part 4)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reviewdesk.domain.identifiers import Kind, apply_fixes, scan
from reviewdesk.domain.normalise import invisible, normal_view, normalise
from reviewdesk.domain.pseudonyms import NameMapping, apply_name_key, find_names

# What text pasted from Word, PDFs and web pages carries, unseen
INVISIBLE = [
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark / zero-width no-break space
    "\u200e",  # left-to-right mark
    "\u034f",  # combining grapheme joiner
    "\ufe0f",  # variation selector
    "\x00",  # a NUL that the PDF's cleaning drops
]
SPACING = [" ", "  ", "\u00a0", "\u2009", "\u3000", " \u200b ", "\t", "\n"]
KEY = [NameMapping("Jayden Price", "Child D"), NameMapping("Jayden", "Child D")]


def test_the_view_is_what_a_reader_reads_and_maps_back() -> None:
    text = "Ｊａｙ\u00adden\u00a0\u200b  Price"
    view = normal_view(text)
    assert view.text == "Jayden Price"
    assert view.span(0, len(view.text)) == (0, len(text))
    assert normalise("a\r\n\n  b\u2028c\t\u00a0d") == "a\n\n b\nc d"
    assert normalise("ﬁve ½") == "five 1⁄2"


def test_invisible_means_format_control_and_default_ignorable_characters() -> None:
    import unicodedata

    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cf", "Cs") or (
            unicodedata.category(ch) == "Cc" and not ch.isspace()
        ):
            assert invisible(ch), hex(code)
        elif ch.isspace() or (
            unicodedata.category(ch)[0] in "LNPSZ" and code not in (0x115F, 0x1160, 0x3164, 0xFFA0)
        ):
            assert not invisible(ch), hex(code)


@pytest.mark.parametrize(
    "written",
    [
        "Jay\u00adden",
        "Jay\u200bden Price",
        "J\ufeffayden",
        "Jayden\u2060 Price",
        "Ｊａｙｄｅｎ",
        "𝐉𝐚𝐲𝐝𝐞𝐧",
        "Jayden\u00a0\u00a0Price",
        "Jay\u200dden\u200c's",
    ],
)
def test_a_disguised_name_is_replaced_and_reported(written: str) -> None:
    text = f"I saw {written} at home."
    assert [f.kind for f in scan(text, KEY)] == [Kind.NAME]
    replaced = apply_name_key(text, KEY)
    assert replaced.startswith("I saw Child D") and replaced.endswith(" at home.")
    assert "jayden" not in normalise(replaced).casefold()
    assert scan(replaced, KEY) == []


def test_the_rest_of_the_text_is_left_as_written() -> None:
    text = "Zoë\u200d said ½ – Jay\u00adden’s cot; emoji 👍🏽\u200d."
    assert apply_name_key(text, KEY) == "Zoë\u200d said ½ – Child D’s cot; emoji 👍🏽\u200d."


def test_a_name_written_into_the_key_with_invisible_characters_still_matches() -> None:
    key = [NameMapping("Jay\u00adden Pri\u200bce", "Child D")]
    assert apply_name_key("JAYDEN  PRICE came", key) == "Child D came"


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("NHS 943.476.5919 on file", Kind.NHS_NUMBER, "943.476.5919"),
        ("NHS 943  476  5919 on file", Kind.NHS_NUMBER, "943  476  5919"),
        ("NHS 94 34 76 59 19 on file", Kind.NHS_NUMBER, "94 34 76 59 19"),
        ("NHS 943\u00a0476\u200b5919 on file", Kind.NHS_NUMBER, "943\u00a0476\u200b5919"),
        ("NHS ９４３ ４７６ ５９１９ on file", Kind.NHS_NUMBER, "９４３ ４７６ ５９１９"),
        ("Ring 0161.496.0000 today", Kind.PHONE, "0161.496.0000"),
        ("Ring 07700  900123 today", Kind.PHONE, "07700  900123"),
        ("Ring 07 70 09 00 12 3 today", Kind.PHONE, "07 70 09 00 12 3"),
        ("Ring 0044 7700 900123 today", Kind.PHONE, "0044 7700 900123"),
        ("Ring 0044 (0) 161 496 0000 today", Kind.PHONE, "0044 (0) 161 496 0000"),
        ("NI AB.12.34.56.C noted", Kind.NI_NUMBER, "AB.12.34.56.C"),
        ("Seen on the third of March 2025.", Kind.EXACT_DATE, "third of March 2025"),
        ("Seen on the twenty-first of June", Kind.EXACT_DATE, "twenty-first of June"),
        ("Seen on March 3, 2025.", Kind.EXACT_DATE, "March 3, 2025"),
        ("Seen on March the 3rd, 2025.", Kind.EXACT_DATE, "March the 3rd, 2025"),
        ("Seen on Tuesday, March 3rd.", Kind.EXACT_DATE, "March 3rd"),
        ("Seen on 3rd of march.", Kind.EXACT_DATE, "3rd of march"),
        ("Seen 12 Jan\u200b 2026.", Kind.EXACT_DATE, "12 Jan\u200b 2026"),
        ("Lives at 12 acacia avenue now", Kind.ADDRESS, "12 acacia avenue"),
        ("Lives at flat 2, 14 harbour view road", Kind.ADDRESS, "flat 2, 14 harbour view road"),
        ("Lives at 12 Ac\u00adacia Avenue now", Kind.ADDRESS, "12 Ac\u00adacia Avenue"),
    ],
)
def test_identifiers_written_other_ways_are_found(text: str, kind: Kind, found: str) -> None:
    assert [(f.kind, f.text) for f in scan(text)] == [(kind, found)]
    assert found not in apply_fixes(text, scan(text))


@pytest.mark.parametrize(
    "text",
    [
        "We met 3 times in the park and 2 times at the house.",
        "There were 2 meetings at the green and 4 at the school.",
        "Up to 3 may attend on Saturday.",
        "Scores went 10 20 30 40 50 over the year.",
        "In March 2026 the plan changed; 1,200 families; 2019 2020 2021.",
    ],
)
def test_ordinary_prose_is_not_flagged(text: str) -> None:
    assert scan(text) == []


# --- the property the issue asks for -------------------------------------------------------

_letters = st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=2, max_size=10)
_names = st.lists(_letters, min_size=1, max_size=3).map(" ".join)
_around = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs", "Cf"], exclude_characters="'’"),
    max_size=40,
)


@st.composite
def disguised(draw: st.DrawFn) -> tuple[str, str]:
    """A name, and the same name with invisible characters put anywhere inside it and each
    space written as some other spacing."""
    name = draw(_names)
    out = []
    for ch in name:
        if ch == " ":
            out.append(draw(st.sampled_from(SPACING)))
        else:
            out.append(ch)
        out.append("".join(draw(st.lists(st.sampled_from(INVISIBLE), max_size=2))))
    return name, "".join(out)


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


@settings(max_examples=300, deadline=None)
@given(disguised(), _around, _around)
def test_no_name_from_the_key_survives_invisible_characters(pair, before, after) -> None:
    name, written = pair
    pseudonym = "Child Ω"
    real = normalise(name).casefold()
    assume(not _has_word(normalise(pseudonym).casefold(), real))
    assume(real.split() and all(w.isalpha() for w in real.split()))
    key = [NameMapping(name, pseudonym)]
    text = f"{before} {written} {after}"
    # the check reports it where it was written ...
    names = [f for f in scan(text, key) if f.kind is Kind.NAME]
    assert names, (text, name)
    # ... and the name key replaces it: after normalisation it is nowhere in the result
    replaced = apply_name_key(text, key)
    assert not _has_word(normalise(replaced).casefold(), real), (text, replaced)
    assert find_names(replaced, key) == []
    assert [f for f in scan(replaced, key) if f.kind is Kind.NAME] == []


@given(st.text(max_size=200))
def test_the_view_maps_every_character_back_inside_the_source(text: str) -> None:
    view = normal_view(text)
    spans = [view.span(i, i + 1) for i in range(len(view.text))]
    assert all(0 <= s < e <= len(view.source) for s, e in spans)
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    assert normalise(view.text) == view.text  # one pass is enough
    assert not any(invisible(ch) for ch in view.text)
