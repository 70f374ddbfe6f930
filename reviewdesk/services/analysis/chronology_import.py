"""Reading an agency's chronology from a CSV file or an Excel workbook (.xlsx) for import: the
file's table, its encoding and sheet, and what the import did.

The import itself (preview first, then all of it in one transaction or none of it) is
:meth:`ChronologyService.preview` and :meth:`ChronologyService.import_file` in chronology.py,
the one service of the lead's chronology (``Services.chronology``)."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reviewdesk.domain.chronology_import import (
    CONTROLS,
    MAX_ROWS,
    SourceRow,
    is_blank,
)
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.services.exchange.document import read_file_bytes

MAX_TABLE_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[SourceRow, ...]  # rows with something in them (at most MAX_ROWS + 1)
    notes: tuple[str, ...] = ()
    blank: int = 0  # empty rows left out: they never count against the row limit


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def decode_csv(raw: bytes) -> tuple[str, list[str]]:
    """The text of a CSV file and what a person should know about how it was read.

    UTF-8 (with or without a byte-order mark) as it is; UTF-16 (Windows PowerShell's default)
    by its byte-order mark or its pattern of zero bytes; a file in the Windows code page
    (cp1252) as that. A UTF-8 file with a few lines in the Windows code page (one pasted in
    from elsewhere) is read line by line, and those lines are named, so no good line is
    turned into mojibake. Raises ValueError when the bytes are not text at all.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), ["The file is UTF-16 text (as Windows PowerShell saves)."]
        except UnicodeDecodeError:
            raise ValueError("it says it is UTF-16 text, but it is damaged") from None
    head = raw[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 without its mark
        even, odd = head[0::2].count(0), head[1::2].count(0)
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = raw[: len(raw) // 2 * 2].decode(encoding)
        except UnicodeDecodeError:
            raise ValueError("it is not a text (CSV) file") from None
        if CONTROLS.search(text.replace("\x00", "")[:4096]) is None:
            return text, ["The file is UTF-16 text (as Windows PowerShell saves)."]
        raise ValueError("it is not a text (CSV) file")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    body = raw.removeprefix(codecs.BOM_UTF8)
    lines = body.split(b"\n")
    utf8_lines = windows_lines = 0
    windows: list[int] = []
    parts = []
    for number, line in enumerate(lines, start=1):
        try:
            parts.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            parts.append(line.decode("cp1252", errors="replace"))
            windows.append(number)
            windows_lines += 1
    if not utf8_lines:  # not UTF-8 anywhere: Excel's "CSV" on Windows
        return body.decode("cp1252", errors="replace"), [
            "The file is not UTF-8, so it was read as Windows text (cp1252)."
        ]
    return "\n".join(parts), [
        f"The file is UTF-8 except {_lines(windows)}, which "
        f"{'were' if len(windows) > 1 else 'was'} read as Windows text (cp1252): please check "
        "the accents and symbols there."
    ]


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    duplicates_left_out: int
    batch_uid: str
    agency: str

    @property
    def message(self) -> str:
        left = (
            f" {self.duplicates_left_out} likely duplicate"
            f"{'s were' if self.duplicates_left_out != 1 else ' was'} left out."
            if self.duplicates_left_out
            else ""
        )
        return (
            f"Added {self.added} entr{'ies' if self.added != 1 else 'y'} from {self.agency}'s "
            f"chronology.{left}"
        )


def _problem(path: Path, what: str) -> ReviewDeskError:
    return ReviewDeskError(f"{path.name} cannot be imported: {what}. Nothing has been changed.")


def read_table(path: Path) -> Table:
    """The header and rows of a CSV file or of the first sheet of an .xlsx workbook."""
    raw = read_file_bytes(path, MAX_TABLE_BYTES)
    if len(raw) > MAX_TABLE_BYTES:
        raise _problem(path, "it is larger than 10 MB")
    if not raw.strip():
        raise _problem(path, "it is empty")
    if raw.startswith(XLSX_MAGIC):
        return _read_xlsx(path, raw)
    return _read_csv(path, raw)


def _read_csv(path: Path, raw: bytes) -> Table:
    try:
        text, notes = decode_csv(raw)
    except ValueError as exc:
        raise _problem(path, str(exc)) from None
    if text.count("\x00") * 20 > len(text):
        raise _problem(path, "it is not a text (CSV) file")
    removed = len(CONTROLS.findall(text))
    if removed:  # never printable, never meant: a NUL from a damaged export, say
        text = CONTROLS.sub("", text)
        notes.append(
            f"{removed} invisible control character{'s were' if removed > 1 else ' was'} "
            "removed (codes such as NUL that no document can show)."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[SourceRow] = []
    headers: tuple[str, ...] | None = None
    blank = 0
    try:
        line = 1
        for cells in reader:
            if headers is None:
                if any(c.strip() for c in cells):
                    headers = tuple(c.strip() for c in cells)
            elif is_blank(cells):
                blank += 1
            else:
                rows.append(SourceRow(line, tuple(cells)))
                if len(rows) > MAX_ROWS:
                    break
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _problem(path, f"line {reader.line_num} is not valid CSV ({exc})") from None
    if headers is None:
        raise _problem(path, "it has no heading row")
    return Table(headers, tuple(rows), tuple(notes), blank)


def _delimiter(text: str) -> str:
    """The separator, from the heading row: commas, semicolons (Excel in much of Europe) or
    tabs. Quoting is always Excel's: guessing it from the cells (csv.Sniffer) misread cells
    that hold quotes and line breaks, so an export did not always read back."""
    heading = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: heading.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_xlsx(path: Path, raw: bytes) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - a dependency; kept for a stripped-down install
        raise _problem(path, "Excel files need the openpyxl package; save it as CSV") from None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            if sum(i.file_size for i in z.infolist()) > 20 * MAX_TABLE_BYTES:
                raise _problem(path, "it expands to far more than a chronology needs")
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except ReviewDeskError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise _problem(path, "it is not an Excel workbook ReviewDesk can read (.xlsx)") from None
    number = blank = 0
    try:
        sheet = book.worksheets[0]
        headers: tuple[str, ...] | None = None
        rows: list[SourceRow] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple("" if v is None else v for v in values)
            if headers is None:
                if any(str(c).strip() for c in cells):
                    headers = tuple(str(c).strip() for c in cells)
                continue
            if is_blank(cells):  # formatted but empty, maybe a million rows below the data
                blank += 1
                continue
            rows.append(SourceRow(number, cells))
            if len(rows) > MAX_ROWS:
                break
        notes = ("Only the first sheet was read.",) if len(book.sheetnames) > 1 else ()
    except Exception:  # a damaged cell: a shared text that is not there, a broken value...
        raise _problem(
            path,
            f"row {number + 1} of its first sheet is damaged and cannot be read (please open "
            "it in Excel, save it again, or save it as CSV)",
        ) from None
    finally:
        book.close()
    if headers is None:
        raise _problem(path, "its first sheet has no heading row")
    return Table(headers, tuple(rows), notes, blank)
