"""The Unicode TrueType font embedded in every PDF (DejaVu Sans; licence in resources/fonts/).

ReportLab's built-in fonts know only Latin-1, so a Polish, Vietnamese, Greek, Cyrillic or Turkish
name would print as empty boxes. The fonts ship with the app and are registered the first time a
PDF is built: nothing is ever fetched.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reviewdesk.resources import resource

FAMILY = "ReviewDeskSans"
_FILES = {
    "": "DejaVuSans.ttf",
    "-Bold": "DejaVuSans-Bold.ttf",
    "-Italic": "DejaVuSans-Oblique.ttf",
    "-BoldItalic": "DejaVuSans-BoldOblique.ttf",
}
LICENCE_FILE = "LICENSE-DejaVu.txt"
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@cache
def _register() -> Fonts:
    names = {}
    for suffix, file_name in _FILES.items():
        name = f"{FAMILY}{suffix}"
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file_name))))
        names[suffix] = name
    # So that <b> and <i> in our own markup pick the right face.
    addMapping(FAMILY, 0, 0, names[""])
    addMapping(FAMILY, 1, 0, names["-Bold"])
    addMapping(FAMILY, 0, 1, names["-Italic"])
    addMapping(FAMILY, 1, 1, names["-BoldItalic"])
    return Fonts(names[""], names["-Bold"], names["-Italic"], names["-BoldItalic"])


def fonts() -> Fonts:
    """Register the embedded fonts with ReportLab (once per process) and return their names."""
    with _lock:
        return _register()


def missing_glyphs(text: str, face: str | None = None) -> set[str]:
    """The characters of ``text`` (ignoring whitespace) that ``face`` has no glyph for."""
    name = face or fonts().regular
    char_to_glyph = pdfmetrics.getFont(name).face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in char_to_glyph}
