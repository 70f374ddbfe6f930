"""Export a review as a document: the learning summary (PDF or Word), the 7-minute briefing, or
the JSON exchange file.

The read model is built in one read transaction (so a document never mixes two moments of a
review being edited), then the exporter runs with no database open, then the file is written
atomically and never over an existing file unless asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportInput, ExportOptions, TableExport
from reviewdesk.domain.glossary import merged, parse_acronyms
from reviewdesk.domain.publication import pseudonymise, segments
from reviewdesk.exports.tables_csv import actions_csv, chronology_csv
from reviewdesk.files import check_destination, safe_file_name, write_atomically
from reviewdesk.resources import resource
from reviewdesk.services.analysis.papers import papers_in
from reviewdesk.services.exchange.document import ExchangeService
from reviewdesk.services.names import mappings_in
from reviewdesk.services.settings import SettingsService
from reviewdesk.store import analysis as store_analysis
from reviewdesk.store import audit as audit_store
from reviewdesk.store import briefing as store_briefing
from reviewdesk.store import queries
from reviewdesk.store.engine import Store

Progress = Callable[[int, str], None]
# A partnership's own acronyms, beside reviewdesk.db in the data folder: they extend or replace
# the shipped list (resources/glossary/acronyms.toml; "" takes one out).
LOCAL_GLOSSARY = "glossary.toml"


def _renderer(fmt: ExportFormat) -> Callable[[ExportInput, ExportOptions, Progress], bytes]:
    # Imported when first used: ReportLab and python-docx stay out of the app's start-up time.
    if fmt is ExportFormat.PDF:
        from reviewdesk.exports.summary_pdf import render_summary_pdf

        return render_summary_pdf
    if fmt is ExportFormat.BRIEFING:
        from reviewdesk.exports.briefing_pdf import render_briefing_pdf

        return render_briefing_pdf
    if fmt is ExportFormat.BRIEFING_DOCX:
        from reviewdesk.exports.briefing_docx import render_briefing_docx

        return render_briefing_docx
    from reviewdesk.exports.summary_docx import render_summary_docx

    return render_summary_docx


def default_file_name(
    reference: str, fmt: ExportFormat | TableExport, on: date | None = None
) -> str:
    """A file name from the review's reference, the document and the date: never a child's name
    (the title is left out on purpose), and valid on Windows."""
    on = on or date.today()
    return safe_file_name(
        f"{reference} {fmt.document_name} {on.isoformat()}", fmt.extension, fallback="review"
    )


class ExportService:
    def __init__(
        self,
        store: Store,
        exchange: ExchangeService,
        settings: SettingsService | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._store = store
        self._exchange = exchange
        self._settings = settings or SettingsService(store)
        self._today = today

    def input_for(self, review_id: int) -> ExportInput:
        """Everything a document needs, read in one transaction (never private notes): the
        review, the lead's analysis (what is current: removed items only as notes in the
        findings that cite them) and the audit trail's newest hash, with the review's name key
        applied to every piece of user text: the one place where real names are replaced, so
        no document can hold a name from the key. The key itself is not in it."""
        with self._store.read() as session:
            document = queries.review_document(session, review_id)
            analysis = store_analysis.analysis_of(
                session, queries.get_review_row(session, review_id)
            )
            chain_hash = audit_store.head(session)[1]
            names = mappings_in(session, review_id)
            briefing = store_briefing.briefing_of(session, review_id)
            terms, family, processes = papers_in(session, document.id)
        source = ExportInput(
            document=document,
            chronology=analysis.current_chronology,
            episodes=analysis.current_episodes,
            findings=analysis.current_findings,
            recommendations=analysis.current_recommendations,
            actions=analysis.actions,
            audit_chain_hash=chain_hash,
            briefing=briefing,
            terms=None if terms.is_empty else terms,
            family=family,
            processes=processes,
        )
        return replace(pseudonymise(source, names), acronyms=self.acronyms())

    def acronyms(self) -> tuple[tuple[str, str], ...]:
        """The acronyms a glossary may expand: the shipped list, with the partnership's
        glossary.toml (in the data folder) over it. A file that cannot be read is named in a
        readable error, and nothing is exported."""
        shipped_file = resource("glossary", "acronyms.toml")
        shipped = parse_acronyms(shipped_file.read_text(encoding="utf-8"), str(shipped_file))
        local: dict[str, str] = {}
        if self._store.path is not None:
            own = self._store.path.parent / LOCAL_GLOSSARY
            if own.is_file():
                try:
                    text = own.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    raise ValidationError(
                        f"The glossary file {own} could not be read (it should be a UTF-8 "
                        "text file). Please correct it or move it out of the data folder; "
                        "nothing was exported."
                    ) from None
                local = parse_acronyms(text, str(own))
        return tuple(sorted(merged(shipped, local).items()))

    def unprintable(
        self, review_id: int, fmt: ExportFormat, options: ExportOptions | None = None
    ) -> list[str]:
        """What a PDF made now could not print, one sentence per place: "The answer ... holds
        Chinese characters (我想回家) that this computer has no font for; they would print as
        empty boxes." Empty when everything prints (always, for English). Word documents use
        the fonts of the computer that opens them, so only PDFs are checked."""
        if fmt not in (ExportFormat.PDF, ExportFormat.BRIEFING):  # Word: the reader's fonts
            return []
        from reviewdesk.exports.scripts import needs_care, unprintable

        source = self.input_for(review_id)
        options = (options or self.default_options(review_id, fmt)).checked(
            source.document.framework
        )
        out = []
        for segment in segments(source, options):
            if not needs_care(segment.text):
                continue
            for script, chars in sorted(unprintable(segment.text).items()):
                sample = chars[:12] + ("…" if len(chars) > 12 else "")
                what = "characters" if script != "Emoji" else "emoji"
                out.append(
                    f"{segment.place.label} contains {script} {what} ({sample}) that this "
                    "computer has no font for; they would print as empty boxes."
                )
        return out

    def default_options(
        self, review_id: int | None = None, fmt: ExportFormat | None = None
    ) -> ExportOptions:
        """The options a document is made with unless asked otherwise: the library's marking,
        or for a 7-minute briefing the marking the lead chose for circulation (OFFICIAL unless
        changed on the Briefing page)."""
        if review_id is not None and fmt is not None and fmt.is_briefing:
            with self._store.read() as session:
                return ExportOptions(marking=store_briefing.briefing_of(session, review_id).marking)
        return ExportOptions(marking=self._settings.default_marking())

    def render_table(self, review_id: int, kind: TableExport) -> bytes:
        """The action plan or the chronology as CSV (formula-injection safe)."""
        source = self.input_for(review_id)
        if kind is TableExport.ACTIONS_CSV:
            return actions_csv(source.actions, source.recommendations, self._today())
        titles = {t.id: t.short_title for t in source.document.framework.themes}
        return chronology_csv(source.chronology, titles)

    def export_table(
        self, review_id: int, kind: TableExport, output: Path, *, overwrite: bool = False
    ) -> Path:
        """Write the action plan or chronology CSV atomically (never over a file unless asked),
        and record it in the audit trail."""
        check_destination(output, overwrite=overwrite)
        data = self.render_table(review_id, kind)
        written = write_atomically(output, data, overwrite=overwrite)
        self._exchange.audit.record_export(review_id, kind.value, data=data)
        return written

    def default_file_name(
        self, review_id: int, fmt: ExportFormat | TableExport, on: date | None = None
    ) -> str:
        with self._store.read() as session:
            reference = queries.get_review_row(session, review_id).reference
        return default_file_name(reference, fmt, on)

    def render(
        self,
        review_id: int,
        fmt: ExportFormat,
        options: ExportOptions | None = None,
        progress: Progress | None = None,
    ) -> bytes:
        """The document's bytes (nothing written)."""
        report = progress or (lambda _percent, _message: None)
        report(0, "Reading the review")
        if fmt is ExportFormat.JSON:
            data = self._exchange.export_json_bytes(review_id)
            report(100, "Done")
            return data
        source = self.input_for(review_id)
        options = (options or self.default_options(review_id, fmt)).checked(
            source.document.framework
        )
        return _renderer(fmt)(source, options, report)

    def export(
        self,
        review_id: int,
        fmt: ExportFormat,
        output: Path,
        options: ExportOptions | None = None,
        *,
        overwrite: bool = False,
        progress: Progress | None = None,
        publication: bool = False,
    ) -> Path:
        """Build the document and write it to ``output`` atomically. Refuses to replace an
        existing file unless ``overwrite`` is true. ``publication`` marks the audit entry (the
        publication check, reviewdesk/services/publication.py, runs before)."""
        # Said before the work rather than after it; write_atomically checks again, atomically.
        check_destination(output, overwrite=overwrite)
        data = self.render(review_id, fmt, options, progress)
        return self.write(
            review_id, fmt, output, data, overwrite=overwrite, publication=publication
        )

    def write(
        self,
        review_id: int,
        fmt: ExportFormat,
        output: Path,
        data: bytes,
        *,
        overwrite: bool = False,
        publication: bool = False,
    ) -> Path:
        """Write a document already made (the publication check writes the very bytes it
        checked) atomically, and record it in the audit trail."""
        written = write_atomically(output, data, overwrite=overwrite)
        self._exchange.audit.record_export(review_id, fmt.value, data=data, publication=publication)
        return written

    def today(self) -> date:
        return self._today()
