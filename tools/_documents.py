"""What the document screenshot scripts share (screenshots_pdf_pages.py, screenshots_word.py):
finding the page that holds some words, rendering one page with poppler's ``pdftoppm``,
converting a Word file with LibreOffice headless, and the fictional words in other scripts put
into the demo review for the "with mixed scripts" pictures (issue 17, point 7).

Every name and every word here is made up: the demo review (Child D, Eastmere) is fictional, and
so is the child quoted below.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

DPI = 60  # small pictures (well under 250 KB a page) that still show each script's shapes
ON = date(2026, 11, 28)  # the date printed on every document, so the pictures stay the same
DEMO = "DEMO-2026-01"

# A fictional child's own words, quoted as a practitioner wrote them down, with an English
# gloss: Urdu, Polish, Hindi, Bengali, Punjabi, Chinese, Welsh and an emoji.
CHILD_WORDS = (
    "میں گھر جانا چاہتی ہوں۔ مجھے امی کی یاد آتی ہے۔",
    "(Her words in Urdu, as the health visitor wrote them down: I want to go home. I miss Mum.)",
    "In her own words (Urdu): «میں گھر جانا چاہتی ہوں» (I want to go home).",
    "To her teacher (Polish): „Chcę iść do domu, do mamy” (I want to go home, to Mum).",
    "To the health visitor (Hindi): «मुझे डर लगता है जब पापा चिल्लाते हैं, हिन्दी में बोलो» "
    "(I am scared when Dad shouts; speak in Hindi).",
    "Her brother (Bengali): «আমি বাড়ি যেতে চাই, আমার বোন কাঁদছে» (I want to go home, my "
    "sister is crying).",
    "Her grandmother (Punjabi): «ਮੈਨੂੰ ਉਸਦੀ ਬਹੁਤ ਚਿੰਤਾ ਹੈ» (I worry about her a lot).",
    "Her neighbour's child (Chinese): «我想回家，我很害怕。» (I want to go home, I am afraid.)",
    "At the Welsh-medium nursery: «Dw i eisiau mynd adref» (I want to go home). "
    "She drew her home 🏠 and a sad face ☹.",
)
FINDING = (
    "Practitioners wrote down D's own words in Urdu, Hindi, Polish and Welsh (for example "
    "«میں گھر جانا چاہتی ہوں», «मुझे डर लगता है», „Chcę iść do domu”, «Dw i eisiau mynd "
    "adref»), but no interpreter was booked and none of the words reached the plan."
)
BRIEFING_FOUND = (
    "D told three practitioners, in three languages, that she wanted to go home: "
    "«میں گھر جانا چاہتی ہوں» (Urdu), «আমি বাড়ি যেতে চাই» (Bengali, her brother), "
    "«ਮੈਨੂੰ ਉਸਦੀ ਬਹੁਤ ਚਿੰਤਾ ਹੈ» (Punjabi, her grandmother), «我想回家» (Chinese) and "
    "«Dw i eisiau mynd adref» (Welsh) 🏠. Nobody put her words together."
)


def page_with(pdf: Path, words: str) -> int:
    """The number of the first page of ``pdf`` whose text holds ``words`` (spaces squeezed)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    wanted = " ".join(words.split())
    for number, page in enumerate(text.decode().split("\f"), start=1):
        if wanted in " ".join(page.split()):
            return number
    raise SystemExit(f"No page of {pdf.name} holds {words!r}")


def render(pdf: Path, page: int, target: Path, dpi: int = DPI) -> Path:
    """Page ``page`` of ``pdf`` as the PNG ``target``."""
    with tempfile.TemporaryDirectory() as work:
        stem = Path(work) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), pdf, stem],
            check=True,
        )
        target.write_bytes(next(Path(work).glob("page*.png")).read_bytes())
    print(target, target.stat().st_size)
    return target


def render_with(pdf: Path, words: str, target: Path, dpi: int = DPI) -> Path:
    """The page of ``pdf`` that holds ``words``, as the PNG ``target``."""
    return render(pdf, page_with(pdf, words), target, dpi)


def word_to_pdf(docx: Path) -> Path:
    """``docx`` converted to PDF (beside it) by LibreOffice headless, as a recipient opens it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return docx.with_suffix(".pdf")


def add_mixed_scripts(services) -> int:  # type: ignore[no-untyped-def]
    """Put the fictional child's words into the demo review: the health visitor's answer on the
    child's own words (a reflection), a finding, and the briefing's "What we found". Returns
    the review's id."""
    from reviewdesk.domain.analysis import Finding, FindingKind

    review = services.reviews.find(DEMO)
    health_visitor = services.reviews.contributors(review.id)[0]
    services.reviews.save_answer(health_visitor.id, "identity-own-words", "\n\n".join(CHILD_WORDS))
    services.findings.add_finding(
        review.id,
        Finding(
            ref="F9",
            statement=FINDING,
            kind=FindingKind.IMPROVEMENT,
            theme_ids=("identity",),
            question="How do we make sure a child's words in any language reach the plan?",
            evidence=("Health visitor's notes: «मुझे डर लगता है» written down, not translated",),
        ),
    )
    services.briefings.save_section(review.id, "found", BRIEFING_FOUND)
    return int(review.id)


def rapid_review_with_mixed_scripts(services, review_id: int):  # type: ignore[no-untyped-def]
    """The demo's rapid review draft with the child's words in section 4 (daily life)."""
    from reviewdesk.services.analysis.rapid_review import RapidReviewService

    rapid = RapidReviewService(services)
    draft = rapid.draft(review_id)
    words = "\n\n".join((draft.text("context"), *CHILD_WORDS))
    return rapid, draft.edited({"context": words})
