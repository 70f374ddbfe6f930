"""ReviewDesk's own consistency rules, beyond what SQLite can check.

Each rule reads the library and returns plain sentences naming the review and what is wrong.
They never change anything.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sized

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.errors import FrameworkError
from reviewdesk.domain.framework import parse_framework
from reviewdesk.domain.review import ReviewStatus, ReviewType
from reviewdesk.domain.words import count
from reviewdesk.store.tables import (
    AnswerRow,
    AssessmentRow,
    ChronologyEntryRow,
    ContributorRow,
    EpisodeRow,
    EvidenceRow,
    FindingRow,
    PrivateNoteRow,
    ReviewRow,
)

_MAX_EXAMPLES = 3


def sqlite_findings(conn: sqlite3.Connection, *, limit: int = 50) -> tuple[list[str], list[str]]:
    """(``integrity_check`` findings, ``foreign_key_check`` findings); empty lists when fine."""
    rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    integrity = [] if rows == ["ok"] else rows
    links = [
        f"a row in '{table}' (row {rowid}) points to a missing row in '{parent}'"
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()
    ]
    return integrity, links


def _examples(items: list[str]) -> str:
    shown = ", ".join(items[:_MAX_EXAMPLES])
    return shown + (f" and {len(items) - _MAX_EXAMPLES} more" if len(items) > _MAX_EXAMPLES else "")


def app_findings(session: Session) -> list[str]:
    """Problems with ReviewDesk's own rules: frameworks that no longer parse, unknown review
    types or statuses, answers or assessments that refer to prompts or themes not in the
    review's frozen framework."""
    findings: list[str] = []
    reviews = session.scalars(select(ReviewRow).order_by(ReviewRow.id)).all()
    for review in reviews:
        name = f"Review {review.reference}"
        if review.review_type not in {t.value for t in ReviewType}:
            findings.append(f"{name}: its type '{review.review_type}' is not one ReviewDesk knows.")
        if review.status not in {s.value for s in ReviewStatus}:
            findings.append(f"{name}: its status '{review.status}' is not one ReviewDesk knows.")
        try:
            framework = parse_framework(
                json.loads(review.framework_json), origin=f"(framework frozen into {name})"
            )
        except (ValueError, TypeError, FrameworkError) as exc:
            findings.append(f"{name}: its practice framework can no longer be read ({exc}).")
            continue
        prompts = framework.prompt_ids
        themes = {t.id for t in framework.themes}
        stray_answers = [
            f"contributor {cid}, prompt '{pid}'"
            for cid, pid in session.execute(
                select(AnswerRow.contributor_id, AnswerRow.prompt_id)
                .join(ContributorRow, AnswerRow.contributor_id == ContributorRow.id)
                .where(ContributorRow.review_id == review.id)
                .order_by(AnswerRow.id)
            )
            if pid not in prompts
        ]
        if stray_answers:
            findings.append(
                f"{name}: {count(len(stray_answers), 'answer')} {_verb(stray_answers, 'belong')} "
                f"to prompts that are not in the review's framework ({_examples(stray_answers)})."
            )
        stray_themes = [
            f"contributor {cid}, theme '{tid}'"
            for model in (AssessmentRow, PrivateNoteRow)
            for cid, tid in session.execute(
                select(model.contributor_id, model.theme_id)
                .join(ContributorRow, model.contributor_id == ContributorRow.id)
                .where(ContributorRow.review_id == review.id)
            )
            if tid and tid not in themes
        ]
        if stray_themes:
            findings.append(
                f"{name}: {count(len(stray_themes), 'theme note')} "
                f"{_verb(stray_themes, 'belong')} to themes that are not in the review's "
                f"framework ({_examples(stray_themes)})."
            )
        findings += _analysis_findings(session, review.id, name, themes, prompts)
    return findings


def _analysis_findings(
    session: Session, review_id: int, name: str, themes: set[str], prompts: frozenset[str]
) -> list[str]:
    """The lead's analysis: themes and prompts it names must be in the review's framework."""
    stray = []
    for model, label in ((ChronologyEntryRow, "chronology entry"), (EpisodeRow, "episode"),
                         (FindingRow, "finding")):  # fmt: skip
        for item_id, theme_ids in session.execute(
            select(model.id, model.theme_ids).where(model.review_id == review_id)
        ):
            try:
                ids = json.loads(theme_ids or "[]")
            except ValueError:
                ids = ["(unreadable)"]
            stray += [f"{label} {item_id}, theme '{t}'" for t in ids if t not in themes]
    stray += [
        f"finding evidence {ev_id}, prompt '{pid}'"
        for ev_id, pid in session.execute(
            select(EvidenceRow.id, EvidenceRow.prompt_id)
            .join(FindingRow, EvidenceRow.finding_id == FindingRow.id)
            .where(FindingRow.review_id == review_id, EvidenceRow.contributor_id.is_not(None))
        )
        if pid not in prompts
    ]
    if not stray:
        return []
    return [
        f"{name}: {count(len(stray), 'part')} of the lead's analysis {_verb(stray, 'name')} "
        f"themes or prompts that are not in the review's framework ({_examples(stray)})."
    ]


def _verb(items: Sized, verb: str) -> str:
    """'1 answer belongs', '2 answers belong'."""
    return verb + "s" if len(items) == 1 else verb
