"""The rapid review output (issue 18, point 3): what the safeguarding partners send the Child
Safeguarding Practice Review Panel within 15 working days of notifying it of a serious incident.

The Panel asks for its own rapid review template; this module lays a review out in that shape,
each section prefilled from what the library already holds (the case record, the chronology, the
key practice episodes, the actions, the decision log), for the lead to edit before it is sent.

The sections follow what a rapid review is for and what it must hold, as set out in:

- Working Together to Safeguard Children 2023, chapter 5 (rapid reviews): gather the facts
  "as far as they can be readily established", including agency involvement and an analysis of
  key practice episodes; decide whether immediate action is needed to keep children safe and
  share learning; consider the potential for improvements; understand the context of the
  children's and family's lives, including how racism and other inequalities (disability among
  them) may have shaped their experience and the practice they met; decide the next steps,
  including whether to undertake a local child safeguarding practice review, with reasons;
- the Child Safeguarding Practice Review Panel's guidance for safeguarding partners (2022, updated
  June 2025) and its FAQs (childsafeguarding.independent-panel.uk/about/faqs): a rapid review
  follows a Serious Incident Notification, within 15 working days of it, is signed off by the
  three safeguarding partners, and the Panel replies whether it agrees with the decision;
- partnerships' published procedures built on the Panel's template: Cambridgeshire and
  Peterborough (Guidance for CSPRs, 2025), Devon (rapid review process flowchart and one-minute
  guide 55), Havering, Plymouth and North Yorkshire (rapid review one-minute guide): agency
  summaries, the analysis of practice with what went well, immediate actions, learning, the
  recommendation on a local review, and sign-off by the partners.

Nothing here reads a database or knows about Word: the services build a :class:`RapidReviewDraft`
and the exporter (reviewdesk/exports/rapid_review_docx.py) writes it as it stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from reviewdesk.domain.analysis import Action, ChronologyEntry, FindingKind, date_label
from reviewdesk.domain.clocks import (
    NOTIFY_DAYS,
    RAPID_REVIEW_DAYS,
    WorkingCalendar,
    add_months,
    working_days_between,
)
from reviewdesk.domain.decisions import Decision, DecisionKind, Outcome, PanelResponse, Partner
from reviewdesk.domain.exporting import ExportInput

MAX_SECTION = 20_000  # characters in one section: several pages of Word, far beyond a template's


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str
    heading: str
    hint: str  # what the section asks for, shown beside the editor and in the document


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "incident",
        "1. The incident and the child",
        "What happened, when, and who the child is: as far as the facts can be readily "
        "established now.",
    ),
    SectionSpec(
        "agencies",
        "2. Agency involvement",
        "Which agencies knew the child and family, over what period, and what each knew.",
    ),
    SectionSpec(
        "episodes",
        "3. Key practice episodes",
        "The moments that mattered: what happened, what was known, what was done and why.",
    ),
    SectionSpec(
        "context",
        "4. The child's daily life and the family's context",
        "The child's lived experience and voice; how race, culture, disability, poverty or "
        "other inequalities may have shaped the family's experience and the help they met.",
    ),
    SectionSpec(
        "good_practice",
        "5. What went well",
        "Practice that helped the child and should be kept.",
    ),
    SectionSpec(
        "immediate_actions",
        "6. Immediate actions taken",
        "What has already been done to keep this child and other children safe, and to share "
        "learning now.",
    ),
    SectionSpec(
        "learning",
        "7. Learning identified so far",
        "Where practice or the system could improve, and whether it may be national as well as "
        "local learning.",
    ),
    SectionSpec(
        "decision",
        "8. Decision on a local child safeguarding practice review",
        "The partners' decision and their reasons, against the criteria in Working Together 2023.",
    ),
    SectionSpec(
        "next_steps",
        "9. Next steps",
        "What happens now: the local review and its timescale, other learning, parallel processes.",
    ),
)

SECTION_KEYS = tuple(s.key for s in SECTIONS)


@dataclass(frozen=True, slots=True)
class RapidReviewDraft:
    """The document before it is written: the case facts (a table, from the case record), each
    section's text (prefilled, then as the lead left it) and the partners' sign-off."""

    reference: str
    title: str
    facts: tuple[tuple[str, str], ...]
    texts: tuple[tuple[str, str], ...]  # (section key, text), in SECTIONS order
    sign_off: tuple[tuple[str, str, str], ...]  # (partner, who by role, date)
    marking: str = ""
    prepared_on: date | None = None

    def text(self, key: str) -> str:
        return dict(self.texts).get(key, "")

    def edited(self, texts: Mapping[str, str]) -> RapidReviewDraft:
        """This draft with some sections' text replaced (unknown keys are refused)."""
        unknown = set(texts) - set(SECTION_KEYS)
        if unknown:
            raise KeyError(sorted(unknown)[0])
        merged = {**dict(self.texts), **texts}
        return replace(self, texts=tuple((k, merged.get(k, "")) for k in SECTION_KEYS))

    def problems(self) -> dict[str, str]:
        """Sections too long to keep, by key, in words to show as they are."""
        return {
            key: f"'{_heading(key)}' can be up to {MAX_SECTION:,} characters."
            for key, text in self.texts
            if len(text) > MAX_SECTION
        }


