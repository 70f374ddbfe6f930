"""Find identifying details in text meant for publication.

Each detector returns :class:`Finding` objects with the exact span, the kind, and a suggested
replacement, so a screen can show every finding in context with a one-click fix. The detectors
err on the side of finding too much: a person decides, and a deliberate override is recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

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
            "name": "Real name from the name key",
            "date_of_birth": "Date of birth",
            "exact_date": "Exact date",
            "postcode": "Postcode",
            "phone": "Phone number",
            "email": "Email address",
            "nhs_number": "NHS number",
            "ni_number": "National Insurance number",
            "address": "Street address",
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
_NUMERIC_DATE = re.compile(  # a full stop after it ends the sentence; "1.2.2026.5" is no date
    r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-]|\.\d)"
)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_WORD_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}}|\d{{2}})\b",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(  # "12 January", "on 3rd of March": a day without a year is exact too
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+"
    r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b"
)
_WORD_DATE_US = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE
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
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d\)?[\s-]?){8,10}\d(?!\d)")
_TEN_DIGITS = re.compile(r"(?<![\d])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\d])")
_NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
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
        if 1 <= int(m.group(1)) <= 31:
            candidates.append((m.start(), m.end(), _month_index(m.group(2)), _year4(m.group(3))))
    for m in _WORD_DATE_US.finditer(text):
        if 1 <= int(m.group(2)) <= 31:
            candidates.append((m.start(), m.end(), _month_index(m.group(1)), int(m.group(3))))
    for m in _DAY_MONTH.finditer(text):
        try:
            month = _month_index(m.group(2))
        except ValueError:
            continue  # "Mayor", "Marsh": not a month
        if 1 <= int(m.group(1)) <= 31 and m.group(2).lower() in _MONTH_WORDS:
            candidates.append((m.start(), m.end(), month, 0))  # no year: month only
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
        if nhs_number_is_valid("".join(m.groups())):
            yield Finding(Kind.NHS_NUMBER, m.start(), m.end(), m.group(0), "[NHS number removed]")


def _phones(text: str, taken: list[tuple[int, int]]) -> Iterable[Finding]:
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("44"):
            digits = "0" + digits[2:].removeprefix("0")
        if not 10 <= len(digits) <= 11 or not digits.startswith("0"):
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue  # already reported as an NHS number
        yield Finding(Kind.PHONE, m.start(), m.end(), m.group(0).strip(), "[phone number removed]")


def scan(text: str, names: Iterable[NameMapping] = ()) -> list[Finding]:
    """Every identifying detail found in ``text``, in order of position.

    Spans refer to the NFC form of ``text`` (what every export writes); :func:`apply_fixes`
    works on the same form.
    """
    text = unicodedata.normalize("NFC", text)
    findings: list[Finding] = [
        Finding(Kind.NAME, s, e, text[s:e], m.pseudonym) for s, e, m in find_names(text, names)
    ]
    findings += _dates(text)
    findings += _simple(text, _POSTCODE, Kind.POSTCODE, "[postcode removed]")
    findings += _simple(text, _EMAIL, Kind.EMAIL, "[email address removed]")
    nhs = list(_nhs_numbers(text))
    findings += nhs
    findings += _phones(text, [(f.start, f.end) for f in nhs])
    findings += _simple(text, _NI, Kind.NI_NUMBER, "[National Insurance number removed]")
    findings += _simple(text, _ADDRESS, Kind.ADDRESS, "[address removed]")
    findings.sort(key=lambda f: (f.start, -f.end))
    # keep the outermost of overlapping findings (a postcode inside an address, say)
    kept: list[Finding] = []
    for f in findings:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


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
