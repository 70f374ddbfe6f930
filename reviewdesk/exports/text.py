"""User text on its way into a document: cleaned, shortened and escaped where it crosses.

Everything a person typed is *text*, never markup. :func:`markup` is the only way user text
reaches a ReportLab ``Paragraph``: it escapes ``& < >`` (so a typed ``<img src=...>`` prints as
those characters and pulls nothing in), drops characters XML cannot hold, and turns line breaks
into ``<br/>``. :func:`clean` is what the Word exporter uses (python-docx refuses XML-invalid
characters).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

# Characters XML 1.0 cannot hold, plus C1 controls and non-characters.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NEWLINES = re.compile("\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(])")


def clean(text: str) -> str:
    """``text`` as characters every document format can hold: NFC, ``\\n`` line ends, no
    control characters (tabs become spaces)."""
    if text and text.isascii() and text.isprintable():  # nothing to change: most text
        return text
    text = unicodedata.normalize("NFC", text or "")
    text = _NEWLINES.sub("\n", text).replace("\t", "    ")
    return _INVALID.sub("", text)


def visible(text: str) -> str:
    """:func:`clean`, without invisible format characters (bidi marks, zero-width spaces, soft
    hyphens): PDF has no shaping engine, and some fonts would draw them as boxes."""
    text = clean(text)
    if text.isascii():  # no format characters there: most text, looked at in one step
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def markup(text: str) -> str:
    """User text as safe ReportLab paragraph markup (escaped; line breaks kept)."""
    return escape(visible(text)).replace("\n", "<br/>")


def paragraphs(text: str) -> list[str]:
    """Split text at blank lines into paragraphs (clean, stripped, none empty)."""
    return [p.strip() for p in _BLANK_LINES.split(clean(text)) if p.strip()]


def one_line(text: str) -> str:
    """Clean text on a single line (for headers, table cells, names)."""
    return " ".join(visible(text).split())


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters: whole sentences where they fit, else whole words and '…'."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = text[: max(1, limit - 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def first_sentence(text: str, limit: int = 300) -> str:
    text = one_line(text)
    head = _SENTENCE_END.split(text, maxsplit=1)[0]
    return shorten(head, limit)
