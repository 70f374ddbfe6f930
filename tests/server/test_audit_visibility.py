"""Who may read the audit trail on a server (issue 22): a contributor only their own entries
about the reviews they were invited to, a lead those about the reviews they lead, an admin
all; leads and admins can still verify the whole chain. Proven with plain SQL per role."""

from __future__ import annotations

import json
from dataclasses import replace

import psycopg
import pytest

from reviewdesk.domain.review import Relevance


@pytest.fixture
def trail(services_as, as_account, record):  # type: ignore[no-untyped-def]
    ash = services_as("ash_lead", "lead")
    review = ash.reviews.create(record)
    theme = ash.reviews.get(review.id).framework.themes[0]
    kit = ash.reviews.add_contributor(review.id, "Kit Moor", "Health visitor", "Health")
    rae = ash.reviews.add_contributor(review.id, "Rae Lund", "Social worker", "Children's")
    ash.reviews.save_answer(rae.id, theme.prompts[0].id, "Rae's answer")
    as_account("kit_contrib", "contributor")
    as_account("ash_lead", "lead").execute(
        "INSERT INTO review_member (review_id, role_name, kind, contributor_id) "
        "VALUES (%s, 'kit_contrib', 'contributor', %s)",
        (review.id, kit.id),
    )
    kit_app = services_as("kit_contrib", "contributor")
    kit_app.reviews.save_answer(kit.id, theme.prompts[0].id, "Kit's own answer")
    kit_app.reviews.save_assessment(kit.id, theme.id, Relevance.SOME, "Kit's learning")
    blake = services_as("blake_lead", "lead")
    other = blake.reviews.create(
        replace(record, reference="LCSPR-2026-99", title="Another review (fictional)")
    )
    blake.reviews.add_contributor(other.id, "Lou Hart", "GP", "Health")
    return {"ash": review, "blake": other, "kit": kit.id}


def _entries(conn):  # type: ignore[no-untyped-def]
    return [
        (who, action, json.loads(what).get("review"))
        for who, action, what in conn.execute("SELECT who, action, what FROM audit_log")
    ]


def test_each_role_reads_only_its_part_of_the_trail(trail, as_account, owner) -> None:
    everything = _entries(owner)
    about = {ref for _, _, ref in everything}
    assert {"LCSPR-2026-07", "LCSPR-2026-99"} <= about
    kit = _entries(as_account("kit_contrib", "contributor"))
    assert kit and all(who == "kit_contrib" and ref == "LCSPR-2026-07" for who, _, ref in kit)
    assert {a for _, a, _ in kit} >= {"answer.saved", "assessment.saved"}
    ash = _entries(as_account("ash_lead", "lead"))
    assert {ref for _, _, ref in ash} == {"LCSPR-2026-07"}
    assert ("kit_contrib", "answer.saved", "LCSPR-2026-07") in ash  # a contributor's save
    assert len(ash) == sum(1 for _, _, ref in everything if ref == "LCSPR-2026-07")
    blake = _entries(as_account("blake_lead", "lead"))
    assert {ref for _, _, ref in blake} == {"LCSPR-2026-99"}
    admin = as_account("ida_admin", "admin")
    assert sorted(_entries(admin)) == sorted(everything)
    # nobody but leads and admins reads the chain's links; nobody changes an entry
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_account("kit_contrib", "contributor").execute("SELECT * FROM rd_audit_links()")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_account("ash_lead", "lead").execute("DELETE FROM audit_log")


def test_leads_and_admins_still_verify_the_whole_chain(trail, services_as, owner) -> None:
    total = owner.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for name, kind in (("ash_lead", "lead"), ("blake_lead", "lead"), ("ida_admin", "admin")):
        verdict = services_as(name, kind).audit.verify()
        assert verdict.ok, (name, verdict.message())
        assert verdict.checked == total, name
    # a contributor's appends still extend the newest entry, whoever wrote it
    kit = services_as("kit_contrib", "contributor")
    contributor = kit.reviews.list_reviews()[0]
    assert contributor.reference == "LCSPR-2026-07"
    before = owner.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    services_as("blake_lead", "lead").reviews.add_contributor(
        trail["blake"].id, "Mo Reed", "Teacher", "School"
    )
    theme = kit.reviews.get(trail["ash"].id).framework.themes[1]
    kit.reviews.save_answer(trail["kit"], theme.prompts[0].id, "Kit writes again")
    assert owner.execute("SELECT max(seq) FROM audit_log").fetchone()[0] >= before + 2
    verdict = services_as("ida_admin", "admin").audit.verify()
    assert verdict.ok, verdict.message()
    # a contributor is told calmly that checking the whole trail is for leads and admins
    from reviewdesk.domain.errors import NotAllowedError

    with pytest.raises(NotAllowedError, match="leads and the administrators"):
        kit.audit.verify()
