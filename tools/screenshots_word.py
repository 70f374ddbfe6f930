"""Render Word exports as their recipients open them, for the docs (issue 17, points 4 and 7).

Run:  .venv/bin/python tools/screenshots_word.py [--out docs/screenshots]

Word files made from the fictional demo review (Child D, Eastmere), converted to PDF by
LibreOffice headless (``soffice``, from libreoffice-writer-nogui) and rendered with poppler's
``pdftoppm``:

- word-summary-page1.png: the cover (A4, UK margins, the case facts table fitted to its text)
- word-summary-contents.png: the Contents field, filled in
- word-summary-chronology.png: the timeline picture and the chronology table under it

Every Word document twice, ``-english`` (the demo as it is) and ``-scripts`` (the demo with a
fictional child's words in Urdu, Polish, Hindi, Bengali, Punjabi, Chinese and Welsh and an emoji
in a reflection, a finding, the briefing and the rapid review: tools/_documents.py), at 60 dpi:

- word-summary-theme-*.png: the learning summary's theme page with the reflections
- word-briefing-*.png: the 7-minute briefing
- word-learning-report-*.png: the learning report's findings by theme
- word-rapid-review-*.png: the rapid review's section on the child's daily life
"""

from __future__ import annotations

import argparse
from datetime import date

from _documents import (
    ON,
    add_mixed_scripts,
    rapid_review_with_mixed_scripts,
    render,
    render_with,
    word_to_pdf,
)
from _offscreen import fictional_library, out_folder


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.exporting import ExportFormat, ExportOptions
    from reviewdesk.domain.learning_report import ReportFormat

    for variant in ("english", "scripts"):
        with fictional_library() as (services, tmp):
            demo_id = services.reviews.find("DEMO-2026-01").id
            if variant == "scripts":
                add_mixed_scripts(services)
            options = ExportOptions(prepared_on=ON, marking="OFFICIAL")
            docx = tmp / "summary.docx"
            docx.write_bytes(services.exports.render(demo_id, ExportFormat.DOCX, options))
            pdf = word_to_pdf(docx)
            if variant == "english":
                render(pdf, 1, out / "word-summary-page1.png", 50)
                render_with(pdf, "Contents Case overview", out / "word-summary-contents.png", 50)
                render_with(pdf, "Each row is an agency", out / "word-summary-chronology.png", 50)
            render_with(pdf, "THEME 3 OF 6", out / f"word-summary-theme-{variant}.png")

            briefing = tmp / "briefing.docx"
            services.exports.export(demo_id, ExportFormat.BRIEFING_DOCX, briefing)
            render(word_to_pdf(briefing), 1, out / f"word-briefing-{variant}.png")

            report = tmp / "report.docx"
            everything = Period(date(2020, 1, 1), date(2026, 12, 31))
            services.learning_report.export(everything, ReportFormat.DOCX, report)
            # The findings by theme: the page with the child's words, or its English start.
            words = "interpreter was booked" if variant == "scripts" else "F2: A man who joins"
            render_with(word_to_pdf(report), words, out / f"word-learning-report-{variant}.png")

            if variant == "scripts":
                rapid, draft = rapid_review_with_mixed_scripts(services, demo_id)
            else:
                from reviewdesk.services.analysis.rapid_review import RapidReviewService

                rapid = RapidReviewService(services)
                draft = rapid.draft(demo_id)
            rapid_docx = tmp / "rapid-review.docx"
            rapid_docx.write_bytes(rapid.render(draft))
            render_with(
                word_to_pdf(rapid_docx),
                "4. The child's daily life",
                out / f"word-rapid-review-{variant}.png",
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
