"""The sealed container shared by case packs and returned contributions (docs/formats.md, §3-5).

A ZIP file with a strict allow-list of members, in this order:

``mimetype``
    stored (not compressed), first: ``application/vnd.reviewdesk.pack`` or
    ``application/vnd.reviewdesk.contribution``. A program can tell the file type from the first
    bytes, and ReviewDesk never trusts the file's extension.
``manifest.json``
    plain JSON: format, kind, version and the encryption parameters. Never any personal data.
``payload.bin``
    AES-256-GCM ciphertext of the UTF-8 JSON payload, with the manifest's exact bytes as
    associated data, so changing either is detected; or
``payload.json``
    the payload in the clear, only when the sender deliberately chose no encryption.

The key is derived from a passphrase with scrypt (default n=2**17, r=8, p=1: 128 MiB, about half
a second) and a fresh 16-byte salt per file; the nonce is a fresh 12 bytes. Argon2id is also read
and can be written, where the installed ``cryptography`` supports it. A reader accepts only
parameters inside :data:`SCRYPT_BOUNDS` / :data:`ARGON2_BOUNDS`, so a hostile file cannot make it
spend gigabytes of memory or minutes of time.

Test seam: the parameters used for *writing* are :data:`DEFAULT_KDF` unless a caller passes
``kdf=``; tests pass :data:`FAST_TEST_KDF` (in bounds, about 50 ms) where many files are written.
"""

from __future__ import annotations

import base64
import hmac
import io
import json
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

# cryptography is imported where it is used: opening a plain library never needs it (issue 20).
from reviewdesk.domain.errors import (
    ExchangeFormatError,
    PassphraseRequiredError,
    TamperedFileError,
    WrongPassphraseError,
)
from reviewdesk.domain.passphrase import normalise
from reviewdesk.services.exchange.reading import StrictReader, check_format, parse_json_bytes

CONTAINER_FORMAT = "reviewdesk-sealed"
CONTAINER_VERSION = 1
MIMETYPES = {
    "pack": "application/vnd.reviewdesk.pack",
    "contribution": "application/vnd.reviewdesk.contribution",
}
KIND_NAMES = {"pack": "case pack", "contribution": "returned contribution"}
CIPHER = "aes-256-gcm"

MAX_FILE_BYTES = 50 * 1024 * 1024  # the same limit as a JSON review
MAX_MEMBER_BYTES = {
    "mimetype": 64,
    "manifest.json": 16 * 1024,
    "payload.bin": MAX_FILE_BYTES,
    "payload.json": MAX_FILE_BYTES,
}
MAX_MEMBERS = 3
MAX_RATIO = 200  # uncompressed : compressed. Real JSON is ~5-20; a zip bomb is ~1000.
RATIO_FLOOR = 64 * 1024  # below this many bytes, compression ratio does not matter
SALT_BYTES, NONCE_BYTES, KEY_BYTES, CHECK_BYTES = 16, 12, 32, 16
_NOTHING = "Nothing has been changed."


# --- key derivation -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScryptParams:
    n: int = 2**17
    r: int = 8
    p: int = 1

    name = "scrypt"

    def to_dict(self, salt: bytes) -> dict[str, Any]:
        return {"name": "scrypt", "salt": _b64(salt), "n": self.n, "r": self.r, "p": self.p}

    def derive(self, secret: bytes, salt: bytes, length: int) -> bytes:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        return Scrypt(salt=salt, length=length, n=self.n, r=self.r, p=self.p).derive(secret)


