"""The JSON payloads inside a sealed container (docs/formats.md §4-5): building and strict reading.

A *case pack* holds the case record, the frozen framework (or the chosen themes of it), the
review's chronology (so the practitioner can cite its entries), who it is for, and that person's
work so far within those themes. A *contribution* holds only one person's answers, ratings, key
learning, evidence and the chronology entries their answers cite (never private notes), the pack
it answers and a content hash.

The readers reuse the JSON review format's readers (services/exchange/reading.py) for the case
record, the framework, people, answers and assessments, so every rule is written once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from reviewdesk import __version__
from reviewdesk.domain.errors import ExchangeFormatError
from reviewdesk.domain.framework import Framework
from reviewdesk.services.exchange.analysis import ENTRY_CORE_FIELDS, read_entry_core
from reviewdesk.services.exchange.document import _iso
from reviewdesk.services.exchange.reading import (
    IncomingReview,
    StrictReader,
    parse_json_bytes,
    read_answers,
    read_assessments,
    read_framework,
    read_person,
    read_review,
)
from reviewdesk.services.exchange.schema import check_document
from reviewdesk.store.analysis import exchange_item

PACK_FORMAT, CONTRIBUTION_FORMAT, PAYLOAD_VERSION = "reviewdesk-pack", "reviewdesk-contribution", 1


def iso(value: datetime) -> str:
    return _iso(value) or ""


def to_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8. What content hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _has_content(row: Mapping[str, Any]) -> bool:
    return any(
        isinstance(v, str) and v.strip()
        for k, v in row.items()
        if k in ("text", "evidence", "key_learning")
    ) or bool(row.get("relevance"))


_Row = TypeVar("_Row", bound=Mapping[str, Any])


def meaningful(rows: Iterable[_Row]) -> list[_Row]:
    """Rows that say something: a blank answer box or an unrated, empty theme carries nothing."""
    return [r for r in rows if _has_content(r)]


def space_digest(
    answers: Iterable[Mapping[str, Any]],
    assessments: Iterable[Mapping[str, Any]],
    *,
    citations: Iterable[Mapping[str, str]] = (),
    **identity: str,
) -> str:
    """SHA-256 of what one person has written (answers, ratings, key learning, evidence, and the
    chronology entries their answers cite, when there are any), in canonical JSON. Times are left
    out: the same words saved twice are the same content."""
    cited = sorted(
        {(c["prompt_id"], c["entry_uid"]) for c in citations}
    )  # no citations: the same hash as files made before citations travelled
    body: dict[str, Any] = {
        **identity,
        "answers": sorted(
            ({k: a[k] for k in ("prompt_id", "text", "evidence")} for a in meaningful(answers)),
            key=lambda a: a["prompt_id"],
        ),
        "assessments": sorted(
            (
                {k: a[k] for k in ("theme_id", "relevance", "key_learning")}
                for a in meaningful(assessments)
            ),
            key=lambda a: a["theme_id"],
        ),
    }
    if cited:
        body["citations"] = [{"prompt_id": p, "entry_uid": e} for p, e in cited]
    return hashlib.sha256(canonical(body)).hexdigest()


def answer_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Answers (domain objects or rows) in the file form, blank ones left out."""
    return meaningful(
        {
            "prompt_id": a.prompt_id,
            "text": a.text,
            "evidence": a.evidence,
            "updated_at": iso(a.updated_at),
        }
        for a in rows
    )


def assessment_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    return meaningful(
        {
            "theme_id": a.theme_id,
            "relevance": a.relevance.value if hasattr(a.relevance, "value") else a.relevance,
            "key_learning": a.key_learning,
            "updated_at": iso(a.updated_at),
        }
        for a in rows
    )


def chronology_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """The review's chronology entries (not removed ones) in the pack's form."""
    return [exchange_item(ENTRY_CORE_FIELDS, e) for e in rows if e.removed_at is None]


