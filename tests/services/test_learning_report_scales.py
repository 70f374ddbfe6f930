"""The learning report's read model reads the library in a fixed number of queries (issue 20).

Each action's impact log used to be loaded when the action was summarised, one query an action:
6,493 queries for the report over 2,000 reviews, about half the time it took to read them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from reviewdesk.domain.analysis import ImpactEntry, ImpactKind
from reviewdesk.domain.dashboard import Period
from reviewdesk.services.bundle import Services
from reviewdesk.store.engine import open_memory_store

EVERYTHING = Period(date(1990, 1, 1), date(2100, 12, 31))


def test_the_report_reads_every_action_s_impact_log_in_one_query() -> None:
    services = Services.over(open_memory_store())
    demo, _ = services.exchange.add_demo()  # a review with an action plan of several actions
    first, second, *_ = services.actions.actions(demo.id)
    for action, found in ((first, "Audit: plans now name the lead"), (second, "Fewer repeats")):
        services.papers.add_impact(
            action.id, ImpactEntry(date(2026, 5, 1), found, ImpactKind.AUDIT_6_MONTHS)
        )
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(services.store.engine, "before_cursor_execute", seen)
    report = services.learning_report.build(EVERYTHING)
    event.remove(services.store.engine, "before_cursor_execute", seen)
    assert len(report.actions) >= 3  # enough actions for one query each to show
    impact_logs = [s for s in statements if "FROM action_impact" in s]
    assert len(impact_logs) == 1
    # ... and each action still carries its own impact log, as the action plan shows it
    plan = {a.id: a.impact_log for a in services.actions.actions(demo.id)}
    assert {a.action.id: a.action.impact_log for a in report.actions} == plan
    assert sum(len(log) for log in plan.values()) == 2
