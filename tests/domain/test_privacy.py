from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewdesk.domain.identifiers import Kind, apply_fixes, nhs_number_is_valid, scan
from reviewdesk.domain.pseudonyms import NameMapping, apply_name_key, find_names, fold

KEY = [
    NameMapping("Jayden Price", "Child D"),
    NameMapping("Jayden", "Child D"),
    NameMapping("Zoë", "Mother"),
    NameMapping("James", "Father"),
    NameMapping("Mary Ann Lowe", "Grandmother"),
    NameMapping("Łukasz", "Mother's partner"),
    NameMapping("Ann", "Aunt"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jayden was seen.", "Child D was seen."),
        ("JAYDEN PRICE's cot", "Child D's cot"),
        ("JAYDEN'S COT", "Child D's COT"),
        ("jayden’s sleep", "Child D’s sleep"),
        ("James' brother", "Father's brother"),
        ("Zoe, Zoë and ZOË", "Mother, Mother and Mother"),
        ("Zoe\u0308 (decomposed)", "Mother (decomposed)"),
        ("Lukasz and ŁUKASZ", "Mother's partner and Mother's partner"),
        ("Mary Ann Lowe visited; Ann did not.", "Grandmother visited; Aunt did not."),
        ("Mary  Ann\nLowe", "Grandmother"),
        ("Jaydenson and Annabel are other words", "Jaydenson and Annabel are other words"),
        ("Joanne, Anne and Jameson", "Joanne, Anne and Jameson"),
        ("", ""),
    ],
)
def test_names_are_replaced_whole_word_any_case_accents_possessives(text, expected) -> None:
    assert apply_name_key(text, KEY) == expected


def test_longest_name_wins_and_pseudonyms_are_not_rereplaced() -> None:
    key = [NameMapping("Ann", "Mother"), NameMapping("Mother Ann", "X")]
    assert apply_name_key("Mother Ann said", key) == "X said"
    # a pseudonym containing another real name is left alone: one pass only
    assert apply_name_key("Ann", [NameMapping("Ann", "Child Ann-B"), NameMapping("B", "Z")]) == (
        "Child Ann-B"
    )


def test_empty_key_and_blank_names_change_nothing() -> None:
    assert apply_name_key("Jayden", []) == "Jayden"
    assert apply_name_key("Jayden", [NameMapping("  ", "X")]) == "Jayden"


def test_find_names_reports_spans() -> None:
    text = "Seen with Zoë and James."
    spans = [(text[s:e], m.pseudonym) for s, e, m in find_names(text, KEY)]
    assert spans == [("Zoë", "Mother"), ("James", "Father")]


@given(st.text(max_size=200))
def test_fold_keeps_length_and_replacement_never_raises(text: str) -> None:
    assert len(fold(text)) == len(text)
    result = apply_name_key(text, KEY)
    assert isinstance(result, str)


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=2, max_size=12))
def test_any_name_in_the_key_is_gone_after_replacement(name: str) -> None:
    text = f"Before {name} after {name}'s."
    result = apply_name_key(text, [NameMapping(name, "PSEUDO")])
    assert find_names(result, [NameMapping(name, "PSEUDO")]) == []


def test_nhs_number_check_digit() -> None:
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")  # wrong check digit
    assert not nhs_number_is_valid("0000000000")
    assert not nhs_number_is_valid("123456789")


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Child D's NHS number is 943 476 5919.", Kind.NHS_NUMBER, "943 476 5919"),
        ("Reference 943 476 5918 on file.", None, None),  # fails mod 11: not an NHS number
        ("NI number AB 12 34 56 C", Kind.NI_NUMBER, "AB 12 34 56 C"),
        ("Code QQ123456C", None, None),  # Q is never a first letter
        ("Lives near EM4 2XY now", Kind.POSTCODE, "EM4 2XY"),
        ("Call 07700 900123 after 5", Kind.PHONE, "07700 900123"),
        ("Call +44 7700 900123", Kind.PHONE, "+44 7700 900123"),
        ("Email jo.bloggs@example.org today", Kind.EMAIL, "jo.bloggs@example.org"),
        ("Seen at 14 Harbour View Road, alone", Kind.ADDRESS, "14 Harbour View Road"),
        ("Visit on 12 January 2026 went well", Kind.EXACT_DATE, "12 January 2026"),
        ("Visit on 12/01/2026 went well", Kind.EXACT_DATE, "12/01/2026"),
        ("The visit was on 12/01/2026.", Kind.EXACT_DATE, "12/01/2026"),  # end of a sentence
        ("DOB: 03/07/2025", Kind.DATE_OF_BIRTH, "03/07/2025"),
        ("born on 3rd March 2019", Kind.DATE_OF_BIRTH, "3rd March 2019"),
        ("In March 2026 the plan changed", None, None),  # month and year: fine to publish
        ("She was 14 and at school", None, None),
        ("Ring (01632) 960 123.", Kind.PHONE, "(01632) 960 123"),
        ("Call 0161 496 0000 now", Kind.PHONE, "0161 496 0000"),
        ("Seen at Flat 2, 14 Harbour View Road", Kind.ADDRESS, "Flat 2, 14 Harbour View Road"),
        ("Seen on 14 Mar 26", Kind.EXACT_DATE, "14 Mar 26"),
        ("Seen on Monday 12th January", Kind.EXACT_DATE, "12th January"),
        ("Child D (DOB 12.03.2024)", Kind.DATE_OF_BIRTH, "12.03.2024"),
        ("NHS 9434765919 on file", Kind.NHS_NUMBER, "9434765919"),
        ("The 3 Mayors met in 2019-2021", None, None),
        ("At 14:30 in 2025/26, 1,200 families", None, None),
        ("Year 10 and Year 11 pupils", None, None),
        ("Around 20 minutes later", None, None),
    ],
)
def test_each_identifier_kind_true_and_false_positives(text, kind, found) -> None:
    findings = scan(text)
    if kind is None:
        assert findings == []
    else:
        assert [(f.kind, f.text) for f in findings] == [(kind, found)]


def test_a_day_without_a_year_offers_the_month() -> None:
    text = "Seen on 12 January and 3rd of March."
    assert apply_fixes(text, scan(text)) == "Seen on January and March."


def test_exact_dates_offer_month_and_year() -> None:
    text = "Seen 2026-01-14 and 3 Feb 2026."
    findings = scan(text)
    assert [f.suggestion for f in findings] == ["January 2026", "February 2026"]
    assert apply_fixes(text, findings) == "Seen January 2026 and February 2026."


def test_names_in_the_key_are_findings_with_the_pseudonym_as_fix() -> None:
    text = "Jayden Price's mother Zoë"
    findings = scan(text, KEY)
    assert [(f.kind, f.suggestion) for f in findings] == [
        (Kind.NAME, "Child D"),
        (Kind.NAME, "Mother"),
    ]
    assert "Zoë" in findings[1].context(text)


@given(st.text(max_size=300))
def test_scan_never_raises_and_spans_are_exact(text: str) -> None:
    import unicodedata

    nfc = unicodedata.normalize("NFC", text)
    findings = scan(text, KEY)
    for f in findings:
        assert nfc[f.start : f.end].strip() == f.text
    fixed = apply_fixes(text, findings)
    assert all(f.text not in fixed or f.kind is not Kind.NHS_NUMBER for f in findings)
