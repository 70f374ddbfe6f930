"""What goes into the 7-minute briefing: background, why it matters, key learning by theme,
questions for teams, what to do, where to find more.

Drawn from the review's findings (when the lead has written them) and the contributors' key
learning, shortened to a :class:`Budget` so the whole thing fits one printed page (two at most).
Dates are generalised to month and year, as a briefing for wide circulation should be.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.domain.framework import Stage
from reviewdesk.domain.learning import DatePrecision, date_label
from reviewdesk.domain.review import Relevance, ReviewDocument
from reviewdesk.exports.content import ThemeSection, build_summary
from reviewdesk.exports.text import first_sentence, one_line, shorten


@dataclass(frozen=True, slots=True)
class Budget:
    """How much of each kind of content fits: the briefing is tried richest first."""

    points_per_theme: int
    chars: int  # per point of key learning
    themes: int
    why_themes: int
    questions: int
    actions: int
    other_chars: int  # per point elsewhere
    list_chars: int  # lists such as the agencies involved


BUDGETS = (
    Budget(3, 320, 8, 3, 5, 5, 240, 300),
    Budget(2, 300, 8, 3, 4, 4, 240, 220),
    Budget(2, 240, 6, 2, 4, 3, 220, 160),
    Budget(2, 180, 6, 2, 3, 3, 160, 120),
    Budget(1, 150, 6, 2, 3, 3, 120, 100),
    Budget(1, 100, 4, 1, 2, 2, 80, 80),
)


@dataclass(frozen=True, slots=True)
class Point:
    text: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class ThemeLearning:
    title: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    reference: str
    audit_chain_hash: str
    title: str
    subtitle: str
    marking: str
    prepared_on: date
    background: tuple[Point, ...]
    why_it_matters: tuple[Point, ...]
    learning: tuple[ThemeLearning, ...]
    themes_not_shown: int
    questions: tuple[str, ...]
    to_do_intro: str
    to_do: tuple[Point, ...]
    find_more: tuple[Point, ...]
    draft: bool = False


def _month(value: date | None) -> str:
    return date_label(value, DatePrecision.MONTH)


def _rank(section: ThemeSection) -> tuple[int, int]:
    significant = sum(1 for r in section.ratings if r is Relevance.SIGNIFICANT)
    some = sum(1 for r in section.ratings if r is Relevance.SOME)
    return (-significant, -some)


def build_briefing(source: ExportInput, options: ExportOptions, budget: Budget) -> Briefing:
    summary = build_summary(source, options, outward=True)  # a briefing leaves the team
    record, document = summary.record, summary.document
    relevant = sorted((s for s in summary.themes if s.found_relevant), key=_rank)
    theme_titles = {t.id: t.short_title for t in document.framework.themes}

    first, last = _month(record.scope_start), _month(record.scope_end)
    scope = f"{first} to {last}" if first and last else first or last
    background = [
        Point(
            f"{record.review_type.label}" + (f", looking at {scope}." if scope else "."),
            "The review",
        )
    ]
    if record.children:
        children = "; ".join(
            f"{one_line(c.pseudonym)}, aged {one_line(c.age)}" if c.age.strip() else c.pseudonym
            for c in record.children
        )
        label = "The child" if len(record.children) == 1 else "The children"
        background.append(Point(shorten(children + ".", budget.list_chars), label))
    if record.dates.incident:
        background.append(
            Point(
                f"The incident that led to this review happened in "
                f"{_month(record.dates.incident)}.",
                "What happened",
            )
        )
    if record.household:
        household = "; ".join(one_line(h.role) for h in record.household)
        background.append(Point(shorten(household + ".", budget.list_chars), "The household"))
    if record.agencies:
        agencies = "; ".join(one_line(a) for a in record.agencies)
        background.append(Point(shorten(agencies + ".", budget.list_chars), "Agencies involved"))
    if document.contributors:
        # By role alone, never by name: a briefing is circulated beyond the review team.
        voices = "; ".join(
            dict.fromkeys(
                one_line(w.contributor.role) or "Contributor" for w in document.contributors
            )
        )
        background.append(Point(shorten(voices + ".", budget.list_chars), "Reflections from"))

    why = []
    if any(s.ratings for s in summary.themes):
        why.append(
            Point(
                f"Contributors found {len(relevant)} of the {len(summary.themes)} practice "
                "themes relevant. Reviews across England find these patterns again and again."
            )
        )
    for section in relevant[: budget.why_themes]:
        why.append(
            Point(
                first_sentence(section.theme.why_it_matters, budget.other_chars),
                section.theme.short_title,
            )
        )
    if not why:
        why.append(
            Point(
                "Learning from this review can help every team recognise the same pressures in "
                "its own work, before a child is harmed."
            )
        )

    learning = []
    for section in relevant[: budget.themes]:
        texts = [
            f.statement for f in source.findings if section.theme.id in f.theme_ids
        ] + _key_learning(section, document)
        points, seen = [], set()
        for text in texts:
            short = shorten(text, budget.chars)
            if short and short.casefold() not in seen:
                seen.add(short.casefold())
                points.append(Point(short))
            if len(points) >= budget.points_per_theme:
                break
        if points:
            learning.append(ThemeLearning(section.theme.short_title, tuple(points)))
    not_shown = max(0, len(relevant) - budget.themes)

    questions = [shorten(f.question, budget.chars) for f in source.findings if f.question.strip()]
    for section in relevant:
        questions += [
            shorten(p.text, 300) for p in section.theme.prompts if p.stage is Stage.NOW_WHAT
        ]
    if not questions:
        questions.append("What in this briefing could happen in our own work? How would we know?")
    questions = list(dict.fromkeys(questions))

    to_do, intro = _what_to_do(source, relevant, document, budget, theme_titles)

    find_more = [
        Point(
            f"the learning summary for {one_line(record.reference)}, from the review lead.",
            "The full review",
        ),
        Point(shorten(document.framework.source, budget.list_chars), "The practice themes"),
        Point(
            "your agency's safeguarding lead; Working Together to Safeguard Children (2023).",
            "Support",
        ),
    ]
    return Briefing(
        reference=one_line(record.reference),
        audit_chain_hash=source.audit_chain_hash,
        title=shorten(record.title, 110),
        subtitle=f"{one_line(record.reference)}  ·  {record.review_type.label}",
        marking=summary.options.marking,
        draft=summary.options.draft,
        prepared_on=summary.prepared_on,
        background=tuple(background),
        why_it_matters=tuple(why),
        learning=tuple(learning),
        themes_not_shown=not_shown,
        questions=tuple(questions[: budget.questions]),
        to_do_intro=intro,
        to_do=tuple(to_do),
        find_more=tuple(find_more),
    )


def _key_learning(section: ThemeSection, document: ReviewDocument) -> list[str]:
    """Contributors' key learning, leaving out those who said the theme was not relevant."""
    out = []
    for work in document.contributors:
        assessment = work.assessment(section.theme.id)
        if assessment is None or assessment.relevance is Relevance.NOT_RELEVANT:
            continue
        if assessment.key_learning.strip():
            out.append(assessment.key_learning)
    return out


