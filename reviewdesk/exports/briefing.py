"""What goes into the 7-minute briefing: seven sections, prefilled from the review, each one the
lead's own once edited (reviewdesk/domain/briefing.py).

Nothing here is ever cut short: a prefilled section is made of whole items (a finding, an
action, a question, the first sentence of a theme's explanation), and is made leaner only by
leaving whole items out (:data:`LEVELS`, richest first) until the briefing fits its form. A
section the lead has written is printed exactly as written. Every finding is listed once,
good practice included. Dates are generalised to month and year, as a briefing for wide
circulation should be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reviewdesk.domain.analysis import DatePrecision, FindingKind, date_label
from reviewdesk.domain.briefing import HEADINGS, SECTION_KEYS, BriefingText
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.domain.framework import Stage
from reviewdesk.domain.review import Relevance, ReviewDocument
from reviewdesk.exports.content import ThemeSection, build_summary
from reviewdesk.exports.text import one_line

WORKING_TOGETHER = (
    "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(])")


@dataclass(frozen=True, slots=True)
class Level:
    """How many whole items of each kind a prefilled section holds."""

    episodes: int
    findings: int  # areas for improvement (good practice is always listed)
    why_themes: int
    learning_per_theme: int  # contributors' key learning, when there are no findings yet
    questions: int
    actions: int


LEVELS = (
    Level(3, 99, 3, 2, 5, 5),
    Level(2, 99, 3, 2, 4, 4),
    Level(2, 99, 2, 1, 4, 4),
    Level(1, 99, 2, 1, 3, 3),
    Level(1, 99, 1, 1, 3, 3),
    Level(1, 8, 1, 1, 3, 3),
    Level(0, 5, 1, 1, 2, 2),
    Level(0, 3, 1, 1, 2, 2),
)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: str
    text: str
    edited: bool  # the lead's own words (else prefilled from the review)


@dataclass(frozen=True, slots=True)
class Briefing:
    reference: str
    audit_chain_hash: str
    title: str
    subtitle: str
    marking: str
    prepared_on: date
    sections: tuple[Section, ...]
    two_pages: bool = False
    draft: bool = False

    @property
    def form_pages(self) -> int:
        return 2 if self.two_pages else 1

    @property
    def all_edited(self) -> bool:
        return all(s.edited for s in self.sections)


def sentence(text: str) -> str:
    """The first whole sentence of ``text`` (never cut inside a sentence)."""
    text = one_line(text)
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def _month(value: date | None) -> str:
    return date_label(value, DatePrecision.MONTH)


def _rank(section: ThemeSection) -> tuple[int, int]:
    significant = sum(1 for r in section.ratings if r is Relevance.SIGNIFICANT)
    some = sum(1 for r in section.ratings if r is Relevance.SOME)
    return (-significant, -some)


def _points(items: list[str]) -> list[str]:
    """Each item once (compared without case and spacing), as "- " lines."""
    seen: set[str] = set()
    out = []
    for item in items:
        item = one_line(item)
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(f"- {item}")
    return out


def prefill(
    source: ExportInput, options: ExportOptions, level: Level = LEVELS[0]
) -> dict[str, str]:
    """Each section's text drawn from the review, as the lead would start from it."""
    summary = build_summary(source, options, outward=True)  # a briefing leaves the team
    record, document = summary.record, summary.document
    relevant = sorted((s for s in summary.themes if s.found_relevant), key=_rank)
    titles = {t.id: t.short_title for t in document.framework.themes}
    out: dict[str, str] = {}

    # 1. The case in brief
    first, last = _month(record.scope_start), _month(record.scope_end)
    scope = f"{first} to {last}" if first and last else first or last
    case = [record.review_type.label + (f", looking at {scope}." if scope else ".")]
    if record.children:
        children = "; ".join(
            f"{one_line(c.pseudonym)}, aged {one_line(c.age)}" if c.age.strip() else c.pseudonym
            for c in record.children
        )
        case.append(f"{'The child' if len(record.children) == 1 else 'The children'}: {children}.")
    if record.household:
        case.append("The household: " + "; ".join(one_line(h.role) for h in record.household) + ".")
    if record.agencies:
        case.append("Agencies involved: " + "; ".join(one_line(a) for a in record.agencies) + ".")
    if document.contributors:
        # By role alone, never by name: a briefing is circulated beyond the review team.
        roles = dict.fromkeys(
            one_line(w.contributor.role) or "Contributor" for w in document.contributors
        )
        case.append("Reflections from: " + "; ".join(roles) + ".")
    out["case"] = "\n".join(_points(case))

    # 2. What happened
    happened = []
    if record.dates.incident:
        happened.append(
            f"The incident that led to this review happened in {_month(record.dates.incident)}."
        )
    for episode in source.episodes[: level.episodes]:
        told = sentence(episode.what_happened)
        happened.append(f"{one_line(episode.title)}: {told}" if told else episode.title)
    if not source.episodes:
        for entry in [e for e in source.chronology if e.significant][: level.episodes]:
            month = _month(entry.when)
            happened.append(f"{month}: {sentence(entry.what_happened)}")
    if not happened:
        happened.append("The key events will be summarised here once the chronology is written.")
    out["happened"] = "\n".join(_points(happened))

    # 3. Why it matters
    matters = []
    if any(s.ratings for s in summary.themes):
        matters.append(
            f"Contributors found {len(relevant)} of the {len(summary.themes)} practice themes "
            "relevant. Reviews across England find these patterns again and again."
        )
    for section in relevant[: level.why_themes]:
        why = sentence(section.theme.why_it_matters)
        if why:
            matters.append(f"{section.theme.short_title}: {why}")
    if not matters:
        matters.append(
            "Learning from this review can help every team recognise the same pressures in its "
            "own work, before a child is harmed."
        )
    out["matters"] = "\n".join(_points(matters))

    # 4. What we found: every finding once, good practice included
    found = []
    improvements = [f for f in source.findings if f.kind is not FindingKind.GOOD_PRACTICE]
    good = [f for f in source.findings if f.kind is FindingKind.GOOD_PRACTICE]
    found += [f.statement for f in improvements[: level.findings]]
    found += [f"Good practice: {one_line(f.statement)}" for f in good]
    left = len(improvements) - level.findings
    if left > 0:
        found.append(
            f"{left} more {'finding is' if left == 1 else 'findings are'} in the full review."
        )
    if not source.findings:
        for section in relevant:
            learning = _key_learning(section, document)[: level.learning_per_theme]
            found += [f"{section.theme.short_title}: {sentence(k)}" for k in learning]
    out["found"] = (
        "\n".join(_points(found)) or "No findings or key learning have been recorded yet."
    )

    # 5. What practitioners should do
    out["todo"] = _what_to_do(source, relevant, document, level, titles)

    # 6. Questions for teams
    questions = [f.question for f in source.findings if f.question.strip()]
    for section in relevant:
        questions += [p.text for p in section.theme.prompts if p.stage is Stage.NOW_WHAT]
    if not questions:
        questions.append("What in this briefing could happen in our own work? How would we know?")
    out["questions"] = "\n".join(
        ["Talk these through in your team:", *_points(questions)[: level.questions]]
    )

    # 7. Where to find more
    more = [
        f"The full review: the learning summary for {one_line(record.reference)}, from the "
        "review lead.",
        f"The practice themes: {one_line(document.framework.source)}",
        f"Working Together to Safeguard Children (2023): {WORKING_TOGETHER}",
        "Your partnership's local safeguarding procedures, and your agency's safeguarding lead.",
    ]
    out["more"] = "\n".join(_points(more))
    return out


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


