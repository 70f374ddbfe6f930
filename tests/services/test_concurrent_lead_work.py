"""Concurrent work without lost words in the rest of the lead's work (issue 22, point 5):
chronology entries, the terms of reference, the family involvement log, parallel processes and
an action's impact log carry a version; a save over an older version overwrites nothing, raises
a conflict carrying both texts, and both are kept in the history; a delete over an older
version deletes nothing. Runs on a library file, and on a server with ``--engine postgresql``."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from reviewdesk.domain.analysis import Action, ChronologyEntry, ImpactEntry, ImpactKind
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.papers import (
    FamilyContribution,
    FamilyWay,
    ParallelProcess,
    ProcessKind,
    TermsOfReference,
)


def _entry(text: str = "Home visit: nobody answered the door.") -> ChronologyEntry:
    return ChronologyEntry(when=date(2026, 2, 1), what_happened=text, agency="Health visiting")


# --- chronology entries -----------------------------------------------------------------------


def test_a_stale_edit_of_a_chronology_entry_overwrites_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    made = s.chronology.add_entry(summary.id, _entry())
    assert made.version == 1
    # Sam and Ash both opened it at version 1. Sam saves first.
    sam = s.chronology.edit_entry(
        made.id, replace(made, what_happened="Sam: the visit was cancelled by text message.")
    )
    assert sam.version == 2
    ash_edit = replace(
        made,
        what_happened="Ash: the health visitor left a card; nobody followed it up.",
        source="HV record 14/02",
        significant=True,
    )
    with pytest.raises(EditConflictError, match="Someone else changed this chronology") as caught:
        s.chronology.edit_entry(made.id, ash_edit)
    conflict = caught.value.conflict
    assert conflict.kind == "entry" and conflict.item == (made.id,)
    assert conflict.theirs == "Sam: the visit was cancelled by text message."
    assert conflict.yours == "Ash: the health visitor left a card; nobody followed it up."
    assert (conflict.their_version, conflict.your_base) == (2, 1)
    assert conflict.by
    # The other parts that differ, in words beside each text (as for actions and decisions).
    assert conflict.theirs_detail.splitlines() == ["Source: (none)", "Significant: no"]
    assert conflict.yours_detail.splitlines() == ["Source: HV record 14/02", "Significant: yes"]
    stored = s.chronology.get_entry(made.id)
    assert stored.what_happened == "Sam: the visit was cancelled by text message."
    assert stored.source == "" and not stored.significant  # nothing of Ash's written over it
    assert stored.version == 2
    history = s.chronology.entry_history(made.id)
    assert [(h.side, h.version, h.text) for h in history] == [
        ("theirs", 2, "Sam: the visit was cancelled by text message."),
        ("yours", 1, "Ash: the health visitor left a card; nobody followed it up."),
    ]
    ash_parts = json.loads(history[1].detail)  # every part of Ash's edit is kept
    assert ash_parts["source"] == "HV record 14/02" and ash_parts["significant"] is True
    # Ash combines, over the version now seen: saved, version 3.
    combined = conflict.theirs + "\n\n" + conflict.yours
    done = s.chronology.edit_entry(
        made.id, replace(ash_edit, what_happened=combined, version=conflict.their_version)
    )
    assert done.version == 3 and done.what_happened == combined and done.significant
    assert "chronology.conflict" in [e.action for e in s.audit.entries()]
    assert s.audit.verify().ok


def test_an_entry_dated_to_the_month_is_put_in_words_to_the_month(services, record) -> None:  # type: ignore[no-untyped-def]
    """A chronology entry known only to the month reads "November 2025", not "1 Nov 2025", beside
    each text of a conflict, and how exact its date is reads as a person says it."""
    from reviewdesk.domain.analysis import DatePrecision

    s = services
    summary = s.reviews.create(record)
    made = s.chronology.add_entry(summary.id, _entry())
    s.chronology.edit_entry(
        made.id, replace(made, when=date(2025, 11, 1), precision=DatePrecision.MONTH)
    )
    with pytest.raises(EditConflictError) as caught:
        s.chronology.edit_entry(made.id, replace(made, when=date(2026, 3, 5)))
    conflict = caught.value.conflict
    assert conflict.theirs_detail.splitlines() == [
        "Date: November 2025",
        "How exact the date is: To the month",
    ]
    assert conflict.yours_detail.splitlines() == [
        "Date: 5 Mar 2026",
        "How exact the date is: To the day",
    ]


def test_saving_over_the_current_version_of_an_entry_is_no_conflict(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    made = s.chronology.add_entry(summary.id, _entry())
    one = s.chronology.edit_entry(made.id, replace(made, what_happened="One."))
    two = s.chronology.edit_entry(made.id, replace(one, what_happened="Two."))
    assert (two.what_happened, two.version) == ("Two.", 3)
    # The very same words saved over an older version: nothing to choose between.
    same = s.chronology.edit_entry(made.id, replace(one, what_happened="Two."))
    assert same.version == 3
    # Without a version (imports, tools) whatever is stored is saved over, as before.
    last = s.chronology.edit_entry(made.id, replace(made, what_happened="Three.", version=0))
    assert (last.what_happened, last.version) == ("Three.", 4)
    assert s.chronology.entry_history(made.id) == []


def test_deleting_an_entry_someone_else_just_changed_deletes_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    made = s.chronology.add_entry(summary.id, _entry())
    s.chronology.edit_entry(made.id, replace(made, what_happened="Sam added the GP's letter."))
    with pytest.raises(EditConflictError, match="Nothing has been deleted") as caught:
        s.chronology.delete_entry(made.id, version=made.version)
    assert caught.value.conflict.theirs == "Sam added the GP's letter."
    assert s.chronology.get_entry(made.id).what_happened == "Sam added the GP's letter."
    # Having seen the change, the lead may delete it.
    assert s.chronology.delete_entry(made.id, version=2).message == "Deleted."
    assert s.chronology.entries(summary.id) == []


def test_imported_entries_start_at_version_one_and_are_versioned(
    services, record, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    csv = tmp_path / "police.csv"
    csv.write_text(
        "Date,What happened\n03/01/2026,Police attended a report of shouting.\n", "utf-8"
    )
    assert s.chronology.import_file(summary.id, csv, "Police").added == 1
    (entry,) = s.chronology.entries(summary.id)
    assert entry.version == 1 and entry.source_agency == "Police"
    s.chronology.edit_entry(entry.id, replace(entry, what_happened="Police: a neighbour called."))
    with pytest.raises(EditConflictError):
        s.chronology.edit_entry(entry.id, replace(entry, what_happened="Mine, over version 1."))


# --- the terms of reference -------------------------------------------------------------------


def test_a_stale_save_of_the_terms_of_reference_overwrites_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    assert s.papers.terms(summary.id).version == 0  # none yet
    first = s.papers.save_terms(
        summary.id, TermsOfReference("Sam: scope from pregnancy.", ("Who knew?",)), base=0
    )
    assert first.version == 1
    # Ash also started from none: her first save is over version 0.
    ash = TermsOfReference("Ash: scope from the first referral.", ("Was the GP asked?",))
    with pytest.raises(EditConflictError, match="terms of reference") as caught:
        s.papers.save_terms(summary.id, ash, base=0)
    conflict = caught.value.conflict
    assert conflict.kind == "terms" and (conflict.their_version, conflict.your_base) == (1, 0)
    assert conflict.theirs == "Sam: scope from pregnancy."
    assert conflict.yours == "Ash: scope from the first referral."
    assert s.papers.terms(summary.id).terms == "Sam: scope from pregnancy."
    history = s.papers.terms_history(summary.id)
    assert [(h.side, h.text) for h in history] == [
        ("theirs", "Sam: scope from pregnancy."),
        ("yours", "Ash: scope from the first referral."),
    ]
    assert json.loads(history[1].detail)["lines_of_enquiry"] == ["Was the GP asked?"]
    kept = s.papers.save_terms(summary.id, ash, base=1)
    assert kept.version == 2 and kept.terms == ash.terms
    again = s.papers.save_terms(summary.id, replace(ash, terms="Later."), base=2)
    assert again.version == 3
    assert s.papers.save_terms(summary.id, replace(ash, terms="Any."), base=None).version == 4


# --- the family involvement log and parallel processes ----------------------------------------


def test_a_stale_edit_of_the_family_log_overwrites_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    made = s.papers.add_family(
        summary.id, FamilyContribution("Mother", date(2026, 4, 1), FamilyWay.MET_REVIEWER)
    )
    assert made.version == 1
    s.papers.edit_family(made.id, replace(made, views="Sam: she felt nobody listened."))
    with pytest.raises(EditConflictError) as caught:
        s.papers.edit_family(made.id, replace(made, views="Ash: she wants the GP to read it."))
    conflict = caught.value.conflict
    assert conflict.kind == "family"
    assert (conflict.theirs, conflict.yours) == (
        "Sam: she felt nobody listened.",
        "Ash: she wants the GP to read it.",
    )
    assert s.papers.family(summary.id)[0].views == "Sam: she felt nobody listened."
    assert [h.side for h in s.papers.family_history(made.id)] == ["theirs", "yours"]
    with pytest.raises(EditConflictError, match="Nothing has been deleted"):
        s.papers.delete_family(made.id, version=1)
    assert len(s.papers.family(summary.id)) == 1
    assert s.papers.delete_family(made.id, version=2).message == "Deleted."


def test_a_stale_edit_of_a_parallel_process_overwrites_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    made = s.papers.add_process(
        summary.id, ParallelProcess(ProcessKind.CRIMINAL, "Police", date(2026, 3, 10))
    )
    s.papers.edit_process(made.id, replace(made, notes="Sam: trial listed for June."))
    with pytest.raises(EditConflictError) as caught:
        s.papers.edit_process(made.id, replace(made, notes="Ash: pause the family meeting."))
    assert caught.value.conflict.kind == "process"
    assert s.papers.processes(summary.id)[0].notes == "Sam: trial listed for June."
    history = s.papers.process_history(made.id)
    assert [(h.side, h.text) for h in history] == [
        ("theirs", "Sam: trial listed for June."),
        ("yours", "Ash: pause the family meeting."),
    ]
    same = s.papers.edit_process(made.id, replace(made, notes="Sam: trial listed for June."))
    assert same.version == 2  # the very same: no conflict, nothing saved again
    with pytest.raises(EditConflictError):
        s.papers.delete_process(made.id, version=1)


# --- an action's impact log -------------------------------------------------------------------


def test_a_stale_edit_of_impact_evidence_overwrites_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    s = services
    summary = s.reviews.create(record)
    action = s.actions.add_action(summary.id, Action(description="Audit closed referrals."))
    made = s.papers.add_impact(
        action.id,
        ImpactEntry(date(2026, 9, 1), "Audit: 8 of 10 had a visit.", ImpactKind.AUDIT_6_MONTHS),
    )
    assert made.version == 1
    sam = s.papers.edit_impact(made.id, replace(made, evidence="Sam: 9 of 10 had a visit."))
    assert sam.version == 2
    with pytest.raises(EditConflictError, match="evidence of impact") as caught:
        s.papers.edit_impact(made.id, replace(made, evidence="Ash: the re-audit is due."))
    conflict = caught.value.conflict
    assert conflict.kind == "impact" and conflict.theirs == "Sam: 9 of 10 had a visit."
    assert s.papers.impact_log(action.id)[0].evidence == "Sam: 9 of 10 had a visit."
    assert [h.text for h in s.papers.impact_history(made.id)] == [
        "Sam: 9 of 10 had a visit.",
        "Ash: the re-audit is due.",
    ]
    kept = s.papers.edit_impact(made.id, replace(made, evidence="Ash: both.", version=2))
    assert kept.version == 3
    with pytest.raises(EditConflictError):
        s.papers.delete_impact(made.id, version=2)
    assert s.papers.delete_impact(made.id, version=3).message == "Deleted."
    assert "impact.conflict" in [e.action for e in s.audit.entries()]
    assert s.audit.verify().ok


# --- the case record for analysis -------------------------------------------------------------


def test_a_stale_save_of_the_case_record_overwrites_nothing(services, record) -> None:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.casefile import CaseDetails, ChildDetails, HarmType, IncidentKind, Sex

    s = services
    summary = s.reviews.create(record)
    assert s.case_details.details(summary.id).version == 0  # none saved yet
    sam = CaseDetails(IncidentKind.DEATH, HarmType.NEGLECT, (ChildDetails("Child Q", Sex.FEMALE),))
    first = s.case_details.save_details(summary.id, sam, base=0)
    assert first.version == 1
    # Ash also started from none, and chose another harm type.
    ash = replace(sam, harm_type=HarmType.PHYSICAL_ABUSE)
    with pytest.raises(EditConflictError, match="case record for analysis") as caught:
        s.case_details.save_details(summary.id, ash, base=0)
    conflict = caught.value.conflict
    assert conflict.kind == "case" and (conflict.their_version, conflict.your_base) == (1, 0)
    assert "Neglect" in conflict.theirs and "Child Q: Sex: Female" in conflict.theirs
    assert "Physical abuse" in conflict.yours
    assert s.case_details.details(summary.id).harm_type is HarmType.NEGLECT
    history = s.case_details.details_history(summary.id)
    assert [h.side for h in history] == ["theirs", "yours"]
    assert json.loads(history[1].detail)["harm_type"] == HarmType.PHYSICAL_ABUSE.value
    # The same again over an older version: nothing to choose between.
    assert s.case_details.save_details(summary.id, sam, base=0).version == 1
    kept = s.case_details.save_details(summary.id, ash, base=1)
    assert kept.version == 2 and kept.harm_type is HarmType.PHYSICAL_ABUSE
    assert kept.child("Child Q").sex is Sex.FEMALE
    assert s.case_details.save_details(summary.id, sam).version == 3  # unchecked, as imports
    assert "case_details.conflict" in [e.action for e in s.audit.entries()]
