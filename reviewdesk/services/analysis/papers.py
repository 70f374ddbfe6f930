"""Review papers (issue 18, point 4): terms of reference and key lines of enquiry, the family
involvement log, parallel processes, and an action's dated impact log. Each change is one
transaction and one audit entry (by id, never the words). The rules are in
reviewdesk/domain/papers.py and reviewdesk/domain/analysis.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import MAX_WHAT, Action, ImpactEntry, ImpactKind
from reviewdesk.domain.errors import EditConflictError, NotFoundError, ValidationError
from reviewdesk.domain.papers import (
    FamilyContribution,
    FamilyWay,
    ParallelProcess,
    ProcessKind,
    TermsOfReference,
    family_problems,
    process_problems,
    terms_problems,
)
from reviewdesk.domain.review import EditRevision
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis import versioned
from reviewdesk.services.analysis.common import (
    EARLIEST,
    LATEST,
    AnalysisService,
    Deleted,
    DeleteOutcome,
    Where,
    new_uid,
)
from reviewdesk.store import notify, queries
from reviewdesk.store.analysis import ids_of, impact_of, json_list
from reviewdesk.store.tables import (
    ActionRow,
    FamilyRow,
    ImpactRow,
    ParallelProcessRow,
    ReviewRow,
    TermsRow,
)


def _refuse(what: str, found: dict[str, str]) -> None:
    if found:
        raise ValidationError(
            f"{what} needs a little more before it can be saved: "
            + " ".join(dict.fromkeys(found.values())),
            found,
        )


class PapersService(AnalysisService):
    # --- terms of reference -------------------------------------------------------------------

    def terms(self, review_id: int) -> TermsOfReference:
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            row = session.get(TermsRow, review.id)
            return terms_of(row)

    def save_terms(
        self, review_id: int, terms: TermsOfReference, *, base: int | None = None
    ) -> TermsOfReference:
        """Save the terms of reference. ``base``: the version they were written over, as read
        (0 when there were none yet; None saves whatever is stored, as imports do). When
        someone else saved since, nothing is overwritten: both versions are kept in the
        history (:meth:`terms_history`) and :class:`EditConflictError` carries an
        :class:`EditConflict` of kind 'terms' (issue 22, point 5)."""
        lines = tuple(" ".join(x.split()) for x in terms.lines_of_enquiry if x.strip())
        terms = replace(terms, terms=terms.terms.strip(), lines_of_enquiry=lines)
        _refuse("The terms of reference", terms_problems(terms))
        conflict = None
        with self._store.write() as session:
            review = self._review(session, review_id)
            who = edit_versions.who_saves(session, self._audit.actor)
            row = edit_versions.locked_or_added(
                session,
                select(TermsRow).where(TermsRow.review_id == review.id),
                lambda: TermsRow(review_id=review.id, version=0, updated_by=who),
            )
            stored = row.version or 0
            if base is not None and base != stored:
                conflict = versioned.conflict_over(
                    versioned.TERMS,
                    session,
                    review.id,
                    review.id,
                    row,
                    terms_of(row),
                    terms,
                    base,
                    who,
                    self._clock(),
                )
                if conflict is None:  # they saved the very same
                    return terms_of(row)
                self._log(session, review, "terms.conflict")
            else:
                now = self._touch(review)
                row.terms = terms.terms
                row.lines_of_enquiry = json_list(list(terms.lines_of_enquiry))
                row.agreed_on = terms.agreed_on
                row.updated_at = now
                row.version, row.updated_by = stored + 1, who
                session.flush()
                self._log(session, review, "terms.saved")
                notify.changed(
                    session, review.id, "terms", item=review.id, version=row.version, by=who
                )
                return terms_of(row)
        raise EditConflictError(
            "Someone else changed the terms of reference while you were editing them. Nothing "
            "has been overwritten: both versions are kept, and you can choose what to keep.",
            conflict,
        )

    def terms_history(self, review_id: int) -> list[EditRevision]:
        """Both versions of each conflicting save of the terms, oldest first: ``text`` the
        terms, ``detail`` the lines of enquiry and the date agreed, as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, versioned.TERMS.kind, review_id)

    # --- the family involvement log -----------------------------------------------------------

    def family(self, review_id: int) -> list[FamilyContribution]:
        """The log in the order people were invited (those not invited last)."""
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            rows = session.scalars(select(FamilyRow).where(FamilyRow.review_id == review.id))
            return sorted(
                (family_of(r) for r in rows), key=lambda f: (f.invited_on or date.max, f.id)
            )

    def add_family(self, review_id: int, entry: FamilyContribution) -> FamilyContribution:
        return self._save_family(entry, review_id=review_id)

    def edit_family(self, entry_id: int, entry: FamilyContribution) -> FamilyContribution:
        return self._save_family(entry, item_id=entry_id)

    def delete_family(self, entry_id: int, *, version: int = 0) -> DeleteOutcome:
        """Delete an entry; ``version`` as for :meth:`delete_process`."""
        return self._delete(FamilyRow, entry_id, versioned.FAMILY, version, family_of)

    def family_history(self, entry_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of an entry of the family involvement log,
        oldest first: ``text`` their views, ``detail`` the other parts as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, versioned.FAMILY.kind, entry_id)

    def _save_family(self, entry: FamilyContribution, **where: Unpack[Where]) -> FamilyContribution:
        """Add or change an entry. An edit with ``entry.version`` set (the version it was made
        over) and older than the stored one overwrites nothing: both are kept in the history
        and :class:`EditConflictError` carries the conflict (kind 'family')."""
        return self._save(
            FamilyRow,
            "family",
            "family involvement entry",
            lambda _s, _review, row: _apply_family(row, entry),
            lambda _s, _review, row: family_of(row),
            spec=versioned.FAMILY,
            yours=entry,
            **where,
        )

    # --- parallel processes -------------------------------------------------------------------

    def processes(self, review_id: int) -> list[ParallelProcess]:
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            rows = session.scalars(
                select(ParallelProcessRow).where(ParallelProcessRow.review_id == review.id)
            )
            return sorted(
                (process_of(r) for r in rows), key=lambda p: (p.started_on or date.max, p.id)
            )

    def add_process(self, review_id: int, process: ParallelProcess) -> ParallelProcess:
        return self._save_process(process, review_id=review_id)

    def edit_process(self, process_id: int, process: ParallelProcess) -> ParallelProcess:
        return self._save_process(process, item_id=process_id)

    def delete_process(self, process_id: int, *, version: int = 0) -> DeleteOutcome:
        """Delete a process. ``version``: the one the lead was looking at; when someone else
        changed it since, nothing is deleted (:class:`EditConflictError`, saying who; 0: not
        checked)."""
        return self._delete(ParallelProcessRow, process_id, versioned.PROCESS, version, process_of)

    def process_history(self, process_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of a parallel process, oldest first: ``text``
        its notes, ``detail`` the other parts as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, versioned.PROCESS.kind, process_id)

    def _save_process(self, process: ParallelProcess, **where: Unpack[Where]) -> ParallelProcess:
        """As :meth:`_save_family`, for a parallel process (kind 'process')."""
        return self._save(
            ParallelProcessRow,
            "process",
            "parallel process",
            lambda _s, _review, row: _apply_process(row, process),
            lambda _s, _review, row: process_of(row),
            spec=versioned.PROCESS,
            yours=process,
            **where,
        )

    # --- an action's impact log ---------------------------------------------------------------

    def impact_log(self, action_id: int) -> list[ImpactEntry]:
        with self._store.read() as session:
            row = self._get(session, ActionRow, action_id, "action")
            return [impact_of(i) for i in row.impacts]

    def add_impact(self, action_id: int, entry: ImpactEntry) -> ImpactEntry:
        with self._store.write() as session:
            action = self._get(session, ActionRow, action_id, "action")
            review = self._review(session, action.review_id)
            now = self._touch(review)
            who = edit_versions.who_saves(session, self._audit.actor)
            row = ImpactRow(
                uid=new_uid(),
                action_id=action.id,
                created_at=now,
                updated_at=now,
                version=1,
                updated_by=who,
            )
            _apply_impact(row, entry)
            session.add(row)
            action.updated_at = now
            session.flush()
            self._log(session, review, "impact.added", item=f"action {action.id}")
            notify.changed(session, review.id, "impact", item=row.id, version=1, by=who)
            return impact_of(row)

    def edit_impact(self, impact_id: int, entry: ImpactEntry) -> ImpactEntry:
        """Change an entry of an action's impact log. With ``entry.version`` set (the version
        it was made over), an edit over an older version than the stored one overwrites
        nothing: both are kept in the history (:meth:`impact_history`) and
        :class:`EditConflictError` carries the conflict (kind 'impact'; issue 22, point 5)."""
        base = entry.version or None
        conflict = None
        with self._store.write() as session:
            query = select(ImpactRow).where(ImpactRow.id == impact_id)
            row = edit_versions.locked(session, query) if base else session.scalar(query)
            if row is None:
                raise NotFoundError("That piece of impact evidence is no longer in the review.")
            action = self._get(session, ActionRow, row.action_id, "action")
            review = self._review(session, action.review_id)
            who = edit_versions.who_saves(session, self._audit.actor)
            if base is not None and edit_versions.is_stale(base, row):
                conflict = versioned.conflict_over(
                    versioned.IMPACT,
                    session,
                    review.id,
                    row.id,
                    row,
                    impact_of(row),
                    entry,
                    base,
                    who,
                    self._clock(),
                )
                if conflict is None:  # they saved the very same
                    return impact_of(row)
                self._log(session, review, "impact.conflict", item=f"action {action.id}")
            else:
                _apply_impact(row, entry)
                row.updated_at = self._touch(review)
                row.version, row.updated_by = row.version + 1, who
                session.flush()
                self._log(session, review, "impact.edited", item=f"action {action.id}")
                notify.changed(
                    session, review.id, "impact", item=row.id, version=row.version, by=who
                )
                return impact_of(row)
        raise EditConflictError(
            "Someone else changed this evidence of impact while you were editing it. Nothing "
            "has been overwritten: both versions are kept, and you can choose what to keep.",
            conflict,
        )

    def impact_history(self, impact_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of an entry of an impact log, oldest first:
        ``text`` the evidence, ``detail`` the date and where it came from, as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, versioned.IMPACT.kind, impact_id)

    def delete_impact(self, impact_id: int, *, version: int = 0) -> DeleteOutcome:
        """Delete an entry of an impact log; ``version`` as for :meth:`delete_process`."""
        with self._store.write() as session:
            row = self._current(session, ImpactRow, impact_id, "piece of impact evidence", version)
            versioned.refuse_stale_delete(versioned.IMPACT, row, version, impact_of(row))
            action = self._get(session, ActionRow, row.action_id, "action")
            review = self._review(session, action.review_id)
            self._touch(review)
            session.delete(row)
            self._log(session, review, "impact.deleted", item=f"action {action.id}")
            return DeleteOutcome(Deleted.DELETED)

    def closed_without_impact(self, review_id: int) -> list[Action]:
        """Actions marked complete with no evidence of impact (the lead is shown these)."""
        return [a for a in self.analysis(review_id).actions if a.closed_without_impact]

    # --- shared -------------------------------------------------------------------------------

    def _delete(
        self,
        model: type,
        item_id: int,
        spec: versioned.Spec,
        version: int,
        read: Callable[[Any], Any],
    ) -> DeleteOutcome:
        kind = spec.kind
        with self._store.write() as session:
            row = self._current(session, model, item_id, spec.noun, version)
            versioned.refuse_stale_delete(spec, row, version, read(row))
            review: ReviewRow = self._review(session, row.review_id)
            self._touch(review)
            session.delete(row)
            self._log(session, review, f"{kind}.deleted", item=f"{kind} {item_id}")
            return DeleteOutcome(Deleted.DELETED)


