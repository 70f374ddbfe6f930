"""The library's progress and due steps, read the quick way (issue 20), give exactly the figures
of the plain way: every answer read and its text looked at, and each review's clocks worked out
on its own with a fresh calendar. A library with varied progress: answered, blank and
spaces-only answers, a review where "I" write and one where several people do, one with nobody
yet, an archived one and one in the Trash; and varied steps: the demo's overdue final report and
actions, a notification and a rapid review to come, a report to the Panel before publication,
an action closed with no evidence of impact. Both engines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select, text

from reviewdesk.domain.analysis import Action, ActionStatus
from reviewdesk.domain.progress import Progress
from reviewdesk.domain.review import KeyDates, Profile, ReviewType
from reviewdesk.services.clocks import ClockService
from reviewdesk.store.queries import LOCAL_CONTRIBUTOR_PREFIX, counts_query
from reviewdesk.store.tables import AnswerRow, ContributorRow, ReviewRow, SettingRow

ME = Profile("Alex Moor", "Health visitor", "Northvale Health")


def _by_hand(services) -> dict[int, Progress]:  # type: ignore[no-untyped-def]
    """Each review's progress the plain way: every answer's text read (SQL's ``trim`` takes
    spaces only), "mine" where this computer's contributor writes, everyone's otherwise."""
    with services.store.read() as session:
        reviews = session.execute(
            select(ReviewRow.id, ReviewRow.uid, ReviewRow.prompt_count).where(
                ReviewRow.deleted_at.is_(None)
            )
        ).all()
        people = session.execute(
            select(ContributorRow.id, ContributorRow.uid, ContributorRow.review_id)
        ).all()
        answers = session.execute(select(AnswerRow.contributor_id, AnswerRow.text)).all()
        settings = dict(session.execute(select(SettingRow.key, SettingRow.value)).all())
    answered: dict[int, int] = {}
    for contributor_id, written in answers:
        if written.strip(" "):
            answered[contributor_id] = answered.get(contributor_id, 0) + 1
    found: dict[int, Progress] = {}
    for review_id, uid, prompts in reviews:
        theirs = [p for p in people if p.review_id == review_id]
        me = settings.get(LOCAL_CONTRIBUTOR_PREFIX + uid)
        mine = [p for p in theirs if p.uid == me]
        if mine:
            found[review_id] = Progress(answered.get(mine[0].id, 0), prompts, whose="yours")
        else:
            total = sum(answered.get(p.id, 0) for p in theirs)
            found[review_id] = Progress(total, prompts * len(theirs), whose="everyone")
    return found


def varied_library(services, record):  # type: ignore[no-untyped-def]
    reviews = services.reviews
    demo, _ = services.exchange.add_demo()
    # several people, with answered, blank and spaces-only answers
    shared = reviews.create(record)
    prompts = [p.id for t in reviews.get(shared.id).framework.themes for p in t.prompts]
    hv = reviews.add_contributor(shared.id, "Sam Reed", "Health visitor", "Health")
    sw = reviews.add_contributor(shared.id, "Jo Lake", "Social worker", "CSC")
    for prompt in prompts[:7]:
        reviews.save_answer(hv.id, prompt, f"What I knew about {prompt}")
    reviews.save_answer(hv.id, prompts[7], "   ")  # spaces only: not answered
    reviews.save_answer(sw.id, prompts[0], "Seen at home twice")
    reviews.save_answer(sw.id, prompts[1], "")
    reviews.save_answer(sw.id, prompts[2], "  Spaces around  ")
    # where I write (and someone else answers more than I do)
    notified = replace(
        record,
        reference="RR-2026-31",
        title="Child M, Westford (fictional)",
        review_type=ReviewType.RAPID_REVIEW,
        dates=KeyDates(incident=date(2026, 11, 30), notification=date(2026, 12, 2)),
    )
    mine = reviews.create(notified)
    me = reviews.my_contributor(mine.id, ME)
    other = reviews.add_contributor(mine.id, "Kim Vale", "Teacher", "School")
    for prompt in prompts[:3]:
        reviews.save_answer(me.id, prompt, "My account")
    for prompt in prompts[:9]:
        reviews.save_answer(other.id, prompt, "Theirs")
    # nobody yet; its notification to the Panel still to come
    reviews.create(
        replace(
            record,
            reference="RR-2026-32",
            title="Child N, Eastmere (fictional)",
            review_type=ReviewType.RAPID_REVIEW,
            dates=KeyDates(incident=date(2026, 12, 3)),
        )
    )
    # a local review decided, to be published: its final report and the Panel's copy
    published = reviews.create(
        replace(
            record,
            reference="LCSPR-2026-33",
            title="Child P, Northvale (fictional)",
            dates=KeyDates(
                incident=date(2026, 1, 5),
                notification=date(2026, 1, 7),
                rapid_review=date(2026, 1, 28),
                decision=date(2026, 2, 2),
                publication=date(2027, 1, 20),
            ),
        )
    )
    reviews.save_answer(reviews.add_contributor(published.id, "Lee Ash").id, prompts[0], "Yes")
    services.actions.add_action(
        published.id, Action("Audit the safer sleep advice", due=date(2026, 12, 9))
    )
    services.actions.add_action(
        published.id,
        Action("Train the front door team", due=date(2026, 6, 1), status=ActionStatus.COMPLETE),
    )  # complete, with no evidence of impact yet: a step of its own
    # archived, and in the Trash: no clocks in the lists, and the Trash no progress
    archived = reviews.create(
        replace(record, reference="LCSPR-2026-34", dates=KeyDates(incident=date(2026, 12, 1)))
    )
    reviews.save_answer(reviews.add_contributor(archived.id, "Ash Green").id, prompts[0], "A")
    reviews.archive(archived.id)
    trashed = reviews.create(replace(record, reference="LCSPR-2026-35"))
    reviews.delete(trashed.id)
    return demo, mine, trashed


def test_progress_counted_from_the_index_is_the_plain_count(
    services, record, services_engine
) -> None:  # type: ignore[no-untyped-def]
    demo, mine, trashed = varied_library(services, record)
    by_hand = _by_hand(services)
    counted = services.reviews.progress_by_review()
    assert counted == by_hand
    assert trashed.id not in counted
    listed = {s.id: s.progress for s in services.reviews.list_reviews()}
    assert listed == by_hand
    for review_id, progress in by_hand.items():
        assert services.reviews.summary(review_id).progress == progress
    # the figures are varied, so a wrong count shows: mine, everyone's, nobody, the demo's
    kinds = {(p.whose, p.answered > 0, p.total > 0) for p in by_hand.values()}
    assert {("everyone", True, True), ("everyone", False, False)} <= kinds
    if services_engine == "sqlite":  # on a server "I" am known by the server, not a setting
        assert by_hand[mine.id] == Progress(3, by_hand[mine.id].total, whose="yours")
    else:
        assert by_hand[mine.id].answered == 3 + 9
    assert by_hand[demo.id].answered > 0
    # listed first uncounted, then filled in from the counts: the same summaries
    uncounted = services.reviews.list_reviews(count_answers=False)
    assert {s.progress.whose for s in uncounted} == {"counting"}
    assert [replace(s, progress=counted[s.id]) for s in uncounted] == (
        services.reviews.list_reviews()
    )


def test_the_librarys_due_steps_are_each_reviews_own_worked_out_afresh(services, record) -> None:  # type: ignore[no-untyped-def]
    varied_library(services, record)
    clocks = services.clocks
    first = clocks.due()
    assert clocks.due() == first  # the calendar's remembered spans change nothing
    current = [s.id for s in services.reviews.list_reviews() if not s.archived]
    afresh = []
    for review_id in current:  # each on its own, with a calendar of its own (nothing kept)
        alone = ClockService(services.store, services.settings, today=clocks.today)
        afresh.extend(alone.for_review(review_id))
    afresh.sort(key=lambda s: (s.due_date, s.reference, s.step))
    assert first == afresh
    assert [s.basis for s in first] == [s.basis for s in afresh]  # (not compared by ==)
    kinds = {s.kind.value for s in first}
    assert {"notify", "rapid_review", "final_report", "panel_copy", "action", "impact"} <= kinds
    assert any(s.overdue for s in first) and any(not s.overdue for s in first)


def test_answered_prompts_are_counted_from_an_index_of_the_answered_ones(
    services, services_engine
) -> None:  # type: ignore[no-untyped-def]
    """Migration 0020's partial index is there on both engines, and SQLite counts from it: the
    count never reads an answer's text (1.45 million answers at 10,000 reviews)."""
    with services.store.read() as session:
        if services_engine == "sqlite":
            (made,) = session.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'ix_answer_answered'")
            ).one()
            compiled = counts_query().compile(
                session.get_bind(), compile_kwargs={"literal_binds": True}
            )
            plan = " / ".join(
                row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
            )
            assert "SEARCH answer USING INDEX ix_answer_answered (contributor_id=?)" in plan
        else:
            (made,) = session.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_answer_answered'")
            ).one()
    where = made.upper().split(" WHERE ")[1]  # PostgreSQL: (TRIM(BOTH FROM text) <> ''::text)
    assert "(CONTRIBUTOR_ID)" in made.upper() and "TRIM(" in where and "TEXT) <> ''" in where
