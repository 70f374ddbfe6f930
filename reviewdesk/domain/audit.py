"""The audit trail's rules, in plain Python: canonical serialisation, the hash chain, and the
read model an audit viewer shows.

Each entry records *who* did *what* and *when*, never the words anyone wrote: ``what`` holds a
review's reference and ids (and harmless facts such as which fields changed). Entries are chained:

- ``change_hash`` = SHA-256 of the canonical change summary (the action and ``what``);
- ``row_hash`` = SHA-256 of the canonical serialisation of the whole entry, including
  ``prev_hash``, the previous entry's ``row_hash`` (64 zeros for the first entry).

Changing, removing or reordering any entry breaks the chain from that entry on, which
:func:`verify_chain` reports as the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
CHAIN_VERSION = 1
COMMAND_LINE = "command line"
SYSTEM = "ReviewDesk"

ACTION_LABELS: dict[str, str] = {
    "library.created": "Library created",
    "library.upgraded": "Library upgraded to a new version",
    "library.restored": "Library restored from a backup",
    "review.created": "Review created",
    "review.edited": "Case record edited",
    "review.archived": "Review archived",
    "review.unarchived": "Review taken out of the archive",
    "review.deleted": "Review moved to the Trash",
    "review.undeleted": "Review restored from the Trash",
    "review.purged": "Review permanently deleted",
    "contributor.added": "Contributor added",
    "contributor.repaired": "Contributor's writing moved to the case pack's space",
    "answer.saved": "Answer saved",
    "assessment.saved": "Theme assessment saved",
    "review.imported": "Review imported",
    "review.exported": "Review exported",
    "report.exported": "Learning report exported",
    "chronology.added": "Chronology entry added",
    "chronology.edited": "Chronology entry edited",
    "chronology.deleted": "Chronology entry deleted",
    "chronology.removed": "Chronology entry removed (kept: it is cited)",
    "chronology.restored": "Chronology entry restored",
    "chronology.imported": "Agency chronology imported",
    "episode.added": "Key practice episode added",
    "episode.edited": "Key practice episode edited",
    "episode.deleted": "Key practice episode deleted",
    "episode.removed": "Key practice episode removed (kept: it is cited)",
    "episode.restored": "Key practice episode restored",
    "finding.added": "Finding added",
    "finding.edited": "Finding edited",
    "finding.deleted": "Finding deleted",
    "finding.removed": "Finding removed (kept: it is cited)",
    "finding.restored": "Finding restored",
    "recommendation.added": "Recommendation added",
    "recommendation.edited": "Recommendation edited",
    "recommendation.deleted": "Recommendation deleted",
    "recommendation.removed": "Recommendation removed (kept: it is cited)",
    "recommendation.restored": "Recommendation restored",
    "action.added": "Action added",
    "action.edited": "Action edited",
    "action.deleted": "Action deleted",
    "citation.saved": "Chronology citations of an answer saved",
    "name_key.added": "Name key entry added",
    "name_key.changed": "Name key entry changed",
    "name_key.removed": "Name key entry removed",
    "publication.overridden": "Published despite the publication check",
    "retention.set": "Retention review date set",
    "library.encrypted": "Library encrypted",
    "library.decrypted": "Library decrypted",
    "library.passphrase_changed": "Library passphrase changed",
}


def canonical_json(value: Any) -> str:
    """One spelling for one value: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_time(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("audit times must be aware (UTC)")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def change_hash(action: str, what: str) -> str:
    """The fingerprint of a change summary (``what`` is already canonical JSON text)."""
    return _sha256(canonical_json({"action": action, "v": CHAIN_VERSION, "what": what}))


def row_hash(
    *, seq: int, at: datetime, who: str, action: str, what: str, change: str, prev: str
) -> str:
    return _sha256(
        canonical_json(
            {
                "action": action,
                "at": format_time(at),
                "change_hash": change,
                "prev_hash": prev,
                "seq": seq,
                "v": CHAIN_VERSION,
                "what": what,
                "who": who,
            }
        )
    )


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry exactly as stored."""

    seq: int
    at: datetime
    who: str
    action: str
    what: str  # canonical JSON text
    change_hash: str
    prev_hash: str
    row_hash: str


def new_record(
    *, seq: int, at: datetime, who: str, action: str, what: Mapping[str, Any], prev: str
) -> AuditRecord:
    what_text = canonical_json(dict(what))
    change = change_hash(action, what_text)
    return AuditRecord(
        seq=seq,
        at=at,
        who=who,
        action=action,
        what=what_text,
        change_hash=change,
        prev_hash=prev,
        row_hash=row_hash(
            seq=seq, at=at, who=who, action=action, what=what_text, change=change, prev=prev
        ),
    )


@dataclass(frozen=True, slots=True)
class BrokenLink:
    seq: int
    problem: str


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    checked: int
    latest_hash: str
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def message(self) -> str:
        if self.broken is None:
            return (
                f"The audit trail is intact: {self.checked} "
                f"{'entry' if self.checked == 1 else 'entries'} checked, "
                f"latest fingerprint {self.latest_hash}."
            )
        good = self.broken.seq - 1
        intact = f"Entries 1 to {good} are intact." if good >= 1 else "No entry before it."
        return (
            f"The audit trail is broken at entry {self.broken.seq}: {self.broken.problem} "
            f"{intact} It may have been edited outside ReviewDesk."
        )


def verify_chain(
    records: Iterable[AuditRecord], anchor: tuple[int, str] | None = None
) -> ChainVerdict:
    """Walk the chain from the first entry; stop at the first broken link.

    ``anchor`` is the (sequence, hash) of the newest entry as the library last wrote it down
    (kept beside the log), which reveals entries removed from the end.
    """
    expected, prev, checked = 1, GENESIS_HASH, 0
    for rec in records:
        if rec.seq != expected:
            if rec.seq > expected:
                problem = (
                    f"entry {expected} is missing (the entries jump from {expected - 1} "
                    f"to {rec.seq})."
                )
            else:
                problem = f"entry {rec.seq} appears out of order."
            return ChainVerdict(checked, prev, BrokenLink(expected, problem))
        if change_hash(rec.action, rec.what) != rec.change_hash:
            return ChainVerdict(
                checked,
                prev,
                BrokenLink(
                    rec.seq,
                    f"entry {rec.seq} was changed after it was written (what it records no "
                    "longer matches its fingerprint).",
                ),
            )
        computed = row_hash(
            seq=rec.seq,
            at=rec.at,
            who=rec.who,
            action=rec.action,
            what=rec.what,
            change=rec.change_hash,
            prev=rec.prev_hash,
        )
        if computed != rec.row_hash:
            return ChainVerdict(
                checked,
                prev,
                BrokenLink(
                    rec.seq,
                    f"entry {rec.seq} was changed after it was written (its time, author or "
                    "action no longer match its fingerprint).",
                ),
            )
        if rec.prev_hash != prev:
            return ChainVerdict(
                checked,
                prev,
                BrokenLink(
                    rec.seq,
                    f"entry {rec.seq} does not follow on from entry {rec.seq - 1} (an earlier "
                    "entry was rewritten or removed).",
                ),
            )
        prev, expected, checked = rec.row_hash, expected + 1, checked + 1
    if anchor is not None and anchor != (checked, prev):
        seq, _ = anchor
        if seq > checked:
            problem = (
                f"the newest entries are missing: the library last recorded entry {seq}, "
                f"but the trail ends at entry {checked}."
            )
            return ChainVerdict(checked, prev, BrokenLink(checked + 1, problem))
        if seq < checked:
            problem = (
                f"entry {seq + 1} was added outside ReviewDesk (the library's own record "
                f"ends at entry {seq})."
            )
            return ChainVerdict(checked, prev, BrokenLink(seq + 1, problem))
        problem = f"entry {checked} does not match the library's record of its newest entry."
        return ChainVerdict(checked, prev, BrokenLink(max(checked, 1), problem))
    return ChainVerdict(checked, prev, None)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit viewer."""

    seq: int
    at: datetime
    who: str
    action: str
    label: str
    reference: str
    details: str
    row_hash: str


_DETAIL_KEYS = (
    ("contributor_id", "contributor {}"),
    ("prompt_id", "prompt {}"),
    ("theme_id", "theme {}"),
    ("fields", "changed: {}"),
    ("format", "format {}"),
    ("period", "period {}"),
    ("reviews", "reviews {}"),
    ("item", "{}"),
    ("rows", "{} rows"),
    ("from_revision", "from schema {}"),
    ("to_revision", "to schema {}"),
    ("backup", "from {}"),
    ("review_on", "review on {}"),
    ("reason", "reason: {}"),
    ("moved", "moved {}"),
)
_SOURCES = {"demo": "the fictional demo review", "file": "from a ReviewDesk file"}


def entry_of(rec: AuditRecord) -> AuditEntry:
    try:
        what = json.loads(rec.what)
    except ValueError:
        what = {}
    if not isinstance(what, dict):
        what = {}
    parts = []
    for key, template in _DETAIL_KEYS:
        value = what.get(key)
        if value not in (None, "", []):
            parts.append(template.format(", ".join(value) if isinstance(value, list) else value))
    if what.get("source") in _SOURCES:
        parts.append(_SOURCES[what["source"]])
    return AuditEntry(
        seq=rec.seq,
        at=rec.at,
        who=rec.who,
        action=rec.action,
        label=ACTION_LABELS.get(rec.action, rec.action),
        reference=str(what.get("review", "")),
        details="; ".join(parts),
        row_hash=rec.row_hash,
    )
