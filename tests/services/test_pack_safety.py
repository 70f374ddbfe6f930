"""Hostile and broken files: each is refused with a clear message, and nothing is written.

Every bad input is built from a valid pack or contribution made in the test (a fixture per bad
input), then offered to the library it was meant for; the database is compared before and after.
"""

from __future__ import annotations

import base64
import io
import json
import random
import stat
import time
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewdesk.domain.errors import (
    ExchangeFormatError,
    PassphraseRequiredError,
    TamperedFileError,
    WrongPassphraseError,
)
from reviewdesk.services.bundle import Services
from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.pack_formats import space_digest, to_bytes
from tests.exchange_loop import PASSPHRASE, PRIYA_THEMES, dump, library, members, reflect, rezip


@dataclass
class Valid:
    pack: bytes
    contribution: bytes
    lead: Services
    fresh: Services
    root: Path


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    root = tmp_path_factory.mktemp("safety")
    lead, priya, fresh = (library(root, n) for n in ("lead", "priya", "fresh"))
    review_id = lead.exchange.add_demo()[0].id
    lead.packs.make_pack(
        review_id, "Priya Shah", root / "p.rdpack", PASSPHRASE, theme_ids=PRIYA_THEMES
    )
    mine = priya.imports.import_file(root / "p.rdpack", PASSPHRASE).review.id
    reflect(priya, mine, "Words from Priya")
    priya.contributions.write(mine, root / "p.rdreturn", PASSPHRASE)
    yield Valid(
        (root / "p.rdpack").read_bytes(), (root / "p.rdreturn").read_bytes(), lead, fresh, root
    )
    for s in (lead, priya, fresh):
        s.close()


def _parts(raw: bytes) -> list[tuple[str, bytes]]:
    return list(members(raw).items())


def _with(raw: bytes, **changes: bytes) -> bytes:
    """The same container with some members' bytes replaced (CRCs made right again)."""
    names = {k.replace("_", "."): v for k, v in changes.items()}
    return rezip([(n, names.get(n, d)) for n, d in _parts(raw)])


def _manifest(raw: bytes) -> dict:
    return json.loads(members(raw)["manifest.json"])


def _with_manifest(raw: bytes, change: Callable[[dict], None], indent: int = 2) -> bytes:
    doc = _manifest(raw)
    change(doc)
    return _with(raw, manifest_json=(json.dumps(doc, indent=indent) + "\n").encode())


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _info(
    name: str, mode: int = stat.S_IFREG | 0o600, compress=zipfile.ZIP_STORED
) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.external_attr = mode << 16
    info.create_system = 3
    info.compress_type = compress
    return info


def _plain(kind: str, payload: bytes) -> bytes:
    return sealed.seal(kind, payload, None)


def _renamed(raw: bytes, old: str, new: str) -> bytes:
    return rezip([(new if n == old else n, d) for n, d in _parts(raw)])


def _inside(raw: bytes) -> dict:
    return json.loads(sealed.unseal(sealed.peek(raw), PASSPHRASE))


def _resealed(raw: bytes, kind: str, change: Callable[[dict], None]) -> bytes:
    doc = _inside(raw)
    change(doc)
    return sealed.seal(kind, to_bytes(doc), PASSPHRASE, sealed.FAST_TEST_KDF)


def _out_of_scope_answer(doc: dict) -> None:
    doc["answers"].append(
        {
            "prompt_id": "identity-own-words",
            "text": "x",
            "evidence": "",
            "updated_at": "2026-03-01T10:00:00Z",
        }
    )
    c = doc["contribution"]
    doc["content_sha256"] = space_digest(
        doc["answers"],
        doc["assessments"],
        review_uid=c["review_uid"],
        contributor_uid=c["contributor_uid"],
    )


def _many_members(raw: bytes) -> bytes:
    return rezip([*_parts(raw), *((f"extra-{i}.txt", b"x") for i in range(8))])


