"""Reading an agency's chronology from a table (CSV or spreadsheet rows), in plain Python.

The steps a person sees: the columns are mapped to chronology fields (guessed from the headers,
changeable), every row is checked (dates in the forms people in the UK write them, with the
precision they carry), malformed rows are listed with their line number and the reason, and
likely duplicates (same date, same agency, very similar words) are flagged. Nothing here reads a
file or touches a library: the services do that, all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher
from enum import StrEnum

from reviewdesk.domain.analysis import (
    MAX_AGENCY,
    MAX_SHORT,
    MAX_WHAT,
    ChronologyEntry,
    DatePrecision,
)
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP


class Field(StrEnum):
    IGNORE = "ignore"
    DATE = "date"
    AGENCY = "agency"
    WHAT_HAPPENED = "what_happened"
    SOURCE = "source"
    SIGNIFICANT = "significant"
    POSITIVE = "positive_practice"
    THEMES = "themes"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS = {
    Field.IGNORE: QT_TRANSLATE_NOOP("Labels", "(not imported)"),
    Field.DATE: QT_TRANSLATE_NOOP("Labels", "Date"),
    Field.AGENCY: QT_TRANSLATE_NOOP("Labels", "Agency"),
    Field.WHAT_HAPPENED: QT_TRANSLATE_NOOP("Labels", "What happened"),
    Field.SOURCE: QT_TRANSLATE_NOOP("Labels", "Source record"),
    Field.SIGNIFICANT: QT_TRANSLATE_NOOP("Labels", "Significant"),
    Field.POSITIVE: QT_TRANSLATE_NOOP("Labels", "Positive practice"),
    Field.THEMES: QT_TRANSLATE_NOOP("Labels", "Themes"),
}

# Words in a column heading that suggest a field (checked in this order).
_GUESSES: tuple[tuple[Field, tuple[str, ...]], ...] = (
    (Field.POSITIVE, ("positive", "good practice", "strength")),
    (Field.SIGNIFICANT, ("significan", "key event", "important", "flag")),
    (Field.THEMES, ("theme",)),
    (Field.SOURCE, ("source", "record", "reference", "document", "ref")),
    (Field.DATE, ("date", "when", "day")),
    (Field.AGENCY, ("agency", "organisation", "organization", "service", "team", "provider")),
    (
        Field.WHAT_HAPPENED,
        ("what happened", "event", "description", "detail", "summary", "entry", "narrative",
         "contact", "note", "action", "what"),
    ),
)  # fmt: skip

MAX_ROWS = 5000
SIMILAR = 0.88  # how alike two texts must be (0-1) to count as a likely duplicate

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\.?,?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
DATE_FORMS = "a date like 14/03/2025, 14 March 2025, March 2025 or 2025"


class DateProblem(ValueError):
    """Why a cell is not a date (a complete sentence ending without a full stop)."""


def parse_uk_date(value: object) -> tuple[date, DatePrecision]:
    """A date as people in the UK write it, and how precise it is.

    Day first: 14/03/2025, 14-3-25, 14.03.2025, 2025-03-14, 14 March 2025, 14th Mar 2025;
    month: March 2025, Mar 2025, 03/2025, 2025-03; year: 2025. A spreadsheet's own dates are
    taken as they are. Raises :class:`DateProblem` otherwise.
    """
    found, precision = _parse_uk_date(value)
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise DateProblem(f"'{str(value)[:40]}' is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return found, precision


FIRST_YEAR, LAST_YEAR = 1800, 2999  # as for every date in a file (services/exchange/reading.py)
_SHEET_ERRORS = {"#value!", "#ref!", "#div/0!", "#num!", "#name?", "#n/a", "#null!"}


def _parse_uk_date(value: object) -> tuple[date, DatePrecision]:
    if isinstance(value, datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, date):
        return value, DatePrecision.DAY
    text = " ".join(str(value or "").strip().lower().split())
    if not text:
        raise DateProblem("the date is missing")
    if text in _SHEET_ERRORS:
        raise DateProblem(
            f"the cell shows a spreadsheet error ({str(value).strip()}) instead of a date "
            "(or a date Excel cannot show)"
        )
    try:
        if m := _NUMERIC.match(text):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if len(m[3]) == 2:
                year += 2000
            if month > 12 and day <= 12:
                raise DateProblem(
                    f"'{value}' looks like month/day; please write dates day first (14/03/2025)"
                )
            return date(year, month, day), DatePrecision.DAY
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3])), DatePrecision.DAY
        if m := _MONTH_YEAR_NUM.match(text):
            return date(int(m[2]), int(m[1]), 1), DatePrecision.MONTH
        if m := _ISO_MONTH.match(text):
            return date(int(m[1]), int(m[2]), 1), DatePrecision.MONTH
        if (m := _WORDS.match(text)) and m[2] in _MONTHS:
            month, year = _MONTHS[m[2]], int(m[3])
            if m[1]:
                return date(year, month, int(m[1])), DatePrecision.DAY
            return date(year, month, 1), DatePrecision.MONTH
        if m := _YEAR.match(text):
            return date(int(m[1]), 1, 1), DatePrecision.YEAR
    except ValueError as exc:
        if isinstance(exc, DateProblem):
            raise
        raise DateProblem(f"'{value}' is not a real date") from None
    raise DateProblem(f"'{str(value)[:40]}' is not {DATE_FORMS}")


_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔", "significant", "positive"}
_FALSE = {"", "no", "n", "false", "0", "-"}


# C0 control characters (and DEL) other than tab, line feed and carriage return: never meant,
# never printable; a NUL from a damaged export or a copy from a terminal is removed on import.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    return CONTROLS.sub("", text)


def is_blank(cells: Sequence[object]) -> bool:
    """A row with nothing in it (a formatted but empty row far below the data, say)."""
    return not any(without_controls(str(c if c is not None else "")).strip() for c in cells)


def parse_flag(value: object) -> bool:
    text = str(value if value is not None else "").strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"'{str(value)[:30]}' is not yes or no")


def unquote_formula(text: str) -> str:
    """Undo the protective quote ReviewDesk puts before a cell that starts like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def guess_mapping(headers: Sequence[str]) -> list[Field]:
    """A field for each column, guessed from its heading; each field used at most once."""
    mapping: list[Field] = []
    used: set[Field] = set()
    for header in headers:
        name = " ".join(str(header).casefold().replace("_", " ").split())
        chosen = Field.IGNORE
        for fld, words in _GUESSES:
            if fld not in used and any(w in name for w in words):
                chosen = fld
                break
        if chosen is not Field.IGNORE:
            used.add(chosen)
        mapping.append(chosen)
    return mapping


