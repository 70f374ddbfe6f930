"""Who "me" is in a review on a server: the signed-in account's own contributor entry
(``review_member``), never the library's shared setting, so two leads of one review never
write as one person, and a contributor writes as the entry the lead invited them to."""

from __future__ import annotations

import pytest

from reviewdesk.domain.errors import NotAllowedError
from reviewdesk.domain.review import Profile


def test_each_account_writes_as_its_own_contributor(services_as, as_account, record) -> None:
    ash = services_as("ash_lead", "lead")
    review = ash.reviews.create(record)
    kit = ash.reviews.add_contributor(review.id, "Kit Moor", "Health visitor", "Health")
    as_account("kit_contrib", "contributor")
    as_account("lou_contrib", "contributor")
    as_account("jo_lead", "lead")
    lead_sql = as_account("ash_lead", "lead")
    for who, kind, cid in (
        ("kit_contrib", "contributor", kit.id),
        ("lou_contrib", "contributor", None),  # may read the review, not (yet) write in it
        ("jo_lead", "lead", None),
    ):
        lead_sql.execute(
            "INSERT INTO review_member (review_id, role_name, kind, contributor_id) "
            "VALUES (%s, %s, %s, %s)",
            (review.id, who, kind, cid),
        )
    ash_me = ash.reviews.my_contributor(review.id, Profile("Ash Field", "Lead", "LSCP"))
    jo_me = services_as("jo_lead", "lead").reviews.my_contributor(
        review.id, Profile("Jo Hale", "Co-lead", "Police")
    )
    assert ash_me.id != jo_me.id and {ash_me.name, jo_me.name} == {"Ash Field", "Jo Hale"}
    again = ash.reviews.my_contributor(review.id, Profile("Ash Field", "Lead", "LSCP"))
    assert again.id == ash_me.id  # found, not made twice
    kit_me = services_as("kit_contrib", "contributor").reviews.my_contributor(
        review.id, Profile("K. Moor", "HV", "Health")
    )
    assert kit_me.id == kit.id
    lou = services_as("lou_contrib", "contributor")
    with pytest.raises(NotAllowedError, match="ask the review's lead to invite you"):
        lou.reviews.my_contributor(review.id, Profile("Lou Hart", "GP", "Health"))
    assert len(ash.reviews.get(review.id).contributors) == 3  # Kit, Ash, Jo: nobody else
