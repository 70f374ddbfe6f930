"""Table models for the review lead's toolkit: chronology, episodes, findings,
recommendations and the action plan. Flags are said in words (never by colour alone)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from reviewdesk.domain.analysis import (
    Action,
    ChronologyEntry,
    Finding,
    PracticeEpisode,
    Recommendation,
    date_label,
)
from reviewdesk.gui.models.table import Column, RowsModel

OVERDUE = "Overdue"
NO_IMPACT = "No evidence of impact"  # an action marked complete with nothing to show for it


def overdue_icon() -> QIcon:
    """A warning sign beside the word "Overdue" (the word carries the meaning)."""
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def flags(entry: ChronologyEntry) -> str:
    words = [
        w
        for w, on in (
            ("Significant", entry.significant),
            ("Positive practice", entry.positive_practice),
        )
        if on
    ]
    if entry.removed_on is not None:
        words.append(f"Removed {date_label(entry.removed_on)}")
    return "; ".join(words)


def _themes(ids: tuple[str, ...], titles: Mapping[str, str]) -> str:
    return "; ".join(titles.get(t, t) for t in ids)


class ChronologyModel(RowsModel):
    def __init__(self, theme_titles: Mapping[str, str] | None = None, parent=None) -> None:
        self.theme_titles = dict(theme_titles or {})
        titles = lambda e: _themes(e.theme_ids, self.theme_titles)  # noqa: E731
        super().__init__(
            [
                Column("Date", lambda e: e.date_label, sort=lambda e: e.sort_key),
                Column("Agency", lambda e: e.agency),
                Column(
                    "What happened",
                    lambda e: " ".join(e.what_happened.split()),
                    tooltip=lambda e: e.what_happened,
                ),
                Column("Source record", lambda e: e.source),
                Column("Flags", flags, bold=lambda e: e.significant),
                Column("Themes", titles),
            ],
            parent,
        )


class EpisodesModel(RowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                Column("Key practice episode", lambda e: e.title),
                Column("Period", lambda e: e.period_label),
                Column("Entries", lambda e: str(len(e.entry_ids))),
                Column("Factors", lambda e: str(len(e.contributory_factors))),
            ],
            parent,
        )


class FindingsModel(RowsModel):
    def __init__(self, theme_titles: Mapping[str, str] | None = None, parent=None) -> None:
        self.theme_titles = dict(theme_titles or {})
        super().__init__(
            [
                Column("Ref", lambda f: f.ref),
                Column("Kind", lambda f: f.kind.label),
                Column(
                    "Finding",
                    lambda f: " ".join(f.statement.split()),
                    tooltip=lambda f: f.statement,
                ),
                Column("Themes", lambda f: _themes(f.theme_ids, self.theme_titles)),
                Column("Evidence", lambda f: _evidence_count(f)),
            ],
            parent,
        )


def _evidence_count(f: Finding) -> str:
    n = len(f.links)
    removed = sum(1 for link in f.links if link.removed)
    text = f"{n} item{'s' if n != 1 else ''}"
    return text + (f" ({removed} since removed)" if removed else "")


class RecommendationsModel(RowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                Column("Ref", lambda r: r.ref),
                Column(
                    "Recommendation", lambda r: " ".join(r.text.split()), tooltip=lambda r: r.text
                ),
                Column("From findings", lambda r: ", ".join(r.finding_refs)),
                Column("Owner", lambda r: r.owner_partner.label if r.owner_partner else ""),
                Column("Response", lambda r: r.response.label if r.response else ""),
            ],
            parent,
        )


class ActionsModel(RowsModel):
    """The action plan. ``today`` is asked each time a status is shown, so overdue follows the
    clock the page was given."""

    def __init__(self, today: Callable[[], date] = date.today, parent=None) -> None:
        self.today = today
        super().__init__(
            [
                Column("Rec.", lambda a: a.recommendation_ref),
                Column(
                    "Action",
                    lambda a: " ".join(a.description.split()),
                    tooltip=lambda a: a.description,
                ),
                Column(
                    "Owner", lambda a: ", ".join(p for p in (a.owner_role, a.owner_agency) if p)
                ),
                Column(
                    "Due",
                    lambda a: a.due.strftime("%d/%m/%Y") if a.due else "",
                    sort=lambda a: a.due or date.max,
                ),
                Column("Status", self.status_text, icon=self._icon, bold=self.needs_notice),
                Column("Impact recorded", _impact_text),
            ],
            parent,
        )

    def is_overdue(self, action: Action) -> bool:
        return action.is_overdue(self.today())

    def needs_notice(self, action: Action) -> bool:
        return self.is_overdue(action) or action.closed_without_impact

    def status_text(self, action: Action) -> str:
        if self.is_overdue(action):
            return f"{OVERDUE}: {action.status.label.lower()}"
        if action.closed_without_impact:
            return f"{action.status.label}: {NO_IMPACT.lower()}"
        return action.status.label

    def _icon(self, action: Action) -> QIcon | None:
        return overdue_icon() if self.needs_notice(action) else None


def _impact_text(action: Action) -> str:
    """ "Yes" with the latest date of the impact log, so a 6 and a 12 month audit show."""
    if action.impact_log:
        latest = action.impact_log[-1].recorded_on
        return f"Yes ({len(action.impact_log)}, latest {latest:%d/%m/%Y})"
    return "Yes" if action.impact_evidence.strip() else ""


__all__ = [
    "ActionsModel",
    "ChronologyModel",
    "EpisodesModel",
    "FindingsModel",
    "PracticeEpisode",
    "Recommendation",
    "RecommendationsModel",
]