def _zip_password_flag(raw: bytes) -> bytes:
    """Set ZIP's own "encrypted" flag on payload.bin, in its local and central headers (zipfile
    will not write it, so the bytes are patched)."""
    data = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        local = zf.getinfo("payload.bin").header_offset
    data[local + 6] |= 0x1
    central = raw.index(b"PK\x01\x02", raw.index(b"PK\x01\x02") + 1)
    while raw[central + 46 : central + 46 + 11] != b"payload.bin":
        central = raw.index(b"PK\x01\x02", central + 1)
    data[central + 8] |= 0x1
    return bytes(data)


def _duplicate(raw: bytes) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, as it should
        return rezip([*_parts(raw)[:2], ("manifest.json", members(raw)["manifest.json"])])


PACK, CONTRIBUTION = "pack", "contribution"

# name: (which valid file it starts from, how to spoil it, error type, words in the message)
BAD: dict[str, tuple[str, Callable[[bytes], bytes], type[Exception], str]] = {
    "wrong passphrase (pack)": (PACK, lambda r: r, WrongPassphraseError, "does not open"),
    "wrong passphrase (contribution)": (
        CONTRIBUTION,
        lambda r: r,
        WrongPassphraseError,
        "does not open",
    ),
    "truncated to half": (PACK, lambda r: r[: len(r) // 2], ExchangeFormatError, "incomplete"),
    "truncated by a few bytes": (CONTRIBUTION, lambda r: r[:-5], ExchangeFormatError, "incomplete"),
    "truncated inside the data": (
        CONTRIBUTION,
        lambda r: r[:200] + r[-22:],
        ExchangeFormatError,
        "incomplete",
    ),
    "random bytes": (
        PACK,
        lambda r: random.Random(7).randbytes(4096),
        ExchangeFormatError,
        "not a ReviewDesk",
    ),
    "random bytes after a ZIP signature": (
        PACK,
        lambda r: b"PK\x03\x04" + random.Random(8).randbytes(4096),
        ExchangeFormatError,
        "incomplete",
    ),
    "empty file": (PACK, lambda r: b"", ExchangeFormatError, "empty"),
    "zip bomb": (
        PACK,
        lambda r: rezip(
            [*_parts(_plain("pack", b" "))[:2], ("payload.json", b" " * 20_000_000)],
            zipfile.ZIP_DEFLATED,
        ),
        ExchangeFormatError,
        "zip bomb",
    ),
    "a member too large": (
        CONTRIBUTION,
        lambda r: rezip(
            [*_parts(_plain("contribution", b" "))[:2], ("payload.json", b"0" * 60_000_000)],
            zipfile.ZIP_DEFLATED,
        ),
        ExchangeFormatError,
        "larger than",
    ),
    "path traversal": (
        PACK,
        lambda r: _renamed(r, "payload.bin", "../payload.bin"),
        ExchangeFormatError,
        "outside its folder",
    ),
    "path traversal, Windows style": (
        PACK,
        lambda r: _renamed(r, "payload.bin", "..\\payload.bin"),
        ExchangeFormatError,
        "outside its folder",
    ),
    "absolute path": (
        PACK,
        lambda r: _renamed(r, "payload.bin", "/tmp/payload.bin"),
        ExchangeFormatError,
        "absolute path",
    ),
    "drive letter": (
        PACK,
        lambda r: _renamed(r, "payload.bin", "C:payload.bin"),
        ExchangeFormatError,
        "absolute path",
    ),
    "a folder": (
        PACK,
        lambda r: rezip([*_parts(r)[:2], ("notes/", b"")]),
        ExchangeFormatError,
        "folders",
    ),
    "a member inside a folder": (
        PACK,
        lambda r: _renamed(r, "payload.bin", "x/payload.bin"),
        ExchangeFormatError,
        "folders",
    ),
    "a symbolic link": (
        PACK,
        lambda r: rezip(
            [(n, d) for n, d in _parts(r) if n != "payload.bin"]
            + [(_info("payload.bin", stat.S_IFLNK | 0o777), b"/etc/passwd")]
        ),
        ExchangeFormatError,
        "link",
    ),
    "a duplicate member": (PACK, _duplicate, ExchangeFormatError, "twice"),
    "an extra member": (
        PACK,
        lambda r: rezip([*_parts(r)[:2], ("readme.txt", b"hello")]),
        ExchangeFormatError,
        "never holds",
    ),
    "too many members": (CONTRIBUTION, _many_members, ExchangeFormatError, "holds 11 files"),
    "ZIP password protection": (
        PACK,
        _zip_password_flag,
        ExchangeFormatError,
        "password protection",
    ),
    "unusual compression": (
        PACK,
        lambda r: rezip(_parts(_plain("pack", b"{}")), zipfile.ZIP_BZIP2),
        ExchangeFormatError,
        "compression",
    ),
    "wrong file type: PDF": (
        PACK,
        lambda r: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        ExchangeFormatError,
        "PDF",
    ),
    "wrong file type: Word document": (
        PACK,
        lambda r: rezip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")]),
        ExchangeFormatError,
        "not a ReviewDesk case pack",
    ),
    "wrong file type: another program's mimetype": (
        PACK,
        lambda r: _with(r, mimetype=b"application/epub+zip"),
        ExchangeFormatError,
        "not a ReviewDesk case pack",
    ),
    "mimetype compressed": (
        PACK,
        lambda r: rezip(_parts(r), zipfile.ZIP_DEFLATED),
        ExchangeFormatError,
        "not a ReviewDesk case pack",
    ),
    "tampered ciphertext": (
        CONTRIBUTION,
        lambda r: _with(r, payload_bin=_flip(members(r)["payload.bin"], 40)),
        TamperedFileError,
        "changed or damaged",
    ),
    "tampered authentication tag": (
        PACK,
        lambda r: _with(r, payload_bin=_flip(members(r)["payload.bin"], -1)),
        TamperedFileError,
        "changed or damaged",
    ),
    "a flipped byte in the file": (
        PACK,
        lambda r: _flip(r, r.index(members(r)["payload.bin"][:32]) + 10),
        ExchangeFormatError,
        "damaged",
    ),
    "tampered manifest (layout only)": (
        PACK,
        lambda r: _with_manifest(r, lambda m: None, indent=4),
        TamperedFileError,
        "changed or damaged",
    ),
    "tampered manifest (nonce)": (
        CONTRIBUTION,
        lambda r: _with_manifest(
            r, lambda m: m["encryption"].update(nonce=base64.b64encode(bytes(12)).decode())
        ),
        TamperedFileError,
        "changed or damaged",
    ),
    "tampered manifest (salt)": (
        PACK,
        lambda r: _with_manifest(
            r, lambda m: m["encryption"]["kdf"].update(salt=base64.b64encode(bytes(16)).decode())
        ),
        WrongPassphraseError,
        "does not open",
    ),
    "manifest disagrees with mimetype": (
        PACK,
        lambda r: _with_manifest(r, lambda m: m.update(kind="contribution")),
        ExchangeFormatError,
        "disagree",
    ),
    "manifest with an unknown field": (
        PACK,
        lambda r: _with_manifest(r, lambda m: m.update(owner="someone")),
        ExchangeFormatError,
        "does not know: owner",
    ),
    "manifest not JSON": (
        PACK,
        lambda r: _with(r, manifest_json=b"{not json"),
        ExchangeFormatError,
        "manifest",
    ),
    "hostile scrypt memory": (
        PACK,
        lambda r: _with_manifest(r, lambda m: m["encryption"]["kdf"].update(n=2**30)),
        ExchangeFormatError,
        "safe range",
    ),
    "hostile scrypt block size": (
        CONTRIBUTION,
        lambda r: _with_manifest(r, lambda m: m["encryption"]["kdf"].update(r=1024)),
        ExchangeFormatError,
        "safe range",
    ),
    "too-weak scrypt": (
        PACK,
        lambda r: _with_manifest(r, lambda m: m["encryption"]["kdf"].update(n=2)),
        ExchangeFormatError,
        "safe range",
    ),
    "hostile Argon2id memory": (
        PACK,
        lambda r: _with_manifest(
            r,
            lambda m: m["encryption"].update(
                kdf={
                    "name": "argon2id",
                    "salt": m["encryption"]["kdf"]["salt"],
                    "memory_kib": 2**24,
                    "iterations": 3,
                    "lanes": 4,
                }
            ),
        ),
        ExchangeFormatError,
        "safe range",
    ),
    "unknown key derivation": (
        PACK,
        lambda r: _with_manifest(r, lambda m: m["encryption"]["kdf"].update(name="md5")),
        ExchangeFormatError,
        "does not know",
    ),
    "plain manifest over a ciphertext": (
        PACK,
        lambda r: _with_manifest(r, lambda m: m.update(encryption=None)),
        ExchangeFormatError,
        "do not match its description",
    ),
    "payload that is not JSON": (
        PACK,
        lambda r: sealed.seal("pack", b"\x00\x01 not json", PASSPHRASE, sealed.FAST_TEST_KDF),
        ExchangeFormatError,
        "not",
    ),
    "a contribution dressed as a pack": (
        PACK,
        lambda r: _resealed(r, "pack", lambda d: d.update(format="reviewdesk-contribution")),
        ExchangeFormatError,
        "is not a ReviewDesk case pack",
    ),
    "a pack with a broken case record": (
        PACK,
        lambda r: _resealed(r, "pack", lambda d: d["review"].update(review_type="inquest")),
        ExchangeFormatError,
        "review.review_type",
    ),
    "a pack with chronology entries this version cannot read": (
        PACK,
        lambda r: _resealed(r, "pack", lambda d: d.update(chronology=[{"date": "2026-01-01"}])),
        ExchangeFormatError,
        "chronology",
    ),
    "content that does not match its hash": (
        CONTRIBUTION,
        lambda r: _resealed(r, "contribution", lambda d: d["answers"][0].update(text="Changed")),
        ExchangeFormatError,
        "content hash",
    ),
    "an answer outside the pack's themes": (
        CONTRIBUTION,
        lambda r: _resealed(r, "contribution", _out_of_scope_answer),
        ExchangeFormatError,
        "not a prompt in the framework",
    ),
    "an unencrypted contribution": (
        CONTRIBUTION,
        lambda r: sealed.seal("contribution", sealed.unseal(sealed.peek(r), PASSPHRASE), None),
        ExchangeFormatError,
        "not protected by a passphrase",
    ),
    "an archive comment": (
        PACK,
        lambda r: r[:-2] + (5).to_bytes(2, "little") + b"hello",
        ExchangeFormatError,
        "incomplete",
    ),
    "private notes smuggled in": (
        CONTRIBUTION,
        lambda r: _resealed(r, "contribution", lambda d: d.update(private_notes=["x"])),
        ExchangeFormatError,
        "private_notes",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_with_a_message_and_nothing_written(valid: Valid, name: str) -> None:
    start, spoil, error, words = BAD[name]
    raw = spoil(valid.pack if start == PACK else valid.contribution)
    path = valid.root / f"bad-{abs(hash(name))}.rdpack"
    path.write_bytes(raw)
    target = valid.fresh if start == PACK else valid.lead
    db = valid.root / ("fresh" if start == PACK else "lead") / "reviewdesk.sqlite3"
    passphrase = "not the right one at all" if name.startswith("wrong passphrase") else PASSPHRASE
    before = dump(db)
    started = time.perf_counter()
    with pytest.raises(error) as err:
        target.imports.import_file(path, passphrase)
    assert time.perf_counter() - started < 3  # no hostile file makes us work for long
    message = str(err.value)
    assert words in message, message
    assert "Nothing has been changed" in message, message
    assert "Traceback" not in message and len(message) < 600
    assert dump(db) == before


def test_a_protected_file_without_a_passphrase_is_refused_before_anything(valid: Valid) -> None:
    path = valid.root / "needs.rdpack"
    path.write_bytes(valid.pack)
    before = dump(valid.root / "fresh" / "reviewdesk.sqlite3")
    with pytest.raises(PassphraseRequiredError, match="protected by a passphrase"):
        valid.fresh.imports.import_file(path, None)
    assert dump(valid.root / "fresh" / "reviewdesk.sqlite3") == before


def test_the_valid_files_themselves_are_accepted(valid: Valid, tmp_path) -> None:
    """The control: the files every bad input was made from do open."""
    other = library(tmp_path, "control")
    try:
        path = tmp_path / "ok.rdpack"
        path.write_bytes(valid.pack)
        assert other.imports.import_file(path, PASSPHRASE).pack is not None
    finally:
        other.close()
    assert sealed.peek(valid.contribution).kind == "contribution"
