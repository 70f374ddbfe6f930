"""Render the Library settings dialog for the README, offscreen.

Run:  .venv/bin/python tools/screenshots_settings.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere) plus one more fictional review whose
retention review date has passed, in a temporary folder.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from _offscreen import fictional_library, out_folder, save


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from reviewdesk.domain.review import CaseRecord
    from reviewdesk.gui.dialogs.library_settings import LibrarySettingsDialog

    with fictional_library() as (services, _tmp):
        demo = services.reviews.list_reviews()[0]
        today = services.retention.today()
        services.retention.set_review_date(demo.id, today + timedelta(days=400))
        older = services.reviews.create(
            CaseRecord(reference="LCSPR-2019-004", title="Child B, Eastmere (fictional)")
        )
        services.retention.set_review_date(older.id, today - timedelta(days=21))
        from PySide6.QtWidgets import QWidget

        from reviewdesk.gui.dialogs.encryption import EncryptionChanger

        host = QWidget()
        dialog = LibrarySettingsDialog(services, changer=EncryptionChanger(services, host))
        dialog.resize(760, 760)
        dialog.show()
        from PySide6.QtWidgets import QApplication, QScrollArea

        QApplication.processEvents()
        area = dialog.findChild(QScrollArea)
        if area is not None:  # a short screen: the retention table, as the caption says
            area.widget().adjustSize()
            QApplication.processEvents()
            area.ensureWidgetVisible(dialog.table)
        save(dialog, out / "library-settings.png")
        dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
