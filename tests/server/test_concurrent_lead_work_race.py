"""Two leads on two connections to one server save the same chronology entry, and the terms of
reference, at the same moment (issue 22, point 5): exactly one save wins, the other overwrites
nothing and is told of the conflict, and both texts are in the history. The stored row is
locked while it is compared (SELECT ... FOR UPDATE), and two first saves of the terms racing to
insert one row are told apart by its primary key."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.papers import TermsOfReference

ROUNDS = 4


def _race(*saves):  # type: ignore[no-untyped-def]
    """Run the saves at once on threads of their own; what each returned or raised."""
    start = threading.Barrier(len(saves))
    outcomes: list[object] = [None] * len(saves)

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = saves[i]()
        except Exception as exc:  # the outcome is what is checked
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(saves))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_two_leads_saving_one_chronology_entry_at_once_lose_nothing(services_as, record) -> None:  # type: ignore[no-untyped-def]
    sam = services_as("race_lead", "lead")
    ash = services_as("race_lead", "lead")  # the same lead at a second computer
    summary = sam.reviews.create(record)
    for n in range(ROUNDS):
        made = sam.chronology.add_entry(
            summary.id, ChronologyEntry(when=date(2026, 2, 1 + n), what_happened="Home visit.")
        )
        theirs = f"Sam {n}: the visit was cancelled."
        yours = f"Ash {n}: nobody answered the door."
        outcomes = _race(
            lambda m=made, t=theirs: sam.chronology.edit_entry(m.id, replace(m, what_happened=t)),
            lambda m=made, t=yours: ash.chronology.edit_entry(m.id, replace(m, what_happened=t)),
        )
        lost = [o for o in outcomes if isinstance(o, EditConflictError)]
        won = [o for o in outcomes if isinstance(o, ChronologyEntry)]
        assert len(lost) == 1 and len(won) == 1, outcomes
        stored = sam.chronology.get_entry(made.id)
        assert stored.version == 2 and stored.what_happened == won[0].what_happened
        history = ash.chronology.entry_history(made.id)
        assert [(h.side, h.version) for h in history] == [("theirs", 2), ("yours", 1)]
        assert {h.text for h in history} == {theirs, yours}
        assert lost[0].conflict.theirs == stored.what_happened
    assert sam.audit.verify().ok


def test_two_first_saves_of_the_terms_at_once_lose_nothing(services_as, record) -> None:  # type: ignore[no-untyped-def]
    sam = services_as("race_lead", "lead")
    ash = services_as("race_lead", "lead")
    for n in range(ROUNDS):
        summary = sam.reviews.create(replace(record, reference=f"LCSPR-2026-R{n}"))
        outcomes = _race(
            lambda r=summary.id: sam.papers.save_terms(r, TermsOfReference("Sam's scope."), base=0),
            lambda r=summary.id: ash.papers.save_terms(r, TermsOfReference("Ash's scope."), base=0),
        )
        lost = [o for o in outcomes if isinstance(o, EditConflictError)]
        won = [o for o in outcomes if isinstance(o, TermsOfReference)]
        assert len(lost) == 1 and len(won) == 1, outcomes
        stored = sam.papers.terms(summary.id)
        assert stored.version == 1 and stored.terms == won[0].terms
        texts = {h.text for h in ash.papers.terms_history(summary.id)}
        assert texts == {"Sam's scope.", "Ash's scope."}