def mapping_problem(mapping: Sequence[Field]) -> str:
    """What is wrong with a mapping, in a sentence ("" when it can be used)."""
    counts = {f: list(mapping).count(f) for f in Field if f is not Field.IGNORE}
    missing = [f.label for f in (Field.DATE, Field.WHAT_HAPPENED) if not counts[f]]
    if missing:
        return (
            "Please choose the column that holds " + " and ".join(m.lower() for m in missing) + "."
        )
    twice = [f.label for f, n in counts.items() if n > 1]
    if twice:
        return f"Only one column can be '{twice[0]}'."
    return ""


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int  # the line (CSV) or row (spreadsheet) it starts on, counted from 1
    cells: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class PreviewRow:
    line: int
    entry: ChronologyEntry | None  # None when the row cannot be imported
    problem: str = ""
    duplicate_of: str = ""  # a likely duplicate: what it repeats, in words

    @property
    def ok(self) -> bool:
        return self.entry is not None


@dataclass(frozen=True, slots=True)
class ImportPreview:
    headers: tuple[str, ...]
    mapping: tuple[Field, ...]
    rows: tuple[PreviewRow, ...] = ()
    mapping_problem: str = ""
    file_problem: str = ""
    skipped_blank: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def problems(self) -> tuple[tuple[int, str], ...]:
        return tuple((r.line, r.problem) for r in self.rows if not r.ok)

    @property
    def duplicates(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if r.ok and r.duplicate_of)

    @property
    def importable(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if r.ok)

    @property
    def can_import(self) -> bool:
        return (
            not self.file_problem
            and not self.mapping_problem
            and not self.problems
            and bool(self.importable)
        )


def _clean(text: str) -> str:
    return re.sub(r"[^\w ]+", " ", " ".join(text.casefold().split())).strip()


def similar(a: str, b: str) -> bool:
    """Very alike, ignoring case, spacing and punctuation: nearly the same words, or one a
    shorter telling of the other (most of its words in the longer one)."""
    a, b = _clean(a), _clean(b)
    if a == b:
        return True
    if SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) < 4:
        return False
    return sum(1 for w in short if w in set(long)) / len(short) >= SIMILAR


