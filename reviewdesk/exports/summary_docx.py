"""The learning summary as a Word document a lead can edit: the same content as the PDF, with
real heading styles (so Word's navigation pane lists every section), tables for the case facts,
chronology and action plan, and the protective marking in every header and footer."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Emu, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from reviewdesk import __version__
from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.exporting import ExportInput, ExportOptions
from reviewdesk.exports import word_common as word
from reviewdesk.exports import word_tables, word_xml
from reviewdesk.exports.content import (
    ACTIONS_HEADER,
    CHRONOLOGY_HEADER,
    FAMILY_HEADER,
    FAMILY_TITLE,
    FRAMEWORK_HEADER,
    GLANCE_HEADER,
    IMPACT_LOG_HEADER,
    IMPACT_LOG_TITLE,
    LINES_TITLE,
    METHOD,
    NOT_BLAME,
    PATTERN_LABEL,
    PROCESSES_HEADER,
    PROCESSES_TITLE,
    TERMS_TITLE,
    Summary,
    ThemeSection,
    action_rows,
    build_summary,
    case_facts,
    chronology_rows,
    evidence_lines,
    family_rows,
    family_summary,
    framework_rows,
    glance_rows,
    impact_log_rows,
    marking_notice,
    method_notes,
    process_rows,
    recommendation_line,
    terms_agreed,
    theme_names,
)
from reviewdesk.exports.glossary import HEADER as GLOSSARY_HEADER
from reviewdesk.exports.glossary import INTRO as GLOSSARY_INTRO
from reviewdesk.exports.glossary import summary_glossary
from reviewdesk.exports.text import clean, one_line, paragraphs
from reviewdesk.exports.timeline_drawing import LEGEND
from reviewdesk.exports.timeline_picture import timeline_picture
from reviewdesk.exports.word_scripts import set_scripts

Progress = Callable[[int, str], None]
KIND = "Learning summary"
ACCENT = RGBColor(0x1F, 0x4E, 0x6B)
MUTED = RGBColor(0x59, 0x65, 0x6F)
DRAFT_RED = RGBColor(0x9B, 0x1C, 0x1C)


def render_summary_docx(
    source: ExportInput, options: ExportOptions, progress: Progress | None = None
) -> bytes:
    report = progress or (lambda _percent, _message: None)
    summary = build_summary(source, options)
    doc = new_document()
    _properties(doc, summary)
    _header_footer(doc, summary)
    report(10, "Writing the Word document")
    _cover(doc, summary)
    toc = word.contents(doc)
    _page_break(doc)
    _overview(doc, summary)
    for i, section in enumerate(summary.themes, start=1):
        report(10 + 70 * i // max(1, len(summary.themes)), "Writing the themes")
        _page_break(doc)
        _theme(doc, summary, section, len(summary.document.framework.themes))
    _lead_sections(doc, summary)
    _page_break(doc)
    _appendix(doc, summary)
    _glossary(doc, summary)
    word.fill_contents(doc, toc)
    set_scripts(doc)  # Arabic, Urdu, Hebrew right to left; fonts for other scripts
    buffer = io.BytesIO()
    doc.save(buffer)
    report(100, "Done")
    return buffer.getvalue()


# --- styles, properties, header and footer ------------------------------------------------------


def new_document() -> DocxDocument:
    """An empty Word document in the house style, quick to fill (see _remember_style_ids)."""
    doc = Document()
    _remember_style_ids(doc)
    word.prepare(doc)
    _house_style(doc)
    return doc


def _remember_style_ids(doc: DocxDocument) -> None:
    """python-docx looks a style up by walking every style in the document each time a
    paragraph or table is given one: with a few thousand paragraphs (a year's learning report)
    that was most of the time spent. The answer never changes within one document, so each
    lookup is made once."""
    part = doc.part
    look_up = part.get_style_id
    known: dict[tuple[object, object], object] = {}

    def get_style_id(style_or_name: Any, style_type: Any) -> Any:
        name = (
            style_or_name
            if isinstance(style_or_name, str)
            else getattr(style_or_name, "name", None)
        )
        key = (name, style_type)  # a style object counts by its name (None: the default)
        if key not in known:
            known[key] = look_up(style_or_name, style_type)
        return known[key]

    # Replacing the bound method on this one document part is the point: mypy forbids it.
    part.get_style_id = get_style_id  # type: ignore[method-assign]


def _house_style(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 17), ("Heading 2", 13), ("Heading 3", 11)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT if name != "Heading 2" else RGBColor(0x1D, 0x27, 0x31)
        style.font.name = "Calibri"
    styles["Title"].font.color.rgb = RGBColor(0x1D, 0x27, 0x31)
    styles["Title"].font.size = Pt(26)


def _properties(doc: DocxDocument, summary: Summary) -> None:
    """Document properties: the document's own title, made now, never a person's name."""
    chain = summary.source.audit_chain_hash
    reference = one_line(summary.record.reference)
    word.set_properties(
        doc,
        title=f"{KIND}: {one_line(summary.record.title)}",
        subject=f"{KIND} of a child safeguarding practice review ({reference})",
        keywords=f"audit-chain-hash:{chain}" if chain else "",
        category=summary.options.marking,
    )


_field = word.field


def _header_footer(doc: DocxDocument, summary: Summary) -> None:
    marking = summary.options.marking
    reference = one_line(summary.record.reference)
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if marking:
        header.add_run(marking).bold = True
    if summary.options.draft:
        draft = section.header.add_paragraph()
        draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = draft.add_run("DRAFT: not for circulation")
        run.bold, run.font.size, run.font.color.rgb = True, Pt(11), DRAFT_RED
    sub = section.header.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = sub.add_run(f"{reference}  ·  {KIND}")
    run.font.size, run.font.color.rgb = Pt(8), MUTED

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size, run.font.color.rgb = Pt(8), MUTED
    if marking:
        mark = section.footer.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.add_run(marking).bold = True


# --- building blocks ----------------------------------------------------------------------------


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _text(doc: DocxDocument, text: str, *, style: str | None = None) -> None:
    """User text as paragraphs (blank lines separate them; single line breaks are kept)."""
    for part in paragraphs(text):
        doc.add_paragraph(part, style=style)


def _note(doc: DocxDocument, text: str, *, label: str = "") -> Paragraph:
    p = doc.add_paragraph()
    if label:
        run = p.add_run(f"{label} ")
        run.bold, run.font.size, run.font.color.rgb = True, Pt(9), MUTED
    run = p.add_run(one_line(text))
    run.italic, run.font.size, run.font.color.rgb = True, Pt(9), MUTED
    return p


def _who(doc: DocxDocument, who: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.keep_with_next = True
    run = p.add_run(one_line(who))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(9), MUTED


def _bullet(doc: DocxDocument, text: str, *, label: str = "") -> None:
    text = clean(text).strip()
    label = f"{one_line(label)}: " if label else ""
    if not word_xml.plain(text + label):  # a line break or a tab: python-docx writes those
        p = doc.add_paragraph(style="List Bullet")
        if label:
            p.add_run(label).bold = True
        p.add_run(text)
        return
    # The same XML, written directly (a learning report has thousands: word_common.py)
    runs = [(label, True), (text, False)] if label else [(text, False)]
    word_xml.add_paragraph_runs(doc, word_xml.paragraph_style_id(doc, "List Bullet"), runs)


def _table(doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table whose columns fit what they hold, rows never split across pages, the header row
    repeated on each page (exports/word_common.py)."""
    rows = [[clean(text).strip() for text in row] for row in rows]
    table = word_tables.new_table(doc, header, rows, style="Light Grid Accent 1")
    word_xml.header_cells(table, header)
    widths = word_xml.grid_widths(table)
    plain_rows: list[str] = []  # written together, as XML (thousands of cells in a report)
    for row in rows:
        if widths is None or not all(word_xml.plain(text) for text in row):
            word_xml.append_rows(table, plain_rows)
            plain_rows = []
            cells = word_tables.add_row(table).cells  # python-docx writes line breaks and tabs
            for cell, text in zip(cells, row, strict=True):
                _cell_text(cell, text)
            continue
        plain_rows.append(word_xml.row_xml(widths, [_cell_runs(text) for text in row]))
    word_xml.append_rows(table, plain_rows)
    word_xml.add_styled_paragraph(doc)  # doc.add_paragraph()


_UNBROKEN = re.compile(r"(?<=\S)-(?=\S)")  # a hyphen inside a word


def _unbroken_words(words: Sequence[str]) -> bool:
    return any("-" in w and any(ch.isdigit() for ch in w) for w in words)


def _cell_runs(text: str) -> str:
    """What :func:`_cell_text` writes into a new cell's paragraph, for text with no line break
    or tab, as XML text: the same elements, in the same order."""
    if "-" not in text:  # no hyphen to keep unbroken: one run (most cells)
        return word_xml.run_xml(text)
    words = re.split(r"(\s+)", text)
    if not _unbroken_words(words):
        return word_xml.run_xml(text)  # cell.text = text
    pieces = []
    for piece_of_text in words:
        if "-" not in piece_of_text or not any(ch.isdigit() for ch in piece_of_text):
            pieces.append(word_xml.t_xml(piece_of_text))
            continue
        for i, piece in enumerate(_UNBROKEN.split(piece_of_text)):
            if i:
                pieces.append("<w:noBreakHyphen/>")
            if piece:
                pieces.append(word_xml.t_xml(piece))
    # cell.text = "" leaves an empty run before the one written here
    return "<w:r/><w:r>" + "".join(pieces) + "</w:r>"


def _cell_text(cell: _Cell, text: str) -> None:
    """A table cell's text, with Word's non-breaking hyphen inside any word that holds a digit
    (a review's reference such as "LCSPR-2024-0007", an ISO date), so Word never breaks it
    across lines. It still reads, copies and searches as an ordinary hyphen."""
    words = re.split(r"(\s+)", text)
    if not _unbroken_words(words):
        cell.text = text
        return
    cell.text = ""
    run = cell.paragraphs[0].add_run()
    for piece_of_text in words:
        if "\n" in piece_of_text:
            for _ in range(piece_of_text.count("\n")):
                run.add_break()
            continue
        if "-" not in piece_of_text or not any(ch.isdigit() for ch in piece_of_text):
            run._r.add_t(piece_of_text)
            continue
        pieces = _UNBROKEN.split(piece_of_text)
        for i, piece in enumerate(pieces):
            if i:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            if piece:
                run._r.add_t(piece)


# --- the document -------------------------------------------------------------------------------


def _cover(doc: DocxDocument, summary: Summary) -> None:
    record = summary.record
    kicker = doc.add_paragraph()
    run = kicker.add_run(KIND.upper())
    run.bold, run.font.color.rgb = True, ACCENT
    doc.add_paragraph(one_line(record.title), style="Title")
    doc.add_paragraph(f"{one_line(record.reference)}  ·  {record.review_type.label}")
    facts = [
        f
        for f in case_facts(record, month_only=summary.options.publication)
        if f[0] not in {"Reference", "Review type"}
    ]
    _table(doc, ("About the review", ""), facts)
    if summary.options.marking:
        before, marking, after = marking_notice(summary.options.marking)
        p = doc.add_paragraph(before)
        p.add_run(marking).bold = True
        p.add_run(after)
    doc.add_paragraph(NOT_BLAME)
    _note(
        doc,
        f"Prepared with ReviewDesk {__version__} on {date_label(summary.prepared_on)}. "
        + " ".join(method_notes(summary)[:2]),
    )
    _page_break(doc)


def _has(doc: DocxDocument, style: str) -> bool:
    return any(s.name == style for s in doc.styles)


def _overview(doc: DocxDocument, summary: Summary) -> None:
    record, document = summary.record, summary.document
    doc.add_heading("Case overview", level=1)
    count = len(document.contributors)
    if count:
        doc.add_paragraph(
            f"This summary brings together what {count} "
            f"{'contributor' if count == 1 else 'contributors'} set down about the case, theme by "
            f"theme, using the framework '{one_line(document.framework.title)}'."
        )
    else:
        doc.add_paragraph(
            "No one has contributed reflections to this review yet. This summary shows the case "
            "record and the themes the review will look at."
        )
    doc.add_heading("Themes at a glance", level=2)
    _table(doc, GLANCE_HEADER, glance_rows(summary))
    doc.add_heading("The children", level=2)
    if record.children:
        rows = [(c.pseudonym, c.age or "Not recorded") for c in record.children]
        _table(doc, ("Child", "Age at the time"), rows)
    else:
        _note(doc, "No children are recorded yet.")
    doc.add_heading("The household", level=2)
    if record.household:
        _table(doc, ("Role", "What is known"), [(h.role, h.description) for h in record.household])
    else:
        _note(doc, "No household members are recorded yet.")
    doc.add_heading("Agencies involved", level=2)
    if record.agencies:
        doc.add_paragraph("; ".join(one_line(a) for a in record.agencies) + ".")
    else:
        _note(doc, "No agencies are recorded yet.")
    doc.add_heading("Contributors", level=2)
    if document.contributors:
        _table(doc, summary.contributor_header, summary.contributor_rows)
    else:
        _note(doc, "No contributors yet.")


def _theme(doc: DocxDocument, summary: Summary, section: ThemeSection, of: int) -> None:
    theme = section.theme
    kicker = doc.add_paragraph()
    run = kicker.add_run(f"THEME {section.number} OF {of}")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(9), ACCENT
    doc.add_heading(one_line(theme.title), level=1)
    p = doc.add_paragraph()
    p.add_run("Why it matters. ").bold = True
    p.add_run(one_line(theme.why_it_matters))
    doc.add_heading("How relevant contributors found it", level=2)
    if section.relevance:
        doc.add_paragraph(section.relevance_summary + ".")
        _table(doc, *summary.relevance_table(section))
    else:
        _note(doc, "No contributors yet.")
    doc.add_heading("Key learning", level=2)
    for item in section.key_learning:
        _who(doc, item.who)
        _text(doc, item.text, style="Intense Quote" if _has(doc, "Intense Quote") else None)
    if not section.key_learning:
        _note(doc, "No key learning has been recorded for this theme yet.")
    doc.add_heading("Reflections", level=2)
    if not section.reflections:
        _note(doc, "No reflections have been recorded for this theme yet.")
    for block in section.reflections:
        stage = doc.add_paragraph()
        stage.paragraph_format.keep_with_next = True
        stage.paragraph_format.space_after = Pt(0)
        run = stage.add_run(block.prompt.stage.label)
        run.font.size, run.font.color.rgb = Pt(9), MUTED
        doc.add_heading(one_line(block.prompt.text), level=3)
        for answer in block.answers:
            _who(doc, answer.who)
            _text(doc, answer.text)
            if answer.evidence.strip():
                _note(doc, answer.evidence, label="Evidence:")
        if block.not_answered_by:
            _note(doc, "; ".join(block.not_answered_by), label="Not yet answered by:")


def _papers(doc: DocxDocument, summary: Summary) -> None:
    """The review papers, as in the PDF (not in the 7-minute briefing)."""
    source, month_only = summary.source, summary.options.publication
    if source.terms is None and not source.family and not source.processes:
        return
    _page_break(doc)
    doc.add_heading("The review", level=1)
    terms = source.terms
    if terms is not None:
        doc.add_heading(TERMS_TITLE, level=2)
        agreed = terms_agreed(terms, month_only=month_only)
        if agreed:
            _note(doc, agreed)
        _text(doc, terms.terms)
        if terms.lines_of_enquiry:
            _who(doc, LINES_TITLE)
            for line in terms.lines_of_enquiry:
                _bullet(doc, line)
    if source.family:
        doc.add_heading(FAMILY_TITLE, level=2)
        _text(doc, family_summary(source.family))
        _table(
            doc,
            FAMILY_HEADER,
            family_rows(source.family, names=summary.options.family_names, month_only=month_only),
        )
    if source.processes:
        doc.add_heading(PROCESSES_TITLE, level=2)
        _table(doc, PROCESSES_HEADER, process_rows(source.processes, month_only=month_only))


def _lead_sections(doc: DocxDocument, summary: Summary) -> None:
    source = summary.source
    _papers(doc, summary)
    if source.chronology:
        _page_break(doc)
        doc.add_heading("Chronology", level=1)
        _timeline(doc, summary)
        _table(
            doc,
            CHRONOLOGY_HEADER,
            chronology_rows(source.chronology, month_only=summary.options.publication),
        )
    if source.episodes:
        _page_break(doc)
        doc.add_heading("Key practice episodes", level=1)
        for i, ep in enumerate(source.episodes, start=1):
            doc.add_heading(f"{i}. {one_line(ep.title)}", level=2)
            if ep.period_label:
                _note(doc, ep.period_label)
            for label, text in (
                ("What happened", ep.what_happened),
                ("What was known", ep.what_was_known),
                ("What was done", ep.what_was_done),
            ):
                if text.strip():
                    _who(doc, label)
                    _text(doc, text)
            if ep.contributory_factors:
                _who(doc, "Why it made sense at the time")
                for factor in ep.contributory_factors:
                    _bullet(doc, factor)
            _themes_line(doc, ep.theme_ids, summary)
    if source.findings:
        _page_break(doc)
        doc.add_heading("Findings", level=1)
        for i, f in enumerate(source.findings, start=1):
            doc.add_heading(f"{one_line(f.ref) or i}. {f.kind.label}", level=2)
            _text(doc, f.statement)
            if f.question.strip():
                p = doc.add_paragraph()
                p.add_run("Question for the partnership: ").bold = True
                p.add_run(one_line(f.question))
            if f.pattern_evidence.strip():
                p = doc.add_paragraph()
                p.add_run(f"{PATTERN_LABEL}: ").bold = True
                p.add_run(one_line(f.pattern_evidence))
            for e in evidence_lines(f, summary):
                _bullet(doc, e)
            _themes_line(doc, f.theme_ids, summary)
    if source.recommendations or source.actions:
        _page_break(doc)
        doc.add_heading("Recommendations and actions", level=1)
        for r in source.recommendations:
            _bullet(doc, recommendation_line(r), label=r.ref)
        if source.actions:
            doc.add_heading("Action plan", level=2)
            _table(
                doc,
                ACTIONS_HEADER,
                action_rows(
                    source.actions, summary.prepared_on, month_only=summary.options.publication
                ),
            )
            log = impact_log_rows(source.actions, month_only=summary.options.publication)
            if log:
                doc.add_heading(IMPACT_LOG_TITLE, level=3)
                _table(doc, IMPACT_LOG_HEADER, log)


def _timeline(doc: DocxDocument, summary: Summary) -> None:
    """The PDF's timeline as a picture across the page, with its alt text and legend."""
    source = summary.source
    width = word.text_width(doc)
    picture = timeline_picture(
        source.chronology, source.episodes, summary.record.agencies, width / 12700
    )
    if picture is None:
        return
    png, alt = picture
    doc.add_heading("Timeline", level=2)
    frame = doc.add_paragraph()
    frame.paragraph_format.keep_with_next = True  # the picture stays with its legend
    shape = frame.add_run().add_picture(io.BytesIO(png), width=Emu(width))
    word_tables.describe_picture(shape, title="Timeline of the chronology", description=alt)
    _note(doc, LEGEND)
    doc.add_heading("Entries", level=2)


def _themes_line(doc: DocxDocument, ids: tuple[str, ...], summary: Summary) -> None:
    if ids:
        _note(doc, theme_names(ids, summary), label="Themes:")


def _appendix(doc: DocxDocument, summary: Summary) -> None:
    fw = summary.document.framework
    doc.add_heading("Appendix: the framework and method", level=1)
    doc.add_heading("The framework", level=2)
    doc.add_paragraph(f"{one_line(fw.title)} (version {fw.version}).")
    _note(doc, fw.source, label="Source:")
    if fw.description:
        _text(doc, fw.description)
    _table(doc, FRAMEWORK_HEADER, framework_rows(summary))
    doc.add_heading("How reflections were gathered", level=2)
    doc.add_paragraph(
        METHOD.format(what="what happened", so_what="what it means", now_what="what now")
    )
    doc.add_heading("About this document", level=2)
    for note in method_notes(summary):
        _bullet(doc, note)
    _note(doc, f"Prepared with ReviewDesk {__version__} on {date_label(summary.prepared_on)}.")


def _glossary(doc: DocxDocument, summary: Summary) -> None:
    """The acronyms this summary prints, expanded (nothing when it prints none)."""
    entries = summary_glossary(summary)
    if entries:
        _page_break(doc)
        doc.add_heading("Glossary", level=1)
        doc.add_paragraph(GLOSSARY_INTRO)
        _table(doc, GLOSSARY_HEADER, entries)
