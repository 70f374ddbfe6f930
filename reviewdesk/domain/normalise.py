"""One normal form of text for everything that looks for names and identifiers.

Text pasted from Word, PDFs and web pages carries characters nobody sees: soft hyphens (U+00AD),
zero-width spaces and joiners (U+200B-U+200D), word joiners (U+2060), byte-order marks (U+FEFF),
bidi marks, variation selectors. A PDF drops them when it draws the text, so "Jay\\u00adden" is
printed as "Jayden". Full-width and other compatibility letters ("Ｊａｙｄｅｎ", "𝐉𝐚𝐲𝐝𝐞𝐧") read as
plain letters too, and a no-break space or a doubled space reads as one space.

:func:`normal_view` gives the text as a reader would read it (the *view*: Unicode NFKC, every
invisible format or control character removed, each run of spaces, tabs and other spacing
folded to one space, each line break read as one "\\n") together with where each character of
the view came from in the NFC form of the original. The name key
(:mod:`reviewdesk.domain.pseudonyms`) and the publication check
(:mod:`reviewdesk.domain.identifiers`) both match in the view and replace or
report the matching span of the original, so a name cannot hide behind an invisible character
and nothing else the person wrote is changed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) outside category Cf: drawn as
# nothing. Category Cf (format characters) is removed as a whole on top of these.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # half-width Hangul filler
    (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)
# Category Cf (Unicode 14, as Python 3.11 has it; a test compares it with unicodedata), plus
# 13439-1343F that later versions add.
_FORMAT_RANGES = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_CONTROL_RANGES = (  # category Cc that is not spacing, lone surrogates, non-characters
    (0x00, 0x08),
    (0x0E, 0x1B),
    (0x7F, 0x84),
    (0x86, 0x9F),
    (0xD800, 0xDFFF),
    (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in ranges
    )


_INVISIBLE = re.compile(
    "[" + _char_class(_FORMAT_RANGES + _IGNORABLE_RANGES + _CONTROL_RANGES) + "]"
)
# What the fast path cannot copy as it is: an invisible character, a run of two or more
# spaces or tabs, or spacing other than a plain space or line feed.
_DIRTY = re.compile("\r\n|" + _INVISIBLE.pattern + "+|[^\\S\n]{2,}|[^\\S \n]")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def invisible(ch: str) -> bool:
    """True for a character that is drawn as nothing: a format character (category Cf), a
    control character other than spacing, a lone surrogate, a non-character, or another
    default-ignorable code point."""
    return _INVISIBLE.match(ch) is not None


@dataclass(frozen=True, slots=True)
class NormalView:
    """``text`` as read, and for each of its characters the span of ``source`` it came from
    (``source`` is the NFC form of the original). No maps means the two are the same."""

    source: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``source`` that the view's ``[start, end)`` was made from."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else len(self.source)
            return at, at
        return self.starts[start], self.ends[end - 1]


class _Builder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def char(self, ch: str, start: int, end: int) -> None:
        """One character of the view: a line break as "\\n", other spacing as a space that
        joins a space just before it."""
        if ch.isspace():
            if ch in _LINE_BREAKS:
                ch = "\n"
            elif self.out and self.out[-1] == " ":
                self.ends[-1] = end
                return
            else:
                ch = " "
        self.out.append(ch)
        self.starts.append(start)
        self.ends.append(end)

    def plain(self, source: str, a: int, b: int) -> None:
        """``source[a:b]``, already in normal form, copied as it is."""
        if a < b and source[a] == " " and self.out and self.out[-1] == " ":
            self.ends[-1] = a + 1
            a += 1
        self.out.extend(source[a:b])
        self.starts.extend(range(a, b))
        self.ends.extend(range(a + 1, b + 1))

    def clusters(self, source: str, a: int, b: int) -> None:
        """``source[a:b]`` (no invisible characters) through NFKC, one cluster at a time (a
        base character and the marks that follow it)."""
        i = a
        while i < b:
            j = i + 1
            if source[i] == "\r" and j < b and source[j] == "\n":  # one line break
                j += 1
            while j < b and unicodedata.combining(source[j]):
                j += 1
            piece = source[i:j]
            if not piece.isascii():
                piece = unicodedata.normalize("NFKC", piece)
            for ch in piece[:1] if piece == "\r\n" else piece:
                if not invisible(ch):
                    self.char(ch, i, j)
            i = j

    def view(self, source: str) -> NormalView:
        return NormalView(source, "".join(self.out), tuple(self.starts), tuple(self.ends))


def normal_view(text: str) -> NormalView:
    """The reader's view of ``text`` with a map back to its NFC form (see the module notes)."""
    source = unicodedata.normalize("NFC", text or "")
    if _DIRTY.search(source) is None and unicodedata.is_normalized("NFKC", source):
        return NormalView(source, source)  # the common case: nothing to change
    build = _Builder()
    pos = 0
    for m in _DIRTY.finditer(source):
        _copy(build, source, pos, m.start())
        if not _INVISIBLE.match(source, m.start()):
            build.clusters(source, m.start(), m.end())  # spacing
        pos = m.end()
    _copy(build, source, pos, len(source))
    view = build.view(source)
    if not unicodedata.is_normalized("NFKC", view.text):
        # a mark cut from its letter by an invisible character: one cluster at a time, whole
        build = _Builder()
        kept = [i for i, ch in enumerate(source) if not invisible(ch)]
        for i in kept:
            build.clusters(source, i, i + 1)
        view = _recompose(build.view(source))
    return view


def _copy(build: _Builder, source: str, a: int, b: int) -> None:
    chunk = source[a:b]
    if chunk.isascii() or unicodedata.is_normalized("NFKC", chunk):
        build.plain(source, a, b)
    else:
        build.clusters(source, a, b)


def _recompose(view: NormalView) -> NormalView:
    """``view`` with each base character and its marks composed again (NFKC per cluster)."""
    assert view.starts is not None and view.ends is not None
    build = _Builder()
    text, i = view.text, 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFKC", text[i:j]):
            build.out.append(ch)
            build.starts.append(view.starts[i])
            build.ends.append(view.ends[j - 1])
        i = j
    return build.view(view.source)


def normalise(text: str) -> str:
    """``text`` as a reader reads it: NFKC, no invisible characters, spacing folded (line
    breaks are kept, one "\\n" each)."""
    return normal_view(text).text
