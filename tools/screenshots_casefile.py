"""Render the review papers and the case record for analysis (issue 18, points 4 and 5) for the
README, offscreen: the lead toolkit's Review papers tab on its family involvement log
(review-papers.png) and the Case record for analysis tab (case-record.png), on the fictional demo
review (Child D, Eastmere) in a temporary data folder.

Run:  .venv/bin/python tools/screenshots_casefile.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from _offscreen import out_folder


def main() -> int:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.splitlines()[0]))

    from PySide6.QtWidgets import QApplication

    from reviewdesk.domain.casefile import (
        CaseDetails,
        ChildDetails,
        Disability,
        EducationStatus,
        Ethnicity,
        HarmType,
        IncidentKind,
        LegalStatus,
        Send,
        Sex,
    )
    from reviewdesk.domain.papers import (
        FamilyContribution,
        FamilyWay,
        ParallelProcess,
        ProcessKind,
        TermsOfReference,
    )
    from reviewdesk.domain.review import Profile
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.settings import AppSettings
    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services import open_services

    app = QApplication([sys.argv[0], "-style", "fusion"])
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(Path(tmp) / "ReviewDesk").ensure()
        services = open_services(paths)
        services.profile.save(Profile("Sam Carter", "Review lead", "Eastmere Partnership"))
        demo, _ = services.exchange.add_demo()
        rid = demo.id
        papers = services.papers
        papers.save_terms(
            rid,
            TermsOfReference(
                "The review covers the period from the booking appointment in pregnancy to the "
                "day Child D was taken to hospital.",
                (
                    "How well was Child D seen and heard by each agency?",
                    "What was known about the men in the household, and by whom?",
                ),
                date(2026, 4, 1),
            ),
        )
        for entry in (
            FamilyContribution(
                "Mother", date(2026, 4, 10), FamilyWay.MET_REVIEWER, date(2026, 5, 2),
                "She said the health visitor was the one person who asked how she was coping, "
                "and that she did not know who to call at night.",
            ),
            FamilyContribution(
                "Maternal grandmother", date(2026, 4, 10), FamilyWay.PHONE_OR_VIDEO,
                date(2026, 5, 9), "She had raised worries with the GP surgery twice.",
            ),
            FamilyContribution(
                "Mother's partner", date(2026, 4, 10), FamilyWay.DECLINED,
                notes="Invited through his solicitor; the criminal trial is not yet concluded.",
            ),
        ):  # fmt: skip
            papers.add_family(rid, entry)
        papers.add_process(
            rid,
            ParallelProcess(
                ProcessKind.CRIMINAL, "Eastmere Police", date(2026, 2, 20), date(2026, 11, 16),
                "Trial", notes="Practitioner conversations agreed with the police first.",
            ),
        )  # fmt: skip
        services.case_details.save_details(
            rid,
            CaseDetails(
                IncidentKind.SERIOUS_HARM,
                HarmType.PHYSICAL_ABUSE,
                (
                    ChildDetails(
                        "Child D", Sex.MALE, Ethnicity.WHITE_BLACK_CARIBBEAN, "English",
                        Disability.NO, Send.NOT_KNOWN, LegalStatus.CHILD_IN_NEED,
                        EducationStatus.UNDER_SCHOOL_AGE,
                    ),
                    ChildDetails(
                        "Sibling 1", Sex.FEMALE, Ethnicity.WHITE_BLACK_CARIBBEAN, "English",
                        Disability.NO, Send.SEN_SUPPORT, LegalStatus.CHILD_IN_NEED,
                        EducationStatus.EARLY_YEARS,
                    ),
                ),
            ),
        )  # fmt: skip
        Appearance(app, 1.0, "light", fusion=True).apply()

        def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
            for _ in range(3):
                app.processEvents()
            widget.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")

        window = MainWindow(paths, AppSettings(paths.settings_file), Appearance(app, 1.0, "light"))
        window.resize(1280, 800)
        window.show()
        window.attach(services)
        window.open_review(rid)
        window.menu_actions.lead_toolkit.trigger()
        lead = window.review_actions.lead_window
        lead.resize(1280, 760)
        toolkit = lead.toolkit
        toolkit.tabs.setCurrentWidget(toolkit.papers)
        toolkit.papers.tabs.setCurrentWidget(toolkit.papers.family)
        toolkit.papers.family.table.selectRow(0)
        shot(lead, "review-papers")
        toolkit.tabs.setCurrentWidget(toolkit.case_details)
        shot(lead, "case-record")
        lead.close()
        window.autosaver.stop()
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
