"""The briefing's versions on a server (migration 0017; issue 22, point 5): ``briefing_part``
is a review's own table, so row-level security lets only the review's leads read or write it,
and the history of a briefing conflict (edit_revision, kind 'briefing') as a finding's."""

from __future__ import annotations

import psycopg
import pytest

from reviewdesk.domain.errors import EditConflictError
from tests.server.test_permissions import _one, partnership  # noqa: F401 - the fixture


def test_only_the_review_s_leads_read_or_write_its_briefing_versions(
    partnership,  # noqa: F811
    services_as,
    as_account,
) -> None:  # type: ignore[no-untyped-def]
    p = partnership
    ash = services_as("ash_lead", "lead")
    ash.briefings.save_part(p["review"], "found", "- Ash's first words.", base=0)
    with pytest.raises(EditConflictError):
        ash.briefings.save_part(p["review"], "found", "- Typed over none.", base=0)
    lead, kit = as_account("ash_lead", "lead"), as_account("kit_contrib", "contributor")
    other_lead = as_account("blake_lead", "lead")
    assert _one(lead, "SELECT part, version, updated_by FROM briefing_part") == [
        ("found", 1, "ash_lead")
    ]
    assert _one(lead, "SELECT count(*) FROM edit_revision WHERE kind = 'briefing'") == [(2,)]
    for outsider in (kit, other_lead):
        assert _one(outsider, "SELECT count(*) FROM briefing_part") == [(0,)]
        assert _one(outsider, "SELECT count(*) FROM edit_revision") == [(0,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        other_lead.execute(
            "INSERT INTO briefing_part (review_id, part, version, updated_by, updated_at) "
            "VALUES (%s, 'todo', 1, 'blake_lead', now())",
            (p["review"],),
        )
