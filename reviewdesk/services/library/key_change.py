"""Encrypt, decrypt and change the passphrase as journaled, all-or-nothing changes.

Each change is a short list of steps. Before each step, a small journal beside the library
(:data:`JOURNAL_NAME`, written to a temporary name, synced and renamed into place) names the
step, the key files involved (by name and fingerprint, never a key) and which backups are done.
Every step can be done twice without harm, so whatever the point of interruption (a crash, a
power cut, Ctrl+C, a full disk), the next start (the app or any command) reads the journal and
either **finishes** the change or **undoes** it, and says which in one calm sentence
(:func:`settle`).

The rule that decides: a change is undone until its point of no return, and finished after it.

- ``encrypt``: the point of no return is the library file itself becoming encrypted (one atomic
  rename). It comes only after the recovery key was shown and confirmed, the encrypted copy was
  checked, and the new key file was in place. Before it, undoing needs no key; after it, the
  library is encrypted, so whoever opens it gives the passphrase, and the backups are finished.
- ``decrypt``: the point of no return is the audit entry that records it. The backups are
  decrypted first and the library file last, so while anything needs the key the library is
  still encrypted (and the passphrase is still asked for); the key file goes only when no backup
  needs it any more.
- ``change-passphrase``: the point of no return is the new key file replacing the old one (one
  atomic rename); the data key is the same, so nothing else changes.

No key file is ever deleted or overwritten while a file still needs it: an earlier key file is
set aside (``reviewdesk.key.earlier-<time>``), not replaced.

``hook(point)`` is called at every step and between steps (tests inject faults there).
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewdesk.domain.errors import DatabaseError, ReviewDeskError
from reviewdesk.services.library.backups import list_backups
from reviewdesk.store import backups as backup_files
from reviewdesk.store import cipher, local_notes
from reviewdesk.store.file_header import looks_encrypted
from reviewdesk.store.sqlite_file import DB_ERRORS, DatabaseKey, fsync_dir, side_file

if TYPE_CHECKING:
    from reviewdesk.services.library.encryption import LibraryKeys

JOURNAL_NAME = "reviewdesk.key-change.json"
NEW_KEY_SUFFIX = ".new"
FORMAT, FORMAT_VERSION = "reviewdesk-key-change", 1
KeyProvider = Callable[[], DatabaseKey]
Hook = Callable[[str], None]

# The steps of each change, in order; the point of no return is the first step that is finished
# rather than undone (for encrypt it is decided by the library file itself, see below).
STEPS = {
    "encrypt": (
        "backup", "new-key", "confirm", "convert-library", "install-key", "swap-library",
        "backups", "record", "finish",
    ),
    "decrypt": (
        "backup", "record", "backups", "convert-library", "swap-library", "remove-key", "finish",
    ),
    "change-passphrase": ("new-key", "install-key", "copy-key", "record", "finish"),
}  # fmt: skip
NO_RETURN = {"decrypt": "record"}
WHAT = {
    "encrypt": ("Encrypting the library", "encrypted", "not encrypted"),
    "decrypt": ("Turning off the library's encryption", "not encrypted", "encrypted"),
    "change-passphrase": (
        "Changing the library's passphrase",
        "opened with the new passphrase",
        "opened with the passphrase it had before",
    ),
}


def key_id(key: DatabaseKey) -> str:
    """A fingerprint of a data key that reveals nothing about it (for the journal)."""
    return hmac.new(key.raw, b"reviewdesk key id", hashlib.sha256).hexdigest()[:16]


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


class KeyChangeStopped(ReviewDeskError):
    """A change was interrupted (Ctrl+C, a full disk, an error); the message says where it was
    left: ``outcome`` is "undone" (as before) or "pending" (finished at the next start)."""

    def __init__(self, message: str, outcome: str) -> None:
        super().__init__(message)
        self.outcome = outcome


# --- the journal --------------------------------------------------------------------------------


class Journal:
    """The journal file: a JSON object, replaced atomically (temporary name, fsync, rename,
    fsync of the folder) before each step."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL_NAME

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> dict[str, Any] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = json.loads(raw[: 1 << 20].decode("utf-8"))
            if not (
                isinstance(doc, dict)
                and doc.get("format") == FORMAT
                and doc.get("operation") in STEPS
                and doc.get("step") in STEPS[doc["operation"]]
            ):
                raise ValueError("not a journal of this version")
        except (ValueError, UnicodeDecodeError):
            raise DatabaseError(
                f"ReviewDesk found a record of an unfinished change to the library's encryption "
                f"({self.path.name}), but cannot read it. Nothing has been changed. Please keep "
                "the data folder as it is and ask your IT support for help."
            ) from None
        return doc

    def write(self, doc: dict[str, Any]) -> None:
        from reviewdesk.services.library.encryption import write_private

        write_private(self.path, (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode())

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        fsync_dir(self.path.parent)


# --- the change itself --------------------------------------------------------------------------


@dataclass
class Change:
    """One change under way: the journal's document, and what only memory holds."""

    keys: LibraryKeys
    doc: dict[str, Any]
    hook: Hook | None = None

    @property
    def operation(self) -> str:
        return str(self.doc["operation"])

    @property
    def journal(self) -> Journal:
        return Journal(self.keys.database.parent)

    def at(self, point: str) -> None:
        if self.hook is not None:
            self.hook(point)

    def step(self, name: str) -> None:
        """Write the journal for step ``name``, before doing it."""
        self.doc["step"] = name
        self.journal.write(self.doc)
        self.at(name)

    def done(self, name: str) -> None:
        self.at(f"{name}/done")

    # --- where files live -------------------------------------------------------------------

    @property
    def new_key_file(self) -> Path:
        return self.keys.key_file.with_name(self.keys.key_file.name + NEW_KEY_SUFFIX)

    @property
    def library_temp(self) -> Path:
        return self.keys.database.with_name(f".{self.keys.database.name}.{self.operation}ing")

    def past(self, name: str) -> bool:
        """The journal's step is ``name`` or later."""
        order = STEPS[self.operation]
        return order.index(self.doc["step"]) >= order.index(name)


def new_doc(operation: str, who: str, at: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": secrets.token_hex(8),
        "operation": operation,
        "step": STEPS[operation][0],
        "started_at": at,
        "who": who,
        "old_key": None,
        "new_key": None,
        "set_aside": {},
        "backups": {},
    }


def clean_temporary_files(database: Path, backups_dir: Path) -> int:
    """Remove what interrupted conversions leave (temporary copies, possibly in plain text)."""
    removed = 0
    for folder in (database.parent, backups_dir):
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            name = p.name
            if not name.startswith(".") or not p.is_file():
                continue
            ours = (
                ".part" in name
                or name.endswith(".converted")
                or ".converted-" in name
                or ".encrypting" in name
                or ".decrypting" in name
                or ".change-passphraseing" in name
            )
            bare = name.lstrip(".")  # a temporary copy of a temporary name has two dots
            mine = bare.startswith((f"{database.name}.", "reviewdesk.key"))
            if ours and (folder == backups_dir or mine):
                p.unlink(missing_ok=True)
                removed += 1
    return removed


def _release(database: Path, key: DatabaseKey | None) -> None:
    try:
        backup_files.release_wal(database, key)
    except backup_files.InUseError as exc:
        raise ReviewDeskError(
            "The library is open in another program, so its encryption cannot be changed. "
            "Please close it and try again. Nothing has been changed."
        ) from exc


def convert_library(change: Change, source: DatabaseKey | None, target: DatabaseKey | None) -> None:
    """A checked copy of the library under ``target`` at the change's temporary name."""
    temp = change.library_temp
    for p in (temp, side_file(temp, "-journal")):
        p.unlink(missing_ok=True)
    _release(change.keys.database, source)
    cipher.convert(change.keys.database, temp, source_key=source, target_key=target)


def swap_library(change: Change) -> None:
    if change.library_temp.exists():
        cipher.swap_in(change.library_temp, change.keys.database)


def convert_backups(change: Change, source: DatabaseKey | None, target: DatabaseKey | None) -> None:
    """Bring every backup under ``target`` (plain when None), one by one, the journal updated
    before each. A backup that cannot be converted (damaged) is noted as left."""
    status: dict[str, str] = change.doc.setdefault("backups", {})
    for info in sorted(list_backups(change.keys.backups_dir), key=lambda b: b.name):
        if looks_encrypted(info.path) == (target is not None):
            status[info.name] = "done"
            continue
        status[info.name] = "converting"
        change.step("backups")
        try:
            cipher.convert_in_place(info.path, source_key=source, target_key=target)
        except (ValueError,) + DB_ERRORS:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
            status[info.name] = "left"
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise
            status[info.name] = "left"
        else:
            status[info.name] = "done"
        change.done(f"backups:{info.name}")
    change.step("backups")


def convert_private_notes(
    change: Change, source: DatabaseKey | None, target: DatabaseKey | None
) -> None:
    """Partnership mode's private notes on this computer (store/local_notes.py), and their
    copies beside the backups, follow the library: under ``target`` (plain when None). Each is
    converted and swapped in as a backup is; one that cannot be (damaged) is left as it is."""
    keys = change.keys
    places = [keys.database.parent / local_notes.FILE_NAME]
    if keys.backups_dir.is_dir():
        places += sorted(keys.backups_dir.glob("*" + local_notes.BACKUP_SUFFIX))
    for path in places:
        if not path.is_file() or looks_encrypted(path) == (target is not None):
            continue
        change.at("private-notes")  # (the journal still says "backups": repeatable)
        try:
            cipher.convert_in_place(path, source_key=source, target_key=target)
        except (ValueError,) + DB_ERRORS:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
            continue
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise


def left_backups(change: Change) -> tuple[str, ...]:
    return tuple(sorted(n for n, s in change.doc.get("backups", {}).items() if s == "left"))


def record(change: Change, key: DatabaseKey | None, action: str, **what: Any) -> None:
    """The audit entry for the change, once (the change's id makes a second try a no-op)."""
    change.keys.record_once(key, action, change.doc["id"], who=change.doc["who"], **what)


# --- undoing and finishing ----------------------------------------------------------------------


def aside_places(keys: LibraryKeys) -> dict[str, Path]:
    """Where the key file lives: beside the library, and its copy in the backups folder."""
    return {"library": keys.key_file, "backups": keys.backups_dir / keys.key_file.name}


def _restore_set_aside(change: Change) -> None:
    for where, aside in change.doc.get("set_aside", {}).items():
        original = aside_places(change.keys)[where]
        src = original.with_name(aside)
        if src.exists():
            os.replace(src, original)
            fsync_dir(original.parent)


def undo(change: Change) -> None:
    """Put everything back as it was before the change (only before its point of no return)."""
    keys = change.keys
    change.library_temp.unlink(missing_ok=True)
    new_sha = (change.doc.get("new_key") or {}).get("sha256")
    if change.operation == "encrypt" and new_sha:
        for installed in (keys.key_file, keys.backups_dir / keys.key_file.name):
            if sha256_of(installed) == new_sha:
                installed.unlink(missing_ok=True)
        _restore_set_aside(change)
    change.new_key_file.unlink(missing_ok=True)
    clean_temporary_files(keys.database, keys.backups_dir)
    change.journal.remove()


def decide(change: Change) -> str:
    """ "undo" or "finish", from the journal and the files themselves."""
    op = change.operation
    if op == "encrypt":
        encrypted = looks_encrypted(change.keys.database)
        return "finish" if encrypted and change.past("install-key") else "undo"
    if op == "decrypt":
        return "finish" if change.past(NO_RETURN["decrypt"]) else "undo"
    new_sha = (change.doc.get("new_key") or {}).get("sha256")
    return "finish" if new_sha and sha256_of(change.keys.key_file) == new_sha else "undo"


def needs_key(change: Change) -> bool:
    """Finishing needs the data key (asked for as the library's passphrase)."""
    if change.operation == "encrypt":
        return True
    if change.operation == "decrypt":
        return looks_encrypted(change.keys.database)
    return not change.past("finish")


def finish(change: Change, key: DatabaseKey | None) -> None:
    """Carry the change through from the step the journal names (each step is repeatable)."""
    keys = change.keys
    op = change.operation
    if key is not None:
        expected = (change.doc.get("new_key") or change.doc.get("old_key") or {}).get("id")
        if expected and key_id(key) != expected:
            raise DatabaseError(
                "The key given does not belong to the unfinished change of this library's "
                "encryption. Nothing has been changed."
            )
    clean_temporary_files(keys.database, keys.backups_dir)
    if op == "encrypt":
        if not change.past("backups"):
            change.step("backups")
        convert_backups(change, None, key)
        convert_private_notes(change, None, key)
        change.step("record")
        record(change, key, "library.encrypted", backups_converted=count(change, "done"))
        change.done("record")
    elif op == "decrypt":
        if looks_encrypted(keys.database):
            change.step("backups")
            convert_backups(change, key, None)
            convert_private_notes(change, key, None)
            change.step("convert-library")
            convert_library(change, key, None)
            change.done("convert-library")
            change.step("swap-library")
            swap_library(change)
            change.done("swap-library")
        change.step("remove-key")
        remove_key_if_unneeded(change)
        change.done("remove-key")
    else:
        change.step("copy-key")
        keys.copy_key_file_to_backups()
        change.done("copy-key")
        change.step("record")
        record(change, key, "library.passphrase_changed")
        change.done("record")
    change.step("finish")
    change.new_key_file.unlink(missing_ok=True)
    change.journal.remove()


def remove_key_if_unneeded(change: Change) -> None:
    """After a decrypt: the key file goes only when no backup is still encrypted."""
    keys = change.keys
    if any(looks_encrypted(b.path) for b in list_backups(keys.backups_dir)):
        return
    keys.key_file.unlink(missing_ok=True)
    (keys.backups_dir / keys.key_file.name).unlink(missing_ok=True)
    fsync_dir(keys.database.parent)


def count(change: Change, state: str) -> int:
    return sum(1 for s in change.doc.get("backups", {}).values() if s == state)


def message(operation: str, outcome: str, left: tuple[str, ...] = ()) -> str:
    doing, after, before = WHAT[operation]
    if outcome == "undone":
        return (
            f"{doing} did not finish last time, so it has been undone: the library is "
            f"{before}, just as it was. Nothing is lost."
        )
    text = f"{doing} was interrupted last time; it has now been finished: the library is {after}."
    if left:
        text += (
            " These backups could not be converted (they may be damaged): "
            + ", ".join(left)
            + ". 'reviewdesk check' lists them."
        )
    return text


def settle(
    keys: LibraryKeys, key_provider: KeyProvider | None, *, hook: Hook | None = None
) -> str | None:
    """Finish or undo an interrupted change (the caller holds the one-app lock). Returns the
    sentence to show, or None when there was nothing to do. ``key_provider`` gives the data key
    when finishing needs it (it asks for the passphrase); without one, such a change is left
    for the next start that has the passphrase."""
    journal = Journal(keys.database.parent)
    doc = journal.read()
    if doc is None:
        return None
    change = Change(keys, doc, hook)
    if decide(change) == "undo":
        undo(change)
        return message(change.operation, "undone")
    key = None
    if needs_key(change):
        if key_provider is None:
            return (
                f"{WHAT[change.operation][0]} was interrupted last time, and will be finished "
                "when the library is next opened with its passphrase."
            )
        key = key_provider()
    try:
        finish(change, key)
    except BaseException as exc:
        translated = stopped(change, exc)
        if translated is None:
            raise
        raise translated from exc
    return message(change.operation, "finished", left_backups(change))


# --- running a change ---------------------------------------------------------------------------


def disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    from reviewdesk.store.sqlite_file import storage_reason

    return isinstance(exc, DB_ERRORS) and storage_reason(exc) == "disk_full"


def stopped(change: Change, exc: BaseException) -> KeyChangeStopped | None:
    """After a failure in the middle of a change: undo it now when it is before its point of no
    return (and say so), else leave it for the next start. None for errors that are ours (they
    propagate as they are, after the same tidying)."""
    outcome = "undone" if decide(change) == "undo" else "pending"
    if outcome == "undone":
        try:
            undo(change)
        except (OSError,) + DB_ERRORS:  # noqa: RUF005 (mypy: no *DB_ERRORS here)
            outcome = "pending"  # the next start tries again
    doing, after, before = WHAT[change.operation]
    if isinstance(exc, KeyboardInterrupt):
        why = "Stopped."
    elif disk_full(exc):
        why = f"{doing} could not go on because the disk is full."
    elif isinstance(exc, OSError):
        why = f"{doing} could not go on ({exc.strerror or exc})."
    elif isinstance(exc, (ValueError, *DB_ERRORS)):
        why = f"{doing} could not go on (the converted copy did not check out: {exc})."
    elif isinstance(exc, ReviewDeskError):
        why = str(exc)
    else:
        return None
    if outcome == "undone":
        tail = f" Nothing has been changed: the library is {before}, just as it was."
    else:
        tail = (
            f" The library is already {after}; the rest will be finished the next time "
            "ReviewDesk opens it. Nothing is lost."
        )
    if disk_full(exc):
        tail += " Please free some disk space first."
    return KeyChangeStopped(why + tail, outcome)


def run(change: Change, body: Callable[[], Any]) -> Any:
    try:
        return body()
    except BaseException as exc:
        if isinstance(exc, KeyChangeStopped):
            raise
        translated = stopped(change, exc)
        if translated is None:
            raise
        raise translated from exc


def check_space(keys: LibraryKeys, *, copies_of_library: int) -> None:
    """Refuse to start when the disk clearly has no room for the copies a change makes."""
    size = keys.database.stat().st_size
    largest = max((b.size for b in list_backups(keys.backups_dir)), default=0)
    needed = size * copies_of_library + largest + (4 << 20)
    free = shutil.disk_usage(keys.database.parent).free
    if free < needed:
        raise ReviewDeskError(
            f"There is not enough free disk space for this: about {needed / 1e6:,.0f} MB are "
            f"needed and {free / 1e6:,.0f} MB are free. Nothing has been changed. Please free "
            "some space and try again."
        )
