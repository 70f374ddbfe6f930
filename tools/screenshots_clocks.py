"""Render the working-day clocks and the decision log (issue 18) for the README, offscreen: the
Due and overdue view (due.png), the demo review's overview with its Timescales card
(overview-clock.png), the library with its Next due column and banner (library-due.png) and the
lead toolkit's decision log (decisions.png).

Run:  .venv/bin/python tools/screenshots_clocks.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere) and two fictional reviews made for
the picture with dates relative to today, so their clocks are always running; the data folder
is a temporary one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _offscreen import out_folder


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from PySide6.QtWidgets import QApplication

    from reviewdesk.domain.clocks import WorkingCalendar, add_working_days
    from reviewdesk.domain.review import CaseRecord, Child, KeyDates, Profile, ReviewType
    from reviewdesk.gui.dialogs.due import DueWindow
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.settings import AppSettings
    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services import open_services

    app = QApplication([sys.argv[0], "-style", "fusion"])
    cal = WorkingCalendar.england_and_wales()
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(Path(tmp) / "ReviewDesk").ensure()
        services = open_services(paths)
        services.profile.save(Profile("Sam Carter", "Review lead", "Eastmere Partnership"))
        services.reviews.create(
            CaseRecord(
                reference="RR-2026-09",
                title="Child H, Northvale (fictional)",
                review_type=ReviewType.RAPID_REVIEW,
                dates=KeyDates(
                    incident=add_working_days(today, -6, cal),
                    notification=add_working_days(today, -3, cal),
                ),
                children=(Child("Child H", "4 months"),),
            )
        )
        services.reviews.create(
            CaseRecord(
                reference="RR-2026-10",
                title="Child J, Westbrook (fictional)",
                review_type=ReviewType.RAPID_REVIEW,
                dates=KeyDates(incident=add_working_days(today, -2, cal)),
                children=(Child("Child J", "15"),),
            )
        )
        demo, _ = services.exchange.add_demo()
        services.packs.make_pack(
            demo.id,
            "Priya Shah",
            Path(tmp) / "priya.rdpack",
            None,
            role="Health visitor",
            agency="Health visiting",
            return_by=today + timedelta(days=2),
        )
        Appearance(app, 1.0, "light", fusion=True).apply()

        def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
            for _ in range(3):
                app.processEvents()
            widget.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")

        window = MainWindow(paths, AppSettings(paths.settings_file), Appearance(app, 1.0, "light"))
        window.resize(1380, 720)
        window.show()
        window.attach(services)
        shot(window, "library-due")

        due = DueWindow(services, window)
        due.resize(1100, 520)
        due.show()
        shot(due, "due")
        due.close()

        window.resize(1280, 1000)
        window.open_review(demo.id)
        window.go_to(0)
        shot(window, "overview-clock")

        from reviewdesk.domain.decisions import (
            Decision,
            DecisionKind,
            Outcome,
            PanelResponse,
            Partner,
        )

        services.decisions.add_decision(
            demo.id,
            Decision(
                kind=DecisionKind.RAPID_REVIEW,
                decided_on=date(2026, 3, 10),
                outcome=Outcome.LOCAL_REVIEW,
                reasons="The rapid review found learning about men in the household and about "
                "strategy discussions for non-mobile babies that a local review should explore.",
                partners=tuple(Partner),
                taken_by="Eastmere's three safeguarding partners (delegated leads)",
                panel_response=PanelResponse.AGREED,
                panel_response_on=date(2026, 3, 24),
                panel_comments="The Panel agrees a local review is appropriate.",
            ),
        )
        window.menu_actions.lead_toolkit.trigger()
        lead = window.review_actions.lead_window
        lead.resize(1280, 760)
        toolkit = lead.toolkit
        toolkit.tabs.setCurrentWidget(toolkit.decisions)
        toolkit.decisions.refresh()
        toolkit.decisions.table.selectRow(0)
        shot(lead, "decisions")
        lead.close()
        window.autosaver.stop()
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
