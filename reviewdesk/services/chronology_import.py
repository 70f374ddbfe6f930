"""Importing an agency's chronology from a CSV file or an Excel workbook (.xlsx): preview first,
then all of it in one transaction or none of it."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reviewdesk.domain.chronology_import import (
    MAX_ROWS,
    Field,
    ImportPreview,
    SourceRow,
    build_preview,
)
from reviewdesk.domain.errors import ImportRowsError, ReviewDeskError, ValidationError
from reviewdesk.services.chronology import ChronologyService, apply_entry
from reviewdesk.services.exchange import read_file_bytes
from reviewdesk.services.lead_common import new_uid
from reviewdesk.store import analysis as store_analysis
from reviewdesk.store import queries
from reviewdesk.store.tables import ChronologyEntryRow, ChronologyImportRow

MAX_TABLE_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    notes: tuple[str, ...] = ()


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
    notes = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page unless told otherwise.
        text = raw.decode("cp1252", errors="replace")
        notes.append("The file is not UTF-8, so it was read as Windows text (cp1252).")
    if "\x00" in text:
        raise _problem(path, "it is not a text (CSV) file")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[SourceRow] = []
    headers: tuple[str, ...] | None = None
    try:
        line = 1
        for cells in reader:
            if headers is None:
                if any(c.strip() for c in cells):
                    headers = tuple(c.strip() for c in cells)
            else:
                rows.append(SourceRow(line, tuple(cells)))
                if len(rows) > MAX_ROWS:
                    break
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _problem(path, f"line {reader.line_num} is not valid CSV ({exc})") from None
    if headers is None:
        raise _problem(path, "it has no heading row")
    return Table(headers, tuple(rows), tuple(notes))


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
    number = 0
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
    return Table(headers, tuple(rows), notes)


class ChronologyImportService(ChronologyService):
    def preview(
        self,
        review_id: int,
        path: Path,
        agency: str,
        mapping: Sequence[Field] | None = None,
    ) -> ImportPreview:
        """What importing ``path`` would do: the mapping (guessed when None), each row read or
        the reason it cannot be, and likely duplicates. Nothing is written."""
        table = read_table(path)
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            return self._preview(session, review, table, agency, mapping)

    def import_file(
        self,
        review_id: int,
        path: Path,
        agency: str,
        mapping: Sequence[Field] | None = None,
        *,
        include_duplicates: bool = False,
    ) -> ImportResult:
        """Import every row of the file, or none: any malformed row stops the whole import
        (:class:`ImportRowsError` lists them with line numbers). Likely duplicates are left out
        unless ``include_duplicates``."""
        table = read_table(path)
        with self._store.write() as session:
            review = self._review(session, review_id)
            preview = self._preview(session, review, table, agency, mapping)
            if preview.file_problem or preview.mapping_problem:
                raise ValidationError(
                    f"{preview.file_problem or preview.mapping_problem} Nothing has been changed."
                )
            if preview.problems:
                lines = "; ".join(f"line {n}: {why}" for n, why in preview.problems[:20])
                more = len(preview.problems) - 20
                raise ImportRowsError(
                    f"{path.name} has {len(preview.problems)} row(s) that cannot be imported, so "
                    f"nothing has been imported. {lines}"
                    + (f"; and {more} more." if more > 0 else ".")
                    + " Please correct the file and try again.",
                    preview.problems,
                )
            chosen = [r for r in preview.importable if include_duplicates or not r.duplicate_of]
            if not chosen:
                raise ValidationError(
                    f"{path.name} has no new entries to import"
                    + (" (every row is a likely duplicate)" if preview.importable else "")
                    + ". Nothing has been changed."
                )
            now = self._touch(review)
            batch = ChronologyImportRow(
                uid=new_uid(),
                review_id=review.id,
                agency=" ".join(agency.split()),
                file_name=path.name[:260],
                rows=len(chosen),
                imported_at=now,
            )
            session.add(batch)
            session.flush()
            for r in chosen:
                assert r.entry is not None
                row = ChronologyEntryRow(
                    uid=new_uid(),
                    review_id=review.id,
                    import_id=batch.id,
                    created_at=now,
                    updated_at=now,
                )
                apply_entry(row, r.entry)
                session.add(row)
            self._log(
                session,
                review,
                "chronology.imported",
                item=f"from {batch.agency}",
                rows=len(chosen),
            )
            return ImportResult(
                len(chosen), len(preview.importable) - len(chosen), batch.uid, batch.agency
            )

    def _preview(self, session, review, table: Table, agency, mapping) -> ImportPreview:  # type: ignore[no-untyped-def]
        framework = queries.framework_of(review)
        existing = store_analysis.analysis_of(session, review).chronology
        preview = build_preview(
            table.headers,
            table.rows,
            mapping,
            agency=agency,
            themes=[(t.id, t.short_title) for t in framework.themes],
            existing=existing,
        )
        return replace(preview, notes=table.notes) if table.notes else preview
