"""Every script prints in Word too (issue 17, point 7): a pass over a finished document that
gives text in other scripts the settings Word and LibreOffice lay it out by.

Word chooses a font for each character from one of four slots of a run's ``w:rFonts`` (ASCII,
high ANSI, East Asian, complex script) and lays a paragraph out left to right unless told
otherwise. So, for each paragraph (body, tables, headers and footers) holding such text:

- **Right to left** (Arabic, Urdu, Hebrew): a paragraph that starts in one of these scripts is a
  right-to-left paragraph (``w:bidi``: it starts at the right margin and its neutral characters
  follow it); each run of right-to-left text is its own run marked ``w:rtl`` and ``w:cs``
  (complex-script formatting: its font, bold, italic and size are the ``Cs`` ones) with a
  complex-script font and its language (``ar-SA``, ``ur-PK``, ``he-IL``).
- **Indic** (Devanagari, Bengali, Gurmukhi and the rest): runs marked ``w:cs`` with a
  complex-script font and ``w:hint="cs"``, so the shaping engine of Word or LibreOffice sets
  them (conjuncts, vowel signs before their consonant).
- **Chinese, Japanese, Korean**: an East Asian font with ``w:hint="eastAsia"``, so punctuation
  between the characters is set in that font too.

The fonts named are Windows' own (Arial, Nirmala UI, Microsoft YaHei); a computer without them
(LibreOffice on Linux, a Mac) substitutes its own font for the script. Runs are split where the
script changes, keeping their formatting; English text is never touched (a paragraph with
nothing beyond U+058F is skipped at once).
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reviewdesk.exports.scripts import base_is_rtl, needs_care, script_of

_RTL_FONT = "Arial"  # Windows' Arial has Arabic, Urdu's letters and Hebrew
_INDIC_FONT = "Nirmala UI"  # Windows 8 onwards: Devanagari, Bengali, Gurmukhi, Gujarati, Tamil…
_EAST_ASIAN_FONT = "Microsoft YaHei"
_URDU_LETTERS = frozenset("ٹڈڑںھہۂۃیےۓ")  # letters Urdu writes and Arabic does not
_EAST_ASIAN = frozenset({"Chinese", "Japanese", "Korean"})
_BIDI_AFTER = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_LANG_AFTER = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _kind(ch: str) -> str | None:
    """ "rtl", "cs" (Indic and other complex scripts), "ea" (East Asian), "latin", or None for a
    character that takes the kind of the text around it (spaces, punctuation, digits, marks)."""
    kind = unicodedata.bidirectional(ch)
    if kind in {"R", "AL"}:
        return "rtl"
    if ord(ch) < 0x0590:
        return "latin" if kind == "L" else None
    script = script_of(ch)
    if script in _EAST_ASIAN:
        return "ea"
    if unicodedata.category(ch).startswith(("M", "Z", "P", "N")) or kind != "L":
        return None
    if 0x0900 <= ord(ch) <= 0x0EFF:
        return "cs"
    return "latin"


def _pieces(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut where its script changes: (kind, characters); neutral characters join the
    piece before them (or the first piece, at the start)."""
    out: list[list[Any]] = []
    for ch in text:
        kind = _kind(ch)
        if out and (kind is None or kind == out[-1][0]):
            out[-1][1] += ch
        elif out and out[-1][0] is None:
            out[-1] = [kind, out[-1][1] + ch]
        else:
            out.append([kind, ch])
    return [(kind, chars) for kind, chars in out]


def _language(text: str) -> str:
    if any("\u0590" <= ch <= "\u05ff" for ch in text):
        return "he-IL"
    return "ur-PK" if any(ch in _URDU_LETTERS for ch in text) else "ar-SA"


def _mark(run: Any, kind: str | None, text: str) -> None:
    """Give one run of a single kind of text the settings of its script."""
    if kind not in {"rtl", "cs", "ea"}:
        return
    r_pr = run.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    if kind == "ea":
        fonts.set(qn("w:eastAsia"), _EAST_ASIAN_FONT)
        fonts.set(qn("w:hint"), "eastAsia")
        return
    fonts.set(qn("w:cs"), _RTL_FONT if kind == "rtl" else _INDIC_FONT)
    fonts.set(qn("w:hint"), "cs")
    if r_pr.b is not None and r_pr.bCs is None:
        r_pr._add_bCs()
    if r_pr.i is not None and r_pr.iCs is None:
        r_pr._add_iCs()
    if kind == "rtl" and r_pr.rtl is None:
        r_pr._add_rtl()
    if r_pr.cs is None:
        r_pr._add_cs()
    if kind == "rtl":
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.insert_element_before(lang, *_LANG_AFTER)
        lang.set(qn("w:bidi"), _language(text))


def _split(run: Any) -> None:
    """One run per script (same formatting), each marked for its script. A run holding more
    than text (a tab, a break, a field character) is marked for its main script as it is."""
    texts = [child for child in run if child.tag != qn("w:rPr")]
    if len(texts) != 1 or texts[0].tag != qn("w:t"):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        kinds = [k for k, _chars in _pieces(text) if k is not None]
        if kinds:
            _mark(run, max(set(kinds), key=kinds.count), text)
        return
    pieces = _pieces(texts[0].text or "")
    if len(pieces) <= 1:
        if pieces:
            _mark(run, *pieces[0])
        return
    previous = run
    for kind, chars in pieces:
        new = copy.deepcopy(run)
        t = new.find(qn("w:t"))
        t.text = chars
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        _mark(new, kind, chars)
        previous.addnext(new)
        previous = new
    run.getparent().remove(run)


def _paragraph(p: Any) -> None:
    text = "".join(t.text or "" for t in p.iter(qn("w:t")))
    if not needs_care(text):
        return
    if base_is_rtl(text):
        p_pr = p.get_or_add_pPr()
        if p_pr.find(qn("w:bidi")) is None:
            p_pr.insert_element_before(OxmlElement("w:bidi"), *_BIDI_AFTER)
    for run in list(p.iter(qn("w:r"))):
        if any(needs_care(t.text or "") for t in run.iter(qn("w:t"))):
            _split(run)


def set_scripts(doc: DocxDocument) -> None:
    """Mark every paragraph of ``doc`` (body, tables, headers, footers) for its scripts."""
    parts = [doc.element.body]
    for section in doc.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for part in parts:
        # All of the part's text at once (XPath's string value, in C): when none of it needs
        # care, no paragraph does, and the 100,000 paragraphs of a long report are not visited
        # one by one (issue 20).
        if not needs_care(str(part.xpath("string(.)"))):
            continue
        for p in list(part.iter(qn("w:p"))):
            _paragraph(p)
