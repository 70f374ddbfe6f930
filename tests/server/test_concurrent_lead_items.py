"""Two leads on two connections save the same item of the analysis at the same moment, over
the same version (issue 22, point 5): on a server the row is locked while it is compared, so in
each round exactly one save is kept and the other is told of the conflict, with both texts in
the item's history; nothing is overwritten and no save is lost."""

from __future__ import annotations

import functools
import threading
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from reviewdesk.domain.analysis import Action, PracticeEpisode, Recommendation
from reviewdesk.domain.decisions import Decision, DecisionKind, Outcome, Partner
from reviewdesk.domain.errors import EditConflictError

ROUNDS = 4

# kind: (make, edit, read, history, the main text's field)
KINDS: dict[str, tuple[Any, Any, Any, Any, str]] = {
    "episode": (
        lambda s, rid: s.findings.add_episode(
            rid, PracticeEpisode(title="The strategy discussion", what_happened="Held.")
        ),
        lambda s, i, item: s.findings.edit_episode(i, item),
        lambda s, rid, i: next(e for e in s.findings.analysis(rid).episodes if e.id == i),
        lambda s, i: s.findings.episode_history(i),
        "what_happened",
    ),
    "recommendation": (
        lambda s, rid: s.findings.add_recommendation(rid, Recommendation(ref="", text="Share.")),
        lambda s, i, item: s.findings.edit_recommendation(i, item),
        lambda s, rid, i: next(r for r in s.findings.analysis(rid).recommendations if r.id == i),
        lambda s, i: s.findings.recommendation_history(i),
        "text",
    ),
    "action": (
        lambda s, rid: s.actions.add_action(rid, Action(description="Add health visiting.")),
        lambda s, i, item: s.actions.edit_action(i, item),
        lambda s, rid, i: next(a for a in s.actions.actions(rid) if a.id == i),
        lambda s, i: s.actions.action_history(i),
        "description",
    ),
    "decision": (
        lambda s, rid: s.decisions.add_decision(
            rid,
            Decision(
                kind=DecisionKind.RAPID_REVIEW,
                decided_on=date(2026, 3, 20),
                outcome=Outcome.LOCAL_REVIEW,
                partners=(Partner.POLICE,),
            ),
        ),
        lambda s, i, item: s.decisions.edit_decision(i, item),
        lambda s, rid, i: next(d for d in s.decisions.decisions(rid) if d.id == i),
        lambda s, i: s.decisions.decision_history(i),
        "reasons",
    ),
}


def _at_once(saves: dict[str, Any]) -> dict[str, object]:
    """Run each save on a thread of its own, released together: what each returned (the saved
    item), the conflict it was refused with, or any other error."""
    start = threading.Barrier(len(saves))
    outcome: dict[str, object] = {}

    def save(who: str) -> None:
        start.wait()
        try:
            outcome[who] = saves[who]()
        except EditConflictError as exc:
            outcome[who] = exc.conflict
        except BaseException as exc:  # reported by the caller's assertion
            outcome[who] = exc

    threads = [threading.Thread(target=save, args=(who,)) for who in saves]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcome


@pytest.mark.parametrize("kind", list(KINDS))
def test_two_leads_saving_one_item_at_once_keep_both(
    services_as, as_account, record, kind: str
) -> None:
    make, edit, read, history, main = KINDS[kind]
    sam = services_as(f"race_sam_{kind}", "lead", pool_size=1)
    review = sam.reviews.create(record)
    ash = services_as(f"race_ash_{kind}", "lead", pool_size=1)
    as_account(f"race_sam_{kind}", "lead").execute(  # Sam invites Ash to lead it too
        "INSERT INTO review_member VALUES (%s, %s, 'lead', NULL)",
        (review.id, f"race_ash_{kind}"),
    )
    item = make(sam, review.id)
    for n in range(ROUNDS):
        seen = read(ash, review.id, item.id)  # both leads read the same version
        words = {"sam": f"Sam's words, round {n}.", "ash": f"Ash's words, round {n}."}
        changes = {who: replace(seen, **{main: words[who]}) for who in words}
        outcome = _at_once(
            {
                who: functools.partial(edit, svc, item.id, changes[who])
                for who, svc in (("sam", sam), ("ash", ash))
            }
        )
        saved = [w for w, o in outcome.items() if getattr(o, "version", None) == seen.version + 1]
        refused = [w for w, o in outcome.items() if getattr(o, "kind", None) == kind]
        assert len(saved) == 1 and len(refused) == 1, outcome
        (winner,), (loser,) = saved, refused
        conflict: Any = outcome[loser]
        assert (conflict.theirs, conflict.yours) == (words[winner], words[loser])
        assert conflict.their_version == seen.version + 1 and conflict.your_base == seen.version
        assert conflict.by == f"race_{winner}_{kind}"
        stored = read(sam, review.id, item.id)
        assert getattr(stored, main) == words[winner] and stored.version == seen.version + 1
        kept = [(h.side, h.text) for h in history(sam, item.id)][-2:]
        assert kept == [("theirs", words[winner]), ("yours", words[loser])]
    assert len(history(ash, item.id)) == 2 * ROUNDS
    assert sam.audit.verify().ok
