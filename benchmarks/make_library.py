"""Make a realistic, entirely fictional library of many reviews (for benchmarks and tests).

    python benchmarks/make_library.py DATA_DIR [--reviews 1000] [--seed 7] [--batch 250]

Each review has a type, status and key dates spread over about six years, 3-6 agencies, one or
two children (by pseudonym), two to four contributors who answered most prompts of the six themes
with a relevance rating and key learning, a chronology, key practice episodes, findings (with
themes and evidence), recommendations and an action plan (some overdue, some with evidence of
impact). All wording comes from the phrase banks in benchmarks/library_text.py.

It is fast because it writes rows in bulk (SQLAlchemy core inserts, ``--batch`` reviews per
write transaction of the Store, so memory stays flat at any size: 10,000 reviews take a few
minutes), but the rows are exactly those the services write: the same columns, JSON lists,
normalised dates, uids, one ``review.created`` audit entry per review appended to the hash chain
through the audit layer. The library is opened with :func:`reviewdesk.services.open_services`, so
it is created and upgraded as the app does, and the triggers (the search index) fire as they
would for the app. The result passes ``reviewdesk check`` (file, links, rules, audit chain).

    python benchmarks/make_library.py /tmp/lib10k --reviews 10000
    reviewdesk --data-dir /tmp/lib10k check
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from functools import cache, lru_cache  # noqa: E402
from string import Formatter  # noqa: E402

from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks import library_text as bank  # noqa: E402
from reviewdesk.domain.review import DEFAULT_AGENCIES, HOUSEHOLD_ROLES, ReviewType  # noqa: E402
from reviewdesk.paths import resolve_paths  # noqa: E402
from reviewdesk.services.bundle import open_services  # noqa: E402
from reviewdesk.services.frameworks import default_framework  # noqa: E402
from reviewdesk.store import audit as audit_store  # noqa: E402
from reviewdesk.store import tables as t  # noqa: E402

FIRST_DAY = date(2020, 1, 6)  # incidents spread over about six years from here
SPAN_DAYS = 6 * 365
TODAY = date(2026, 6, 1)  # "now" for statuses and due dates, so a seed always gives one library
TYPES = (
    (ReviewType.RAPID_REVIEW, 30), (ReviewType.LCSPR, 28), (ReviewType.SINGLE_AGENCY, 10),
    (ReviewType.MULTI_AGENCY_AUDIT, 10), (ReviewType.LEARNING_EVENT, 8),
    (ReviewType.APPRECIATIVE_INQUIRY, 5), (ReviewType.WELSH_CPR_CONCISE, 5),
    (ReviewType.WELSH_CPR_EXTENDED, 4),
)  # fmt: skip
PREFIX = {
    ReviewType.RAPID_REVIEW: "RR", ReviewType.LCSPR: "LCSPR", ReviewType.SINGLE_AGENCY: "SAR",
    ReviewType.MULTI_AGENCY_AUDIT: "MAA", ReviewType.LEARNING_EVENT: "PLE",
    ReviewType.APPRECIATIVE_INQUIRY: "AIR", ReviewType.WELSH_CPR_CONCISE: "CPRC",
    ReviewType.WELSH_CPR_EXTENDED: "CPRE",
}  # fmt: skip
RELEVANCE = (("significant", 35), ("some", 35), ("not_relevant", 18), (None, 12))
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _weighted(rng: random.Random, pairs):  # type: ignore[no-untyped-def]
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


@cache
def _slots(template: str) -> frozenset[str]:
    """The names of the slots in a phrase-bank template ("{child}", "{month}" ...)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


@cache
def _pool(theme_id: str) -> list[str]:
    """The sentences an answer on this theme is drawn from (its own twice as likely)."""
    return list(bank.THEMES[theme_id]) * 2 + list(bank.GENERIC)


@lru_cache(maxsize=4096)
def _month(day: date) -> str:
    return f"{day:%B %Y}"


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=UTC
    )


