"""The chronology: dated entries from every agency, merged into one, the citations of entries in
contributors' answers (evidence in reflections), and importing an agency's chronology (its file
is read by chronology_import.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import (
    MAX_AGENCY,
    MAX_SHORT,
    MAX_WHAT,
    ChronologyEntry,
    DatePrecision,
)
from reviewdesk.domain.chronology_import import Field, ImportPreview, build_preview
from reviewdesk.domain.errors import ImportRowsError, NotFoundError, ValidationError
from reviewdesk.domain.review import EditRevision
from reviewdesk.domain.words import count
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis import versioned
from reviewdesk.services.analysis.common import (
    AnalysisService,
    Deleted,
    DeleteOutcome,
    Problems,
    Where,
    check_themes,
    new_uid,
)
from reviewdesk.store import analysis as store_analysis
from reviewdesk.store import queries
from reviewdesk.store.tables import ChronologyEntryRow, ChronologyImportRow, CitationRow, ReviewRow

if TYPE_CHECKING:
    from reviewdesk.services.analysis.chronology_import import ImportResult, Table


def normalised_date(when: date, precision: DatePrecision) -> date:
    """Month-precise dates are kept as the 1st of the month, year-precise ones as 1 January."""
    if precision is DatePrecision.YEAR:
        return date(when.year, 1, 1)
    if precision is DatePrecision.MONTH:
        return date(when.year, when.month, 1)
    return when


def check_entry(review: ReviewRow, entry: ChronologyEntry) -> tuple[ChronologyEntry, list[str]]:
    """The entry as it will be saved (trimmed, date normalised), and its themes; raises a
    ValidationError naming each problem."""
    p = Problems("This chronology entry")
    if not isinstance(entry.when, date):
        p.add("when", "Please give the date.")
    else:
        p.when("when", entry.when, "The date")
    p.text("what_happened", entry.what_happened, MAX_WHAT, "what happened", required=True)
    p.text("agency", entry.agency, MAX_AGENCY, "the agency")
    p.text("source", entry.source, MAX_SHORT, "the source record")
    p.text("source_agency", entry.source_agency, MAX_AGENCY, "the source agency")
    themes = check_themes(p, review, entry.theme_ids)
    p.raise_if_any()
    precision = DatePrecision(entry.precision)
    return (
        ChronologyEntry(
            when=normalised_date(entry.when, precision),
            what_happened=entry.what_happened.strip(),
            agency=" ".join(entry.agency.split()),
            source=entry.source.strip(),
            precision=precision,
            significant=bool(entry.significant),
            positive_practice=bool(entry.positive_practice),
            theme_ids=tuple(themes),
            source_agency=" ".join(entry.source_agency.split()),
        ),
        themes,
    )


def _as_stored(entry: ChronologyEntry) -> ChronologyEntry:
    """The entry with its date as it would be kept (to tell whether two saves wrote the same)."""
    try:
        precision = DatePrecision(entry.precision)
        return replace(entry, when=normalised_date(entry.when, precision))
    except (TypeError, ValueError, AttributeError):
        return entry


def apply_entry(row: ChronologyEntryRow, entry: ChronologyEntry) -> None:
    row.occurred_on = entry.when
    row.precision = entry.precision.value
    row.agency = entry.agency
    row.what_happened = entry.what_happened
    row.source = entry.source
    row.significant = entry.significant
    row.positive_practice = entry.positive_practice
    row.theme_ids = store_analysis.json_list(entry.theme_ids)
    row.source_agency = entry.source_agency


class ChronologyService(AnalysisService):
    """The lead's chronology (``Services.chronology``): its entries, their citations in
    contributors' answers, and importing an agency's chronology file."""

    # --- reading ------------------------------------------------------------------------------

    def entries(
        self,
        review_id: int,
        *,
        agency: str | None = None,
        theme_id: str | None = None,
        include_removed: bool = False,
    ) -> list[ChronologyEntry]:
        """The chronology in date order, optionally only one agency's entries (the agency that
        the entry is about, or the agency whose chronology it came from) or one theme's."""
        entries = self.analysis(review_id).chronology
        wanted = agency.strip().casefold() if agency else None
        return [
            e
            for e in entries
            if (include_removed or e.removed_on is None)
            and (wanted is None or wanted in (e.agency.casefold(), e.source_agency.casefold()))
            and (theme_id is None or theme_id in e.theme_ids)
        ]

    def agencies(self, review_id: int) -> list[str]:
        """Agencies named in the chronology and in the case record, for filters and pickers."""
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            named = [a.name for a in review.agencies]
            named += session.scalars(
                select(ChronologyEntryRow.agency)
                .where(ChronologyEntryRow.review_id == review_id)
                .distinct()
            ).all()
        seen: dict[str, str] = {}
        for name in named:
            if name.strip() and name.casefold() not in seen:
                seen[name.casefold()] = name
        return sorted(seen.values(), key=str.casefold)

    def get_entry(self, entry_id: int) -> ChronologyEntry:
        with self._store.read() as session:
            return store_analysis.entry_of(self._entry_row(session, entry_id))

    def cited_by(self, entry_id: int) -> list[str]:
        """What cites this entry, in words (empty when nothing does)."""
        with self._store.read() as session:
            row = self._entry_row(session, entry_id)
            return store_analysis.cited_entries(session, row.review_id).get(row.id, [])

    # --- writing ------------------------------------------------------------------------------

    def add_entry(self, review_id: int, entry: ChronologyEntry) -> ChronologyEntry:
        return self._save_entry(entry, review_id=review_id)

    def edit_entry(self, entry_id: int, entry: ChronologyEntry) -> ChronologyEntry:
        """Change an entry (the agency whose chronology it came from is kept unless given).

        When ``entry.version`` is set (the version the edit was made over, as read), an edit
        over an older version than the stored one overwrites nothing: both versions are kept in
        the entry's history (:meth:`entry_history`) and :class:`EditConflictError` carries an
        :class:`EditConflict` of kind 'entry', so the lead can choose (issue 22, point 5).
        Version 0 saves whatever is stored."""
        return self._save_entry(entry, item_id=entry_id)

    def entry_history(self, entry_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of an entry, oldest first: ``text`` what
        happened, ``detail`` the other parts as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, versioned.ENTRY.kind, entry_id)

    def _save_entry(self, entry: ChronologyEntry, **where: Unpack[Where]) -> ChronologyEntry:
        def apply(_session: Session, review: ReviewRow, row: ChronologyEntryRow) -> None:
            checked, _ = check_entry(review, entry)
            kept = checked.source_agency or row.source_agency or ""
            apply_entry(row, replace(checked, source_agency=kept))

        return self._save(
            ChronologyEntryRow,
            "chronology",
            "chronology entry",
            apply,
            lambda _s, _review, row: store_analysis.entry_of(row),
            noun="chronology entry",
            spec=versioned.ENTRY,
            yours=_as_stored(entry),
            **where,
        )

    def delete_entry(
        self, entry_id: int, *, confirm: bool = False, version: int = 0
    ) -> DeleteOutcome:
        """Delete an entry. One that is cited (by a finding, an episode or an answer) needs
        ``confirm=True`` and is then kept as removed; otherwise it is erased.

        ``version``: the one the lead was looking at. When someone else changed the entry
        since, nothing is deleted (:class:`EditConflictError`, saying who), so their change is
        not lost without the lead seeing it (0: not checked)."""
        with self._store.write() as session:
            row = self._current(session, ChronologyEntryRow, entry_id, "chronology entry", version)
            versioned.refuse_stale_delete(
                versioned.ENTRY, row, version, store_analysis.entry_of(row)
            )
            review = self._review(session, row.review_id)
            cited_by = store_analysis.cited_entries(session, review.id).get(row.id, [])
            self._refuse_if_cited("This chronology entry", cited_by, confirm)
            now = self._touch(review)
            item = f"chronology entry {row.id}"
            if cited_by:
                row.removed_at = now
                self._log(session, review, "chronology.removed", item=item)
                return DeleteOutcome(Deleted.REMOVED, tuple(cited_by))
            session.delete(row)
            self._log(session, review, "chronology.deleted", item=item)
            return DeleteOutcome(Deleted.DELETED)

    def restore_entry(self, entry_id: int) -> ChronologyEntry:
        with self._store.write() as session:
            row = self._entry_row(session, entry_id)
            review = self._review(session, row.review_id)
            if row.removed_at is None:
                raise ValidationError("That chronology entry has not been removed.")
            row.removed_at = None
            row.updated_at = self._touch(review)
            self._log(session, review, "chronology.restored", item=f"chronology entry {row.id}")
            return store_analysis.entry_of(row)

    # --- evidence in reflections --------------------------------------------------------------

    def review_of_contributor(self, contributor_id: int) -> int:
        with self._store.read() as session:
            return queries.get_contributor_row(session, contributor_id).review_id

    def has_entries(self, review_id: int) -> bool:
        """Whether the review's chronology has an entry (removed entries aside): one small query,
        for deciding whether to offer citations at all."""
        with self._store.read() as session:
            first = session.scalar(
                select(ChronologyEntryRow.id)
                .where(
                    ChronologyEntryRow.review_id == review_id,
                    ChronologyEntryRow.removed_at.is_(None),
                )
                .limit(1)
            )
            return first is not None

    def citations(self, contributor_id: int, prompt_id: str) -> list[ChronologyEntry]:
        """The chronology entries an answer cites, in date order (removed ones too, marked)."""
        return self.citations_of(contributor_id, [prompt_id])[prompt_id]

    def citations_of(
        self, contributor_id: int, prompt_ids: Sequence[str]
    ) -> dict[str, list[ChronologyEntry]]:
        """For each of ``prompt_ids``, the entries the contributor's answer cites, in date order,
        in one query (a theme page asks for all its prompts at once)."""
        cited: dict[str, list[ChronologyEntry]] = {p: [] for p in prompt_ids}
        with self._store.read() as session:
            rows = session.execute(
                select(CitationRow.prompt_id, ChronologyEntryRow)
                .join(ChronologyEntryRow, CitationRow.entry_id == ChronologyEntryRow.id)
                .where(
                    CitationRow.contributor_id == contributor_id,
                    CitationRow.prompt_id.in_(list(prompt_ids)),
                )
            ).all()
            for prompt_id, row in rows:
                cited[prompt_id].append(store_analysis.entry_of(row))
        return {p: sorted(entries, key=lambda e: e.sort_key) for p, entries in cited.items()}

    def set_citations(
        self, contributor_id: int, prompt_id: str, entry_ids: Sequence[int]
    ) -> list[ChronologyEntry]:
        """Make an answer cite exactly these chronology entries (of the same review)."""
        with self._store.write() as session:
            contributor = queries.get_contributor_row(session, contributor_id)
            review = self._review(session, contributor.review_id)
            if prompt_id not in queries.framework_of(review).prompt_ids:
                raise NotFoundError("That prompt is not part of this review's framework.")
            wanted = self._entries_of_review(session, review.id, entry_ids)
            session.execute(
                delete(CitationRow).where(
                    CitationRow.contributor_id == contributor_id,
                    CitationRow.prompt_id == prompt_id,
                )
            )
            for entry_id in wanted:
                session.add(
                    CitationRow(
                        contributor_id=contributor_id, prompt_id=prompt_id, entry_id=entry_id
                    )
                )
            self._touch(review)
            self._log(
                session,
                review,
                "citation.saved",
                contributor_id=contributor_id,
                prompt_id=prompt_id,
            )
        return self.citations(contributor_id, prompt_id)

    # --- helpers ------------------------------------------------------------------------------

    def _entry_row(self, session: Session, entry_id: int) -> ChronologyEntryRow:
        row = session.get(ChronologyEntryRow, entry_id)
        if row is None:
            raise NotFoundError("That chronology entry is no longer in the review.")
        return row

    def _entries_of_review(
        self, session: Session, review_id: int, entry_ids: Iterable[int]
    ) -> list[int]:
        wanted = list(dict.fromkeys(int(i) for i in entry_ids))
        if not wanted:
            return []
        found = set(
            session.scalars(
                select(ChronologyEntryRow.id).where(
                    ChronologyEntryRow.review_id == review_id,
                    ChronologyEntryRow.id.in_(wanted),
                )
            ).all()
        )
        if len(found) != len(wanted):
            raise NotFoundError(
                "One of the chronology entries chosen is not part of this review any more. "
                "Please choose again."
            )
        return wanted

    # --- importing an agency's chronology (the file is read by chronology_import.py) --------

    def preview(
        self,
        review_id: int,
        path: Path,
        agency: str,
        mapping: Sequence[Field] | None = None,
    ) -> ImportPreview:
        """What importing ``path`` would do: the mapping (guessed when None), each row read or
        the reason it cannot be, and likely duplicates. Nothing is written."""
        from reviewdesk.services.analysis.chronology_import import read_table

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
        from reviewdesk.services.analysis.chronology_import import read_table

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
                    f"{path.name} has {count(len(preview.problems), 'row')} that cannot be "
                    f"imported, so nothing has been imported. {lines}"
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
            who = edit_versions.who_saves(session, self._audit.actor)
            for r in chosen:
                assert r.entry is not None
                row = ChronologyEntryRow(
                    uid=new_uid(),
                    review_id=review.id,
                    import_id=batch.id,
                    created_at=now,
                    updated_at=now,
                    version=1,
                    updated_by=who,
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
            from reviewdesk.services.analysis.chronology_import import ImportResult

            return ImportResult(
                len(chosen), len(preview.importable) - len(chosen), batch.uid, batch.agency
            )

    def _preview(
        self,
        session: Session,
        review: ReviewRow,
        table: Table,
        agency: str,
        mapping: Sequence[Field] | None,
    ) -> ImportPreview:
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
        return replace(
            preview, notes=table.notes, skipped_blank=preview.skipped_blank + table.blank
        )