@dataclass(frozen=True, slots=True)
class Argon2idParams:
    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    name = "argon2id"

    def to_dict(self, salt: bytes) -> dict[str, Any]:
        return {
            "name": "argon2id",
            "salt": _b64(salt),
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    def derive(self, secret: bytes, salt: bytes, length: int) -> bytes:
        from cryptography.exceptions import UnsupportedAlgorithm

        try:
            from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
        except ImportError:
            raise UnsupportedAlgorithm("Argon2id") from None
        return Argon2id(
            salt=salt,
            length=length,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(secret)


KdfParams = ScryptParams | Argon2idParams

DEFAULT_KDF: KdfParams = ScryptParams()
FAST_TEST_KDF: KdfParams = ScryptParams(n=2**14, r=8, p=1)  # the cheapest a reader accepts

# What a reader accepts. scrypt memory is 128 * n * r bytes: at most 256 MiB here.
SCRYPT_BOUNDS = {"n": (2**14, 2**18), "r": (1, 16), "p": (1, 4)}
SCRYPT_MAX_MEMORY = 256 * 1024 * 1024
ARGON2_BOUNDS = {"memory_kib": (19 * 1024, 256 * 1024), "iterations": (1, 10), "lanes": (1, 8)}


def argon2id_available() -> bool:
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        Argon2idParams(memory_kib=19 * 1024, iterations=1, lanes=1).derive(b"x", b"0" * 16, 32)
    except UnsupportedAlgorithm:
        return False
    return True


def check_kdf(params: KdfParams) -> KdfParams:
    """Refuse parameters outside the bounds (for writing and for reading alike)."""
    bounds = SCRYPT_BOUNDS if isinstance(params, ScryptParams) else ARGON2_BOUNDS
    values = {name: getattr(params, name) for name in bounds}
    ok = all(
        isinstance(v, int) and not isinstance(v, bool) and bounds[k][0] <= v <= bounds[k][1]
        for k, v in values.items()
    )
    if ok and isinstance(params, ScryptParams):
        ok = params.n & (params.n - 1) == 0 and 128 * params.n * params.r <= SCRYPT_MAX_MEMORY
    if not ok:
        raise ExchangeFormatError(
            "This file asks for passphrase settings outside the safe range ReviewDesk accepts, "
            f"so it has not been opened. {_NOTHING}"
        )
    return params


def derive_keys(passphrase: str, salt: bytes, params: KdfParams) -> tuple[bytes, bytes]:
    """The AES key and a separate key-check value, from one derivation."""
    from cryptography.exceptions import UnsupportedAlgorithm

    secret = normalise(passphrase).encode("utf-8")
    try:
        out = check_kdf(params).derive(secret, salt, KEY_BYTES + CHECK_BYTES)
    except UnsupportedAlgorithm:
        raise ExchangeFormatError(
            f"This file is protected with {params.name}, which the encryption library on this "
            f"computer cannot do. Please ask the sender to make it again. {_NOTHING}"
        ) from None
    return out[:KEY_BYTES], out[KEY_BYTES:]


# --- writing ------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _zip_info(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # no timestamp leaks
    info.compress_type = compress
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    info.create_system = 3  # so the mode bits above are read as Unix modes
    return info


def seal(kind: str, payload: bytes, passphrase: str | None, kdf: KdfParams | None = None) -> bytes:
    """The bytes of a container holding ``payload``; encrypted unless ``passphrase`` is None."""
    if kind not in MIMETYPES:
        raise ValueError(kind)
    if len(payload) > MAX_FILE_BYTES - 64 * 1024:
        raise ExchangeFormatError(
            f"This {KIND_NAMES[kind]} would be larger than {MAX_FILE_BYTES // 2**20} MB, "
            "which ReviewDesk cannot read back. Please choose fewer themes."
        )
    manifest: dict[str, Any] = {
        "format": CONTAINER_FORMAT,
        "format_version": CONTAINER_VERSION,
        "kind": kind,
        "encryption": None,
    }
    if passphrase is None:
        body_name, body, compress = "payload.json", payload, zipfile.ZIP_DEFLATED
        manifest_bytes = _manifest_bytes(manifest)
    else:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        params = check_kdf(kdf or DEFAULT_KDF)
        salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
        key, check = derive_keys(passphrase, salt, params)
        manifest["encryption"] = {
            "cipher": CIPHER,
            "nonce": _b64(nonce),
            "kdf": params.to_dict(salt),
            "key_check": _b64(check),
        }
        manifest_bytes = _manifest_bytes(manifest)
        body_name, compress = "payload.bin", zipfile.ZIP_STORED  # ciphertext does not compress
        body = AESGCM(key).encrypt(nonce, payload, manifest_bytes)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(_zip_info("mimetype", zipfile.ZIP_STORED), MIMETYPES[kind].encode("ascii"))
        zf.writestr(_zip_info("manifest.json", zipfile.ZIP_DEFLATED), manifest_bytes)
        zf.writestr(_zip_info(body_name, compress), body)
    return out.getvalue()


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=True) + "\n").encode("ascii")


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SealedFile:
    """A container that passed every structural check, not yet opened."""

    kind: str
    manifest: dict[str, Any]
    manifest_bytes: bytes
    body: bytes

    @property
    def encrypted(self) -> bool:
        return self.manifest["encryption"] is not None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


def is_zip(raw: bytes) -> bool:
    return raw[:4] == b"PK\x03\x04"


