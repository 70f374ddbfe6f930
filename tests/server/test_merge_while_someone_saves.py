"""A contribution merged on the server while someone else saves in the same space (issue 22,
point 5; a loose end of session 7), with two real connections: the merge has compared the space
and is about to write it when the other save comes in. The merge holds the space's rows, so the
other save waits, then meets the merged version and is put to its writer as a conflict, both
texts in the history; before, it went through and the merge then wrote over it unseen.

Needs PostgreSQL (tests/pg.py); skipped without it, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg

from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.review import Relevance
from tests.services.test_merge_versions import _contributions

LEAD = "sam_field"


def test_a_save_made_while_a_contribution_is_merged_is_not_overwritten(
    pg_server, pg_database, tmp_path: Path, monkeypatch
) -> None:
    from reviewdesk.services.bundle import Services
    from reviewdesk.services.exchange import contributions
    from reviewdesk.store.server import open_server_store
    from tests.exchange_loop import PASSPHRASE

    pg_server.account(LEAD, "lead")
    lead = Services.over(open_server_store(pg_server.args(pg_database, LEAD), pool_size=2))
    other = Services.over(open_server_store(pg_server.args(pg_database, LEAD), pool_size=2))
    try:
        theme, cid, (first, second) = _contributions(
            lead, tmp_path, "nobody owned the referral", "the referral was closed too soon"
        )
        lead.imports.import_file(first, PASSPHRASE)
        seen = other.reviews.assessment(cid, theme.id)  # a window open on the first version
        assert seen is not None

        compared, go = threading.Event(), threading.Event()
        real = contributions._cited_uids

        def paused(*args, **kwargs):  # type: ignore[no-untyped-def]
            found = real(*args, **kwargs)
            if not compared.is_set():  # the space has been compared; the merge writes next
                compared.set()
                go.wait(30)
            return found

        monkeypatch.setattr(contributions, "_cited_uids", paused)
        merged: list[object] = []
        merging = threading.Thread(
            target=lambda: merged.append(lead.imports.import_file(second, PASSPHRASE))
        )
        merging.start()
        assert compared.wait(30)
        outcome: list[object] = []

        def save() -> None:
            try:
                outcome.append(other.reviews.save_assessment_checked(
                    cid, theme.id, Relevance.SOME, "Ash: the GP was never invited.",
                    base=seen.version,
                ))  # fmt: skip
            except EditConflictError as exc:
                outcome.append(exc)

        saving = threading.Thread(target=save)
        saving.start()
        # Either the save is done (nothing held it) or its connection waits for a row lock.
        # Watched as the cluster's superuser: to anyone else (the database's owner included)
        # another role's wait shows as NULL, and the watch waited out its 30 seconds each run.
        deadline = time.monotonic() + 30
        with psycopg.connect(pg_server.cluster.dsn(pg_database), autocommit=True) as conn:
            while saving.is_alive() and time.monotonic() < deadline:
                waiting = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = %s "
                    "AND wait_event_type = 'Lock'",
                    (LEAD,),
                ).fetchone()
                if waiting and waiting[0]:
                    break
                saving.join(0.05)
        go.set()
        merging.join(60)
        saving.join(60)
        assert merged and not merging.is_alive() and not saving.is_alive()

        (result,) = outcome
        assert isinstance(result, EditConflictError), "the save went through over the merge"
        assert result.conflict.theirs == "Learning: the referral was closed too soon"
        stored = lead.reviews.assessment(cid, theme.id)
        assert stored is not None
        assert stored.key_learning == "Learning: the referral was closed too soon"
        sides = {(h.side, h.text) for h in lead.reviews.assessment_history(cid, theme.id)}
        assert ("yours", "Ash: the GP was never invited.") in sides
        assert lead.audit.verify().ok
    finally:
        monkeypatch.undo()
        lead.close()
        other.close()
