"""The exchange loop through the services: a lead and two practitioners, three data folders."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewdesk.domain.errors import (
    ContributionRefusedError,
    DuplicateReviewError,
    ExchangeFormatError,
    PassphraseRequiredError,
    ReviewDeskError,
    ValidationError,
)
from reviewdesk.domain.packs import FileKind, MergeOutcome, VersionStatus
from reviewdesk.domain.review import Profile
from reviewdesk.services.bundle import Services
from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.pack_formats import read_contribution
from tests.exchange_loop import (
    PASSPHRASE,
    PRIYA_THEMES,
    dump,
    library,
    members,
    reflect,
)


@dataclass
class Loop:
    root: Path
    lead: Services
    priya: Services
    sam: Services
    review_id: int

    def db(self, who: str) -> Path:
        return self.root / who / "reviewdesk.sqlite3"

    def send(self, name: str, themes=None, passphrase: str | None = PASSPHRASE, **kw) -> Path:
        out = self.root / f"{name.split()[0].lower()}-{time.monotonic_ns()}.rdpack"
        self.lead.packs.make_pack(self.review_id, name, out, passphrase, theme_ids=themes, **kw)
        return out

    def open(self, who: Services, pack: Path, passphrase: str | None = PASSPHRASE) -> int:
        return who.imports.import_file(pack, passphrase).review.id

    def give(self, who: Services, review_id: int, tag: str) -> Path:
        out = self.root / f"{tag}.rdreturn"
        who.contributions.write(review_id, out, PASSPHRASE)
        return out


@pytest.fixture
def loop(tmp_path):
    lead, priya, sam = (library(tmp_path, n) for n in ("lead", "priya", "sam"))
    summary, _ = lead.exchange.add_demo()
    yield Loop(tmp_path, lead, priya, sam, summary.id)
    for s in (lead, priya, sam):
        s.close()


def _others(services: Services, review_id: int, except_name: str) -> list:
    doc = services.reviews.get(review_id)
    return [w for w in doc.contributors if w.contributor.name != except_name]


def test_the_whole_loop_with_two_practitioners(loop: Loop) -> None:
    before_others = _others(loop.lead, loop.review_id, "nobody")
    priya_pack = loop.send("Priya Shah", PRIYA_THEMES, role="Health visitor", agency="Eastmere NHS")
    sam_pack = loop.send("Sam Okoro", role="Police officer")

    p_review = loop.open(loop.priya, priya_pack)
    s_review = loop.open(loop.sam, sam_pack)
    p_doc = loop.priya.reviews.get(p_review)
    assert [t.id for t in p_doc.framework.themes] == list(PRIYA_THEMES)  # the frozen subset
    assert [w.contributor.name for w in p_doc.contributors] == ["Priya Shah"]  # only her space
    assert p_doc.record == loop.lead.reviews.get(loop.review_id).record
    assert len(loop.sam.reviews.get(s_review).framework.themes) == 6

    reflect(loop.priya, p_review, "I saw the baby asleep on the sofa")
    loop.priya.reviews.save_private_note(p_doc.contributors[0].contributor.id, "CANARY-NOTE-1")
    reflect(loop.sam, s_review, "The call log was not shared", theme_index=4)
    priya_file = loop.give(loop.priya, p_review, "priya-1")
    sam_file = loop.give(loop.sam, s_review, "sam-1")

    first = loop.lead.imports.import_file(priya_file, PASSPHRASE)
    second = loop.lead.imports.import_file(sam_file, lambda: PASSPHRASE)
    assert first.kind is FileKind.CONTRIBUTION and first.merge.outcome is MergeOutcome.APPLIED
    assert second.merge.outcome is MergeOutcome.APPLIED

    doc = loop.lead.reviews.get(loop.review_id)
    priya = next(w for w in doc.contributors if w.contributor.name == "Priya Shah")
    assert priya.contributor.role == "Health visitor"
    assert [a.text for a in priya.answers] == ["I saw the baby asleep on the sofa"]
    sam = next(w for w in doc.contributors if w.contributor.name == "Sam Okoro")
    assert sam.answers[0].text == "The call log was not shared"
    # nobody else's words changed
    assert _others(loop.lead, loop.review_id, "x")[: len(before_others)] == before_others

    status = {x.contributor.name: x for x in loop.lead.contributions.status(loop.review_id)}
    assert set(status) == {"Priya Shah", "Sam Okoro"}
    assert status["Priya Shah"].returned and status["Priya Shah"].last_sent is not None
    current = status["Priya Shah"].current
    assert current.written_by == "Priya Shah, Health visitor, Eastmere NHS"
    assert current.imported_at >= current.written_at
    assert len(current.file_sha256) == 64 and len(current.content_sha256) == 64
    assert status["Priya Shah"].packs[0].theme_ids == PRIYA_THEMES


def test_newer_supersedes_older_is_kept_duplicates_are_not_applied_twice(loop: Loop) -> None:
    review = loop.open(loop.priya, loop.send("Priya Shah", PRIYA_THEMES))
    reflect(loop.priya, review, "First thoughts")
    v1 = loop.give(loop.priya, review, "v1")
    reflect(loop.priya, review, "Second, fuller thoughts")
    v2 = loop.give(loop.priya, review, "v2")
    v2_again = loop.give(loop.priya, review, "v2-again")  # no change since v2: same content

    assert loop.lead.imports.import_file(v1, PASSPHRASE).merge.outcome is MergeOutcome.APPLIED
    result = loop.lead.imports.import_file(v2, PASSPHRASE)
    assert result.merge.outcome is MergeOutcome.SUPERSEDED
    assert "earlier one is kept" in result.message

    before = dump(loop.db("lead"))
    for again in (v1, v2, v2_again):
        dup = loop.lead.imports.import_file(again, PASSPHRASE)
        assert dup.merge.outcome is MergeOutcome.DUPLICATE, again
        assert "not been applied again" in dup.message
    assert dump(loop.db("lead")) == before

    contributor = result.merge.contributor
    versions = loop.lead.contributions.versions(contributor.id)
    assert [v.status for v in versions] == [VersionStatus.CURRENT, VersionStatus.SUPERSEDED]
    assert versions[1].answers[0].text == "First thoughts"  # the previous version is viewable
    assert versions[0].answers[0].text == "Second, fuller thoughts"
    work = loop.lead.reviews.get(loop.review_id).work_of(contributor.id)
    assert [a.text for a in work.answers] == ["Second, fuller thoughts"]


def test_an_older_contribution_arriving_late_is_kept_but_not_applied(loop: Loop) -> None:
    review = loop.open(loop.priya, loop.send("Priya Shah"))
    reflect(loop.priya, review, "Early draft")
    v1 = loop.give(loop.priya, review, "v1")
    reflect(loop.priya, review, "Final words")
    v2 = loop.give(loop.priya, review, "v2")
    loop.lead.imports.import_file(v2, PASSPHRASE)
    late = loop.lead.imports.import_file(v1, PASSPHRASE).merge
    assert late.outcome is MergeOutcome.KEPT_AS_OLDER
    work = loop.lead.reviews.get(loop.review_id).work_of(late.contributor.id)
    assert [a.text for a in work.answers] == ["Final words"]
    statuses = [v.status for v in loop.lead.contributions.versions(late.contributor.id)]
    assert statuses == [VersionStatus.CURRENT, VersionStatus.SUPERSEDED]
    again = loop.lead.imports.import_file(v1, PASSPHRASE).merge
    assert again.outcome is MergeOutcome.DUPLICATE


def test_going_back_to_earlier_words_is_a_new_version(loop: Loop) -> None:
    review = loop.open(loop.priya, loop.send("Priya Shah"))
    reflect(loop.priya, review, "Version A")
    loop.lead.imports.import_file(loop.give(loop.priya, review, "a1"), PASSPHRASE)
    reflect(loop.priya, review, "Version B")
    loop.lead.imports.import_file(loop.give(loop.priya, review, "b"), PASSPHRASE)
    reflect(loop.priya, review, "Version A")
    back = loop.lead.imports.import_file(loop.give(loop.priya, review, "a2"), PASSPHRASE).merge
    assert back.outcome is MergeOutcome.SUPERSEDED
    work = loop.lead.reviews.get(loop.review_id).work_of(back.contributor.id)
    assert work.answers[0].text == "Version A"


def test_a_contribution_for_a_review_the_lead_does_not_have_is_refused(loop: Loop) -> None:
    review = loop.open(loop.priya, loop.send("Priya Shah"))
    reflect(loop.priya, review, "Words")
    contribution = loop.give(loop.priya, review, "p")
    for other, who in ((loop.sam, "sam"), (loop.priya, "priya")):
        before = dump(loop.db(who))
        with pytest.raises(ContributionRefusedError) as err:
            other.imports.import_file(contribution, PASSPHRASE)
        assert "Nothing has been changed" in str(err.value)
        assert dump(loop.db(who)) == before
    assert "not in this library" in _refusal(loop.sam, contribution)
    assert "not made in this library" in _refusal(loop.priya, contribution)


def _refusal(services: Services, path: Path) -> str:
    with pytest.raises(ContributionRefusedError) as err:
        services.imports.import_file(path, PASSPHRASE)
    return str(err.value)


def test_what_the_lead_wrote_in_the_space_is_never_overwritten(loop: Loop) -> None:
    review = loop.open(loop.priya, loop.send("Priya Shah"))
    reflect(loop.priya, review, "From Priya")
    contribution = loop.give(loop.priya, review, "p")
    lead_doc = loop.lead.reviews.get(loop.review_id)
    priya = next(w for w in lead_doc.contributors if w.contributor.name == "Priya Shah")
    prompt = lead_doc.framework.themes[0].prompts[0].id
    loop.lead.reviews.save_answer(priya.contributor.id, prompt, "Typed by the lead", "")
    before = dump(loop.db("lead"))
    with pytest.raises(ContributionRefusedError, match="would overwrite it"):
        loop.lead.imports.import_file(contribution, PASSPHRASE)
    assert dump(loop.db("lead")) == before
    work = loop.lead.reviews.get(loop.review_id).work_of(priya.contributor.id)
    assert work.answers[0].text == "Typed by the lead"


def test_what_the_lead_wrote_before_the_pack_travels_in_it(loop: Loop) -> None:
    doc = loop.lead.reviews.get(loop.review_id)
    existing = doc.contributors[0]
    prompt = existing.answers[0].prompt_id
    theme = doc.framework.theme_of_prompt(prompt).id
    review = loop.open(loop.priya, loop.send(existing.contributor.name.upper(), [theme]))
    (mine,) = loop.priya.reviews.get(review).contributors
    assert mine.contributor.uid == existing.contributor.uid  # the same person, found by name
    assert mine.answer(prompt).text == existing.answer(prompt).text
    loop.priya.reviews.save_answer(mine.contributor.id, prompt, "Revised by them", "")
    merged = loop.lead.imports.import_file(loop.give(loop.priya, review, "r"), PASSPHRASE).merge
    assert merged.outcome is MergeOutcome.APPLIED
    after = loop.lead.reviews.get(loop.review_id).work_of(existing.contributor.id)
    assert after.answer(prompt).text == "Revised by them"
    outside = [
        a for a in existing.answers if doc.framework.theme_of_prompt(a.prompt_id).id != theme
    ]
    assert outside and all(after.answer(a.prompt_id) == a for a in outside)  # other themes kept


def test_private_notes_and_personal_data_stay_where_they_belong(loop: Loop) -> None:
    pack = loop.send("Priya Shah", PRIYA_THEMES, role="Health visitor")
    manifest = members(pack.read_bytes())["manifest.json"].decode()
    for secret in ("Priya", "DEMO-2026-01", "Eastmere", "Child D", "Health visitor"):
        assert secret not in manifest
    assert b"Priya" not in pack.read_bytes() and b"Eastmere" not in pack.read_bytes()
    review = loop.open(loop.priya, pack)
    (work,) = loop.priya.reviews.get(review).contributors
    loop.priya.reviews.save_private_note(work.contributor.id, "CANARY-PRIVATE-4410")
    loop.priya.reviews.save_private_note(work.contributor.id, "CANARY-PRIVATE-4411", "babies")
    reflect(loop.priya, review, "Shared words")
    out = loop.give(loop.priya, review, "p")
    inside = sealed.unseal(sealed.peek(out.read_bytes()), PASSPHRASE)
    assert b"Shared words" in inside and b"CANARY-PRIVATE" not in inside
    assert read_contribution(inside).written_by["name"] == "Priya Shah"


def test_the_profile_signs_the_contribution_when_it_is_set(loop: Loop) -> None:
    review = loop.open(loop.priya, loop.send("P. Shah"))
    loop.priya.profile.save(Profile("Priya Shah", "Health visitor", "Eastmere Community Health"))
    merged = loop.lead.imports.import_file(loop.give(loop.priya, review, "p"), PASSPHRASE).merge
    assert merged.contributor.name == "P. Shah"  # the lead's own label is never overwritten
    assert merged.version.written_by == "Priya Shah, Health visitor, Eastmere Community Health"


def test_a_pack_cannot_be_opened_twice_or_by_the_library_that_made_it(loop: Loop) -> None:
    pack = loop.send("Priya Shah")
    loop.open(loop.priya, pack)
    for who, services in (("priya", loop.priya), ("lead", loop.lead)):
        before = dump(loop.db(who))
        with pytest.raises((DuplicateReviewError, ExchangeFormatError), match="already"):
            services.imports.import_file(pack, PASSPHRASE)
        assert dump(loop.db(who)) == before


def test_only_a_review_opened_from_a_pack_can_be_returned(loop: Loop, tmp_path) -> None:
    with pytest.raises(ReviewDeskError, match="not opened from a case pack"):
        loop.lead.contributions.write(loop.review_id, tmp_path / "x.rdreturn", PASSPHRASE)
    assert not (tmp_path / "x.rdreturn").exists()


def test_passphrases_are_checked_and_unencrypted_packs_are_a_deliberate_choice(loop: Loop) -> None:
    for weak in ("short", "password123", "aaaaaaaaaaaa"):
        with pytest.raises(ValidationError):
            loop.send("Priya Shah", passphrase=weak)
    assert loop.lead.contributions.status(loop.review_id) == ()  # nothing recorded
    plain = loop.send("Priya Shah", passphrase=None)
    assert set(members(plain.read_bytes())) == {"mimetype", "manifest.json", "payload.json"}
    info = loop.priya.imports.inspect(plain)
    assert info.kind is FileKind.PACK and not info.encrypted
    assert loop.open(loop.priya, plain, passphrase=None)
    protected = loop.send("Sam Okoro")
    with pytest.raises(PassphraseRequiredError):
        loop.sam.imports.import_file(protected, None)
    assert loop.sam.reviews.list_reviews() == []


def test_themes_are_checked(loop: Loop) -> None:
    with pytest.raises(ValidationError, match="no theme called nope"):
        loop.send("Priya Shah", ["babies", "nope"])
    with pytest.raises(ValidationError, match="at least one theme"):
        loop.send("Priya Shah", [" "])


def test_the_file_type_comes_from_the_content_not_the_name(loop: Loop) -> None:
    pack = loop.send("Priya Shah")
    disguised = pack.with_suffix(".json")
    pack.rename(disguised)
    assert loop.priya.imports.inspect(disguised).kind is FileKind.PACK
    review_json = loop.lead.exchange.export_json(loop.review_id, loop.root / "review.rdpack")
    assert loop.sam.imports.import_file(review_json).kind is FileKind.REVIEW


def test_real_key_derivation_parameters(tmp_path) -> None:
    """The defaults, once for real: scrypt n=2**17, r=8, p=1, 16-byte salt, 12-byte nonce."""
    assert sealed.ScryptParams(n=2**17, r=8, p=1) == sealed.DEFAULT_KDF
    raw = sealed.seal("pack", b'{"x": 1}', PASSPHRASE)
    manifest = json.loads(members(raw)["manifest.json"])
    enc = manifest["encryption"]
    assert enc["cipher"] == "aes-256-gcm"
    assert {k: enc["kdf"][k] for k in ("name", "n", "r", "p")} == {
        "name": "scrypt",
        "n": 2**17,
        "r": 8,
        "p": 1,
    }
    found = sealed.peek(raw)
    assert len(found.manifest["encryption"]["salt"]) == 16
    assert len(found.manifest["encryption"]["nonce"]) == 12
    started = time.perf_counter()
    assert sealed.unseal(found, PASSPHRASE) == b'{"x": 1}'
    assert time.perf_counter() - started > 0.05  # a real, memory-hard derivation happened


def test_argon2id_files_are_written_and_read() -> None:
    assert sealed.argon2id_available()
    raw = sealed.seal("contribution", b"{}", PASSPHRASE, sealed.Argon2idParams())
    found = sealed.peek(raw)
    assert found.manifest["encryption"]["kdf"] == sealed.Argon2idParams()
    assert sealed.unseal(found, PASSPHRASE) == b"{}"


def test_the_same_passphrase_typed_differently_opens_the_file() -> None:
    composed, decomposed = "caf\u00e9 tractor lantern", "cafe\u0301 tractor lantern"
    raw = sealed.seal("pack", b"{}", composed, sealed.FAST_TEST_KDF)
    assert sealed.unseal(sealed.peek(raw), decomposed) == b"{}"


def test_a_contribution_from_a_laptop_with_a_wrong_clock_does_not_block_later_ones(
    loop: Loop,
) -> None:
    from datetime import UTC, datetime, timedelta

    review = loop.open(loop.priya, loop.send("Priya Shah"))
    reflect(loop.priya, review, "Written when the clock said 2031")
    right_clock = loop.priya.contributions._clock
    loop.priya.contributions._clock = lambda: datetime.now(UTC) + timedelta(days=5 * 365)
    future = loop.give(loop.priya, review, "future")
    loop.priya.contributions._clock = right_clock  # the clock is put right
    loop.lead.imports.import_file(future, PASSPHRASE)
    reflect(loop.priya, review, "Written after the clock was put right")
    later = loop.lead.imports.import_file(loop.give(loop.priya, review, "later"), PASSPHRASE)
    assert later.merge.outcome is MergeOutcome.SUPERSEDED  # before: KEPT_AS_OLDER, for good
    assert "wrong date" in later.merge.message
    work = loop.lead.reviews.get(loop.review_id).work_of(later.merge.contributor.id)
    assert [a.text for a in work.answers] == ["Written after the clock was put right"]
    reflect(loop.priya, review, "And again")
    again = loop.lead.imports.import_file(loop.give(loop.priya, review, "again"), PASSPHRASE)
    assert again.merge.outcome is MergeOutcome.SUPERSEDED


def test_after_a_wrong_clock_an_older_file_arriving_late_is_still_older(loop: Loop) -> None:
    from datetime import UTC, datetime, timedelta

    review = loop.open(loop.priya, loop.send("Priya Shah"))
    reflect(loop.priya, review, "First draft")
    early = loop.give(loop.priya, review, "early")
    reflect(loop.priya, review, "Second draft")
    second = loop.give(loop.priya, review, "second")
    right_clock = loop.priya.contributions._clock
    loop.priya.contributions._clock = lambda: datetime.now(UTC) + timedelta(days=5 * 365)
    reflect(loop.priya, review, "Written when the clock was wrong")
    future = loop.give(loop.priya, review, "future")
    loop.priya.contributions._clock = right_clock
    for path in (second, future):
        loop.lead.imports.import_file(path, PASSPHRASE)
    late = loop.lead.imports.import_file(early, PASSPHRASE).merge
    assert late.outcome is MergeOutcome.KEPT_AS_OLDER  # older than "Second draft"
    work = loop.lead.reviews.get(loop.review_id).work_of(late.contributor.id)
    assert [a.text for a in work.answers] == ["Written when the clock was wrong"]
