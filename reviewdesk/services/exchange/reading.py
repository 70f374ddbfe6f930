"""Strict reading of JSON documents offered for import: JSON reviews, case packs, contributions.

Every complaint names where in the file it is and ends with "Nothing has been changed.". The
readers for the case record, the framework, contributors' answers and theme assessments are shared
by the JSON exchange format (document.py) and the pack formats (pack_formats.py).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, Literal, overload

from reviewdesk.domain.errors import ExchangeFormatError, FrameworkError, ValidationError
from reviewdesk.domain.framework import Framework, parse_framework
from reviewdesk.domain.review import (
    CaseRecord,
    Child,
    HouseholdMember,
    KeyDates,
    ReviewStatus,
    ReviewType,
)
from reviewdesk.services.reviews import checked_record

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_NUMBER_CHARS = 40  # no number in any ReviewDesk file is longer; Python refuses >4,300 digits
# Years a date or a time in a file may have: far enough either side for any real chronology,
# and far enough from 1 and 9999 that converting to UTC or counting working days cannot overflow.
FIRST_YEAR, LAST_YEAR = 1800, 2999


@overload
def iso_text(value: date) -> str: ...
@overload
def iso_text(value: date | None) -> str | None: ...
def iso_text(value: date | datetime | None) -> str | None:
    """A date as YYYY-MM-DD, a time as UTC ISO 8601 with a Z, None as None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


