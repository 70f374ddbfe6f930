"""The defect behind issue 15, as the practitioner met it: she opens a case pack, writes, sees
"Saved", returns her contribution, and the review lead's window must show her words. Also the
repair of a library already split in two by the old behaviour (her words under a second
"Priya Shah"), which must move them, lose nothing, and say so in the audit trail.
"""

from __future__ import annotations

from pathlib import Path

from reviewdesk.paths import resolve_paths
from reviewdesk.services import open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from reviewdesk.services.local_contributor import LOCAL_CONTRIBUTOR_KEY
from reviewdesk.store.tables import SettingRow
from tests.journeys.people import (
    PASSPHRASE,
    open_selected_review,
    open_through_import,
    passphrase_and_open,
    reflect,
    return_contribution,
    start,
    stop,
    welcome,
)

WORDS = "I saw the baby asleep on the sofa and talked about the cot again."
BABIES = 3


def lead_with_pack(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The lead's library (the demo review) and a pack for Priya, made before the journey."""
    lead = open_services(resolve_paths(tmp_path / "lead"), kdf=FAST_TEST_KDF)
    review_id = lead.exchange.add_demo()[0].id
    pack = tmp_path / "priya.rdpack"
    lead.packs.make_pack(review_id, "Priya Shah", pack, PASSPHRASE, role="Health visitor")
    return lead, review_id, pack


def test_what_she_writes_after_opening_a_pack_reaches_the_lead(qtbot, tmp_path: Path) -> None:
    lead, review_id, pack = lead_with_pack(tmp_path)
    priya = start(qtbot, tmp_path / "priya")
    welcome(qtbot, priya, "Priya Shah", "Health visitor", "Eastmere Community Health")
    open_through_import(qtbot, priya, pack)
    passphrase_and_open(qtbot, priya)
    open_selected_review(qtbot, priya)
    reflect(qtbot, priya, BABIES, [WORDS])
    back = tmp_path / "priya.rdreturn"
    return_contribution(qtbot, priya, back).close()
    stop(priya)

    result = lead.imports.import_file(back, PASSPHRASE)
    doc = lead.reviews.get(review_id)
    priya_work = next(w for w in doc.contributors if w.contributor.name == "Priya Shah")
    assert [a.text for a in priya_work.answers] == [WORDS]  # her words, in her space
    assert "It holds 1 answer" in result.message  # and the lead is told what arrived
    lead.close()


def test_a_library_split_by_the_old_behaviour_is_repaired_on_open(qtbot, tmp_path: Path) -> None:
    lead, _, pack = lead_with_pack(tmp_path)
    lead.close()
    # Her library as the old code left it: the pack's contributor empty, and a second
    # "Priya Shah" (made from her profile when she opened the review) holding her writing.
    mine = open_services(resolve_paths(tmp_path / "priya"), kdf=FAST_TEST_KDF)
    mine.profile.save(mine.profile.get().__class__("Priya Shah", "Health visitor", "Health"))
    opened = mine.imports.import_file(pack, PASSPHRASE).pack
    rid = opened.review.id
    duplicate = mine.reviews.add_contributor(rid, "Priya Shah", "Health visitor", "Health")
    with mine.store.write() as session:
        key = LOCAL_CONTRIBUTOR_KEY.format(review_uid=opened.review.uid)
        session.merge(SettingRow(key=key, value=duplicate.uid))
    prompt = mine.reviews.get(rid).framework.themes[BABIES].prompts[0].id
    mine.reviews.save_answer(duplicate.id, prompt, WORDS, "HV record")
    mine.reviews.save_private_note(duplicate.id, "Hard week.", "")
    assert len(mine.reviews.get(rid).contributors) == 2
    mine.close()

    priya = start(qtbot, tmp_path / "priya")
    qtbot.waitUntil(lambda: priya.library.proxy.rowCount() == 1)
    open_selected_review(qtbot, priya)
    ws = priya.workspace
    assert ws.me.id == opened.contributor.id  # she now writes in the pack's space
    ws.go(BABIES + 1)
    assert ws.theme_page(BABIES).cards[0].editor.toPlainText() == WORDS
    services = priya.services
    assert [w.contributor.id for w in services.reviews.get(rid).contributors] == [
        opened.contributor.id
    ]
    assert services.reviews.private_notes(opened.contributor.id) == {"": "Hard week."}
    repairs = [e for e in services.audit.entries() if e.action == "contributor.repaired"]
    assert len(repairs) == 1
    assert "moved 1 answer, 0 theme ratings, 1 private note" in repairs[0].details
    assert services.contributions.preview(rid).answered == 1
    stop(priya)
