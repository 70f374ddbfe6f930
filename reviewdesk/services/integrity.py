"""``reviewdesk check``: the full health check of an open library.

SQLite's ``integrity_check`` (every page and index), ``foreign_key_check`` (every link between
records), ReviewDesk's own rules (reviewdesk/store/consistency.py) and the audit trail's hash
chain. Opening a library already runs the quicker ``quick_check``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from reviewdesk.domain.audit import ChainVerdict
from reviewdesk.services.audit import AuditService
from reviewdesk.store import consistency
from reviewdesk.store.engine import Store
from reviewdesk.store.sqlite_file import DB_ERRORS
from reviewdesk.store.tables import AnswerRow, ReviewRow


@dataclass(frozen=True, slots=True)
class CheckSection:
    title: str
    findings: tuple[str, ...]
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True, slots=True)
class CheckReport:
    sections: tuple[CheckSection, ...]
    audit: ChainVerdict

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sections)

    @property
    def problems(self) -> list[str]:
        return [f"{s.title}: {f}" for s in self.sections for f in s.findings]

    def lines(self) -> list[str]:
        out = []
        for s in self.sections:
            if s.ok:
                out.append(f"{s.title}: ok" + (f" ({s.summary})" if s.summary else ""))
            else:
                out.append(f"{s.title}: {len(s.findings)} problem(s)")
                out.extend(f"  - {f}" for f in s.findings)
        return out


class IntegrityService:
    def __init__(self, store: Store, audit: AuditService) -> None:
        self._store = store
        self._audit = audit

    def run(self) -> CheckReport:
        try:
            with self._store.raw() as conn:
                integrity, links = consistency.sqlite_findings(conn)
        except DB_ERRORS as exc:
            integrity, links = [f"SQLite could not finish its check ({exc})"], []
        with self._store.read() as session:
            rules = consistency.app_findings(session)
            reviews = session.scalar(select(func.count(ReviewRow.id))) or 0
            answers = session.scalar(select(func.count(AnswerRow.id))) or 0
        verdict = self._audit.verify()
        return CheckReport(
            (
                CheckSection("The database file (SQLite integrity check)", tuple(integrity)),
                CheckSection("Links between records (foreign key check)", tuple(links)),
                CheckSection(
                    "ReviewDesk's own rules",
                    tuple(rules),
                    f"{reviews} review(s), {answers} answer(s)",
                ),
                CheckSection(
                    "The audit trail",
                    () if verdict.ok else (verdict.message(),),
                    " ".join((f"{verdict.checked} entries, intact.", *verdict.notes)),
                ),
            ),
            verdict,
        )
