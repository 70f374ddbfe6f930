"""Words shown in more than one place: the case record as lines, progress as a phrase."""

from __future__ import annotations

from datetime import date

from reviewdesk.domain.progress import ThemeProgress, ThemeState
from reviewdesk.domain.review import CaseRecord, KeyDates

STATE_ICONS = {
    ThemeState.NOT_STARTED: "state-not-started",
    ThemeState.IN_PROGRESS: "state-in-progress",
    ThemeState.COMPLETE: "state-complete",
    ThemeState.NOT_RELEVANT: "state-not-relevant",
}


def plural(n: int, one: str, many: str) -> str:
    """``one`` or ``many`` (already translated), with ``%d`` replaced by ``n``: never
    "1 reviews" or "review(s)"."""
    return (one if n == 1 else many).replace("%d", str(n))


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def progress_phrase(tp: ThemeProgress) -> str:
    """'3 of 7 answered · In progress'."""
    return f"{tp.progress.answered} of {tp.progress.total} answered · {tp.state.label}"


def record_lines(record: CaseRecord) -> list[tuple[str, str]]:
    """The case record as (label, value) lines: for checking before saving, and the overview."""
    dates = [
        (KeyDates.LABELS[n], long_date(getattr(record.dates, n)))
        for n in KeyDates.FIELDS
        if getattr(record.dates, n)
    ]
    scope = ""
    if record.scope_start or record.scope_end:
        start = long_date(record.scope_start) if record.scope_start else "not set"
        end = long_date(record.scope_end) if record.scope_end else "not set"
        scope = f"{start} to {end}"
    children = "; ".join(
        f"{c.pseudonym} ({c.age})" if c.age else c.pseudonym for c in record.children
    )
    household = "; ".join(
        f"{h.role}: {h.description}" if h.description else h.role for h in record.household
    )
    return [
        ("Reference", record.reference),
        ("Title", record.title),
        ("Review type", record.review_type.label),
        ("Status", record.status.label),
        ("Lead reviewer", record.lead or "Not named yet"),
        *dates,
        ("Scope period", scope or "Not set yet"),
        ("Children", children or "None added yet"),
        ("Household", household or "None added yet"),
        ("Agencies", ", ".join(record.agencies) or "None chosen yet"),
    ]
