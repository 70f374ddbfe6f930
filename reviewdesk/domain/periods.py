"""Which date places a review in a period (a search's date range, the dashboard, the yearly
learning report): one rule, used everywhere.

A review belongs to the period of its **notification** to the Panel (the date partnerships count
serious incidents by); without one, its **incident** date; without either (an audit or a learning
event may have neither), the day it was **started** in ReviewDesk (``created_at``, UTC).
The store's search repeats this rule in SQL (reviewdesk/store/search.py, ``PERIOD_DATE_SQL``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def review_period_date(
    notification: date | None, incident: date | None, created_at: datetime | date
) -> date:
    """The date that places a review in a period: notification, else incident, else started."""
    if notification is not None:
        return notification
    if incident is not None:
        return incident
    if isinstance(created_at, datetime):
        moment = created_at if created_at.tzinfo is None else created_at.astimezone(UTC)
        return moment.date()
    return created_at


def in_period(when: date, date_from: date | None, date_to: date | None) -> bool:
    """``when`` falls in the period (either end may be open; both ends are included)."""
    return (date_from is None or when >= date_from) and (date_to is None or when <= date_to)
