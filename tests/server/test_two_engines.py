"""The same services on a library file and on a PostgreSQL server (issue 22): the ``engine``
parameter runs each test on both (``--engine`` picks one)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from reviewdesk.domain.analysis import ChronologyEntry
from reviewdesk.domain.review import Relevance


def _review(s, record):  # type: ignore[no-untyped-def]
    summary = s.reviews.create(record)
    doc = s.reviews.get(summary.id)
    theme = doc.framework.themes[3]
    c = s.reviews.add_contributor(summary.id, "Sam Field", "Health visitor", "Health visiting")
    s.reviews.save_answer(
        c.id, theme.prompts[0].id, "The A&E attendance was not discussed. Café kestrel", "GP"
    )
    s.reviews.save_assessment(c.id, theme.id, Relevance.SIGNIFICANT, "Safer sleep, heron")
    s.chronology.add_entry(
        summary.id, ChronologyEntry(when=date(2026, 1, 5), what_happened="Strategy owl meeting")
    )
    return summary, theme, c


def test_a_review_is_written_and_read_back(any_services, record, engine) -> None:
    s = any_services
    summary, theme, _c = _review(s, record)
    doc = s.reviews.get(summary.id)
    assert doc.record.reference == record.reference
    answers = {a.prompt_id: a.text for a in doc.contributors[0].answers}
    assert answers[theme.prompts[0].id].startswith("The A&E attendance")


def test_search_finds_the_same_things(any_services, record, engine) -> None:
    s = any_services
    _review(s, record)

    def found(text: str) -> list[str]:
        return sorted(
            h.kind.value for r in s.search.search(text).reviews for t in r.themes for h in t.hits
        )

    assert found("A&E") == ["answer"]
    assert found("kestr") == ["answer"]  # a prefix as the person types
    assert found("cafe") == ["answer"]  # accents folded
    assert found("heron") == ["key_learning"]
    assert found("owl") == ["chronology"]
    assert found("attendance discussed") == ["answer"]
    assert found("discussed attendance") == ["answer"]  # every word, in any order
    assert found("attendance owl") == []  # every word in one field
    assert found("nothing-here") == []
    hit = s.search.search("kestrel").reviews[0].themes[0].hits[0]
    assert "kestrel" in hit.snippet.lower()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=40))
def test_any_text_at_all_is_a_safe_search(any_services, record, engine, text) -> None:
    """Quotes, brackets, operators, backslashes, NUL-free unicode: never an error."""
    any_services.search.search(text.replace("\x00", ""))


def test_the_audit_trail_verifies(any_services, record, engine) -> None:
    s = any_services
    _review(s, record)
    verdict = s.audit.verify()
    assert verdict.ok, verdict
    actions = [e.action for e in reversed(s.audit.entries())]
    expected = ["library.created", "review.created", "contributor.added"]
    if engine == "postgresql":  # IT's entry about no review is not a lead's to read
        expected = expected[1:]
        assert verdict.checked == len(actions) + 1
    assert actions[: len(expected)] == expected


def test_a_read_on_a_server_is_one_snapshot(services_as, record) -> None:
    """Another person's save committed in the middle of a read is not half-seen by it."""
    a = services_as("snap_lead", "lead")
    review = a.reviews.create(record)
    with a.store.read() as session:
        before = session.execute(text("SELECT title FROM review")).scalar_one()
        other = services_as("snap_lead", "lead")
        other.reviews.update_record(review.id, replace(record, title="Renamed meanwhile"))
        again = session.execute(text("SELECT title FROM review")).scalar_one()
    assert before == again == record.title
    with a.store.read() as session:
        assert session.execute(text("SELECT title FROM review")).scalar_one() == "Renamed meanwhile"
