"""One front door for every file ReviewDesk imports: JSON reviews, case packs and contributions.

The kind of file is read from its content, never from its name. A passphrase is asked for only
when the file turns out to be protected: pass a callable to be asked lazily.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from reviewdesk.domain.errors import ExchangeFormatError
from reviewdesk.domain.packs import FileInfo, FileKind, ImportResult
from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.contributions import ContributionService
from reviewdesk.services.exchange.document import ExchangeService, parse_json_bytes, read_file_bytes
from reviewdesk.services.exchange.packs import PackService

Passphrase = str | Callable[[], str] | None

_OTHER_TYPES = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an older Microsoft Office document"),
    (b"{\\rtf", "a rich-text document"),
    (b"SQLite format 3\x00", "a database file"),
    (b"\x89PNG", "a picture"),
    (b"\xff\xd8\xff", "a picture"),
    (b"PK\x05\x06", "an empty ZIP file"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def sniff(raw: bytes) -> FileKind:
    """What a file is, from its first bytes. Raises a kind message for anything else."""
    if not raw.strip():
        raise ExchangeFormatError("This file is empty. Nothing has been changed.")
    if sealed.is_zip(raw):
        return FileKind.PACK  # or a contribution: the container's mimetype says which
    if raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":
        return FileKind.REVIEW
    what = next((name for magic, name in _OTHER_TYPES if raw.startswith(magic)), None)
    raise ExchangeFormatError(
        "This file is not a ReviewDesk review, case pack or contribution"
        + (f" (it looks like {what})" if what else "")
        + ". Nothing has been changed."
    )


class ImportService:
    def __init__(
        self, exchange: ExchangeService, packs: PackService, contributions: ContributionService
    ) -> None:
        self._exchange = exchange
        self._packs = packs
        self._contributions = contributions

    def inspect(self, path: Path) -> FileInfo:
        """What the file at ``path`` is and whether it needs a passphrase (nothing is written)."""
        raw = read_file_bytes(path)
        if sniff(raw) is FileKind.REVIEW:
            return FileInfo(FileKind.REVIEW, encrypted=False)
        found = sealed.peek(raw)
        return FileInfo(FileKind(found.kind), found.encrypted)

    def import_file(self, path: Path, passphrase: Passphrase = None) -> ImportResult:
        """Import a JSON review, open a case pack, or merge a contribution: all or nothing."""
        raw = read_file_bytes(path)
        if sniff(raw) is FileKind.REVIEW:
            summary = self._exchange.import_document(parse_json_bytes(raw))
            return ImportResult(
                FileKind.REVIEW, summary, f"Imported {summary.reference}: {summary.title}"
            )
        found = sealed.peek(raw)
        secret = None
        if found.encrypted:
            secret = passphrase() if callable(passphrase) else passphrase
        file_sha256 = hashlib.sha256(raw).hexdigest()
        if found.kind == "pack":
            opened = self._packs.open_sealed(found, secret, file_sha256)
            return ImportResult(
                FileKind.PACK,
                opened.review,
                f"Opened the case pack for {opened.review.reference}: {opened.review.title}. "
                f"Your reflections go in the space for {opened.contributor.name}.",
                pack=opened,
            )
        merged = self._contributions.merge_sealed(found, secret, file_sha256)
        return ImportResult(FileKind.CONTRIBUTION, merged.review, merged.message, merge=merged)
