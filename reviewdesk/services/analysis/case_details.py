"""The case record for analysis (issue 18, point 5): the incident and each child's categories,
special-category data. Read and saved here only; no document ReviewDesk prints reads it, the
exchange file carries it in a section marked as special-category data, and the dashboard counts
reviews by it (never showing who). Each save is one transaction and one audit entry that names
the review, never the values."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import TypedDict, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.casefile import (
    CHILD_FIELDS,
    DIMENSIONS,
    CaseDetails,
    ChildDetails,
    Disability,
    EducationStatus,
    Ethnicity,
    HarmType,
    IncidentKind,
    LegalStatus,
    Send,
    Sex,
    details_problems,
)
from reviewdesk.domain.dashboard import Figure, Period
from reviewdesk.domain.errors import EditConflictError, ValidationError
from reviewdesk.domain.review import EditRevision
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis import versioned
from reviewdesk.services.analysis.common import AnalysisService
from reviewdesk.services.dashboard import case_groups_in
from reviewdesk.store import notify, queries
from reviewdesk.store.tables import CaseDetailsRow, ChildDetailsRow, ReviewRow


class CaseDetailsService(AnalysisService):
    def details(self, review_id: int) -> CaseDetails:
        """The review's details: one entry for each child of the case record, in its order
        (blank where nothing is recorded), then any kept for a child the case record no longer
        names (so nothing typed is lost when a pseudonym changes)."""
        with self._store.read() as session:
            return details_of(session, queries.get_review_row(session, review_id))

    def all_details(self) -> dict[int, CaseDetails]:
        """Every review's details by review id (the dashboard counts them)."""
        with self._store.read() as session:
            reviews = session.scalars(select(ReviewRow)).all()
            return {r.id: details_of(session, r) for r in reviews}

    def figures(
        self, period: Period, dimension: str, where: tuple[str, str] | None = None
    ) -> tuple[Figure, ...]:
        """The period's reviews counted by one dimension of the case record for analysis (the
        incident, the harm type or a child's category), among those matching ``where``."""
        if dimension not in DIMENSIONS or (where is not None and where[0] not in DIMENSIONS):
            raise ValidationError("Please choose what to count by from the list.")
        with self._store.read() as session:
            groups = case_groups_in(session, period)
        return groups.figures(dimension, where)

    def save_details(
        self, review_id: int, details: CaseDetails, *, base: int | None = None
    ) -> CaseDetails:
        """Save the record. ``base``: the version it was written over, as read (0 when none was
        saved yet; None saves whatever is stored, as imports do). When someone else saved
        since, nothing is overwritten: both versions are kept in the history
        (:meth:`details_history`) and :class:`EditConflictError` carries an
        :class:`EditConflict` of kind 'case' (issue 22, point 5)."""
        details = normal(details)
        found = details_problems(details)
        if found:
            raise ValidationError(
                "The case record for analysis needs a little more before it can be saved: "
                + " ".join(dict.fromkeys(found.values())),
                found,
            )
        conflict = None
        with self._store.write() as session:
            review = self._review(session, review_id)
            who = edit_versions.who_saves(session, self._audit.actor)
            row = edit_versions.locked_or_added(
                session,
                select(CaseDetailsRow).where(CaseDetailsRow.review_id == review.id),
                lambda: CaseDetailsRow(review_id=review.id, version=0, updated_by=who),
            )
            stored = row.version or 0
            if base is not None and base != stored:
                conflict = versioned.conflict_over(
                    versioned.CASE,
                    session,
                    review.id,
                    review.id,
                    row,
                    details_of(session, review),
                    details,
                    base,
                    who,
                    self._clock(),
                )
                if conflict is None:  # they saved the very same
                    return details_of(session, review)
                self._log(session, review, "case_details.conflict")
            else:
                now = self._touch(review)
                row.incident = details.incident.value if details.incident else ""
                row.harm_type = details.harm_type.value if details.harm_type else ""
                row.updated_at = now
                row.version, row.updated_by = stored + 1, who
                for old in session.scalars(
                    select(ChildDetailsRow).where(ChildDetailsRow.review_id == review.id)
                ):
                    session.delete(old)
                session.flush()
                for child in details.children:
                    if child.is_empty:
                        continue
                    session.add(
                        ChildDetailsRow(
                            review_id=review.id,
                            pseudonym=child.pseudonym.strip(),
                            first_language=" ".join(child.first_language.split()),
                            **{
                                name: _stored(getattr(child, name))
                                for name, vocab in CHILD_FIELDS.items()
                                if vocab is not None
                            },
                        )
                    )
                self._log(session, review, "case_details.saved")
                session.flush()
                notify.changed(
                    session, review.id, "case", item=review.id, version=row.version, by=who
                )
                return details_of(session, review)
        raise EditConflictError(
            "Someone else changed the case record for analysis while you were editing it. "
            "Nothing has been overwritten: both versions are kept, and you can choose which to "
            "keep.",
            conflict,
        )

    def details_history(self, review_id: int) -> list[EditRevision]:
        """Both versions of each conflicting save of the case record for analysis, oldest
        first: ``text`` the record in words, ``detail`` its values as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, versioned.CASE.kind, review_id)


class _Choices(TypedDict):
    """A child's choices (the fields of CHILD_FIELDS with a vocabulary), as the domain's enums."""

    sex: Sex | None
    ethnicity: Ethnicity | None
    disability: Disability | None
    send: Send | None
    legal_status: LegalStatus | None
    education: EducationStatus | None


_E = TypeVar("_E", bound=StrEnum)


def _choices(source: ChildDetails | ChildDetailsRow) -> _Choices:
    """The child's choices in ``source`` as the domain's enums (blank: None); raises ValueError
    for a value not in its vocabulary."""

    def choice(vocab: type[_E], name: str) -> _E | None:
        value = getattr(source, name)
        return vocab(value) if value else None

    return _Choices(
        sex=choice(Sex, "sex"),
        ethnicity=choice(Ethnicity, "ethnicity"),
        disability=choice(Disability, "disability"),
        send=choice(Send, "send"),
        legal_status=choice(LegalStatus, "legal_status"),
        education=choice(EducationStatus, "education"),
    )


def _stored(value: StrEnum | None) -> str:
    """A choice as stored: its value, or "" for not recorded."""
    return value.value if value is not None else ""


def normal(details: CaseDetails) -> CaseDetails:
    """The same details with every choice as the domain's enums (callers may pass values)."""
    try:
        children = tuple(
            replace(c, pseudonym=c.pseudonym.strip(), **_choices(c)) for c in details.children
        )
        return CaseDetails(
            incident=IncidentKind(details.incident) if details.incident else None,
            harm_type=HarmType(details.harm_type) if details.harm_type else None,
            children=children,
        )
    except ValueError:
        raise ValidationError(
            "The case record for analysis has a choice ReviewDesk does not know. Please choose "
            "again from the lists."
        ) from None


def child_of(row: ChildDetailsRow) -> ChildDetails:
    return ChildDetails(pseudonym=row.pseudonym, first_language=row.first_language, **_choices(row))


def details_of(session: Session, review: ReviewRow) -> CaseDetails:
    row = session.get(CaseDetailsRow, review.id)
    stored = {
        r.pseudonym: child_of(r)
        for r in session.scalars(
            select(ChildDetailsRow)
            .where(ChildDetailsRow.review_id == review.id)
            .order_by(ChildDetailsRow.id)
        )
    }
    named = [c.pseudonym for c in review.children]
    children = [stored.get(p) or ChildDetails(p) for p in named]
    children += [c for p, c in stored.items() if p not in named]
    return CaseDetails(
        incident=IncidentKind(row.incident) if row is not None and row.incident else None,
        harm_type=HarmType(row.harm_type) if row is not None and row.harm_type else None,
        children=tuple(children),
        version=row.version if row is not None else 0,
    )