def theme_lookup(themes: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Theme ids by what people may type in a themes column: the id or the short title."""
    out: dict[str, str] = {}
    for theme_id, short_title in themes:
        out[theme_id.casefold()] = theme_id
        out[" ".join(short_title.casefold().split())] = theme_id
    return out


def _themes(cell: object, lookup: Mapping[str, str]) -> tuple[str, ...]:
    found = []
    for part in re.split(r"[;,|]", str(cell or "")):
        name = " ".join(part.casefold().split())
        if not name:
            continue
        if name not in lookup:
            raise ValueError(f"there is no theme called '{part.strip()[:40]}'")
        found.append(lookup[name])
    return tuple(dict.fromkeys(found))


def read_row(
    row: SourceRow, mapping: Sequence[Field], agency: str, lookup: Mapping[str, str]
) -> ChronologyEntry:
    """One row as a chronology entry; raises ValueError with the reason."""
    values: dict[Field, object] = {}
    for index, fld in enumerate(mapping):
        if fld is not Field.IGNORE:
            values[fld] = row.cells[index] if index < len(row.cells) else ""
    try:
        when, precision = parse_uk_date(values.get(Field.DATE))
    except DateProblem as exc:
        raise ValueError(str(exc)) from None
    if not date(1900, 1, 1) <= when <= date(2100, 12, 31):
        raise ValueError("the date should be between 1900 and 2100")

    def text(fld: Field, limit: int, label: str) -> str:
        raw = without_controls(str(values.get(fld) or ""))
        # the protective quote first (it may stand before a tab or a line break), then spacing
        value = unquote_formula(raw).strip() if raw[:1] == "'" else unquote_formula(raw.strip())
        if len(value) > limit:
            raise ValueError(f"{label} is longer than {limit:,} characters")
        return value

    what = text(Field.WHAT_HAPPENED, MAX_WHAT, "what happened")
    if not what:
        raise ValueError("'what happened' is empty")
    row_agency = " ".join(text(Field.AGENCY, MAX_AGENCY, "the agency").split())
    flags = {}
    for fld in (Field.SIGNIFICANT, Field.POSITIVE):
        try:
            flags[fld] = parse_flag(values.get(fld))
        except ValueError as exc:
            raise ValueError(f"{fld.label.lower()}: {exc}") from None
    return ChronologyEntry(
        when=when,
        what_happened=what,
        agency=row_agency or agency,
        source=text(Field.SOURCE, MAX_SHORT, "the source record"),
        precision=precision,
        significant=flags[Field.SIGNIFICANT],
        positive_practice=flags[Field.POSITIVE],
        theme_ids=_themes(values.get(Field.THEMES), lookup),
        source_agency=agency,
    )


def build_preview(
    headers: Sequence[str],
    rows: Sequence[SourceRow],
    mapping: Sequence[Field] | None,
    *,
    agency: str,
    themes: Iterable[tuple[str, str]],
    existing: Iterable[ChronologyEntry] = (),
) -> ImportPreview:
    """Check every row against the mapping (guessed when None) and flag likely duplicates of
    entries already in the chronology and of earlier rows in the same file."""
    headers = tuple(str(h).strip() for h in headers)
    chosen = tuple(mapping) if mapping is not None else tuple(guess_mapping(headers))
    if len(chosen) != len(headers):
        chosen = tuple(list(chosen)[: len(headers)] + [Field.IGNORE] * (len(headers) - len(chosen)))
    problem = mapping_problem(chosen)
    agency = " ".join(agency.split())
    if not agency:
        return ImportPreview(
            headers, chosen, (), problem, "Please say which agency this chronology comes from."
        )
    if problem:
        return ImportPreview(headers, chosen, (), problem)
    filled = sum(1 for row in rows if not is_blank(row.cells))
    if filled > MAX_ROWS:
        return ImportPreview(
            headers, chosen, (), "",
            f"This file has {filled:,} rows; ReviewDesk imports up to {MAX_ROWS:,} at a time. "
            "Please split it into smaller files.",
        )  # fmt: skip
    lookup = theme_lookup(themes)
    earlier: list[tuple[ChronologyEntry, str]] = [
        (e, f"the entry already in the chronology ({e.date_label}, {e.agency})")
        for e in existing
        if e.removed_on is None
    ]
    out: list[PreviewRow] = []
    blank = 0
    for row in rows:
        if is_blank(row.cells):
            blank += 1
            continue
        try:
            entry = read_row(row, chosen, agency, lookup)
        except ValueError as exc:
            out.append(PreviewRow(row.line, None, str(exc)))
            continue
        duplicate = ""
        for other, described in earlier:
            if (
                other.when == entry.when
                and other.agency.casefold() == entry.agency.casefold()
                and similar(other.what_happened, entry.what_happened)
            ):
                duplicate = described
                break
        out.append(PreviewRow(row.line, entry, "", duplicate))
        earlier.append((entry, f"line {row.line} of this file"))
    return ImportPreview(headers, chosen, tuple(out), "", "", blank)