def _refuse(problem: str) -> ExchangeFormatError:
    return ExchangeFormatError(f"{problem} {_NOTHING}")


def _damaged() -> ExchangeFormatError:
    return _refuse(
        "This file is damaged or incomplete (perhaps it was cut short while being copied or "
        "attached). Please ask for it to be sent again."
    )


def _not_ours() -> ExchangeFormatError:
    return _refuse(
        "This is a ZIP file, but not a ReviewDesk case pack or contribution (it may be a Word "
        "document or another program's file)."
    )


def _check_directory(raw: bytes) -> None:
    """Read the end-of-central-directory record ourselves before zipfile builds its member list,
    so a file claiming a million members is refused without the memory to list them."""
    at = len(raw) - 22  # ReviewDesk never writes an archive comment: the record ends the file
    if at < 0 or raw[at : at + 4] != b"PK\x05\x06":
        raise _damaged()
    (_sig, disk, cd_disk, on_disk, total, cd_size, cd_offset, comment_len) = struct.unpack(
        "<4s4H2LH", raw[at:]
    )
    if comment_len:
        raise _damaged()
    zip64_locator = at >= 20 and raw[at - 20 : at - 16] == b"PK\x06\x07"
    if zip64_locator or total == 0xFFFF or 0xFFFFFFFF in (cd_size, cd_offset):
        raise _refuse("This file uses ZIP features a ReviewDesk file never uses (ZIP64).")
    if disk or cd_disk or on_disk != total:
        raise _refuse("This file is one part of a split ZIP archive, which ReviewDesk cannot read.")
    if total > MAX_MEMBERS:
        raise _refuse(
            f"This file holds {total:,} files inside it; a ReviewDesk pack or contribution holds "
            f"{MAX_MEMBERS}. It may be a different kind of ZIP file."
        )
    if cd_offset + cd_size > at:
        raise _damaged()