class _Ids:
    """The next free id of each table (rows are inserted with their ids, to link them)."""

    def __init__(self, session, models) -> None:  # type: ignore[no-untyped-def]
        self._next = {m: (session.scalar(select(func.max(m.id))) or 0) + 1 for m in models}

    def __call__(self, model) -> int:  # type: ignore[no-untyped-def]
        value = self._next[model]
        self._next[model] = value + 1
        return value


class _Review:
    """The rows of one generated review, added to the shared batches."""

    def __init__(self, rng: random.Random, n: int, framework, rows, ids) -> None:  # type: ignore[no-untyped-def]
        self.rng, self.rows, self.ids, self.framework = rng, rows, ids, framework
        self.themes = [th.id for th in framework.themes]
        kind = _weighted(rng, TYPES)
        incident = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
        notified = incident + timedelta(days=rng.randint(1, 6)) if rng.random() < 0.93 else None
        if (
            kind in (ReviewType.MULTI_AGENCY_AUDIT, ReviewType.LEARNING_EVENT)
            and rng.random() < 0.4
        ):
            incident = None  # an audit or learning event need not follow one incident
        start = notified or incident or FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
        self.start = start
        age = (TODAY - start).days
        status = (
            "closed"
            if age > 1500 and rng.random() < 0.7
            else "published"
            if age > 500 and rng.random() < 0.75
            else "analysis"
            if age > 200 and rng.random() < 0.7
            else rng.choice(("setup", "reflection", "reflection", "analysis"))
        )
        self.status = status
        self.child = f"Child {rng.choice(LETTERS)}"
        self.town = rng.choice(bank.TOWNS)
        self.agencies = rng.sample(DEFAULT_AGENCIES, rng.randint(3, 6))
        self.carer = rng.choice(("mother's partner", "father", "lodger", "mother's new partner"))
        self.id = ids(t.ReviewRow)
        self.uid = str(uuid.uuid4())
        self.created = _at(start + timedelta(days=rng.randint(1, 20)), rng)
        rapid = start + timedelta(days=rng.randint(10, 21))
        decision = rapid + timedelta(days=rng.randint(1, 10))
        published = decision + timedelta(days=rng.randint(180, 400))
        self.published = published if status in ("published", "closed") else None
        self.reference = f"{PREFIX[kind]}-{start.year}-{self.id:04d}"
        rows[t.ReviewRow].append(
            {
                "id": self.id,
                "uid": self.uid,
                "reference": self.reference,
                "title": f"{self.child}, {self.town} (fictional)",
                "review_type": kind.value,
                "status": status,
                "incident_date": incident,
                "notification_date": notified,
                "rapid_review_date": rapid if kind is not ReviewType.SINGLE_AGENCY else None,
                "decision_date": decision if kind is ReviewType.LCSPR else None,
                "publication_date": self.published,
                "scope_start": (incident or start) - timedelta(days=rng.randint(180, 720)),
                "scope_end": incident or start,
                "lead": rng.choice(
                    (
                        "Independent reviewer",
                        "Safeguarding partnership business manager",
                        "Designated nurse",
                        "Head of quality assurance",
                    )
                ),
                "framework_id": framework.id,
                "framework_version": framework.version,
                "framework_json": json.dumps(framework.to_dict(), ensure_ascii=False),
                "archived_at": _at(published + timedelta(days=90), rng)
                if status == "closed" and rng.random() < 0.5
                else None,
                "deleted_at": None,
                "created_at": self.created,
                "updated_at": self.created,
            }
        )
        self._case()
        self._contributors()
        if status in ("analysis", "published", "closed") or rng.random() < 0.3:
            self._analysis()

    def fill(self, template: str) -> str:
        """The template with this review's slots filled (only the slots it has are drawn)."""
        slots = _slots(template)
        if not slots:
            return template
        rng, values = self.rng, {}
        if "agency" in slots:
            values["agency"] = rng.choice(self.agencies)
        if "other" in slots:
            other = rng.choice(self.agencies)
            values["other"] = other.lower() if other != "GP" else "the GP"
        if "month" in slots:
            values["month"] = _month(self.start - timedelta(days=rng.randint(20, 300)))
        if "child" in slots:
            values["child"] = self.child
        if "town" in slots:
            values["town"] = self.town
        if "carer" in slots:
            values["carer"] = self.carer
        return template.format(**values)

    def text(self, theme_id: str, sentences: int) -> str:
        return " ".join(self.fill(s) for s in self.rng.sample(_pool(theme_id), sentences))

    def _case(self) -> None:
        rng, rows = self.rng, self.rows
        kids = [self.child] + ([f"Sibling {rng.randint(1, 3)}"] if rng.random() < 0.35 else [])
        for i, name in enumerate(kids):
            age = rng.choice(("6 weeks", "4 months", "11 months", "2 years", "7", "14-15", "16"))
            rows[t.ChildRow].append(
                {
                    "id": self.ids(t.ChildRow),
                    "review_id": self.id,
                    "position": i,
                    "pseudonym": name,
                    "age": age,
                }
            )
        for i, role in enumerate(rng.sample(HOUSEHOLD_ROLES, rng.randint(2, 4))):
            rows[t.HouseholdRow].append(
                {
                    "id": self.ids(t.HouseholdRow),
                    "review_id": self.id,
                    "position": i,
                    "role": role,
                    "description": "",
                }
            )
        for i, name in enumerate(self.agencies):
            rows[t.AgencyRow].append(
                {"id": self.ids(t.AgencyRow), "review_id": self.id, "position": i, "name": name}
            )

    def _contributors(self) -> None:
        rng, rows = self.rng, self.rows
        self.contributors: list[tuple[int, list[str]]] = []
        for k, agency in enumerate(
            rng.sample(self.agencies, min(len(self.agencies), rng.randint(2, 4)))
        ):
            cid = self.ids(t.ContributorRow)
            role = rng.choice(bank.ROLES[agency])
            when = self.created + timedelta(days=rng.randint(0, 30))
            rows[t.ContributorRow].append(
                {
                    "id": cid,
                    "uid": str(uuid.uuid4()),
                    "review_id": self.id,
                    "name": f"{role} {LETTERS[k]}",
                    "role": role,
                    "agency": agency,
                    "created_at": when,
                }
            )
            answered: list[str] = []
            share = 0.2 if self.status == "setup" else 0.85
            for theme in self.framework.themes:
                for prompt in theme.prompts:
                    if rng.random() < share:
                        answered.append(prompt.id)
                        evidence = (
                            rng.choice(
                                (
                                    "Case notes",
                                    "GP record",
                                    "Police log",
                                    "A&E discharge letter",
                                    "Supervision record",
                                    "MARAC minutes",
                                )
                            )
                            + f", {self.fill('{month}')}"
                            if rng.random() < 0.3
                            else ""
                        )
                        rows[t.AnswerRow].append(
                            {
                                "id": self.ids(t.AnswerRow),
                                "contributor_id": cid,
                                "prompt_id": prompt.id,
                                "text": self.text(theme.id, rng.randint(1, 3)),
                                "evidence": evidence,
                                "updated_at": when,
                            }
                        )
                if rng.random() < share:
                    relevance = _weighted(rng, RELEVANCE)
                    learning = rng.choice(bank.KEY_LEARNING[theme.id]) if relevance else ""
                    rows[t.AssessmentRow].append(
                        {
                            "id": self.ids(t.AssessmentRow),
                            "contributor_id": cid,
                            "theme_id": theme.id,
                            "relevance": relevance,
                            "key_learning": learning,
                            "updated_at": when,
                        }
                    )
            if rng.random() < 0.15:
                rows[t.PrivateNoteRow].append(
                    {
                        "id": self.ids(t.PrivateNoteRow),
                        "contributor_id": cid,
                        "theme_id": "",
                        "text": rng.choice(bank.PRIVATE_NOTES),
                        "updated_at": when,
                    }
                )
            self.contributors.append((cid, answered))

    def _item(self, model, **values) -> int:  # type: ignore[no-untyped-def]
        item_id = self.ids(model)
        self.rows[model].append(
            {"id": item_id, "uid": str(uuid.uuid4()), "review_id": self.id, **values}
        )
        return item_id

    def _analysis(self) -> None:
        rng, rows = self.rng, self.rows
        stamp = {"created_at": self.created, "updated_at": self.created}
        some_themes = lambda: json.dumps(rng.sample(self.themes, rng.randint(1, 2)))  # noqa: E731
        entries = []
        day = self.start - timedelta(days=rng.randint(200, 500))
        for _ in range(rng.randint(8, 24)):
            day += timedelta(days=rng.randint(3, 30))
            precision = "day" if rng.random() < 0.9 else "month"
            agency = rng.choice(self.agencies)
            entries.append(
                self._item(
                    t.ChronologyEntryRow,
                    occurred_on=day if precision == "day" else day.replace(day=1),
                    precision=precision,
                    agency=agency,
                    what_happened=self.fill(rng.choice(bank.CHRONOLOGY)),
                    source=rng.choice(("", "Case notes", "Police log", "GP record")),
                    significant=rng.random() < 0.3,
                    positive_practice=rng.random() < 0.1,
                    theme_ids=some_themes() if rng.random() < 0.6 else "[]",
                    source_agency="",
                    import_id=None,
                    removed_at=None,
                    **stamp,
                )
            )
        episodes = []
        for title, happened, known, done in rng.sample(bank.EPISODES, rng.randint(1, 4)):
            first = rng.choice(entries)
            eid = self._item(
                t.EpisodeRow,
                title=self.fill(title),
                start_on=None,
                end_on=None,
                what_happened=self.fill(happened),
                what_was_known=self.fill(known),
                what_was_done=self.fill(done),
                contributory_factors=json.dumps(rng.sample(bank.FACTORS, 2), ensure_ascii=False),
                theme_ids=some_themes(),
                removed_at=None,
                **stamp,
            )
            rows[t.EpisodeEntryRow].append({"episode_id": eid, "entry_id": first})
            episodes.append(eid)
        findings = []
        for n, theme in enumerate(rng.sample(self.themes, rng.randint(2, 5)), start=1):
            fid = self._item(
                t.FindingRow,
                ref=f"F{n}",
                statement=rng.choice(bank.FINDINGS[theme]),
                kind="good_practice" if rng.random() < 0.15 else "improvement",
                theme_ids=json.dumps([theme]),
                question="",
                removed_at=None,
                **stamp,
            )
            target = rng.random()
            cid, answered = rng.choice(self.contributors)
            if target < 0.4 or not answered:
                link = {
                    "entry_id": rng.choice(entries),
                    "episode_id": None,
                    "contributor_id": None,
                    "prompt_id": "",
                }
            elif target < 0.7:
                link = {
                    "entry_id": None,
                    "episode_id": rng.choice(episodes),
                    "contributor_id": None,
                    "prompt_id": "",
                }
            else:
                link = {
                    "entry_id": None,
                    "episode_id": None,
                    "contributor_id": cid,
                    "prompt_id": rng.choice(answered),
                }
            rows[t.EvidenceRow].append({"id": self.ids(t.EvidenceRow), "finding_id": fid, **link})
            findings.append(fid)
        if self.status == "analysis" and rng.random() < 0.5:
            return
        for n in range(1, rng.randint(2, 4)):
            rid = self._item(
                t.RecommendationRow,
                ref=f"R{n}",
                text=rng.choice(bank.RECOMMENDATIONS),
                removed_at=None,
                **stamp,
            )
            rows[t.RecommendationFindingRow].append(
                {"recommendation_id": rid, "finding_id": rng.choice(findings)}
            )
            for description, know, impact in rng.sample(bank.ACTIONS, rng.randint(1, 3)):
                due = (self.published or TODAY) + timedelta(days=rng.randint(-120, 300))
                status = (
                    rng.choice(("not_started", "in_progress", "complete"))
                    if due > TODAY
                    else rng.choice(("complete", "complete", "in_progress", "not_started"))
                )
                with_impact = status == "complete" and rng.random() < 0.6
                self._item(
                    t.ActionRow,
                    recommendation_id=rid,
                    description=description,
                    owner_agency=rng.choice(self.agencies),
                    owner_role=rng.choice(
                        ("Head of service", "Named nurse", "Detective inspector", "Training lead")
                    ),
                    due_on=due,
                    status=status,
                    how_we_will_know=know,
                    impact_evidence=self.fill(impact) if with_impact else "",
                    impact_recorded_on=min(due + timedelta(days=60), TODAY)
                    if with_impact
                    else None,
                    **stamp,
                )


