"""Every script prints (issue 17, point 7): Arabic, Urdu and Hebrew joined and right to left,
Chinese, Devanagari, Bengali, Gurmukhi and emoji in fonts found on this computer, and anything
that still cannot print named before the export. Read back with poppler (pdftotext, pdffonts)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.exports import scripts

OPTIONS = ExportOptions(prepared_on=date(2026, 11, 28), theme_ids=("babies",))
# Fictional words a child might say, long enough to wrap over several lines.
ARABIC = (
    "قالت الطفلة إنها تريد أن تعود إلى البيت مع أمها ولا تريد أن تذهب إلى المدرسة غدا لأنها "
    "خائفة من الأولاد الكبار في الساحة وقالت أيضا إن أخاها الصغير يبكي كل ليلة قبل النوم"
)
URDU = "بچے نے کہا کہ وہ گھر جانا چاہتا ہے"
HEBREW = "הילד אמר שהוא רוצה ללכת הביתה עם אמא שלו"
OTHERS = {
    "Chinese": "我想回家",
    "Devanagari (Hindi, Marathi, Nepali)": "मैं घर जाना चाहती हूँ",
    "Bengali": "আমি বাড়ি যেতে চাই",
    "Gurmukhi (Punjabi)": "ਮੈਂ ਘਰ ਜਾਣਾ ਚਾਹੁੰਦਾ ਹਾਂ",
    "Symbols and emoji": "✅",
    "Emoji": "🏠",
}
DEBIAN_FONTS = "/usr/share/fonts/truetype"
FONT_FILES = (
    "wqy/wqy-zenhei.ttc",
    "noto/NotoSansDevanagari-Regular.ttf",
    "noto/NotoSansBengali-Regular.ttf",
    "noto/NotoSansGurmukhi-Regular.ttf",
    "ancient-scripts/Symbola_hint.ttf",
)


def _pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode()


def _review(services, record, *answers: str):  # type: ignore[no-untyped-def]
    review = services.reviews.create(record)
    person = services.reviews.add_contributor(review.id, "Sam Vale", "Family support worker")
    services.reviews.save_answer(person.id, "babies-seen", "\n\n".join(answers))
    return review


def _words(text: str) -> list[str]:
    """Words as typed: joined forms read back as their letters, bidi marks dropped."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf"
    )
    rtl = ("R", "AL")
    return [w for w in plain.split() if any(unicodedata.bidirectional(c) in rtl for c in w)]


@pytest.fixture
def no_fonts_here(monkeypatch):  # type: ignore[no-untyped-def]
    """A computer with no font for anything DejaVu Sans lacks."""
    monkeypatch.setattr(scripts, "_installed", lambda: {})
    monkeypatch.setattr(scripts, "_fc_match", lambda ch: None)
    scripts.font_for.cache_clear()
    scripts._fonts_for.cache_clear()
    yield
    scripts.font_for.cache_clear()
    scripts._fonts_for.cache_clear()


def test_arabic_urdu_and_hebrew_are_joined_and_read_right_to_left(services, record) -> None:
    review = _review(services, record, ARABIC, URDU, HEBREW)
    text = _pdftotext(services.exports.render(review.id, ExportFormat.PDF, OPTIONS))
    # Joined: the letters are printed in their joining forms, not as isolated letters.
    assert sum(1 for ch in text if "\ufb50" <= ch <= "\ufeff") > 100
    printed = _words(text)
    # Logical order: pdftotext reads the words back in the order they were typed, across the
    # paragraph's several lines (each line is put in display order as it is drawn).
    for typed in (ARABIC, URDU, HEBREW):
        words = typed.split()
        start = printed.index(words[0])
        assert printed[start : start + len(words)] == words


