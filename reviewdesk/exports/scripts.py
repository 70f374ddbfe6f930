"""Every script prints (issue 17, point 7): fonts found on this computer for what DejaVu Sans
cannot print, Arabic, Urdu and Hebrew joined and set right to left, and anything that still
cannot print named before an export.

- **Fonts.** DejaVu Sans (shipped) prints Latin, Greek, Cyrillic, Arabic and Hebrew. For other
  scripts a font is looked for on this computer the first time a document needs one: Windows'
  own fonts (Nirmala UI for Devanagari, Bengali and Gurmukhi; Microsoft YaHei or SimSun for
  Chinese; Segoe UI Emoji), Debian's fonts-noto-core, fonts-wqy-zenhei and fonts-symbola, the
  macOS system fonts, then fontconfig (``fc-match``). No CJK font ships with the app (the bundle
  stays small). Each font found is registered with ReportLab and embedded (subset) in the PDF;
  runs of characters the main font lacks are set in it with ``<font name=...>``.
- **Right to left.** Arabic and Urdu letters are joined (arabic-reshaper gives each letter its
  initial, medial, final or isolated form) before ReportLab lays the paragraph out, and each
  laid-out line is put in display order (python-bidi's ``get_display``) as it is drawn, so a
  paragraph over several lines still reads from its top right.
- **Indic shaping.** Devanagari (Hindi), Bengali, Gurmukhi (Punjabi) and the other Brahmic
  scripts are shaped with HarfBuzz (``uharfbuzz``) through ReportLab's own shaping
  (``ParagraphStyle.shaping``), so conjuncts, reph and vowel signs written before their
  consonant (the i-matra in हिन्दी) print as a reader expects. Only paragraphs holding such text
  are shaped, and within them only the runs in those scripts: ReportLab shapes a word in its
  first font only, which gives wrong glyphs for a word such as "हिन्दी," whose comma is in the
  main font, so :func:`_shape_word` shapes each font's run of a word on its own. A shaped word
  is printed as glyphs, some with no character of their own and some moved before others, so
  it is wrapped in a span whose ``/ActualText`` is the word as typed: copying, searching and
  screen readers get हिन्दी, not its glyphs.
- **Warnings.** :func:`unprintable` says which characters, of which script, nothing here can
  print; the Export dialog asks before writing and the command line warns.

English text never reaches any of this: everything below U+0590 takes the old, quick path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import textobject
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from reviewdesk.exports import tagging
from reviewdesk.exports.fonts import fonts

FALLBACK_PREFIX = "ReviewDeskFallback-"  # fonts found on this computer, as registered
FIRST_COMPLEX = 0x0590  # Hebrew: below this, DejaVu Sans prints everything as it is

# Unicode blocks, by the name a person knows the script by.
_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari (Hindi, Marathi, Nepali)"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi (Punjabi)"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0DFF, "South Indian or Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "Korean"),
    (0x1200, 0x139F, "Ethiopic (Amharic, Tigrinya)"),
    (0x2600, 0x27BF, "Symbols and emoji"),
    (0x2E80, 0x2FFF, "Chinese"),
    (0x3000, 0x303F, "Chinese"),
    (0x3040, 0x30FF, "Japanese"),
    (0x3100, 0x33FF, "Chinese"),
    (0x3400, 0x4DBF, "Chinese"),
    (0x4E00, 0x9FFF, "Chinese"),
    (0xAC00, 0xD7AF, "Korean"),
    (0xF900, 0xFAFF, "Chinese"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0xFF00, 0xFFEF, "Chinese"),
    (0x1F000, 0x1FAFF, "Emoji"),
    (0x20000, 0x3FFFF, "Chinese"),
)
_RTL = frozenset({"Hebrew", "Arabic"})

# Font files worth trying for each script, best first: Windows, Debian/Ubuntu, macOS names.
# Only TrueType outlines work in ReportLab: Noto CJK and Noto Color Emoji cannot be used.
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "Arabic": ("arial.ttf", "segoeui.ttf", "tahoma.ttf", "NotoNaskhArabic-Regular.ttf",
               "NotoSansArabic-Regular.ttf", "GeezaPro.ttc"),
    "Hebrew": ("arial.ttf", "segoeui.ttf", "NotoSansHebrew-Regular.ttf"),
    "Devanagari (Hindi, Marathi, Nepali)": ("Nirmala.ttf", "Nirmala.ttc", "mangal.ttf",
                                            "NotoSansDevanagari-Regular.ttf",
                                            "Kohinoor.ttc"),
    "Bengali": ("Nirmala.ttf", "Nirmala.ttc", "vrinda.ttf", "NotoSansBengali-Regular.ttf"),
    "Gurmukhi (Punjabi)": ("Nirmala.ttf", "Nirmala.ttc", "raavi.ttf",
                           "NotoSansGurmukhi-Regular.ttf"),
    "Gujarati": ("Nirmala.ttf", "Nirmala.ttc", "shruti.ttf", "NotoSansGujarati-Regular.ttf"),
    "Tamil": ("Nirmala.ttf", "Nirmala.ttc", "latha.ttf", "NotoSansTamil-Regular.ttf"),
    "Thai": ("leelawui.ttf", "tahoma.ttf", "NotoSansThai-Regular.ttf"),
    "Ethiopic (Amharic, Tigrinya)": ("ebrima.ttf", "NotoSansEthiopic-Regular.ttf"),
    "Chinese": ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf", "wqy-zenhei.ttc",
                "wqy-microhei.ttc", "DroidSansFallbackFull.ttf", "Arial Unicode.ttf"),
    "Japanese": ("YuGothR.ttc", "msgothic.ttc", "meiryo.ttc", "wqy-zenhei.ttc",
                 "DroidSansFallbackFull.ttf"),
    "Korean": ("malgun.ttf", "wqy-zenhei.ttc", "NanumGothic.ttf", "DroidSansFallbackFull.ttf"),
    "Emoji": ("seguiemj.ttf", "seguisym.ttf", "Symbola_hint.ttf", "Symbola.ttf",
              "NotoEmoji-Regular.ttf"),
    "Symbols and emoji": ("seguisym.ttf", "seguiemj.ttf", "Symbola_hint.ttf", "Symbola.ttf",
                          "NotoSansSymbols2-Regular.ttf"),
}  # fmt: skip
_lock = threading.RLock()


def script_of(ch: str) -> str:
    code = ord(ch)
    for start, end, name in _BLOCKS:
        if start <= code <= end:
            return name
    return "Other"


def needs_care(text: str) -> bool:
    """True when ``text`` holds anything the quick, Latin path cannot print as it is."""
    return bool(text) and not text.isascii() and any(ord(ch) >= FIRST_COMPLEX for ch in text)


# --- finding fonts ------------------------------------------------------------------------------


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/Library/Fonts")]
        dirs.append(Path.home() / "Library" / "Fonts")
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
        dirs += [Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]
    return dirs


@cache
def _installed() -> dict[str, Path]:
    """Font files on this computer by lower-case file name (looked up once per run)."""
    found: dict[str, Path] = {}
    for folder in _font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def _fc_match(ch: str) -> Path | None:
    """fontconfig's best font for ``ch`` (Linux, when fc-match is there)."""
    tool = shutil.which("fc-match")
    if tool is None:
        return None
    try:
        out = subprocess.run(
            [tool, "-f", "%{file}", f":charset={ord(ch):x}"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out.stdout.strip()) if out.stdout.strip() else None
    return path if path is not None and path.suffix.lower() in {".ttf", ".ttc"} else None


@cache
def _registered(path: Path) -> str | None:
    """Register ``path`` with ReportLab (regular face for every style); None if it cannot be
    used (PostScript outlines, a damaged file)."""
    name = FALLBACK_PREFIX + "".join(c for c in path.stem if c.isalnum())
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    except Exception:  # any font ReportLab cannot read is simply not used
        return None
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


@cache
def _fonts_for(script: str, sample: str) -> tuple[str, ...]:
    """The fonts found for ``script``, best first (registered on first use): known files,
    then fontconfig's choice for ``sample`` (the first character of the script met; asked
    once per script, never for characters of no known script)."""
    installed = _installed()
    names = []
    for file_name in _CANDIDATES.get(script, ()):
        path = installed.get(file_name.lower())
        if path is not None and (name := _registered(path)) is not None:
            names.append(name)
    if script != "Other":
        path = _fc_match(sample)
        if path is not None and (name := _registered(path)) is not None:
            names.append(name)
    return tuple(dict.fromkeys(names))


_samples: dict[str, str] = {}


def _has(face: str, ch: str) -> bool:
    return ord(ch) in pdfmetrics.getFont(face).face.charToGlyph


@cache
def font_for(ch: str) -> str | None:
    """The font that prints ``ch``: the main font, one found for its script, or None."""
    with _lock:
        if _has(fonts().regular, ch):
            return fonts().regular
        script = script_of(ch)
        for face in _fonts_for(script, _samples.setdefault(script, ch)):
            if _has(face, ch):
                return face
        return None


# --- right to left ------------------------------------------------------------------------------


def _is_rtl_letter(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in {"R", "AL"}


def base_is_rtl(text: str) -> bool:
    """The paragraph's direction, by its first strong letter (Unicode's rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False


def joined(text: str) -> str:
    """Arabic and Urdu letters in the forms that join them (logical order kept). A joined form
    that no font here has is put back as its plain letter, which prints unjoined rather than
    as a box."""
    if not any("\u0600" <= ch <= "\u08ff" for ch in text):
        return text
    import arabic_reshaper  # only when there is Arabic script to join

    out = []
    for ch in arabic_reshaper.reshape(text):
        if ("\ufb50" <= ch <= "\ufeff") and font_for(ch) is None:
            plain = unicodedata.normalize("NFKC", ch)
            out.append(plain if len(plain) == 1 else ch)
        else:
            out.append(ch)
    return "".join(out)


def _display_runs(runs: list[str], rtl: bool) -> list[tuple[int, str]]:
    """The Unicode bidirectional algorithm (python-bidi) over one laid-out line made of
    ``runs`` (pieces in different fonts), in logical order: the pieces in display order, as
    (index of the run each came from, its characters in display order)."""
    from bidi import algorithm as uba  # only when there is right-to-left text

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels("".join(runs), storage)
    owners = [i for i, run in enumerate(runs) for _ch in run]
    for char, owner in zip(storage["chars"], owners, strict=True):
        char["run"] = owner
        if not char["type"]:  # a code point Unicode has not assigned: left to right
            char["type"] = char["orig"] = "L"
    for step in (
        uba.explicit_embed_and_overrides,
        uba.resolve_weak_types,
        uba.resolve_neutral_types,
        uba.resolve_implicit_levels,
        uba.reorder_resolved_levels,
        uba.apply_mirroring,
    ):
        try:
            step(storage, False)
        except AssertionError:  # a sequence the algorithm cannot order: kept as typed
            return list(enumerate(runs))
    out: list[tuple[int, str]] = []
    for char in storage["chars"]:
        if out and out[-1][0] == char["run"]:
            out[-1] = (char["run"], out[-1][1] + char["ch"])
        else:
            out.append((char["run"], char["ch"]))
    return out


def with_fonts(escaped: str) -> str:
    """Escaped paragraph markup with each run of characters the main font lacks set in a font
    found for them (ASCII markup such as ``&amp;`` and ``<br/>`` is never split)."""
    if not needs_care(escaped):
        return escaped
    main = fonts().regular
    out: list[str] = []
    current = main
    for ch in escaped:
        face = main if ord(ch) < FIRST_COMPLEX or ch.isspace() else (font_for(ch) or main)
        if face != current:
            if current != main:
                out.append("</font>")
            if face != main:
                out.append(f'<font name="{face}">')
            current = face
        out.append(ch)
    if current != main:
        out.append("</font>")
    return "".join(out)


class ScriptParagraph(Paragraph):
    """A Paragraph whose right-to-left lines are drawn in display order and aligned to the
    right when the paragraph itself is right to left. Other paragraphs draw as before."""

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        # text is None when ReportLab splits a paragraph (the parts are given its lines).
        self.rtl_lines = needs_care(text or "") and any(_is_rtl_letter(ch) for ch in text or "")
        self.rtl_base = self.rtl_lines and base_is_rtl(text or "")
        if self.rtl_base and style.alignment == TA_LEFT:
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        if needs_care(text or "") and needs_shaping(text or "") and can_shape():
            style = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
        super().__init__(text, style, *args, **kwargs)
        # The structure element this paragraph is drawn into, shared by the parts it is split
        # into, so a paragraph over two pages is one paragraph to a screen reader.
        self.tag_holder: list = []

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)
        for part in parts:
            if isinstance(part, ScriptParagraph):
                part.rtl_lines, part.rtl_base = self.rtl_lines, self.rtl_base
                part.tag_holder = self.tag_holder
                part.tag_role = getattr(self, "tag_role", None)
        return parts

    def draw(self) -> None:
        with tagging.element(self.canv, tagging.paragraph_role(self), holder=self.tag_holder):
            self._draw_lines()

    def _draw_lines(self) -> None:
        bl = getattr(self, "blPara", None)
        if not self.rtl_lines or bl is None:
            return super().draw()
        logical = bl.lines
        bl.lines = [self._visual(line, bl.kind) for line in logical]
        try:
            super().draw()
        finally:
            bl.lines = logical
        return None

    def _visual(self, line: Any, kind: int) -> Any:
        if kind == 0:
            extra, words = line
            text = " ".join(words)
            if not any(_is_rtl_letter(ch) for ch in text):
                return line
            return (extra, _display_runs([text], self.rtl_base)[0][1].split(" "))
        frags = list(line.words)
        tail = [f for f in frags if getattr(f, "lineBreak", False) and not f.text]
        body = [f for f in frags if f not in tail]
        if not any(_is_rtl_letter(ch) for f in body for ch in f.text):
            return line
        pieces = _display_runs([f.text for f in body], self.rtl_base)
        return line.clone(words=[body[i].clone(text=t) for i, t in pieces] + tail)


# --- Indic shaping -----------------------------------------------------------------------------

# Scripts whose letters change shape, join into conjuncts or move (Devanagari to Sinhala, Thai,
# Lao): printed one glyph per character they are wrong, so they are shaped with HarfBuzz.
_SHAPED_BLOCKS = ((0x0900, 0x0DFF), (0x0E00, 0x0EFF))


def needs_shaping(text: str) -> bool:
    """True when ``text`` holds letters of a script that must be shaped to print correctly."""
    return any(start <= ord(ch) <= end for ch in text for start, end in _SHAPED_BLOCKS)


def can_shape() -> bool:
    """True when HarfBuzz (uharfbuzz) is there for ReportLab to shape text with."""
    return getattr(ttfonts, "uharfbuzz", None) is not None and _rl_shape_word is not None


# ReportLab's own shaping (in ReportLab since 4.1; None in an older one, which then prints
# these scripts unshaped as before).
_rl_shape_word = getattr(ttfonts, "shapeFragWord", None)


def _shape_word(word: Any) -> Any:
    """ReportLab's ``shapeFragWord`` for one word of a paragraph (``[width, (frag, text),
    ...]``), applied to each run of the word in one font on its own, and only to runs in a
    script that needs shaping: Latin, Arabic (already joined) and the rest are left exactly as
    they were, so English prints as before."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    pieces = list(word[1:])
    if any(hasattr(frag, "cbDefn") for frag, _text in pieces) or not any(
        needs_shaping(text) for _frag, text in pieces
    ):
        return word
    width = 0.0
    out: list[Any] = []
    changed = False
    run: list[Any] = []

    def flush() -> None:
        nonlocal width, changed
        if not run:
            return
        run_width = sum(
            pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize) for frag, text in run
        )
        if needs_shaping("".join(text for _frag, text in run)):
            given = [run_width, *run]
            shaped = _rl_shape_word(given) if _rl_shape_word is not None else given
            if shaped is not given:
                changed = True
                _remember_typed("".join(text for _frag, text in run), list(shaped[1:]))
                run_width, run[:] = shaped[0], list(shaped[1:])
        width += run_width
        out.extend(run)
        run.clear()

    for piece in pieces:
        frag = piece[0]
        if run and (run[-1][0].fontName, run[-1][0].fontSize) != (frag.fontName, frag.fontSize):
            flush()
        run.append(piece)
    flush()
    if not changed:
        return word
    return ttfonts.makeShapedFragWord(word)([width, *out])