def _what_to_do(
    source: ExportInput,
    relevant: list[ThemeSection],
    document: ReviewDocument,
    budget: Budget,
    theme_titles: dict[str, str],
) -> tuple[list[Point], str]:
    if source.actions:
        points = [
            Point(
                shorten(a.description, budget.other_chars),
                shorten(", ".join(p for p in (a.owner_role, a.owner_agency) if p.strip()), 60),
            )
            for a in source.actions[: budget.actions]
        ]
        return points, "What the partnership has agreed to do:"
    if source.recommendations:
        points = [
            Point(shorten(r.text, budget.other_chars), r.ref)
            for r in source.recommendations[: budget.actions]
        ]
        return points, "The review's recommendations:"
    points = []
    for section in relevant:
        for prompt in section.theme.prompts:
            if prompt.stage is not Stage.NOW_WHAT:
                continue
            for work in document.contributors:
                answer = work.answer(prompt.id)
                if answer is not None and answer.is_answered:
                    points.append(
                        Point(
                            first_sentence(answer.text, budget.other_chars),
                            theme_titles[section.theme.id],
                        )
                    )
    if points:
        return points[: budget.actions], "What practitioners said would help next time:"
    return [
        Point(
            "Agree in your team one thing you will do differently after reading this briefing, "
            "and who will check that it has happened."
        )
    ], "Until the review's actions are agreed:"
