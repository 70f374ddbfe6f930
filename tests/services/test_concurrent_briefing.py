"""Two leads writing the 7-minute briefing at once lose no words (issue 22, point 5): each part
(a section, or the title) carries a version; a save over an older version of the SAME part
overwrites nothing, raises a conflict carrying both texts, and both are kept in the briefing's
history (edit_revision, kind 'briefing'); saves of different parts both land. Runs on a library
file, and on a server with ``--engine postgresql`` (where two first saves also race for real).
"""

from __future__ import annotations

import json
import threading

import pytest

from reviewdesk.domain.errors import EditConflictError
from tests.engines import LEAD, on_server

SAM = "- Sam: the referral was closed before anyone visited the home."
ASH = "- Ash: nobody asked who else lived in the household."


@pytest.fixture
def review(services):  # type: ignore[no-untyped-def]
    summary, _ = services.exchange.add_demo()
    return summary.id


def test_a_stale_save_of_a_section_overwrites_nothing_and_keeps_both(services, review) -> None:  # type: ignore[no-untyped-def]
    b = services.briefings
    assert b.versions(review)["found"] == 0  # never saved: version 0
    # Sam and Ash both opened the briefing with "found" at version 0. Sam saves first.
    assert b.save_part(review, "found", SAM, base=0).version == 1
    with pytest.raises(EditConflictError, match="Someone else changed this part") as caught:
        b.save_part(review, "found", ASH, base=0)
    conflict = caught.value.conflict
    assert (conflict.kind, conflict.item) == ("briefing", (review, "found"))
    assert (conflict.theirs, conflict.yours) == (SAM, ASH)
    assert (conflict.their_version, conflict.your_base) == (1, 0)
    if on_server(services):
        assert conflict.by == LEAD  # the signed-in account
    assert b.get(review).found == SAM  # nothing of Ash's written over Sam's
    assert b.versions(review)["found"] == 1
    kept = b.history(review, "found")
    assert [(h.side, h.version, h.text) for h in kept] == [("theirs", 1, SAM), ("yours", 0, ASH)]
    assert all(json.loads(h.detail) == {"part": "found"} for h in kept)
    # Ash combines, over the version now seen: saved, version 2.
    combined = SAM + "\n\n" + ASH
    assert b.save_part(review, "found", combined, base=1).version == 2
    assert b.get(review).found == combined
    actions = [e.action for e in services.audit.entries()]
    assert "briefing.conflict" in actions
    assert services.audit.verify().ok


def test_different_sections_saved_by_two_leads_both_land(services, review) -> None:  # type: ignore[no-untyped-def]
    b = services.briefings
    before = b.versions(review)
    b.save_part(review, "found", SAM, base=before["found"])
    b.save_part(review, "todo", ASH, base=before["todo"])  # over the same old briefing
    b.save_part(review, "title", "Child D: the whole household", base=before["title"])
    text = b.get(review)
    assert (text.found, text.todo, text.title) == (SAM, ASH, "Child D: the whole household")
    assert b.history(review) == []
    assert {k: v for k, v in b.versions(review).items() if v} == {
        "found": 1,
        "todo": 1,
        "title": 1,
    }


def test_the_title_is_versioned_and_the_same_words_are_no_conflict(services, review) -> None:  # type: ignore[no-untyped-def]
    b = services.briefings
    b.save_part(review, "title", "Sam's title", base=0)
    with pytest.raises(EditConflictError) as caught:
        b.save_part(review, "title", "Ash's title", base=0)
    assert caught.value.conflict.theirs == "Sam's title"
    assert [h.text for h in b.history(review, "title")] == ["Sam's title", "Ash's title"]
    assert b.save_part(review, "title", "Sam's title", base=0).version == 1  # the very same
    assert len(b.history(review)) == 2


def test_saves_without_a_version_and_a_reset_stand_as_before(services, review) -> None:  # type: ignore[no-untyped-def]
    """The unversioned calls (imports, tools, one person on a laptop) save whatever is stored,
    and count as saves: a lead's text written over the version before a reset conflicts."""
    b = services.briefings
    b.save_section(review, "matters", "One.")
    b.save_section(review, "matters", "Two.")
    assert (b.get(review).matters, b.versions(review)["matters"]) == ("Two.", 2)
    b.reset_section(review, "matters")
    assert (b.get(review).matters, b.versions(review)["matters"]) == (None, 3)
    with pytest.raises(EditConflictError) as caught:
        b.save_part(review, "matters", "Three, typed over Two.", base=2)
    assert caught.value.conflict.theirs == ""  # the section follows the review again
    assert b.get(review).matters is None