class StrictReader:
    """Typed access to a parsed document; every complaint names where in the file it is."""

    def fail(self, where: str, problem: str) -> ExchangeFormatError:
        return ExchangeFormatError(
            f"This file cannot be imported: {where} {problem}. Nothing has been changed."
        )

    def obj(
        self,
        value: Any,
        where: str,
        keys: set[str],
        optional: set[str] | frozenset[str] = frozenset(),
    ) -> dict:
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
        if not value.isascii() and _lone_surrogate(value):
            raise self.fail(where, "holds a broken character (half of a pair)")
        if required and not value.strip():
            raise self.fail(where, "is empty")
        return value

    def date(self, value: Any, where: str) -> date | None:
        if value is None:
            return None
        if not isinstance(value, str) or len(value) != 10:
            raise self.fail(where, "should be a date like 2026-03-14, or null")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise self.fail(where, f"'{value}' is not a real date") from None
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            raise self.fail(where, f"'{value}' is outside the years {FIRST_YEAR} to {LAST_YEAR}")
        return parsed

    @overload
    def stamp(self, value: Any, where: str, *, nullable: Literal[False] = ...) -> datetime: ...
    @overload
    def stamp(self, value: Any, where: str, *, nullable: bool) -> datetime | None: ...
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
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:  # also keeps astimezone from overflowing
            raise self.fail(where, f"'{value}' is outside the years {FIRST_YEAR} to {LAST_YEAR}")
        return parsed.astimezone(UTC)

    def uid(self, value: Any, where: str) -> str:
        text = self.text(value, where, 36, required=True)
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise self.fail(where, "is not a valid identifier") from None

    def choice(self, value: Any, where: str, enum: type[Enum]) -> Any:
        try:
            return enum(value)
        except ValueError:
            raise self.fail(
                where, f"'{str(value)[:40]}' is not one of " + ", ".join(m.value for m in enum)
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


def _number(kind: type) -> Any:
    def parse(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise ExchangeFormatError(
                f"This file cannot be imported: it holds a number {len(text):,} characters long, "
                "far longer than any ReviewDesk file has. Nothing has been changed."
            )
        return kind(text)

    return parse


def _lone_surrogate(value: Any) -> bool:
    """True when any text in ``value`` holds half of a character (a JSON "\\ud800" escape with
    no partner): it cannot be saved, shown or printed."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


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
            "This file is not a ReviewDesk review: ReviewDesk could not read it as text, so it "
            "may be a different kind of file. Please check you chose the file exported from "
            "ReviewDesk (it ends in .json, .rdpack or .rdreturn). Nothing has been changed."
        ) from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_no_constants,
            parse_int=_number(int),
            parse_float=_number(float),
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
    if _lone_surrogate(value):
        raise ExchangeFormatError(
            "This file cannot be imported: some of its text holds a broken character (half of "
            "a pair, written \\ud800 to \\udfff). Nothing has been changed."
        )
    return value


def read_framework(r: StrictReader, value: Any, where: str = "framework") -> Framework:
    if not isinstance(value, dict):
        raise r.fail(where, "should be an object")
    try:
        return parse_framework(value, origin="inside the imported file")
    except FrameworkError as exc:
        raise ExchangeFormatError(f"{exc} Nothing has been changed.") from None


@dataclass(frozen=True, slots=True)
class IncomingReview:
    uid: str
    record: CaseRecord
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


def read_review(r: StrictReader, rv: Any, where: str = "review") -> IncomingReview:
    """The ``review`` object (case record and identity). Its shape is the schema's (checked
    first, schema.py); here: real dates, times in UTC and the case record's own rules."""
    dates, scope = rv["dates"], rv["scope"]
    record = CaseRecord(
        reference=rv["reference"],
        title=rv["title"],
        review_type=ReviewType(rv["review_type"]),
        status=ReviewStatus(rv["status"]),
        dates=KeyDates(**{k: r.date(dates[k], f"{where}.dates.{k}") for k in KeyDates.FIELDS}),
        scope_start=r.date(scope["start"], f"{where}.scope.start"),
        scope_end=r.date(scope["end"], f"{where}.scope.end"),
        lead=rv["lead"],
        children=tuple(Child(c["pseudonym"], c["age"]) for c in rv["children"]),
        household=tuple(HouseholdMember(h["role"], h["description"]) for h in rv["household"]),
        agencies=tuple(rv["agencies"]),
    )
    try:
        checked_record(record, confirmed_cautions=True)
    except ValidationError as exc:
        raise ExchangeFormatError(
            f"This file cannot be imported: {' '.join(exc.problems.values())} "
            "Nothing has been changed."
        ) from None
    return IncomingReview(
        uid=rv["uid"],
        record=record,
        archived_at=r.stamp(rv.get("archived_at"), f"{where}.archived_at", nullable=True),
        created_at=r.stamp(rv["created_at"], f"{where}.created_at"),
        updated_at=r.stamp(rv["updated_at"], f"{where}.updated_at"),
    )


def read_person(r: StrictReader, value: dict, where: str) -> dict[str, str]:
    """A contributor's identity: ``uid``, ``name``, ``role`` and ``agency`` (the schema's)."""
    return {k: value[k] for k in ("uid", "name", "role", "agency")}


def read_answers(
    r: StrictReader, value: list[dict[str, Any]], where: str, prompt_ids: frozenset[str]
) -> list[dict[str, Any]]:
    """Answers (shape: the schema's), each to a prompt of the framework, once."""
    answers, seen_prompts = [], set()
    for j, a in enumerate(value):
        aw, pid = f"{where}[{j}]", a["prompt_id"]
        if pid not in prompt_ids:
            raise r.fail(f"{aw}.prompt_id", f"'{pid}' is not a prompt in the framework")
        if pid in seen_prompts:
            raise r.fail(f"{aw}.prompt_id", f"'{pid}' is answered twice")
        seen_prompts.add(pid)
        answers.append(
            {
                "prompt_id": pid,
                "text": a["text"],
                "evidence": a["evidence"],
                "updated_at": r.stamp(a["updated_at"], f"{aw}.updated_at"),
            }
        )
    return answers


def read_assessments(
    r: StrictReader, value: list[dict[str, Any]], where: str, theme_ids: set[str]
) -> list[dict[str, Any]]:
    """Theme assessments (shape: the schema's), each of a theme of the framework, once."""
    assessments, seen_themes = [], set()
    for j, a in enumerate(value):
        aw, tid = f"{where}[{j}]", a["theme_id"]
        if tid not in theme_ids:
            raise r.fail(f"{aw}.theme_id", f"'{tid}' is not a theme in the framework")
        if tid in seen_themes:
            raise r.fail(f"{aw}.theme_id", f"'{tid}' is assessed twice")
        seen_themes.add(tid)
        assessments.append(
            {
                "theme_id": tid,
                "relevance": a["relevance"],
                "key_learning": a["key_learning"],
                "updated_at": r.stamp(a["updated_at"], f"{aw}.updated_at"),
            }
        )
    return assessments


def check_format(r: StrictReader, top: dict, fmt: str, version: int, what: str) -> None:
    """``format`` and ``format_version`` of a document, with a kind message for a newer one."""
    if top["format"] != fmt:
        raise r.fail("the document", f"is not {what} (format '{str(top['format'])[:40]}')")
    found = top["format_version"]
    if not isinstance(found, int) or isinstance(found, bool):
        raise r.fail("format_version", "should be a whole number")
    if found != version:
        raise ExchangeFormatError(
            f"This file uses version {found} of its format; this version of "
            f"ReviewDesk reads version {version}. "
            + ("Please update ReviewDesk to import it. " if found > version else "")
            + "Nothing has been changed."
        )
