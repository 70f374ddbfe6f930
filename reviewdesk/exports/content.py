"""What goes into the learning summary, whatever the file format.

The PDF and the Word exporters both lay out a :class:`Summary`, so they always agree on what is
shown: which themes, how contributors are named, which prompts appear, in what order. Nothing
here knows about ReportLab or python-docx.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from reviewdesk.domain.analysis import (
    Action,
    ChronologyEntry,
    DatePrecision,
    EvidenceKind,
    Finding,
    Recommendation,
    date_label,
)
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.domain.framework import Prompt, Theme
from reviewdesk.domain.papers import (
    FamilyContribution,
    FamilyWay,
    ParallelProcess,
    TermsOfReference,
)
from reviewdesk.domain.review import CaseRecord, KeyDates, Relevance, ReviewDocument
from reviewdesk.domain.words import count
from reviewdesk.exports.text import one_line

NOT_RATED = "Not rated"
_RANK = {Relevance.SIGNIFICANT: 2, Relevance.SOME: 1, Relevance.NOT_RELEVANT: 0}


@dataclass(frozen=True, slots=True)
class Written:
    """One contributor's words, attributed as the options say (role only, or name and role)."""

    who: str
    text: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class RelevanceRow:
    who: str
    relevance: str
    answered: str


@dataclass(frozen=True, slots=True)
class PromptReflections:
    prompt: Prompt
    answers: tuple[Written, ...]
    not_answered_by: tuple[str, ...] = ()  # filled only when unanswered prompts are included


