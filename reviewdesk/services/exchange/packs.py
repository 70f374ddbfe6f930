"""Case packs: the review lead makes one for a named contributor; the practitioner opens it.

A pack holds the case record, the frozen framework (or the themes the lead chose), a chronology
excerpt, who it is for and their work so far within those themes. Opening it adds the review to
the practitioner's library with their own contributor space, which is "theirs" from then on
(see contributions.py for the way back).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from reviewdesk.domain.case_checks import MAX_NAME
from reviewdesk.domain.errors import (
    DuplicateReviewError,
    ExchangeFormatError,
    ValidationError,
)
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.packs import OpenedPack, PackSent
from reviewdesk.domain.passphrase import passphrase_problem
from reviewdesk.domain.review import ContributorWork
from reviewdesk.files import write_atomically
from reviewdesk.services import local_contributor
from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.document import (
    ExchangeService,
    add_review_row,
    contributor_row,
    document_to_dict,
)
from reviewdesk.services.exchange.pack_formats import (
    answer_dicts,
    assessment_dicts,
    chronology_dicts,
    pack_document,
    read_pack,
    space_digest,
    to_bytes,
)
from reviewdesk.services.reviews import ReviewService
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import (
    ChronologyEntryRow,
    ContributorRow,
    PackReceivedRow,
    PackSentRow,
    ReviewRow,
    utcnow,
)

_NOTHING = "Nothing has been changed."


def check_passphrase(passphrase: str | None) -> None:
    """None means "no encryption", chosen on purpose; anything else must be a usable passphrase."""
    if passphrase is not None:
        problem = passphrase_problem(passphrase)
        if problem:
            raise ValidationError(problem, {"passphrase": problem})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def choose_themes(framework: Framework, theme_ids: Sequence[str] | None) -> Framework:
    """The framework with only the chosen themes (in the framework's own order)."""
    if theme_ids is None:
        return framework
    wanted = {t.strip() for t in theme_ids if t.strip()}
    known = {t.id for t in framework.themes}
    unknown = sorted(wanted - known)
    if unknown:
        raise ValidationError(
            f"This review's framework has no theme called {', '.join(unknown)}. "
            f"Its themes are: {', '.join(t.id for t in framework.themes)}."
        )
    if not wanted:
        raise ValidationError("Please choose at least one theme for the pack.")
    return replace(framework, themes=tuple(t for t in framework.themes if t.id in wanted))


class PackService:
    def __init__(
        self,
        store: Store,
        reviews: ReviewService,
        exchange: ExchangeService,
        *,
        kdf: sealed.KdfParams | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._reviews = reviews
        self._exchange = exchange
        self._kdf = kdf
        self._clock = clock

    # --- the lead: send to a contributor ------------------------------------------------------

    def make_pack(
        self,
        review_id: int,
        name: str,
        output: Path,
        passphrase: str | None,
        *,
        role: str = "",
        agency: str = "",
        theme_ids: Sequence[str] | None = None,
        return_by: date | None = None,
    ) -> PackSent:
        """Write a case pack for the contributor called ``name`` (added to the review if new).
        ``return_by``: the date the contribution is asked back by (a clock in the Due view).

        ``passphrase=None`` writes it unencrypted: only when the lead has chosen that on purpose.
        """
        name, role, agency = name.strip(), role.strip(), agency.strip()
        if not name:
            raise ValidationError("Please give the contributor's name.", {"name": "Required."})
        if any(len(v) > MAX_NAME for v in (name, role, agency)):
            raise ValidationError(f"Name, role and agency can each be up to {MAX_NAME} characters.")
        check_passphrase(passphrase)
        doc = self._reviews.get(review_id)
        framework = choose_themes(doc.framework, theme_ids)
        work = _contributor_named(doc.contributors, name)
        person = (
            {
                "uid": work.contributor.uid,
                "name": work.contributor.name,
                "role": work.contributor.role,
                "agency": work.contributor.agency,
            }
            if work
            else {"uid": str(uuid.uuid4()), "name": name, "role": role, "agency": agency}
        )
        in_scope = framework.prompt_ids
        scope_themes = {t.id for t in framework.themes}
        answers = [a for a in (work.answers if work else ()) if a.prompt_id in in_scope]
        assessments = [a for a in (work.assessments if work else ()) if a.theme_id in scope_themes]
        review = document_to_dict(doc)["review"]
        review["archived_at"] = None
        with self._store.read() as session:
            chronology = chronology_dicts(
                session.scalars(
                    select(ChronologyEntryRow)
                    .where(ChronologyEntryRow.review_id == review_id)
                    .order_by(ChronologyEntryRow.occurred_on, ChronologyEntryRow.id)
                )
            )
        now = self._clock()
        pack_uid = str(uuid.uuid4())
        payload = pack_document(
            pack_uid=pack_uid,
            created_at=now,
            contributor=person,
            review=review,
            framework=framework,
            answers=answer_dicts(answers),
            assessments=assessment_dicts(assessments),
            chronology=chronology,
        )
        data = sealed.seal("pack", to_bytes(payload), passphrase, self._kdf)
        theme_ids_out = tuple(t.id for t in framework.themes)
        with self._store.write() as session:
            review_row = queries.get_review_row(session, review_id)
            if work:
                crow = queries.get_contributor_row(session, work.contributor.id)
            else:
                crow = ContributorRow(
                    uid=person["uid"],
                    review_id=review_row.id,
                    name=name,
                    role=role,
                    agency=agency,
                    created_at=now,
                )
                session.add(crow)
                session.flush()
            row = PackSentRow(
                uid=pack_uid,
                review_id=review_row.id,
                contributor_id=crow.id,
                theme_ids=json.dumps(list(theme_ids_out)),
                encrypted=passphrase is not None,
                file_sha256=sha256(data),
                space_sha256=space_digest(
                    answer_dicts(crow.answers), assessment_dicts(crow.assessments)
                ),
                created_at=now,
                return_by=return_by,
            )
            session.add(row)
            session.flush()
            write_atomically(
                output, data, overwrite=True
            )  # callers confirm; inside the transaction: no file, no record
            return pack_sent_of(row, crow)

    def packs_sent(self, review_id: int) -> list[PackSent]:
        with self._store.read() as session:
            queries.get_review_row(session, review_id)
            rows = session.scalars(
                select(PackSentRow)
                .where(PackSentRow.review_id == review_id)
                .order_by(PackSentRow.created_at, PackSentRow.id)
            ).all()
            return [pack_sent_of(r, r.contributor) for r in rows]

    # --- the practitioner: open a pack --------------------------------------------------------

    def open_sealed(
        self, sealed_file: sealed.SealedFile, passphrase: str | None, file_sha256: str
    ) -> OpenedPack:
        """Add the pack's review to this library, with the contributor it names as "me"."""
        incoming = read_pack(sealed.unseal(sealed_file, passphrase))
        self._exchange.before_import()
        now = self._clock()
        with self._store.write() as session:
            if session.scalars(
                select(PackReceivedRow.id).where(PackReceivedRow.uid == incoming.pack_uid)
            ).first():
                raise ExchangeFormatError(
                    f"This case pack has already been opened in this library. {_NOTHING}"
                )
            if session.scalars(
                select(ReviewRow.id).where(ReviewRow.uid == incoming.review.uid)
            ).first():
                raise DuplicateReviewError(
                    f"The review {incoming.review.record.reference} is already in this library "
                    "(perhaps from an earlier pack, or this is the library that made the pack). "
                    + _NOTHING
                )
            try:
                review = add_review_row(session, incoming.review, incoming.framework)
            except DuplicateReviewError as exc:
                raise DuplicateReviewError(f"{exc} {_NOTHING}") from None
            review.archived_at = None
            person = incoming.contributor
            if session.scalars(
                select(ContributorRow.id).where(ContributorRow.uid == person["uid"])
            ).first():
                raise ExchangeFormatError(
                    f"The person this pack is for is already in this library. {_NOTHING}"
                )
            for entry in incoming.chronology:  # so her answers can cite the lead's entries
                session.add(ChronologyEntryRow(review_id=review.id, created_at=now, **entry))
            crow = contributor_row(review.id, person, incoming.answers, incoming.assessments, now)
            session.add(crow)
            session.flush()
            local_contributor.bind(session, review, crow)  # what she writes goes back to the lead
            session.add(
                PackReceivedRow(
                    uid=incoming.pack_uid,
                    review_id=review.id,
                    contributor_id=crow.id,
                    encrypted=sealed_file.encrypted,
                    file_sha256=file_sha256,
                    made_at=incoming.made_at,
                    opened_at=now,
                )
            )
            session.flush()
            return OpenedPack(
                pack_uid=incoming.pack_uid,
                review=queries.review_summary(session, review),
                contributor=queries.contributor_of(crow),
                theme_ids=tuple(t.id for t in incoming.framework.themes),
                made_at=incoming.made_at,
            )


def _contributor_named(works: Sequence[ContributorWork], name: str) -> ContributorWork | None:
    same = [w for w in works if w.contributor.name.casefold() == name.casefold()]
    if len(same) > 1:
        raise ValidationError(
            f"Two contributors in this review are called {name}. Please give one of them a "
            "fuller name first, so the pack goes to the right person."
        )
    return same[0] if same else None


def pack_sent_of(row: PackSentRow, contributor: ContributorRow) -> PackSent:
    return PackSent(
        id=row.id,
        uid=row.uid,
        review_id=row.review_id,
        contributor=queries.contributor_of(contributor),
        theme_ids=tuple(json.loads(row.theme_ids)),
        encrypted=row.encrypted,
        created_at=row.created_at,
        file_sha256=row.file_sha256,
        return_by=row.return_by,
    )
