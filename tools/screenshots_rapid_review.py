"""Render the rapid review for the Panel (issue 18, point 3), offscreen: the dialog where the
lead edits each section (rapid-review-dialog.png) and the Word document it writes, converted by
LibreOffice and every page rendered by poppler's pdftoppm, side by side (rapid-review-docx.png).

Run:  .venv/bin/python tools/screenshots_rapid_review.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere), dated to the day it was written
for (REVIEWDESK_DEMO_DATE) so the pictures do not change from one day to the next.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from _offscreen import fictional_library, out_folder, save

os.environ.setdefault("REVIEWDESK_DEMO_DATE", "2026-08-03")


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    from PIL import Image

    from reviewdesk.gui.dialogs.rapid_review import RapidReviewDialog
    from reviewdesk.services.analysis.rapid_review import RapidReviewService

    with fictional_library() as (services, tmp):
        review_id = services.reviews.find("DEMO-2026-01").id
        dialog = RapidReviewDialog(services, review_id, folder=tmp)
        dialog.resize(900, 760)
        dialog.show()
        save(dialog, out / "rapid-review-dialog.png")
        dialog.close()
        docx = RapidReviewService(services).export(review_id, tmp / "rapid-review.docx")
        with tempfile.TemporaryDirectory() as work:
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{work}/lo", "--headless",
                 "--convert-to", "pdf", "--outdir", work, str(docx)],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", f"{work}/rapid-review.pdf", f"{work}/page"],
                check=True,
            )
            pages = [Image.open(p) for p in sorted(Path(work).glob("page-*.png"))]
            w, h = pages[0].size
            rows = (len(pages) + 2) // 3
            sheet = Image.new("RGB", (w * 3 + 40, h * rows + 10 * (rows + 1)), (200, 200, 200))
            for k, page in enumerate(pages):
                sheet.paste(page, (10 + (k % 3) * (w + 10), 10 + (k // 3) * (h + 10)))
            sheet.save(out / "rapid-review-docx.png")
            print(out / "rapid-review-docx.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
