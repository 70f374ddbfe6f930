"""Permissions the database enforces (row-level security), proven with plain SQL as each
kind of account: not only what the menus offer (issue 22, point 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import psycopg
import pytest

from reviewdesk.domain.analysis import ChronologyEntry, Finding
from reviewdesk.domain.review import Relevance


@pytest.fixture
def partnership(services_as, as_account, record):  # type: ignore[no-untyped-def]
    """Two leads with a review each; in Ash's review two contributors, one of whom (Kit) has
    an account and was invited."""
    ash = services_as("ash_lead", "lead")
    review = ash.reviews.create(record)
    theme = ash.reviews.get(review.id).framework.themes[0]
    kit = ash.reviews.add_contributor(review.id, "Kit Moor", "Health visitor", "Health")
    rae = ash.reviews.add_contributor(review.id, "Rae Lund", "Social worker", "Children's")
    prompt = theme.prompts[0].id
    ash.reviews.save_answer(rae.id, prompt, "Rae's answer, which Kit must not read")
    ash.chronology.add_entry(
        review.id, ChronologyEntry(when=date(2026, 1, 5), what_happened="Strategy meeting")
    )
    ash.findings.add_finding(review.id, Finding(ref="", statement="A finding for the lead"))
    # Ash invites Kit's account to write Kit's own contribution (plain SQL as Ash)
    as_account("kit_contrib", "contributor")
    as_account("ash_lead", "lead").execute(
        "INSERT INTO review_member (review_id, role_name, kind, contributor_id) "
        "VALUES (%s, 'kit_contrib', 'contributor', %s)",
        (review.id, kit.id),
    )
    kit_app = services_as("kit_contrib", "contributor")
    kit_app.reviews.save_answer(kit.id, prompt, "Kit's own answer")
    kit_app.reviews.save_assessment(kit.id, theme.id, Relevance.SOME, "Kit's learning")
    kit_app.reviews.save_private_note(kit.id, "Kit's private note", theme.id)

    blake = services_as("blake_lead", "lead")
    other = blake.reviews.create(
        replace(record, reference="LCSPR-2026-99", title="Another review (fictional)")
    )
    blake.reviews.add_contributor(other.id, "Lou Hart", "GP", "Health")
    return {"review": review.id, "other": other.id, "kit": kit.id, "rae": rae.id, "prompt": prompt}


def _one(conn, sql: str, *params):  # type: ignore[no-untyped-def]
    return conn.execute(sql, params).fetchall()


def test_a_contributor_sees_only_their_invited_review_and_own_words(partnership, as_account):
    p = partnership
    kit = as_account("kit_contrib", "contributor")
    assert _one(kit, "SELECT id FROM review") == [(p["review"],)]
    assert _one(kit, "SELECT text FROM answer") == [("Kit's own answer",)]
    assert _one(kit, "SELECT key_learning FROM theme_assessment") == [("Kit's learning",)]
    assert _one(kit, "SELECT text FROM private_note") == [("Kit's private note",)]
    assert sorted(_one(kit, "SELECT name FROM contributor")) == [("Kit Moor",), ("Rae Lund",)]
    assert _one(kit, "SELECT what_happened FROM chronology_entry") == [("Strategy meeting",)]
    assert _one(kit, "SELECT count(*) FROM finding") == [(0,)]  # the lead's analysis
    bodies = [b for (b,) in _one(kit, "SELECT body FROM search_index")]
    assert "Rae's answer, which Kit must not read" not in bodies
    assert "Kit's own answer" in bodies


def test_a_contributor_cannot_change_what_is_not_theirs(partnership, as_account) -> None:
    p = partnership
    kit = as_account("kit_contrib", "contributor")
    # other people's rows are simply not there to change
    assert kit.execute("UPDATE answer SET text = 'overwritten'").rowcount == 1  # only Kit's own
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="Only the review's lead"):
        kit.execute("UPDATE review SET title = 'renamed'")
    assert kit.execute("UPDATE review SET title = 'x' WHERE id = %s", (p["other"],)).rowcount == 0
    assert kit.execute("DELETE FROM contributor").rowcount == 0
    assert kit.execute("DELETE FROM chronology_entry").rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        kit.execute(
            "INSERT INTO answer (contributor_id, prompt_id, text, evidence, updated_at) "
            "VALUES (%s, 'a-prompt', 'words in Rae''s name', '', now())",
            (p["rae"],),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        kit.execute(
            "INSERT INTO review_member (review_id, role_name, kind) "
            "VALUES (%s, 'kit_contrib', 'lead')",
            (p["review"],),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        kit.execute(
            "INSERT INTO review (uid, reference, title, review_type, status, lead, framework_id, "
            "framework_version, framework_json, created_at, updated_at) VALUES "
            "('x', 'R-1', 't', 'local', 'active', 'l', 'f', '1', '{}', now(), now())"
        )
    ash = as_account("ash_lead", "lead")
    assert _one(ash, "SELECT text FROM answer WHERE contributor_id = %s", p["rae"]) == [
        ("Rae's answer, which Kit must not read",)
    ]


def test_a_lead_manages_only_the_reviews_they_lead(partnership, as_account) -> None:
    p = partnership
    ash = as_account("ash_lead", "lead")
    blake = as_account("blake_lead", "lead")
    assert _one(ash, "SELECT id FROM review") == [(p["review"],)]
    assert _one(blake, "SELECT id FROM review") == [(p["other"],)]
    assert sorted(t for (t,) in _one(ash, "SELECT text FROM answer")) == [
        "Kit's own answer",
        "Rae's answer, which Kit must not read",
    ]
    assert _one(ash, "SELECT count(*) FROM private_note") == [(0,)]  # Kit's alone
    assert _one(blake, "SELECT count(*) FROM answer") == [(0,)]
    assert _one(blake, "SELECT count(*) FROM finding") == [(0,)]
    assert (
        blake.execute("UPDATE review SET title = 'x' WHERE id = %s", (p["review"],)).rowcount == 0
    )
    assert blake.execute("DELETE FROM review WHERE id = %s", (p["review"],)).rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        blake.execute(
            "INSERT INTO review_member (review_id, role_name, kind) "
            "VALUES (%s, 'blake_lead', 'lead')",
            (p["review"],),
        )
    assert (
        ash.execute("UPDATE review SET title = 'Renamed' WHERE id = %s", (p["review"],)).rowcount
        == 1
    )


def test_an_admin_manages_people_not_case_content(partnership, as_account) -> None:
    p = partnership
    admin = as_account("ida_admin", "admin")
    assert sorted(_one(admin, "SELECT id FROM review")) == sorted([(p["review"],), (p["other"],)])
    for table in ("answer", "theme_assessment", "private_note", "finding", "chronology_entry"):
        assert _one(admin, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert admin.execute("UPDATE review SET title = 'x'").rowcount == 0
    # who leads and who is invited is the admin's to decide
    as_account("jo_lead", "lead")
    admin.execute(
        "INSERT INTO review_member (review_id, role_name, kind) VALUES (%s, 'jo_lead', 'lead')",
        (p["other"],),
    )
    jo = as_account("jo_lead", "lead")
    assert _one(jo, "SELECT id FROM review") == [(p["other"],)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        admin.execute("CREATE ROLE someone LOGIN")  # making accounts is IT's, as the owner


def test_nobody_claims_a_review_someone_else_is_starting(partnership, as_account) -> None:
    blake = as_account("blake_lead", "lead")
    blake.execute("SELECT rd_claim_review(%s, 'blake_lead')", (partnership["review"],))
    blake.execute("SELECT nextval('review_id_seq')")  # an id of their own, then Ash's
    blake.execute("SELECT rd_claim_review(%s, 'blake_lead')", (partnership["review"],))
    assert _one(blake, "SELECT count(*) FROM review WHERE id = %s", partnership["review"]) == [(0,)]


def test_through_the_app_a_refusal_is_a_calm_sentence(partnership, services_as) -> None:
    from reviewdesk.domain.errors import NotAllowedError

    kit = services_as("kit_contrib", "contributor")
    before = kit.audit.count()
    with pytest.raises(NotAllowedError, match="did not allow this for your account"):
        kit.reviews.save_answer(partnership["rae"], partnership["prompt"], "in Rae's name")
    assert kit.audit.count() == before  # rolled back whole: no entry for a refused save


def test_the_history_of_conflicts_is_read_as_its_item_is(partnership, services_as, as_account):
    """Both sides of a conflicting save (migration 0015): a finding's only by the review's
    leads; a rating's by its writer and the review's leads, nobody else."""
    p = partnership
    ash = services_as("ash_lead", "lead")
    finding = ash.findings.analysis(p["review"]).findings[0]
    ash.findings.edit_finding(finding.id, replace(finding, statement="Ash's first change"))
    with pytest.raises(Exception, match="Someone else changed this finding"):
        ash.findings.edit_finding(finding.id, replace(finding, statement="An older edit"))
    theme = ash.reviews.get(p["review"]).framework.themes[0].id
    kit_app = services_as("kit_contrib", "contributor")
    with pytest.raises(Exception, match="Someone else changed this rating"):
        kit_app.reviews.save_assessment_checked(p["kit"], theme, None, "Typed over none", base=0)
    lead, kit = as_account("ash_lead", "lead"), as_account("kit_contrib", "contributor")
    other_lead = as_account("blake_lead", "lead")
    assert _one(lead, "SELECT side FROM edit_revision ORDER BY id") == [("theirs",), ("yours",)]
    assert _one(kit, "SELECT count(*) FROM edit_revision") == [(0,)]
    assert _one(other_lead, "SELECT count(*) FROM edit_revision") == [(0,)]
    assert _one(kit, "SELECT count(*) FROM assessment_revision") == [(2,)]
    assert _one(lead, "SELECT count(*) FROM assessment_revision") == [(2,)]
    assert _one(other_lead, "SELECT count(*) FROM assessment_revision") == [(0,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        kit.execute(
            "INSERT INTO edit_revision (review_id, kind, item_id, version, side, text, detail, "
            "written_by, written_at) VALUES (%s, 'finding', 1, 1, 'yours', 'x', '{}', 'k', now())",
            (p["review"],),
        )
