"""The JSON exchange format, version 1: one document per review (see docs/formats.md).

Export writes everything about a review except private notes. Import is strict and all-or-nothing:
the whole document is read and checked first, then written in one transaction, so a bad file
changes nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk import __version__
from reviewdesk.domain.errors import ExchangeFormatError, ReviewDeskError
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.review import KeyDates, ReviewDocument, ReviewSummary
from reviewdesk.files import write_atomically
from reviewdesk.resources import demo_file
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.exchange.analysis import (
    analysis_sections,
    read_analysis,
    refuse_taken,
    write_analysis,
)
from reviewdesk.services.exchange.demo_analysis import demo_sections
from reviewdesk.services.exchange.demo_dates import demo_today, shifted
from reviewdesk.services.exchange.reading import (
    MAX_FILE_BYTES,
    IncomingReview,
    StrictReader,
    iso_text,
    parse_json_bytes,
    read_answers,
    read_assessments,
    read_framework,
    read_person,
    read_review,
)
from reviewdesk.services.exchange.schema import check_document
from reviewdesk.services.frameworks import default_framework
from reviewdesk.services.reviews import (
    ReviewService,
    apply_record,
    refuse_duplicate,
    refuse_hidden_duplicate,
)
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import (
    AnswerRow,
    AssessmentRow,
    ContributorRow,
    ReviewRow,
    utcnow,
)

__all__ = ["MAX_FILE_BYTES", "ExchangeService", "parse_json_bytes", "read_file_bytes"]

FORMAT = "reviewdesk-review"
FORMAT_VERSION = 1
DEMO_FORMAT = "reviewdesk-demo"


# --- export -------------------------------------------------------------------------------------


_iso = iso_text


def document_to_dict(
    doc: ReviewDocument,
    archived_at: datetime | None = None,
    analysis: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The exchange document; ``analysis`` holds the lead's sections (analysis.py),
    written only when the review has some."""
    record = doc.record
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _iso(utcnow()),
        "exported_by": f"ReviewDesk {__version__}",
        "review": {
            "uid": doc.uid,
            "reference": record.reference,
            "title": record.title,
            "review_type": record.review_type.value,
            "status": record.status.value,
            "dates": {name: _iso(getattr(record.dates, name)) for name in KeyDates.FIELDS},
            "scope": {"start": _iso(record.scope_start), "end": _iso(record.scope_end)},
            "lead": record.lead,
            "children": [{"pseudonym": c.pseudonym, "age": c.age} for c in record.children],
            "household": [{"role": h.role, "description": h.description} for h in record.household],
            "agencies": list(record.agencies),
            "archived_at": _iso(archived_at),
            "created_at": _iso(doc.created_at),
            "updated_at": _iso(doc.updated_at),
        },
        "framework": doc.framework.to_dict(),
        "contributors": [
            {
                "uid": work.contributor.uid,
                "name": work.contributor.name,
                "role": work.contributor.role,
                "agency": work.contributor.agency,
                "answers": [
                    {
                        "prompt_id": a.prompt_id,
                        "text": a.text,
                        "evidence": a.evidence,
                        "updated_at": _iso(a.updated_at),
                    }
                    for a in work.answers
                ],
                "assessments": [
                    {
                        "theme_id": a.theme_id,
                        "relevance": a.relevance.value if a.relevance else None,
                        "key_learning": a.key_learning,
                        "updated_at": _iso(a.updated_at),
                    }
                    for a in work.assessments
                ],
            }
            for work in doc.contributors
        ],
        **(analysis or {}),
    }