def _save_at_once(barrier, results, name, svc, review, part, words) -> None:  # type: ignore[no-untyped-def]
    barrier.wait(10)
    try:
        results[name] = svc.briefings.save_part(review, part, words, base=0)
    except EditConflictError as exc:
        results[name] = exc


def test_a_first_save_racing_another_on_the_server_loses_nothing(services, review, request) -> None:  # type: ignore[no-untyped-def]
    """Hostile: two connections save the same never-saved section at the same moment, round
    after round (the first round also makes the briefing's row). Exactly one lands each time;
    the other overwrites nothing and is told, and both texts are in the history."""
    if not on_server(services):
        pytest.skip("a race of two connections needs a server (a library file takes turns)")
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store

    pg, database = request.getfixturevalue("pg_server"), request.getfixturevalue("pg_database")
    other = Services.over(open_server_store(pg.args(database, LEAD)))
    try:
        for round_number, part in enumerate(("case", "happened", "matters", "found", "todo")):
            barrier = threading.Barrier(2)
            results: dict[str, object] = {}
            one = f"Sam's words, round {round_number}."
            two = f"Ash's words, round {round_number}."
            threads = [
                threading.Thread(
                    target=_save_at_once,
                    args=(barrier, results, "one", services, review, part, one),
                ),
                threading.Thread(
                    target=_save_at_once, args=(barrier, results, "two", other, review, part, two)
                ),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            conflicts = [r for r in results.values() if isinstance(r, EditConflictError)]
            assert len(results) == 2 and len(conflicts) == 1, results
            stored = getattr(services.briefings.get(review), part)
            assert stored in (one, two)
            loser = two if stored == one else one
            assert conflicts[0].conflict.theirs == stored
            assert conflicts[0].conflict.yours == loser
            assert services.briefings.versions(review)[part] == 1
            kept = services.briefings.history(review, part)
            assert [(h.side, h.text) for h in kept] == [("theirs", stored), ("yours", loser)]
        assert services.audit.verify().ok
    finally:
        other.close()


def test_a_save_waits_for_a_locked_part_and_then_conflicts(services, review, request) -> None:  # type: ignore[no-untyped-def]
    """Hostile: another connection holds the part's row locked while it writes its own words
    and a newer version. A save written over the old version waits, then sees the newer one:
    it overwrites nothing."""
    if not on_server(services):
        pytest.skip("row locks are the server's (a library file takes turns)")
    import psycopg

    pg, database = request.getfixturevalue("pg_server"), request.getfixturevalue("pg_database")
    services.briefings.save_part(review, "questions", "- Who lives here?", base=0)
    outcome: list[object] = []
    with psycopg.connect(**pg.args(database, LEAD)) as conn:
        conn.execute(
            "SELECT version FROM briefing_part WHERE review_id = %s AND part = 'questions' "
            "FOR UPDATE",
            (review,),
        )

        def save() -> None:
            try:
                outcome.append(
                    services.briefings.save_part(review, "questions", "- Mine, over 1.", base=1)
                )
            except EditConflictError as exc:
                outcome.append(exc)

        saving = threading.Thread(target=save)
        saving.start()
        saving.join(0.5)
        assert saving.is_alive()  # waiting for the lock, not writing over it
        conn.execute(
            "UPDATE briefing SET questions = '- Theirs, newer.' WHERE review_id = %s", (review,)
        )
        conn.execute(
            "UPDATE briefing_part SET version = 2, updated_by = 'someone' "
            "WHERE review_id = %s AND part = 'questions'",
            (review,),
        )
        conn.commit()
    saving.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], EditConflictError)
    assert outcome[0].conflict.theirs == "- Theirs, newer."
    assert services.briefings.get(review).questions == "- Theirs, newer."
    assert [h.text for h in services.briefings.history(review, "questions")] == [
        "- Theirs, newer.",
        "- Mine, over 1.",
    ]


def test_a_reset_over_someone_else_s_newer_words_resets_nothing(services, review) -> None:  # type: ignore[no-untyped-def]
    b = services.briefings
    b.save_part(review, "questions", "- Sam's question?", base=0)
    b.save_part(review, "questions", "- Ash's newer question?", base=1)
    with pytest.raises(EditConflictError):
        b.reset_section(review, "questions", base=1)  # Sam saw version 1
    assert b.get(review).questions == "- Ash's newer question?"
    assert [(h.side, h.text) for h in b.history(review, "questions")] == [
        ("theirs", "- Ash's newer question?"),
        ("yours", ""),  # the reset asked for: the section to follow the review
    ]
    b.reset_section(review, "questions", base=2)
    assert b.get(review).questions is None
