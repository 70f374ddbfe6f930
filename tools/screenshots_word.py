"""Render Word exports as their recipients open them, for the docs (issue 17, point 4).

Run:  .venv/bin/python tools/screenshots_word.py [--out docs/screenshots]

The demo review's learning summary (Child D, Eastmere, fictional) as a Word file, converted to
PDF by LibreOffice headless (``soffice``, from libreoffice-writer-nogui) and rendered with
poppler's ``pdftoppm`` at 50 dpi:

- word-summary-page1.png: the cover (A4, UK margins, the case facts table fitted to its text)
- word-summary-contents.png: the Contents field, filled in
- word-summary-chronology.png: the timeline picture and the chronology table under it
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
        ["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), str(pdf), str(stem)],
        check=True,
    )
    target.write_bytes(next(tmp.glob(f"{stem.name}*.png")).read_bytes())
    print(target)


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from reviewdesk.domain.exporting import ExportFormat, ExportOptions

    with fictional_library() as (services, tmp):
        demo = next(r for r in services.reviews.list_reviews() if r.reference == "DEMO-2026-01")
        options = ExportOptions(prepared_on=date(2026, 11, 28), marking="OFFICIAL")
        docx = tmp / "summary.docx"
        docx.write_bytes(services.exports.render(demo.id, ExportFormat.DOCX, options))
        profile = (tmp / "lo-profile").as_uri()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                str(docx),
            ],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        pdf = docx.with_suffix(".pdf")
        _render(pdf, 1, out / "word-summary-page1.png", tmp)
        _render(
            pdf, _page_with(pdf, "Contents Case overview"), out / "word-summary-contents.png", tmp
        )
        chronology = _page_with(pdf, "Each row is an agency")
        _render(pdf, chronology, out / "word-summary-chronology.png", tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
