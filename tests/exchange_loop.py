"""Helpers for tests of the exchange loop: a review lead and two practitioners, each with their
own data folder. Files are written with cheap (still in-bounds) key derivation unless a test asks
for the real parameters."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from reviewdesk.domain.review import Relevance
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import Services, open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from tests.services.test_exchange import _dump as dump  # noqa: F401  (re-exported)

PASSPHRASE = "plum tractor lantern"
PRIYA_THEMES = ("whole-family", "babies")


def library(root: Path, name: str) -> Services:
    return open_services(resolve_paths(root / name), kdf=FAST_TEST_KDF)


def members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(entries: list[tuple[str, bytes]] | list, compress: int = zipfile.ZIP_STORED) -> bytes:
    """A ZIP built by hand (entries are (name or ZipInfo, data))."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                zf.writestr(name, data)
            else:
                zf.writestr(name, data, compress_type=compress)
    return out.getvalue()


def reflect(services: Services, review_id: int, words: str, *, theme_index: int = 0) -> None:
    """The practitioner answers the first prompt of one theme and rates it."""
    doc = services.reviews.get(review_id)
    (work,) = doc.contributors
    theme = doc.framework.themes[theme_index]
    cid = work.contributor.id
    services.reviews.save_answer(cid, theme.prompts[0].id, words, "Record of the visit")
    services.reviews.save_assessment(cid, theme.id, Relevance.SIGNIFICANT, f"Learning: {words}")


def payload_of(raw: bytes) -> dict:
    """The JSON inside an unencrypted container."""
    return json.loads(members(raw)["payload.json"])