# The text as typed of each shaped run, by (font, its glyphs as ReportLab writes them).
_typed: dict[tuple[str, str], str] = {}


def _remember_typed(typed: str, shaped: list[Any]) -> None:
    """Note what each shaped piece of one font's run (``typed``) stood for."""
    starts = []
    for _frag, text in shaped:
        data = getattr(text, "__shapeData__", None) or [None]
        starts.append(data[0].cluster if data[0] is not None else None)
    if None in starts:
        return
    starts.append(len(typed))
    for (frag, text), start, end in zip(shaped, starts, starts[1:], strict=False):
        if len(_typed) < 50_000:  # a bound, so a huge library cannot grow it without end
            _typed[(frag.fontName, str(text))] = typed[start:end]


def actual_text(font_name: str, text: str) -> str | None:
    """The typed text of a piece of a line drawn from shaped words (words of one font, spaces
    between them), or None when nothing in it was shaped."""
    tokens = str(text).split(" ")
    typed = [_typed.get((font_name, token), token) if token else token for token in tokens]
    return None if typed == tokens else " ".join(typed)


_rl_format_text = textobject.PDFTextObject._formatText


def _format_text(self: Any, text: str) -> str:
    """ReportLab's text drawing, with shaped text in a span that carries the text as typed."""
    code = _rl_format_text(self, text)
    # Shaped text is only ever set in a font found on this computer; it may reach here as a
    # plain str (the last word of a justified line is stripped of its space).
    if not _typed or not self._fontname.startswith(FALLBACK_PREFIX):
        return code
    typed = actual_text(self._fontname, text)
    if typed is None:
        return code
    utf16 = ("\ufeff" + typed).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{utf16}>>> BDC {code} EMC"


# ReportLab's paragraph layout calls this name for every word of a paragraph whose style asks
# for shaping; only ScriptParagraph asks, and only for text that needs it.
if _rl_shape_word is not None:
    rl_paragraph.shapeFragWord = _shape_word
    textobject.PDFTextObject._formatText = _format_text


# --- what cannot print --------------------------------------------------------------------------


def unprintable(text: str) -> dict[str, str]:
    """The characters of ``text`` no font here can print, by script: {"Chinese": "漢字"}."""
    if not needs_care(text):
        return {}
    found: dict[str, list[str]] = {}
    for ch in dict.fromkeys(joined(text)):
        if ch.isspace() or ord(ch) < FIRST_COMPLEX or unicodedata.category(ch) in {"Cf", "Mn"}:
            continue
        if font_for(ch) is None:
            found.setdefault(script_of(ch), []).append(ch)
    return {script: "".join(chars) for script, chars in found.items()}


def scripts_named(problems: Iterable[str]) -> str:
    names = sorted(set(problems))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