def _what_to_do(source, relevant, document, level, titles) -> str:
    if source.actions:
        points = []
        for a in source.actions[: level.actions]:
            owner = ", ".join(one_line(p) for p in (a.owner_role, a.owner_agency) if p.strip())
            points.append(f"{one_line(a.description)}" + (f" ({owner})" if owner else ""))
        return "\n".join(["What the partnership has agreed to do:", *_points(points)])
    if source.recommendations:
        points = [r.text for r in source.recommendations[: level.actions]]
        return "\n".join(["The review's recommendations:", *_points(points)])
    points = []
    for section in relevant:
        for prompt in section.theme.prompts:
            if prompt.stage is not Stage.NOW_WHAT:
                continue
            for work in document.contributors:
                answer = work.answer(prompt.id)
                if answer is not None and answer.is_answered:
                    points.append(f"{titles[section.theme.id]}: {sentence(answer.text)}")
    if points:
        return "\n".join(
            ["What practitioners said would help next time:", *_points(points)[: level.actions]]
        )
    return (
        "Until the review's actions are agreed:\n- Agree in your team one thing you will do "
        "differently after reading this briefing, and who will check that it has happened."
    )


def compose(source: ExportInput, options: ExportOptions, level: Level = LEVELS[0]) -> Briefing:
    """The briefing to print: the lead's sections as written, the others prefilled at
    ``level``."""
    own: BriefingText = source.briefing
    drawn = prefill(source, options, level) if len(own.edited) < len(SECTION_KEYS) else {}
    record = source.document.record
    sections = tuple(
        Section(
            key,
            HEADINGS[key],
            own.section(key) if own.section(key) is not None else drawn[key],  # type: ignore[arg-type]
            own.section(key) is not None,
        )
        for key in SECTION_KEYS
    )
    title = own.title if own.title and own.title.strip() else record.title
    return Briefing(
        reference=one_line(record.reference),
        audit_chain_hash=source.audit_chain_hash,
        title=one_line(title),
        subtitle=f"{one_line(record.reference)}  ·  {record.review_type.label}",
        marking=options.marking,
        draft=options.draft,
        prepared_on=options.prepared_on or date.today(),
        sections=sections,
        two_pages=own.two_pages,
    )
