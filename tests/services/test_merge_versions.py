"""A contribution merged by the lead goes through the versioned save (issue 22, loose end of
session 7): the boxes it changes are one version on, so an editor still open on the text from
before the merge cannot save over it unasked; both texts are kept in the history and the person
is told calmly. On a library file and on a server (the lead is the ``services`` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.domain.errors import EditConflictError
from reviewdesk.domain.packs import MergeOutcome
from reviewdesk.domain.review import Relevance
from tests.exchange_loop import PASSPHRASE, library


def _contributions(services, tmp_path: Path, *words: str):  # type: ignore[no-untyped-def]
    """The lead sends Priya a pack for the first theme; Priya rates it, writes her key learning
    and an answer in her own library and returns it, once for each of ``words``."""
    lead = services
    demo, _ = lead.exchange.add_demo()
    theme = lead.reviews.get(demo.id).framework.themes[0]
    pack = tmp_path / "priya.rdpack"
    lead.packs.make_pack(demo.id, "Priya Shah", pack, PASSPHRASE, theme_ids=[theme.id])
    priya = library(tmp_path, "priya")
    returned = []
    try:
        opened = priya.imports.import_file(pack, PASSPHRASE).review.id
        (work,) = priya.reviews.get(opened).contributors
        cid = work.contributor.id
        for n, said in enumerate(words):
            priya.reviews.save_answer(cid, theme.prompts[0].id, f"Answer: {said}", "Visit notes")
            priya.reviews.save_assessment(cid, theme.id, Relevance.SIGNIFICANT, f"Learning: {said}")
            returned.append(tmp_path / f"priya-{n}.rdreturn")
            priya.contributions.write(opened, returned[-1], PASSPHRASE)
    finally:
        priya.close()
    (them,) = [
        w.contributor for w in lead.reviews.get(demo.id).contributors
        if w.contributor.name == "Priya Shah"
    ]  # fmt: skip
    return theme, them.id, returned


def test_a_merge_moves_the_version_on_so_an_open_editor_cannot_overwrite_it(
    services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    lead = services
    theme, cid, (first, second) = _contributions(
        lead, tmp_path, "nobody owned the referral", "the referral was closed too soon"
    )
    prompt = theme.prompts[0].id
    lead.imports.import_file(first, PASSPHRASE)
    # Someone opens Priya's space in the workspace: the text of her first contribution, at
    # the version stored now. Then her newer contribution is merged.
    seen = lead.reviews.assessment(cid, theme.id)
    seen_answer = lead.reviews.answer(cid, prompt)
    assert seen is not None and seen.key_learning == "Learning: nobody owned the referral"
    assert seen_answer is not None
    result = lead.imports.import_file(second, PASSPHRASE)
    assert result.merge is not None and result.merge.outcome is MergeOutcome.SUPERSEDED
    merged = lead.reviews.assessment(cid, theme.id)
    assert (
        merged is not None and merged.key_learning == "Learning: the referral was closed too soon"
    )
    assert merged.version == seen.version + 1 and merged.updated_by

    # The editor still open on the older version saves: the newer words are not overwritten.
    with pytest.raises(EditConflictError) as caught:
        lead.reviews.save_assessment_checked(
            cid, theme.id, Relevance.SOME, "Typed over the first contribution.", base=seen.version
        )
    conflict = caught.value.conflict
    assert conflict.theirs == "Learning: the referral was closed too soon"
    assert conflict.yours == "Typed over the first contribution."
    assert lead.reviews.assessment(cid, theme.id).key_learning == merged.key_learning  # type: ignore[union-attr]
    sides = {(h.side, h.text) for h in lead.reviews.assessment_history(cid, theme.id)}
    assert ("theirs", "Learning: the referral was closed too soon") in sides
    assert ("yours", "Typed over the first contribution.") in sides
    with pytest.raises(EditConflictError):
        lead.reviews.save_answer_checked(
            cid, prompt, "Typed over the old answer.", "", base=seen_answer.version
        )
    assert lead.reviews.answer(cid, prompt).text == "Answer: the referral was closed too soon"  # type: ignore[union-attr]
    assert lead.audit.verify().ok


def test_a_rating_saved_by_someone_else_while_the_merge_runs_is_kept_and_said(
    services, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Another person saves the first rating of the theme at the very moment the contribution
    is added (after the space was compared): theirs stays, the contribution's words go into
    the history beside it, and the import's message says so."""
    from reviewdesk.services import assessment_versions
    from reviewdesk.services.exchange import contributions

    lead = services
    theme, cid, (returned,) = _contributions(lead, tmp_path, "nobody owned the referral")
    real_save = assessment_versions.save

    def racing(session, contributor, theme_id, relevance, learning, base, *, now, who):  # type: ignore[no-untyped-def]
        if base == 0:  # the first save of this theme's rating: someone else's lands first
            real_save(session, contributor, theme_id, "some", "Ash: the GP was never invited.",
                      None, now=now, who="ash_cole")  # fmt: skip
        return real_save(session, contributor, theme_id, relevance, learning, base, now=now,
                         who=who)  # fmt: skip

    monkeypatch.setattr(contributions.assessment_versions, "save", racing)
    result = lead.imports.import_file(returned, PASSPHRASE)
    monkeypatch.undo()
    message = result.message
    assert "ash_cole saved the rating and key learning for" in message
    assert theme.title in message and "nothing is lost" in message
    stored = lead.reviews.assessment(cid, theme.id)
    assert stored is not None and stored.key_learning == "Ash: the GP was never invited."
    sides = {(h.side, h.text) for h in lead.reviews.assessment_history(cid, theme.id)}
    assert sides == {
        ("theirs", "Ash: the GP was never invited."),
        ("yours", "Learning: nobody owned the referral"),
    }
    assert lead.reviews.answer(cid, theme.prompts[0].id).text == (  # type: ignore[union-attr]
        "Answer: nobody owned the referral"
    )
