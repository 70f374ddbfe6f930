"""Concurrent work without lost words for the rest of the lead's analysis (issue 22, point 5):
key practice episodes, recommendations, actions and decisions carry a version, as findings do.
An edit over an older version overwrites nothing, raises a conflict carrying both main texts
(and the other parts that differ, in words), and both versions, every part, are kept in the
item's history; an edit over the current version saves as before; a delete over an older
version deletes nothing and says who changed it. On a library file and on a server."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest

from reviewdesk.domain.analysis import (
    Action,
    ActionStatus,
    PartnerResponse,
    PracticeEpisode,
    Recommendation,
)
from reviewdesk.domain.decisions import Decision, DecisionKind, Outcome, Partner
from reviewdesk.domain.errors import EditConflictError


@dataclass(frozen=True)
class Kind:
    """How one kind of item is made, read, changed and deleted through the services."""

    name: str
    main: str  # the main text's field
    other: str  # another text part, changed by the second lead
    make: Callable[[Any, int], Any]
    read: Callable[[Any, int, int], Any]
    edit: Callable[[Any, int, Any], Any]
    history: Callable[[Any, int], Any]
    delete: Callable[..., Any]


def _read(items: Callable[[Any, int], Any]) -> Callable[[Any, int, int], Any]:
    return lambda s, rid, item_id: next(i for i in items(s, rid) if i.id == item_id)


KINDS = [
    Kind(
        "episode",
        "what_happened",
        "what_was_known",
        lambda s, rid: s.findings.add_episode(
            rid,
            PracticeEpisode(
                title="The strategy discussion",
                start=date(2026, 1, 10),
                what_happened="A strategy discussion was held without health.",
            ),
        ),
        _read(lambda s, rid: s.findings.analysis(rid).episodes),
        lambda s, i, item: s.findings.edit_episode(i, item),
        lambda s, i: s.findings.episode_history(i),
        lambda s, i, **kw: s.findings.delete_episode(i, **kw),
    ),
    Kind(
        "recommendation",
        "text",
        "response_text",
        lambda s, rid: s.findings.add_recommendation(
            rid, Recommendation(ref="", text="Invite health visiting to every strategy meeting.")
        ),
        _read(lambda s, rid: s.findings.analysis(rid).recommendations),
        lambda s, i, item: s.findings.edit_recommendation(i, item),
        lambda s, i: s.findings.recommendation_history(i),
        lambda s, i, **kw: s.findings.delete_recommendation(i, **kw),
    ),
    Kind(
        "action",
        "description",
        "how_we_will_know",
        lambda s, rid: s.actions.add_action(
            rid, Action(description="Add health visiting to the distribution list.")
        ),
        _read(lambda s, rid: s.actions.actions(rid)),
        lambda s, i, item: s.actions.edit_action(i, item),
        lambda s, i: s.actions.action_history(i),
        lambda s, i, **kw: s.actions.delete_action(i, **kw),
    ),
    Kind(
        "decision",
        "reasons",
        "taken_by",
        lambda s, rid: s.decisions.add_decision(
            rid,
            Decision(
                kind=DecisionKind.RAPID_REVIEW,
                decided_on=date(2026, 3, 20),
                outcome=Outcome.LOCAL_REVIEW,
                reasons="Agencies did not share what they knew.",
                partners=(Partner.LOCAL_AUTHORITY,),
            ),
        ),
        _read(lambda s, rid: s.decisions.decisions(rid)),
        lambda s, i, item: s.decisions.edit_decision(i, item),
        lambda s, i: s.decisions.decision_history(i),
        lambda s, i, **kw: s.decisions.delete_decision(i, **kw),
    ),
]
IDS = [k.name for k in KINDS]


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_stale_edit_overwrites_nothing_and_both_are_kept(services, record, kind: Kind) -> None:  # type: ignore[no-untyped-def]
    s = services
    rid = s.reviews.create(record).id
    made = kind.make(s, rid)
    assert made.version == 1
    # Sam and Ash both read version 1. Sam saves first.
    sam_words = "Sam: the referral was closed before anyone visited."
    sam = kind.edit(s, made.id, replace(made, **{kind.main: sam_words}))
    assert sam.version == 2
    # Ash's edit, over version 1, changes the main text and another part.
    ash_words = "Ash: nobody checked who lived in the household."
    ash_other = "Ash: audit twenty cases in six months."
    ash_edit = replace(made, **{kind.main: ash_words, kind.other: ash_other})
    with pytest.raises(EditConflictError, match="Someone else changed this") as caught:
        kind.edit(s, made.id, ash_edit)
    conflict = caught.value.conflict
    assert (conflict.kind, conflict.item) == (kind.name, (made.id,))
    assert (conflict.theirs, conflict.yours) == (sam_words, ash_words)
    assert (conflict.their_version, conflict.your_base) == (2, 1)
    assert conflict.by
    assert ash_other in conflict.yours_detail  # the other part that differs, in words
    assert ash_other not in conflict.theirs_detail and conflict.theirs_detail
    # Nothing of Ash's was written over Sam's.
    stored = kind.read(s, rid, made.id)
    assert getattr(stored, kind.main) == sam_words and stored.version == 2
    assert getattr(stored, kind.other) == getattr(made, kind.other)
    history = kind.history(s, made.id)
    assert [(h.side, h.version, h.text) for h in history] == [
        ("theirs", 2, sam_words),
        ("yours", 1, ash_words),
    ]
    assert json.loads(history[1].detail)[kind.other] == ash_other  # every part of Ash's edit
    assert json.loads(history[0].detail)[kind.other] == getattr(made, kind.other)
    # Ash combines, over the version now seen: saved, version 3.
    combined = sam_words + "\n\n" + ash_words
    done = kind.edit(s, made.id, replace(ash_edit, **{kind.main: combined, "version": 2}))
    assert done.version == 3 and getattr(done, kind.main) == combined
    assert getattr(done, kind.other) == ash_other
    assert f"{kind.name}.conflict" in [e.action for e in s.audit.entries()]
    assert s.audit.verify().ok


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_an_edit_over_the_current_version_is_no_conflict(services, record, kind: Kind) -> None:  # type: ignore[no-untyped-def]
    s = services
    rid = s.reviews.create(record).id
    made = kind.make(s, rid)
    one = kind.edit(s, made.id, replace(made, **{kind.main: "One."}))
    two = kind.edit(s, made.id, replace(one, **{kind.main: "Two."}))  # over version 2
    assert (getattr(two, kind.main), two.version) == ("Two.", 3)
    again = kind.edit(s, made.id, replace(one, **{kind.main: "Two."}))  # the very same, again
    assert again.version == 3
    unchecked = kind.edit(s, made.id, replace(made, **{kind.main: "Three.", "version": 0}))
    assert (getattr(unchecked, kind.main), unchecked.version) == ("Three.", 4)
    assert kind.history(s, made.id) == []
    assert f"{kind.name}.conflict" not in [e.action for e in s.audit.entries()]


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_deleting_what_another_lead_just_changed_keeps_it(services, record, kind: Kind) -> None:  # type: ignore[no-untyped-def]
    s = services
    rid = s.reviews.create(record).id
    made = kind.make(s, rid)
    theirs = kind.edit(s, made.id, replace(made, **{kind.main: "Sam's newer words."}))
    with pytest.raises(EditConflictError, match="Nothing has been deleted: their change is kept"):
        kind.delete(s, made.id, version=made.version)  # asked over version 1
    stored = kind.read(s, rid, made.id)
    assert getattr(stored, kind.main) == "Sam's newer words." and stored.version == 2
    kind.delete(s, made.id, version=theirs.version)  # over what is stored: deleted
    assert all(i.id != made.id for i in _current(s, rid, kind))
    assert s.audit.verify().ok


def _current(s, rid: int, kind: Kind) -> list[Any]:  # type: ignore[no-untyped-def]
    if kind.name == "episode":
        return list(s.findings.analysis(rid).current_episodes)
    if kind.name == "recommendation":
        return list(s.findings.analysis(rid).current_recommendations)
    if kind.name == "action":
        return s.actions.actions(rid)  # type: ignore[no-any-return]
    return s.decisions.decisions(rid)  # type: ignore[no-any-return]


def test_an_action_completed_meanwhile_keeps_its_date_and_status(services, record) -> None:  # type: ignore[no-untyped-def]
    """A part the service fills in (the day it was completed) is compared as stored, and
    a conflict over it is shown in words."""
    s = services
    rid = s.reviews.create(record).id
    made = s.actions.add_action(rid, Action(description="Run a briefing on men in the home."))
    done = s.actions.edit_action(
        made.id, replace(made, status=ActionStatus.COMPLETE, completed_on=date(2026, 6, 1))
    )
    with pytest.raises(EditConflictError) as caught:
        s.actions.edit_action(made.id, replace(made, owner_role="Named nurse"))
    conflict = caught.value.conflict
    assert "Status: Complete" in conflict.theirs_detail
    assert "Status: Not started" in conflict.yours_detail
    assert "Owner's role: Named nurse" in conflict.yours_detail
    stored = s.actions.actions(rid)[0]
    assert (stored.status, stored.completed_on, stored.owner_role) == (
        ActionStatus.COMPLETE,
        date(2026, 6, 1),
        "",
    )
    assert done.version == stored.version == 2


def test_a_recommendation_response_recorded_meanwhile_is_not_lost(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    rid = s.reviews.create(record).id
    made = s.findings.add_recommendation(rid, Recommendation(ref="", text="Share the plan."))
    s.findings.edit_recommendation(
        made.id,
        replace(made, response=PartnerResponse.ACCEPTED, response_on=date(2026, 5, 1)),
    )
    with pytest.raises(EditConflictError):
        s.findings.edit_recommendation(made.id, replace(made, text="Share the plan weekly."))
    stored = s.findings.analysis(rid).recommendations[0]
    assert stored.response is PartnerResponse.ACCEPTED and stored.text == "Share the plan."


def test_the_same_links_in_another_order_are_the_very_same(services, record) -> None:  # type: ignore[no-untyped-def]
    """Two leads who saved the same recommendation, its findings ticked in another order: no
    conflict to settle."""
    from reviewdesk.domain.analysis import Finding

    s = services
    rid = s.reviews.create(record).id
    f1 = s.findings.add_finding(rid, Finding(ref="", statement="One."))
    f2 = s.findings.add_finding(rid, Finding(ref="", statement="Two."))
    made = s.findings.add_recommendation(rid, Recommendation(ref="", text="Share."))
    s.findings.edit_recommendation(
        made.id, replace(made, text="Share weekly.", finding_ids=(f1.id, f2.id))
    )
    again = s.findings.edit_recommendation(
        made.id, replace(made, text="Share weekly.", finding_ids=(f2.id, f1.id))
    )
    assert again.version == 2 and again.finding_ids == (f1.id, f2.id)
    assert s.findings.recommendation_history(made.id) == []
