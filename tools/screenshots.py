"""Render the README's screenshots (docs/screenshots/) from the real windows, offscreen.

Run:  .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--appearance light]
      [--scale 1.0]

Everything shown is the fictional demo review (Child D, Eastmere) plus a second fictional review
made for the picture; the data folder is a temporary one.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--appearance", default="light", choices=["light", "dark", "high-contrast"])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from reviewdesk.domain.review import CaseRecord, Child, HouseholdMember, KeyDates, Profile
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.settings import AppSettings
    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    app = QApplication([sys.argv[0], "-style", "fusion"])
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(Path(tmp) / "ReviewDesk").ensure()
        services = open_services(paths)
        services.profile.save(
            Profile("Sam Carter", "Review lead", "Eastmere Safeguarding Partnership")
        )
        other = services.reviews.create(
            CaseRecord(
                reference="RR-2026-04",
                title="Child F, Northvale (fictional)",
                dates=KeyDates(incident=date(2026, 4, 2), notification=date(2026, 4, 6)),
                children=(Child("Child F", "14"),),
                household=(HouseholdMember("Mother"), HouseholdMember("Father")),
                agencies=("Children's social care", "Police", "Education"),
            )
        )
        services.reviews.my_contributor(other.id, services.profile.get())
        appearance = Appearance(app, args.scale, args.appearance, fusion=True)
        appearance.apply()
        window = MainWindow(paths, AppSettings(paths.settings_file), appearance)
        window.resize(1280, 800)
        window.show()
        window.attach(services)
        summary, _ = services.exchange.add_demo()
        window.library.refresh(select_id=summary.id)
        app.processEvents()

        def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
            for _ in range(3):
                app.processEvents()
            widget.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")

        shot(window, "library")

        window.new_review()
        wizard = window.wizard
        wizard.resize(960, 680)
        form = wizard.form
        form.reference.setText("LCSPR-2026-09")
        form.title.setText("Child G, Eastmere (fictional)")
        wizard.next()
        form.date_fields["incident"].line.setText("14/03/2026")
        form.date_fields["notification"].line.setText("12/03/2026")
        form.date_fields["rapid_review"].line.setText("01/04/2026")
        wizard.next()  # the notification date is questioned
        shot(wizard, "wizard")
        wizard.done(0)

        window.open_review(summary.id)
        ws = window.workspace
        entries = services.chronology.entries(summary.id)  # the answer cites two of them
        babies = ws.framework.themes[3].prompts[0].id
        visits = [e.id for e in entries if e.agency == "Health visiting"][:2]
        services.chronology.set_citations(ws.me.id, babies, visits)
        ws.go(4)
        page = ws.theme_pages[3]
        card = page.cards[0]
        card.editor.setPlainText(
            "Mother was the main carer. Maternal grandmother helped two or three days a week. "
            "I did not know that Mother's partner was living at the address from the autumn."
        )
        card.evidence.setText("HV record 02/09/2025; HV record 12/01/2026")
        window.autosaver.finish()
        page.why.set_expanded(False)
        page.verticalScrollBar().setValue(0)
        window.statusBar().clearMessage()
        shot(window, "theme")
        page.why.set_expanded(True)

        page.cards[2].editor.setFocus()
        ws.compare.setCurrentIndex(1)  # the health visitor, whose third answer cites entries
        for _ in range(3):  # the page's new layout, before scrolling to the card
            app.processEvents()
        top = page.cards[2].mapTo(page.widget(), page.cards[2].rect().topLeft()).y()
        page.verticalScrollBar().setValue(top - 24)
        shot(window, "compare")
        ws.compare.setCurrentIndex(0)

        ws.go(ws.summary_index)
        window.statusBar().clearMessage()
        shot(window, "summary")
        ws.go(0)
        shot(window, "overview")

        # The dialogs opened from the menus, in the app's own style.
        window.review_actions.show_export_dialog(summary.id)
        window.review_actions.export_dialog.resize(640, 700)
        shot(window.review_actions.export_dialog, "export-dialog")
        window.review_actions.export_dialog.reject()
        window.review_actions.show_audit()
        window.review_actions.audit_dialog.resize(960, 560)
        shot(window.review_actions.audit_dialog, "audit-trail")
        window.review_actions.audit_dialog.reject()
        window.review_actions.send_pack()
        window.review_actions.exchange_dialog.resize(640, 620)
        shot(window.review_actions.exchange_dialog, "send-pack-dialog")
        window.review_actions.exchange_dialog.reject()
        window.close()
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