def test_scripts_dejavu_lacks_print_in_fonts_found_on_this_computer(
    services, record, tmp_path
) -> None:
    needed = [Path(DEBIAN_FONTS, name) for name in FONT_FILES]
    if not all(p.is_file() for p in needed):  # this machine lacks them, whatever the code does
        pytest.skip("needs fonts-noto-core, fonts-wqy-zenhei and fonts-symbola (.ci/run)")
    review = _review(services, record, *OTHERS.values())
    data = services.exports.render(review.id, ExportFormat.PDF, OPTIONS)
    text = "".join(_pdftotext(data).split())
    # Emoji beyond U+FFFF are drawn (the render in docs/screenshots shows them) but ReportLab
    # writes their text mapping cut to four hex digits, so they cannot be read back here.
    for sample in ("我想回家", "घर", "বাড়ি", "ਘਰ", "✅"):
        assert sample in text
    pdf = tmp_path / "scripts.pdf"
    pdf.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True)
    rows = [ln.split() for ln in listing.stdout.decode().splitlines()[2:]]
    found = [r for r in rows if not r[0].startswith(("Helvetica", "AAAAAA+DejaVu"))]
    assert len(found) >= 4  # Chinese, Devanagari, Bengali, Gurmukhi, symbols: found here
    assert all(r[-5:-2] == ["yes", "yes", "yes"] for r in found)  # embedded subsets, mapped
    assert services.exports.unprintable(review.id, ExportFormat.PDF, OPTIONS) == []


def test_what_cannot_print_is_named_with_where_it_is(services, record, no_fonts_here) -> None:
    review = _review(services, record, "Said in Chinese: 我想回家", ARABIC, "Hindi: घर 🏠")
    problems = services.exports.unprintable(review.id, ExportFormat.PDF, OPTIONS)
    assert len(problems) == 3
    where = "Theme 4 (Vulnerability of babies), prompt 3: answer by Family support worker"
    assert all(p.startswith(where + " contains ") for p in problems)
    chinese = next(p for p in problems if "Chinese" in p)
    assert "Chinese characters (我想回家) that this computer has no font for" in chinese
    assert chinese.endswith("they would print as empty boxes.")
    assert any("Devanagari" in p and "घ" in p for p in problems)
    assert any("Emoji emoji (🏠)" in p for p in problems)
    assert not any("Arabic" in p for p in problems)  # DejaVu Sans prints Arabic
    # Word uses the fonts of the computer that opens it; English never warns.
    assert services.exports.unprintable(review.id, ExportFormat.DOCX, OPTIONS) == []
    english = services.reviews.create(record.__class__(reference="EN-1", title="Child E"))
    assert services.exports.unprintable(english.id, ExportFormat.PDF) == []


