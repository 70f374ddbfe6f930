"""Returned contributions: the practitioner writes one; the review lead merges it.

Merging is conservative. A contribution goes only into the space of the person the pack was sent
to, only within the themes that pack held, and only when nobody else has written in that space
since the lead last knew its state (when the pack was made, or when the last contribution was
applied): otherwise it is refused with the reason and nothing changes. A newer contribution
supersedes the one in place, which is kept as an earlier version; an older one arriving late is
kept as an earlier version only; the same one twice is recognised and not applied again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.clocks import working_days_between
from reviewdesk.domain.errors import (
    ContributionRefusedError,
    ExchangeFormatError,
    ReviewDeskError,
)
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.packs import (
    ContentSummary,
    ContributionPreview,
    ContributionVersion,
    ContributionWritten,
    ContributorExchange,
    MergeOutcome,
    MergeResult,
    ReturnDue,
    VersionStatus,
    summarise,
)
from reviewdesk.domain.review import (
    Answer,
    AnswerConflict,
    EditConflict,
    Relevance,
    ThemeAssessment,
)
from reviewdesk.files import write_atomically
from reviewdesk.services import answer_versions, assessment_versions
from reviewdesk.services.clocks import ClockService
from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.document import ExchangeService
from reviewdesk.services.exchange.pack_formats import (
    IncomingContribution,
    answer_dicts,
    assessment_dicts,
    contribution_document,
    iso,
    read_contribution,
    space_digest,
    to_bytes,
)
from reviewdesk.services.exchange.packs import check_passphrase, pack_sent_of
from reviewdesk.services.profile import ProfileService
from reviewdesk.store import queries
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import (
    AnswerRow,
    AssessmentRow,
    ChronologyEntryRow,
    CitationRow,
    ContributionRow,
    ContributorRow,
    PackReceivedRow,
    PackSentRow,
    ReviewRow,
    utcnow,
)

_NOTHING = "Nothing has been changed."


def _when(value: datetime) -> str:
    return value.strftime("%d %B %Y at %H:%M UTC").lstrip("0")


class ContributionService:
    def __init__(
        self,
        store: Store,
        exchange: ExchangeService,
        profile: ProfileService,
        *,
        kdf: sealed.KdfParams | None = None,
        clock: Callable[[], datetime] = utcnow,
        clocks: ClockService | None = None,
    ) -> None:
        self._store = store
        self._exchange = exchange
        self._profile = profile
        self._kdf = kdf
        self._clock = clock
        self._clocks = clocks  # the working-day calendar and today, for return-by dates

    # --- the practitioner: return my contribution ---------------------------------------------

    def preview(self, review_id: int) -> ContributionPreview:
        """Whose contribution "Return my contribution" would write, and how much it holds."""
        with self._store.read() as session:
            mine, crow = _my_pack(session, review_id)
            answers = answer_dicts(crow.answers)
            assessments = [a for a in assessment_dicts(crow.assessments) if a["relevance"]]
            framework = queries.framework_of(crow.review)  # the pack's themes only
            content = summarise(
                framework,
                [t.id for t in framework.themes],
                answers,
                assessment_dicts(crow.assessments),
                _citations(session, crow),
            )
            return ContributionPreview(
                content=content,
                review_id=review_id,
                reference=crow.review.reference,
                contributor=queries.contributor_of(crow),
                pack_uid=mine.uid,
                answered=sum(1 for a in answers if a["text"].strip()),
                themes_rated=len(assessments),
                written_by=self._written_by(crow)["name"],
            )

    def write(self, review_id: int, output: Path, passphrase: str) -> ContributionWritten:
        """Write this library's user's contribution to the review (never their private notes)."""
        if passphrase is None:
            raise ReviewDeskError("A contribution is always protected by a passphrase.")
        check_passphrase(passphrase)
        now = self._clock()
        with self._store.read() as session:
            mine, crow = _my_pack(session, review_id)
            answers, assessments = answer_dicts(crow.answers), assessment_dicts(crow.assessments)
            citations = _citations(session, crow)
            document = contribution_document(
                citations=citations,
                contribution_uid=str(uuid.uuid4()),
                pack_uid=mine.uid,
                review_uid=crow.review.uid,
                review_reference=crow.review.reference,
                contributor_uid=crow.uid,
                written_at=now,
                written_by=self._written_by(crow),
                answers=answers,
                assessments=assessments,
            )
        data = sealed.seal("contribution", to_bytes(document), passphrase, self._kdf)
        write_atomically(output, data, overwrite=True)  # callers confirm before
        return ContributionWritten(
            pack_uid=mine.uid,
            contribution_uid=document["contribution"]["uid"],
            content_sha256=document["content_sha256"],
            written_at=now,
            answered=sum(1 for a in answers if a["text"].strip()),
            themes_rated=sum(1 for a in assessments if a["relevance"]),
        )

    def _written_by(self, crow: ContributorRow) -> dict[str, str]:
        profile = self._profile.get()
        if profile.is_set:
            return {"name": profile.name, "role": profile.role, "agency": profile.agency}
        return {"name": crow.name, "role": crow.role, "agency": crow.agency}

    # --- the lead: merge a returned contribution ----------------------------------------------

    def merge_sealed(
        self, sealed_file: sealed.SealedFile, passphrase: str | None, file_sha256: str
    ) -> MergeResult:
        if not sealed_file.encrypted:
            raise ExchangeFormatError(
                "This contribution is not protected by a passphrase. ReviewDesk always protects "
                "contributions, so this file cannot be trusted. " + _NOTHING
            )
        incoming = read_contribution(sealed.unseal(sealed_file, passphrase))
        self._exchange.before_import()
        with self._store.write() as session:
            return self._merge(session, incoming, file_sha256)

    def _merge(
        self, session: Session, incoming: IncomingContribution, file_sha256: str
    ) -> MergeResult:
        review, crow, pack = _recipient(session, incoming)
        framework = queries.framework_of(review)
        scope = set(json.loads(pack.theme_ids))
        prompt_scope = frozenset(p for t in framework.themes if t.id in scope for p in t.prompt_ids)
        answers, assessments, citations = incoming.content(prompt_scope, scope)
        content = summarise(framework, scope, answers, assessments, citations)
        versions = session.scalars(
            select(ContributionRow)
            .where(ContributionRow.contributor_id == crow.id)
            .order_by(ContributionRow.written_at.desc(), ContributionRow.id.desc())
        ).all()
        current = next((v for v in versions if v.status == VersionStatus.CURRENT), None)
        now = self._clock()
        # A version dated in the future was written on a laptop with a wrong clock: its date
        # cannot say what came after it, so what arrives later is taken as newer (otherwise
        # one wrong clock would hold back every later contribution for good).
        clock_was_wrong = current is not None and _utc(current.written_at) > now + CLOCK_SLACK
        if clock_was_wrong:  # newer than every version whose date can be believed
            believable = [
                _utc(v.written_at) for v in versions if _utc(v.written_at) <= now + CLOCK_SLACK
            ]
            newer = not believable or _utc(incoming.written_at) > max(believable)
        else:
            newer = current is None or incoming.written_at > current.written_at
        seen = next(
            (
                v
                for v in versions
                if v.file_sha256 == file_sha256
                or v.uid == incoming.uid
                or (v.content_sha256 == incoming.content_sha256 and (v is current or not newer))
            ),
            None,
        )
        if seen is not None:
            return self._result(
                session,
                MergeOutcome.DUPLICATE,
                review,
                crow,
                seen,
                f"This contribution from {crow.name} is already in {review.reference} "
                f"(imported {_when(seen.imported_at)}), so it has not been applied again. "
                + _NOTHING,
            )
        row = ContributionRow(
            uid=incoming.uid,
            review_id=review.id,
            contributor_id=crow.id,
            pack_id=pack.id,
            status=VersionStatus.SUPERSEDED.value,
            content_sha256=incoming.content_sha256,
            file_sha256=file_sha256,
            space_sha256="",
            written_by_name=incoming.written_by["name"],
            written_by_role=incoming.written_by["role"],
            written_by_agency=incoming.written_by["agency"],
            written_at=incoming.written_at,
            imported_at=now,
            content_json=json.dumps(
                {
                    "answers": [{**a, "updated_at": iso(a["updated_at"])} for a in answers],
                    "assessments": [{**a, "updated_at": iso(a["updated_at"])} for a in assessments],
                    "citations": citations,
                },
                ensure_ascii=False,
            ),
        )
        if not newer:
            assert current is not None
            session.add(row)
            session.flush()
            return self._result(
                session,
                MergeOutcome.KEPT_AS_OLDER,
                review,
                crow,
                row,
                f"This contribution from {crow.name} was written before the one already in "
                f"{review.reference} (written {_when(current.written_at)}), so it has been kept "
                "as an earlier version and nothing else has changed.",
            )
        expected = current.space_sha256 if current else pack.space_sha256
        _lock_space(session, crow)  # nobody else's save slips between this check and the merge
        before = (_space(crow), _cited_uids(session, crow, prompt_scope))
        if before[0] != expected:
            raise ContributionRefusedError(
                f"Since {crow.name}'s "
                + ("last contribution was added" if current else "pack was made")
                + f", something has been written in their space in {review.reference} in this "
                "library. Adding this contribution would overwrite it, so it has not been added. "
                + _NOTHING
                + " Please copy what was written there into your own space first, then import "
                "the contribution again."
            )
        who = answer_versions.who_saves(session, self._exchange.audit.actor)
        kept = _apply(
            session, crow, framework, prompt_scope, scope, answers, assessments, now=now, who=who
        )
        _cite(session, review, crow, prompt_scope, citations)
        unchanged = (_space(crow), _cited_uids(session, crow, prompt_scope)) == before
        row.status = VersionStatus.CURRENT.value
        row.space_sha256 = _space(crow)
        if current is not None:
            current.status = VersionStatus.SUPERSEDED.value
        review.updated_at = now
        session.add(row)
        session.flush()
        held = f" It holds {content.sentence()}."
        if content.empty or unchanged:
            held += (
                " It holds nothing new: nothing has been written since the case pack was made."
                if current is None
                else " It holds nothing new since their last contribution."
            )
        if current is None:
            outcome, message = (
                MergeOutcome.APPLIED,
                f"Added {crow.name}'s contribution to {review.reference} "
                f"(written {_when(incoming.written_at)}).{held}",
            )
        else:
            outcome, message = (
                MergeOutcome.SUPERSEDED,
                f"Added {crow.name}'s newer contribution to {review.reference} "
                f"(written {_when(incoming.written_at)}). Their earlier one is kept as a "
                f"previous version.{held}",
            )
            if clock_was_wrong:
                message += (
                    f" (The earlier one is dated {_when(current.written_at)}, in the future: the "
                    "computer it was written on probably had the wrong date, so this one has "
                    "been taken as newer.)"
                )
        if kept:
            message += " " + _kept_sentence(kept)
        return self._result(session, outcome, review, crow, row, message, content)

    def _result(
        self,
        session: Session,
        outcome: MergeOutcome,
        review: ReviewRow,
        crow: ContributorRow,
        row: ContributionRow,
        message: str,
        content: ContentSummary | None = None,
    ) -> MergeResult:
        return MergeResult(
            outcome=outcome,
            review=queries.review_summary(session, review),
            contributor=queries.contributor_of(crow),
            version=version_of(row),
            message=message,
            content=content or ContentSummary(()),
        )

    # --- the lead: who has been sent a pack, who has returned ---------------------------------

    def status(self, review_id: int) -> tuple[ContributorExchange, ...]:
        """Everyone sent a pack for this review, with their packs and contributions: what each
        contribution holds, theme by theme, and, for a contributor who has not returned one
        yet, how that stands against the return-by date in working days."""
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            framework = queries.framework_of(review)
            packs = session.scalars(
                select(PackSentRow)
                .where(PackSentRow.review_id == review.id)
                .order_by(PackSentRow.created_at, PackSentRow.id)
            ).all()
            versions = session.scalars(
                select(ContributionRow)
                .where(ContributionRow.review_id == review.id)
                .order_by(ContributionRow.written_at.desc(), ContributionRow.id.desc())
            ).all()
            result = []
            for crow in review.contributors:
                sent = tuple(pack_sent_of(p, crow) for p in packs if p.contributor_id == crow.id)
                got = tuple(
                    version_of(v, framework) for v in versions if v.contributor_id == crow.id
                )
                if sent or got:
                    result.append(ContributorExchange(queries.contributor_of(crow), sent, got))
        return tuple(self._with_due(result))

    def _with_due(self, rows: list[ContributorExchange]) -> list[ContributorExchange]:
        waiting = [r for r in rows if not r.returned and r.return_by is not None]
        if not waiting or self._clocks is None:
            return rows
        try:
            cal, today = self._clocks.calendar(), self._clocks.today()
        except ReviewDeskError:  # no bank holidays: the dates are still shown, without a count
            return rows
        out = []
        for r in rows:
            if not r.returned and r.return_by is not None:
                left = working_days_between(today, r.return_by, cal)
                r = replace(r, due=ReturnDue(r.return_by, left, today > r.return_by))
            out.append(r)
        return out

    def versions(self, contributor_id: int) -> tuple[ContributionVersion, ...]:
        """Every contribution received from one contributor, newest written first."""
        with self._store.read() as session:
            crow = queries.get_contributor_row(session, contributor_id)
            framework = queries.framework_of(crow.review)
            rows = session.scalars(
                select(ContributionRow)
                .where(ContributionRow.contributor_id == contributor_id)
                .order_by(ContributionRow.written_at.desc(), ContributionRow.id.desc())
            ).all()
            return tuple(version_of(r, framework) for r in rows)


# --- helpers ------------------------------------------------------------------------------------


CLOCK_SLACK = timedelta(days=1)  # time zones and small clock drift are not "the future"


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _my_pack(session: Session, review_id: int) -> tuple[PackReceivedRow, ContributorRow]:
    review = queries.get_review_row(session, review_id)
    mine = session.scalars(
        select(PackReceivedRow)
        .where(PackReceivedRow.review_id == review.id)
        .order_by(PackReceivedRow.opened_at.desc(), PackReceivedRow.id.desc())
    ).first()
    if mine is None:
        raise ReviewDeskError(
            f"{review.reference} was not opened from a case pack, so there is no review lead "
            "waiting for a contribution to it. (To share the whole review, export it instead.)"
        )
    return mine, queries.get_contributor_row(session, mine.contributor_id)


def _recipient(
    session: Session, incoming: IncomingContribution
) -> tuple[ReviewRow, ContributorRow, PackSentRow]:
    """The review, contributor and pack a contribution answers, or a refusal saying why."""
    review = session.scalars(
        select(ReviewRow).where(ReviewRow.uid == incoming.review_uid)
    ).one_or_none()
    if review is None:
        raise ContributionRefusedError(
            f"This contribution is for the review {incoming.review_reference}, which is not in "
            "this library. It should be imported by the review lead who sent the case pack. "
            + _NOTHING
        )
    pack = session.scalars(
        select(PackSentRow).where(PackSentRow.uid == incoming.pack_uid)
    ).one_or_none()
    if pack is None or pack.review_id != review.id:
        raise ContributionRefusedError(
            f"This contribution answers a case pack for {review.reference} that was not made in "
            "this library, so ReviewDesk cannot tell whose space it belongs in. It should be "
            "imported by the review lead who sent the pack. " + _NOTHING
        )
    crow = pack.contributor
    if crow.uid != incoming.contributor_uid:
        raise ContributionRefusedError(
            f"This contribution does not come from {crow.name}, the person the case pack was "
            "sent to, so it has not been added. " + _NOTHING
        )
    return review, crow, pack


def _citations(session: Session, crow: ContributorRow) -> list[dict[str, str]]:
    """The chronology entries this contributor's answers cite, in the file form."""
    rows = session.execute(
        select(CitationRow.prompt_id, ChronologyEntryRow.uid)
        .join(ChronologyEntryRow, CitationRow.entry_id == ChronologyEntryRow.id)
        .where(CitationRow.contributor_id == crow.id)
        .order_by(CitationRow.prompt_id, ChronologyEntryRow.uid)
    ).all()
    return [{"prompt_id": p, "entry_uid": u} for p, u in rows]


