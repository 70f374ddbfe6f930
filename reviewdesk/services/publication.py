"""The publication check: before a document meant for publication leaves the app, scan the text it
would hold (after the name key has replaced real names) for identifying details.

Each finding says what it is, where it is (the case record, a theme's key learning, one
contributor's answer to one prompt...) and shows the words around it. A person then either
*fixes* it (an edit made to the stored text through the ordinary services, so it is saved and
audited like any other edit) or *overrides* the check deliberately, with a reason, which the
audit trail records. Nothing about the findings' text goes into the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewdesk.domain.analysis import date_label
from reviewdesk.domain.errors import ReviewDeskError, ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.identifiers import Kind
from reviewdesk.domain.pseudonyms import NameMapping
from reviewdesk.domain.publication import (
    PublicationFinding,
    count_by_kind,
    find_identifiers,
    find_in_document,
    fix_text,
    lone_roles,
    segments,
)
from reviewdesk.domain.review import ReviewDocument
from reviewdesk.exports.printed import recording
from reviewdesk.files import check_destination
from reviewdesk.services.audit import AuditService, review_what
from reviewdesk.services.exports import ExportService
from reviewdesk.services.names import NameKeyService
from reviewdesk.services.reviews import ReviewService
from reviewdesk.store import queries
from reviewdesk.store.engine import Store

MAX_REASON = 300


class IdentifiersFoundError(ReviewDeskError):
    """A document meant for publication still holds identifying details. Nothing was written."""

    def __init__(self, message: str, report: PublicationReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True, slots=True)
class PublicationReport:
    review_id: int
    reference: str
    findings: tuple[PublicationFinding, ...]
    warnings: tuple[
        str, ...
    ] = ()  # worth a look, never a reason to stop (a role that is one person)

    @property
    def clear(self) -> bool:
        return not self.findings

    def by_kind(self) -> dict[Kind, int]:
        return count_by_kind(self.findings)

    def summary(self) -> str:
        """ "3 identifying details: 2 exact dates, 1 postcode" (plain words)."""
        if self.clear:
            return "No identifying details were found."
        parts = [f"{n} × {kind.label.lower()}" for kind, n in self.by_kind().items()]
        total = len(self.findings)
        return f"{total} possible identifying detail{'s' if total != 1 else ''}: " + ", ".join(
            parts
        )

    def lines(self) -> list[str]:
        """One line per finding, grouped by kind then place (for the command line), then any
        warnings."""
        out = []
        for kind in Kind:
            of_kind = [f for f in self.findings if f.kind is kind]
            if not of_kind:
                continue
            out.append(f"{kind.label} ({len(of_kind)}):")
            for f in of_kind:
                fix = f"; fix: {f.finding.suggestion}" if f.fixable else ""
                out.append(f"  {f.where or f.place.label}: “{f.context}”{fix}")
        out += list(self.warnings)
        return out


class PublicationService:
    def __init__(
        self,
        store: Store,
        exports: ExportService,
        reviews: ReviewService,
        names: NameKeyService,
        audit: AuditService,
    ) -> None:
        self._store = store
        self._exports = exports
        self._reviews = reviews
        self._names = names
        self._audit = audit

    # --- checking -----------------------------------------------------------------------------

    def check(
        self,
        review_id: int,
        options: ExportOptions | None = None,
        fmt: ExportFormat = ExportFormat.PDF,
    ) -> PublicationReport:
        """Scan the document ``fmt`` with ``options`` would publish: the words that very file
        prints (after the name key, dates as month and year), each finding with the place the
        document prints it."""
        return self._inspect(review_id, options, fmt)[0]

    def _inspect(
        self,
        review_id: int,
        options: ExportOptions | None,
        fmt: ExportFormat,
        progress: Callable[[int, str], None] | None = None,
    ) -> tuple[PublicationReport, bytes]:
        """The report and the document's bytes: what is checked is what is written."""
        if not fmt.uses_options:
            raise ValidationError(
                "A JSON file is review data for another ReviewDesk, not a document for "
                "publication. Please choose the PDF, briefing or Word format."
            )
        source = self._exports.input_for(review_id)  # pseudonymised, as every export is
        options = replace(
            options or self._exports.default_options(review_id, fmt), publication=True
        )
        options = options.checked(source.document.framework)
        prepared_on = options.prepared_on or self._exports.today()
        options = replace(options, prepared_on=prepared_on)
        names = self._names.mappings(review_id)
        with recording() as printed:
            data = self._exports.render(review_id, fmt, options, progress)
        parts = [(part.where, part.text) for part in printed.parts(data)]
        written = find_identifiers(segments(source, options), names)
        own_dates = {date_label(prepared_on), f"{prepared_on:%d %B %Y}".lstrip("0")}
        found = find_in_document(parts, written, names, ignore=own_dates)
        printed_words = "\n".join(text for _where, text in parts)
        contributors = [w.contributor for w in source.document.contributors]
        warnings = tuple(lone_roles(contributors, printed_words))
        report = PublicationReport(review_id, source.document.reference, tuple(found), warnings)
        return report, data

    # --- one-click fix ------------------------------------------------------------------------

    def fix(self, review_id: int, finding: PublicationFinding) -> bool:
        """Apply the finding's suggestion to the stored text, through the ordinary services.
        Returns False when the text had already changed (nothing to do)."""
        place = finding.place
        if not place.fixable:
            raise ValidationError(
                "ReviewDesk cannot change this part of the review for you. Please edit it where "
                "it is written, or choose to publish it as it is."
            )
        names = self._names.mappings(review_id)
        document = self._reviews.get(review_id)
        if place.field in ("answer", "evidence"):
            return self._fix_answer(document, finding, names)
        if place.field == "key_learning":
            work = document.work_of(place.contributor_id or -1)
            assessment = work.assessment(place.theme_id)
            if assessment is None:
                return False
            fixed = fix_text(assessment.key_learning, finding, names)
            if fixed == assessment.key_learning:
                return False
            self._reviews.save_assessment(
                work.contributor.id, place.theme_id, assessment.relevance, fixed
            )
            return True
        return self._fix_record(document, finding, names)

    def _fix_answer(
        self,
        document: ReviewDocument,
        finding: PublicationFinding,
        names: tuple[NameMapping, ...],
    ) -> bool:
        place = finding.place
        work = document.work_of(place.contributor_id or -1)
        answer = work.answer(place.prompt_id)
        if answer is None:
            return False
        text, evidence = answer.text, answer.evidence
        if place.field == "answer":
            text = fix_text(text, finding, names)
        else:
            evidence = fix_text(evidence, finding, names)
        if (text, evidence) == (answer.text, answer.evidence):
            return False
        self._reviews.save_answer(work.contributor.id, place.prompt_id, text, evidence)
        return True

    def _fix_record(
        self,
        document: ReviewDocument,
        finding: PublicationFinding,
        names: tuple[NameMapping, ...],
    ) -> bool:
        place, record = finding.place, document.record
        changes: dict[str, Any] = {}
        if place.field in ("title", "lead"):
            changes[place.field] = fix_text(getattr(record, place.field), finding, names)
        elif place.field == "child" and 0 <= place.index < len(record.children):
            children = list(record.children)
            child = children[place.index]
            children[place.index] = replace(
                child, pseudonym=fix_text(child.pseudonym, finding, names)
            )
            changes["children"] = tuple(children)
        elif place.field == "household" and 0 <= place.index < len(record.household):
            members = list(record.household)
            member = members[place.index]
            members[place.index] = replace(
                member, description=fix_text(member.description, finding, names)
            )
            changes["household"] = tuple(members)
        elif place.field == "agency" and 0 <= place.index < len(record.agencies):
            agencies = list(record.agencies)
            agencies[place.index] = fix_text(agencies[place.index], finding, names)
            changes["agencies"] = tuple(agencies)
        updated = replace(record, **changes)
        if updated == record:
            return False
        self._reviews.update_record(document.id, updated)
        return True

    # --- exporting for publication ------------------------------------------------------------

    def record_override(
        self, review_id: int, report: PublicationReport, fmt: ExportFormat, reason: str
    ) -> None:
        """Record a deliberate decision to publish despite the findings: who, when, the
        format, how many of each kind, and the reason given (never the findings' text)."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError(
                "Please say briefly why this document can be published with these details "
                "(for example, 'dates agreed with the family').",
                {"reason": "Required."},
            )
        if len(reason) > MAX_REASON:
            raise ValidationError(f"Please keep the reason to {MAX_REASON} characters.")
        with self._store.write() as session:
            row = queries.get_review_row(session, review_id)
            counts = {kind.value: n for kind, n in report.by_kind().items()}
            self._audit.record(
                session,
                "publication.overridden",
                review_what(row, format=fmt.value, findings=counts, reason=reason),
            )

    def export(
        self,
        review_id: int,
        fmt: ExportFormat,
        output: Path,
        options: ExportOptions | None = None,
        *,
        allow_identifiers: bool = False,
        reason: str = "",
        overwrite: bool = False,
        progress: Callable[[int, str], None] | None = None,
    ) -> tuple[Path, PublicationReport]:
        """Export a document meant for publication: dates of the case record as month and
        year, and only when the check finds nothing, or the person has deliberately allowed
        identifiers (recorded in the audit trail with ``reason``)."""
        check_destination(output, overwrite=overwrite)
        options = replace(
            options or self._exports.default_options(review_id, fmt), publication=True
        )
        report, data = self._inspect(review_id, options, fmt, progress)
        if not report.clear:
            if not allow_identifiers:
                raise IdentifiersFoundError(
                    f"This document is meant for publication, but {report.summary()}. "
                    "Nothing has been written.",
                    report,
                )
            self.record_override(
                review_id, report, fmt, reason or "identifiers allowed on the command line"
            )
        written = self._exports.write(
            review_id, fmt, output, data, overwrite=overwrite, publication=True
        )
        return written, report
