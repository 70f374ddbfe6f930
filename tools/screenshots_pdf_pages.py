"""Render pages of the PDF documents (issue 17), in English and with mixed scripts, for the docs.

Run:  .venv/bin/python tools/screenshots_pdf_pages.py [--out docs/screenshots]

Pages of documents made from the fictional demo review (Child D, Eastmere) and, for the learning
report's actions, 30 generated fictional reviews, rendered with poppler's ``pdftoppm``:

- export-summary-chronology.png: the timeline with the chronology starting beneath it
- export-summary-for-publication.png: a theme page of a summary for publication (roles alone,
  no answer counts)
- learning-report-actions.png: an action table whose review references stay on one line

Every PDF document twice, ``-english`` (the demo as it is) and ``-scripts`` (the demo with a
fictional child's words in Urdu, Polish, Hindi, Bengali, Punjabi, Chinese and Welsh and an emoji
in a reflection, a finding and the briefing: tools/_documents.py), at 60 dpi:

- pdf-summary-theme-*.png: the learning summary's theme page with the reflections
- pdf-summary-findings-*.png: the learning summary's findings
- pdf-briefing-*.png: the 7-minute briefing
- pdf-learning-report-*.png: the learning report's findings by theme

And pdf-shaping-vs-hb-view.png: Hindi, Bengali and Punjabi words as ReviewDesk's PDF prints them
(left), as HarfBuzz's own ``hb-view`` draws them in the same font (middle), and as they printed
before shaping, one glyph per character (right), when hb-view (Debian's libharfbuzz-bin) is
installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from _documents import ON, add_mixed_scripts, render, render_with
from _offscreen import fictional_library, out_folder

SHAPED_WORDS = ("हिन्दी चिल्लाते", "আমি বাড়ি", "ਪੰਜਾਬੀ ਕਿਤਾਬ")


def shaping_compared(target: Path) -> None:
    """Each of SHAPED_WORDS printed by ReviewDesk's PDF code, drawn by hb-view, and printed
    unshaped (a plain ReportLab Paragraph), side by side."""
    if shutil.which("hb-view") is None:
        print("hb-view is not installed (apt-get install libharfbuzz-bin): no comparison")
        return
    from PIL import Image
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from reviewdesk.exports.fonts import fonts
    from reviewdesk.exports.scripts import ScriptParagraph, font_for, with_fonts

    style = ParagraphStyle("words", fontName=fonts().regular, fontSize=28, leading=40)
    with tempfile.TemporaryDirectory() as work:
        rows = []

        def printed(name: str, paragraph: Paragraph) -> Image.Image:
            pdf = Path(work) / f"{name}.pdf"
            SimpleDocTemplate(str(pdf), pagesize=(300, 64), leftMargin=8, rightMargin=8,
                              topMargin=4, bottomMargin=0).build([paragraph])  # fmt: skip
            subprocess.run(
                ["pdftoppm", "-png", "-r", "72", "-singlefile", pdf, pdf.with_suffix("")],
                check=True,
            )
            return Image.open(pdf.with_suffix(".png")).convert("RGB")

        for k, words in enumerate(SHAPED_WORDS):
            face = pdfmetrics.getFont(font_for(words[0]) or fonts().regular).face.filename
            drawn = Path(work) / f"{k}-hb.png"
            subprocess.run(["hb-view", f"--font-file={face}", "--font-size=28", "--margin=8",
                            "-o", drawn, words], check=True)  # fmt: skip
            rows.append(
                (
                    printed(f"{k}-ours", ScriptParagraph(with_fonts(words), style)),
                    Image.open(drawn).convert("RGB"),
                    printed(f"{k}-unshaped", Paragraph(with_fonts(words), style)),
                )
            )
        widths = [max(row[i].width for row in rows) for i in range(3)]
        height = sum(max(p.height for p in row) for row in rows) + 10 * (len(rows) + 1)
        sheet = Image.new("RGB", (sum(widths) + 40, height), (210, 210, 210))
        y = 10
        for row in rows:
            x = 10
            for picture, width in zip(row, widths, strict=True):
                sheet.paste(picture, (x, y))
                x += width + 10
            y += max(p.height for p in row) + 10
        sheet.save(target)
    print(target, target.stat().st_size)


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.exporting import ExportFormat, ExportOptions
    from reviewdesk.domain.learning_report import ReportFormat

    everything = Period(date(2020, 1, 1), date(2026, 12, 31))
    with fictional_library(generated=30) as (services, tmp):
        demo = services.reviews.find("DEMO-2026-01")
        summary = tmp / "summary.pdf"
        summary.write_bytes(
            services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(prepared_on=ON))
        )
        render_with(summary, "Each row is an agency", out / "export-summary-chronology.png", 80)

        published = tmp / "published.pdf"
        options = ExportOptions(prepared_on=ON, publication=True)
        published.write_bytes(services.exports.render(demo.id, ExportFormat.PDF, options))
        render_with(published, "THEME 1 OF 6", out / "export-summary-for-publication.png", 80)

        report = tmp / "report.pdf"
        services.learning_report.export(everything, ReportFormat.PDF, report)
        render_with(
            report, "Review Action Owner Due Status", out / "learning-report-actions.png", 80
        )

    shaping_compared(out / "pdf-shaping-vs-hb-view.png")
    for variant in ("english", "scripts"):
        with fictional_library() as (services, tmp):
            demo_id = services.reviews.find("DEMO-2026-01").id
            if variant == "scripts":
                add_mixed_scripts(services)
            summary = tmp / "summary.pdf"
            summary.write_bytes(
                services.exports.render(demo_id, ExportFormat.PDF, ExportOptions(prepared_on=ON))
            )
            render_with(summary, "THEME 3 OF 6", out / f"pdf-summary-theme-{variant}.png")
            findings = "interpreter was booked" if variant == "scripts" else "F1. Area for"
            render_with(summary, findings, out / f"pdf-summary-findings-{variant}.png")
            briefing = tmp / "briefing.pdf"
            services.exports.export(demo_id, ExportFormat.BRIEFING, briefing)
            render(briefing, 1, out / f"pdf-briefing-{variant}.png")
            report = tmp / "report.pdf"
            services.learning_report.export(everything, ReportFormat.PDF, report)
            render_with(
                report,
                "Key learning and findings by theme 1.",
                out / f"pdf-learning-report-{variant}.png",
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
