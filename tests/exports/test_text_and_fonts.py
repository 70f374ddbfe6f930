"""User text into documents: escaped, cleaned, and printable in many scripts."""

from __future__ import annotations

import io
from xml.sax.saxutils import unescape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.platypus import Paragraph, SimpleDocTemplate

from reviewdesk.exports.fonts import missing_glyphs
from reviewdesk.exports.pdf_common import styles
from reviewdesk.exports.text import clean, markup, shorten, visible
from reviewdesk.resources import resource
from tests.exports.conftest import squash

NAMES = {
    "Polish": "Zażółć gęślą jaźń: Łukasz Wąsowski, Małgorzata Ćwik, Źdźbło Ńżę",
    "Vietnamese": "Nguyễn Thị Hương, Trần Văn Đức, Phạm Ngọc Ánh, Lê Quỳnh, ỡ ự ẵ ẳ ậ",
    "Greek": "Αλέξανδρος Παπαδόπουλος, Ελένη Γεωργίου, ΐ ΰ ώ ς",
    "Cyrillic": "Олександр Шевченко, Ирина Кузнецова, Ґ ґ Є є Ї ї Ў ў Ё ё",
    "Turkish": "İsmail Şahin, Ayşe Yıldız, Gökhan Çelik, Ğ ğ Ü ü Ö ö ı",
    "Romanian and Czech": "Ștefan Țurcanu, Jiří Dvořák, Ůžasný",
    "Welsh and Irish": "Siân Ŵyn, Gwenllïan, Seán Ó Briain, Ŷ",
    "Nordic and Hungarian": "Þórður Ægisson, Sørensen, Ödön Szőke Űrhajó",
}


def test_the_font_and_its_licence_ship_with_the_app() -> None:
    fonts_dir = resource("fonts")
    assert (fonts_dir / "LICENSE-DejaVu.txt").read_text(encoding="utf-8").count("Bitstream") > 2
    assert {p.name for p in fonts_dir.glob("*.ttf")} >= {
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    }


def test_every_face_has_a_glyph_for_names_in_many_scripts() -> None:
    from reviewdesk.exports.fonts import fonts

    f = fonts()
    for face in (f.regular, f.bold, f.italic, f.bold_italic):
        for script, names in NAMES.items():
            assert missing_glyphs(names, face) == set(), (face, script)
    assert missing_glyphs("漢字") == {"漢", "字"}  # the check itself can fail


def test_names_in_many_scripts_come_back_out_of_the_pdf() -> None:
    buffer = io.BytesIO()
    st_ = styles()
    SimpleDocTemplate(buffer).build([Paragraph(markup(n), st_.body) for n in NAMES.values()])
    text = squash(" ".join(p.extract_text() for p in PdfReader(buffer).pages))
    for names in NAMES.values():
        assert squash(names) in text


def test_markup_escapes_tags_and_keeps_line_breaks() -> None:
    assert markup('<img src="/etc/passwd"/> & <b>x</b>') == (
        '&lt;img src="/etc/passwd"/&gt; &amp; &lt;b&gt;x&lt;/b&gt;'
    )
    assert markup("one\r\ntwo\rthree\u2028four") == "one<br/>two<br/>three<br/>four"
    assert markup("bell\x07 nul\x00 ok\u200f") == "bell nul ok"
    assert clean("tab\there") == "tab    here"


@given(st.text(max_size=300))
def test_markup_only_ever_adds_line_breaks(text: str) -> None:
    out = markup(text)
    without_breaks = out.replace("<br/>", "\n")
    assert "<" not in without_breaks and ">" not in without_breaks
    assert unescape(without_breaks) == visible(text)


@given(st.text(max_size=400), st.integers(min_value=10, max_value=300))
def test_shorten_never_exceeds_its_limit(text: str, limit: int) -> None:
    assert len(shorten(text, limit)) <= limit


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_lays_out_in_a_paragraph(text: str) -> None:
    SimpleDocTemplate(io.BytesIO()).build([Paragraph(markup(text), styles().body)])