def _check_name(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise _refuse(f"This file contains an absolute path ('{name[:60]}'), which is not allowed.")
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        raise _refuse(
            f"This file contains a path that tries to reach outside its folder ('{name[:60]}'). "
            "It may have been made to cause harm, so it has not been opened."
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(f"This file contains a link ('{name[:60]}'), which is not allowed.")
    if info.is_dir() or stat.S_ISDIR(mode) or len(parts) > 1:
        raise _refuse(f"This file contains folders ('{name[:60]}'), which is not allowed.")
    if name in seen:
        raise _refuse(f"This file contains '{name[:60]}' twice, which is not allowed.")
    seen.add(name)
    if name not in MAX_MEMBER_BYTES:
        raise _refuse(
            f"This file contains '{name[:60]}', which a ReviewDesk pack or contribution "
            "never holds."
        )
    if info.flag_bits & 0x1:
        raise _refuse("This file uses ZIP's own password protection, which ReviewDesk never uses.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _refuse("This file uses a kind of compression ReviewDesk never uses.")
    limit = MAX_MEMBER_BYTES[name]
    if info.file_size > limit:
        raise _refuse(
            f"This file's '{name}' is larger than a ReviewDesk file can be "
            f"({info.file_size:,} bytes; the limit is {limit:,})."
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _refuse(
            "This file expands to far more than its size (a 'zip bomb'), so it has not been opened."
        )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    limit = MAX_MEMBER_BYTES[info.filename]
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit or len(data) != info.file_size:
        raise _damaged()
    return data


def peek(raw: bytes) -> SealedFile:
    """Check a container's structure and manifest (no passphrase needed)."""
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(f"This file is larger than {MAX_FILE_BYTES // 2**20} MB.")
    if not is_zip(raw):
        raise _not_ours()
    _check_directory(raw)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
        raise _damaged() from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _damaged()
        if not infos or infos[0].filename != "mimetype":
            raise _not_ours()
        seen: set[str] = set()
        for info in infos:
            _check_name(info, seen)
        if infos[0].compress_type != zipfile.ZIP_STORED or infos[0].header_offset != 0:
            raise _not_ours()
        try:
            members = {info.filename: _read_member(zf, info) for info in infos}
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error):
            raise _damaged() from None
    kinds = {v.encode("ascii"): k for k, v in MIMETYPES.items()}
    kind = kinds.get(members["mimetype"])
    if kind is None:
        raise _not_ours()
    if "manifest.json" not in members:
        raise _damaged()
    manifest = _read_manifest(members["manifest.json"], kind)
    body_name = "payload.json" if manifest["encryption"] is None else "payload.bin"
    if set(members) != {"mimetype", "manifest.json", body_name}:
        raise _refuse(
            "This file's contents do not match its description of itself, so it cannot be trusted."
        )
    return SealedFile(kind, manifest, members["manifest.json"], members[body_name])


def _bytes(r: StrictReader, value: Any, where: str, low: int, high: int) -> bytes:
    text = r.text(value, where, 200, required=True)
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        raise r.fail(where, "is not valid base64") from None
    if not low <= len(data) <= high:
        raise r.fail(where, f"should be {low} bytes" + (f" to {high}" if high != low else ""))
    return data


def read_bytes(r: StrictReader, value: Any, where: str, low: int, high: int) -> bytes:
    """Base64 bytes of a length within bounds (for files that reuse these parameters)."""
    return _bytes(r, value, where, low, high)


def read_kdf(r: StrictReader, value: Any, where: str) -> tuple[KdfParams, bytes]:
    """Key-derivation parameters and salt as written by :meth:`ScryptParams.to_dict` (or the
    Argon2id form), checked against the bounds before anything is derived."""
    name = value.get("name") if isinstance(value, dict) else None
    params: KdfParams
    if name == "scrypt":
        kdf = r.obj(value, where, {"name", "salt", "n", "r", "p"})
        params = ScryptParams(n=kdf["n"], r=kdf["r"], p=kdf["p"])
    elif name == "argon2id":
        kdf = r.obj(value, where, {"name", "salt", "memory_kib", "iterations", "lanes"})
        params = Argon2idParams(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])
    else:
        raise _refuse("This file is protected in a way this version of ReviewDesk does not know.")
    return check_kdf(params), _bytes(r, kdf["salt"], f"{where}.salt", SALT_BYTES, 64)


def _read_manifest(data: bytes, kind: str) -> dict[str, Any]:
    """The manifest, checked strictly; ``encryption`` comes back with bytes and typed parameters."""
    try:
        doc = parse_json_bytes(data)
    except ExchangeFormatError:
        raise _refuse("This file's description of itself (its manifest) is not readable.") from None
    r = StrictReader()
    where = "manifest.json"
    top = r.obj(doc, where, {"format", "format_version", "kind", "encryption"})
    check_format(r, top, CONTAINER_FORMAT, CONTAINER_VERSION, "a ReviewDesk pack or contribution")
    if top["kind"] != kind:
        raise _refuse("This file's parts disagree about what kind of file it is.")
    if top["encryption"] is None:
        return {**top, "encryption": None}
    enc = r.obj(top["encryption"], f"{where} encryption", {"cipher", "nonce", "kdf", "key_check"})
    if enc["cipher"] != CIPHER:
        raise _refuse("This file is encrypted in a way this version of ReviewDesk does not know.")
    params, salt = read_kdf(r, enc["kdf"], f"{where} encryption.kdf")
    return {
        **top,
        "encryption": {
            "kdf": params,
            "salt": salt,
            "nonce": _bytes(r, enc["nonce"], f"{where} encryption.nonce", NONCE_BYTES, NONCE_BYTES),
            "key_check": _bytes(
                r, enc["key_check"], f"{where} encryption.key_check", CHECK_BYTES, CHECK_BYTES
            ),
        },
    }


def unseal(sealed: SealedFile, passphrase: str | None) -> bytes:
    """The payload bytes: decrypted and authenticated, or as stored when not encrypted."""
    enc = sealed.manifest["encryption"]
    if enc is None:
        return sealed.body
    if passphrase is None:
        raise PassphraseRequiredError(
            f"This {sealed.kind_name} is protected by a passphrase. Please enter the passphrase "
            "the sender gave you."
        )
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key, check = derive_keys(passphrase, enc["salt"], enc["kdf"])
    if not hmac.compare_digest(check, enc["key_check"]):
        raise WrongPassphraseError(
            f"That passphrase does not open this {sealed.kind_name}. Passphrases are "
            "case-sensitive: please check it with the person who sent the file. " + _NOTHING
        )
    try:
        return AESGCM(key).decrypt(enc["nonce"], sealed.body, sealed.manifest_bytes)
    except InvalidTag:
        raise TamperedFileError(
            f"This {sealed.kind_name} has been changed or damaged since it was made, so it "
            "cannot be trusted. Please ask the sender for a fresh copy. " + _NOTHING
        ) from None
