"""Whatever a person types, every export succeeds, the words come out as typed, and nothing
typed is ever taken as markup (no image, file or link pulled in)."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from reviewdesk.domain.exporting import ExportOptions
from reviewdesk.exports.briefing_pdf import render_briefing_pdf
from reviewdesk.exports.summary_docx import render_summary_docx
from reviewdesk.exports.summary_pdf import render_summary_pdf
from reviewdesk.exports.text import visible
from tests.exports.conftest import squash

TRICKY = [
    '<img src="/etc/passwd"/>',
    "<img src='file:///C:/Windows/win.ini' width=900>",
    '<a href="https://example.invalid">click</a>',
    "<font name=Courier size=90>big",
    "<b>unclosed",
    "</para>",
    "&amp; &lt; & &#x41; &nbsp; &bogus;",
    "<br/><br>",
    "<onDraw name=x/>",
    "\x00\x07\x1b\x7f\x85",
    "\u200f\u202eRTL مرحبا שלום\u202c\u200e",
    "emoji 😀👩‍👧 ✅",
    "Zażółć Nguyễn Παπαδόπουλος Шевченко İsmail",
    "\r\n\r\n\t",
]
# Letters and digits whose extraction from the PDF we check (a "reasonable subset").
CHECKED = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd"),
        max_codepoint=0x4FF,  # Latin, Greek, Cyrillic
    ),
    min_size=1,
    max_size=12,
)
_numbers = itertools.count()


def checked_words(typed: str) -> list[str]:
    """The runs of letters and digits of the checked kinds (CHECKED's alphabet) in ``typed``:
    other characters, such as a spacing modifier letter (U+02EB) that no bundled font can print
    (the export dialog names those before writing), end a word."""
    kept = (
        ch
        if ch.isascii() or (ord(ch) <= 0x4FF and unicodedata.category(ch) in ("Lu", "Ll", "Nd"))
        else " "
        for ch in typed
    )
    return re.findall(r"[0-9A-Za-zÀ-ӿ]+", "".join(kept))


pieces = st.lists(
    st.sampled_from(TRICKY) | st.text(max_size=30) | CHECKED,
    min_size=1,
    max_size=8,
).map(" ".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answer=pieces, learning=pieces, evidence=pieces)
@example(answer="Seen ab\u02ebcd", learning="x", evidence="")  # no font has U+02EB: not checked
def test_any_text_exports_and_comes_out_as_typed(
    services, record, answer: str, learning: str, evidence: str
) -> None:
    summary = services.reviews.create(replace(record, reference=f"ANY-{next(_numbers)}"))
    c = services.reviews.add_contributor(summary.id, "Contributor", "Role <i>", "Agency & co")
    services.reviews.save_answer(c.id, "babies-seen", answer, evidence)
    services.reviews.save_assessment(c.id, "babies", None, learning)
    source = services.exports.input_for(summary.id)
    options = ExportOptions(theme_ids=("babies",))

    data = render_summary_pdf(source, options)
    reader = PdfReader(io.BytesIO(data))
    text = squash("".join(page.extract_text() for page in reader.pages))
    # Evidence is printed with its answer; an unanswered prompt is left out by default.
    shown = [answer, learning] + ([evidence] if visible(answer).strip() else [])
    for typed in shown:
        right_to_left = re.search("[\u0590-\u08ff]", typed) is not None
        for word in checked_words(visible(typed)):
            if right_to_left and any(ch.isdigit() for ch in word):
                continue  # digits beside right-to-left words go where the bidi algorithm puts
                # them ("مرحبا 0A" is printed "0 ابحرم A"), so "0A" is no longer one piece
            assert word in text
        if "<img" in typed:
            # printed as typed, not obeyed (right-to-left text beside it can reorder the
            # extracted characters, so look for the pieces rather than the whole tag)
            assert "img" in text and "src=" in text
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        assert not resources.get("/XObject")  # no image was pulled in
        assert not page.get("/Annots") or all(
            a.get_object().get("/A", {}).get("/S") != "/URI" for a in page["/Annots"]
        )
    assert render_briefing_pdf(source, options)[:5] == b"%PDF-"
    assert render_summary_docx(source, options)[:2] == b"PK"
