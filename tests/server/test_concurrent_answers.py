"""Concurrent work without lost words (issue 22, point 5): an answer carries a version; a save
based on an older version overwrites nothing, raises a conflict that carries both texts (theirs
with who and when, and yours), and both are kept in the answer's history. On both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.domain.errors import EditConflictError


def _answer_space(s, record):  # type: ignore[no-untyped-def]
    summary = s.reviews.create(record)
    doc = s.reviews.get(summary.id)
    c = s.reviews.add_contributor(summary.id, "Ria Vale", "Health visitor", "Health visiting")
    return summary, c, doc.framework.themes[0].prompts[0].id


def test_a_stale_save_overwrites_nothing_and_keeps_both(any_services, record, engine) -> None:
    s = any_services
    _summary, c, pid = _answer_space(s, record)
    first = s.reviews.save_answer_checked(c.id, pid, "The first words.", base=0)
    assert first.version == 1
    # Window A, then window B, both opened at version 1; A saves first.
    a = s.reviews.save_answer_checked(c.id, pid, "A: the GP was not told.", "GP", base=1)
    assert a.version == 2
    with pytest.raises(EditConflictError, match="Someone else changed this answer") as caught:
        s.reviews.save_answer_checked(c.id, pid, "B: the school nurse saw it.", base=1)
    conflict = caught.value.conflict
    assert conflict.theirs == "A: the GP was not told." and conflict.theirs_evidence == "GP"
    assert conflict.their_version == 2 and conflict.your_base == 1
    assert conflict.yours == "B: the school nurse saw it."
    assert conflict.by  # who saved theirs
    stored = s.reviews.answer(c.id, pid)
    assert stored is not None and stored.text == "A: the GP was not told." and stored.version == 2
    history = s.reviews.answer_history(c.id, pid)
    assert [(h.kind, h.version, h.text) for h in history] == [
        ("theirs", 2, "A: the GP was not told."),
        ("yours", 1, "B: the school nurse saw it."),
    ]
    # B chooses: saved over the version it has now seen.
    combined = "A: the GP was not told.\n\nB: the school nurse saw it."
    done = s.reviews.save_answer_checked(c.id, pid, combined, base=conflict.their_version)
    assert done.version == 3
    assert s.reviews.answer(c.id, pid).text == combined  # type: ignore[union-attr]
    actions = [e.action for e in s.audit.entries()]
    assert "answer.conflict" in actions
    assert s.audit.verify().ok


def test_the_same_text_twice_is_no_conflict(any_services, record, engine) -> None:
    s = any_services
    _summary, c, pid = _answer_space(s, record)
    s.reviews.save_answer_checked(c.id, pid, "Same words.", base=0)
    again = s.reviews.save_answer_checked(c.id, pid, "Same words.", base=0)
    assert again.version == 1
    assert s.reviews.answer_history(c.id, pid) == []


def test_an_answer_written_meanwhile_by_someone_else_conflicts(any_services, record, engine):  # type: ignore[no-untyped-def]
    s = any_services
    _summary, c, pid = _answer_space(s, record)
    s.reviews.save_answer(c.id, pid, "Written elsewhere first.")  # unconditional: version 1
    with pytest.raises(EditConflictError) as caught:
        s.reviews.save_answer_checked(c.id, pid, "Mine, typed over an empty box.", base=0)
    assert caught.value.conflict.theirs == "Written elsewhere first."
    assert caught.value.conflict.their_version == 1


def test_two_windows_on_one_library_file(tmp_path: Path, record) -> None:
    """SQLite: two connections to one library (two windows) conflict the same way."""
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.engine import open_store

    db = tmp_path / "lib.sqlite3"
    one = Services.over(open_store(db, tmp_path / "backups"))
    two = Services.over(open_store(db, tmp_path / "backups"))
    try:
        _summary, c, pid = _answer_space(one, record)
        one.reviews.save_answer_checked(c.id, pid, "One.", base=0)
        two.reviews.save_answer_checked(c.id, pid, "Two, over one.", base=1)
        with pytest.raises(EditConflictError):
            one.reviews.save_answer_checked(c.id, pid, "One again, over one.", base=1)
        assert two.reviews.answer(c.id, pid).text == "Two, over one."  # type: ignore[union-attr]
    finally:
        one.close()
        two.close()


def test_on_a_server_who_is_the_account_and_history_is_private(
    services_as, as_account, record
) -> None:
    """A lead and the contributor on one answer: the conflict names the account that saved;
    another contributor cannot read the history (row-level security)."""
    lead = services_as("cc_lead", "lead")
    summary, c, pid = _answer_space(lead, record)
    other = lead.reviews.add_contributor(summary.id, "Tam Lees", "Teacher", "School")
    conn = as_account("cc_lead", "lead")
    for account, cid in (("cc_ria", c.id), ("cc_tam", other.id)):
        as_account(account, "contributor")
        conn.execute(
            "INSERT INTO review_member VALUES (%s, %s, 'contributor', %s)",
            (summary.id, account, cid),
        )
    ria = services_as("cc_ria", "contributor")
    ria.reviews.save_answer_checked(c.id, pid, "Ria's first words.", base=0)
    lead.reviews.save_answer_checked(c.id, pid, "The lead's correction.", base=1)
    with pytest.raises(EditConflictError) as caught:
        ria.reviews.save_answer_checked(c.id, pid, "Ria's second thoughts.", base=1)
    assert caught.value.conflict.by == "cc_lead"
    assert ria.reviews.answer(c.id, pid).updated_by == "cc_lead"  # type: ignore[union-attr]
    assert len(lead.reviews.answer_history(c.id, pid)) == 2
    tam = as_account("cc_tam", "contributor")
    assert tam.execute("SELECT count(*) FROM answer_revision").fetchone()[0] == 0