def read_chronology(r: StrictReader, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pack's chronology (shape: the schema's): real dates, each entry once."""
    out, seen = [], set()
    for i, e in enumerate(value):
        if e["uid"] in seen:
            raise r.fail(f"chronology[{i}].uid", "repeats an earlier entry")
        seen.add(e["uid"])
        out.append(read_entry_core(r, e, f"chronology[{i}]"))
    return out


def read_citations(
    r: StrictReader, value: list[dict[str, str]], where: str, prompt_ids: frozenset[str]
) -> list[dict[str, str]]:
    """Citations (shape: the schema's), each of a prompt of the pack's themes; repeats dropped."""
    out, seen = [], set()
    for i, c in enumerate(value):
        if c["prompt_id"] not in prompt_ids:
            raise r.fail(f"{where}[{i}].prompt_id", "is not a prompt of this review's themes")
        key = (c["prompt_id"], c["entry_uid"])
        if key not in seen:
            seen.add(key)
            out.append({"prompt_id": key[0], "entry_uid": key[1]})
    return out


# --- case packs ---------------------------------------------------------------------------------


def pack_document(
    *,
    pack_uid: str,
    created_at: datetime,
    contributor: Mapping[str, str],
    review: dict[str, Any],
    framework: Framework,
    answers: list[dict[str, Any]],
    assessments: list[dict[str, Any]],
    chronology: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    return {
        "format": PACK_FORMAT,
        "format_version": PAYLOAD_VERSION,
        "pack": {"uid": pack_uid, "created_at": iso(created_at), "created_by": _app()},
        "contributor": dict(contributor),
        "review": review,
        "framework": framework.to_dict(),
        "chronology": list(chronology),
        "start": {"answers": answers, "assessments": assessments},
    }


@dataclass(frozen=True, slots=True)
class IncomingPack:
    pack_uid: str
    made_at: datetime
    contributor: dict[str, str]
    review: IncomingReview
    framework: Framework
    answers: list[dict[str, Any]]
    assessments: list[dict[str, Any]]
    chronology: list[dict[str, Any]]


def read_pack(raw: bytes) -> IncomingPack:
    r = StrictReader()
    top = check_document(parse_json_bytes(raw), PACK_FORMAT)  # the schema owns the shape
    framework = read_framework(r, top["framework"])
    start = top["start"]
    return IncomingPack(
        pack_uid=top["pack"]["uid"],
        made_at=_stamp(r, top["pack"]["created_at"], "pack.created_at"),
        contributor=read_person(r, top["contributor"], "contributor"),
        review=read_review(r, top["review"]),
        framework=framework,
        answers=read_answers(r, start["answers"], "start.answers", framework.prompt_ids),
        assessments=read_assessments(
            r, start["assessments"], "start.assessments", {t.id for t in framework.themes}
        ),
        chronology=read_chronology(r, top["chronology"]),
    )


# --- contributions ------------------------------------------------------------------------------


def contribution_document(
    *,
    contribution_uid: str,
    pack_uid: str,
    review_uid: str,
    review_reference: str,
    contributor_uid: str,
    written_at: datetime,
    written_by: Mapping[str, str],
    answers: list[dict[str, Any]],
    assessments: list[dict[str, Any]],
    citations: Sequence[dict[str, str]] = (),
) -> dict[str, Any]:
    return {
        "format": CONTRIBUTION_FORMAT,
        "format_version": PAYLOAD_VERSION,
        "contribution": {
            "uid": contribution_uid,
            "pack_uid": pack_uid,
            "review_uid": review_uid,
            "review_reference": review_reference,
            "contributor_uid": contributor_uid,
            "written_at": iso(written_at),
            "written_by": dict(written_by),
            "created_by": _app(),
        },
        "answers": answers,
        "assessments": assessments,
        "citations": list(citations),
        "content_sha256": space_digest(
            answers,
            assessments,
            citations=citations,
            review_uid=review_uid,
            contributor_uid=contributor_uid,
        ),
    }


@dataclass(frozen=True, slots=True)
class IncomingContribution:
    """A contribution whose envelope is checked. Its answers are checked against the lead's
    framework (which only the lead's library knows) by :meth:`content`."""

    uid: str
    pack_uid: str
    review_uid: str
    review_reference: str
    contributor_uid: str
    written_at: datetime
    written_by: dict[str, str]
    content_sha256: str
    raw_answers: Any
    raw_assessments: Any
    raw_citations: Any = ()

    def content(
        self, prompt_ids: frozenset[str], theme_ids: set[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, str]]]:
        """Answers, assessments and citations (prompt id and chronology entry uid)."""
        r = StrictReader()
        answers = read_answers(r, self.raw_answers, "answers", prompt_ids)
        assessments = read_assessments(r, self.raw_assessments, "assessments", theme_ids)
        citations = read_citations(r, list(self.raw_citations), "citations", prompt_ids)
        digest = space_digest(
            answers,
            assessments,
            citations=citations,
            review_uid=self.review_uid,
            contributor_uid=self.contributor_uid,
        )
        if digest != self.content_sha256:
            raise ExchangeFormatError(
                "This contribution's content does not match its content hash: it has been "
                "changed or damaged since it was written. Nothing has been changed."
            )
        return answers, assessments, citations


def read_contribution(raw: bytes) -> IncomingContribution:
    r = StrictReader()
    # the schema owns the shape (citations may be absent: files made before they travelled)
    top = check_document(parse_json_bytes(raw), CONTRIBUTION_FORMAT)
    c = top["contribution"]
    return IncomingContribution(
        uid=c["uid"],
        pack_uid=c["pack_uid"],
        review_uid=c["review_uid"],
        review_reference=c["review_reference"],
        contributor_uid=c["contributor_uid"],
        written_at=_stamp(r, c["written_at"], "contribution.written_at"),
        written_by={k: c["written_by"][k] for k in ("name", "role", "agency")},
        content_sha256=top["content_sha256"],
        raw_answers=top["answers"],
        raw_assessments=top["assessments"],
        raw_citations=top.get("citations", []),
    )


def _stamp(r: StrictReader, value: Any, where: str) -> datetime:
    stamp = r.stamp(value, where)
    assert stamp is not None
    return stamp


def _app() -> str:
    return f"ReviewDesk {__version__}"
