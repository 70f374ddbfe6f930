"""The learning summary's glossary: the acronyms the summary itself prints (MASH, DASH,
ICPC...), each expanded from the shipped, editable list (resources/glossary/acronyms.toml, and
a partnership's own glossary.toml in the data folder; see reviewdesk/services/exports.py).

The PDF and the Word layouts both print :func:`summary_glossary`, worked out from the words
the summary holds, so the two formats list the same acronyms.
"""

from __future__ import annotations

from collections.abc import Iterator

from reviewdesk.domain.glossary import Glossary, glossary_for
from reviewdesk.exports.content import (
    Summary,
    action_rows,
    case_facts,
    chronology_rows,
    evidence_lines,
    framework_rows,
    glance_rows,
    method_notes,
)

HEADER = ("Acronym", "What it stands for")
INTRO = "Acronyms used in this document, and what they stand for."


def summary_glossary(summary: Summary) -> Glossary:
    """The acronyms the summary prints, alphabetically, with their expansions."""
    return glossary_for(summary_words(summary), dict(summary.source.acronyms))


def summary_words(summary: Summary) -> Iterator[str]:
    """Every piece of text the learning summary prints (its layouts print nothing else that
    an acronym could be in)."""
    record, document, source = summary.record, summary.document, summary.source
    yield record.title
    yield record.reference
    for _label, value in case_facts(record):
        yield value
    for child in record.children:
        yield child.pseudonym
        yield child.age
    for member in record.household:
        yield member.role
        yield member.description
    yield from record.agencies
    yield from summary.labels.values()
    fw = document.framework
    yield from (fw.title, fw.source, fw.description)
    for row in (*glance_rows(summary), *framework_rows(summary)):
        yield from row
    for section in summary.themes:
        yield from (section.theme.title, section.theme.why_it_matters)
        for item in section.key_learning:
            yield item.text
        for block in section.reflections:
            yield block.prompt.text
            for answer in block.answers:
                yield from (answer.text, answer.evidence)
    yield from (cell for row in chronology_rows(source.chronology) for cell in row)
    for ep in source.episodes:
        yield from (ep.title, ep.what_happened, ep.what_was_known, ep.what_was_done)
        yield from ep.contributory_factors
    for finding in source.findings:
        yield from (finding.ref, finding.statement, finding.question)
        yield from evidence_lines(finding, summary)
    for rec in source.recommendations:
        yield from (rec.ref, rec.text)
    yield from (cell for row in action_rows(source.actions, summary.prepared_on) for cell in row)
    yield from method_notes(summary)