def _cited_uids(
    session: Session, crow: ContributorRow, scope: frozenset[str]
) -> set[tuple[str, str]]:
    return {
        (c["prompt_id"], c["entry_uid"])
        for c in _citations(session, crow)
        if c["prompt_id"] in scope
    }


def _cite(
    session: Session,
    review: ReviewRow,
    crow: ContributorRow,
    scope: frozenset[str],
    citations: list[dict[str, str]],
) -> None:
    """Make the contributor's citations, within the pack's prompts, exactly the contribution's.
    An entry the lead has since deleted for good cannot be cited and is left out."""
    for old in session.scalars(
        select(CitationRow).where(
            CitationRow.contributor_id == crow.id, CitationRow.prompt_id.in_(list(scope))
        )
    ).all():
        session.delete(old)
    session.flush()
    entries = dict(
        session.execute(
            select(ChronologyEntryRow.uid, ChronologyEntryRow.id).where(
                ChronologyEntryRow.review_id == review.id,
                ChronologyEntryRow.uid.in_([c["entry_uid"] for c in citations]),
            )
        ).all()
    )
    for c in citations:
        if c["entry_uid"] in entries:
            session.add(
                CitationRow(
                    contributor_id=crow.id,
                    prompt_id=c["prompt_id"],
                    entry_id=entries[c["entry_uid"]],
                )
            )
    session.flush()


