"""Key practice episodes, findings and recommendations: the analysis that turns what happened
into learning, each linked to what it rests on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, Unpack

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from reviewdesk.domain.analysis import (
    MAX_SHORT,
    MAX_WHAT,
    EvidenceKind,
    EvidenceLink,
    Finding,
    FindingKind,
    PartnerResponse,
    PracticeEpisode,
    Recommendation,
)
from reviewdesk.domain.decisions import Partner
from reviewdesk.domain.errors import NotFoundError, ValidationError
from reviewdesk.domain.review import EditRevision
from reviewdesk.services import edit_versions
from reviewdesk.services.analysis import versioned
from reviewdesk.services.analysis.common import (
    AnalysisService,
    Deleted,
    DeleteOutcome,
    Problems,
    Where,
    check_themes,
)
from reviewdesk.store import analysis as store_analysis
from reviewdesk.store import notify, queries
from reviewdesk.store.tables import (
    ActionRow,
    ChronologyEntryRow,
    ContributorRow,
    EpisodeEntryRow,
    EpisodeRow,
    EvidenceRow,
    FindingRow,
    RecommendationFindingRow,
    RecommendationRow,
    ReviewRow,
)

MAX_FACTORS = 40


_Item = TypeVar("_Item", EpisodeRow, FindingRow, RecommendationRow)  # what can be put back


def _ids_in_review(
    session: Session,
    model: type[ChronologyEntryRow | EpisodeRow | ContributorRow | FindingRow],
    review_id: int,
    ids: Iterable[int],
    what: str,
) -> list[int]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if wanted:
        found = set(
            session.scalars(
                select(model.id).where(model.review_id == review_id, model.id.in_(wanted))
            ).all()
        )
        if len(found) != len(wanted):
            raise NotFoundError(f"One of the {what} chosen is not part of this review any more.")
    return wanted


def _next_ref(
    session: Session, model: type[FindingRow | RecommendationRow], review_id: int, letter: str
) -> str:
    refs = session.scalars(select(model.ref).where(model.review_id == review_id)).all()
    numbers = [store_analysis.ref_number(r)[0] for r in refs]
    return f"{letter}{max(numbers, default=0) + 1}"


class FindingsService(AnalysisService):
    # --- key practice episodes ----------------------------------------------------------------

    def add_episode(self, review_id: int, episode: PracticeEpisode) -> PracticeEpisode:
        return self._save_episode(episode, review_id=review_id)

    def edit_episode(self, episode_id: int, episode: PracticeEpisode) -> PracticeEpisode:
        """Change an episode. As :meth:`edit_finding`: an edit made over an older version
        (``episode.version``) than the stored one overwrites nothing, both versions are kept in
        :meth:`episode_history` and :class:`EditConflictError` carries the conflict (kind
        'episode'; the main text is what happened). Version 0 saves whatever is stored."""
        return self._save_episode(episode, item_id=episode_id)

    def episode_history(self, episode_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of an episode, oldest first: ``text`` what
        happened, ``detail`` the other parts as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, "episode", episode_id)

    def _save_episode(self, episode: PracticeEpisode, **where: Unpack[Where]) -> PracticeEpisode:
        return self._save(
            EpisodeRow,
            "episode",
            "key practice episode",
            lambda s, review, row: self._apply_episode(s, review, row, episode),
            lambda _s, _review, row: store_analysis.episode_of(row),
            spec=versioned.EPISODE,
            yours=episode,
            **where,
        )

    def delete_episode(
        self, episode_id: int, *, confirm: bool = False, version: int = 0
    ) -> DeleteOutcome:
        """Delete an episode (kept as removed when a finding cites it). ``version``: the one
        the person saw; when someone else has changed it since, nothing is deleted
        (:class:`EditConflictError` says who changed it)."""
        with self._store.write() as session:
            row = self._current(session, EpisodeRow, episode_id, "key practice episode", version)
            if version:
                versioned.refuse_stale_delete(
                    versioned.EPISODE, row, version, store_analysis.episode_of(row)
                )
            cited = self._refs_citing(session, EvidenceRow.episode_id == row.id)
            return self._delete(
                session, row, "episode", "This key practice episode", cited, confirm
            )

    def restore_episode(self, episode_id: int) -> PracticeEpisode:
        with self._store.write() as session:
            row = self._restore(session, EpisodeRow, episode_id, "episode")
            return store_analysis.episode_of(row)

    def _apply_episode(
        self, session: Session, review: ReviewRow, row: EpisodeRow, episode: PracticeEpisode
    ) -> None:
        p = Problems("This key practice episode")
        title = p.text("title", episode.title, MAX_SHORT, "a title", required=True)
        p.when("start", episode.start, "The start")
        p.when("end", episode.end, "The end")
        if episode.start and episode.end and episode.end < episode.start:
            p.add("end", "The period should end on or after the day it starts.")
        texts = {
            name: p.text(name, getattr(episode, name), MAX_WHAT, label)
            for name, label in (
                ("what_happened", "what happened"),
                ("what_was_known", "what was known"),
                ("what_was_done", "what was done"),
            )
        }
        factors = [" ".join(f.split()) for f in episode.contributory_factors if f.strip()]
        if len(factors) > MAX_FACTORS:
            p.add("contributory_factors", f"Please keep to {MAX_FACTORS} contributory factors.")
        for f in factors:
            p.text("contributory_factors", f, 2000, "each contributory factor")
        themes = check_themes(p, review, episode.theme_ids)
        p.raise_if_any()
        entries = _ids_in_review(
            session, ChronologyEntryRow, review.id, episode.entry_ids, "chronology entries"
        )
        row.title, row.start_on, row.end_on = title, episode.start, episode.end
        row.what_happened = texts["what_happened"]
        row.what_was_known = texts["what_was_known"]
        row.what_was_done = texts["what_was_done"]
        row.contributory_factors = store_analysis.json_list(factors)
        row.theme_ids = store_analysis.json_list(themes)
        row.entries = [EpisodeEntryRow(entry_id=i) for i in entries]

    # --- findings -----------------------------------------------------------------------------

    def add_finding(self, review_id: int, finding: Finding) -> Finding:
        return self._save_finding(finding, review_id=review_id)

    def edit_finding(self, finding_id: int, finding: Finding) -> Finding:
        """Change a finding. When ``finding.version`` is set (the version the edit was made
        over, as read), an edit over an older version than the stored one overwrites nothing:
        both versions are kept in the finding's history (:meth:`finding_history`) and
        :class:`EditConflictError` carries an :class:`EditConflict` of kind 'finding', so the
        lead can choose (issue 22, point 5). Version 0 saves whatever is stored."""
        return self._save_finding(finding, item_id=finding_id)

    def finding_history(self, finding_id: int) -> list[EditRevision]:
        """Both versions of each conflicting edit of a finding, oldest first: ``text`` the
        statement, ``detail`` the other parts as JSON."""
        with self._store.read() as session:
            return edit_versions.history(session, "finding", finding_id)

    def _save_finding(self, finding: Finding, **where: Unpack[Where]) -> Finding:
        return self._save(
            FindingRow,
            "finding",
            "finding",
            lambda s, review, row: self._apply_finding(s, review, row, finding),
            lambda s, review, row: self._finding_of(s, review, row.id),
            next_ref=lambda s, rid: _next_ref(s, FindingRow, rid, "F"),
            spec=versioned.FINDING,
            yours=finding,
            **where,
        )

    def delete_finding(
        self, finding_id: int, *, confirm: bool = False, version: int = 0
    ) -> DeleteOutcome:
        """Delete a finding (kept as removed when a recommendation cites it). As
        :meth:`delete_episode`: refused, changing nothing, when someone else changed it after
        ``version`` (0: not checked)."""
        with self._store.write() as session:
            row = self._current(session, FindingRow, finding_id, "finding", version)
            if version:
                review = self._review(session, row.review_id)
                versioned.refuse_stale_delete(
                    versioned.FINDING, row, version, self._finding_of(session, review, row.id)
                )
            cited = [
                f"recommendation {ref}"
                for ref in session.scalars(
                    select(RecommendationRow.ref)
                    .join(
                        RecommendationFindingRow,
                        RecommendationFindingRow.recommendation_id == RecommendationRow.id,
                    )
                    .where(RecommendationFindingRow.finding_id == row.id)
                )
            ]
            return self._delete(session, row, "finding", f"Finding {row.ref}", cited, confirm)

    def restore_finding(self, finding_id: int) -> Finding:
        with self._store.write() as session:
            row = self._restore(session, FindingRow, finding_id, "finding")
            return self._finding_of(session, self._review(session, row.review_id), row.id)

    def _apply_finding(
        self, session: Session, review: ReviewRow, row: FindingRow, finding: Finding
    ) -> None:
        p = Problems("This finding")
        statement = p.text("statement", finding.statement, MAX_WHAT, "the finding", required=True)
        question = p.text("question", finding.question, MAX_WHAT, "the question")
        pattern = p.text(
            "pattern_evidence", finding.pattern_evidence, MAX_WHAT, "how we know it is a pattern"
        )
        try:
            kind = FindingKind(finding.kind)
        except ValueError:
            p.add("kind", "Please say whether it is good practice or an area for improvement.")
            kind = FindingKind.IMPROVEMENT
        themes = check_themes(p, review, finding.theme_ids)
        p.raise_if_any()
        row.statement, row.question, row.kind = statement, question, kind.value
        row.pattern_evidence = pattern
        row.theme_ids = store_analysis.json_list(themes)
        row.evidence = self._evidence_rows(session, review, finding.links)

    def _evidence_rows(
        self, session: Session, review: ReviewRow, links: Iterable[EvidenceLink]
    ) -> list[EvidenceRow]:
        rows, seen = [], set()
        prompts = queries.framework_of(review).prompt_ids
        for link in links:
            key = (link.kind, link.target_id, link.prompt_id)
            if key in seen:
                continue
            seen.add(key)
            if link.kind is EvidenceKind.ENTRY:
                _ids_in_review(
                    session, ChronologyEntryRow, review.id, [link.target_id], "chronology entries"
                )
                rows.append(EvidenceRow(entry_id=link.target_id))
            elif link.kind is EvidenceKind.EPISODE:
                _ids_in_review(
                    session, EpisodeRow, review.id, [link.target_id], "key practice episodes"
                )
                rows.append(EvidenceRow(episode_id=link.target_id))
            else:
                _ids_in_review(session, ContributorRow, review.id, [link.target_id], "answers")
                if link.prompt_id not in prompts:
                    raise NotFoundError("That prompt is not part of this review's framework.")
                rows.append(EvidenceRow(contributor_id=link.target_id, prompt_id=link.prompt_id))
        return rows

    def _finding_of(self, session: Session, review: ReviewRow, finding_id: int) -> Finding:
        session.flush()
        session.expire_all()
        for f in store_analysis.analysis_of(session, review).findings:
            if f.id == finding_id:
                return f
        raise NotFoundError("That finding is no longer in the review.")  # pragma: no cover

    # --- recommendations ----------------------------------------------------------------------

    def add_recommendation(self, review_id: int, recommendation: Recommendation) -> Recommendation:
        return self._save_recommendation(recommendation, review_id=review_id)

    def edit_recommendation(
        self, recommendation_id: int, recommendation: Recommendation
    ) -> Recommendation:
        """Change a recommendation, versioned as :meth:`edit_finding` (kind 'recommendation';
        the main text is the recommendation itself; history in
        :meth:`recommendation_history`)."""
        return self._save_recommendation(recommendation, item_id=recommendation_id)

    def recommendation_history(self, recommendation_id: int) -> list[EditRevision]:
        with self._store.read() as session:
            return edit_versions.history(session, "recommendation", recommendation_id)

    def _save_recommendation(
        self, recommendation: Recommendation, **where: Unpack[Where]
    ) -> Recommendation:
        return self._save(
            RecommendationRow,
            "recommendation",
            "recommendation",
            lambda s, review, row: self._apply_recommendation(s, review, row, recommendation),
            lambda s, review, row: self._recommendation_of(s, review, row.id),
            next_ref=lambda s, rid: _next_ref(s, RecommendationRow, rid, "R"),
            spec=versioned.RECOMMENDATION,
            yours=recommendation,
            **where,
        )

    def delete_recommendation(
        self, recommendation_id: int, *, confirm: bool = False, version: int = 0
    ) -> DeleteOutcome:
        """As :meth:`delete_episode`: refused, changing nothing, when someone else changed it
        after ``version``."""
        with self._store.write() as session:
            row = self._current(
                session, RecommendationRow, recommendation_id, "recommendation", version
            )
            if version:
                review = self._review(session, row.review_id)
                versioned.refuse_stale_delete(
                    versioned.RECOMMENDATION,
                    row,
                    version,
                    self._recommendation_of(session, review, row.id),
                )
            actions = session.scalar(
                select(func.count(ActionRow.id)).where(ActionRow.recommendation_id == row.id)
            )
            cited = [f"{actions} action{'s' if actions != 1 else ''}"] if actions else []
            return self._delete(
                session, row, "recommendation", f"Recommendation {row.ref}", cited, confirm
            )

    def restore_recommendation(self, recommendation_id: int) -> Recommendation:
        with self._store.write() as session:
            row = self._restore(session, RecommendationRow, recommendation_id, "recommendation")
            return self._recommendation_of(session, self._review(session, row.review_id), row.id)

    def _apply_recommendation(
        self,
        session: Session,
        review: ReviewRow,
        row: RecommendationRow,
        recommendation: Recommendation,
    ) -> None:
        p = Problems("This recommendation")
        text = p.text("text", recommendation.text, MAX_WHAT, "the recommendation", required=True)
        answer = p.text("response_text", recommendation.response_text, MAX_WHAT, "the response")
        p.when("response_on", recommendation.response_on, "The date of the response")
        try:
            owner = Partner(recommendation.owner_partner) if recommendation.owner_partner else None
            response = PartnerResponse(recommendation.response or "")
        except ValueError:
            p.add("owner_partner", "Please choose the partner and the response from the lists.")
            owner, response = None, PartnerResponse.NONE
        if response is PartnerResponse.NONE and recommendation.response_on is not None:
            p.add(
                "response",
                "Please choose the partners' response, or clear the date of the response.",
            )
        p.raise_if_any()
        ids = _ids_in_review(session, FindingRow, review.id, recommendation.finding_ids, "findings")
        row.text = text
        row.owner_partner = owner.value if owner else ""
        row.response, row.response_on = response.value, recommendation.response_on
        row.response_text = answer
        row.findings = [RecommendationFindingRow(finding_id=i) for i in ids]

    def _recommendation_of(self, session: Session, review: ReviewRow, rid: int) -> Recommendation:
        session.flush()
        session.expire_all()
        for r in store_analysis.analysis_of(session, review).recommendations:
            if r.id == rid:
                return r
        raise NotFoundError("That recommendation is no longer in the review.")  # pragma: no cover

    # --- shared -------------------------------------------------------------------------------

    def _refs_citing(self, session: Session, condition: ColumnElement[bool]) -> list[str]:
        refs = session.scalars(
            select(FindingRow.ref)
            .join(EvidenceRow, EvidenceRow.finding_id == FindingRow.id)
            .where(condition)
            .distinct()
        ).all()
        return [f"finding {r}" for r in sorted(refs, key=store_analysis.ref_number)]

    def _delete(
        self,
        session: Session,
        row: EpisodeRow | FindingRow | RecommendationRow,
        kind: str,
        what: str,
        cited: list[str],
        confirm: bool,
    ) -> DeleteOutcome:
        review = self._review(session, row.review_id)
        self._refuse_if_cited(what, cited, confirm)
        now = self._touch(review)
        item = f"{kind} {getattr(row, 'ref', row.id)}"
        notify.changed(session, review.id, kind, item=row.id, deleted=True)  # others re-read
        if cited:
            row.removed_at = now
            self._log(session, review, f"{kind}.removed", item=item)
            return DeleteOutcome(Deleted.REMOVED, tuple(cited))
        session.delete(row)
        self._log(session, review, f"{kind}.deleted", item=item)
        return DeleteOutcome(Deleted.DELETED)

    def _restore(self, session: Session, model: type[_Item], item_id: int, kind: str) -> _Item:
        row = self._get(session, model, item_id, kind)
        review = self._review(session, row.review_id)
        if row.removed_at is None:
            raise ValidationError(f"That {kind} has not been removed.")
        row.removed_at = None
        row.updated_at = self._touch(review)
        self._log(session, review, f"{kind}.restored", item=f"{kind} {getattr(row, 'ref', row.id)}")
        return row