def read_file_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file offered for import, never read past ``limit`` (one byte more, to tell)."""
    try:
        with path.open("rb") as fh:
            return fh.read(limit + 1)  # never read more than the limit into memory
    except FileNotFoundError:
        raise ReviewDeskError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise ReviewDeskError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise ReviewDeskError(f"The file {path} could not be read: {exc.strerror}.") from None


def add_review_row(session: Session, review: IncomingReview, framework: Framework) -> ReviewRow:
    """Add a checked review (case record and frozen framework) to the open transaction."""
    refuse_duplicate(session, review.record.reference, review.uid)
    row = ReviewRow(
        uid=review.uid,
        framework_id=framework.id,
        framework_version=framework.version,
        framework_json=json.dumps(framework.to_dict(), ensure_ascii=False),
        prompt_count=framework.prompt_count,
        archived_at=review.archived_at,
        created_at=review.created_at,
        updated_at=review.updated_at,
    )
    apply_record(row, review.record)
    session.add(row)
    session.flush()
    return row


def contributor_row(
    review_id: int,
    person: dict[str, Any],
    answers: list[dict[str, Any]],
    assessments: list[dict[str, Any]],
    created_at: datetime,
) -> ContributorRow:
    """A checked contributor (``uid``, ``name``, ``role``, ``agency``) with their work."""
    row = ContributorRow(
        uid=person["uid"],
        review_id=review_id,
        name=person["name"],
        role=person["role"],
        agency=person["agency"],
        created_at=created_at,
    )
    row.answers = [AnswerRow(**a) for a in answers]
    row.assessments = [AssessmentRow(**a) for a in assessments]
    return row


# --- import ----------------------------------------------------------------------------------


class _Incoming:
    """A fully checked document, ready to write."""

    def __init__(self, data: Any) -> None:
        r = StrictReader()
        top = check_document(data, FORMAT)  # the shape: the schema's; below, what it cannot say
        self.framework: Framework = read_framework(r, top["framework"])
        self.review = read_review(r, top["review"])
        self.uid, self.record = self.review.uid, self.review.record
        self.archived_at = self.review.archived_at
        self.created_at, self.updated_at = self.review.created_at, self.review.updated_at

        prompt_ids = self.framework.prompt_ids
        theme_ids = {t.id for t in self.framework.themes}
        self.contributors: list[dict[str, Any]] = []
        seen_uids = set()
        for i, c in enumerate(top["contributors"]):
            where = f"contributors[{i}]"
            if c["uid"] in seen_uids:
                raise r.fail(f"{where}.uid", "is used by two contributors")
            seen_uids.add(c["uid"])
            self.contributors.append(
                {
                    **read_person(r, c, where),
                    "answers": read_answers(r, c["answers"], f"{where}.answers", prompt_ids),
                    "assessments": read_assessments(
                        r, c["assessments"], f"{where}.assessments", theme_ids
                    ),
                }
            )
        self.analysis = read_analysis(r, top, self.framework, seen_uids)


# --- the service --------------------------------------------------------------------------------


class ExchangeService:
    def __init__(
        self,
        store: Store,
        reviews: ReviewService,
        *,
        audit: AuditService | None = None,
        before_import: Callable[[], object] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._store = store
        self._reviews = reviews
        self._today = today  # the demo review is dated for it (services/exchange/demo_dates.py)
        self._audit = audit or AuditService(store)
        # The composition root points this at BackupService.before_import.
        self._before_import = before_import

    @property
    def audit(self) -> AuditService:
        return self._audit

    def before_import(self) -> None:
        """Called once a file has passed every check, just before anything is written (JSON
        import, opening a pack, merging a contribution): takes a verified backup."""
        if self._before_import is not None:
            self._before_import()

    def export_dict(self, review_id: int) -> dict[str, Any]:
        with self._store.read() as session:
            doc = queries.review_document(session, review_id)
            archived_at = queries.get_review_row(session, review_id).archived_at
            analysis = analysis_sections(session, review_id)
        return document_to_dict(doc, archived_at, analysis)

    def export_json_bytes(self, review_id: int) -> bytes:
        """The review as a JSON document, carrying the audit trail's latest chain hash."""
        document = self.export_dict(review_id)
        document["audit_chain_hash"] = self._audit.latest_chain_hash()
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def export_json(self, review_id: int, output: Path, *, overwrite: bool = True) -> Path:
        """Write the review as a JSON file (atomically; ``overwrite=False`` refuses to replace)."""
        data = self.export_json_bytes(review_id)
        write_atomically(output, data, overwrite=overwrite)
        self._audit.record_export(review_id, "json", data=data)
        return output

    def import_file(self, path: Path) -> ReviewSummary:
        return self.import_document(parse_json_bytes(read_file_bytes(path)))

    def import_document(self, data: Any, *, source: str = "file") -> ReviewSummary:
        """Check the whole document, back the library up, then write the document in one
        transaction (or not at all)."""
        return self.import_documents([data], source=source)[0]

    def import_documents(
        self, documents: list[Any], *, source: str = "file"
    ) -> list[ReviewSummary]:
        """Several reviews in ONE transaction: every document is checked first, and a clash
        with any review already there (or between them) refuses the lot, changing nothing
        (moving a library to a server, issue 22)."""
        incoming = [_Incoming(data) for data in documents]
        seen: set[str] = set()
        for one in incoming:
            reference = one.record.reference.strip().casefold()
            if reference in seen:
                raise ExchangeFormatError(
                    f"Two of these reviews have the reference '{one.record.reference}'. "
                    "Nothing has been changed."
                )
            seen.add(reference)
        self.before_import()
        with self._store.write() as session:
            for one in incoming:
                refuse_duplicate(session, one.record.reference, one.uid)
                refuse_hidden_duplicate(session, one.record.reference, one.uid)
            return [self._write_incoming(session, one, source) for one in incoming]

    def _write_incoming(self, session: Session, incoming: _Incoming, source: str) -> ReviewSummary:
        taken = session.scalars(
            select(ContributorRow.uid).where(
                ContributorRow.uid.in_([c["uid"] for c in incoming.contributors])
            )
        ).first()
        if taken:
            raise ExchangeFormatError(
                "This file's contributors are already in this library under another review. "
                "Nothing has been changed."
            )
        refuse_taken(session, incoming.analysis)
        row = add_review_row(session, incoming.review, incoming.framework)
        people = {}
        for c in incoming.contributors:
            crow = contributor_row(row.id, c, c["answers"], c["assessments"], incoming.created_at)
            session.add(crow)
            session.flush()
            people[crow.uid] = crow.id
        write_analysis(session, row.id, incoming.analysis, people)
        session.flush()
        counts = queries.review_counts(session, row.id)
        self._audit.record(session, "review.imported", review_what(row, source=source, **counts))
        return queries.review_summary(session, row)

    # --- the demo review ----------------------------------------------------------------------

    def add_demo(self, today: date | None = None) -> tuple[ReviewSummary, bool]:
        """Add the fictional demo review, its dates moved so that it is seen as on the day it
        was written for (``today``: by default the library's, or REVIEWDESK_DEMO_DATE). Returns
        (summary, added); ``added`` is False when it was already in the library."""
        raw = json.loads(demo_file().read_text(encoding="utf-8"))
        if raw.get("format") != DEMO_FORMAT:
            raise ReviewDeskError("The demo review shipped with ReviewDesk is damaged.")
        try:
            raw = shifted(raw, today or demo_today(self._today()))
        except (ValueError, TypeError, AttributeError):
            raise ReviewDeskError("The demo review shipped with ReviewDesk is damaged.") from None
        reference = raw["review"]["reference"]
        for summary in self._reviews.list_reviews():
            if summary.reference == reference:
                return summary, False
        now = _iso(utcnow())
        review = dict(raw["review"])
        review.update(uid=str(uuid.uuid4()), created_at=now, updated_at=now)
        contributors = []
        for c in raw["contributors"]:
            contributors.append(
                {
                    **c,
                    "uid": str(uuid.uuid4()),
                    "answers": [{**a, "updated_at": now} for a in c["answers"]],
                    "assessments": [{**a, "updated_at": now} for a in c["assessments"]],
                }
            )
        people = {c["name"]: c["uid"] for c in contributors}
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "review": review,
            "framework": default_framework().to_dict(),
            "contributors": contributors,
            **demo_sections(raw.get("analysis", {}), people, now),
        }
        return self.import_document(document, source="demo"), True