def _space(crow: ContributorRow) -> str:
    return space_digest(answer_dicts(crow.answers), assessment_dicts(crow.assessments))


def _lock_space(session: Session, crow: ContributorRow) -> None:
    """Read the contributor's answers and ratings afresh, locked until commit on a server (in a
    library file writes take turns anyway), so the space compared is the space replaced."""
    for model in (AnswerRow, AssessmentRow):
        session.scalars(
            select(model)
            .where(model.contributor_id == crow.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).all()
    session.expire(crow, ["answers", "assessments"])


def _apply(
    session: Session,
    crow: ContributorRow,
    framework: Framework,
    prompt_scope: frozenset[str],
    theme_scope: set[str],
    answers: list[dict[str, Any]],
    assessments: list[dict[str, Any]],
    *,
    now: datetime,
    who: str,
) -> list[tuple[str, str]]:
    """Make the contributor's space, within the pack's themes, hold exactly the contribution,
    box by box through the versioned save (issue 22): each changed box is one version on, so
    an editor still open on the old text cannot save over the contribution unasked, and others
    on a server hear of it. A box someone else saved at the same moment (a first save racing
    this one) is not overwritten: both texts go into its history and theirs stays. Returns
    what was kept as they saved it, for the result's message."""
    kept: list[tuple[str, str]] = []
    wanted_answers = {a["prompt_id"]: a for a in answers}
    stored_answers = {r.prompt_id: r for r in crow.answers}
    for prompt_id in sorted(prompt_scope):
        item, row = wanted_answers.get(prompt_id), stored_answers.get(prompt_id)
        if item is None and row is None:
            continue
        words, evidence = (item["text"], item["evidence"]) if item else ("", "")
        if row is not None and (row.text, row.evidence) == (words, evidence):
            continue
        outcome = answer_versions.save(
            session,
            crow,
            prompt_id,
            words,
            evidence,
            row.version if row is not None else 0,
            now=item["updated_at"] if item else now,
            who=who,
        )
        if isinstance(outcome, AnswerConflict):
            kept.append(
                (outcome.by, f"the answer to \u201c{_prompt_text(framework, prompt_id)}\u201d")
            )
    wanted_ratings = {a["theme_id"]: a for a in assessments}
    stored_ratings = {r.theme_id: r for r in crow.assessments}
    for theme_id in sorted(theme_scope):
        rating, srow = wanted_ratings.get(theme_id), stored_ratings.get(theme_id)
        if rating is None and srow is None:
            continue
        relevance, learning = (
            (rating["relevance"], rating["key_learning"]) if rating else (None, "")
        )
        if srow is not None and (srow.relevance, srow.key_learning) == (relevance, learning):
            continue
        saved = assessment_versions.save(
            session,
            crow,
            theme_id,
            relevance,
            learning,
            srow.version if srow is not None else 0,
            now=rating["updated_at"] if rating else now,
            who=who,
        )
        if isinstance(saved, EditConflict):
            title = _theme_title(framework, theme_id)
            kept.append((saved.by, f"the rating and key learning for \u201c{title}\u201d"))
    session.flush()
    session.expire(crow, ["answers", "assessments"])
    return kept


def _prompt_text(framework: Framework, prompt_id: str) -> str:
    for theme in framework.themes:
        for prompt in theme.prompts:
            if prompt.id == prompt_id:
                return prompt.text
    return prompt_id  # pragma: no cover - the scope comes from this framework


def _theme_title(framework: Framework, theme_id: str) -> str:
    return next((t.title for t in framework.themes if t.id == theme_id), theme_id)


def _kept_sentence(kept: list[tuple[str, str]]) -> str:
    """The calm sentences for boxes someone else saved while the contribution was added."""
    return " ".join(
        f"While it was being added, {by or 'someone else'} saved {what}, so what they saved is "
        "kept there; the contribution's words are beside it in its history, so nothing is lost."
        for by, what in kept
    )


def version_of(row: ContributionRow, framework: Framework | None = None) -> ContributionVersion:
    """The version as read back; with the review's ``framework``, also what it holds, theme by
    theme, within the themes its pack held."""
    content = json.loads(row.content_json)
    stamp = datetime.fromisoformat
    held = (
        summarise(
            framework,
            json.loads(row.pack.theme_ids),
            content["answers"],
            content["assessments"],
            content.get("citations", ()),
        )
        if framework is not None
        else ContentSummary(())
    )
    return ContributionVersion(
        id=row.id,
        uid=row.uid,
        contributor_id=row.contributor_id,
        pack_uid=row.pack.uid,
        status=VersionStatus(row.status),
        written_by=", ".join(
            p for p in (row.written_by_name, row.written_by_role, row.written_by_agency) if p
        ),
        written_at=row.written_at,
        imported_at=row.imported_at,
        content_sha256=row.content_sha256,
        file_sha256=row.file_sha256,
        answers=tuple(
            Answer(
                row.contributor_id,
                a["prompt_id"],
                a["text"],
                a["evidence"],
                stamp(a["updated_at"].replace("Z", "+00:00")),
            )
            for a in content["answers"]
        ),
        assessments=tuple(
            ThemeAssessment(
                row.contributor_id,
                a["theme_id"],
                Relevance(a["relevance"]) if a["relevance"] else None,
                a["key_learning"],
                stamp(a["updated_at"].replace("Z", "+00:00")),
            )
            for a in content["assessments"]
        ),
        citations=tuple((c["prompt_id"], c["entry_uid"]) for c in content.get("citations", ())),
        content=held,
    )
