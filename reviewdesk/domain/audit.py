"""The audit trail's rules, in plain Python: canonical serialisation, the hash chain, and the
read model an audit viewer shows.

Each entry records *who* did *what* and *when*, never the words anyone wrote: ``what`` holds a
review's reference and ids (and harmless facts such as which fields changed). Entries are chained:

- ``change_hash`` = SHA-256 of the canonical change summary (the action and ``what``);
- ``row_hash`` = SHA-256 of the canonical serialisation of the whole entry, including
  ``prev_hash``, the previous entry's ``row_hash`` (64 zeros for the first entry).

*Who* is three things (issue 19): the name in the person's ReviewDesk profile (or "command line"),
the operating-system account they were signed in as, and the computer's name. Entries written
before the account and computer were recorded (chain version 1) keep their fingerprints exactly as
they were; every later entry (chain version 2, the ``version`` stored on each row) has the account
and computer inside its fingerprint too, so changing them shows. An old-form entry after a
new-form one, or an old-form entry that carries an account or computer, is itself a broken link:
nobody can strip the new fields out of the fingerprint by relabelling an entry.

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
CHANGE_VERSION = 1  # the change summary's fingerprint has not changed since the first release
LEGACY_CHAIN_VERSION = 1  # entries without the account and computer (before migration 0008)
CHAIN_VERSION = 2  # entries written now: the account and computer are fingerprinted too
COMMAND_LINE = "command line"
SYSTEM = "ReviewDesk"
UNNAMED = "ReviewDesk user (no name set)"  # who, when no profile name is set

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
    "answer.conflict": "Two versions of an answer kept (saved at once)",
    "assessment.conflict": "Two versions of a theme assessment kept (saved at once)",
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
    "finding.conflict": "Two versions of a finding kept (saved at once)",
    "recommendation.added": "Recommendation added",
    "recommendation.edited": "Recommendation edited",
    "recommendation.deleted": "Recommendation deleted",
    "recommendation.removed": "Recommendation removed (kept: it is cited)",
    "recommendation.restored": "Recommendation restored",
    "action.added": "Action added",
    "action.edited": "Action edited",
    "action.deleted": "Action deleted",
    "decision.added": "Decision added to the log",
    "decision.edited": "Decision edited",
    "decision.deleted": "Decision deleted",
    "impact.added": "Impact evidence added to an action's log",
    "impact.edited": "Impact evidence edited",
    "impact.deleted": "Impact evidence deleted",
    "terms.saved": "Terms of reference saved",
    "family.added": "Family involvement entry added",
    "family.edited": "Family involvement entry edited",
    "family.deleted": "Family involvement entry deleted",
    "process.added": "Parallel process added",
    "process.edited": "Parallel process edited",
    "process.deleted": "Parallel process deleted",
    "case_details.saved": "Case record for analysis saved (special category)",
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
    return _sha256(canonical_json({"action": action, "v": CHANGE_VERSION, "what": what}))


def row_hash(
    *,
    seq: int,
    at: datetime,
    who: str,
    action: str,
    what: str,
    change: str,
    prev: str,
    account: str = "",
    computer: str = "",
    version: int = CHAIN_VERSION,
) -> str:
    """The entry's fingerprint. Version 1 (entries written before the account and computer were
    recorded) is computed exactly as it always was; version 2 adds both."""
    fields: dict[str, Any] = {
        "action": action,
        "at": format_time(at),
        "change_hash": change,
        "prev_hash": prev,
        "seq": seq,
        "v": version,
        "what": what,
        "who": who,
    }
    if version >= 2:
        fields["account"] = account
        fields["computer"] = computer
    return _sha256(canonical_json(fields))


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
    account: str = ""  # the operating-system account ("" on entries from before 0008)
    computer: str = ""  # the computer's name ("" on entries from before 0008)
    version: int = LEGACY_CHAIN_VERSION  # how row_hash was computed


def new_record(
    *,
    seq: int,
    at: datetime,
    who: str,
    action: str,
    what: Mapping[str, Any],
    prev: str,
    account: str = "",
    computer: str = "",
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
            seq=seq,
            at=at,
            who=who,
            action=action,
            what=what_text,
            change=change,
            prev=prev,
            account=account,
            computer=computer,
            version=CHAIN_VERSION,
        ),
        account=account,
        computer=computer,
        version=CHAIN_VERSION,
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
    # What protects the trail and is missing now (the append-only triggers), and what was
    # found missing before and put back (from the trail's own entries).
    protection: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.protection

    def message(self) -> str:
        extra = "".join(f" {n}" for n in (*self.protection, *self.notes))
        if self.broken is None:
            return (
                f"The audit trail is intact: {self.checked} "
                f"{'entry' if self.checked == 1 else 'entries'} checked, "
                f"latest fingerprint {self.latest_hash}." + extra
            )
        good = self.broken.seq - 1
        intact = f"Entries 1 to {good} are intact." if good >= 1 else "No entry before it."
        return (
            f"The audit trail is broken at entry {self.broken.seq}: {self.broken.problem} "
            f"{intact} It may have been edited outside ReviewDesk." + extra
        )


Witness = tuple[str, tuple[str, int, str]]  # (who says so, (first entry's hash, seq, hash))


def _check_witnesses(
    hashes: list[str], witnesses: Iterable[Witness], reviews: int
) -> BrokenLink | None:
    """The trail against what was written down elsewhere: each witness's newest entry must
    still be in the trail, as it was; and a library that holds reviews has a trail."""
    checked = len(hashes)
    for source, (first, seq, digest) in witnesses:
        if seq <= 0:
            continue
        if checked == 0:
            return BrokenLink(
                1, f"the trail is empty, but {source} records {seq} entries (they were removed)."
            )
        if first != hashes[0]:
            return BrokenLink(
                1,
                f"entry 1 is not the entry 1 that {source} records (the trail was replaced or "
                "rewritten from its start).",
            )
        if seq > checked:
            return BrokenLink(
                checked + 1,
                f"the newest entries are missing: {source} records entry {seq}, but the trail "
                f"ends at entry {checked}.",
            )
        if hashes[seq - 1] != digest:
            return BrokenLink(
                seq,
                f"entry {seq} is not the entry {seq} that {source} records (the trail was "
                "rewritten from there).",
            )
    if checked == 0 and reviews > 0:
        return BrokenLink(
            1,
            f"the trail is empty, but the library holds {reviews} "
            f"review{'s' if reviews != 1 else ''}, and the trail records every review added "
            "(its entries were removed).",
        )
    return None


@dataclass(frozen=True, slots=True)
class HiddenEntry:
    """An entry the person verifying may not read (on a server: about a review they do not
    lead): only its place in the chain, which is checked; its content is not."""

    seq: int
    prev_hash: str
    row_hash: str


def verify_chain(
    records: Iterable[AuditRecord | HiddenEntry],
    anchor: tuple[int, str] | None = None,
    *,
    witnesses: Iterable[Witness] = (),
    reviews: int = 0,
) -> ChainVerdict:
    """Walk the chain from the first entry; stop at the first broken link.

    ``anchor`` is the (sequence, hash) of the newest entry as the library last wrote it down
    (kept beside the log), which reveals entries removed from the end. ``witnesses`` are the
    same written down outside the library's trail (a file beside it, each backup's own
    trail): each must still be found in the trail. ``reviews`` counts the library's reviews:
    a library with reviews and an empty trail has lost its trail.
    """
    expected, prev, checked = 1, GENESIS_HASH, 0
    hashes: list[str] = []
    newest_form = LEGACY_CHAIN_VERSION
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
        if isinstance(rec, HiddenEntry):
            if rec.prev_hash != prev:
                return ChainVerdict(
                    checked,
                    prev,
                    BrokenLink(
                        rec.seq,
                        f"entry {rec.seq} does not follow on from entry {rec.seq - 1} (an "
                        "earlier entry was rewritten or removed).",
                    ),
                )
            prev, expected, checked = rec.row_hash, expected + 1, checked + 1
            hashes.append(prev)
            continue
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
        relabelled = rec.version not in (LEGACY_CHAIN_VERSION, CHAIN_VERSION) or (
            rec.version == LEGACY_CHAIN_VERSION
            and (rec.account or rec.computer or newest_form > LEGACY_CHAIN_VERSION)
        )
        if relabelled:
            return ChainVerdict(
                checked,
                prev,
                BrokenLink(
                    rec.seq,
                    f"entry {rec.seq} was changed after it was written (it is marked as "
                    "written in a form that does not fit where it stands).",
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
            account=rec.account,
            computer=rec.computer,
            version=rec.version,
        )
        if computed != rec.row_hash:
            return ChainVerdict(
                checked,
                prev,
                BrokenLink(
                    rec.seq,
                    f"entry {rec.seq} was changed after it was written (its time, author, "
                    "account, computer or action no longer match its fingerprint).",
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
        newest_form = max(newest_form, rec.version)
        hashes.append(prev)
    outside = _check_witnesses(hashes, witnesses, reviews)
    if outside is not None:
        return ChainVerdict(checked, prev, outside)
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
    account: str = ""  # "" for entries written before the account was recorded
    computer: str = ""


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
            if key == "rows" and value == 1:
                template = "{} row"
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
        account=rec.account,
        computer=rec.computer,
    )