def _in_range(found: dict[str, str], *days: tuple[str, date | None]) -> None:
    for field, day in days:
        if day is not None and not EARLIEST <= day <= LATEST:
            found.setdefault(field, "Dates should be between 1900 and 2100.")


def _apply_family(row: FamilyRow, f: FamilyContribution) -> None:
    try:
        f = replace(f, how=FamilyWay(f.how or ""))
    except ValueError:
        raise ValidationError("Please choose how they took part from the list.") from None
    _refuse("This entry", family_problems(f))
    row.person = " ".join(f.person.split())
    row.invited_on, row.how, row.contributed_on = f.invited_on, f.how.value, f.contributed_on
    row.views, row.notes = f.views.strip(), f.notes.strip()


def _apply_process(row: ParallelProcessRow, p: ParallelProcess) -> None:
    try:
        p = replace(p, kind=ProcessKind(p.kind))
    except ValueError:
        raise ValidationError("Please choose what kind of process this is.") from None
    _refuse("This process", process_problems(p))
    row.kind, row.led_by = p.kind.value, " ".join(p.led_by.split())
    row.started_on, row.next_on, row.concluded_on = p.started_on, p.next_on, p.concluded_on
    row.next_what, row.notes = " ".join(p.next_what.split()), p.notes.strip()