@dataclass(frozen=True, slots=True)
class ThemeSection:
    number: int  # the theme's place in the framework, from 1
    theme: Theme
    relevance: tuple[RelevanceRow, ...]
    ratings: tuple[Relevance, ...]
    key_learning: tuple[Written, ...]
    reflections: tuple[PromptReflections, ...]

    @property
    def key(self) -> str:
        return f"theme-{self.theme.id}"

    @property
    def highest(self) -> Relevance | None:
        return max(self.ratings, key=_RANK.__getitem__, default=None)

    @property
    def found_relevant(self) -> bool:
        """Someone rated it relevant, or wrote something without saying it was not."""
        if any(r is not Relevance.NOT_RELEVANT for r in self.ratings):
            return True
        return not self.ratings and bool(self.key_learning or self.reflections)

    @property
    def relevance_summary(self) -> str:
        if not self.ratings:
            return "Not yet rated by contributors"
        counts = Counter(self.ratings)
        everyone = len(self.relevance)
        parts = [
            f"{r.label} for {counts[r]} of {everyone}"
            for r in (Relevance.SIGNIFICANT, Relevance.SOME, Relevance.NOT_RELEVANT)
            if counts[r]
        ]
        if len(self.ratings) < everyone:
            parts.append(f"not rated by {everyone - len(self.ratings)}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Summary:
    source: ExportInput
    options: ExportOptions
    prepared_on: date
    labels: dict[int, str]
    themes: tuple[ThemeSection, ...]
    left_out: tuple[Theme, ...]
    outward: bool = False  # leaves the review team: roles alone, no answer counts

    @property
    def document(self) -> ReviewDocument:
        return self.source.document

    @property
    def record(self) -> CaseRecord:
        return self.source.document.record

    @property
    def contributor_header(self) -> tuple[str, ...]:
        return ("Contributor",) if self.outward else ("Contributor", "Prompts answered")

    @property
    def contributor_rows(self) -> list[tuple[str, ...]]:
        """Who contributed; inside the review team, with how many prompts each answered. A
        document that leaves the team holds no such counts: they read like a score."""
        if self.outward:
            return [(label,) for label in dict.fromkeys(self.labels.values())]
        total = self.document.framework.prompt_count
        return [
            (
                self.labels[w.contributor.id],
                f"{sum(1 for a in w.answers if a.is_answered)} of {total}",
            )
            for w in self.document.contributors
        ]

    def relevance_table(self, section: ThemeSection) -> tuple[tuple[str, ...], list[tuple]]:
        """The header and rows of a theme's "How relevant contributors found it" table."""
        if self.outward:
            return ("Contributor", "Relevance"), [(r.who, r.relevance) for r in section.relevance]
        rows = [(r.who, r.relevance, r.answered) for r in section.relevance]
        return ("Contributor", "Relevance", "Prompts answered"), rows


def contributor_labels(
    document: ReviewDocument, show_names: bool, *, role_only: bool = False
) -> dict[int, str]:
    """How each contributor is shown. By role and agency (the default), two people with the
    same role and agency are numbered so their words stay distinguishable. ``role_only`` (a
    document that leaves the review team): the role alone, never a name or an agency."""
    labels: dict[int, str] = {}
    if role_only:
        show_names = False
        roles = [one_line(w.contributor.role) or "Contributor" for w in document.contributors]
    else:
        roles = [one_line(w.contributor.display_role) for w in document.contributors]
    seen: Counter[str] = Counter()
    repeated = {r for r, n in Counter(roles).items() if n > 1}
    for work, role in zip(document.contributors, roles, strict=True):
        if show_names:
            name = one_line(work.contributor.name) or "Contributor"
            labels[work.contributor.id] = name if role == "Contributor" else f"{name} ({role})"
        elif role in repeated:
            seen[role] += 1
            labels[work.contributor.id] = f"{role} ({seen[role]})"
        else:
            labels[work.contributor.id] = role
    return labels


def build_summary(
    source: ExportInput, options: ExportOptions, *, outward: bool | None = None
) -> Summary:
    """What the summary holds. ``outward`` (default: when it is meant for publication): the
    document leaves the review team, so contributors appear by role alone, with no counts of
    what each answered."""
    document = source.document
    options = options.checked(document.framework)
    outward = options.publication if outward is None else outward
    labels = contributor_labels(document, options.show_names, role_only=outward)
    wanted = options.theme_ids
    sections, left_out = [], []
    for number, theme in enumerate(document.framework.themes, start=1):
        if wanted is not None and theme.id not in wanted:
            left_out.append(theme)
            continue
        sections.append(_theme_section(number, theme, document, labels, options, outward))
    return Summary(
        source=source,
        options=options,
        prepared_on=options.prepared_on or date.today(),
        labels=labels,
        themes=tuple(sections),
        left_out=tuple(left_out),
        outward=outward,
    )


def _theme_section(
    number: int,
    theme: Theme,
    document: ReviewDocument,
    labels: dict[int, str],
    options: ExportOptions,
    outward: bool = False,
) -> ThemeSection:
    relevance, ratings, learning = [], [], []
    for work in document.contributors:
        who = labels[work.contributor.id]
        assessment = work.assessment(theme.id)
        rating = assessment.relevance if assessment else None
        if rating is not None:
            ratings.append(rating)
        answered = sum(
            1 for p in theme.prompts if (a := work.answer(p.id)) is not None and a.is_answered
        )
        relevance.append(
            RelevanceRow(
                who, rating.label if rating else NOT_RATED, f"{answered} of {len(theme.prompts)}"
            )
        )
        if assessment and assessment.key_learning.strip():
            learning.append(Written(who, assessment.key_learning))
    reflections = []
    for prompt in theme.prompts:
        answers, missing = [], []
        for work in document.contributors:
            answer = work.answer(prompt.id)
            if answer is not None and answer.is_answered:
                answers.append(Written(labels[work.contributor.id], answer.text, answer.evidence))
            else:
                missing.append(labels[work.contributor.id])
        if answers or options.include_unanswered:
            reflections.append(
                PromptReflections(
                    prompt,
                    tuple(answers),
                    tuple(missing) if options.include_unanswered and not outward else (),
                )
            )
    return ThemeSection(
        number=number,
        theme=theme,
        relevance=tuple(relevance),
        ratings=tuple(ratings),
        key_learning=tuple(learning),
        reflections=tuple(reflections),
    )


def case_facts(record: CaseRecord, *, month_only: bool = False) -> list[tuple[str, str]]:
    """The case record's headline facts, as label and value, leaving out what is unknown.
    ``month_only`` (a document meant for publication) gives dates as month and year."""
    precision = DatePrecision.MONTH if month_only else DatePrecision.DAY
    facts = [
        ("Reference", record.reference),
        ("Review type", record.review_type.label),
        ("Status", record.status.label),
    ]
    if record.scope_start or record.scope_end:
        facts.append(("Period reviewed", period(record.scope_start, record.scope_end, precision)))
    if record.lead.strip():
        facts.append(("Lead reviewer", record.lead))
    for name in KeyDates.FIELDS:
        value = getattr(record.dates, name)
        if value is not None:
            facts.append((KeyDates.LABELS[name], date_label(value, precision)))
    return [(label, one_line(value)) for label, value in facts]


def period(
    start: date | None, end: date | None, precision: DatePrecision = DatePrecision.DAY
) -> str:
    first, last = date_label(start, precision), date_label(end, precision)
    if first and last:
        return f"{first} to {last}"
    if first:
        return f"from {first}"
    return f"up to {last}" if last else ""


def method_notes(summary: Summary) -> list[str]:
    """How this document was made: the options chosen, said plainly."""
    opts = summary.options
    if summary.outward:
        who = (
            "Contributors are shown by their role alone, never by name or agency, and without "
            "counts of what each answered: this document is meant to leave the review team."
        )
    elif opts.show_names:
        who = "Contributors are shown by name and role."
    else:
        who = "Contributors are shown by role and agency only, not by name."
    notes = [
        who,
        "Prompts nobody has answered yet are listed."
        if opts.include_unanswered
        else "Prompts that nobody has answered yet are left out.",
    ]
    if summary.left_out:
        notes.append(
            "Themes left out of this document at the lead's choice: "
            + "; ".join(t.short_title for t in summary.left_out)
            + "."
        )
    notes.append(
        "Private notes are never included: they stay in the ReviewDesk library of the person "
        "who wrote them."
    )
    return notes


# --- rows and wording shared by the PDF and Word layouts ----------------------------------------

GLANCE_HEADER = ("Theme", "How relevant contributors found it", "Recorded")
CHRONOLOGY_HEADER = ("Date", "Agency", "What happened", "Source")
ACTIONS_HEADER = ("Action", "Owner", "Due", "Status", "How we will know it worked")
FRAMEWORK_HEADER = ("Theme", "Prompts", "In this document")
NOT_BLAME = (
    "Written to support learning, not to find fault. Contributors were asked what they knew at "
    "the time and why their actions made sense then."
)
METHOD = (
    "Each contributor worked through the themes one at a time. Within a theme the prompts move "
    "from {what}, to {so_what}, to {now_what}. Contributors were asked to answer from what they "
    "knew at the time and why their actions made sense then, not from what is known now, and to "
    "cite the records behind their answers. Each contributor also rated how relevant the theme "
    "was to this case (not relevant, some relevance, significant) and noted the key learning."
)


def marking_notice(marking: str) -> tuple[str, str, str]:
    """The cover's words about the marking, split around the marking itself (set in bold)."""
    return (
        "This document is marked ",
        marking,
        ". It holds information about children and families: share it only with people who need "
        "it for this review, and keep it as your organisation's policy for that marking says.",
    )


def glance_rows(summary: Summary) -> list[tuple[str, str, str]]:
    return [
        (
            f"{s.number}. {s.theme.short_title}",
            s.relevance_summary,
            f"{count(sum(len(r.answers) for r in s.reflections), 'answer')}, "
            f"{len(s.key_learning)} key learning",
        )
        for s in summary.themes
    ]


def chronology_rows(
    entries: tuple[ChronologyEntry, ...], *, month_only: bool = False
) -> list[tuple[str, str, str, str]]:
    """Chronology entries in date order; significance and positive practice said in words.
    ``month_only`` (a document meant for publication) gives dates as month and year at most."""
    rows = []
    for e in sorted(entries, key=lambda e: e.when):
        flags = [
            label
            for label, on in (
                ("Significant", e.significant),
                ("Positive practice", e.positive_practice),
            )
            if on
        ]
        what = e.what_happened + (f"\n[{', '.join(flags)}]" if flags else "")
        when = e.date_label
        if month_only and e.precision is DatePrecision.DAY:
            when = date_label(e.when, DatePrecision.MONTH)
        rows.append((when, e.agency, what, e.source))
    return rows


def action_rows(
    actions: tuple[Action, ...], today: date, *, month_only: bool = False
) -> list[tuple[str, ...]]:
    """The action plan's rows. ``month_only`` (a document meant for publication) gives due dates
    as month and year, as every other date in it."""
    precision = DatePrecision.MONTH if month_only else DatePrecision.DAY
    rows: list[tuple[str, ...]] = []
    for a in actions:
        impact = a.impact_evidence.strip()
        rows.append(
            (
                (f"{a.recommendation_ref}: " if a.recommendation_ref else "") + a.description,
                ", ".join(p for p in (a.owner_role, a.owner_agency) if p.strip()),
                date_label(a.due, precision),
                a.status_label(today),
                a.how_we_will_know + (f"\nImpact so far: {impact}" if impact else ""),
            )
        )
    return rows


def framework_rows(summary: Summary) -> list[tuple[str, str, str]]:
    chosen = {s.theme.id for s in summary.themes}
    return [
        (f"{i}. {t.title}", str(len(t.prompts)), "Yes" if t.id in chosen else "Left out")
        for i, t in enumerate(summary.document.framework.themes, start=1)
    ]


def evidence_lines(finding: Finding, summary: Summary) -> list[str]:
    """What a finding rests on, each in full. A contributor's answer names the contributor as
    the rest of the document does (by role alone in a document that leaves the team)."""
    if not finding.links:
        return list(finding.evidence)
    prompts = {p.id: p.text for t in summary.document.framework.themes for p in t.prompts}
    lines = []
    for link in finding.links:
        if link.kind is not EvidenceKind.ANSWER:
            lines.append(link.text)
            continue
        who = summary.labels.get(link.target_id, "Contributor")
        prompt = prompts.get(link.prompt_id, link.prompt_id)
        lines.append(replace(link, label=f"{who}, answering: {prompt}").text)
    return lines


def theme_names(ids: tuple[str, ...], summary: Summary) -> str:
    titles = {t.id: t.short_title for t in summary.document.framework.themes}
    return "; ".join(titles.get(t, t) for t in ids)


PATTERN_LABEL = "How we know it is a pattern"


def recommendation_line(r: Recommendation) -> str:
    """A recommendation as the summary prints it: its text, the findings it comes from, the
    partner who owns it and the partners' response (issue 18, point 4)."""
    line = r.text + (f" (from {', '.join(r.finding_refs)})" if r.finding_refs else "")
    notes = []
    if r.owner_partner is not None:
        notes.append(f"Owner: {r.owner_partner.label}")
    if r.response:
        when = f" ({date_label(r.response_on)})" if r.response_on else ""
        notes.append(f"partners' response: {r.response.label.lower()}{when}")
    if notes:
        line += ". " + "; ".join(notes) + "."
    return line


# --- the review papers (issue 18, point 4): in the learning summary, never in the briefing ------

TERMS_TITLE = "Terms of reference"
LINES_TITLE = "Key lines of enquiry"
FAMILY_TITLE = "Family involvement"
FAMILY_HEADER = ("Family member", "How they took part", "When", "Their views")
PROCESSES_TITLE = "Parallel processes"
PROCESSES_HEADER = ("Process", "Led by", "Started", "Next", "Concluded", "What it means")
IMPACT_LOG_TITLE = "Impact log"
IMPACT_LOG_HEADER = ("Action", "Found on", "From", "What was found")


def terms_agreed(terms: TermsOfReference, *, month_only: bool = False) -> str:
    precision = DatePrecision.MONTH if month_only else DatePrecision.DAY
    return f"Agreed {date_label(terms.agreed_on, precision)}." if terms.agreed_on else ""


def family_summary(family: tuple[FamilyContribution, ...]) -> str:
    """One sentence: how many family members were invited and how they took part."""
    if not family:
        return ""
    invited = [f for f in family if f.how is not FamilyWay.NOT_INVITED]
    took_part = [f for f in family if f.how.took_part]
    ways: dict[str, int] = {}
    for f in took_part:
        ways[f.how.label.lower()] = ways.get(f.how.label.lower(), 0) + 1
    parts = [
        f"{len(invited)} of the {len(family)} family members in the log were invited",
        f"{len(took_part)} took part"
        + (" (" + ", ".join(f"{way}: {n}" for way, n in ways.items()) + ")" if ways else ""),
    ]
    for way in (FamilyWay.DECLINED, FamilyWay.NO_REPLY, FamilyWay.NOT_YET):
        n = sum(1 for f in family if f.how is way)
        if n:
            parts.append(f"{way.label.lower()}: {n}")
    return "; ".join(parts) + "."


def family_rows(
    family: tuple[FamilyContribution, ...], *, names: bool, month_only: bool = False
) -> list[tuple[str, str, str, str]]:
    """Each family member's part and views. Not by name unless ``names`` (the lead chose it):
    "Family member 1", "Family member 2"... The lead's own notes are never printed."""
    precision = DatePrecision.MONTH if month_only else DatePrecision.DAY
    return [
        (
            f.person if names else f"Family member {i}",
            f.how.label,
            date_label(f.contributed_on, precision),
            f.views,
        )
        for i, f in enumerate(family, start=1)
    ]


def process_rows(
    processes: tuple[ParallelProcess, ...], *, month_only: bool = False
) -> list[tuple[str, str, str, str, str, str]]:
    precision = DatePrecision.MONTH if month_only else DatePrecision.DAY
    return [
        (
            p.kind.label,
            p.led_by,
            date_label(p.started_on, precision),
            " ".join(x for x in (date_label(p.next_on, precision), p.next_what) if x),
            date_label(p.concluded_on, precision),
            p.notes,
        )
        for p in processes
    ]


def impact_log_rows(
    actions: tuple[Action, ...], *, month_only: bool = False
) -> list[tuple[str, str, str, str]]:
    """Every dated entry of every action's impact log, action by action, oldest first."""
    precision = DatePrecision.MONTH if month_only else DatePrecision.DAY
    return [
        (
            (f"{a.recommendation_ref}: " if a.recommendation_ref else "") + a.description,
            date_label(e.recorded_on, precision),
            e.kind.label,
            e.evidence,
        )
        for a in actions
        for e in a.impact_log
    ]
