"""Twenty people saving at once on one server for a bounded time, then: was anything lost?
(issue 22, point 7)

Each client is a whole app (its own services and connection, signed in with its own account)
in its own thread. Contributors save answers and key learning over and over (each only their
own, as row-level security allows); leads add chronology entries and findings and edit the
review; every third save of a lead is instead a versioned edit of one answer all the leads
share (read it, add a few words, save over the version read), so leads overwrite each other's
changes unless the version check stops them: each conflict is resolved as the dialog's
"combine" would (their text, then ours, saved over their version). A save counts as
acknowledged when the service call has returned (the moment the app would say "Saved").
Afterwards, as the database's owner: every acknowledged chronology entry and finding is there,
every answer holds the last text acknowledged for it, every acknowledged addition to the shared
answer is in its final text, and the audit trail's chain verifies.

    python benchmarks/server_load.py [--seconds 10] [--clients 20]

starts a throwaway cluster (tests/pg.py: Debian's PostgreSQL, a Unix socket only) and prints
saves per second, the slowest save and the conflicts resolved. tests/server/test_load.py runs
the same for the suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class Outcome:
    seconds: float
    clients: int
    saves: int = 0
    failures: list[str] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    audit_entries: int = 0
    audit_added: int = 0  # one per save, except an answer saved again within a minute
    audit_ok: bool = False
    conflicts: int = 0  # versioned saves of the shared answer refused, then resolved
    shared_saves: int = 0  # acknowledged versioned saves of the shared answer

    @property
    def per_second(self) -> float:
        return self.saves / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        d = sorted(self.durations) or [0.0]
        return [
            f"{self.clients} clients for {self.seconds:.1f} s: {self.saves} saves acknowledged, "
            f"{self.per_second:.0f} saves/second",
            f"save time: median {statistics.median(d) * 1000:.0f} ms, 95th percentile "
            f"{d[int(len(d) * 0.95) - 1 if len(d) > 1 else 0] * 1000:.0f} ms, "
            f"slowest {d[-1] * 1000:.0f} ms",
            f"failed saves: {len(self.failures)}; acknowledged but missing: {len(self.lost)}",
            f"conflicts: {self.conflicts} met and resolved by combining, in "
            f"{self.shared_saves} versioned saves of one answer the leads share",
            f"audit trail: {self.audit_entries} entries ({self.audit_added} added by the "
            "saves; repeated saves of one answer within a minute share one), chain "
            + ("verifies" if self.audit_ok else "BROKEN"),
        ]


def run(
    services_as: Callable[[str, str], object],
    owner_sql: Callable[[str], list[tuple]],
    invite: Callable[[int, str, str, int | None], None],
    record: object,
    *,
    seconds: float = 10.0,
    clients: int = 20,
) -> Outcome:
    """``services_as(account, kind)`` opens an app signed in as that account; ``invite(review,
    account, kind, contributor_id)`` adds a member as the first lead; ``owner_sql`` reads as the
    database's owner."""
    from reviewdesk.domain.analysis import ChronologyEntry, Finding
    from reviewdesk.domain.audit import verify_chain
    from reviewdesk.domain.errors import EditConflictError
    from reviewdesk.domain.review import Relevance
    from reviewdesk.store import audit as audit_store

    first = services_as("load_lead_0", "lead")
    review = first.reviews.create(record)  # type: ignore[attr-defined]
    framework = first.reviews.get(review.id).framework  # type: ignore[attr-defined]
    prompts = [(t.id, p.id) for t in framework.themes for p in t.prompts]
    leads = max(1, clients * 3 // 10)
    shared = first.reviews.add_contributor(  # type: ignore[attr-defined]
        review.id, "The leads' shared notes (fictional)", "Review leads", "Partnership"
    )
    shared_prompt = prompts[0][1]
    shared_parts: list[str] = []
    plan: list[tuple[str, str, int | None]] = []
    for n in range(clients):
        if n < leads:
            account = f"load_lead_{n}"
            if n:
                invite(review.id, account, "lead", None)
            plan.append((account, "lead", None))
        else:
            account = f"load_contrib_{n}"
            c = first.reviews.add_contributor(  # type: ignore[attr-defined]
                review.id, f"Contributor {n} (fictional)", "Practitioner", "Agency"
            )
            invite(review.id, account, "contributor", c.id)
            plan.append((account, "contributor", c.id))
    apps = [services_as(account, kind) for account, kind, _ in plan]
    audit_before = len(owner_sql("SELECT seq FROM audit_log"))

    lock = threading.Lock()
    outcome = Outcome(seconds=seconds, clients=clients)
    last_answer: dict[tuple[int, str], str] = {}
    entries: list[str] = []
    findings: list[str] = []
    start = threading.Barrier(len(apps) + 1)

    def client(n: int, app, kind: str, contributor_id: int | None) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        deadline = time.monotonic() + seconds
        i = 0
        while time.monotonic() < deadline:
            i += 1
            words = f"client {n} save {i}: the health visitor's notes were not shared"
            began = time.perf_counter()
            try:
                if kind == "contributor":
                    theme_id, prompt_id = prompts[i % len(prompts)]
                    if i % 4:
                        app.reviews.save_answer(contributor_id, prompt_id, words)
                    else:
                        app.reviews.save_assessment(contributor_id, theme_id, Relevance.SOME, words)
                        prompt_id = "learning:" + theme_id
                    key = (contributor_id, prompt_id)
                elif i % 3 == 0:
                    part = f"[L{n}#{i}]"
                    stored = app.reviews.answer(shared.id, shared_prompt)
                    base = stored.version if stored else 0
                    words = (stored.text + " " if stored else "") + part
                    while True:
                        try:
                            app.reviews.save_answer_checked(
                                shared.id, shared_prompt, words, base=base
                            )
                            break
                        except EditConflictError as conflict:  # combine, as the dialog would
                            with lock:
                                outcome.conflicts += 1
                            theirs = conflict.conflict
                            words, base = theirs.theirs + " " + part, theirs.their_version
                elif i % 2:
                    app.chronology.add_entry(
                        review.id, ChronologyEntry(when=date(2026, 1, 1), what_happened=words)
                    )
                else:
                    app.findings.add_finding(review.id, Finding(ref="", statement=words))
            except Exception as exc:  # counted as a failed save, never hidden
                with lock:
                    outcome.failures.append(f"client {n}: {type(exc).__name__}: {exc}")
                continue
            took = time.perf_counter() - began
            with lock:
                outcome.saves += 1
                outcome.durations.append(took)
                if kind == "contributor":
                    last_answer[key] = words
                elif i % 3 == 0:
                    outcome.shared_saves += 1
                    shared_parts.append(part)
                elif i % 2:
                    entries.append(words)
                else:
                    findings.append(words)

    threads = [
        threading.Thread(target=client, args=(n, app, kind, cid), daemon=True)
        for n, (app, (_, kind, cid)) in enumerate(zip(apps, plan, strict=True))
    ]
    for t in threads:
        t.start()
    began = time.monotonic()
    start.wait()
    for t in threads:
        t.join(seconds + 120)
    outcome.seconds = time.monotonic() - began

    # --- afterwards, as the owner: is every acknowledged save there? ---
    stored_answers = {
        (cid, pid): text
        for cid, pid, text in owner_sql("SELECT contributor_id, prompt_id, text FROM answer")
    }
    stored_answers.update(
        {
            (cid, "learning:" + tid): text
            for cid, tid, text in owner_sql(
                "SELECT contributor_id, theme_id, key_learning FROM theme_assessment"
            )
        }
    )
    for key, words in last_answer.items():
        if stored_answers.get(key) != words:
            outcome.lost.append(f"answer {key}: {words!r}")
    final = owner_sql(
        f"SELECT text FROM answer WHERE contributor_id = {int(shared.id)} "
        f"AND prompt_id = '{shared_prompt}'"
    )
    final_text = final[0][0] if final else ""
    outcome.lost += [f"shared answer: {p}" for p in shared_parts if p not in final_text]
    stored_entries = {t for (t,) in owner_sql("SELECT what_happened FROM chronology_entry")}
    outcome.lost += [f"chronology: {w!r}" for w in entries if w not in stored_entries]
    stored_findings = {t for (t,) in owner_sql("SELECT statement FROM finding")}
    outcome.lost += [f"finding: {w!r}" for w in findings if w not in stored_findings]

    with first.store.read() as session:  # type: ignore[attr-defined]
        # the whole chain as far as this lead may verify it (entries about other people's
        # reviews by their place in the chain only: store/audit.py)
        records = audit_store.records_to_verify(session)
        anchor = audit_store.anchor(session)
    outcome.audit_entries = len(records)
    outcome.audit_ok = verify_chain(records, anchor).ok
    outcome.audit_added = len(records) - audit_before
    for app in apps:
        app.close()  # type: ignore[attr-defined]
    first.close()  # type: ignore[attr-defined]
    return outcome


def main() -> int:  # pragma: no cover - run by hand
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    import psycopg

    from reviewdesk.domain.review import CaseRecord, KeyDates
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store
    from tests.pg import OWNER, Cluster, Server, binaries

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=20)
    options = parser.parse_args()
    found = binaries()
    if found is None:
        print("PostgreSQL is not installed (apt-get install postgresql).")
        return 1
    cluster = Cluster(found).start()
    try:
        server = Server(cluster).prepare()
        db = server.new_database()

        def services_as(account: str, kind: str):  # type: ignore[no-untyped-def]
            return Services.over(
                open_server_store(server.args(db, server.account(account, kind)), pool_size=1)
            )

        def owner_sql(sql: str) -> list[tuple]:
            with psycopg.connect(**server.args(db, OWNER)) as conn:
                return conn.execute(sql).fetchall()  # type: ignore[arg-type]

        def invite(review: int, account: str, kind: str, cid: int | None) -> None:
            server.account(account, kind)
            with psycopg.connect(**server.args(db, "load_lead_0")) as conn:
                conn.execute(
                    "INSERT INTO review_member VALUES (%s, %s, %s, %s)",
                    (review, account, kind, cid),
                )

        record = CaseRecord(
            reference="LOAD-2026-01",
            title="Load test review (fictional)",
            dates=KeyDates(incident=date(2026, 3, 2)),
        )
        outcome = run(
            services_as, owner_sql, invite, record, seconds=options.seconds, clients=options.clients
        )
    finally:
        cluster.stop()
    print("\n".join(outcome.lines()))
    return 0 if not (outcome.failures or outcome.lost) and outcome.audit_ok else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
