"""The learning summary as a PDF a partnership board can read: cover, contents, case overview,
one section per theme, the lead's analysis when there is any, and the framework and method."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from reviewdesk import __version__
from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.exporting import ExportInput, ExportOptions
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
from reviewdesk.exports.pdf_common import (
    ACCENT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE,
    RULE,
    Callout,
    Styles,
    bullet,
    data_table,
    fact_table,
    para,
    styles,
)
from reviewdesk.exports.pdf_pages import (
    BookmarkedDoc,
    Contents,
    Decor,
    Heading,
    Reserve,
    canvas_maker,
    metadata,
)
from reviewdesk.exports.scripts import ScriptParagraph as Paragraph  # tagged as it is drawn
from reviewdesk.exports.text import markup, one_line, paragraphs
from reviewdesk.exports.timeline_drawing import LEGEND, timeline_figure

Progress = Callable[[int, str], None]
KIND = "Learning summary"


def render_summary_pdf(
    source: ExportInput, options: ExportOptions, progress: Progress | None = None
) -> bytes:
    """Build the learning summary PDF and return its bytes."""
    report = progress or (lambda _percent, _message: None)
    summary = build_summary(source, options)
    st = styles()
    report(10, "Laying out the summary")
    contents = Contents(style=st.toc0)
    story = _story(summary, st, contents)
    buffer = io.BytesIO()
    doc = BookmarkedDoc(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        **metadata(KIND, summary.record.reference, summary.source.audit_chain_hash),
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
        rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.contents = contents
    decor = Decor(
        marking=summary.options.marking,
        draft=summary.options.draft,
        left_header=f"{one_line(summary.record.reference)}  ·  {KIND}",
        contents=contents,
    )
    report(30, "Numbering the pages")
    doc.build(story, canvasmaker=canvas_maker(decor))
    report(100, "Done")
    return buffer.getvalue()


def _story(summary: Summary, st: Styles, contents: Contents) -> list[Flowable]:
    body: list[Flowable] = []
    body += _overview(summary, st)
    for section in summary.themes:
        body.append(PageBreak())
        body += _theme(summary, section, len(summary.document.framework.themes), st)
    body += _lead_sections(summary, st)
    body.append(PageBreak())
    body += _appendix(summary, st)
    body += _glossary(summary, st)
    entries = sum(1 for f in body if isinstance(f, Heading) and f.in_toc)
    return [*_cover(summary, st), *_contents(st, contents, contents.pages_for(entries)), *body]


# --- cover and contents -------------------------------------------------------------------------


def _cover(summary: Summary, st: Styles) -> list[Flowable]:
    record = summary.record
    width = PAGE[0] - 2 * MARGIN_X
    facts = [
        f
        for f in case_facts(record, month_only=summary.options.publication)
        if f[0] not in {"Reference", "Review type"}
    ]
    out: list[Flowable] = [
        Spacer(1, 3.2 * cm),
        Paragraph(KIND.upper(), st.kicker),
        para(record.title, st.title),
        para(f"{record.reference}  ·  {record.review_type.label}", st.subtitle),
        Spacer(1, 0.3 * cm),
        HRFlowable(width="18%", thickness=3, color=ACCENT, hAlign="LEFT", spaceAfter=0.9 * cm),
        fact_table(facts, st, width),
        Spacer(1, 1.2 * cm),
    ]
    if summary.options.marking:
        before, marking, after = marking_notice(summary.options.marking)
        out.append(Paragraph(f"{before}<b>{markup(marking)}</b>{markup(after)}", st.boxed))
    out += [
        Paragraph(NOT_BLAME, st.body),
        Spacer(1, 0.6 * cm),
        Paragraph(
            f"Prepared with ReviewDesk {__version__} on {date_label(summary.prepared_on)}. "
            + " ".join(method_notes(summary)[:2]),
            st.note,
        ),
        PageBreak(),
    ]
    return out


def _contents(st: Styles, contents: Contents, pages: int) -> list[Flowable]:
    """The heading, and the pages the contents will be drawn on once page numbers are known."""
    out: list[Flowable] = [
        Heading("Contents", st.h1, level=0, key="contents", toc=False),
        contents.slot(),
    ]
    for _ in range(pages - 1):
        out += [PageBreak(), Reserve()]
    return [*out, PageBreak()]


# --- case overview ------------------------------------------------------------------------------


def _overview(summary: Summary, st: Styles) -> list[Flowable]:
    record, document = summary.record, summary.document
    width = PAGE[0] - 2 * MARGIN_X
    count = len(document.contributors)
    out: list[Flowable] = [Heading("Case overview", st.h1, level=0, key="overview")]
    if count:
        intro = (
            f"This summary brings together what {count} "
            f"{'contributor' if count == 1 else 'contributors'} set down about the case, theme "
            f"by theme, using the framework '{document.framework.title}'."
        )
    else:
        intro = (
            "No one has contributed reflections to this review yet. This summary shows the case "
            "record and the themes the review will look at."
        )
    out.append(para(intro, st.body))
    out.append(Heading("Themes at a glance", st.h2, level=1, key="overview-themes", toc=False))
    out.append(
        data_table(
            GLANCE_HEADER,
            glance_rows(summary),
            (width * 0.36, width * 0.4, width * 0.24),
            st,
        )
    )
    out.append(Heading("The children", st.h2, level=1, key="overview-children", toc=False))
    if record.children:
        rows = [(c.pseudonym, c.age or "Not recorded") for c in record.children]
        out.append(data_table(("Child", "Age at the time"), rows, (width * 0.5, width * 0.5), st))
    else:
        out.append(Paragraph("No children are recorded yet.", st.note))
    out.append(Heading("The household", st.h2, level=1, key="overview-household", toc=False))
    if record.household:
        rows = [(h.role, h.description) for h in record.household]
        out.append(data_table(("Role", "What is known"), rows, (width * 0.28, width * 0.72), st))
    else:
        out.append(Paragraph("No household members are recorded yet.", st.note))
    out.append(Heading("Agencies involved", st.h2, level=1, key="overview-agencies", toc=False))
    if record.agencies:
        out.append(para("; ".join(one_line(a) for a in record.agencies) + ".", st.body))
    else:
        out.append(Paragraph("No agencies are recorded yet.", st.note))
    out.append(Heading("Contributors", st.h2, level=1, key="overview-contributors", toc=False))
    if document.contributors:
        out.append(
            data_table(
                summary.contributor_header,
                summary.contributor_rows,
                (width * 0.72, width * 0.28) if not summary.outward else (width,),
                st,
            )
        )
    else:
        out.append(Paragraph("No contributors yet.", st.note))
    return out


# --- one theme ----------------------------------------------------------------------------------


def _theme(summary: Summary, section: ThemeSection, of: int, st: Styles) -> list[Flowable]:
    theme = section.theme
    width = PAGE[0] - 2 * MARGIN_X
    key = section.key
    out: list[Flowable] = [
        Paragraph(f"THEME {section.number} OF {of}", st.kicker),
        Heading(theme.title, st.h1, level=0, key=key, outline=f"{section.number}. {theme.title}"),
        Paragraph("<b>Why it matters.</b> " + markup(theme.why_it_matters), st.boxed),
        Heading(
            "How relevant contributors found it", st.h2, level=1, key=f"{key}-relevance", toc=False
        ),
    ]
    if section.relevance:
        out.append(para(section.relevance_summary + ".", st.body))
        header, rows = summary.relevance_table(section)
        widths = (0.56, 0.22, 0.22) if len(header) == 3 else (0.7, 0.3)
        out.append(data_table(header, rows, tuple(width * w for w in widths), st))
    else:
        out.append(Paragraph("No contributors yet.", st.note))

    out.append(Heading("Key learning", st.h2, level=1, key=f"{key}-learning", toc=False))
    if section.key_learning:
        for item in section.key_learning:
            out.append(para(item.who, st.who))
            for text in paragraphs(item.text):
                out.append(Callout(para(text, st.body)))
    else:
        out.append(Paragraph("No key learning has been recorded for this theme yet.", st.note))

    out.append(Heading("Reflections", st.h2, level=1, key=f"{key}-reflections", toc=False))
    if not section.reflections:
        out.append(Paragraph("No reflections have been recorded for this theme yet.", st.note))
    for block in section.reflections:
        out.append(CondPageBreak(3 * cm))
        out.append(Paragraph(block.prompt.stage.label, st.stage))
        out.append(para(block.prompt.text, st.h3))
        for answer in block.answers:
            out.append(para(answer.who, st.who))
            out += [para(text, st.body) for text in paragraphs(answer.text)]
            if answer.evidence.strip():
                out.append(para(answer.evidence, st.note, prefix="<b>Evidence:</b> "))
        if block.not_answered_by:
            out.append(
                para("; ".join(block.not_answered_by), st.note, prefix="Not yet answered by: ")
            )
    return out


# --- the lead's analysis (shown only when there is some) ----------------------------------------


def _papers(summary: Summary, st: Styles) -> list[Flowable]:
    """The review papers: terms of reference and lines of enquiry, the family's involvement
    (not by name unless chosen) and the processes running beside the review."""
    source, month_only = summary.source, summary.options.publication
    width = PAGE[0] - 2 * MARGIN_X
    if source.terms is None and not source.family and not source.processes:
        return []
    out: list[Flowable] = [PageBreak(), Heading("The review", st.h1, level=0, key="papers")]
    terms = source.terms
    if terms is not None:
        out.append(Heading(TERMS_TITLE, st.h2, level=1, key="terms"))
        agreed = terms_agreed(terms, month_only=month_only)
        if agreed:
            out.append(para(agreed, st.note))
        out += [para(t, st.body) for t in paragraphs(terms.terms)]
        if terms.lines_of_enquiry:
            out.append(Paragraph(markup(LINES_TITLE), st.who))
            out += [bullet(line, st.bullet) for line in terms.lines_of_enquiry]
    if source.family:
        out += [
            Heading(FAMILY_TITLE, st.h2, level=1, key="family"),
            para(family_summary(source.family), st.body),
            data_table(
                FAMILY_HEADER,
                family_rows(
                    source.family, names=summary.options.family_names, month_only=month_only
                ),
                (width * 0.2, width * 0.2, width * 0.14, width * 0.46),
                st,
            ),
        ]
    if source.processes:
        out += [
            Heading(PROCESSES_TITLE, st.h2, level=1, key="processes"),
            data_table(
                PROCESSES_HEADER,
                process_rows(source.processes, month_only=month_only),
                (width * 0.15, width * 0.14, width * 0.12, width * 0.2, width * 0.12, width * 0.27),
                st,
            ),
        ]
    return out


def _lead_sections(summary: Summary, st: Styles) -> list[Flowable]:
    source = summary.source
    width = PAGE[0] - 2 * MARGIN_X
    out: list[Flowable] = _papers(summary, st)
    if source.chronology:
        out += [PageBreak(), Heading("Chronology", st.h1, level=0, key="chronology")]
        drawing = timeline_figure(
            source.chronology, source.episodes, summary.record.agencies, width
        )
        if drawing is not None:
            out += [
                Heading("Timeline", st.h2, level=1, key="timeline", toc=False),
                drawing,
                Paragraph(LEGEND, st.note),
                Heading("Entries", st.h2, level=1, key="chronology-entries", toc=False),
            ]
        out.append(
            data_table(
                CHRONOLOGY_HEADER,
                chronology_rows(source.chronology, month_only=summary.options.publication),
                (width * 0.14, width * 0.18, width * 0.48, width * 0.2),
                st,
            )
        )
    if source.episodes:
        out += [PageBreak(), Heading("Key practice episodes", st.h1, level=0, key="episodes")]
        for i, ep in enumerate(source.episodes, start=1):
            block: list[Flowable] = [
                Heading(f"{i}. {ep.title}", st.h2, level=1, key=f"episode-{i}", toc=False)
            ]
            if ep.period_label:
                block.append(para(ep.period_label, st.note))
            for label, text in (
                ("What happened", ep.what_happened),
                ("What was known", ep.what_was_known),
                ("What was done", ep.what_was_done),
            ):
                if text.strip():
                    block.append(Paragraph(markup(label), st.who))
                    block += [para(t, st.body) for t in paragraphs(text)]
            if ep.contributory_factors:
                block.append(Paragraph("Why it made sense at the time", st.who))
                block += [bullet(f, st.bullet) for f in ep.contributory_factors]
            _themes_line(block, ep.theme_ids, summary, st)
            out += block
    if source.findings:
        out += [PageBreak(), Heading("Findings", st.h1, level=0, key="findings")]
        for i, f in enumerate(source.findings, start=1):
            out.append(
                Heading(
                    f"{f.ref or i}. {f.kind.label}", st.h2, level=1, key=f"finding-{i}", toc=False
                )
            )
            out += [Callout(para(t, st.body)) for t in paragraphs(f.statement)]
            if f.question.strip():
                ask = "<b>Question for the partnership:</b> "
                out.append(para(f.question, st.body, prefix=ask))
            if f.pattern_evidence.strip():
                known = f"<b>{PATTERN_LABEL}:</b> "
                out.append(para(f.pattern_evidence, st.body, prefix=known))
            out += [bullet(e, st.bullet) for e in evidence_lines(f, summary)]
            _themes_line(out, f.theme_ids, summary, st)
    if source.recommendations or source.actions:
        out += [
            PageBreak(),
            Heading("Recommendations and actions", st.h1, level=0, key="actions"),
        ]
        for r in source.recommendations:
            out.append(para(recommendation_line(r), st.bullet, prefix=f"<b>{markup(r.ref)}</b>  "))
        if source.actions:
            out.append(Heading("Action plan", st.h2, level=1, key="action-plan", toc=False))
            out.append(
                data_table(
                    ACTIONS_HEADER,
                    action_rows(
                        source.actions,
                        summary.prepared_on,
                        month_only=summary.options.publication,
                    ),
                    (width * 0.3, width * 0.17, width * 0.12, width * 0.13, width * 0.28),
                    st,
                )
            )
            log = impact_log_rows(source.actions, month_only=summary.options.publication)
            if log:
                out += [
                    Heading(IMPACT_LOG_TITLE, st.h2, level=1, key="impact-log", toc=False),
                    data_table(
                        IMPACT_LOG_HEADER,
                        log,
                        (width * 0.34, width * 0.14, width * 0.16, width * 0.36),
                        st,
                    ),
                ]
    return out


def _themes_line(out: list[Flowable], ids: tuple[str, ...], summary: Summary, st: Styles) -> None:
    if ids:
        out.append(para(theme_names(ids, summary), st.note, prefix="<b>Themes:</b> "))


# --- glossary -----------------------------------------------------------------------------------


def _glossary(summary: Summary, st: Styles) -> list[Flowable]:
    """The acronyms this summary prints, expanded (nothing when it prints none)."""
    entries = summary_glossary(summary)
    if not entries:
        return []
    width = PAGE[0] - 2 * MARGIN_X
    return [
        PageBreak(),
        Heading("Glossary", st.h1, level=0, key="glossary"),
        Paragraph(GLOSSARY_INTRO, st.body),
        data_table(GLOSSARY_HEADER, entries, (width * 0.22, width * 0.78), st),
    ]


# --- appendix -----------------------------------------------------------------------------------


def _appendix(summary: Summary, st: Styles) -> list[Flowable]:
    fw = summary.document.framework
    width = PAGE[0] - 2 * MARGIN_X
    out: list[Flowable] = [
        Heading("Appendix: the framework and method", st.h1, level=0, key="appendix"),
        Heading("The framework", st.h2, level=1, key="appendix-framework", toc=False),
        para(f"{fw.title} (version {fw.version}).", st.body),
        para(fw.source, st.note, prefix="<b>Source:</b> "),
    ]
    if fw.description:
        out.append(para(fw.description, st.body))
    out.append(
        data_table(
            FRAMEWORK_HEADER,
            framework_rows(summary),
            (width * 0.64, width * 0.14, width * 0.22),
            st,
        )
    )
    out += [
        Heading("How reflections were gathered", st.h2, level=1, key="appendix-method", toc=False),
        Paragraph(
            METHOD.format(
                what="<b>what happened</b>",
                so_what="<b>what it means</b>",
                now_what="<b>what now</b>",
            ),
            st.body,
        ),
        Heading("About this document", st.h2, level=1, key="appendix-document", toc=False),
    ]
    out += [bullet(n, st.bullet) for n in method_notes(summary)]
    out.append(
        KeepTogether(
            [
                Spacer(1, 0.4 * cm),
                HRFlowable(width="100%", thickness=0.5, color=RULE, spaceAfter=6),
                para(
                    f"Prepared with ReviewDesk {__version__} on {date_label(summary.prepared_on)}.",
                    st.note,
                ),
            ]
        )
    )
    return out
