"""Create, edit, archive and restore reviews; add contributors; save what they write."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain.case_checks import MAX_NAME, check_case_record
from reviewdesk.domain.errors import (
    DuplicateReviewError,
    EditConflictError,
    NotFoundError,
    ValidationError,
)
from reviewdesk.domain.framework import Framework
from reviewdesk.domain.progress import Progress
from reviewdesk.domain.reasons import REASON_PROMPTS, answer_problem, rating_problem
from reviewdesk.domain.review import (
    Answer,
    AnswerConflict,
    AnswerRevision,
    AnswerSaved,
    CaseRecord,
    Contributor,
    EditConflict,
    EditRevision,
    Profile,
    Relevance,
    ReviewDocument,
    ReviewProgress,
    ReviewSummary,
    ThemeAssessment,
)
from reviewdesk.services import answer_versions, assessment_versions, local_contributor
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.frameworks import default_framework
from reviewdesk.services.listing import ListingService
from reviewdesk.store import notify, queries
from reviewdesk.store.engine import Store
from reviewdesk.store.local_notes import LocalNotes
from reviewdesk.store.server import is_server_session
from reviewdesk.store.tables import (
    AgencyRow,
    AnswerRow,
    AssessmentRow,
    ChildRow,
    ContributorRow,
    HouseholdRow,
    PrivateNoteRow,
    ReviewRow,
    utcnow,
)

MAX_TEXT = 200_000  # characters in one answer, note or key learning (about 30,000 words)
MAX_EVIDENCE = 4_000


def _check_text(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise ValidationError(
            f"{what} is longer than ReviewDesk can keep in one box ({limit:,} characters). "
            "Please split it, or move some of it into another answer."
        )
    return value


def checked_record(record: CaseRecord, *, confirmed_cautions: bool) -> CaseRecord:
    """Apply the case-record rules; cautions pass only when the person has confirmed them."""
    checks = check_case_record(record)
    if checks.problems:
        raise ValidationError(
            "The case record needs a little more before it can be saved: "
            + " ".join(checks.problems.values()),
            checks.problems,
        )
    if checks.cautions and not confirmed_cautions:
        raise ValidationError(
            "Please confirm: " + " ".join(checks.cautions.values()), checks.cautions
        )
    return record


def refuse_duplicate(session: Session, reference: str, uid: str | None) -> None:
    trash = " (in the Trash: restore it from there, or delete it for good first)"
    clash = session.execute(select(ReviewRow.reference, ReviewRow.deleted_at)).all()
    for ref, deleted_at in clash:
        if ref.casefold() == reference.strip().casefold():
            raise DuplicateReviewError(
                f"A review with the reference '{reference.strip()}' is already in this "
                f"library{trash if deleted_at else ''}."
            )
    found = session.execute(
        select(ReviewRow.id, ReviewRow.deleted_at).where(ReviewRow.uid == uid)
    ).first()
    if uid and found:
        raise DuplicateReviewError(
            f"This review is already in this library{trash if found.deleted_at else ''}."
        )


def refuse_hidden_duplicate(session: Session, reference: str, uid: str | None) -> None:
    """On a server, a review someone else leads is hidden by row-level security: the server
    itself answers whether its reference or identifier is taken (store/server_policy.py)."""
    from reviewdesk.store.server import review_taken

    if review_taken(session, reference.strip(), uid or ""):
        raise DuplicateReviewError(
            f"A review with the reference '{reference.strip()}' (or this very review) is "
            "already on the partnership server, in a review you do not lead. Nothing has been "
            "changed. Please check with that review's lead or with IT."
        )


def live(row: ReviewRow) -> ReviewRow:
    """Refuse changes to a review in the Trash."""
    if row.deleted_at is not None:
        raise NotFoundError(
            "This review is in the Trash. Restore it from the Trash to carry on working on it."
        )
    return row


# Hooks run inside the purge transaction, given the session and the review's id: the search
# index (when it exists) registers one to forget the review's text in the same transaction.
PurgeHook = Callable[[Session, int], None]


@dataclass(frozen=True, slots=True)
class PurgeResult:
    reference: str
    scrubbed: bool  # False when another program kept the old pages in the log for now


def apply_record(row: ReviewRow, record: CaseRecord) -> None:
    """Copy a checked case record onto a review row (children, household, agencies replaced)."""
    row.reference = record.reference.strip()
    row.title = record.title.strip()
    row.review_type = record.review_type.value
    row.status = record.status.value
    row.incident_date = record.dates.incident
    row.notification_date = record.dates.notification
    row.rapid_review_date = record.dates.rapid_review
    row.decision_date = record.dates.decision
    row.publication_date = record.dates.publication
    row.scope_start = record.scope_start
    row.scope_end = record.scope_end
    row.lead = record.lead.strip()
    row.children = [
        ChildRow(position=i, pseudonym=c.pseudonym.strip(), age=c.age.strip())
        for i, c in enumerate(record.children)
    ]
    row.household = [
        HouseholdRow(position=i, role=h.role.strip(), description=h.description.strip())
        for i, h in enumerate(record.household)
    ]
    seen: set[str] = set()
    agencies = []
    for name in (a.strip() for a in record.agencies):
        if name.casefold() not in seen:
            seen.add(name.casefold())
            agencies.append(name)
    row.agencies = [AgencyRow(position=i, name=n) for i, n in enumerate(agencies)]


def _answers(session: Session, contributor_id: int, prompt_ids: tuple[str, ...]) -> dict[str, str]:
    rows = session.execute(
        select(AnswerRow.prompt_id, AnswerRow.text).where(
            AnswerRow.contributor_id == contributor_id, AnswerRow.prompt_id.in_(prompt_ids)
        )
    ).all()
    return {prompt_id: text for prompt_id, text in rows}


def _refuse_a_bare_verdict(
    session: Session, contributor_id: int, prompt_id: str, text: str
) -> None:
    """A prompt that asks for a reason (the identity theme's "what did you consider") refuses
    a bare "not relevant", and an empty answer while its theme is marked not relevant."""
    marked = session.scalars(
        select(AssessmentRow.relevance).where(
            AssessmentRow.contributor_id == contributor_id,
            AssessmentRow.theme_id == REASON_PROMPTS[prompt_id],
        )
    ).one_or_none()
    problem = answer_problem(
        prompt_id, text, theme_marked_not_relevant=marked == Relevance.NOT_RELEVANT.value
    )
    if problem:
        raise ValidationError(problem, {"text": problem})


class ReviewService:
    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime] = utcnow,
        *,
        audit: AuditService | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._audit = audit or AuditService(store, clock=clock)
        self._listing = ListingService(store)  # the library's list, read without the ORM
        self.purge_hooks: list[PurgeHook] = []
        # Partnership mode (issue 22, point 6): private notes kept on this computer, never on
        # the server (store/local_notes.py). None for a library file, which keeps its own.
        self.local_notes: LocalNotes | None = None

    # --- reading ------------------------------------------------------------------------------

    def list_reviews(
        self, *, include_archived: bool = True, count_answers: bool = True
    ) -> list[ReviewSummary]:
        """The reviews in the library (never those in the Trash: see :meth:`trash`). Without
        ``count_answers``, quicker: progress says "counting" (read the list again to count)."""
        return self._listing.list_reviews(
            include_archived=include_archived, count_answers=count_answers
        )

    def progress_by_review(self) -> dict[int, Progress]:
        """Each review's progress as :meth:`list_reviews` counts it (keyed by review id; those
        in the Trash left out): what a list read without ``count_answers`` left to count."""
        return self._listing.progress_by_review()

    def trash(self) -> list[ReviewSummary]:
        """Reviews moved to the Trash, most recently deleted first."""
        return self._listing.trash()

    def get(self, review_id: int) -> ReviewDocument:
        with self._store.read() as session:
            return queries.review_document(session, review_id)

    def summary(self, review_id: int) -> ReviewSummary:
        with self._store.read() as session:
            return queries.review_summary(session, queries.get_review_row(session, review_id))

    def find(self, reference: str, *, in_trash: bool = False) -> ReviewSummary:
        """Look a review up by its reference (case-insensitive, as people type it)."""
        wanted = reference.strip().casefold()
        with self._store.read() as session:  # one review read, not the whole library summarised
            row = queries.review_by_reference(session, wanted, in_trash=in_trash)
            if row is not None:
                return queries.review_summary(session, row)
        if in_trash:
            raise NotFoundError(
                f"There is no review with the reference '{reference.strip()}' in the Trash. "
                "'reviewdesk trash' lists what is there."
            )
        raise NotFoundError(
            f"There is no review with the reference '{reference.strip()}' in this library. "
            "'reviewdesk list' shows the references."
        )

    def progress(self, review_id: int) -> ReviewProgress:
        with self._store.read() as session:
            return queries.review_progress(session, review_id)

    def _reference_of(self, contributor_id: int) -> str:
        with self._store.read() as session:
            return queries.get_contributor_row(session, contributor_id).review.reference

    def private_note(self, contributor_id: int, theme_id: str = "") -> str:
        if self.local_notes is not None:
            notes = self.local_notes.notes(self._reference_of(contributor_id))
            return notes.get(theme_id, "")
        with self._store.read() as session:
            row = session.scalars(
                select(PrivateNoteRow).where(
                    PrivateNoteRow.contributor_id == contributor_id,
                    PrivateNoteRow.theme_id == theme_id,
                )
            ).one_or_none()
            return row.text if row else ""

    # --- the case record ----------------------------------------------------------------------

    def create(
        self,
        record: CaseRecord,
        framework: Framework | None = None,
        *,
        uid: str | None = None,
        confirmed_cautions: bool = True,
    ) -> ReviewSummary:
        """Start a review. The framework (default: the Panel's six themes, version 2 of the
        prompts) is frozen into it, so a later default never changes the review."""
        record = checked_record(record, confirmed_cautions=confirmed_cautions)
        framework = framework or default_framework()
        now = self._clock()
        with self._store.write() as session:
            refuse_duplicate(session, record.reference, uid)
            row = ReviewRow(
                uid=uid or str(uuid.uuid4()),
                framework_id=framework.id,
                framework_version=framework.version,
                framework_json=json.dumps(framework.to_dict(), ensure_ascii=False),
                prompt_count=framework.prompt_count,
                created_at=now,
                updated_at=now,
            )
            apply_record(row, record)
            session.add(row)
            session.flush()
            self._audit.record(session, "review.created", review_what(row))
            return queries.review_summary(session, row)

    def update_record(
        self, review_id: int, record: CaseRecord, *, confirmed_cautions: bool = True
    ) -> ReviewSummary:
        record = checked_record(record, confirmed_cautions=confirmed_cautions)
        with self._store.write() as session:
            row = live(queries.get_review_row(session, review_id))
            if record.reference.casefold() != row.reference.casefold():
                refuse_duplicate(session, record.reference, None)
            before = queries.case_record_of(row)
            apply_record(row, record)
            row.updated_at = self._clock()
            session.flush()
            after = queries.case_record_of(row)
            changed = [f for f in CaseRecord.__slots__ if getattr(before, f) != getattr(after, f)]
            if changed:
                extra: dict[str, object] = {"fields": changed}
                if before.reference != after.reference:
                    extra["previous_reference"] = before.reference
                self._audit.record(session, "review.edited", review_what(row, **extra))
            return queries.review_summary(session, row)

    def archive(self, review_id: int) -> ReviewSummary:
        return self._set_archived(review_id, archived=True)

    def restore(self, review_id: int) -> ReviewSummary:
        return self._set_archived(review_id, archived=False)

    def _set_archived(self, review_id: int, *, archived: bool) -> ReviewSummary:
        with self._store.write() as session:
            row = live(queries.get_review_row(session, review_id))
            now = self._clock()
            row.archived_at = now if archived else None
            row.updated_at = now
            session.flush()
            action = "review.archived" if archived else "review.unarchived"
            self._audit.record(session, action, review_what(row))
            return queries.review_summary(session, row)

    # --- the Trash ------------------------------------------------------------------------------

    def delete(self, review_id: int) -> ReviewSummary:
        """Move a review to the Trash (nothing is erased: :meth:`undelete` brings it back)."""
        with self._store.write() as session:
            row = live(queries.get_review_row(session, review_id))
            row.deleted_at = self._clock()
            session.flush()
            self._audit.record(session, "review.deleted", review_what(row))
            return queries.review_summary(session, row)

    def undelete(self, review_id: int) -> ReviewSummary:
        """Bring a review back from the Trash."""
        with self._store.write() as session:
            row = queries.get_review_row(session, review_id)
            if row.deleted_at is None:
                raise NotFoundError("That review is not in the Trash.")
            row.deleted_at = None
            session.flush()
            self._audit.record(session, "review.undeleted", review_what(row))
            return queries.review_summary(session, row)

    def purge(self, review_id: int, *, confirm: bool = False) -> PurgeResult:
        """Delete a review in the Trash for good, and scrub its text from the library file.

        ``confirm`` must be True: the person has been asked and said yes. The audit trail keeps
        what was deleted and when (its reference), never its content. Backups taken earlier
        still hold it until the rotation removes them.
        """
        if not confirm:
            raise ValidationError(
                "Deleting a review for good cannot be undone, so it needs your confirmation."
            )
        with self._store.write() as session:
            row = queries.get_review_row(session, review_id)
            if row.deleted_at is None:
                raise ValidationError(
                    "Only a review in the Trash can be deleted for good. Move it to the Trash "
                    "first."
                )
            reference = row.reference
            counts = queries.review_counts(session, review_id)
            self._audit.record(session, "review.purged", review_what(row, **counts))
            for hook in self.purge_hooks:
                hook(session, review_id)
            session.delete(row)
        return PurgeResult(reference, self._store.scrub())

    # --- contributors -------------------------------------------------------------------------

    def add_contributor(
        self, review_id: int, name: str, role: str = "", agency: str = "", *, uid: str | None = None
    ) -> Contributor:
        name, role, agency = name.strip(), role.strip(), agency.strip()
        if not name:
            raise ValidationError("Please give the contributor's name.", {"name": "Required."})
        if any(len(v) > MAX_NAME for v in (name, role, agency)):
            raise ValidationError(f"Name, role and agency can each be up to {MAX_NAME} characters.")
        with self._store.write() as session:
            review = live(queries.get_review_row(session, review_id))
            row = ContributorRow(
                uid=uid or str(uuid.uuid4()),
                review_id=review.id,
                name=name,
                role=role,
                agency=agency,
                created_at=self._clock(),
            )
            session.add(row)
            review.updated_at = self._clock()
            session.flush()
            self._audit.record(
                session, "contributor.added", review_what(review, contributor_id=row.id)
            )
            return queries.contributor_of(row)

    def rename_contributor(
        self, contributor_id: int, name: str, role: str, agency: str
    ) -> Contributor:
        """Change how a contributor is named (e.g. a pack's contributor taking the profile's
        name, when the practitioner chooses it)."""
        name, role, agency = name.strip(), role.strip(), agency.strip()
        if not name:
            raise ValidationError("Please give a name.", {"name": "Required."})
        if any(len(v) > MAX_NAME for v in (name, role, agency)):
            raise ValidationError(f"Name, role and agency can each be up to {MAX_NAME} characters.")
        with self._store.write() as session:
            row = queries.get_contributor_row(session, contributor_id)
            row.name, row.role, row.agency = name, role, agency
            session.flush()
            return queries.contributor_of(row)

    def contributors(self, review_id: int) -> list[Contributor]:
        with self._store.read() as session:
            review = queries.get_review_row(session, review_id)
            return [queries.contributor_of(c) for c in review.contributors]

    def my_contributor(self, review_id: int, profile: Profile) -> Contributor:
        """The contributor who writes on this computer, found or (the first time) created.

        Which contributor is "me" in a review is kept in the local ``setting`` table, so a review
        imported from elsewhere gains its own entry for this person. Their name, role and agency
        follow the profile, so a change of details shows in every review opened afterwards; in a
        review that came in a case pack, "me" is the pack's contributor, under the name the review
        lead gave (see services/local_contributor.py, which also repairs older libraries).
        """
        if not profile.name.strip():
            raise ValidationError(
                "Please tell ReviewDesk who you are first (File, Your details), so your "
                "reflections are recorded as yours.",
                {"name": "Please enter your name."},
            )
        with self._store.write() as session:
            review = queries.get_review_row(session, review_id)
            if is_server_session(session):  # "me" is the signed-in account's (issue 22)
                row = local_contributor.resolve_on_server(
                    session, review, profile, clock=self._clock
                )
            else:
                row = local_contributor.resolve(
                    session, review, profile, clock=self._clock, audit=self._audit
                )
            return queries.contributor_of(row)

    def private_notes(self, contributor_id: int) -> dict[str, str]:
        """All of one contributor's private notes, by theme id (``""`` for the whole review)."""
        if self.local_notes is not None:
            return self.local_notes.notes(self._reference_of(contributor_id))
        with self._store.read() as session:
            queries.get_contributor_row(session, contributor_id)
            rows = session.execute(
                select(PrivateNoteRow.theme_id, PrivateNoteRow.text).where(
                    PrivateNoteRow.contributor_id == contributor_id
                )
            ).all()
            return {theme_id: text for theme_id, text in rows}

    # --- what contributors write --------------------------------------------------------------

    def save_answer(
        self, contributor_id: int, prompt_id: str, text: str, evidence: str = ""
    ) -> datetime:
        """Save one answer (creating or replacing it), whatever version is stored. Returns the
        time it was committed. The answer editor uses :meth:`save_answer_checked`."""
        saved = self._save_answer(contributor_id, prompt_id, text, evidence, None)
        return saved.at

    def save_answer_checked(
        self, contributor_id: int, prompt_id: str, text: str, evidence: str = "", *, base: int
    ) -> AnswerSaved:
        """Save one answer written over version ``base`` (0: there was none yet). When someone
        else saved it since, nothing is overwritten: both texts are kept in the answer's history
        and :class:`EditConflictError` carries them, so the person can choose."""
        return self._save_answer(contributor_id, prompt_id, text, evidence, base)

    def _save_answer(
        self, contributor_id: int, prompt_id: str, text: str, evidence: str, base: int | None
    ) -> AnswerSaved:
        _check_text(text, MAX_TEXT, "This answer")
        _check_text(evidence, MAX_EVIDENCE, "The evidence note")
        now = self._clock()
        with self._store.write() as session:
            contributor = queries.get_contributor_row(session, contributor_id)
            framework = queries.framework_of(live(contributor.review))
            if prompt_id not in framework.prompt_ids:
                raise NotFoundError("That prompt is not part of this review's framework.")
            if prompt_id in REASON_PROMPTS:
                _refuse_a_bare_verdict(session, contributor_id, prompt_id, text)
            who = answer_versions.who_saves(session, self._audit.actor)
            outcome = answer_versions.save(
                session, contributor, prompt_id, text, evidence, base, now=now, who=who
            )
            what = review_what(
                contributor.review, contributor_id=contributor_id, prompt_id=prompt_id
            )
            if isinstance(outcome, AnswerConflict):  # committed: both texts kept in history
                self._audit.record(session, "answer.conflict", what)
            else:
                contributor.review.updated_at = now
                self._audit.record(
                    session,
                    "answer.saved",
                    what,
                    coalesce_key=("answer", contributor_id, prompt_id),
                )
        if isinstance(outcome, AnswerConflict):
            raise EditConflictError(
                "Someone else changed this answer while you were writing. Nothing has been "
                "overwritten: both texts are kept, and you can choose what to keep.",
                outcome,
            )
        return outcome

    def listen(self, on_notice: Callable[[dict[str, Any]], None]) -> notify.Listener | None:
        """On a shared server: start listening for other people's saved changes (LISTEN/NOTIFY,
        store/notify.py). ``on_notice`` runs on the listener's own thread with a dict such as
        ``{"review": 3, "kind": "answer", "contributor": 7, "prompt": "p1", "version": 4, "by":
        "sam.field"}``, or ``{"kind": "reconnected"}`` once a lost connection is back. None for
        a library file (the version check of each save is enough there). Stop it with
        ``.stop()``."""
        if not self._store.server_args:
            return None
        return notify.Listener(self._store.server_args, on_notice).start()

    def answer(self, contributor_id: int, prompt_id: str) -> Answer | None:
        """One answer as stored now (None: not written yet), with its version."""
        with self._store.read() as session:
            return answer_versions.read(session, contributor_id, prompt_id)

    def answer_history(self, contributor_id: int, prompt_id: str) -> list[AnswerRevision]:
        """The texts kept from an answer's conflicts, oldest first."""
        with self._store.read() as session:
            return answer_versions.history(session, contributor_id, prompt_id)

    def save_assessment(
        self,
        contributor_id: int,
        theme_id: str,
        relevance: Relevance | None,
        key_learning: str = "",
    ) -> datetime:
        """Save a contributor's relevance rating and key learning for one theme, whatever
        version is stored. The theme page uses :meth:`save_assessment_checked`."""
        return self._save_assessment(contributor_id, theme_id, relevance, key_learning, None).at

    def save_assessment_checked(
        self,
        contributor_id: int,
        theme_id: str,
        relevance: Relevance | None,
        key_learning: str = "",
        *,
        base: int,
    ) -> AnswerSaved:
        """Save a rating and key learning written over version ``base`` (0: none yet). When
        someone else saved them since, nothing is overwritten: both sides are kept in the
        history (:meth:`assessment_history`) and :class:`EditConflictError` carries them (an
        :class:`EditConflict` of kind 'assessment'), so the person can choose."""
        return self._save_assessment(contributor_id, theme_id, relevance, key_learning, base)

    def _save_assessment(
        self,
        contributor_id: int,
        theme_id: str,
        relevance: Relevance | None,
        key_learning: str,
        base: int | None,
    ) -> AnswerSaved:
        _check_text(key_learning, MAX_TEXT, "The key learning")
        now = self._clock()
        with self._store.write() as session:
            contributor = queries.get_contributor_row(session, contributor_id)
            framework = queries.framework_of(live(contributor.review))
            if theme_id not in {t.id for t in framework.themes}:
                raise NotFoundError("That theme is not part of this review's framework.")
            reason = rating_problem(
                theme_id,
                framework.prompt_ids,
                relevance is Relevance.NOT_RELEVANT,
                _answers(session, contributor_id, framework.theme(theme_id).prompt_ids),
            )
            if reason:
                raise ValidationError(reason, {"relevance": reason})
            who = answer_versions.who_saves(session, self._audit.actor)
            outcome = assessment_versions.save(
                session,
                contributor,
                theme_id,
                relevance.value if relevance else None,
                key_learning,
                base,
                now=now,
                who=who,
            )
            what = review_what(contributor.review, contributor_id=contributor_id, theme_id=theme_id)
            if isinstance(outcome, EditConflict):  # committed: both sides kept in history
                self._audit.record(session, "assessment.conflict", what)
            else:
                contributor.review.updated_at = now
                self._audit.record(
                    session,
                    "assessment.saved",
                    what,
                    coalesce_key=("assessment", contributor_id, theme_id),
                )
        if isinstance(outcome, EditConflict):
            raise EditConflictError(
                "Someone else changed this rating or key learning while you were writing. "
                "Nothing has been overwritten: both are kept, and you can choose what to keep.",
                outcome,
            )
        return outcome

    def assessment(self, contributor_id: int, theme_id: str) -> ThemeAssessment | None:
        """One theme's rating and key learning as stored now (None: not written yet)."""
        with self._store.read() as session:
            return assessment_versions.read(session, contributor_id, theme_id)

    def assessment_history(self, contributor_id: int, theme_id: str) -> list[EditRevision]:
        """The sides kept from a rating and key learning's conflicts, oldest first (``detail``
        is the rating's value)."""
        with self._store.read() as session:
            return assessment_versions.history(session, contributor_id, theme_id)

    def save_private_note(self, contributor_id: int, text: str, theme_id: str = "") -> datetime:
        """Private notes stay in this library: no export, JSON file or pack ever holds them."""
        _check_text(text, MAX_TEXT, "This note")
        now = self._clock()
        if self.local_notes is not None:  # on this computer only: the server never sees it
            self.local_notes.save(self._reference_of(contributor_id), theme_id, text, now)
            return now
        with self._store.write() as session:
            queries.get_contributor_row(session, contributor_id)
            row = session.scalars(
                select(PrivateNoteRow).where(
                    PrivateNoteRow.contributor_id == contributor_id,
                    PrivateNoteRow.theme_id == theme_id,
                )
            ).one_or_none()
            if row is None:
                session.add(
                    PrivateNoteRow(
                        contributor_id=contributor_id, theme_id=theme_id, text=text, updated_at=now
                    )
                )
            else:
                row.text, row.updated_at = text, now
        return now