MODELS = (
    t.ReviewRow, t.ChildRow, t.HouseholdRow, t.AgencyRow, t.ContributorRow, t.AnswerRow,
    t.AssessmentRow, t.PrivateNoteRow, t.ChronologyEntryRow, t.EpisodeRow, t.EpisodeEntryRow,
    t.FindingRow, t.EvidenceRow, t.RecommendationRow, t.RecommendationFindingRow, t.ActionRow,
)  # fmt: skip
_WITH_ID = tuple(m for m in MODELS if m not in (t.EpisodeEntryRow, t.RecommendationFindingRow))


BATCH = 250  # reviews per write transaction: memory stays flat however many are made


def build_library(
    data_dir: Path,
    reviews: int = 1000,
    seed: int = 7,
    *,
    batch: int = BATCH,
    progress=None,  # type: ignore[no-untyped-def]
) -> None:
    """Add ``reviews`` generated reviews to the library in ``data_dir`` (created if need be).

    Reviews are written ``batch`` at a time, each batch in one write transaction of the Store:
    bulk inserts of every table's rows (parents before children), then one ``review.created``
    entry per review appended to the audit chain through the audit layer, and the search index
    brought up to date by the Store as the transaction commits, as for any change in the app.
    ``progress(done, total)`` is called after each batch, if given."""
    rng = random.Random(seed)
    framework = default_framework()
    services = open_services(resolve_paths(data_dir), who="make_library", daily_backup=False)
    try:
        ids = None
        done = 0
        while done < reviews:
            size = min(batch, reviews - done)
            with services.store.write() as session:
                if ids is None:
                    ids = _Ids(session, _WITH_ID)
                rows: dict[type, list[dict]] = defaultdict(list)
                made = [_Review(rng, n, framework, rows, ids) for n in range(size)]
                for model in MODELS:  # parents before children
                    if rows[model]:
                        session.execute(insert(model.__table__), rows[model])
                for review in made:
                    audit_store.append(
                        session,
                        at=review.created,
                        who="make_library",
                        action="review.created",
                        what={"review": review.reference, "review_uid": review.uid},
                    )
            done += size
            if progress is not None:
                progress(done, reviews)
        services.store.checkpoint()
    finally:
        services.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--batch", type=int, default=BATCH, help=f"reviews per transaction (default {BATCH})"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if total > args.batch:
            elapsed = time.perf_counter() - started
            print(f"  {done:,} of {total:,} reviews ({elapsed:.0f} s)", flush=True)

    build_library(
        args.data_dir, args.reviews, args.seed, batch=max(1, args.batch), progress=progress
    )
    elapsed = time.perf_counter() - started
    database = args.data_dir / "reviewdesk.sqlite3"
    size = database.stat().st_size / 2**20 if database.exists() else 0.0
    print(f"{args.reviews:,} reviews in {elapsed:.1f} s ({size:,.0f} MiB): {args.data_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
