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
"""

from __future__ import annotations

import argparse
from datetime import date

from _documents import ON, add_mixed_scripts, render, render_with
from _offscreen import fictional_library, out_folder


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
