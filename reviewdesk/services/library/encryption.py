"""Encryption at rest: the library (and its backups) as SQLCipher files, and the key file that
opens them.

- A random 32-byte **data key** encrypts the library with SQLCipher (AES-256). It is handed to
  SQLCipher as raw hex (``PRAGMA key = "x'...'"``): the passphrase never reaches SQL.
- The data key is stored only **wrapped** (AES-256-GCM) in ``reviewdesk.key`` beside the library:
  once by a key derived from the passphrase (scrypt or Argon2id, with the same code and bounds
  as case packs: reviewdesk/services/exchange/sealed.py), once by a **recovery key** shown once
  when the library is encrypted (160 random bits, printed as 8 groups of 4 letters and digits).
  The key file holds nothing else: no name, no text, no unwrapped key.
- Changing the passphrase rewraps the data key: nothing is re-encrypted, and backups still open.
- Encrypting (and decrypting) converts the library and every backup with ``sqlcipher_export``
  into a new file, checks it, and swaps it in with an atomic rename, after a verified backup.
- Every switch is a journaled, all-or-nothing change (reviewdesk/services/library/key_change.py):
  the recovery key is confirmed before the point of no return, and whatever interrupts a change,
  the next start finishes or undoes it (:meth:`LibraryKeys.settle`) and says which.
- A wrong passphrase fails the GCM authentication of the wrapped key: a clear message, and
  nothing is touched.

Every operation here runs with the library closed (the command line holds the one-app lock).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

# cryptography is imported where it is used: opening a plain library never needs it (issue 20).
from sqlalchemy import text

from reviewdesk.domain.audit import SYSTEM
from reviewdesk.domain.errors import (
    DatabaseError,
    ExchangeFormatError,
    PassphraseRequiredError,
    ValidationError,
    WrongPassphraseError,
)
from reviewdesk.domain.passphrase import passphrase_problem
from reviewdesk.services.library.backups import list_backups
from reviewdesk.store import audit as audit_store
from reviewdesk.store import backups as backup_files
from reviewdesk.store import local_notes
from reviewdesk.store.core_tables import utcnow
from reviewdesk.store.engine import open_store
from reviewdesk.store.sqlite_file import (
    DatabaseKey,
    fsync_dir,
    fsync_file,
    looks_encrypted,
    private,
)

if TYPE_CHECKING:  # the exchange formats are loaded only for an encrypted library (issue 20)
    from reviewdesk.services.exchange.sealed import KdfParams

KEY_FILE_NAME = "reviewdesk.key"
FORMAT, FORMAT_VERSION = "reviewdesk-key", 1
CIPHER = "sqlcipher4-aes-256"
SALT_BYTES, NONCE_BYTES, DATA_KEY_BYTES, RECOVERY_BYTES = 16, 12, 32, 20
_AAD = {"passphrase": b"reviewdesk-key/1/passphrase", "recovery": b"reviewdesk-key/1/recovery"}
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_NOTHING = "Nothing has been changed."
Clock = Callable[[], datetime]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- the recovery key ---------------------------------------------------------------------------


def format_recovery_key(raw: bytes) -> str:
    """20 bytes as 8 groups of 4 (base32: letters and the digits 2-7, nothing to mistake)."""
    text = base64.b32encode(raw).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes | None:
    """The recovery key's bytes, or None when ``text`` does not look like one (so it is tried
    as a passphrase). Spaces, hyphens and case do not matter; 0/O, 1/I and 8/B are forgiven."""
    clean = "".join(c for c in text.upper() if c not in " -\t\r\n")
    clean = clean.translate(str.maketrans("018", "OIB"))
    if len(clean) != 32 or any(c not in _B32 for c in clean):
        return None
    return base64.b32decode(clean)


def _recovery_wrapping_key(recovery: bytes, salt: bytes) -> bytes:
    # 160 random bits need no slow derivation: HKDF separates this key from any other use.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"reviewdesk recovery key"
    ).derive(recovery)


# --- the key file -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Wrapped:
    nonce: bytes
    wrapped_key: bytes  # AES-256-GCM ciphertext and tag of the data key


@dataclass(frozen=True, slots=True)
class KeyFile:
    kdf: KdfParams
    salt: bytes
    by_passphrase: Wrapped
    recovery_salt: bytes
    by_recovery: Wrapped

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "cipher": CIPHER,
            "passphrase": {
                "kdf": self.kdf.to_dict(self.salt),
                "nonce": _b64(self.by_passphrase.nonce),
                "wrapped_key": _b64(self.by_passphrase.wrapped_key),
            },
            "recovery": {
                "kdf": {"name": "hkdf-sha256", "salt": _b64(self.recovery_salt)},
                "nonce": _b64(self.by_recovery.nonce),
                "wrapped_key": _b64(self.by_recovery.wrapped_key),
            },
        }
        return (json.dumps(doc, indent=2) + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyFile:
        # The key file is read with the packs' strict reader, loaded only for an encrypted
        # library: opening a plain one never imports the exchange formats (issue 20).
        from reviewdesk.services.exchange.reading import (
            StrictReader,
            check_format,
            parse_json_bytes,
        )
        from reviewdesk.services.exchange.sealed import read_bytes
        from reviewdesk.services.exchange.sealed import read_kdf as _read_kdf

        try:
            doc = parse_json_bytes(data)
            r = StrictReader()
            top = r.obj(
                doc, "key file", {"format", "format_version", "cipher", "passphrase", "recovery"}
            )
            check_format(r, top, FORMAT, FORMAT_VERSION, "a ReviewDesk key file")
            if top["cipher"] != CIPHER:
                raise r.fail("key file cipher", "is not one this version knows")
            p = r.obj(top["passphrase"], "key file passphrase", {"kdf", "nonce", "wrapped_key"})
            kdf, salt = _read_kdf(r, p["kdf"], "key file passphrase.kdf")
            rec = r.obj(top["recovery"], "key file recovery", {"kdf", "nonce", "wrapped_key"})
            rk = r.obj(rec["kdf"], "key file recovery.kdf", {"name", "salt"})
            if rk["name"] != "hkdf-sha256":
                raise r.fail("key file recovery.kdf", "is not one this version knows")
            wrapped = DATA_KEY_BYTES + 16
            return cls(
                kdf=kdf,
                salt=salt,
                by_passphrase=Wrapped(
                    read_bytes(r, p["nonce"], "nonce", NONCE_BYTES, NONCE_BYTES),
                    read_bytes(r, p["wrapped_key"], "wrapped_key", wrapped, wrapped),
                ),
                recovery_salt=read_bytes(r, rk["salt"], "salt", SALT_BYTES, 64),
                by_recovery=Wrapped(
                    read_bytes(r, rec["nonce"], "nonce", NONCE_BYTES, NONCE_BYTES),
                    read_bytes(r, rec["wrapped_key"], "wrapped_key", wrapped, wrapped),
                ),
            )
        except ExchangeFormatError as exc:
            raise DatabaseError(
                f"The library's key file ({KEY_FILE_NAME}) is damaged or not a ReviewDesk key "
                f"file ({exc}). {_NOTHING} If you have a copy (there is one in the backups "
                "folder), put it back beside the library."
            ) from None


def _wrap(wrapping_key: bytes, data_key: bytes, purpose: str) -> Wrapped:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return Wrapped(nonce, AESGCM(wrapping_key).encrypt(nonce, data_key, _AAD[purpose]))


def _unwrap(wrapping_key: bytes, wrapped: Wrapped, purpose: str) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(wrapping_key).decrypt(wrapped.nonce, wrapped.wrapped_key, _AAD[purpose])
    except InvalidTag:
        return None


def _passphrase_key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    from reviewdesk.services.exchange.sealed import derive_keys

    return derive_keys(passphrase, salt, kdf)[0]  # the packs' derivation, bounds and NFC rule


def make_key_file(
    data_key: bytes, passphrase: str, recovery: bytes, kdf: KdfParams | None = None
) -> KeyFile:
    """A new key file for ``data_key`` (``kdf``: the passphrase's derivation, by default the
    packs' own)."""
    from reviewdesk.services.exchange.sealed import DEFAULT_KDF, check_kdf

    salt, recovery_salt = os.urandom(SALT_BYTES), os.urandom(SALT_BYTES)
    kdf = check_kdf(kdf or DEFAULT_KDF)
    return KeyFile(
        kdf=kdf,
        salt=salt,
        by_passphrase=_wrap(_passphrase_key(passphrase, salt, kdf), data_key, "passphrase"),
        recovery_salt=recovery_salt,
        by_recovery=_wrap(_recovery_wrapping_key(recovery, recovery_salt), data_key, "recovery"),
    )


def rewrap(
    key_file: KeyFile, data_key: bytes, passphrase: str, kdf: KdfParams | None = None
) -> KeyFile:
    """The same key file with the data key wrapped by a new passphrase (fresh salt and nonce);
    the recovery key's wrapping is kept, so the recovery key printed earlier still works."""
    from reviewdesk.services.exchange.sealed import DEFAULT_KDF, check_kdf

    salt = os.urandom(SALT_BYTES)
    kdf = check_kdf(kdf or DEFAULT_KDF)
    return KeyFile(
        kdf=kdf,
        salt=salt,
        by_passphrase=_wrap(_passphrase_key(passphrase, salt, kdf), data_key, "passphrase"),
        recovery_salt=key_file.recovery_salt,
        by_recovery=key_file.by_recovery,
    )


def unwrap_data_key(key_file: KeyFile, secret: str) -> bytes:
    """The data key, from the passphrase or the recovery key. Raises
    :class:`WrongPassphraseError` when neither opens it."""
    recovery = parse_recovery_key(secret)
    if recovery is not None:
        key = _unwrap(
            _recovery_wrapping_key(recovery, key_file.recovery_salt),
            key_file.by_recovery,
            "recovery",
        )
        if key is not None:
            return key
    key = _unwrap(
        _passphrase_key(secret, key_file.salt, key_file.kdf), key_file.by_passphrase, "passphrase"
    )
    if key is None:
        raise WrongPassphraseError(
            "That passphrase does not unlock this library. Passphrases are case-sensitive; "
            "if you have forgotten it, use the recovery key you printed when the library was "
            f"encrypted. {_NOTHING}"
        )
    return key


# --- the library's encryption -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EncryptResult:
    recovery_key: str  # shown once: print it or keep it somewhere safe, away from the laptop
    backups_converted: int
    backups_left: tuple[str, ...]  # backups that could not be converted (damaged ones)


@dataclass(frozen=True, slots=True)
class DecryptResult:
    backups_converted: int
    backups_left: tuple[str, ...]


def write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        tmp.write_bytes(data)
        private(tmp)
        fsync_file(tmp)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


class LibraryKeys:
    """The encryption state of one library (its file, its backups, its key file)."""

    def __init__(
        self,
        database: Path,
        backups_dir: Path,
        *,
        clock: Clock = utcnow,
        kdf: KdfParams | None = None,
        hook: Callable[[str], None] | None = None,
    ) -> None:
        self.hook = hook  # called at every step of a change (tests inject faults there)
        self.database = database
        self.backups_dir = backups_dir
        self.key_file = database.with_name(KEY_FILE_NAME)
        self._clock = clock
        self._kdf = kdf  # None: the packs' own (make_key_file)

    @property
    def encrypted(self) -> bool:
        """The library file is encrypted: it does not start with SQLite's header, and there is
        a key file for it (beside it, or its copy in the backups folder). A file with neither
        is simply damaged, and is reported as such."""
        has_key_file = self.key_file.exists() or (self.backups_dir / KEY_FILE_NAME).exists()
        return has_key_file and looks_encrypted(self.database)

    def read_key_file(self) -> KeyFile:
        try:
            data = self.key_file.read_bytes()
        except FileNotFoundError:
            raise DatabaseError(
                f"This library is encrypted, but its key file ({self.key_file}) is missing. "
                f"{_NOTHING} Please put the key file back beside the library: a copy is kept "
                f"in {self.backups_dir}."
            ) from None
        return KeyFile.from_bytes(data[: 64 * 1024])

    def unlock(self, secret: str | None) -> DatabaseKey:
        """The key that opens this library, from its passphrase or recovery key."""
        if secret is None:
            raise PassphraseRequiredError(
                "This library is encrypted. Please give its passphrase (or the recovery key). "
                + _NOTHING
            )
        try:
            return DatabaseKey(unwrap_data_key(self.read_key_file(), secret))
        except WrongPassphraseError as exc:
            if self.pending_change() == "change-passphrase":
                raise WrongPassphraseError(
                    f"{exc} A change of passphrase was under way when ReviewDesk last stopped, "
                    "and it had already taken effect: please use the new passphrase (or the "
                    "recovery key)."
                ) from None
            raise

    def verify(self, secret: str) -> bool:
        """True when ``secret`` unlocks the library (the lock screen asks this)."""
        try:
            self.unlock(secret)
        except (WrongPassphraseError, PassphraseRequiredError):
            return False
        return True

    # --- switching (journaled: reviewdesk/services/library/key_change.py) ----------------------

    def pending_change(self) -> str | None:
        """The change under way or interrupted ("encrypt", "decrypt", "change-passphrase")."""
        from reviewdesk.services.library.key_change import Journal

        doc = Journal(self.database.parent).read()
        return None if doc is None else str(doc["operation"])

    def settle(self, key_provider: Callable[[], DatabaseKey] | None = None) -> str | None:
        """Finish or undo a change that was interrupted (the caller holds the one-app lock);
        the sentence that says which, or None when nothing was pending."""
        from reviewdesk.services.library import key_change

        return key_change.settle(self, key_provider, hook=self.hook)

    def _refuse_if_pending(self) -> None:
        if self.pending_change() is not None:
            raise ValidationError(
                "An earlier change to the library's encryption has not been finished yet. "
                "Open the library (or run 'reviewdesk check') to finish or undo it first. "
                + _NOTHING
            )

    def copy_key_file_to_backups(self) -> None:
        self.backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(self.backups_dir / KEY_FILE_NAME, self.key_file.read_bytes())

    def _take_backup(self, kind: str, key: DatabaseKey | None) -> None:
        """Open the library (its checks and any upgrade), take a verified backup, close it."""
        store = open_store(self.database, self.backups_dir, clock=self._clock, key=key)
        try:
            with store.raw() as conn:
                taken = backup_files.take(conn, self.backups_dir, kind, self._clock(), key=key)
            # partnership mode's private notes on this computer go with it (restoring this
            # backup after a failed change brings them back too)
            local_notes.copy_beside(self.database.parent, taken)
            store.checkpoint()
        finally:
            store.close()

    def record_once(
        self, key: DatabaseKey | None, action: str, change_id: str, *, who: str, **what: Any
    ) -> None:
        """Append the audit entry of change ``change_id``, unless it is there already."""
        store = open_store(self.database, self.backups_dir, clock=self._clock, key=key)
        try:
            with store.write() as session:
                seen = session.execute(
                    text("SELECT 1 FROM audit_log WHERE action = :action AND what LIKE :what"),
                    {"action": action, "what": f'%"change":"{change_id}"%'},
                ).first()
                if seen is None:
                    audit_store.append(
                        session,
                        at=self._clock(),
                        who=who,
                        action=action,
                        what={**what, "change": change_id},
                    )
            store.checkpoint()
        finally:
            store.close()

    def encrypt(
        self, passphrase: str, *, confirm: Callable[[str], bool], who: str = SYSTEM
    ) -> EncryptResult:
        """Encrypt the library and its backups. ``confirm(recovery_key)`` shows the recovery key
        and returns True once the person has confirmed they kept it (the CLI has them type part
        of it back: :func:`confirmation_matches`); it is called before the point of no return,
        and False (or an interruption) leaves everything as it was."""
        from reviewdesk.services.library import key_change as kc

        self._refuse_if_pending()
        if self.encrypted:
            raise ValidationError(f"This library is already encrypted. {_NOTHING}")
        if not self.database.exists():
            raise DatabaseError(f"There is no library at {self.database} to encrypt.")
        problem = passphrase_problem(passphrase)
        if problem:
            raise ValidationError(problem, {"passphrase": problem})
        backups = list_backups(self.backups_dir)
        still_encrypted = [b.name for b in backups if looks_encrypted(b.path)]
        if still_encrypted:
            raise ValidationError(
                "Some backups are still encrypted with this library's earlier key ("
                + ", ".join(still_encrypted[:3])
                + (" and more" if len(still_encrypted) > 3 else "")
                + "). Please turn them into plain backups first with 'reviewdesk check --fix' "
                "(it asks for the passphrase they were encrypted with), or move them out of the "
                f"backups folder. {_NOTHING}"
            )
        kc.check_space(self, copies_of_library=2)
        change = kc.Change(self, kc.new_doc("encrypt", who, _iso(self._clock())), self.hook)

        def body() -> EncryptResult:
            change.step("backup")
            self._take_backup("before-encrypt", None)
            change.done("backup")
            data_key = secrets.token_bytes(DATA_KEY_BYTES)
            recovery = secrets.token_bytes(RECOVERY_BYTES)
            key = DatabaseKey(data_key)
            data = make_key_file(data_key, passphrase, recovery, self._kdf).to_bytes()
            change.doc["new_key"] = {
                "file": change.new_key_file.name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "id": kc.key_id(key),
            }
            change.step("new-key")
            write_private(change.new_key_file, data)
            change.done("new-key")
            change.step("confirm")
            shown = format_recovery_key(recovery)
            if not confirm(shown):
                kc.undo(change)
                raise ValidationError(
                    "The recovery key was not confirmed, so the library has not been encrypted. "
                    + _NOTHING
                )
            change.done("confirm")
            change.step("convert-library")
            kc.convert_library(change, None, key)
            change.done("convert-library")
            stamp = backup_files.stamp(self._clock())
            change.doc["set_aside"] = {
                where: f"{KEY_FILE_NAME}.earlier-{stamp}"
                for where, path in kc.aside_places(self).items()
                if path.exists()
            }
            change.step("install-key")
            for where, aside in change.doc["set_aside"].items():
                place = kc.aside_places(self)[where]
                if place.exists():  # kept, never overwritten: something may still need it
                    os.replace(place, place.with_name(aside))
            os.replace(change.new_key_file, self.key_file)
            fsync_dir(self.key_file.parent)
            self.copy_key_file_to_backups()
            change.done("install-key")
            change.step("swap-library")
            kc.swap_library(change)
            change.done("swap-library")
            kc.finish(change, key)
            return EncryptResult(shown, kc.count(change, "done"), kc.left_backups(change))

        return kc.run(change, body)

    def decrypt(self, secret: str | None, *, who: str = SYSTEM) -> DecryptResult:
        """Turn the library and its backups back into plain SQLite files; the key file goes
        once no backup needs it."""
        from reviewdesk.services.library import key_change as kc

        self._refuse_if_pending()
        if not self.encrypted:
            raise ValidationError(f"This library is not encrypted. {_NOTHING}")
        key = self.unlock(secret)
        kc.check_space(self, copies_of_library=2)
        change = kc.Change(self, kc.new_doc("decrypt", who, _iso(self._clock())), self.hook)
        change.doc["old_key"] = {
            "file": self.key_file.name,
            "sha256": kc.sha256_of(self.key_file),
            "id": kc.key_id(key),
        }

        def body() -> DecryptResult:
            change.step("backup")
            self._take_backup("before-decrypt", key)
            change.done("backup")
            change.step("record")
            kc.record(change, key, "library.decrypted")
            change.done("record")
            kc.finish(change, key)
            return DecryptResult(kc.count(change, "done"), kc.left_backups(change))

        return kc.run(change, body)

    def change_passphrase(
        self, secret: str | None, new_passphrase: str, *, who: str = SYSTEM
    ) -> None:
        """Rewrap the data key with a new passphrase (``secret``: the old passphrase or the
        recovery key). Nothing is re-encrypted; backups open with the new passphrase too."""
        from reviewdesk.services.library import key_change as kc

        self._refuse_if_pending()
        if not self.encrypted:
            raise ValidationError(f"This library is not encrypted. {_NOTHING}")
        problem = passphrase_problem(new_passphrase)
        if problem:
            raise ValidationError(problem, {"passphrase": problem})
        key_file = self.read_key_file()
        key = self.unlock(secret)
        data = rewrap(key_file, key.raw, new_passphrase, self._kdf).to_bytes()
        change = kc.Change(
            self, kc.new_doc("change-passphrase", who, _iso(self._clock())), self.hook
        )
        change.doc["old_key"] = {
            "file": self.key_file.name,
            "sha256": kc.sha256_of(self.key_file),
            "id": kc.key_id(key),
        }
        change.doc["new_key"] = {
            "file": change.new_key_file.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "id": kc.key_id(key),
        }

        def body() -> None:
            change.step("new-key")
            write_private(change.new_key_file, data)
            change.done("new-key")
            change.step("install-key")
            os.replace(change.new_key_file, self.key_file)
            fsync_dir(self.key_file.parent)
            change.done("install-key")
            kc.finish(change, key)

        kc.run(change, body)


def _iso(when: datetime) -> str:
    return when.isoformat()


def confirmation_matches(recovery_key: str, typed: str) -> bool:
    """True when ``typed`` is the recovery key's last two groups (spaces, hyphens, case and the
    look-alikes 0/O, 1/I and 8/B forgiven): proof it was written down, asked for before the
    point of no return."""

    def clean(text: str) -> str:
        out = "".join(c for c in text.upper() if c not in " -\t\r\n")
        return out.translate(str.maketrans("018", "OIB"))

    return bool(typed) and clean(typed) == clean("".join(recovery_key.split("-")[-2:]))
