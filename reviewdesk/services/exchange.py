"""The JSON exchange format, version 1: one document per review (see docs/formats.md).

Export writes everything about a review except private notes. Import is strict and all-or-nothing:
the whole document is read and checked first, then written in one transaction, so a bad file
changes nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from reviewdesk import __version__
from reviewdesk.domain.errors import (
    ExchangeFormatError,
    FrameworkError,
    ReviewDeskError,
    ValidationError,
)
from reviewdesk.domain.framework import Framework, parse_framework
from reviewdesk.domain.review import (
    CaseRecord,
    Child,
    HouseholdMember,
    KeyDates,
    Relevance,
    ReviewDocument,
    ReviewStatus,
    ReviewSummary,
    ReviewType,
)
from reviewdesk.resources import demo_file
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.frameworks import default_framework
from reviewdesk.services.reviews import (
    MAX_EVIDENCE,
    MAX_TEXT,
    ReviewService,
    apply_record,
    checked_record,
    refuse_duplicate,
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

FORMAT = "reviewdesk-review"
FORMAT_VERSION = 1
DEMO_FORMAT = "reviewdesk-demo"
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CONTRIBUTORS = 500
MAX_LIST = 1000  # children, household members, agencies


# --- export -------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def document_to_dict(doc: ReviewDocument, archived_at: datetime | None = None) -> dict[str, Any]:
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
    }


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``."""
    path = path.absolute()
    if path.is_dir():
        raise ReviewDeskError(f"{path} is a folder. Please give a file name to save to.")
    if not path.parent.is_dir():
        raise ReviewDeskError(f"The folder {path.parent} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReviewDeskError(f"The file {path} could not be written: {exc.strerror}.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- import: reading and checking ---------------------------------------------------------------


class _Reader:
    """Typed access to a parsed document; every complaint names where in the file it is."""

    def fail(self, where: str, problem: str) -> ExchangeFormatError:
        return ExchangeFormatError(
            f"This file cannot be imported: {where} {problem}. Nothing has been changed."
        )

    def obj(self, value: Any, where: str, keys: set[str], optional: set[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, "should be an object")
        missing = keys - value.keys()
        if missing:
            raise self.fail(where, f"is missing {', '.join(sorted(missing))}")
        unknown = value.keys() - keys - optional
        if unknown:
            raise self.fail(
                where, f"has fields this version does not know: {', '.join(sorted(unknown))}"
            )
        return value

    def list(self, value: Any, where: str, limit: int) -> list:
        if not isinstance(value, list):
            raise self.fail(where, "should be a list")
        if len(value) > limit:
            raise self.fail(where, f"has {len(value):,} items; the most allowed is {limit:,}")
        return value

    def text(self, value: Any, where: str, limit: int, *, required: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail(where, "should be text")
        if len(value) > limit:
            raise self.fail(where, f"is longer than {limit:,} characters")
        if required and not value.strip():
            raise self.fail(where, "is empty")
        return value

    def date(self, value: Any, where: str) -> date | None:
        if value is None:
            return None
        if not isinstance(value, str) or len(value) != 10:
            raise self.fail(where, "should be a date like 2026-03-14, or null")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(where, f"'{value}' is not a real date") from None

    def stamp(self, value: Any, where: str, *, nullable: bool = False) -> datetime | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not 19 <= len(value) <= 40:
            raise self.fail(where, "should be a UTC time like 2026-03-14T09:30:00Z")
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(where, f"'{value}' is not a real time") from None
        if parsed.tzinfo is None:
            raise self.fail(where, "should say its time zone (end it with Z for UTC)")
        return parsed.astimezone(UTC)

    def uid(self, value: Any, where: str) -> str:
        text = self.text(value, where, 36, required=True)
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise self.fail(where, "is not a valid identifier") from None

    def choice(self, value: Any, where: str, enum: type) -> Any:
        try:
            return enum(value)
        except ValueError:
            raise self.fail(
                where, f"'{value}' is not one of " + ", ".join(m.value for m in enum)
            ) from None


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ExchangeFormatError(
                f"This file cannot be imported: the field '{key}' appears twice in one object. "
                "Nothing has been changed."
            )
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ExchangeFormatError(
        f"This file cannot be imported: it contains {name}, which is not valid JSON. "
        "Nothing has been changed."
    )


def parse_json_bytes(raw: bytes) -> Any:
    if len(raw) > MAX_FILE_BYTES:
        raise ExchangeFormatError(
            f"This file is too large to be a ReviewDesk review ({len(raw) / 1e6:.0f} MB; the "
            f"limit is {MAX_FILE_BYTES / 1e6:.0f} MB). Nothing has been changed."
        )
    if not raw.strip():
        raise ExchangeFormatError("This file is empty. Nothing has been changed.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeFormatError(
            "This file is not a ReviewDesk review: it is not UTF-8 text. Nothing has been changed."
        ) from None
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_no_constants
        )
    except json.JSONDecodeError as exc:
        raise ExchangeFormatError(
            f"This file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Nothing has been changed."
        ) from None
    except RecursionError:
        raise ExchangeFormatError(
            "This file is nested too deeply to be a ReviewDesk review. Nothing has been changed."
        ) from None


class _Incoming:
    """A fully checked document, ready to write."""

    def __init__(self, data: Any) -> None:
        r = _Reader()
        top = r.obj(
            data,
            "the document",
            {"format", "format_version", "review", "framework", "contributors"},
            {"exported_at", "exported_by", "audit_chain_hash"},
        )
        if top["format"] != FORMAT:
            raise r.fail(
                "the document", f"is not a ReviewDesk review (format '{str(top['format'])[:40]}')"
            )
        version = top["format_version"]
        if not isinstance(version, int) or isinstance(version, bool):
            raise r.fail("format_version", "should be a whole number")
        if version != FORMAT_VERSION:
            raise ExchangeFormatError(
                f"This file uses version {version} of the ReviewDesk format; this version of "
                f"ReviewDesk reads version {FORMAT_VERSION}. "
                + ("Please update ReviewDesk to import it. " if version > FORMAT_VERSION else "")
                + "Nothing has been changed."
            )
        if not isinstance(top["framework"], dict):
            raise r.fail("framework", "should be an object")
        try:
            self.framework: Framework = parse_framework(
                top["framework"], origin="inside the imported file"
            )
        except FrameworkError as exc:
            raise ExchangeFormatError(f"{exc} Nothing has been changed.") from None

        rv = r.obj(
            top["review"],
            "review",
            {
                "uid",
                "reference",
                "title",
                "review_type",
                "status",
                "dates",
                "scope",
                "lead",
                "children",
                "household",
                "agencies",
                "created_at",
                "updated_at",
            },
            {"archived_at"},
        )
        dates = r.obj(rv["dates"], "review.dates", set(KeyDates.FIELDS))
        scope = r.obj(rv["scope"], "review.scope", {"start", "end"})
        children = []
        for i, c in enumerate(r.list(rv["children"], "review.children", MAX_LIST)):
            c = r.obj(c, f"review.children[{i}]", {"pseudonym", "age"})
            children.append(
                Child(
                    r.text(c["pseudonym"], f"review.children[{i}].pseudonym", 80),
                    r.text(c["age"], f"review.children[{i}].age", 40),
                )
            )
        household = []
        for i, h in enumerate(r.list(rv["household"], "review.household", MAX_LIST)):
            h = r.obj(h, f"review.household[{i}]", {"role", "description"})
            household.append(
                HouseholdMember(
                    r.text(h["role"], f"review.household[{i}].role", 80),
                    r.text(h["description"], f"review.household[{i}].description", MAX_EVIDENCE),
                )
            )
        agencies = tuple(
            r.text(a, f"review.agencies[{i}]", 120)
            for i, a in enumerate(r.list(rv["agencies"], "review.agencies", MAX_LIST))
        )
        self.uid = r.uid(rv["uid"], "review.uid")
        self.record = CaseRecord(
            reference=r.text(rv["reference"], "review.reference", 60, required=True),
            title=r.text(rv["title"], "review.title", 200, required=True),
            review_type=r.choice(rv["review_type"], "review.review_type", ReviewType),
            status=r.choice(rv["status"], "review.status", ReviewStatus),
            dates=KeyDates(**{k: r.date(dates[k], f"review.dates.{k}") for k in KeyDates.FIELDS}),
            scope_start=r.date(scope["start"], "review.scope.start"),
            scope_end=r.date(scope["end"], "review.scope.end"),
            lead=r.text(rv["lead"], "review.lead", 200),
            children=tuple(children),
            household=tuple(household),
            agencies=agencies,
        )
        self.archived_at = r.stamp(rv.get("archived_at"), "review.archived_at", nullable=True)
        self.created_at = r.stamp(rv["created_at"], "review.created_at")
        self.updated_at = r.stamp(rv["updated_at"], "review.updated_at")

        prompt_ids = self.framework.prompt_ids
        theme_ids = {t.id for t in self.framework.themes}
        self.contributors: list[dict[str, Any]] = []
        seen_uids = set()
        for i, c in enumerate(r.list(top["contributors"], "contributors", MAX_CONTRIBUTORS)):
            where = f"contributors[{i}]"
            c = r.obj(c, where, {"uid", "name", "role", "agency", "answers", "assessments"})
            cuid = r.uid(c["uid"], f"{where}.uid")
            if cuid in seen_uids:
                raise r.fail(f"{where}.uid", "is used by two contributors")
            seen_uids.add(cuid)
            answers, seen_prompts = [], set()
            for j, a in enumerate(r.list(c["answers"], f"{where}.answers", len(prompt_ids))):
                aw = f"{where}.answers[{j}]"
                a = r.obj(a, aw, {"prompt_id", "text", "evidence", "updated_at"})
                pid = r.text(a["prompt_id"], f"{aw}.prompt_id", 80, required=True)
                if pid not in prompt_ids:
                    raise r.fail(f"{aw}.prompt_id", f"'{pid}' is not a prompt in the framework")
                if pid in seen_prompts:
                    raise r.fail(f"{aw}.prompt_id", f"'{pid}' is answered twice")
                seen_prompts.add(pid)
                answers.append(
                    {
                        "prompt_id": pid,
                        "text": r.text(a["text"], f"{aw}.text", MAX_TEXT),
                        "evidence": r.text(a["evidence"], f"{aw}.evidence", MAX_EVIDENCE),
                        "updated_at": r.stamp(a["updated_at"], f"{aw}.updated_at"),
                    }
                )
            assessments, seen_themes = [], set()
            for j, a in enumerate(r.list(c["assessments"], f"{where}.assessments", len(theme_ids))):
                aw = f"{where}.assessments[{j}]"
                a = r.obj(a, aw, {"theme_id", "relevance", "key_learning", "updated_at"})
                tid = r.text(a["theme_id"], f"{aw}.theme_id", 80, required=True)
                if tid not in theme_ids:
                    raise r.fail(f"{aw}.theme_id", f"'{tid}' is not a theme in the framework")
                if tid in seen_themes:
                    raise r.fail(f"{aw}.theme_id", f"'{tid}' is assessed twice")
                seen_themes.add(tid)
                relevance = (
                    None
                    if a["relevance"] is None
                    else r.choice(a["relevance"], f"{aw}.relevance", Relevance)
                )
                assessments.append(
                    {
                        "theme_id": tid,
                        "relevance": relevance.value if relevance else None,
                        "key_learning": r.text(a["key_learning"], f"{aw}.key_learning", MAX_TEXT),
                        "updated_at": r.stamp(a["updated_at"], f"{aw}.updated_at"),
                    }
                )
            self.contributors.append(
                {
                    "uid": cuid,
                    "name": r.text(c["name"], f"{where}.name", 120, required=True),
                    "role": r.text(c["role"], f"{where}.role", 120),
                    "agency": r.text(c["agency"], f"{where}.agency", 120),
                    "answers": answers,
                    "assessments": assessments,
                }
            )


# --- the service --------------------------------------------------------------------------------


class ExchangeService:
    def __init__(
        self,
        store: Store,
        reviews: ReviewService,
        *,
        audit: AuditService | None = None,
        before_import: Callable[[], object] | None = None,
    ) -> None:
        self._store = store
        self._reviews = reviews
        self._audit = audit or AuditService(store)
        # Called once a document has passed every check, just before it is written: the
        # composition root points it at BackupService.before_import.
        self.before_import = before_import

    def export_dict(self, review_id: int) -> dict[str, Any]:
        with self._store.read() as session:
            doc = queries.review_document(session, review_id)
            archived_at = queries.get_review_row(session, review_id).archived_at
        return document_to_dict(doc, archived_at)

    def export_json(self, review_id: int, output: Path) -> Path:
        document = self.export_dict(review_id)
        document["audit_chain_hash"] = self._audit.latest_chain_hash()
        data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        write_atomically(output, data)
        self._audit.record_export(review_id, "json", data=data)
        return output

    def import_file(self, path: Path) -> ReviewSummary:
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else b""
            if not raw and path.stat().st_size > MAX_FILE_BYTES:
                raise ExchangeFormatError(
                    "This file is too large to be a ReviewDesk review. Nothing has been changed."
                )
        except FileNotFoundError:
            raise ReviewDeskError(f"There is no file at {path}.") from None
        except IsADirectoryError:
            raise ReviewDeskError(f"{path} is a folder, not a file.") from None
        except OSError as exc:
            raise ReviewDeskError(f"The file {path} could not be read: {exc.strerror}.") from None
        return self.import_document(parse_json_bytes(raw))

    def import_document(self, data: Any, *, source: str = "file") -> ReviewSummary:
        """Check the whole document, back the library up, then write the document in one
        transaction (or not at all)."""
        incoming = _Incoming(data)
        try:
            checked_record(incoming.record, confirmed_cautions=True)
        except ValidationError as exc:
            raise ExchangeFormatError(
                f"This file cannot be imported: {' '.join(exc.problems.values())} "
                "Nothing has been changed."
            ) from None
        if self.before_import is not None:
            self.before_import()
        with self._store.write() as session:
            refuse_duplicate(session, incoming.record.reference, incoming.uid)
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
            row = ReviewRow(
                uid=incoming.uid,
                framework_id=incoming.framework.id,
                framework_version=incoming.framework.version,
                framework_json=json.dumps(incoming.framework.to_dict(), ensure_ascii=False),
                archived_at=incoming.archived_at,
                created_at=incoming.created_at,
                updated_at=incoming.updated_at,
            )
            apply_record(row, incoming.record)
            session.add(row)
            session.flush()
            for c in incoming.contributors:
                crow = ContributorRow(
                    uid=c["uid"],
                    review_id=row.id,
                    name=c["name"],
                    role=c["role"],
                    agency=c["agency"],
                    created_at=incoming.created_at,
                )
                crow.answers = [AnswerRow(**a) for a in c["answers"]]
                crow.assessments = [AssessmentRow(**a) for a in c["assessments"]]
                session.add(crow)
            session.flush()
            counts = queries.review_counts(session, row.id)
            self._audit.record(
                session, "review.imported", review_what(row, source=source, **counts)
            )
            return queries.review_summary(session, row)

    # --- the demo review ----------------------------------------------------------------------

    def add_demo(self) -> tuple[ReviewSummary, bool]:
        """Add the fictional demo review. Returns (summary, added); ``added`` is False when it
        was already in the library."""
        raw = json.loads(demo_file().read_text(encoding="utf-8"))
        if raw.get("format") != DEMO_FORMAT:
            raise ReviewDeskError("The demo review shipped with ReviewDesk is damaged.")
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
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "review": review,
            "framework": default_framework().to_dict(),
            "contributors": contributors,
        }
        return self.import_document(document, source="demo"), True