def _heading(key: str) -> str:
    return next(s.heading for s in SECTIONS if s.key == key)


# --- prefilling ---------------------------------------------------------------------------------


def _day(when: date | None) -> str:
    return date_label(when) if when else "Not recorded"


def latest(decisions: Sequence[Decision], kind: DecisionKind) -> Decision | None:
    """The latest decision of a kind (by date, then by when it was recorded)."""
    found = [d for d in decisions if d.kind is kind and d.decided_on is not None]
    return max(found, key=lambda d: (d.decided_on, d.id), default=None)


def immediate_actions(actions: Sequence[Action], rapid_review: date | None) -> list[Action]:
    """Actions taken at once rather than as the answer to a recommendation: those linked to no
    recommendation, and those due by the day of the rapid review."""
    return [
        a
        for a in actions
        if not a.recommendation_ref
        or (rapid_review is not None and a.due is not None and a.due <= rapid_review)
    ]


def timeliness(source: ExportInput, cal: WorkingCalendar) -> list[str]:
    """The notification and the rapid review against their working-day limits, in sentences."""
    dates = source.document.record.dates
    out = []
    if dates.incident and dates.notification:
        days = working_days_between(dates.incident, dates.notification, cal)
        within = "within" if days <= NOTIFY_DAYS else "outside"
        out.append(
            f"The Panel was notified {days} working days after the incident ({within} the "
            f"{NOTIFY_DAYS} working days allowed)."
        )
    if dates.notification and dates.rapid_review:
        days = working_days_between(dates.notification, dates.rapid_review, cal)
        within = "within" if days <= RAPID_REVIEW_DAYS else "outside"
        out.append(
            f"The rapid review met {days} working days after the notification ({within} the "
            f"{RAPID_REVIEW_DAYS} working days allowed)."
        )
    return out


def draft_rapid_review(
    source: ExportInput,
    decisions: Sequence[Decision],
    cal: WorkingCalendar,
    *,
    final_report_months: int = 6,
    marking: str = "",
    prepared_on: date | None = None,
) -> RapidReviewDraft:
    """A rapid review prefilled from the review (already pseudonymised by the caller)."""
    record = source.document.record
    dates = record.dates
    facts = [
        ("Review", f"{record.reference}: {record.title}"),
        ("Type of review", record.review_type.label),
        (
            "Child or children",
            "; ".join(f"{c.pseudonym} ({c.age})" if c.age else c.pseudonym for c in record.children)
            or "Not recorded",
        ),
        ("Date of the incident", _day(dates.incident)),
        ("Serious Incident Notification sent", _day(dates.notification)),
        ("Rapid review meeting", _day(dates.rapid_review)),
        ("Decision on a local review", _day(dates.decision)),
        (
            "Period the review looked at",
            f"{_day(record.scope_start)} to {_day(record.scope_end)}"
            if record.scope_start or record.scope_end
            else "Not recorded",
        ),
        ("Agencies involved", ", ".join(record.agencies) or "Not recorded"),
        ("Review lead", record.lead or "Not recorded"),
    ]
    decision = latest(decisions, DecisionKind.RAPID_REVIEW)
    texts = {
        "incident": _incident(source, cal),
        "agencies": _agencies(source),
        "episodes": _episodes(source),
        "context": _context(source),
        "good_practice": _good_practice(source),
        "immediate_actions": _immediate(source),
        "learning": _learning(source),
        "decision": _decision(decision),
        "next_steps": _next_steps(decision, dates.decision, final_report_months),
    }
    sign_off = _sign_off(decision)
    return RapidReviewDraft(
        reference=record.reference,
        title=record.title,
        facts=tuple(facts),
        texts=tuple((k, texts[k]) for k in SECTION_KEYS),
        sign_off=sign_off,
        marking=marking,
        prepared_on=prepared_on,
    )


def _incident(source: ExportInput, cal: WorkingCalendar) -> str:
    record = source.document.record
    parts = []
    if record.dates.incident:
        children = ", ".join(c.pseudonym for c in record.children) or "the child"
        parts.append(f"On {date_label(record.dates.incident)} {children} [describe the incident].")
    household = [
        f"{m.role}: {m.description}" if m.description else m.role for m in record.household
    ]
    if household:
        parts.append("The household:\n" + "\n".join(f"- {h}" for h in household))
    parts.extend(timeliness(source, cal))
    return "\n\n".join(parts)


def _agencies(source: ExportInput) -> str:
    entries = sorted(source.chronology, key=lambda e: e.sort_key)
    if not entries:
        return ""
    by_agency = Counter(e.agency or "Agency not recorded" for e in entries)
    lines = [
        f"The chronology holds {len(entries)} entries from {date_label(entries[0].when)} to "
        f"{date_label(entries[-1].when)}:",
        *(f"- {agency}: {n} {'entry' if n == 1 else 'entries'}" for agency, n in by_agency.items()),
    ]
    significant = [e for e in entries if e.significant]
    if significant:
        lines.append("")
        lines.append("Significant events:")
        lines.extend(_entry_line(e) for e in significant)
    return "\n".join(lines)


