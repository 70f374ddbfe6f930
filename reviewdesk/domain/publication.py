"""What a document would publish, piece by piece, and the identifiers still in it.

Two ideas that every export shares:

- :func:`pseudonymise` gives a copy of a read model with every piece of text passed through the
  review's name key (identifiers and enums are left alone). That includes the frozen
  framework's prose: a framework imported for one review may name the child in a prompt. The
  export service applies it once, where it builds :class:`ExportInput`, so no renderer ever sees
  a real name from the key.
- :func:`segments` lists the user text a document would show, each with its :class:`Place`
  (the case record, a theme's key learning, one contributor's answer to one prompt...), so the
  publication check can scan it and say where each finding is.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from reviewdesk.domain.briefing import SECTIONS as BRIEFING_SECTIONS
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.domain.identifiers import Finding, Kind, scan
from reviewdesk.domain.pseudonyms import NameMapping, apply_name_key
from reviewdesk.domain.review import Contributor

T = TypeVar("T")

# Fields that are identifiers or references, never prose: left exactly as they are.
_NOT_TEXT = frozenset(
    {
        "uid",
        "id",  # a framework's, a theme's or a prompt's id (numbers are never walked anyway)
        "version",
        "prompt_id",
        "theme_id",
        "theme_ids",
        "audit_chain_hash",
        "ref",
        "finding_refs",
        "recommendation_ref",
    }
)


def pseudonymise(value: T, mappings: Sequence[NameMapping]) -> T:
    """A copy of ``value`` (a frozen dataclass, tuple or string) with the name key applied to
    every piece of user text inside it."""
    if not mappings:
        return value
    return _walk(value, tuple(mappings))


def _walk(value: Any, mappings: tuple[NameMapping, ...]) -> Any:
    if type(value) is str:  # not a StrEnum: enum values are codes, not prose
        return apply_name_key(value, mappings)
    if isinstance(value, tuple):
        walked = tuple(_walk(v, mappings) for v in value)
        return value if walked == value else walked
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _walk(getattr(value, f.name), mappings)
            for f in dataclasses.fields(value)
            if f.name not in _NOT_TEXT
        }
        changes = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return dataclasses.replace(value, **changes) if changes else value
    return value


# --- where a piece of text lives -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """Where a piece of exported text comes from, precisely enough to change it there.

    ``field`` is one of: ``title``, ``lead``, ``child``, ``household``, ``agency``,
    ``contributor_name``, ``contributor_role``, ``contributor_agency``, ``answer``,
    ``evidence``, ``key_learning``, ``chronology``, ``episode``, ``finding``,
    ``recommendation``, ``action``, ``framework`` (the framework's own prose), ``briefing``
    (the lead's words in the 7-minute briefing). ``index`` is the
    position in a list (a child, a household member, an agency, a chronology entry...).
    """

    field: str
    label: (
        str  # for people: "Theme 4 (Vulnerability of babies), prompt 3: answer by Health visitor"
    )
    contributor_id: int | None = None
    theme_id: str = ""
    prompt_id: str = ""
    index: int = -1

    @property
    def fixable(self) -> bool:
        """True where ReviewDesk can change the stored text itself (a one-click fix)."""
        return self.field in FIXABLE_FIELDS


FIXABLE_FIELDS = frozenset(
    {"title", "lead", "child", "household", "agency", "answer", "evidence", "key_learning"}
)


@dataclass(frozen=True, slots=True)
class Segment:
    place: Place
    text: str
    # The framework's prose is checked for names from the key only: its dates and places are
    # about guidance, never about the child.
    names_only: bool = False


@dataclass(frozen=True, slots=True)
class PublicationFinding:
    """One identifier in the text that would be published."""

    place: Place  # where it is written in the review (what a one-click fix changes)
    finding: Finding
    context: str  # the words around it, as they would be published
    occurrence: int  # the n-th finding of this kind and text in this place (from 0)
    where: str = ""  # where the document prints it: "Page 3, Case overview", "Paragraph 12..."

    @property
    def kind(self) -> Kind:
        return self.finding.kind

    @property
    def fixable(self) -> bool:
        return self.place.fixable


def _theme_label(source: ExportInput, theme_id: str) -> str:
    for number, theme in enumerate(source.document.framework.themes, start=1):
        if theme.id == theme_id:
            return f"Theme {number} ({theme.short_title})"
    return f"Theme {theme_id}"


def segments(source: ExportInput, options: ExportOptions) -> list[Segment]:
    """Every piece of user text a document made with ``options`` could show.

    A little more than any one document shows (the briefing leaves some out), never less: the
    check errs on the side of looking at too much.
    """
    doc = source.document
    record = doc.record
    out: list[Segment] = []

    def add(text: str, place: Place, names_only: bool = False) -> None:
        if text.strip():
            out.append(Segment(place, text, names_only))

    add(record.title, Place("title", "Case record: title"))
    add(record.lead, Place("lead", "Case record: lead reviewer"))
    for i, child in enumerate(record.children):
        add(child.pseudonym, Place("child", f"Case record: child {i + 1}", index=i))
    for i, member in enumerate(record.household):
        label = f"Case record: household member {i + 1} ({member.role})"
        add(member.description, Place("household", label, index=i))
    for i, agency in enumerate(record.agencies):
        add(agency, Place("agency", f"Case record: agency {i + 1}", index=i))
    wanted = set(options.theme_ids) if options.theme_ids is not None else None
    themes = [t for t in doc.framework.themes if wanted is None or t.id in wanted]
    framework = doc.framework
    add(
        "\n".join((framework.title, framework.source, framework.description)),
        Place("framework", "Framework: title, source and description"),
        names_only=True,
    )
    for theme in themes:
        prose = [theme.title, theme.short_title, theme.why_it_matters, theme.panel_wording]
        prose += [*theme.evidence, *(x for p in theme.prompts for x in (p.text, p.hint))]
        add(
            "\n".join(prose),
            Place("framework", f"Framework: {_theme_label(source, theme.id)}", theme_id=theme.id),
            names_only=True,
        )
    for work in doc.contributors:
        c = work.contributor
        who = c.display_role
        if options.show_names:
            add(c.name, Place("contributor_name", f"Contributor ({who}): name", c.id))
        add(c.role, Place("contributor_role", f"Contributor ({who}): role", c.id))
        add(c.agency, Place("contributor_agency", f"Contributor ({who}): agency", c.id))
        for theme in themes:
            theme_label = _theme_label(source, theme.id)
            assessment = work.assessment(theme.id)
            if assessment is not None:
                add(
                    assessment.key_learning,
                    Place("key_learning", f"{theme_label}: key learning by {who}", c.id, theme.id),
                )
            for number, prompt in enumerate(theme.prompts, start=1):
                answer = work.answer(prompt.id)
                if answer is None:
                    continue
                label = f"{theme_label}, prompt {number}: answer by {who}"
                add(answer.text, Place("answer", label, c.id, theme.id, prompt.id))
                add(
                    answer.evidence,
                    Place("evidence", label + " (evidence)", c.id, theme.id, prompt.id),
                )
    for i, entry in enumerate(source.chronology):
        add(
            " ".join(
                x for x in (entry.date_label, entry.what_happened, entry.agency, entry.source) if x
            ),
            Place("chronology", f"Chronology entry {i + 1}", index=i),
        )
    for i, ep in enumerate(source.episodes):
        text = "\n".join(
            [
                ep.title,
                ep.what_happened,
                ep.what_was_known,
                ep.what_was_done,
                *ep.contributory_factors,
            ]
        )
        add(text, Place("episode", f"Key practice episode {i + 1}", index=i))
    for i, f in enumerate(source.findings):
        text = "\n".join([f.statement, f.question, f.pattern_evidence, *f.evidence])
        add(text, Place("finding", f"Finding {f.ref or i + 1}", index=i))
    for i, r in enumerate(source.recommendations):
        add(r.text, Place("recommendation", f"Recommendation {r.ref or i + 1}", index=i))
    for i, a in enumerate(source.actions):
        text = "\n".join(
            [a.description, a.owner_agency, a.owner_role, a.how_we_will_know, a.impact_evidence]
        )
        add(text, Place("action", f"Action {i + 1}", index=i))
    # The lead's own words in the 7-minute briefing (sections not edited are drawn from the
    # text above).
    own = source.briefing
    if own.title:
        add(own.title, Place("briefing", "7-minute briefing: title"))
    for key, heading in BRIEFING_SECTIONS:
        written = own.section(key)
        if written:
            add(written, Place("briefing", f"7-minute briefing: {heading}"))
    return out


def find_identifiers(
    pieces: Iterable[Segment], names: Sequence[NameMapping] = ()
) -> list[PublicationFinding]:
    """Scan each piece; every finding carries its place, its context and its occurrence."""
    found: list[PublicationFinding] = []
    for piece in pieces:
        seen: dict[tuple[Kind, str], int] = {}
        for f in scan(piece.text, names):
            if piece.names_only and f.kind is not Kind.NAME:
                continue
            n = seen.get((f.kind, f.text), 0)
            seen[(f.kind, f.text)] = n + 1
            found.append(PublicationFinding(piece.place, f, f.context(piece.text), n))
    return found


DOCUMENT = "document"  # a Place.field: printed by the document, not found in the review's text


def find_in_document(
    printed: Iterable[tuple[str, str]],
    written: Sequence[PublicationFinding],
    names: Sequence[NameMapping] = (),
    ignore: Iterable[str] = (),
) -> list[PublicationFinding]:
    """Scan what a document prints, part by part (``printed``: where, text), and nothing else.

    Each finding says where the document prints it. It is matched, by kind and words, to the
    same identifier in the review's own text (``written``: :func:`find_identifiers` over
    :func:`segments`), in order, so that a one-click fix can change it where it was written; an
    identifier the review's text does not hold (one the document composes itself) keeps only
    its place in the document. Dates in ``ignore`` (the document's own date of preparation)
    are not about the case and are left out.
    """
    ignored = {" ".join(text.split()).casefold() for text in ignore}
    queues: dict[tuple[Kind, str], list[PublicationFinding]] = {}
    for w in written:
        queues.setdefault((w.kind, w.finding.text), []).append(w)
    last: dict[tuple[Kind, str], PublicationFinding] = {}
    found: list[PublicationFinding] = []
    for where, text in printed:
        for f in scan(text, names):
            if f.kind in (Kind.EXACT_DATE, Kind.DATE_OF_BIRTH) and (
                " ".join(f.text.split()).casefold() in ignored
            ):
                continue
            key = (f.kind, f.text)
            queue = queues.get(key)
            source = queue.pop(0) if queue else last.get(key)
            if source is not None:
                last[key] = source
                place, occurrence = source.place, source.occurrence
            else:
                place, occurrence = Place(DOCUMENT, where), 0
            found.append(PublicationFinding(place, f, f.context(text), occurrence, where))
    return found


def lone_roles(contributors: Iterable[Contributor], printed: str) -> list[str]:
    """Warnings for each role the document prints that, with its agency, is one person in the
    review: readers who know that agency may recognise who wrote those words."""

    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    people = [c for c in contributors if c.role.strip()]
    pairs = Counter((key(c.role), key(c.agency)) for c in people)
    words = key(printed)
    out = []
    for c in people:
        role, agency = " ".join(c.role.split()), " ".join(c.agency.split())
        if pairs[(key(role), key(agency))] != 1 or key(role) not in words:
            continue
        where = f"at {agency}" if agency else "with no agency given"
        out.append(
            f"The role '{role}' {where} is one person in this review: readers who know the "
            "agencies may recognise who wrote those words. Consider a broader role, or check "
            "with them before publishing."
        )
    return list(dict.fromkeys(out))


def fix_text(stored: str, target: PublicationFinding, names: Sequence[NameMapping] = ()) -> str:
    """``stored`` (the text as saved, before the name key) with ``target`` replaced by its
    suggestion. The finding was made in the published (pseudonymised) text, so it is found
    again in the stored text by kind, text and occurrence. Returns ``stored`` unchanged when it
    is no longer there (someone has already changed it)."""
    matches = [
        f for f in scan(stored, names) if (f.kind, f.text) == (target.kind, target.finding.text)
    ]
    if target.kind is Kind.NAME:  # the stored text has the real name: any spelling of it
        matches = [f for f in scan(stored, names) if f.kind is Kind.NAME]
        matches = [f for f in matches if f.suggestion == target.finding.suggestion]
    if target.occurrence >= len(matches):
        return stored
    chosen = matches[target.occurrence]
    text = unicodedata.normalize("NFC", stored)
    return text[: chosen.start] + chosen.suggestion + text[chosen.end :]


def count_by_kind(findings: Iterable[PublicationFinding]) -> dict[Kind, int]:
    counts: dict[Kind, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts
