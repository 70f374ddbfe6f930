"""Screenshots of the 7-minute briefing (issue 17, point 3): the Briefing page of the lead
toolkit, and the first page of the PDF and of the Word document (converted by LibreOffice), all
for the demo review given a 200-character title.

    python tools/screenshots_briefing.py [--out docs/screenshots]

Needs poppler's pdftoppm, and LibreOffice (soffice) for the Word picture.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from _offscreen import fictional_library, out_folder, save

TITLE = (
    "Child D, Eastmere: how a domestic-abuse call-out, a new adult in the household and an early "
    "explanation of a bruise in a baby of seven months never came together for the "
    "practitioners near the family."
)


def page_png(pdf: Path, png: Path) -> None:
    stem = png.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    print(png, png.stat().st_size)


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__))
    from reviewdesk.domain.exporting import ExportFormat
    from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow

    assert len(TITLE) == 200
    with fictional_library() as (services, tmp):
        demo = services.reviews.list_reviews()[0]
        record = services.reviews.get(demo.id).record
        services.reviews.update_record(demo.id, replace(record, title=TITLE))
        window = LeadToolkitWindow(services, demo.id)
        window.toolkit.tabs.setCurrentWidget(window.toolkit.briefing)
        window.show()
        window.resize(1180, 900)  # after showing: the offscreen screen is small
        save(window, out / "briefing-page.png")
        window.toolkit.briefing.saver.stop()
        pdf = Path(tmp) / "briefing-made.pdf"
        services.exports.export(demo.id, ExportFormat.BRIEFING, pdf)
        page_png(pdf, out / "briefing-pdf.png")
        word = Path(tmp) / "briefing.docx"
        services.exports.export(demo.id, ExportFormat.BRIEFING_DOCX, word)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("LibreOffice is not installed: no picture of the Word briefing", file=sys.stderr)
            return 0
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(tmp), str(word)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
        page_png(Path(tmp) / "briefing.pdf", out / "briefing-docx.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
