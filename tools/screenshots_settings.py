"""Render the Library settings dialog for the README, offscreen.

Run:  .venv/bin/python tools/screenshots_settings.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere) plus one more fictional review whose
retention review date has passed, in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from reviewdesk.domain.review import CaseRecord
    from reviewdesk.gui.dialogs.library_settings import LibrarySettingsDialog
    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services import open_services

    app = QApplication([sys.argv[0], "-style", "fusion"])
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(resolve_paths(Path(tmp) / "ReviewDesk"))
        try:
            demo, _ = services.exchange.add_demo()
            today = services.retention.today()
            services.retention.set_review_date(demo.id, today + timedelta(days=400))
            older = services.reviews.create(
                CaseRecord(reference="LCSPR-2019-004", title="Child B, Eastmere (fictional)")
            )
            services.retention.set_review_date(older.id, today - timedelta(days=21))
            Appearance(app, 1.0, "light", fusion=True).apply()
            dialog = LibrarySettingsDialog(services)
            dialog.resize(760, 600)
            dialog.show()
            for _ in range(3):
                app.processEvents()
            path = out / "library-settings.png"
            dialog.grab().save(str(path))
            print(path, path.stat().st_size)
            dialog.close()
        finally:
            services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