def test_the_command_line_warns_and_still_exports(
    services, record, no_fonts_here, tmp_path, capsys
) -> None:
    from reviewdesk.cli import main

    review = _review(services, record, "Said in Chinese: 我想回家")
    out = tmp_path / "summary.pdf"
    reference = services.reviews.summary(review.id).reference
    services.close()  # the command line opens the library itself
    assert main(["export", reference, "--format", "pdf", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Warning: ")
    assert "Chinese characters (我想回家) that this computer has no font for" in err
    assert out.read_bytes().startswith(b"%PDF-")


def _glyph_runs(data: bytes, font_name_part: str) -> list[tuple[str, str | None]]:
    """Each text-showing operator drawn in the font whose name holds ``font_name_part``: its
    glyphs read back through the font's own ToUnicode map (one character, or a private-use one,
    per glyph, in the order drawn), with the /ActualText of the span it is in, if any."""
    import re

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    runs: list[tuple[str, str | None]] = []
    for page in pdf.pages:
        fonts = page.Resources.Font
        maps = {}
        for name, font in fonts.items():
            if font_name_part in str(font.BaseFont):
                cmap = font.ToUnicode.read_bytes().decode()
                maps[name] = {
                    int(code, 16): chr(int(uni, 16))
                    for code, uni in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
                }
        current = None
        actual: list[str | None] = []
        for item in pikepdf.parse_content_stream(page):
            op, operands = str(item.operator), list(item.operands)
            if op == "Tf":
                current = maps.get(str(operands[0]))
            elif op in ("BDC", "BMC"):
                props = operands[1] if len(operands) > 1 else None
                is_dict = isinstance(props, pikepdf.Dictionary)
                actual.append(str(props.ActualText) if is_dict and "/ActualText" in props else None)
            elif op == "EMC" and actual:
                actual.pop()
            elif op in ("Tj", "TJ") and current is not None:
                parts = operands[0] if op == "TJ" else [operands[0]]
                raw = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
                span = next((a for a in reversed(actual) if a is not None), None)
                runs.append(("".join(current.get(b, "?") for b in raw), span))
    return runs


def test_hindi_bengali_and_punjabi_are_shaped(services, record) -> None:
    """हिन्दी is six code points: ह ि न ् द ी. Shaped, it prints as five glyphs: the i-matra
    first (it is written before the consonant it follows), ह, the half form of न (न्), द, ी. One
    glyph per code point in typed order is what an unshaped PDF holds. Copying the text still
    gives हिन्दी (the shaped word carries its typed text as /ActualText)."""
    if not Path(DEBIAN_FONTS, "noto/NotoSansDevanagari-Regular.ttf").is_file():
        pytest.skip("needs fonts-noto-core (.ci/run)")
    review = _review(services, record, "Hindi: हिन्दी, Bengali: বাংলা বাড়ি, Punjabi: ਪੰਜਾਬੀ ਕਿਤਾਬ")
    data = services.exports.render(review.id, ExportFormat.PDF, OPTIONS)
    runs = _glyph_runs(data, "Devanagari")
    word = next(glyphs for glyphs, typed in runs if "\u0939" in glyphs)  # the run with ह
    assert word != "हिन्दी"
    assert len(word) == 5
    assert word[1] == "ह" and word[0] != "ह"  # the i-matra's glyph is drawn before ह
    assert "\u094d" not in word  # no halant glyph: न् is one half-form glyph
    assert ("हिन्दी" in [typed for _glyphs, typed in runs]) is True
    text = _pdftotext(data)
    for typed in ("हिन्दी", "বাংলা", "ਪੰਜਾਬੀ"):
        assert typed in text
    # The comma after हिन्दी is in the main font: shaped with the Devanagari font's glyphs (as
    # ReportLab shapes a word of two fonts) it printed as another character.
    assert "Hindi: हिन्दी, Bengali:" in " ".join(text.split())
    # Bengali and Gurmukhi: the i-sign (ি, ਿ) is drawn before the consonant it follows.
    bengali = "".join(glyphs for glyphs, _typed in _glyph_runs(data, "Bengali"))
    assert "িড" in bengali or "ি\u09dc" in bengali  # বাড়ি: ি before ড়
    gurmukhi = "".join(glyphs for glyphs, _typed in _glyph_runs(data, "Gurmukhi"))
    assert "ਿਕ" in gurmukhi  # ਕਿਤਾਬ: ਿ before ਕ
    # The briefing justifies its lines: a shaped word ending one still copies as typed.
    services.briefings.save_section(
        review.id,
        "found",
        "D told three practitioners, in three languages, that she wanted to go home: "
        "«میں گھر جانا چاہتی ہوں» (Urdu), «আমি বাড়ি যেতে চাই» (Bengali, her brother), «ਮੈਨੂੰ "
        "ਉਸਦੀ ਬਹੁਤ ਚਿੰਤਾ ਹੈ» (Punjabi, her grandmother) and «मुझे डर लगता है» (Hindi).",
    )
    briefing = "".join(
        _pdftotext(services.exports.render(review.id, ExportFormat.BRIEFING, OPTIONS)).split()
    )
    for typed in ("আমিবাড়িযেতেচাই", "ਮੈਨੂੰਉਸਦੀਬਹੁਤਚਿੰਤਾਹੈ", "मुझेडरलगताहै"):
        assert typed in briefing


def _word_paragraphs(data: bytes):  # type: ignore[no-untyped-def]
    """Every paragraph of a Word file, body and table cells, read back with python-docx."""
    import docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    return list(body.iter(qn("w:p")))


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)


def _runs_holding(paragraphs, text: str):  # type: ignore[no-untyped-def]
    """The (paragraph, run) pairs whose run's text holds ``text``."""
    found = []
    for p in paragraphs:
        for run in p.iter(qn("w:r")):
            if text in "".join(t.text or "" for t in run.iter(qn("w:t"))):
                found.append((p, run))
    return found


def test_word_sets_direction_and_fonts_for_each_script(services, record) -> None:
    """Word lays a paragraph out left to right and picks a run's font from its ASCII slot unless
    told otherwise: an Urdu or Hebrew answer is a right-to-left paragraph (w:bidi) whose runs are
    right to left (w:rtl) with a complex-script font and language; Hindi gets a complex-script
    font, Chinese an East Asian one; English is left as it was."""
    mixed = "The child said: بچے نے کہا کہ وہ گھر جانا چاہتا ہے and then left."
    review = _review(
        services, record, URDU, HEBREW, mixed, "Hindi: हिन्दी", "Chinese: 我想回家", "Plain English."
    )
    data = services.exports.render(review.id, ExportFormat.DOCX, OPTIONS)
    paragraphs = _word_paragraphs(data)

    def bidi(p) -> bool:  # type: ignore[no-untyped-def]
        return p.find(qn("w:pPr") + "/" + qn("w:bidi")) is not None

    for typed, language in ((URDU, "ur-PK"), (HEBREW, "he-IL")):
        p, run = _runs_holding(paragraphs, typed.split()[1])[0]
        assert bidi(p)
        r_pr = run.find(qn("w:rPr"))
        assert r_pr.find(qn("w:rtl")) is not None and r_pr.find(qn("w:cs")) is not None
        fonts = r_pr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:hint")) == "cs" and fonts.get(qn("w:cs"))
        assert r_pr.find(qn("w:lang")).get(qn("w:bidi")) == language
    # A sentence in English quoting Urdu: left to right, the Urdu in a run of its own.
    p, run = _runs_holding(paragraphs, "کہا")[-1]
    assert "The child said" in "".join(t.text for t in p.iter(qn("w:t")))
    assert not bidi(p)
    assert "The child" not in "".join(t.text for t in run.iter(qn("w:t")))
    english = _runs_holding(paragraphs, "and then left.")[0][1]
    assert english.find(qn("w:rPr") + "/" + qn("w:rtl")) is None
    hindi = _runs_holding(paragraphs, "हिन्दी")[0][1].find(qn("w:rPr") + "/" + qn("w:rFonts"))
    assert hindi.get(qn("w:hint")) == "cs" and hindi.get(qn("w:cs"))
    chinese = _runs_holding(paragraphs, "我想回家")[0][1].find(qn("w:rPr") + "/" + qn("w:rFonts"))
    assert chinese.get(qn("w:hint")) == "eastAsia" and chinese.get(qn("w:eastAsia"))
    plain = _runs_holding(paragraphs, "Plain English.")[0]
    assert not bidi(plain[0]) and plain[1].find(qn("w:rPr")) is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_lays_out_the_scripts_of_a_word_file(services, record, tmp_path) -> None:
    """LibreOffice opens the Word file without repair and prints the Urdu and Hebrew words in
    the order they were typed and the other scripts whole (read back with pdftotext)."""
    review = _review(services, record, URDU, HEBREW, *OTHERS.values())
    path = tmp_path / "summary.docx"
    path.write_bytes(services.exports.render(review.id, ExportFormat.DOCX, OPTIONS))
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", path],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    text = _pdftotext(path.with_suffix(".pdf").read_bytes())
    printed = _words(text)
    for typed in (URDU, HEBREW):
        words = typed.split()
        start = printed.index(words[0])
        assert printed[start : start + len(words)] == words
    squashed = "".join(text.split())
    for sample in ("我想回家", "मैंघरजानाचाहतीहूँ", "আমিবাড়িযেতেচাই", "ਮੈਂਘਰਜਾਣਾਚਾਹੁੰਦਾਹਾਂ"):
        assert sample in squashed
