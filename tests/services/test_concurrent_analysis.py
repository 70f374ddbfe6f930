"""Concurrent work without lost words beyond answers (issue 22, point 5): a theme's rating and
key learning, and a lead's finding, carry a version; a save over an older version overwrites
nothing, raises a conflict carrying both texts, and both are kept in the history. Runs on a
library file, and on a server with ``--engine postgresql``."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from reviewdesk.domain.analysis import EvidenceKind, EvidenceLink, Finding, FindingKind
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.review import Relevance


def _space(s, record):  # type: ignore[no-untyped-def]
    summary = s.reviews.create(record)
    doc = s.reviews.get(summary.id)
    c = s.reviews.add_contributor(summary.id, "Review team", "Review leads", "Northvale")
    return summary, c, doc.framework.themes[0]


def test_a_stale_rating_and_key_learning_overwrite_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    _summary, c, theme = _space(s, record)
    first = s.reviews.save_assessment_checked(
        c.id, theme.id, Relevance.SIGNIFICANT, "Sam: nobody owned the referral.", base=0
    )
    assert first.version == 1
    # Sam and Ash both opened it at version 1; Sam saves first, then Ash.
    sam = s.reviews.save_assessment_checked(
        c.id, theme.id, Relevance.SIGNIFICANT, "Sam: the referral was closed too soon.", base=1
    )
    assert sam.version == 2
    with pytest.raises(EditConflictError, match="Someone else changed this rating") as caught:
        s.reviews.save_assessment_checked(
            c.id, theme.id, Relevance.SOME, "Ash: the GP was never invited.", base=1
        )
    conflict = caught.value.conflict
    assert conflict.kind == "assessment"
    assert conflict.theirs == "Sam: the referral was closed too soon."
    assert conflict.theirs_detail == Relevance.SIGNIFICANT.value
    assert conflict.yours == "Ash: the GP was never invited."
    assert conflict.yours_detail == Relevance.SOME.value
    assert (conflict.their_version, conflict.your_base) == (2, 1)
    assert conflict.by
    stored = s.reviews.assessment(c.id, theme.id)
    assert stored.key_learning == "Sam: the referral was closed too soon." and stored.version == 2
    assert [(h.side, h.version, h.text, h.detail) for h in s.reviews.assessment_history(
        c.id, theme.id
    )] == [
        ("theirs", 2, "Sam: the referral was closed too soon.", Relevance.SIGNIFICANT.value),
        ("yours", 1, "Ash: the GP was never invited.", Relevance.SOME.value),
    ]  # fmt: skip
    # Ash keeps hers, saved over the version she has now seen.
    done = s.reviews.save_assessment_checked(
        c.id, theme.id, Relevance.SOME, "Ash: the GP was never invited.", base=2
    )
    assert done.version == 3
    assert s.reviews.assessment(c.id, theme.id).relevance is Relevance.SOME
    assert "assessment.conflict" in [e.action for e in s.audit.entries()]
    assert s.audit.verify().ok


def test_the_same_rating_twice_is_no_conflict(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    _summary, c, theme = _space(s, record)
    s.reviews.save_assessment_checked(c.id, theme.id, Relevance.SOME, "Same.", base=0)
    again = s.reviews.save_assessment_checked(c.id, theme.id, Relevance.SOME, "Same.", base=0)
    assert again.version == 1
    assert s.reviews.assessment_history(c.id, theme.id) == []


def test_an_unchecked_rating_save_still_saves_whatever_is_stored(services, record) -> None:  # type: ignore[no-untyped-def]
    """Imports and tools save without a version, as before (and one person on a laptop
    never sees a conflict)."""
    s = services
    _summary, c, theme = _space(s, record)
    s.reviews.save_assessment(c.id, theme.id, Relevance.SOME, "One.")
    s.reviews.save_assessment(c.id, theme.id, Relevance.SOME, "Two.")
    stored = s.reviews.assessment(c.id, theme.id)
    assert (stored.key_learning, stored.version) == ("Two.", 2)


def test_a_stale_edit_of_a_finding_overwrites_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary, _c, theme = _space(s, record)
    entry_id = s.chronology.add_entry(summary.id, _entry()).id
    made = s.findings.add_finding(
        summary.id,
        Finding(ref="", statement="Referrals were closed without a visit.", theme_ids=(theme.id,)),
    )
    assert made.version == 1
    # Two leads read version 1. Sam saves first; Ash's edit, over version 1, is refused.
    sam = s.findings.edit_finding(
        made.id, replace(made, statement="Sam: referrals were closed before a home visit.")
    )
    assert sam.version == 2
    ash_edit = replace(
        made,
        statement="Ash: nobody checked who lived in the household.",
        question="How do agencies learn who lives in a household?",
        kind=FindingKind.IMPROVEMENT,
        links=(EvidenceLink(EvidenceKind.ENTRY, entry_id),),
    )
    with pytest.raises(EditConflictError, match="Someone else changed this finding") as caught:
        s.findings.edit_finding(made.id, ash_edit)
    conflict = caught.value.conflict
    assert conflict.kind == "finding" and conflict.item == (made.id,)
    assert conflict.theirs == "Sam: referrals were closed before a home visit."
    assert conflict.yours == "Ash: nobody checked who lived in the household."
    assert (conflict.their_version, conflict.your_base) == (2, 1)
    stored = next(f for f in s.findings.analysis(summary.id).findings if f.id == made.id)
    assert stored.statement == "Sam: referrals were closed before a home visit."
    assert stored.question == "" and stored.links == ()  # nothing of Ash's was written over it
    history = s.findings.finding_history(made.id)
    assert [(h.side, h.version, h.text) for h in history] == [
        ("theirs", 2, "Sam: referrals were closed before a home visit."),
        ("yours", 1, "Ash: nobody checked who lived in the household."),
    ]
    ash_parts = json.loads(history[1].detail)  # every part of Ash's edit is kept
    assert ash_parts["question"] == "How do agencies learn who lives in a household?"
    assert ash_parts["links"] == [["entry", entry_id, ""]]
    # Ash combines, over the version now seen: saved, version 3.
    combined = conflict.theirs + "\n\n" + conflict.yours
    done = s.findings.edit_finding(
        made.id, replace(ash_edit, statement=combined, version=conflict.their_version)
    )
    assert done.version == 3 and done.statement == combined and done.question
    actions = [e.action for e in s.audit.entries()]
    assert "finding.conflict" in actions
    assert s.audit.verify().ok


def test_a_finding_edited_without_a_version_is_saved_as_before(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary, _c, _theme = _space(s, record)
    made = s.findings.add_finding(summary.id, Finding(ref="", statement="One."))
    s.findings.edit_finding(made.id, replace(made, statement="Two.", version=0))
    last = s.findings.edit_finding(made.id, replace(made, statement="Three.", version=0))
    assert (last.statement, last.version) == ("Three.", 3)
    assert s.findings.finding_history(made.id) == []


def test_deleting_a_finding_another_lead_just_changed_keeps_it(services, record) -> None:  # type: ignore[no-untyped-def]
    """Findings are the model for the rest of the analysis: a delete asked over the version the
    lead saw is refused, changing nothing, when someone else saved the finding since."""
    s = services
    summary, _c, _theme = _space(s, record)
    made = s.findings.add_finding(summary.id, Finding(ref="", statement="Ash's first words."))
    theirs = s.findings.edit_finding(made.id, replace(made, statement="Sam's newer words."))
    with pytest.raises(
        EditConflictError, match="Nothing has been deleted: their change is kept"
    ) as caught:
        s.findings.delete_finding(made.id, version=made.version)  # asked over version 1
    assert caught.value.conflict.kind == "finding"
    assert caught.value.conflict.theirs == "Sam's newer words."
    assert caught.value.conflict.their_version == 2
    stored = s.findings.analysis(summary.id).current_findings
    assert [(f.statement, f.version) for f in stored] == [("Sam's newer words.", 2)]
    assert "finding.deleted" not in [e.action for e in s.audit.entries()]
    # Having seen their change, the lead deletes over the version now stored: deleted.
    assert s.findings.delete_finding(made.id, version=theirs.version).message == "Deleted."
    assert s.findings.analysis(summary.id).current_findings == ()
    assert s.audit.verify().ok


def _entry():  # type: ignore[no-untyped-def]
    from datetime import date

    from reviewdesk.domain.analysis import ChronologyEntry

    return ChronologyEntry(
        when=date(2026, 2, 1), what_happened="A home visit.", agency="Health visiting"
    )
