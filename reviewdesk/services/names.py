"""A review's name key: real names and the pseudonyms or roles that replace them in documents.

The key is kept in this library only. Every document (PDF, briefing, Word) is made from a copy of
the review with the key applied (reviewdesk/services/exports.py); no export, JSON exchange file or
case pack holds the key itself. The audit trail records that the key changed, never the names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.errors import NotFoundError, ValidationError
from reviewdesk.domain.normalise import normalise
from reviewdesk.domain.pseudonyms import NameMapping, find_names
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.reviews import live
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import NameKeyRow, utcnow

MAX_REAL_NAME, MAX_PSEUDONYM = 200, 120


@dataclass(frozen=True, slots=True)
class NameKeyEntry:
    id: int
    real_name: str
    pseudonym: str

    @property
    def mapping(self) -> NameMapping:
        return NameMapping(self.real_name, self.pseudonym)


def _same(a: str, b: str) -> bool:
    return " ".join(normalise(a).casefold().split()) == " ".join(normalise(b).casefold().split())


def mappings_in(session: Session, review_id: int) -> tuple[NameMapping, ...]:
    """The key as the export service applies it, read in the caller's transaction."""
    rows = session.scalars(
        select(NameKeyRow).where(NameKeyRow.review_id == review_id).order_by(NameKeyRow.id)
    )
    return tuple(NameMapping(r.real_name, r.pseudonym) for r in rows)


def parse_entry(text: str) -> tuple[str, str]:
    """ "REAL=PSEUDONYM" as typed on the command line."""
    real, sep, pseudonym = text.partition("=")
    if not sep or not real.strip() or not pseudonym.strip():
        raise ValidationError(
            f"Please write the name and its pseudonym as REAL=PSEUDONYM (for example "
            f'"Jo Bloggs=Mother"), not "{text[:60]}".'
        )
    return real.strip(), pseudonym.strip()


class NameKeyService:
    def __init__(
        self,
        store: Store,
        audit: AuditService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock

    def entries(self, review_id: int) -> tuple[NameKeyEntry, ...]:
        """The key, longest real names first (the order they are replaced in)."""
        with self._store.read() as session:
            queries.get_review_row(session, review_id)
            rows = session.scalars(select(NameKeyRow).where(NameKeyRow.review_id == review_id))
            found = [NameKeyEntry(r.id, r.real_name, r.pseudonym) for r in rows]
        return tuple(sorted(found, key=lambda e: (-len(e.real_name), e.real_name.casefold())))

    def mappings(self, review_id: int) -> tuple[NameMapping, ...]:
        return tuple(e.mapping for e in self.entries(review_id))

    def add(self, review_id: int, real_name: str, pseudonym: str) -> NameKeyEntry:
        """Add an entry, or change the pseudonym of a name already in the key."""
        # As a reader reads them: a soft hyphen or zero-width space pasted in with the name is
        # not part of it (matching ignores them anyway; the key shows what will be matched).
        real = " ".join(normalise(real_name).split())
        pseudo = " ".join(normalise(pseudonym).split())
        if not real or not pseudo:
            raise ValidationError(
                "Please give both the real name and the pseudonym or role that replaces it.",
                {"real_name" if not real else "pseudonym": "Required."},
            )
        if len(real) > MAX_REAL_NAME or len(pseudo) > MAX_PSEUDONYM:
            raise ValidationError(
                f"A name can be up to {MAX_REAL_NAME} characters and a pseudonym up to "
                f"{MAX_PSEUDONYM}."
            )
        if _same(real, pseudo):
            raise ValidationError("The pseudonym must be different from the real name.")
        if find_names(pseudo, [NameMapping(real, pseudo)]):
            raise ValidationError(
                "The pseudonym must not contain the real name, or the name would still be in "
                "every document. Please choose a role or a pseudonym without it."
            )
        with self._store.write() as session:
            review = live(queries.get_review_row(session, review_id))
            rows = session.scalars(select(NameKeyRow).where(NameKeyRow.review_id == review_id))
            row = next((r for r in rows if _same(r.real_name, real)), None)
            action = "name_key.changed"
            if row is None:
                row = NameKeyRow(
                    review_id=review_id, real_name=real, pseudonym=pseudo, created_at=self._clock()
                )
                session.add(row)
                action = "name_key.added"
            else:
                row.real_name, row.pseudonym = real, pseudo
            session.flush()
            # Never the names themselves: only that the key changed, and which entry.
            self._audit.record(session, action, review_what(review, entry_id=row.id))
            return NameKeyEntry(row.id, row.real_name, row.pseudonym)

    def remove(self, review_id: int, real_name: str) -> None:
        with self._store.write() as session:
            review = live(queries.get_review_row(session, review_id))
            rows = session.scalars(select(NameKeyRow).where(NameKeyRow.review_id == review_id))
            row = next((r for r in rows if _same(r.real_name, real_name)), None)
            if row is None:
                raise NotFoundError(
                    "That name is not in this review's name key. 'reviewdesk names REF --list' "
                    "shows the key."
                )
            entry_id = row.id
            session.delete(row)
            session.flush()
            self._audit.record(session, "name_key.removed", review_what(review, entry_id=entry_id))
