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
from reviewdesk.domain.framework import Framework, parse_framework
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


# Review ids per IN list: well under every engine's limit on a statement's parameters.
_CHUNK = 500


def app_findings(session: Session) -> list[str]:
    """Problems with ReviewDesk's own rules: frameworks that no longer parse, unknown review
    types or statuses, answers or assessments that refer to prompts or themes not in the
    review's frozen framework, and the lead's analysis naming such themes or prompts.

    Reviews that froze the same framework (nearly all of a library) share one reading of it,
    and each rule is one query over a few hundred reviews at a time that returns only what
    breaks it. Reading the rules review by review (seven queries and a framework parsed for
    each) took 17 s at 10,000 reviews, as long as SQLite's own check of the file (issue 20)."""
    rows = session.execute(
        select(
            ReviewRow.id,
            ReviewRow.reference,
            ReviewRow.review_type,
            ReviewRow.status,
            ReviewRow.framework_json,
        ).order_by(ReviewRow.id)
    ).all()
    types, statuses = {t.value for t in ReviewType}, {s.value for s in ReviewStatus}
    sharing: dict[str, list[int]] = {}  # a frozen framework's text -> the reviews holding it
    for review_id, _reference, _type, _status, text in rows:
        sharing.setdefault(text, []).append(review_id)
    readable: set[int] = set()  # the reviews whose framework parses
    strays = _Strays()
    for text, review_ids in sharing.items():
        try:
            framework = parse_framework(json.loads(text), origin="(framework frozen into a review)")
        except (ValueError, TypeError, FrameworkError):
            continue  # each review says so below, in its own words
        readable.update(review_ids)
        for chunk in _chunks(review_ids):
            strays.gather(session, chunk, framework)
    findings: list[str] = []
    for review_id, reference, review_type, status, text in rows:
        name = f"Review {reference}"
        if review_type not in types:
            findings.append(f"{name}: its type '{review_type}' is not one ReviewDesk knows.")
        if status not in statuses:
            findings.append(f"{name}: its status '{status}' is not one ReviewDesk knows.")
        if review_id not in readable:
            try:
                parse_framework(json.loads(text), origin=f"(framework frozen into {name})")
            except (ValueError, TypeError, FrameworkError) as exc:
                findings.append(f"{name}: its practice framework can no longer be read ({exc}).")
            continue
        findings += strays.findings(review_id, name)
    return findings


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


class _Strays:
    """What breaks the rules in each review, gathered a chunk of reviews at a time: each list
    in the order the review-by-review reading gave (by row id)."""

    def __init__(self) -> None:
        self.answers: dict[int, list[str]] = {}
        self.themes: dict[int, list[str]] = {}
        self.analysis: dict[int, list[str]] = {}

    def gather(self, session: Session, reviews: list[int], framework: Framework) -> None:
        prompts = framework.prompt_ids
        themes = {t.id for t in framework.themes}
        for review_id, cid, pid in session.execute(
            select(ContributorRow.review_id, AnswerRow.contributor_id, AnswerRow.prompt_id)
            .join(ContributorRow, AnswerRow.contributor_id == ContributorRow.id)
            .where(
                ContributorRow.review_id.in_(reviews), AnswerRow.prompt_id.not_in(sorted(prompts))
            )
            .order_by(AnswerRow.id)
        ):
            self.answers.setdefault(review_id, []).append(f"contributor {cid}, prompt '{pid}'")
        for model in (AssessmentRow, PrivateNoteRow):
            for review_id, cid, tid in session.execute(
                select(ContributorRow.review_id, model.contributor_id, model.theme_id)
                .join(ContributorRow, model.contributor_id == ContributorRow.id)
                .where(
                    ContributorRow.review_id.in_(reviews),
                    model.theme_id != "",
                    model.theme_id.not_in(sorted(themes)),
                )
                .order_by(model.id)
            ):
                self.themes.setdefault(review_id, []).append(f"contributor {cid}, theme '{tid}'")
        for entity, label in ((ChronologyEntryRow, "chronology entry"), (EpisodeRow, "episode"),
                              (FindingRow, "finding")):  # fmt: skip
            for review_id, item_id, theme_ids in session.execute(
                select(entity.review_id, entity.id, entity.theme_ids)
                .where(entity.review_id.in_(reviews))
                .order_by(entity.id)
            ):
                try:
                    ids = json.loads(theme_ids or "[]")
                except ValueError:
                    ids = ["(unreadable)"]
                stray = [f"{label} {item_id}, theme '{t}'" for t in ids if t not in themes]
                if stray:
                    self.analysis.setdefault(review_id, []).extend(stray)
        for review_id, ev_id, pid in session.execute(
            select(FindingRow.review_id, EvidenceRow.id, EvidenceRow.prompt_id)
            .join(FindingRow, EvidenceRow.finding_id == FindingRow.id)
            .where(
                FindingRow.review_id.in_(reviews),
                EvidenceRow.contributor_id.is_not(None),
                EvidenceRow.prompt_id.not_in(sorted(prompts)),
            )
            .order_by(EvidenceRow.id)
        ):
            self.analysis.setdefault(review_id, []).append(
                f"finding evidence {ev_id}, prompt '{pid}'"
            )

    def findings(self, review_id: int, name: str) -> list[str]:
        found = []
        answers = self.answers.get(review_id, [])
        if answers:
            found.append(
                f"{name}: {count(len(answers), 'answer')} {_verb(answers, 'belong')} "
                f"to prompts that are not in the review's framework ({_examples(answers)})."
            )
        themes = self.themes.get(review_id, [])
        if themes:
            found.append(
                f"{name}: {count(len(themes), 'theme note')} "
                f"{_verb(themes, 'belong')} to themes that are not in the review's "
                f"framework ({_examples(themes)})."
            )
        analysis = self.analysis.get(review_id, [])
        if analysis:
            found.append(
                f"{name}: {count(len(analysis), 'part')} of the lead's analysis "
                f"{_verb(analysis, 'name')} themes or prompts that are not in the review's "
                f"framework ({_examples(analysis)})."
            )
        return found


def _verb(items: Sized, verb: str) -> str:
    """'1 answer belongs', '2 answers belong'."""
    return verb + "s" if len(items) == 1 else verb