def _entry_line(e: ChronologyEntry) -> str:
    what = " ".join(e.what_happened.split())
    return f"- {e.date_label}, {e.agency or 'agency not recorded'}: {what}"


def _episodes(source: ExportInput) -> str:
    blocks = []
    for i, ep in enumerate(source.episodes, start=1):
        when = " to ".join(date_label(d) for d in (ep.start, ep.end) if d)
        lines = [f"Episode {i}: {ep.title}" + (f" ({when})" if when else "")]
        for label, text in (
            ("What happened", ep.what_happened),
            ("What was known", ep.what_was_known),
            ("What was done", ep.what_was_done),
        ):
            if text.strip():
                lines.append(f"{label}: {' '.join(text.split())}")
        if ep.contributory_factors:
            lines.append("What made a difference to practice:")
            lines.extend(f"- {f}" for f in ep.contributory_factors)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _context(source: ExportInput) -> str:
    record = source.document.record
    ages = ", ".join(f"{c.pseudonym}, {c.age}" for c in record.children if c.age)
    lines = []
    if ages:
        lines.append(f"The children: {ages}.")
    family = [
        e
        for e in sorted(source.chronology, key=lambda e: e.sort_key)
        if e.agency.casefold().startswith("family")
    ]
    if family:
        lines.append(
            "What the family told the review:\n" + "\n".join(_entry_line(e) for e in family)
        )
    lines.append(
        "[What was daily life like for the child? What do we know of their wishes, feelings and "
        "voice? How might race, culture, religion, language, disability, poverty or housing "
        "have shaped the family's experience and the help they were offered?]"
    )
    return "\n\n".join(lines)


def _good_practice(source: ExportInput) -> str:
    lines = [
        f"- {' '.join(f.statement.split())}"
        for f in source.findings
        if f.kind is FindingKind.GOOD_PRACTICE
    ]
    lines.extend(
        _entry_line(e)
        for e in sorted(source.chronology, key=lambda e: e.sort_key)
        if e.positive_practice
    )
    return "\n".join(lines)


def _immediate(source: ExportInput) -> str:
    chosen = immediate_actions(source.actions, source.document.record.dates.rapid_review)
    lines = []
    for a in chosen:
        who = ", ".join(x for x in (a.owner_role, a.owner_agency) if x)
        due = f", due {date_label(a.due)}" if a.due else ""
        lines.append(
            f"- {' '.join(a.description.split())}" + (f" ({who}{due}; {a.status.label.lower()})")
        )
    return "\n".join(lines)


def _learning(source: ExportInput) -> str:
    lines = []
    for f in source.findings:
        if f.kind is FindingKind.GOOD_PRACTICE:
            continue
        line = f"- {f.ref}: {' '.join(f.statement.split())}"
        if f.question.strip():
            line += f" Question for the partnership: {' '.join(f.question.split())}"
        lines.append(line)
    return "\n".join(lines)


CRITERIA = (
    "Working Together 2023 asks the partners to consider a local review where the case "
    "highlights improvements needed to safeguard children, including where there is evidence "
    "of recurrent themes; highlights concerns about how agencies worked together; or is one "
    "the Panel considers appropriate for a local review."
)


def _decision(decision: Decision | None) -> str:
    if decision is None:
        return (
            "[The decision is not yet in the decision log. Record it there (Analysis > "
            "Decisions) or write it here.]\n\n" + CRITERIA
        )
    lines = [
        f"On {date_label(decision.decided_on)} the safeguarding partners decided: "
        f"{decision.outcome_label}.",
    ]
    if decision.reasons.strip():
        lines.append(f"Reasons: {decision.reasons.strip()}")
    lines.append(CRITERIA)
    if decision.panel_response is not PanelResponse.NONE:
        response = (
            f"The Panel's response ({date_label(decision.panel_response_on)}): "
            f"{decision.panel_response.label}."
        )
        if decision.panel_comments.strip():
            response += f" {decision.panel_comments.strip()}"
        lines.append(response)
    return "\n\n".join(lines)


def _next_steps(decision: Decision | None, decided: date | None, months: int) -> str:
    if decision is None or decision.outcome is None:
        return ""
    if decision.outcome is Outcome.LOCAL_REVIEW:
        start = decided or decision.decided_on
        line = "A local child safeguarding practice review will be commissioned."
        if start:
            line += (
                f" Its final report is due by {date_label(add_months(start, months))} "
                f"({months} months from the decision)."
            )
        return line
    if decision.outcome is Outcome.NO_LOCAL_REVIEW:
        return "No local review. [Say how the learning from this rapid review will be shared.]"
    return "The learning will be taken forward another way: [describe how, by whom and when]."


def _sign_off(decision: Decision | None) -> tuple[tuple[str, str, str], ...]:
    rows = []
    for partner in Partner:
        signed = decision is not None and partner in decision.partners
        who = decision.taken_by if signed and decision is not None and decision.taken_by else ""
        when = date_label(decision.decided_on) if signed and decision is not None else ""
        rows.append((partner.label, who, when))
    return tuple(rows)
