"""docs/screenshots/edit-conflict.png: the dialog shown when someone else changed an answer while
the person was writing (issue 22, point 5). Fictional texts only.

    python tools/screenshot_edit_conflict.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from _offscreen import out_folder  # type: ignore[import-not-found]


def main() -> None:
    _args, out = out_folder(argparse.ArgumentParser(description=__doc__.split("\n\n")[0]))
    from PySide6.QtWidgets import QApplication

    from reviewdesk.domain.review import AnswerConflict
    from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog
    from reviewdesk.gui.style import Appearance

    app = QApplication.instance() or QApplication(["x", "-style", "fusion"])
    Appearance(app, 1.0, "light").apply()
    conflict = AnswerConflict(
        contributor_id=1,
        prompt_id="p",
        theirs="The GP letter of 12 January was filed without being read by the duty doctor.",
        theirs_evidence="GP record 12/01/2026",
        their_version=4,
        by="sam.field",
        at=datetime(2026, 3, 9, 14, 2, tzinfo=UTC),
        yours="The school nurse saw the bruise on 3 March and told the designated lead.",
        yours_evidence="",
        your_base=3,
    )
    dialog = EditConflictDialog(
        conflict, (conflict.yours, ""), "your answer to prompt 2 of Information sharing"
    )
    dialog.resize(820, 620)
    dialog.show()
    for _ in range(5):
        app.processEvents()
    dialog.grab().save(str(out / "edit-conflict.png"))
    print(out / "edit-conflict.png")


if __name__ == "__main__":
    main()
