"""Summary: every theme's relevance and key learning at a glance, and what is still unanswered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout

from reviewdesk.domain.framework import Framework
from reviewdesk.domain.progress import ThemeProgress
from reviewdesk.domain.review import ContributorWork, Relevance
from reviewdesk.gui.pages.overview import clear_layout
from reviewdesk.gui.pages.theme_page import ReadableColumn
from reviewdesk.gui.widgets.basics import button, card, label, link
from reviewdesk.gui.widgets.feedback import icon_label
from reviewdesk.gui.widgets.flow import FlowLayout
from reviewdesk.gui.wording import STATE_ICONS, progress_phrase


@dataclass(frozen=True)
class MyTheme:
    """What this person has committed for one theme (what the summary shows as theirs)."""

    progress: ThemeProgress
    relevance: Relevance | None
    key_learning: str
    unanswered: tuple[tuple[int, str], ...]  # (prompt index, prompt text)


class SummaryPage(ReadableColumn):
    export_requested = Signal()
    prompt_requested = Signal(int, int)  # theme index, prompt index

    def refresh(
        self,
        framework: Framework,
        me_name: str,
        mine: Sequence[MyTheme],
        others: Sequence[ContributorWork],
    ) -> None:
        clear_layout(self.body)
        b, col = self.body, self.column
        b.addWidget(label(self.tr("SUMMARY"), "eyebrow", col))
        b.addWidget(label(self.tr("The review at a glance"), "h1", col))
        answered = sum(m.progress.progress.answered for m in mine)
        total = sum(m.progress.progress.total for m in mine)
        done = sum(1 for m in mine if m.progress.state.value in ("complete", "not_relevant"))
        b.addWidget(
            label(
                self.tr("You have answered %d of %d prompts; %d of %d themes are finished.")
                % (answered, total, done, len(mine)),
                "muted",
                col,
            )
        )
        frame, box = card(col)
        row = QHBoxLayout()
        text = label(
            self.tr(
                "Export the learning as a document to share. Private notes are never included."
            ),
            "",
            frame,
        )
        row.addWidget(text, 1)
        self.export_button = button(self.tr("E&xport..."), frame, icon_name="export", primary=True)
        self.export_button.clicked.connect(self.export_requested)
        row.addWidget(self.export_button)
        box.addLayout(row)
        b.addWidget(frame)

        side = max(16, self.fontMetrics().height())
        for t_index, (theme, m) in enumerate(zip(framework.themes, mine, strict=True)):
            frame, box = card(col)
            top = QHBoxLayout()
            top.addWidget(
                icon_label(STATE_ICONS[m.progress.state], side, frame), 0, Qt.AlignmentFlag.AlignTop
            )
            top.addWidget(label(theme.title, "h3", frame), 1)
            box.addLayout(top)
            box.addWidget(label(progress_phrase(m.progress), "muted", frame))
            rows = [(self.tr("You (%s)") % me_name, m.relevance, m.key_learning)]
            for work in others:
                a = work.assessment(theme.id)
                c = work.contributor
                who = f"{c.name}, {c.role}" if c.role else c.name
                rows.append((who, a.relevance if a else None, a.key_learning if a else ""))
            for who, relevance, learning in rows:
                head = FlowLayout(spacing=10)  # the rating goes under the name when narrow
                head.add(label(who, "strong", frame))
                rated = relevance.label if relevance else self.tr("Not rated yet")
                head.add(label(rated, "chip" if relevance else "small", frame, wrap=False))
                box.addSpacing(4)
                box.addLayout(head)
                text = label(
                    learning or self.tr("No key learning written yet."),
                    "" if learning else "muted",
                    frame,
                )
                text.setContentsMargins(14, 0, 0, 0)
                box.addWidget(text)
            if m.unanswered and m.progress.state.value != "not_relevant":
                box.addSpacing(6)
                box.addWidget(label(self.tr("Still to answer:"), "small", frame))
                for p_index, question in m.unanswered[:3]:
                    go = link(
                        f"{p_index + 1}.  {question}",
                        partial(self.prompt_requested.emit, t_index, p_index),
                        frame,
                        name=self.tr("Go to unanswered prompt %d of %s: %s")
                        % (p_index + 1, theme.short_title, question),
                    )
                    box.addWidget(go)
                if len(m.unanswered) > 3:
                    box.addWidget(
                        label(
                            self.tr("and %d more in this theme.") % (len(m.unanswered) - 3),
                            "small",
                            frame,
                        )
                    )
            b.addWidget(frame)
        b.addStretch(1)
