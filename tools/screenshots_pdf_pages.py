"""Render the PDF pages issue 17 changed (navigation, text never cut, attribution), for the docs.

Run:  .venv/bin/python tools/screenshots_pdf_pages.py [--out docs/screenshots]

Pages of documents made from the fictional demo review (Child D, Eastmere) and, for the learning
report, 30 generated fictional reviews, rendered with poppler's ``pdftoppm`` at 80 dpi:

- export-summary-chronology.png: the timeline with the chronology starting beneath it
- export-summary-for-publication.png: a theme page of a summary for publication (roles alone,
  no answer counts)
- learning-report-actions.png: an action table whose review references stay on one line
"""

from __future__ import annotations

import argparse
import subprocess
from datetime import date
from pathlib import Path

from _offscreen import fictional_library, out_folder


def _page_with(pdf: Path, words: str) -> int:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    for number, page in enumerate(text.decode().split("\f"), start=1):
        if words in " ".join(page.split()):
            return number
    raise SystemExit(f"No page of {pdf.name} holds {words!r}")


def _render(pdf: Path, page: int, target: Path, tmp: Path) -> None:
    stem = tmp / f"render-{target.stem}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), str(pdf), str(stem)],
        check=True,
    )
    target.write_bytes(next(tmp.glob(f"{stem.name}*.png")).read_bytes())
    print(target)


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.exporting import ExportFormat, ExportOptions
    from reviewdesk.domain.learning_report import ReportFormat

    on = date(2026, 11, 28)
    with fictional_library(generated=30) as (services, tmp):
        demo = next(r for r in services.reviews.list_reviews() if r.reference == "DEMO-2026-01")
        summary = tmp / "summary.pdf"
        summary.write_bytes(
            services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(prepared_on=on))
        )
        chronology = _page_with(summary, "Each row is an agency")
        _render(summary, chronology, out / "export-summary-chronology.png", tmp)

        published = tmp / "published.pdf"
        options = ExportOptions(prepared_on=on, publication=True)
        published.write_bytes(services.exports.render(demo.id, ExportFormat.PDF, options))
        theme = _page_with(published, "THEME 1 OF 6")
        _render(published, theme, out / "export-summary-for-publication.png", tmp)

        report = tmp / "report.pdf"
        services.learning_report.export(
            Period(date(2020, 1, 1), date(2026, 12, 31)), ReportFormat.PDF, report
        )
        actions = _page_with(report, "Review Action Owner Due Status")
        _render(report, actions, out / "learning-report-actions.png", tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
