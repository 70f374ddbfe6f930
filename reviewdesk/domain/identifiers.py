"""Find identifying details in text meant for publication.

Each detector returns :class:`Finding` objects with the exact span, the kind, and a suggested
replacement, so a screen can show every finding in context with a one-click fix. The detectors
err on the side of finding too much: a person decides, and a deliberate override is recorded.

The detectors read the text as a reader would (:func:`reviewdesk.domain.normalise.normal_view`:
NFKC, invisible characters removed, spacing folded), so "943.476.5919", "943  476  5919", a soft
hyphen inside a name or full-width digits are found; every span refers to the text as written
(its NFC form), so a fix replaces exactly what was written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP
from reviewdesk.domain.normalise import normal_view
from reviewdesk.domain.pseudonyms import NameMapping, find_names


class Kind(StrEnum):
    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    EXACT_DATE = "exact_date"
    POSTCODE = "postcode"
    PHONE = "phone"
    EMAIL = "email"
    NHS_NUMBER = "nhs_number"
    NI_NUMBER = "ni_number"
    ADDRESS = "address"

    @property
    def label(self) -> str:
        return {
            "name": QT_TRANSLATE_NOOP("Labels", "Real name from the name key"),
            "date_of_birth": QT_TRANSLATE_NOOP("Labels", "Date of birth"),
            "exact_date": QT_TRANSLATE_NOOP("Labels", "Exact date"),
            "postcode": QT_TRANSLATE_NOOP("Labels", "Postcode"),
            "phone": QT_TRANSLATE_NOOP("Labels", "Phone number"),
            "email": QT_TRANSLATE_NOOP("Labels", "Email address"),
            "nhs_number": QT_TRANSLATE_NOOP("Labels", "NHS number"),
            "ni_number": QT_TRANSLATE_NOOP("Labels", "National Insurance number"),
            "address": QT_TRANSLATE_NOOP("Labels", "Street address"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    kind: Kind
    start: int
    end: int
    text: str
    suggestion: str

    def context(self, source: str, width: int = 40) -> str:
        """The finding with some words either side, for showing in a list."""
        left = max(0, self.start - width)
        right = min(len(source), self.end + width)
        return (
            ("…" if left else "")
            + source[left:right].replace("\n", " ")
            + ("…" if right < len(source) else "")
        )


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL_WORDS = {
    word: n
    for n, word in enumerate(
        [
            *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
            *("ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth"),
            *("sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"),
        ],
        start=1,
    )
}
_ORDINAL_WORDS |= {f"twenty {w}": 20 + n for w, n in list(_ORDINAL_WORDS.items())[:9]}
_ORDINAL_WORDS |= {"thirtieth": 30, "thirty first": 31}
_DAY = (  # 3, 3rd, third, twenty-first
    r"(\d{1,2}(?:st|nd|rd|th)?|(?i:"
    + "|".join(sorted((w.replace(" ", "[ -]") for w in _ORDINAL_WORDS), key=len, reverse=True))
    + r"))"
)
_NUMERIC_DATE = re.compile(  # a full stop after it ends the sentence; "1.2.2026.5" is no date
    r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-]|\.\d)"
)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_WORD_DATE = re.compile(
    rf"\b{_DAY}(?:\s+(?i:of))?\s+(?i:({_MONTH_RE}))\.?,?\s+(\d{{4}}|\d{{2}})\b",
)
_DAY_MONTH = re.compile(  # "12 January", "on 3rd of March": a day without a year is exact too
    rf"\b{_DAY}(?:\s+(?i:of))?\s+"
    r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
    r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*)\b"  # "may" is mostly a verb
)
_WORD_DATE_US = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(?:the\s+)?{_DAY},?\s+(\d{{4}})\b", re.IGNORECASE
)
_MONTH_DAY = re.compile(  # "March 3rd", "March the 3rd": US order without a year
    r"\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\.?\s+(?:the\s+)?"
    r"(\d{1,2}(?:st|nd|rd|th)|(?i:"
    + "|".join(sorted((w.replace(" ", "[ -]") for w in _ORDINAL_WORDS), key=len, reverse=True))
    + r"))\b"
)
_BIRTH_CUE = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday)\W{0,3}\s*$", re.IGNORECASE
)
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r"\s?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")
_PHONE = re.compile(  # 0161 496 0000, 0161.496.0000, +44 (0) 161..., 0044 161..., in pairs
    r"(?<![\w+])(?:(?:\+|00\s?)44[\s.-]?\(?0?\)?[\s.-]?|\(?0)(?:\d\)?[\s.-]?){8,10}\d(?!\d)"
)
_TEN_DIGITS = re.compile(  # 943 476 5919, 943.476.5919, 94 34 76 59 19, 9434765919
    r"(?<![\d])\d(?:[\s.-]?\d){9}(?![\d])"
)
_NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?[A-D]\b",
    re.IGNORECASE,
)
_STREET_WORDS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|place|gardens|"
    "terrace|grove|hill|square|walk|mews|row|rise|park|parade|view|green|vale|wharf|yard|"
    "estate|house|flats?|cottages?"
)
_ADDRESS = re.compile(
    rf"\b(?:(?i:flat|apartment|unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:[A-Z][\w'’-]+\s+){{1,3}}(?i:{_STREET_WORDS})\b\.?",
)
_NOT_STREET_NAMES = (  # small words that join a number to a street word in ordinary prose
    "a|an|the|at|in|on|of|to|and|or|for|with|from|by|into|near|per|our|their|her|his|its|"
    "my|your|all|more|other|some|times|days|weeks|months|years|people|children|visits"
)
_ADDRESS_LOWER = re.compile(  # "12 acacia avenue", "flat 2, 14 harbour view road"
    rf"\b(?:(?:flat|apartment|unit)\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
    rf"(?:(?!(?:{_NOT_STREET_NAMES})\b)[a-z][\w'’-]+\s+){{1,3}}"
    rf"(?:{_STREET_WORDS})\b\.?",
    re.IGNORECASE,
)


_MONTH_WORDS = {m.lower() for m in MONTHS} | {m.lower()[:3] for m in MONTHS} | {"sept"}


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number mod-11 check: weights 10..2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _month_year(month: int, year: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def _year4(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 50 else 1900) if len(text) == 2 else year


def _month_index(word: str) -> int:
    word = word.lower()[:3]
    return [m.lower()[:3] for m in MONTHS].index(word) + 1


def _day(text: str) -> int:
    """3, "3rd", "third", "twenty-first" as a number (0 when it is none of these)."""
    digits = text[:2].rstrip("abcdefghijklmnopqrstuvwxyz")
    if digits.isdigit():
        return int(digits)
    return _ORDINAL_WORDS.get(" ".join(text.lower().replace("-", " ").split()), 0)


def _dates(text: str) -> Iterable[Finding]:
    candidates: list[tuple[int, int, int, int]] = []  # start, end, month, year
    for m in _NUMERIC_DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            candidates.append((m.start(), m.end(), month, _year4(m.group(3))))
    for m in _ISO_DATE.finditer(text):
        month, day = int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            candidates.append((m.start(), m.end(), month, int(m.group(1))))
    for m in _WORD_DATE.finditer(text):
        if 1 <= _day(m.group(1)) <= 31:
            candidates.append((m.start(), m.end(), _month_index(m.group(2)), _year4(m.group(3))))
    for m in _WORD_DATE_US.finditer(text):
        if 1 <= _day(m.group(2)) <= 31:
            candidates.append((m.start(), m.end(), _month_index(m.group(1)), int(m.group(3))))
    for pattern, day_at, month_at in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for m in pattern.finditer(text):
            if m.group(month_at).lower() not in _MONTH_WORDS:
                continue  # "Mayor", "Marsh": not a month
            if 1 <= _day(m.group(day_at)) <= 31:  # no year: month only
                candidates.append((m.start(), m.end(), _month_index(m.group(month_at)), 0))
    for start, end, month, year in candidates:
        before = text[max(0, start - 30) : start]
        kind = Kind.DATE_OF_BIRTH if _BIRTH_CUE.search(before) else Kind.EXACT_DATE
        if kind is Kind.DATE_OF_BIRTH:
            suggestion = "[date of birth removed]"
        else:
            suggestion = _month_year(month, year) if year else MONTHS[month - 1]
        yield Finding(kind, start, end, text[start:end], suggestion)


def _simple(text: str, pattern: re.Pattern[str], kind: Kind, suggestion: str) -> Iterable[Finding]:
    for m in pattern.finditer(text):
        yield Finding(kind, m.start(), m.end(), m.group(0), suggestion)


def _nhs_numbers(text: str) -> Iterable[Finding]:
    for m in _TEN_DIGITS.finditer(text):
        if nhs_number_is_valid(re.sub(r"\D", "", m.group(0))):
            yield Finding(Kind.NHS_NUMBER, m.start(), m.end(), m.group(0), "[NHS number removed]")


def _phones(text: str, taken: list[tuple[int, int]]) -> Iterable[Finding]:
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("0044"):
            digits = digits[2:]
        if digits.startswith("44"):
            digits = "0" + digits[2:].removeprefix("0")
        if not 10 <= len(digits) <= 11 or not digits.startswith("0"):
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue  # already reported as an NHS number
        yield Finding(Kind.PHONE, m.start(), m.end(), m.group(0).strip(), "[phone number removed]")


def scan(text: str, names: Iterable[NameMapping] = ()) -> list[Finding]:
    """Every identifying detail found in ``text``, in order of position.

    The detectors read the reader's view of the text (see the module notes); spans refer to
    the NFC form of ``text`` (what every export writes) and cover whatever the detail was
    written with, invisible characters included. :func:`apply_fixes` works on the same form.
    """
    view = normal_view(text)
    source, read = view.source, view.text
    found: list[Finding] = [
        Finding(Kind.NAME, s, e, source[s:e], m.pseudonym) for s, e, m in find_names(source, names)
    ]
    in_view: list[Finding] = list(_dates(read))
    in_view += _simple(read, _POSTCODE, Kind.POSTCODE, "[postcode removed]")
    in_view += _simple(read, _EMAIL, Kind.EMAIL, "[email address removed]")
    nhs = list(_nhs_numbers(read))
    in_view += nhs
    in_view += _phones(read, [(f.start, f.end) for f in nhs])
    in_view += _simple(read, _NI, Kind.NI_NUMBER, "[National Insurance number removed]")
    in_view += _simple(read, _ADDRESS, Kind.ADDRESS, "[address removed]")
    in_view += _simple(read, _ADDRESS_LOWER, Kind.ADDRESS, "[address removed]")
    for f in in_view:
        start, end = view.span(f.start, f.end)
        found.append(Finding(f.kind, start, end, source[start:end].strip(), f.suggestion))
    # A name from the key always stands (its fix is its pseudonym); of other overlapping
    # findings the outermost is kept (a postcode inside an address, say).
    names_found = [f for f in found if f.kind is Kind.NAME]
    kept = list(names_found)
    others = sorted((f for f in found if f.kind is not Kind.NAME), key=lambda f: (f.start, -f.end))
    last = -1
    for f in others:
        if f.start < last or any(n.start < f.end and f.start < n.end for n in names_found):
            continue
        kept.append(f)
        last = f.end
    return sorted(kept, key=lambda f: (f.start, -f.end))


def apply_fixes(text: str, findings: Iterable[Finding]) -> str:
    """Replace each finding's span with its suggestion (findings must come from ``text``)."""
    text = unicodedata.normalize("NFC", text)
    out, last = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < last:
            continue
        out.append(text[last : f.start])
        out.append(f.suggestion)
        last = f.end
    out.append(text[last:])
    return "".join(out)