def _apply_impact(row: ImpactRow, entry: ImpactEntry) -> None:
    found: dict[str, str] = {}
    try:
        kind = ImpactKind(entry.kind)
    except ValueError:
        found["kind"] = "Please choose where the evidence came from."
        kind = ImpactKind.OTHER
    if entry.recorded_on is None:
        found["recorded_on"] = "Please give the date the evidence was found."
    _in_range(found, ("recorded_on", entry.recorded_on))
    if not entry.evidence.strip():
        found["evidence"] = "Please write what was found."
    elif len(entry.evidence) > MAX_WHAT:
        found["evidence"] = f"The evidence can be up to {MAX_WHAT:,} characters."
    _refuse("This evidence of impact", found)
    row.recorded_on, row.kind, row.evidence = entry.recorded_on, kind.value, entry.evidence.strip()


def terms_of(row: TermsRow | None) -> TermsOfReference:
    if row is None:
        return TermsOfReference()
    return TermsOfReference(
        terms=row.terms,
        lines_of_enquiry=ids_of(row.lines_of_enquiry),
        agreed_on=row.agreed_on,
        version=row.version,
    )


def family_of(row: FamilyRow) -> FamilyContribution:
    return FamilyContribution(
        person=row.person,
        invited_on=row.invited_on,
        how=FamilyWay(row.how),
        contributed_on=row.contributed_on,
        views=row.views,
        notes=row.notes,
        id=row.id,
        uid=row.uid,
        version=row.version,
    )


def process_of(row: ParallelProcessRow) -> ParallelProcess:
    return ParallelProcess(
        kind=ProcessKind(row.kind),
        led_by=row.led_by,
        started_on=row.started_on,
        next_on=row.next_on,
        next_what=row.next_what,
        concluded_on=row.concluded_on,
        notes=row.notes,
        id=row.id,
        uid=row.uid,
        version=row.version,
    )


def papers_in(
    session: Session, review_id: int
) -> tuple[TermsOfReference, tuple[FamilyContribution, ...], tuple[ParallelProcess, ...]]:
    """A review's papers in the caller's transaction, in the order the lead's pages show them
    (the learning summary prints them)."""
    terms = terms_of(session.get(TermsRow, review_id))
    family = sorted(
        (
            family_of(r)
            for r in session.scalars(select(FamilyRow).where(FamilyRow.review_id == review_id))
        ),
        key=lambda f: (f.invited_on or date.max, f.id),
    )
    processes = sorted(
        (
            process_of(r)
            for r in session.scalars(
                select(ParallelProcessRow).where(ParallelProcessRow.review_id == review_id)
            )
        ),
        key=lambda p: (p.started_on or date.max, p.id),
    )
    return terms, tuple(family), tuple(processes)
