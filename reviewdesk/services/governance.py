"""The note for the data protection officer (docs/information-governance.md, shipped as
resources/governance/information-governance.md) as a PDF, beginning with this library's own
settings: where it is, whether and how it is encrypted, the idle lock, the marking, the backups,
the retention dates and the audit trail. Never any review content."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reviewdesk import __version__
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.files import write_atomically
from reviewdesk.resources import resource

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

DOC_NAME = "information-governance.md"


def governance_text() -> str:
    """The note as shipped with this version."""
    return resource("governance", DOC_NAME).read_text(encoding="utf-8")


def _kdf_text(services: Services) -> str:
    from reviewdesk.services.exchange.sealed import Argon2idParams, ScryptParams

    keys = services.keys
    if keys is None:
        return ""
    try:
        kdf = keys.read_key_file().kdf
    except ReviewDeskError:
        return "the key file could not be read"
    if isinstance(kdf, ScryptParams):
        return f"scrypt (N = 2^{kdf.n.bit_length() - 1}, r = {kdf.r}, p = {kdf.p})"
    if isinstance(kdf, Argon2idParams):
        return (
            f"Argon2id ({kdf.memory_kib // 1024} MiB, {kdf.iterations} iterations, "
            f"{kdf.lanes} lanes)"
        )
    return str(kdf)


def library_facts(services: Services, paths) -> list[tuple[str, str]]:
    """(label, value) pairs describing this library and its settings, for the PDF's first page."""
    from reviewdesk.services.library.encryption import CIPHER, KEY_FILE_NAME

    encrypted = services.encrypted
    backups = services.backups.list()
    newest = max((b.taken_at for b in backups), default=None)
    today = services.retention.today()
    items = services.retention.items()
    dated = [i for i in items if i.review_on is not None]
    due = [i for i in dated if i.due(today)]
    idle = services.settings.idle_lock_minutes()
    facts = [
        ("Made", f"{datetime.now().astimezone():%d %B %Y, %H:%M} with ReviewDesk {__version__}"),
        ("Data folder", f"{paths.data_dir} (chosen by: {paths.how})"),
        ("Library file", str(paths.database)),
        ("Reviews in the library", str(len(services.reviews.list_reviews()))),
        (
            "Encrypted at rest",
            f"yes: {CIPHER} (SQLCipher 4, AES-256); the data key is wrapped with AES-256-GCM "
            f"by a passphrase key from {_kdf_text(services)} and by a 160-bit recovery key; "
            f"key file {paths.data_dir / KEY_FILE_NAME}"
            if encrypted
            else "no: the library file can be read by anyone who can use this computer "
            "account. It can be encrypted in File, Library settings.",
        ),
        (
            "Idle lock",
            (
                f"after {idle} minute{'s' if idle != 1 else ''} without use, and on waking "
                "from sleep"
                if idle > 0
                else "off (only on waking from sleep, and File, Lock ReviewDesk now)"
            )
            + (
                "; locking closes the library and forgets its key"
                if encrypted
                else "; without encryption the lock only hides the window"
            ),
        ),
        ("Protective marking for new documents", services.settings.default_marking() or "none"),
        (
            "Backups",
            f"{len(backups)} in {paths.backups_dir}"
            + (f", the newest taken {newest.astimezone():%d %B %Y, %H:%M}" if newest else "")
            + ("; encrypted like the library" if encrypted else ""),
        ),
        (
            "Retention review dates",
            f"{len(dated)} of {len(items)} reviews have one; {len(due)} due now",
        ),
        ("Audit trail", f"{services.audit.count()} entries, hash-chained and append-only"),
        ("Network connections", "none: ReviewDesk has no network code"),
    ]
    return facts


class GovernanceDocument:
    """``services.governance``: the DPO's note for this library."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def render_pdf(self, paths) -> bytes:
        from reviewdesk.exports.governance_pdf import render_governance_pdf

        return render_governance_pdf(
            governance_text(),
            library_facts(self._services, paths),
            marking=self._services.settings.default_marking(),
        )

    def export_pdf(self, paths, output: Path) -> Path:
        """Write the PDF to ``output`` (replacing it: the save dialog has asked)."""
        return write_atomically(output, self.render_pdf(paths), overwrite=True)
